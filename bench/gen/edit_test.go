package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// editProject edits 5 % of the paragraphs, rounded, and at least one: a
// set of a few short documents still gets a 5 %-edit run.
func TestEditProjectCount(t *testing.T) {
	for _, tc := range []struct{ paras, want int }{{0, 0}, {1, 1}, {8, 1}, {40, 2}, {100, 5}} {
		dir := t.TempDir()
		if err := os.MkdirAll(filepath.Join(dir, "source"), 0o755); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		b.WriteString("# Title\n\n```\nCode that looks like Prose\n```\n")
		for i := range tc.paras {
			b.WriteString("\nParagraph " + strings.Repeat("x", i) + ".\n")
		}
		path := filepath.Join(dir, "source", "doc.md")
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		n, total, err := editProject(dir, 1, 5)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(path)
		if n != tc.want || total != tc.paras || strings.Count(string(data), editSuffix) != tc.want {
			t.Errorf("%d paragraphs: edited %d of %d (%d in the file), want %d of %d",
				tc.paras, n, total, strings.Count(string(data), editSuffix), tc.want, tc.paras)
		}
	}
}
