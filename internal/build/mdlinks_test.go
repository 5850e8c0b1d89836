package build

import (
	"bytes"
	"strings"
	"testing"

	"folio/internal/segment"
)

// FuzzRetarget: retargeting never panics, changes nothing without a
// moved anchor, and otherwise changes only fragments (the text without
// its "#…" runs is the same).
func FuzzRetarget(f *testing.F) {
	f.Add("See [a](#usage), [b](<#Usage>) and `[c](#usage)`.\n[d]: #usage\n```\n[d]: #usage\n```\n")
	f.Add("]( #usage \"t\")\\](#usage)``` ](#usage")
	f.Fuzz(func(t *testing.T, s string) {
		b := []byte(s)
		defs := []segment.Definition{{Label: "d", Destination: "#usage"}}
		if got := retargetInline(nil, b, nil); !bytes.Equal(got, b) {
			t.Fatalf("retargetInline without moves changed %q to %q", b, got)
		}
		if got := retargetDefinitions(nil, b, defs, nil); !bytes.Equal(got, b) {
			t.Fatalf("retargetDefinitions without moves changed %q to %q", b, got)
		}
		moves := map[string]string{"usage": "utilisation"}
		strip := func(s string) string { return strings.ToLower(strings.ReplaceAll(s, "utilisation", "usage")) }
		for _, got := range [][]byte{retargetInline(nil, b, moves), retargetDefinitions(nil, b, defs, moves)} {
			if strip(string(got)) != strip(s) {
				t.Fatalf("retargeting %q gave %q: more than a fragment changed", s, got)
			}
		}
	})
}
