package main

import (
	"bytes"
	"encoding/json"
	"testing"

	"folio/internal/check"
)

// writeCheckJSON writes what json.MarshalIndent writes, for no, one and
// several diagnostics with every kind of character a message can hold.
func TestWriteCheckJSONMatchesMarshalIndent(t *testing.T) {
	texts := []string{"", "plain", "quote \" backslash \\ slash /", "<script>&amp;</script>", "tab\tnl\ncr\rbell\a\x00\x1f\x7f",
		"é “quoted” 中文 العربية", "\u2028\u2029", "invalid \xff\xfe utf-8", "emoji 😀", "«\u00a0oui\u00a0»"}
	var all []check.Diagnostic
	for i, s := range texts {
		all = append(all, check.Diagnostic{File: "locales/a/" + s + ".toml", Line: i, Column: -i, Severity: check.Warning, Check: s, Locale: s, ID: s, Message: s})
	}
	for _, diags := range [][]check.Diagnostic{nil, all[:1], all} {
		want := diags
		if want == nil {
			want = []check.Diagnostic{}
		}
		out, err := json.MarshalIndent(map[string]any{"errors": len(diags), "warnings": 7, "diagnostics": want}, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, '\n')
		var got bytes.Buffer
		if err := writeCheckJSON(&got, len(diags), 7, diags); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), out) {
			t.Fatalf("writeCheckJSON:\n%s\nwant:\n%s", got.Bytes(), out)
		}
	}
}
