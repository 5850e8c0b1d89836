package pipeline

import (
	"maps"
	"os"
	"path/filepath"
	"testing"

	"folio/internal/project"
	"folio/internal/state"
)

// A build after extract, in a new process, reads every document's
// segments from the cache extract wrote and builds the same editions as
// with no cache; a document that changed, and a cache file that is
// damaged, are segmented again.
func TestSegmentCacheServesBuild(t *testing.T) {
	dir := copyProject(t)
	load := func() *project.Project {
		p := loadProject(t, dir)
		state.ForgetCaches(p) // as a new process finds it
		return p
	}
	build := func(out string) (made, read int64) {
		t.Helper()
		p := load()
		m0, r0 := state.SegmentCounts()
		res, err := Build(p, BuildOptions{Formats: []string{"md", "html"}, Out: filepath.Join(dir, out)})
		if err != nil || len(res.Skipped) > 0 {
			t.Fatal(err, res.Skipped)
		}
		m1, r1 := state.SegmentCounts()
		return m1 - m0, r1 - r0
	}
	cache := filepath.Join(dir, state.SegmentCachePath)
	if _, err := Extract(load()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(cache); err != nil {
		t.Fatalf("extract wrote no segment cache: %v", err)
	}
	docs := int64(len(load().Documents))
	if made, read := build("out-cached"); made != 0 || read != docs {
		t.Fatalf("build after extract segmented %d documents and read %d from the cache, want 0 and %d", made, read, docs)
	}
	if err := os.Remove(cache); err != nil {
		t.Fatal(err)
	}
	if made, read := build("out-fresh"); made != docs || read != 0 {
		t.Fatalf("build without a cache segmented %d and read %d, want %d and 0", made, read, docs)
	}
	sameTree(t, filepath.Join(dir, "out-cached"), filepath.Join(dir, "out-fresh"))

	// The build just wrote the cache again; damage one byte of it.
	data, err := os.ReadFile(cache)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/2] ^= 0x20
	if err := os.WriteFile(cache, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if made, read := build("out-damaged"); made != docs || read != 0 {
		t.Fatalf("build with a damaged cache segmented %d and read %d, want %d and 0", made, read, docs)
	}
	sameTree(t, filepath.Join(dir, "out-damaged"), filepath.Join(dir, "out-fresh"))

	// A source that changed is segmented again (its key is its bytes).
	p := load()
	src := p.Abs(p.Documents[0].Path)
	text, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(src, append(text, "\nA new closing paragraph.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if made, read := build("out-edited"); made != 1 || read != docs-1 {
		t.Fatalf("build after one source changed segmented %d and read %d, want 1 and %d", made, read, docs-1)
	}
}

// sameTree fails unless two folders hold the same files with the same
// bytes.
func sameTree(t *testing.T, a, b string) {
	t.Helper()
	ta, tb := tree(t, a), tree(t, b)
	if len(ta) == 0 || !maps.Equal(ta, tb) {
		t.Fatalf("%s (%d files) and %s (%d files) differ", a, len(ta), b, len(tb))
	}
}
