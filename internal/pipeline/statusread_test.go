package pipeline

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"folio/internal/project"
	"folio/internal/state"
)

// sameRead holds readStatusFile to state.ReadFile, the reader it replaces
// for status: the same bytes, or an error of the same kind (missing, or
// does not load).
func sameRead(t testing.TB, p *project.Project, rel string) {
	t.Helper()
	want, wantErr := state.ReadFile(p, rel)
	f := readStatusFile(p, rel, nil)
	defer f.release()
	switch {
	case (f.err == nil) != (wantErr == nil):
		t.Errorf("%s: readStatusFile error %v, state.ReadFile error %v", rel, f.err, wantErr)
	case f.err != nil && f.missing() != errors.Is(wantErr, fs.ErrNotExist):
		t.Errorf("%s: readStatusFile missing %v (%v), state.ReadFile %v", rel, f.missing(), f.err, wantErr)
	case f.err == nil && !bytes.Equal(f.data, want):
		t.Errorf("%s: readStatusFile read %d bytes, state.ReadFile %d", rel, len(f.data), len(want))
	case f.err == nil && f.hash != contentHash(want):
		t.Errorf("%s: hash %s", rel, f.hash)
	case f.err != nil && f.hash != "-":
		t.Errorf("%s: hash %s for a file that does not load", rel, f.hash)
	}
}

// readStatusFile reads what state.ReadFile reads, and refuses what it
// refuses: every file of the repository's project and of ../shared/corpus
// (as documents, so that their UTF-8 is checked), and missing files,
// folders, a FIFO, symbolic links out of the project and to nothing,
// documents with invalid UTF-8 or a NUL byte, a file over the size limit.
func TestReadStatusFileAsState(t *testing.T) {
	dir := copyProject(t)
	if corpus, err := filepath.Abs("../../../shared/corpus"); err == nil {
		os.CopyFS(filepath.Join(dir, "source/corpus"), os.DirFS(corpus))
	}
	p, err := project.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, path)
			sameRead(t, p, filepath.ToSlash(rel))
			n++
		}
		return nil
	})
	if n < 20 {
		t.Fatalf("only %d files read", n)
	}
	write := func(rel, data string) {
		os.MkdirAll(filepath.Dir(p.Abs(rel)), 0o755)
		if err := os.WriteFile(p.Abs(rel), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("source/bad.md", "# Title\n\nbad \xff byte\n")
	write("source/nul.md", "# Title\x00\n")
	write("source/replacement.md", "# \uFFFD is fine\n")
	write("locales/bad/fr.toml", "\xff\x00 is no document: read as it is\n")
	os.Mkdir(p.Abs("locales/cyberspace/folder.toml"), 0o755)
	os.Symlink(filepath.Join(t.TempDir(), "x.toml"), p.Abs("locales/cyberspace/nowhere.toml"))
	outside := filepath.Join(t.TempDir(), "out.toml")
	os.WriteFile(outside, []byte("a = \"b\"\n"), 0o644)
	os.Symlink(outside, p.Abs("locales/cyberspace/outside.toml"))
	os.Symlink(p.Abs("locales/cyberspace/fr.toml"), p.Abs("locales/cyberspace/inside.toml"))
	if err := syscall.Mkfifo(p.Abs("locales/cyberspace/fifo.toml"), 0o644); err != nil {
		t.Log("no FIFO:", err)
	}
	big, err := os.Create(p.Abs("locales/cyberspace/big.toml"))
	if err == nil {
		big.Truncate(project.MaxFileSize + 1)
		big.Close()
	}
	write("locales/file", "not a folder")
	for _, rel := range []string{
		"source/bad.md", "source/nul.md", "source/replacement.md", "locales/bad/fr.toml",
		"locales/cyberspace/folder.toml", "locales/cyberspace/nowhere.toml",
		"locales/cyberspace/outside.toml", "locales/cyberspace/inside.toml",
		"locales/cyberspace/fifo.toml", "locales/cyberspace/big.toml",
		"locales/missing/fr.toml", "locales/cyberspace/obsolete/fr.toml",
		"locales/file/fr.toml", "../outside.toml",
	} {
		sameRead(t, p, rel)
	}
}

// FuzzReadStatusFile holds readStatusFile to state.ReadFile on any
// document contents (go test -fuzz FuzzReadStatusFile ./internal/pipeline).
func FuzzReadStatusFile(f *testing.F) {
	for _, s := range []string{"", "# a\n", "\xff", "a\x00b", "\uFFFD", "\xed\xa0\x80", "é\n" + strings.Repeat("x", 70000)} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	os.MkdirAll(filepath.Join(dir, "source"), 0o755)
	os.WriteFile(filepath.Join(dir, "folio.toml"), []byte("source_language = \"en\"\nlocales = [\"fr\"]\n"), 0o644)
	p, err := project.Load(dir)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(p.Abs("source/doc.md"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		sameRead(t, p, "source/doc.md")
	})
}
