package state

import (
	"path/filepath"
	"strings"
	"testing"
)

// lexicallyInsideByRel is lexicallyInside without its shortcut.
func lexicallyInsideByRel(root, abs string) bool {
	r, err := filepath.Rel(root, abs)
	return err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator))
}

// every returns every string of up to n characters over alphabet.
func every(alphabet string, n int) []string {
	out, level := []string{""}, []string{""}
	for range n {
		var next []string
		for _, p := range level {
			for _, c := range alphabet {
				next = append(next, p+string(c))
			}
		}
		out = append(out, next...)
		level = next
	}
	return out
}

// The shortcuts of lexicallyInside and dirOf answer as filepath does, for
// every path of up to six characters under roots clean and not.
func TestPathShortcutsExhaustive(t *testing.T) {
	for _, root := range []string{"/r", "/r/", "/r/../s", "/", "/r/a"} {
		for _, tail := range every("a./", 6) {
			abs := root + tail
			if got, want := lexicallyInside(root, abs), lexicallyInsideByRel(root, abs); got != want {
				t.Fatalf("lexicallyInside(%q, %q) = %v, want %v", root, abs, got, want)
			}
			if !filepath.IsAbs(abs) {
				continue
			}
			if got, want := dirOf(abs), filepath.Dir(abs); got != want {
				t.Fatalf("dirOf(%q) = %q, want %q", abs, got, want)
			}
		}
	}
}
