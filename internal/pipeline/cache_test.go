package pipeline

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"folio/internal/check"
	"folio/internal/fsutil"
	"folio/internal/project"
	"folio/internal/state"
)

// buildCounting builds and returns what it wrote and how many editions it
// worked on (as the progress callback reports them).
func buildCounting(t *testing.T, dir string, formats []string) ([]string, int) {
	t.Helper()
	p, err := project.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	res, err := Build(p, BuildOptions{Formats: formats, Progress: func(done, n int) { total = n }})
	if err != nil || len(res.Skipped) > 0 {
		t.Fatal(err, res.Skipped)
	}
	return res.Written, total
}

func TestBuildCacheRedoesOnlyChangedEditions(t *testing.T) {
	dir := copyProject(t)
	formats := []string{"md", "html"}
	written, n := buildCounting(t, dir, formats)
	editions := 0
	for _, w := range written {
		if !strings.HasPrefix(w, "output/badges/") && w != "output/status.html" {
			editions++
		}
	}
	if n != 6 || editions != 12 {
		t.Fatalf("first build: %d editions, wrote %d files", n, len(written))
	}
	if written, n = buildCounting(t, dir, formats); n != 0 || len(written) != 0 {
		t.Fatalf("unchanged build: %d editions, wrote %v", n, written)
	}
	// One locale's catalog changes (a comment: same editions, new bytes).
	fr := filepath.Join(dir, "locales/cyberspace/fr.toml")
	data, err := os.ReadFile(fr)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(fr, append(data, "# edited\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if written, n = buildCounting(t, dir, formats); n != 1 || len(written) != 0 {
		t.Fatalf("after one catalog changed: %d editions (want 1), wrote %v", n, written)
	}
	// An output file changed by hand is made again.
	es := filepath.Join(dir, "output/es/cyberspace.md")
	if err := os.WriteFile(es, []byte("tampered"), 0o644); err != nil {
		t.Fatal(err)
	}
	if written, n = buildCounting(t, dir, formats); n != 1 || !slices.Equal(written, []string{"output/es/cyberspace.md"}) {
		t.Fatalf("after an output changed: %d editions, wrote %v", n, written)
	}
	// A format not built before is built; the others stay cached.
	if written, n = buildCounting(t, dir, []string{"md", "txt"}); n != 6 || len(written) != 6 {
		t.Fatalf("new format: %d editions, wrote %d files", n, len(written))
	}
	// Without the cache everything is redone, and nothing differs.
	if err := os.RemoveAll(filepath.Join(dir, ".folio/cache")); err != nil {
		t.Fatal(err)
	}
	if written, n = buildCounting(t, dir, formats); n != 6 || len(written) != 0 {
		t.Fatalf("without cache: %d editions, wrote %v", n, written)
	}
}

// A copy of a project (cp -a, a CI cache, a second checkout) checks its
// own outputs, not those of the project it was copied from: an output
// removed from the copy is made again there, and one tampered with in the
// original does not make the copy rebuild.
func TestBuildCacheChecksTheCopysOutputs(t *testing.T) {
	orig := copyProject(t)
	formats := []string{"md"}
	buildCounting(t, orig, formats)
	cp := filepath.Join(t.TempDir(), "copy")
	if out, err := exec.Command("cp", "-a", orig, cp).CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if written, n := buildCounting(t, cp, formats); n != 0 || len(written) != 0 {
		t.Fatalf("the copy, unchanged: %d editions, wrote %v", n, written)
	}
	if err := os.Remove(filepath.Join(cp, "output/fr/cyberspace.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(orig, "output/es/cyberspace.md"), []byte("tampered"), 0o644); err != nil {
		t.Fatal(err)
	}
	if written, n := buildCounting(t, cp, formats); n != 1 || !slices.Equal(written, []string{"output/fr/cyberspace.md"}) {
		t.Fatalf("the copy, one output removed: %d editions, wrote %v", n, written)
	}
}

// An output whose Stamp is the one recorded is not read; one whose Stamp
// differs is read, and its new Stamp recorded when it still holds what
// was written; one changed is made again even when its size is the same.
func TestBuildCacheReadsOutputsByStamp(t *testing.T) {
	dir := copyProject(t)
	formats := []string{"md"}
	buildCounting(t, dir, formats)
	reads := func(what string, want int64) {
		t.Helper()
		outputReads.Store(0)
		if written, n := buildCounting(t, dir, formats); n != 0 || len(written) != 0 {
			t.Fatalf("%s: %d editions, wrote %v", what, n, written)
		}
		if got := outputReads.Load(); got != want {
			t.Errorf("%s: read %d outputs, want %d", what, got, want)
		}
	}
	reads("nothing changed", 0)
	fr := filepath.Join(dir, "output/fr/cyberspace.md")
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(fr, old, old); err != nil {
		t.Fatal(err)
	}
	reads("one output touched", 1)
	reads("its new stamp recorded", 0)
	// The same number of bytes, other bytes: made again.
	data, err := os.ReadFile(fr)
	if err != nil {
		t.Fatal(err)
	}
	tampered := slices.Clone(data)
	tampered[0] ^= 0x20
	if err := os.WriteFile(fr, tampered, 0o644); err != nil {
		t.Fatal(err)
	}
	if written, n := buildCounting(t, dir, formats); n != 1 || !slices.Equal(written, []string{"output/fr/cyberspace.md"}) {
		t.Fatalf("after an output changed, same size: %d editions, wrote %v", n, written)
	}
	if got, _ := os.ReadFile(fr); !slices.Equal(got, data) {
		t.Error("the output changed by hand was not made again")
	}
	// A copy that keeps no times (cp -r) reads every output once.
	cp := filepath.Join(t.TempDir(), "copy")
	if out, err := exec.Command("cp", "-r", dir, cp).CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	outputs := 0
	filepath.WalkDir(filepath.Join(cp, "output"), func(_ string, e fs.DirEntry, _ error) error {
		if e != nil && !e.IsDir() {
			outputs++
		}
		return nil
	})
	dir = cp
	reads("a copy without times", int64(outputs))
	reads("the copy again", 0)
}

// Goroutines that ask for the same file's hash at once share one read.
func TestFileHasherReadsEachFileOnce(t *testing.T) {
	p := loadProject(t, copyProject(t))
	h := newFileHasher(p)
	want := h.hash("source/cyberspace.md")
	h = newFileHasher(p)
	var read atomic.Int64
	testHashed = func(string) { read.Add(1) }
	defer func() { testHashed = nil }()
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got := h.hash("source/cyberspace.md"); got != want {
				t.Errorf("hash = %s, want %s", got, want)
			}
		}()
	}
	wg.Wait()
	if n := read.Load(); n != 1 {
		t.Errorf("16 goroutines read the file %d times, want 1", n)
	}
}

