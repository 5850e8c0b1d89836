package fsutil

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// A write that fails leaves what was there and no temporary file; an
// unchanged write does not touch the file.
func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a", "edition.html")
	if changed, err := WriteFile(path, []byte("one")); err != nil || !changed {
		t.Fatalf("first write: %v, %v", changed, err)
	}
	past := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	if err := os.Chtimes(path, past, past); err != nil {
		t.Fatal(err)
	}
	if changed, err := WriteFile(path, []byte("one")); err != nil || changed {
		t.Fatalf("same content: changed %v, %v", changed, err)
	}
	if fi, _ := os.Stat(path); !fi.ModTime().Equal(past) {
		t.Errorf("same content rewrote the file")
	}
	// A directory in the way: the rename fails.
	blocked := filepath.Join(dir, "a", "blocked")
	if err := os.MkdirAll(filepath.Join(blocked, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := WriteFile(blocked, []byte("two")); err == nil {
		t.Errorf("writing over a directory succeeded")
	}
	if data, _ := os.ReadFile(path); string(data) != "one" {
		t.Errorf("previous file holds %q", data)
	}
	left, _ := filepath.Glob(filepath.Join(dir, "a", ".folio-*.tmp"))
	if len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

// A lock released cleanly leaves no record; one whose holder was killed
// (never released) does, and the next holder sees it as unfinished.
func TestLockUnfinished(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".folio", "lock")
	l, err := Acquire(path, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if l.Unfinished() {
		t.Fatal("a new lock file reads as left by an unfinished run")
	}
	l.Describe("folio extract, pid 1")
	l.Release()
	l, err = Acquire(path, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if l.Unfinished() {
		t.Fatal("a released lock reads as left by an unfinished run")
	}
	l.Describe("folio build, pid 2")
	// Killed: the file is closed (by the kernel) without Release.
	l.f.Close()
	l, err = Acquire(path, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	if !l.Unfinished() {
		t.Fatal("the lock of a run that never released it does not read as unfinished")
	}
}

// WriteOutputStamp gives the Stamp StampOf then reads, whether it wrote
// the file or found it holding the data already.
func TestWriteOutputStamp(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out", "edition.md")
	_, st, err := WriteOutputStamp(path, []byte("first"))
	if err != nil || st == (Stamp{}) || st.Size != 5 || st != StampOf(path) {
		t.Fatalf("written: %+v (StampOf %+v), %v", st, StampOf(path), err)
	}
	past := time.Date(2001, 2, 3, 4, 5, 6, 7, time.UTC)
	if err := os.Chtimes(path, past, past); err != nil {
		t.Fatal(err)
	}
	changed, st, err := WriteOutputStamp(path, []byte("first"))
	if err != nil || changed || st != (Stamp{Size: 5, Mtime: past.UnixNano()}) {
		t.Fatalf("unchanged: %v %+v, %v", changed, st, err)
	}
	if StampOf(filepath.Dir(path)) != (Stamp{}) || StampOf(path+".none") != (Stamp{}) {
		t.Error("a folder or a missing file has a Stamp")
	}
	link := path + ".link"
	if err := os.Symlink(path, link); err == nil && StampOf(link) != (Stamp{}) {
		t.Error("StampOf followed a symbolic link")
	}
}

// A file is left alone only when it holds the same bytes: a file of the
// same size that differs anywhere (within the first read, past it, in its
// last byte) is rewritten, and so is a longer or shorter one.
func TestWriteOutputComparesEveryByte(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "edition.md")
	big := make([]byte, 200<<10) // over three of holds's reads
	for i := range big {
		big[i] = byte('a' + i%26)
	}
	flip := func(i int) []byte {
		b := append([]byte(nil), big...)
		b[i] ^= 1
		return b
	}
	for _, c := range []struct {
		name     string
		old, new []byte
		changed  bool
	}{
		{"same", big, big, false},
		{"empty", []byte{}, []byte{}, false},
		{"first byte", big, flip(0), true},
		{"second read", big, flip(70 << 10), true},
		{"last byte", big, flip(len(big) - 1), true},
		{"longer", big[:len(big)-1], big, true},
		{"shorter", big, big[:len(big)-1], true},
	} {
		if err := os.WriteFile(path, c.old, 0o644); err != nil {
			t.Fatal(err)
		}
		changed, st, err := WriteOutputStamp(path, c.new)
		if err != nil || changed != c.changed {
			t.Errorf("%s: changed %v (%v), want %v", c.name, changed, err, c.changed)
		}
		if data, _ := os.ReadFile(path); string(data) != string(c.new) {
			t.Errorf("%s: the file does not hold what was written", c.name)
		}
		if want := StampOf(path); st != want {
			t.Errorf("%s: stamp %+v, the file's %+v", c.name, st, want)
		}
	}
}
