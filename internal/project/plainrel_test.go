package project

import (
	"path"
	"path/filepath"
	"strings"
	"testing"
)

// paths returns every string of up to n characters over alphabet.
func paths(alphabet string, n int) []string {
	out := []string{""}
	level := []string{""}
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

// PlainRel holds exactly for the relative paths cleaning leaves alone and
// that do not climb: every path of up to seven characters over "a./".
func TestPlainRelExhaustive(t *testing.T) {
	n := 0
	for _, r := range paths("a./", 7) {
		want := r != "" && r != "." && path.Clean(r) == r && !path.IsAbs(r) && r != ".." && !strings.HasPrefix(r, "../")
		if got := PlainRel(r); got != want {
			t.Fatalf("PlainRel(%q) = %v, want %v", r, got, want)
		}
		if want {
			n++
		}
	}
	if n < 100 {
		t.Fatalf("only %d plain paths among the inputs; the test no longer covers them", n)
	}
}

// Abs joins without cleaning only where the result is what filepath.Join
// gives: for every path of up to seven characters, under a clean root and
// under one that is not.
func TestAbsAsJoin(t *testing.T) {
	for _, root := range []string{"/p/r", "/p/r/../q", "/"} {
		p := &Project{Root: root, cleanRoot: filepath.Clean(root) == root}
		for _, r := range paths("a./", 7) {
			if got, want := p.Abs(r), filepath.Join(root, filepath.FromSlash(r)); got != want {
				t.Fatalf("root %q: Abs(%q) = %q, want %q", root, r, got, want)
			}
		}
	}
}

// lexicallyInsideByRel is LexicallyInside without its shortcut.
func lexicallyInsideByRel(root, abs string) bool {
	r, err := filepath.Rel(root, abs)
	return err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator))
}

// The shortcuts of LexicallyInside and DirOf answer as filepath does, for
// every path of up to six characters under roots clean and not.
func TestPathShortcutsExhaustive(t *testing.T) {
	for _, root := range []string{"/r", "/r/", "/r/../s", "/", "/r/a"} {
		for _, tail := range paths("a./", 6) {
			abs := root + tail
			if got, want := LexicallyInside(root, abs), lexicallyInsideByRel(root, abs); got != want {
				t.Fatalf("LexicallyInside(%q, %q) = %v, want %v", root, abs, got, want)
			}
			if !filepath.IsAbs(abs) {
				continue
			}
			if got, want := DirOf(abs), filepath.Dir(abs); got != want {
				t.Fatalf("DirOf(%q) = %q, want %q", abs, got, want)
			}
		}
	}
}