func TestExtractCacheNoticesChanges(t *testing.T) {
	dir := copyProject(t)
	extract := func() []string {
		t.Helper()
		p, err := project.Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Extract(p)
		if err != nil || len(res.Errors) > 0 {
			t.Fatal(err, res.Errors)
		}
		return res.Written
	}
	if w := extract(); len(w) != 0 {
		t.Fatalf("first extract wrote %v", w)
	}
	if _, err := os.Stat(filepath.Join(dir, ".folio/cache/extract.cache")); err != nil {
		t.Fatal(err)
	}
	// A deleted locale catalog is made again although the cache knew the
	// document.
	os.Remove(filepath.Join(dir, "locales/cyberspace/ru.toml"))
	if w := extract(); !slices.Contains(w, "locales/cyberspace/ru.toml") {
		t.Fatalf("deleted catalog not restored: wrote %v", w)
	}
	// An edited source is extracted.
	addParagraph(t, dir)
	if w := extract(); !slices.Contains(w, "locales/cyberspace/en.toml") {
		t.Fatalf("edited source not extracted: wrote %v", w)
	}
	if w := extract(); len(w) != 0 {
		t.Fatalf("extract after extract wrote %v", w)
	}
}

// Build's check skips the checks that can only warn, unless folio.toml
// makes one of them an error; the errors are the same either way.
func TestBuildCheckErrorsOnly(t *testing.T) {
	dir := copyProject(t)
	fr := filepath.Join(dir, "locales/cyberspace/fr.toml")
	data, err := os.ReadFile(fr)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(data), `other = "Construire ensemble`, `other = "Construire  ensemble`, 1)
	if edited == string(data) {
		t.Fatal("fixture: first French title not found")
	}
	if err := os.WriteFile(fr, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	count := func(errorsOnly bool) (errs, warns int) {
		p, err := project.Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		res, _, err := checkWith(p, p.Locales, errorsOnly)
		if err != nil {
			t.Fatal(err)
		}
		return res.Count()
	}
	if e, w := count(false); e != 0 || w != 1 {
		t.Fatalf("full check: %d errors, %d warnings; want the doubled space only", e, w)
	}
	if e, w := count(true); e != 0 || w != 0 {
		t.Fatalf("errors-only check: %d errors, %d warnings", e, w)
	}
	cfg := filepath.Join(dir, "folio.toml")
	toml, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, append(toml, "\n[checks.severity]\nwhitespace = \"error\"\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if e, _ := count(true); e != 1 {
		t.Fatalf("errors-only check with whitespace an error: %d errors, want 1", e)
	}
}

