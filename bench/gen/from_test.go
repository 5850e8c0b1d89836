package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A symbolic link in the folder is left out of the set, and gen says so
// (compare.sh's report lists what gen left out): it was skipped without a
// word, and copied it would count its document twice.
func TestFromFolderNamesTheLinksItLeavesOut(t *testing.T) {
	src := t.TempDir()
	os.WriteFile(filepath.Join(src, "guide.md"), []byte("# Guide\n\nText.\n"), 0o644)
	if err := os.Symlink("guide.md", filepath.Join(src, "README.md")); err != nil {
		t.Fatal(err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr := os.Stderr
	os.Stderr = w
	dir := filepath.Join(t.TempDir(), "set")
	err = fromFolder(dir, src, 1, []string{"fr"}, false)
	w.Close()
	os.Stderr = stderr
	msg, _ := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(msg), "README.md left out: a symbolic link") {
		t.Errorf("gen said %q, not that it left README.md out", msg)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "source"))
	if len(entries) != 1 || entries[0].Name() != "guide.md" {
		t.Errorf("the set's sources are %v, want guide.md alone", entries)
	}
}
