package fsutil

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// withSpares takes a lock in a fresh folder and turns the spare pool on,
// in that folder's "spare"; the lock is released when the test ends.
func withSpares(t *testing.T) (dir, spareDir string, l *Lock) {
	t.Helper()
	if !canExchange {
		t.Skip("no spare files on this system")
	}
	testAnyFS = true
	t.Cleanup(func() { testAnyFS = false })
	dir = t.TempDir()
	l, err := Acquire(filepath.Join(dir, "lock"), 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	spareDir = filepath.Join(dir, "spare")
	l.Spares(spareDir)
	if spares.Load() == nil {
		t.Fatal("Spares did not turn the pool on")
	}
	t.Cleanup(l.Release)
	return dir, spareDir, l
}

func inode(t *testing.T, path string) uint64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Sys().(*syscall.Stat_t).Ino
}

// spareInodes lists the inodes of the files in the spare folder.
func spareInodes(t *testing.T, spareDir string) []uint64 {
	t.Helper()
	entries, _ := os.ReadDir(spareDir)
	var inos []uint64
	for _, e := range entries {
		inos = append(inos, inode(t, filepath.Join(spareDir, e.Name())))
	}
	return inos
}

// mustWrite writes data to path, failing the test when it cannot.
func mustWrite(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func readAll(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// A replaced file is kept, emptied, as a spare, and the next file written
// is that file: no inode freed, none allocated.
func TestSparesKeptAndReused(t *testing.T) {
	dir, spareDir, _ := withSpares(t)
	a := filepath.Join(dir, "out", "a.md")
	if _, err := WriteOutput(a, []byte("one")); err != nil {
		t.Fatal(err)
	}
	first := inode(t, a)
	if got := spareInodes(t, spareDir); len(got) != 0 {
		t.Fatalf("a new file left spares %v", got)
	}
	if _, err := WriteFile(a, []byte("two")); err != nil {
		t.Fatal(err)
	}
	if got := readAll(t, a); got != "two" {
		t.Fatalf("a.md holds %q, want %q", got, "two")
	}
	if got := spareInodes(t, spareDir); len(got) != 1 || got[0] != first {
		t.Fatalf("spares %v after replacing inode %d, want that one", got, first)
	}
	// The next file written, through a batch, is the spare.
	b := filepath.Join(dir, "out", "sub", "b.md")
	batch := NewBatch()
	if _, err := batch.Write("", b, []byte("three")); err != nil {
		t.Fatal(err)
	}
	if failed := batch.Commit(); failed != nil {
		t.Fatal(failed)
	}
	if got := readAll(t, b); got != "three" {
		t.Fatalf("b.md holds %q", got)
	}
	if ino := inode(t, b); ino != first {
		t.Errorf("b.md is inode %d, want the spare %d", ino, first)
	}
	if fi, _ := os.Stat(b); fi.Mode().Perm() != 0o644 {
		t.Errorf("b.md has mode %v, want 0644", fi.Mode().Perm())
	}
	if got := spareInodes(t, spareDir); len(got) != 0 {
		t.Errorf("spares %v left after the spare was used", got)
	}
	if left := temps(t, dir); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// A file with another name (a hard-linked deployed copy), or that a
// process has open, is not kept: the other name and the reader still see
// the old content.
func TestSparesNotTakenFromOthers(t *testing.T) {
	dir, spareDir, _ := withSpares(t)
	linked := filepath.Join(dir, "linked.md")
	deployed := filepath.Join(dir, "deployed.md")
	mustWrite(t, linked, []byte("old linked"))
	if err := os.Link(linked, deployed); err != nil {
		t.Skip("no hard links here:", err)
	}
	open := filepath.Join(dir, "open.md")
	mustWrite(t, open, []byte("old open"))
	reader, err := os.Open(open)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	if _, err := WriteOutput(linked, []byte("new linked")); err != nil {
		t.Fatal(err)
	}
	if _, err := WriteOutput(open, []byte("new open")); err != nil {
		t.Fatal(err)
	}
	if got := readAll(t, deployed); got != "old linked" {
		t.Errorf("the other name holds %q, want the old content", got)
	}
	if got, err := io.ReadAll(reader); err != nil || string(got) != "old open" {
		t.Errorf("the reader read %q, %v; want the old content", got, err)
	}
	for path, want := range map[string]string{linked: "new linked", open: "new open"} {
		if got := readAll(t, path); got != want {
			t.Errorf("%s holds %q, want %q", path, got, want)
		}
	}
	if got := spareInodes(t, spareDir); len(got) != 0 {
		t.Errorf("spares %v kept from files others use", got)
	}
	if left := temps(t, dir); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// A spare someone linked elsewhere since it was kept is not written, nor
// is a file in the folder that Folio did not name.
func TestSparesCheckedWhenTaken(t *testing.T) {
	dir, spareDir, _ := withSpares(t)
	if err := os.MkdirAll(spareDir, 0o755); err != nil {
		t.Fatal(err)
	}
	stranger := filepath.Join(spareDir, "stranger")
	mustWrite(t, stranger, []byte("not a spare"))
	linked := filepath.Join(spareDir, "3.linked")
	mustWrite(t, linked, []byte("old"))
	other := filepath.Join(dir, "other")
	if err := os.Link(linked, other); err != nil {
		t.Skip("no hard links here:", err)
	}
	var taken []string
	testSpares = func(path string, take bool) {
		if take {
			taken = append(taken, path)
		}
	}
	defer func() { testSpares = nil }()
	for i := range 2 {
		p := filepath.Join(dir, fmt.Sprintf("f%d.md", i))
		if _, err := WriteOutput(p, []byte("new")); err != nil {
			t.Fatal(err)
		}
		if got := readAll(t, p); got != "new" {
			t.Errorf("%s holds %q", p, got)
		}
	}
	if len(taken) > 0 {
		t.Errorf("spares taken: %v", taken)
	}
	if got := readAll(t, other); got != "old" {
		t.Errorf("the linked spare's other name holds %q", got)
	}
	if got := readAll(t, stranger); got != "not a spare" {
		t.Errorf("the stranger holds %q", got)
	}
	if left := temps(t, dir); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// A spare is written over only by a file of no fewer blocks (truncating
// to fewer would free blocks), the largest such; a file written over a
// longer spare of as many blocks is cut to its own length.
func TestSparesBySize(t *testing.T) {
	dir, spareDir, _ := withSpares(t)
	// Spares of 3, 5000 and 20000 bytes (1, 2 and 5 blocks).
	sizes := []int{3, 5000, 20000}
	inos := map[int]uint64{}
	b := NewBatch()
	for _, n := range sizes {
		p := filepath.Join(dir, fmt.Sprintf("old%d", n))
		if _, err := WriteOutput(p, bytes.Repeat([]byte("o"), n)); err != nil {
			t.Fatal(err)
		}
		inos[n] = inode(t, p)
		// Replaced together: no spare yet when the new files are made.
		if _, err := b.Write("", p, []byte("replaced")); err != nil {
			t.Fatal(err)
		}
	}
	if failed := b.Commit(); failed != nil {
		t.Fatal(failed)
	}
	if got := spareInodes(t, spareDir); len(got) != 3 {
		t.Fatalf("%d spares, want 3", len(got))
	}
	for _, c := range []struct {
		size  int
		spare int // the spare taken, 0 for a new file
	}{
		{6000, 5000},   // two blocks: the 5000-byte spare, not the larger
		{4097, 3},      // two blocks; the two-block spare is gone, 20000 has five
		{100, 0},       // one block, and the one-block spare is gone
		{30000, 20000}, // eight blocks
	} {
		p := filepath.Join(dir, fmt.Sprintf("new%d", c.size))
		data := bytes.Repeat([]byte("n"), c.size)
		if _, err := WriteOutput(p, data); err != nil {
			t.Fatal(err)
		}
		if got := readAll(t, p); got != string(data) {
			t.Errorf("%s holds %d bytes, want %d", p, len(got), c.size)
		}
		ino := inode(t, p)
		if c.spare != 0 && ino != inos[c.spare] {
			t.Errorf("a %d-byte file is not the %d-byte spare", c.size, c.spare)
		}
		for n, sp := range inos {
			if c.spare == 0 && ino == sp {
				t.Errorf("a %d-byte file is the %d-byte spare", c.size, n)
			}
		}
	}
	// A shorter file over a spare of as many blocks.
	p := filepath.Join(dir, "long")
	if _, err := WriteOutput(p, bytes.Repeat([]byte("l"), 4000)); err != nil {
		t.Fatal(err)
	}
	if _, err := WriteOutput(p, []byte("x")); err != nil {
		t.Fatal(err)
	}
	q := filepath.Join(dir, "short")
	if _, err := WriteOutput(q, []byte("short")); err != nil {
		t.Fatal(err)
	}
	if got := readAll(t, q); got != "short" {
		t.Errorf("written over a 4000-byte spare, the file holds %d bytes %.10q…", len(got), got)
	}
}

// Release turns the pool off: a replaced file is freed again.
func TestSparesStopWithTheLock(t *testing.T) {
	dir, spareDir, l := withSpares(t)
	a := filepath.Join(dir, "a.md")
	for _, data := range []string{"one", "two"} {
		if _, err := WriteOutput(a, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if got := spareInodes(t, spareDir); len(got) != 1 {
		t.Fatalf("%d spares while the lock is held, want 1", len(got))
	}
	l.Release()
	if _, err := WriteOutput(filepath.Join(dir, "b.md"), []byte("b")); err != nil {
		t.Fatal(err)
	}
	if _, err := WriteOutput(a, []byte("three")); err != nil {
		t.Fatal(err)
	}
	if got := spareInodes(t, spareDir); len(got) != 1 {
		t.Errorf("%d spares after Release, want the 1 kept before", len(got))
	}
}

// Many files replaced at once through a batch, its groups committed on
// several goroutines: every file holds its new content and every old one
// is a spare (go test -race).
func TestSparesInABatch(t *testing.T) {
	dir, spareDir, _ := withSpares(t)
	const n = 40
	path := func(i int) string { return filepath.Join(dir, fmt.Sprintf("g%d", i%4), fmt.Sprintf("%d.toml", i)) }
	for round := range 3 {
		b := NewBatch()
		for i := range n {
			if _, err := b.Write(fmt.Sprint(i%4), path(i), []byte(fmt.Sprintf("round %d file %d", round, i))); err != nil {
				t.Fatal(err)
			}
		}
		if failed := b.Commit(); failed != nil {
			t.Fatal(failed)
		}
		for i := range n {
			if got, want := readAll(t, path(i)), fmt.Sprintf("round %d file %d", round, i); got != want {
				t.Fatalf("round %d: %s holds %q", round, path(i), got)
			}
		}
		want := n
		if round == 0 {
			want = 0
		}
		if got := spareInodes(t, spareDir); len(got) != want {
			t.Errorf("round %d: %d spares, want %d", round, len(got), want)
		}
	}
}

// The spare folder is bounded in files, bytes and file size: a replaced
// file it has no room for is freed, as without spares.
func TestSparesBounded(t *testing.T) {
	dir, spareDir, _ := withSpares(t)
	defer func(n int, b, z int64) { maxSpares, maxSpareBytes, maxSpareSize = n, b, z }(maxSpares, maxSpareBytes, maxSpareSize)
	for _, c := range []struct {
		name  string
		files int
		bytes int64
		size  int64
		want  int
	}{
		{"files", 2, 1 << 20, 1 << 20, 2},
		{"bytes", 100, 250, 1 << 20, 2},
		{"size", 100, 1 << 20, 99, 0},
	} {
		os.RemoveAll(spareDir)
		l, err := Acquire(filepath.Join(dir, "lock"+c.name), 0, nil)
		if err != nil {
			t.Fatal(err)
		}
		maxSpares, maxSpareBytes, maxSpareSize = c.files, c.bytes, c.size
		l.Spares(spareDir)
		b := NewBatch()
		var paths []string
		for i := range 3 {
			p := filepath.Join(dir, c.name, fmt.Sprint(i))
			paths = append(paths, p)
			if _, err := WriteOutput(p, bytes.Repeat([]byte("o"), 100)); err != nil {
				t.Fatal(err)
			}
			if _, err := b.Write("", p, []byte("new")); err != nil {
				t.Fatal(err)
			}
		}
		if failed := b.Commit(); failed != nil {
			t.Fatal(failed)
		}
		for _, p := range paths {
			if got := readAll(t, p); got != "new" {
				t.Errorf("%s: %s holds %q", c.name, p, got)
			}
		}
		if got := spareInodes(t, spareDir); len(got) != c.want {
			t.Errorf("bounded by %s: %d spares, want %d", c.name, len(got), c.want)
		}
		if left := temps(t, dir); len(left) > 0 {
			t.Errorf("%s: temporary files left: %v", c.name, left)
		}
		l.Release()
	}
}