// hashFile reads what os.ReadFile reads, whatever the size against its
// reused buffers, and refuses what is not a regular file.
func TestHashFile(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []int{0, 1, 4095, 64 << 10, 64<<10 + 1, 300 << 10, 17} {
		data := make([]byte, n)
		for i := range data {
			data[i] = byte(i*7 + n)
		}
		path := filepath.Join(dir, fmt.Sprint(n))
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := hashFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if want := contentHash(data); got != want {
			t.Errorf("%d bytes: hashFile = %s, want %s", n, got, want)
		}
	}
	if _, err := hashFile(dir); err == nil {
		t.Error("hashFile of a folder: no error")
	}
	if _, err := hashFile(filepath.Join(dir, "missing")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("hashFile of a missing file: %v, want fs.ErrNotExist", err)
	}
}

// encodeCache is the cache file holding m's entries.
func encodeCache(m map[string]cacheEntry) []byte {
	b := []byte(cacheMagic)
	for _, j := range slices.Sorted(maps.Keys(m)) {
		b = appendEntry(b, j, m[j])
	}
	return b
}

// decodeCache reads every entry of what encodeCache wrote; ok is false
// for anything else.
func decodeCache(data []byte) (m map[string]cacheEntry, ok bool) {
	raw, offs, ok := indexCache(data)
	if !ok {
		return nil, false
	}
	m = make(map[string]cacheEntry, len(offs))
	for _, off := range offs {
		m[string(jobAt(raw, off))] = decodeEntry(raw, off)
	}
	return m, true
}

// TestCacheFileRoundTrip: what encodeCache writes, decodeCache reads back
// whole; anything cut short or without the magic is refused, not half read.
func TestCacheFileRoundTrip(t *testing.T) {
	m := map[string]cacheEntry{
		"|fr|guide/intro|md": {Key: "k1", Outputs: map[string]string{"/p/output/fr/guide/intro.md": "h1"}, Stamps: map[string]fsutil.Stamp{"/p/output/fr/guide/intro.md": {Size: 12, Mtime: -3}}},
		"guide/intro":        {Key: "k2"},
		"tab\tand\nnewline":  {Key: "", Outputs: map[string]string{"a": "", "b": "h"}},
	}
	data := encodeCache(m)
	got, ok := decodeCache(data)
	if !ok {
		t.Fatal("decodeCache refused encodeCache's output")
	}
	if len(got) != len(m) {
		t.Fatalf("got %d entries, want %d", len(got), len(m))
	}
	for job, e := range m {
		g, found := got[job]
		if !found || g.Key != e.Key || !maps.Equal(g.Outputs, e.Outputs) || !maps.Equal(g.Stamps, e.Stamps) {
			t.Errorf("%q: got %+v, want %+v", job, g, e)
		}
	}
	for n := len(cacheMagic); n < len(data); n++ {
		if _, ok := decodeCache(data[:n]); ok && n != len(cacheMagic) {
			// A cut at an entry boundary is a valid shorter cache; find
			// whether this is one.
			if g, _ := decodeCache(data[:n]); len(g) >= len(m) {
				t.Errorf("cut at %d of %d read as the whole cache", n, len(data))
			}
		}
	}
	if _, ok := decodeCache([]byte(`{"entries":{}}`)); ok {
		t.Error("a JSON cache (the old format) was read as this one")
	}
}

// FuzzDecodeCache: a damaged cache file never panics.
func FuzzDecodeCache(f *testing.F) {
	f.Add(encodeCache(map[string]cacheEntry{"a": {Key: "k", Outputs: map[string]string{"o": "h"}}}))
	f.Add([]byte(cacheMagic + "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if m, ok := decodeCache(data); ok {
			if again, ok := decodeCache(encodeCache(m)); !ok || len(again) != len(m) {
				t.Fatalf("re-encoding a decoded cache lost entries")
			}
		}
	})
}

// cacheProject is an empty project with its cache folder.
func cacheProject(t *testing.T) *project.Project {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, cacheDir), 0o755); err != nil {
		t.Fatal(err)
	}
	return &project.Project{Root: dir}
}

// TestCacheAgainstAMap: a cache that decodes entries as they are asked
// for and copies the others when it saves behaves as the map of its
// entries would, through random puts, drops and saves, and across
// loading its file again; its file is what encodeCache makes of the map.
func TestCacheAgainstAMap(t *testing.T) {
	p := cacheProject(t)
	rng := rand.New(rand.NewPCG(9, 17))
	model := map[string]cacheEntry{}
	entry := func() cacheEntry {
		e := cacheEntry{Key: fmt.Sprint("k", rng.IntN(3))}
		for range rng.IntN(3) {
			out := fmt.Sprint("output/", rng.IntN(4), ".md")
			if e.Outputs == nil {
				e.Outputs = map[string]string{}
			}
			e.Outputs[out] = fmt.Sprint("h", rng.IntN(2))
			if rng.IntN(2) == 0 {
				if e.Stamps == nil {
					e.Stamps = map[string]fsutil.Stamp{}
				}
				e.Stamps[out] = fsutil.Stamp{Size: rng.Int64N(100) + 1, Mtime: rng.Int64N(1e6) - 5e5}
			}
		}
		return e
	}
	same := func(a, b cacheEntry) bool {
		return a.Key == b.Key && maps.Equal(a.Outputs, b.Outputs) && maps.Equal(a.Stamps, b.Stamps)
	}
	c := loadCache(p, "t")
	// touched are the jobs put (with another entry) or dropped since the
	// file was last written or read: ref does not find them.
	touched := map[string]bool{}
	for step := range 3000 {
		job := fmt.Sprint("job", rng.IntN(60))
		switch op := rng.IntN(10); {
		case op < 5:
			e := entry()
			c.put(job, e)
			if was, ok := model[job]; !ok || !same(was, e) {
				touched[job] = true
			}
			model[job] = e
		case op < 7:
			c.drop(job)
			if _, ok := model[job]; ok {
				touched[job] = true
			}
			delete(model, job)
		case op < 8:
			c.save()
			clear(touched)
		case op < 9:
			c.save()
			c = loadCache(p, "t")
			clear(touched)
		default:
			got, ok := c.get(job)
			want, wok := model[job]
			if ok != wok || (ok && !same(got, want)) {
				t.Fatalf("step %d: get(%s) = %+v, %v; want %+v, %v", step, job, got, ok, want, wok)
			}
			r, rok := c.ref(job)
			if rok != (wok && !touched[job]) || (rok && r.key() != want.Key) {
				t.Fatalf("step %d: ref(%s) found %v (key %q); want %v (key %q)", step, job, rok, r.key(), wok && !touched[job], want.Key)
			}
		}
	}
	c.save()
	data, err := os.ReadFile(c.path)
	if err != nil {
		t.Fatal(err)
	}
	if want := encodeCache(model); !bytes.Equal(data, want) {
		t.Errorf("the cache file (%d bytes) is not encodeCache of its entries (%d bytes)", len(data), len(want))
	}
	c = loadCache(p, "t")
	for job, want := range model {
		if got, ok := c.get(job); !ok || !same(got, want) {
			t.Errorf("%s after loading: %+v, %v; want %+v", job, got, ok, want)
		}
	}
	if _, ok := c.get("job-none"); ok {
		t.Error("a job never put was found")
	}
}

// TestCacheGetWhileSaving: jobs asked for while another goroutine puts
// and saves find what was put (run with -race: save replaces the file's
// bytes that get searches).
func TestCacheGetWhileSaving(t *testing.T) {
	p := cacheProject(t)
	c := loadCache(p, "t")
	for i := range 100 {
		c.put(fmt.Sprint("job", i), cacheEntry{Key: "k"})
	}
	c.save()
	var wg sync.WaitGroup
	wg.Go(func() {
		for round := range 50 {
			c.put(fmt.Sprint("new", round), cacheEntry{Key: "n"})
			c.save()
		}
	})
	for range 2 {
		wg.Go(func() {
			for n := range 2000 {
				if e, ok := c.get(fmt.Sprint("job", n%100)); !ok || e.Key != "k" {
					t.Errorf("job%d: %+v, %v", n%100, e, ok)
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestCacheFileOutOfOrder: a file whose jobs are not in order, or repeat
// one, could not be searched: it is an empty cache, not a half-read one.
func TestCacheFileOutOfOrder(t *testing.T) {
	a := appendEntry(nil, "a", cacheEntry{Key: "1"})
	b := appendEntry(nil, "b", cacheEntry{Key: "2"})
	for name, data := range map[string][]byte{
		"reversed": append(append([]byte(cacheMagic), b...), a...),
		"repeated": append(append([]byte(cacheMagic), a...), a...),
	} {
		if _, _, ok := indexCache(data); ok {
			t.Errorf("%s: indexed", name)
		}
	}
	if _, offs, ok := indexCache(append(append([]byte(cacheMagic), a...), b...)); !ok || len(offs) != 2 {
		t.Errorf("in order: ok %v, %d entries; want two", ok, len(offs))
	}
}

// catalogsHashed records the files the fileHashers read (testHashed)
// until the test ends; each call of the function it returns gives the
// existing catalogs of the document read since the last call (a missing
// obsolete store the hasher may look for is not read).
func catalogsHashed(t *testing.T, dir, doc string) func() []string {
	hashed := filesHashed(t, dir)
	return func() []string {
		var cats []string
		for _, rel := range hashed() {
			if strings.HasPrefix(rel, "locales/"+doc+"/") {
				cats = append(cats, rel)
			}
		}
		return cats
	}
}

// addParagraph adds a paragraph at the end of the white paper's source.
func addParagraph(t *testing.T, dir string) {
	t.Helper()
	src := filepath.Join(dir, "source/cyberspace.md")
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(src, append(data, "\nA new closing paragraph.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Extract hashes a stale document's files as it loads them, not before:
// a first extract reads no catalog of a document to make its key, nor
// does one after the document's source changed; the keys it saves are the
// ones a run that hashes everything makes, so the next extract finds the
// project current.
func TestExtractHashesStaleDocumentsAsLoaded(t *testing.T) {
	dir := copyProject(t)
	if err := os.RemoveAll(filepath.Join(dir, ".folio/cache")); err != nil {
		t.Fatal(err)
	}
	hashed := catalogsHashed(t, dir, "cyberspace")
	extract := func() (written, catalogs []string) {
		t.Helper()
		hashed()
		res, err := Extract(loadProject(t, dir))
		if err != nil || len(res.Errors) > 0 {
			t.Fatal(err, res.Errors)
		}
		return res.Written, hashed()
	}
	if _, cats := extract(); len(cats) > 0 {
		t.Errorf("a first extract hashed catalogs besides loading them: %v", cats)
	}
	if w, cats := extract(); len(w) != 0 || len(cats) == 0 {
		t.Errorf("second extract wrote %v and hashed catalogs %v; want nothing written, every catalog hashed", w, cats)
	}
	addParagraph(t, dir)
	w, cats := extract()
	if !slices.Contains(w, "locales/cyberspace/en.toml") {
		t.Errorf("edited source not extracted: wrote %v", w)
	}
	if len(cats) > 0 {
		t.Errorf("extract of an edited source hashed its catalogs besides loading them: %v", cats)
	}
	if w, _ := extract(); len(w) != 0 {
		t.Errorf("extract after the edit's extract wrote %v", w)
	}
}

// Build, likewise, hashes the catalogs of a document it must build as it
// loads them: in a first build and in the build after its source changed;
// the editions' and the report's keys it saves are the ones a run that
// hashes everything makes (the next build writes nothing), and its report
// is the one a build without a cache writes.
func TestBuildHashesStaleDocumentsAsLoaded(t *testing.T) {
	dir := copyProject(t)
	if err := os.RemoveAll(filepath.Join(dir, ".folio/cache")); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	hashed := catalogsHashed(t, dir, "cyberspace")
	build := func() (written, catalogs []string) {
		t.Helper()
		hashed()
		res, err := Build(loadProject(t, dir), BuildOptions{Out: out})
		if err != nil || len(res.Skipped) > 0 {
			t.Fatal(err, res.Skipped)
		}
		return res.Written, hashed()
	}
	if w, cats := build(); len(w) == 0 || len(cats) > 0 {
		t.Errorf("first build wrote %d files and hashed catalogs besides loading them: %v", len(w), cats)
	}
	if w, cats := build(); len(w) != 0 || len(cats) == 0 {
		t.Errorf("second build wrote %v and hashed catalogs %v; want nothing written, every catalog hashed", w, cats)
	}
	addParagraph(t, dir)
	if res, err := Extract(loadProject(t, dir)); err != nil || len(res.Errors) > 0 {
		t.Fatal(err, res.Errors)
	}
	w, cats := build()
	if !slices.Contains(w, "en/cyberspace.html") || !slices.Contains(w, "status.html") {
		t.Errorf("build after the edit wrote %v", w)
	}
	if len(cats) > 0 {
		t.Errorf("build after the edit hashed catalogs besides loading them: %v", cats)
	}
	if w, _ := build(); len(w) != 0 {
		t.Errorf("build after the edit's build wrote %v", w)
	}
	report, err := os.ReadFile(filepath.Join(out, "status.html"))
	if err != nil {
		t.Fatal(err)
	}
	testHashed = nil
	fresh := t.TempDir()
	if _, err := Build(loadProject(t, dir), BuildOptions{Out: fresh, Force: true}); err != nil {
		t.Fatal(err)
	}
	if want, _ := os.ReadFile(filepath.Join(fresh, "status.html")); string(report) != string(want) {
		t.Errorf("the report after the edit differs from a fresh build's")
	}
}

// The build after one catalog changed, with fewer editions to build than
// cores, renders the edition's formats at once: it writes each of them,
// and what it writes is what a build of everything writes.
func TestBuildOneEditionFormatsAtOnce(t *testing.T) {
	dir := copyProject(t)
	p := loadProject(t, dir)
	if _, err := Build(p, BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	fr := filepath.Join(dir, "locales/cyberspace/fr.toml")
	data, err := os.ReadFile(fr)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(fr, bytes.ReplaceAll(data, []byte("cyberespace"), []byte("CYBERESPACE")), 0o644); err != nil {
		t.Fatal(err)
	}
	total := 0
	res, err := Build(loadProject(t, dir), BuildOptions{Progress: func(_, n int) { total = n }})
	if err != nil || len(res.Skipped) > 0 {
		t.Fatal(err, res.Skipped)
	}
	if total != 1 {
		t.Fatalf("%d editions to build after one catalog changed, want 1", total)
	}
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("one core: the formats are rendered one after another")
	}
	var want []string
	for _, f := range p.Formats {
		ext := f
		if f == "review" {
			ext = "review.html"
		}
		want = append(want, "output/fr/cyberspace."+ext)
	}
	var got []string
	for _, w := range res.Written {
		if strings.HasPrefix(w, "output/fr/") {
			got = append(got, w)
		}
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("wrote %v, want %v", got, want)
	}
	fresh := t.TempDir()
	if _, err := Build(loadProject(t, dir), BuildOptions{Out: fresh, Force: true}); err != nil {
		t.Fatal(err)
	}
	for _, w := range want {
		a, err1 := os.ReadFile(filepath.Join(dir, w))
		b, err2 := os.ReadFile(filepath.Join(fresh, strings.TrimPrefix(w, "output/")))
		if err1 != nil || err2 != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs from a full build's (%v, %v)", w, err1, err2)
		}
	}
}

// A second build with every format the project names (review among them,
// which has no source-language edition) has nothing to build: no edition
// is counted, none loaded. The source language's review, never written,
// once made every build assemble every document again.
func TestBuildTwiceBuildsNothing(t *testing.T) {
	dir := copyProject(t)
	p := loadProject(t, dir)
	if !slices.Contains(p.Formats, "review") {
		t.Fatalf("the project's formats %v have no review", p.Formats)
	}
	if _, err := os.Stat(filepath.Join(dir, check.GlossaryPath)); err != nil {
		t.Fatal(err)
	}
	glossary := recordCalls(t, &testGlossaryLoaded)
	for i, want := range []int{len(p.Documents) * len(p.AllLocales()), 0} {
		total := 0
		res, err := Build(loadProject(t, dir), BuildOptions{Progress: func(_, n int) { total = n }})
		if err != nil || len(res.Skipped) > 0 {
			t.Fatal(err, res.Skipped)
		}
		if total != want || (i > 0 && len(res.Written) > 0) {
			t.Errorf("build %d: %d editions to build (want %d), wrote %v", i+1, total, want, res.Written)
		}
		// The glossary is read to check what is built, and only then.
		if got := len(glossary()); got != min(want, 1) {
			t.Errorf("build %d: glossary loaded %d times, want %d", i+1, got, min(want, 1))
		}
	}
}

// A build after one locale's catalog changed checks the document in that
// locale, not in the others, whose editions are up to date (checked by the
// build that made them).
func TestBuildChecksOnlyTheLocalesItBuilds(t *testing.T) {
	dir := copyProject(t)
	var checked []string
	testChecked = func(unit string, locales []string) { checked = append(checked, unit+": "+strings.Join(locales, " ")) }
	defer func() { testChecked = nil }()
	if _, err := Build(loadProject(t, dir), BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	if want := []string{"cyberspace: zh-Hans fr es ru ar"}; !slices.Equal(checked, want) {
		t.Errorf("the first build checked %q, want %q", checked, want)
	}
	editFile(t, filepath.Join(dir, "locales/cyberspace/fr.toml"), func(s string) string {
		return strings.Replace(s, "cyberespace", "CYBERESPACE", 1)
	})
	checked = nil
	res, err := Build(loadProject(t, dir), BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"cyberspace: fr"}; !slices.Equal(checked, want) {
		t.Errorf("the build after the French catalog changed checked %q, want %q", checked, want)
	}
	if !slices.Contains(res.Written, "output/fr/cyberspace.html") || slices.ContainsFunc(res.Written, func(w string) bool { return strings.HasPrefix(w, "output/es/") }) {
		t.Errorf("the build after the French catalog changed wrote %v", res.Written)
	}
}

// hearLoaded notes each unit Build loads, as "unit: locales", until the
// test ends; the function it returns gives what was noted since its last
// call.
func hearLoaded(t *testing.T) func() []string {
	var mu sync.Mutex
	var loaded []string
	testLoaded = func(unit string, locales []string) {
		mu.Lock()
		defer mu.Unlock()
		loaded = append(loaded, unit+": "+strings.Join(locales, " "))
	}
	t.Cleanup(func() { testLoaded = nil })
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		l := loaded
		loaded = nil
		return l
	}
}

// TestBuildLoadsOnlyTheLocalesItNeeds: build loads a document in the
// locales whose editions it makes and those whose counts the status
// report misses: every locale the first time, the French catalog alone
// after it changed (the report takes the other locales' counts from
// status's cache), and none to remake an English edition.
func TestBuildLoadsOnlyTheLocalesItNeeds(t *testing.T) {
	dir := copyProject(t)
	if state.ExecutableHash() == "" {
		t.Skip("no executable hash: nothing is cached")
	}
	heard := hearLoaded(t)
	build := func(what string, want ...string) {
		t.Helper()
		heard()
		if _, err := Build(loadProject(t, dir), BuildOptions{}); err != nil {
			t.Fatal(err)
		}
		loaded := heard()
		slices.Sort(loaded)
		if !slices.Equal(loaded, want) {
			t.Errorf("%s loaded %q, want %q", what, loaded, want)
		}
	}
	build("the first build", "cyberspace: zh-Hans fr es ru ar", "ui: zh-Hans fr es ru ar")
	editFile(t, filepath.Join(dir, "locales/cyberspace/fr.toml"), func(s string) string {
		return strings.Replace(s, "cyberespace", "CYBERESPACE", 1)
	})
	build("the build after the French catalog changed", "cyberspace: fr")
	if err := os.Remove(filepath.Join(dir, "output/en/cyberspace.html")); err != nil {
		t.Fatal(err)
	}
	build("the build of an English edition", "cyberspace: ")
	build("a build with nothing to do")
}

// An entry read in place (entryRef) is current by its Stamps only when it
// names outputs and each has the Stamp recorded with it; anything else
// leaves the answer to outputsCurrent.
func TestEntryRefStamps(t *testing.T) {
	p := cacheProject(t)
	for _, name := range []string{"a.md", "b.md"} {
		if err := os.WriteFile(p.Abs(name), []byte(name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sa, sb := fsutil.StampOf(p.Abs("a.md")), fsutil.StampOf(p.Abs("b.md"))
	other := fsutil.Stamp{Size: sa.Size, Mtime: sa.Mtime + 1}
	both := map[string]string{"a.md": contentHash([]byte("a.md")), "b.md": contentHash([]byte("b.md"))}
	cases := []struct {
		job  string
		e    cacheEntry
		want bool
	}{
		{"both stamped", cacheEntry{Key: "k", Outputs: both, Stamps: map[string]fsutil.Stamp{"a.md": sa, "b.md": sb}}, true},
		{"one unstamped", cacheEntry{Key: "k", Outputs: both, Stamps: map[string]fsutil.Stamp{"a.md": sa}}, false},
		{"one stamp other", cacheEntry{Key: "k", Outputs: both, Stamps: map[string]fsutil.Stamp{"a.md": other, "b.md": sb}}, false},
		{"no outputs", cacheEntry{Key: "k"}, false},
		{"one unstamped, missing", cacheEntry{Key: "k", Outputs: map[string]string{"a.md": both["a.md"], "gone.md": "h"}, Stamps: map[string]fsutil.Stamp{"a.md": sa}}, false},
		{"one missing", cacheEntry{Key: "k", Outputs: map[string]string{"a.md": both["a.md"], "gone.md": "h"}, Stamps: map[string]fsutil.Stamp{"a.md": sa, "gone.md": sb}}, false},
	}
	c := loadCache(p, "t")
	for _, tc := range cases {
		c.put(tc.job, tc.e)
	}
	c.save()
	c = loadCache(p, "t")
	for _, tc := range cases {
		r, ok := c.ref(tc.job)
		if !ok || r.key() != "k" {
			t.Fatalf("%s: ref found %v, key %q", tc.job, ok, r.key())
		}
		if got := r.stampsCurrent(p.Abs); got != tc.want {
			t.Errorf("%s: stampsCurrent = %v, want %v", tc.job, got, tc.want)
		}
		// What the in-place test accepts, the full one accepts.
		if e, _ := c.get(tc.job); tc.want && !outputsCurrent(c, tc.job, e, p.Abs) {
			t.Errorf("%s: outputsCurrent disagrees", tc.job)
		}
	}
	c.put("both stamped", cacheEntry{Key: "k2", Outputs: both})
	if _, ok := c.ref("both stamped"); ok {
		t.Error("ref found an entry put this run")
	}
}

// A file the stamp table holds has its hash kept apart from the others'
// (fileHasher.cells, found without a lock). For both kinds of file, set
// replaces what hash found, seed fills only what is not known yet, and
// goroutines that ask at once share one read.
func TestFileHasherCells(t *testing.T) {
	dir := oldProject(t)
	if _, err := Extract(loadProject(t, dir)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "extra.txt"), []byte("extra"), 0o644); err != nil {
		t.Fatal(err)
	}
	p := loadProject(t, dir)
	const stamped, unstamped = "source/cyberspace.md", "extra.txt"
	h := newFileHasher(p)
	if _, ok := h.at[stamped]; !ok {
		t.Fatalf("%s is not in the stamp table", stamped)
	}
	if _, ok := h.at[unstamped]; ok {
		t.Fatalf("%s is in the stamp table", unstamped)
	}
	for _, rel := range []string{stamped, unstamped} {
		h := newFileHasher(p)
		data, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := h.hash(rel), contentHash(data); got != want {
			t.Errorf("%s: hash %s, want %s", rel, got, want)
		}
		h.set(rel, "written")
		h.seed(&state.Unit{Sums: map[string][16]byte{rel: {1}}})
		if got := h.hash(rel); got != "written" {
			t.Errorf("%s: hash after set and seed = %s, want what set gave", rel, got)
		}
		h = newFileHasher(p)
		h.seed(&state.Unit{Sums: map[string][16]byte{rel: {1}}})
		if got, want := h.hash(rel), sumString([16]byte{1}); got != want {
			t.Errorf("%s: hash after seed = %s, want the seeded %s", rel, got, want)
		}
	}
	// The stamped file changed (its Stamp with it): read once by 16.
	later := time.Now().Add(-time.Minute)
	if err := os.WriteFile(filepath.Join(dir, stamped), []byte("# Changed\n"), 0o644); err != nil || os.Chtimes(filepath.Join(dir, stamped), later, later) != nil {
		t.Fatal(err)
	}
	read := recordCalls(t, &testHashed)
	h = newFileHasher(p)
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			if got, want := h.hash(stamped), contentHash([]byte("# Changed\n")); got != want {
				t.Errorf("hash = %s, want %s", got, want)
			}
		})
	}
	wg.Wait()
	if got := read(); !slices.Equal(got, []string{stamped}) {
		t.Errorf("16 goroutines read %v, want %s once", got, stamped)
	}
}

// key is the SHA-256, in hex, of its parts each followed by a NUL, as a
// hash.Hash written part by part gives it, for short and long parts (a
// key's buffer is on the stack up to 512 bytes).
func TestKeyIsSHA256OfParts(t *testing.T) {
	long := strings.Repeat("catalogs/", 100)
	for _, parts := range [][]string{
		nil,
		{""},
		{"a", "b"},
		{"ab"},
		{"base", "guide/install", "source/guide/install.md", "fr", "en,fr", "output"},
		{long, "x", long},
	} {
		h := sha256.New()
		for _, s := range parts {
			h.Write([]byte(s))
			h.Write([]byte{0})
		}
		if got, want := key(parts...), hex.EncodeToString(h.Sum(nil)); got != want {
			t.Errorf("key(%q) = %s, want %s", parts, got, want)
		}
	}
	if key("a", "b") == key("ab") {
		t.Error("key does not separate its parts")
	}
}

func BenchmarkKey(b *testing.B) {
	parts := []string{strings.Repeat("0123456789abcdef", 4), "reference/topic-0001", "source/reference/topic-0001.md", "fr",
		"en,fr,de,es,it,pt-BR,ja,zh-Hans,ru,ar,ko", "output", strings.Repeat("9f", 16), strings.Repeat("3c", 16), strings.Repeat("a7", 16), strings.Repeat("e1", 16)}
	b.ReportAllocs()
	for b.Loop() {
		key(parts...)
	}
}
