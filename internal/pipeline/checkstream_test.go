package pipeline

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"folio/internal/catalog"
	"folio/internal/check"
	"folio/internal/project"
	"folio/internal/state"
	"folio/internal/xxh3"
)

// testCheckEntry is a unit's record of a check cache file, decoded.
type testCheckEntry struct {
	key string
	ds  []check.Diagnostic
}

// readCheckCacheFile decodes a whole check cache file.
func readCheckCacheFile(t *testing.T, path string) map[string]testCheckEntry {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := readCheckIndex(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	out := map[string]testCheckEntry{}
	for name, r := range recs {
		dec := &diagDecoder{r: bufio.NewReader(io.NewSectionReader(f, r.off, r.size)), size: uint64(r.size)}
		e := testCheckEntry{key: r.key}
		for range r.n {
			d, err := dec.next()
			if err != nil {
				t.Fatalf("%s: unit %s: %v", path, name, err)
			}
			e.ds = append(e.ds, d)
		}
		out[name] = e
	}
	return out
}

// writeCheckCacheFile writes entries as a check cache file, each unit's
// diagnostics sorted as the cache keeps them.
func writeCheckCacheFile(t *testing.T, path string, entries map[string]testCheckEntry) {
	t.Helper()
	data := slices.Clone(checkMagic)
	var recs []checkRecord
	for name, e := range entries {
		body := encodeDiagnostics(check.Merge([][]check.Diagnostic{e.ds}).Diagnostics)
		recs = append(recs, checkRecord{name: name, key: e.key, off: int64(len(data)), size: int64(len(body)), n: len(e.ds), sum: xxh3.Hash(body)})
		data = append(data, body...)
	}
	data = append(data, checkIndex(recs, int64(len(data)))...)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Diagnostics come back from a record as they went in, whatever their
// strings hold.
func TestDiagnosticRecordRoundTrip(t *testing.T) {
	r := rand.New(rand.NewSource(9))
	words := []string{"", "a", "locales/a/fr.toml", "é “quoted” 中文", "\x00\xff", strings.Repeat("long ", 100)}
	pick := func() string { return words[r.Intn(len(words))] + words[r.Intn(len(words))] }
	for round := 0; round < 50; round++ {
		var ds []check.Diagnostic
		for i := r.Intn(40); i > 0; i-- {
			ds = append(ds, check.Diagnostic{File: pick(), Line: r.Intn(100) - 3, Column: r.Intn(1 << 20), Severity: check.Severity(pick()),
				Check: pick(), Locale: pick(), ID: pick(), Message: pick()})
		}
		got, err := decodeAll(encodeDiagnostics(ds), len(ds))
		if err != nil || !reflect.DeepEqual(got, ds) {
			t.Fatalf("round %d: %v\n%v\nwant\n%v", round, err, got, ds)
		}
	}
}

func decodeAll(body []byte, n int) ([]check.Diagnostic, error) {
	dec := &diagDecoder{r: bufio.NewReader(strings.NewReader(string(body))), size: uint64(len(body))}
	var out []check.Diagnostic
	for range n {
		d, err := dec.next()
		if err != nil {
			return out, err
		}
		out = append(out, d)
	}
	return out, nil
}

// Any bytes decode without a panic, and what decodes encodes back to
// something that decodes the same.
func FuzzDiagnosticRecord(f *testing.F) {
	f.Add(encodeDiagnostics([]check.Diagnostic{{File: "a", Line: 1, Column: 2, Severity: check.Error, Check: "c", Locale: "fr", ID: "x", Message: "m"}}), 1)
	f.Add([]byte{0, 1, 'a', 9}, 2)
	f.Fuzz(func(t *testing.T, body []byte, n int) {
		n = min(max(n, 0), 100)
		ds, err := decodeAll(body, n)
		if err != nil {
			return
		}
		again, err := decodeAll(encodeDiagnostics(ds), len(ds))
		if err != nil || !reflect.DeepEqual(again, ds) {
			t.Fatalf("%v: %v != %v", err, again, ds)
		}
	})
}

// Any bytes as a cache file read as a cache or as none, without a panic;
// any bytes as an index (past its checksum) too, with every record
// between the header and the index.
func FuzzCheckIndex(f *testing.F) {
	body := encodeDiagnostics([]check.Diagnostic{{File: "a", Message: "m"}})
	idx := checkIndex([]checkRecord{{name: "a", key: "k", off: 8, size: int64(len(body)), n: 1, sum: xxh3.Hash(body)}}, int64(8+len(body)))
	f.Add(append(append(slices.Clone(checkMagic), body...), idx...), uint64(8+len(body)))
	f.Add(checkIndex(nil, 8), uint64(8))
	f.Fuzz(func(t *testing.T, data []byte, at uint64) {
		path := filepath.Join(t.TempDir(), "c")
		os.WriteFile(path, data, 0o644)
		fl, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer fl.Close()
		if recs, err := readCheckIndex(fl); err == nil {
			for _, r := range recs {
				if r.off < int64(len(checkMagic)) || r.off+r.size > int64(len(data)) {
					t.Fatalf("record %+v outside the file (%d bytes)", r, len(data))
				}
			}
		}
		recs, err := parseCheckIndex(data, at)
		if err != nil {
			return
		}
		for _, r := range recs {
			if r.off < int64(len(checkMagic)) || r.size < 0 || uint64(r.off+r.size) > at || r.n < 0 {
				t.Fatalf("record %+v outside [8, %d]", r, at)
			}
		}
	})
}

// streamProject makes a project whose units' names are prefixes of each
// other (a, a/b, a/b/c, ab, a-b) among others, with a component, and
// diagnostics of every kind of position: untranslated, identical and
// stray-catalog diagnostics, errors among them.
func streamProject(t *testing.T) *project.Project {
	t.Helper()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "folio.toml"), []byte("source_language = \"en\"\nlocales = [\"fr\", \"de\"]\n[build]\nformats = [\"md\"]\n"), 0o644)
	names := []string{"a", "a/b", "a/b/c", "ab", "a-b", "b", "b/a"}
	for i := 0; i < 20; i++ {
		names = append(names, fmt.Sprintf("doc%02d", i))
	}
	for i, n := range names {
		f := filepath.Join(dir, "source", n+".md")
		os.MkdirAll(filepath.Dir(f), 0o755)
		text := strings.ReplaceAll(guide, "archive", fmt.Sprintf("archive %d", i))
		os.WriteFile(f, []byte(text), 0o644)
	}
	os.MkdirAll(filepath.Join(dir, "locales"), 0o755)
	if out, err := exec.Command("cp", "-r", "../../locales/ui", filepath.Join(dir, "locales/ui")).CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	p, err := project.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if res, err := Extract(p); err != nil || len(res.Errors) > 0 {
		t.Fatal(err, res.Errors)
	}
	st := state.Load(p, p.Locales)
	for i, u := range st.Units {
		if u.Doc == nil {
			continue
		}
		for _, tag := range p.Locales {
			f := u.Locales[tag].File
			for k, sm := range u.Source.Messages {
				m := f.Lookup(sm.ID)
				if m == nil {
					m = &catalog.Message{ID: sm.ID}
					f.Add(m)
				}
				switch (i + k) % 3 {
				case 0: // identical
					m.Hash = sm.Hash
					m.Forms.Set("other", sm.Other())
				case 1:
					m.Hash = sm.Hash
					m.Forms.Set("other", "["+tag+"] "+sm.Other())
				} // else untranslated
			}
			os.WriteFile(p.Abs(u.Locales[tag].Path), f.Encode(nil), 0o644)
		}
		if i%4 == 0 {
			os.WriteFile(p.Abs("locales/"+u.Name+"/not_a_tag!.toml"), []byte("[\"m\"]\nother = \"x\"\n"), 0o644)
		}
	}
	return p
}

// cacheFiles lists .folio/cache's check files: the cache, and any
// temporary file left.
func cacheFiles(t *testing.T, p *project.Project) []string {
	t.Helper()
	var out []string
	entries, _ := os.ReadDir(p.Abs(cacheDir))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "check") || strings.HasSuffix(e.Name(), ".tmp") {
			out = append(out, e.Name())
		}
	}
	return out
}

// folio check's stream gives what a check of every unit in memory gives
// (check.Run), in both unit orders, over many batches, with its
// diagnostics in memory, spilled to a file or read from the cache, whole
// or in part, and with a corrupt cache; and it leaves no file but the
// cache.
func TestCheckStreamMatchesMerge(t *testing.T) {
	base := streamProject(t)
	defer func(b, m int) { testBatch, checkMemLimit, testNoCheckCache = b, m, false }(testBatch, checkMemLimit)
	testBatch = 3
	for _, reversed := range []bool{false, true} {
		for _, limit := range []int{0, 7, 1 << 30} {
			for _, off := range []bool{false, true} {
				name := fmt.Sprintf("reversed=%v limit=%d cache-off=%v", reversed, limit, off)
				checkMemLimit, testNoCheckCache = limit, off
				p := base
				if reversed {
					q := *base
					q.Documents = slices.Clone(base.Documents)
					slices.Reverse(q.Documents)
					q.Components = slices.Clone(base.Components)
					p = &q
				}
				os.RemoveAll(p.Abs(cacheDir))
				os.MkdirAll(p.Abs(cacheDir), 0o755)
				if !off {
					os.WriteFile(p.Abs(cacheDir+"/"+oldCheckCacheFile), []byte("an old cache"), 0o644)
				}
				streamCase(t, name, p, off)
			}
		}
	}
}

func streamCase(t *testing.T, name string, p *project.Project, off bool) {
	t.Helper()
	opts, err := checkOptions(p, p.Locales)
	if err != nil {
		t.Fatal(err)
	}
	st := state.Load(p, p.Locales)
	units := len(st.Units)
	want := check.Run(st, opts)
	wantErrs, wantWarns := want.Count()
	if wantErrs == 0 || len(want.Diagnostics) < 100 {
		t.Fatalf("the project has %d errors, %d diagnostics: too few to test", wantErrs, len(want.Diagnostics))
	}
	// The interleaving the merge must get right: a/b's catalogs sort
	// between a's.
	var order []string
	for _, d := range want.Diagnostics {
		if len(order) == 0 || order[len(order)-1] != d.File {
			order = append(order, d.File)
		}
	}
	if i, j := slices.Index(order, "locales/a/b/de.toml"), slices.Index(order, "locales/a/de.toml"); i < 0 || j < 0 || i > j {
		t.Fatalf("no interleaving of units a and a/b: %v", order)
	}
	run := func(step string, loaded int) {
		t.Helper()
		res, cst, err := Check(p, p.Locales)
		if err != nil {
			t.Fatalf("%s, %s: %v", name, step, err)
		}
		if !reflect.DeepEqual(res, want) {
			t.Fatalf("%s, %s: %d diagnostics, a check in memory %d", name, step, len(res.Diagnostics), len(want.Diagnostics))
		}
		if off {
			loaded = units
		}
		if loaded >= 0 && len(cst.Units) != loaded {
			t.Errorf("%s, %s: %d units checked, want %d", name, step, len(cst.Units), loaded)
		}
		files := cacheFiles(t, p)
		if wantFiles := []string{checkCacheFile}; off && len(files) > 0 || !off && !slices.Equal(files, wantFiles) {
			t.Errorf("%s, %s: .folio/cache holds %v", name, step, files)
		}
	}
	run("first run", units)
	// The stream: same diagnostics, same counts.
	var got []check.Diagnostic
	errs, warns, err := CheckStream(p, p.Locales, func(d check.Diagnostic) error {
		got = append(got, d)
		return nil
	})
	if err != nil || errs != wantErrs || warns != wantWarns || !reflect.DeepEqual(got, want.Diagnostics) {
		t.Fatalf("%s: CheckStream: %v, %d errors, %d warnings, %d diagnostics; want %d, %d, %d", name, err, errs, warns, len(got), wantErrs, wantWarns, len(want.Diagnostics))
	}
	// An error of f ends the stream, and is its error.
	stop := errors.New("stop")
	n := 0
	if _, _, err := CheckStream(p, p.Locales, func(check.Diagnostic) error {
		if n++; n == 5 {
			return stop
		}
		return nil
	}); err != stop || n != 5 {
		t.Fatalf("%s: CheckStream with f failing: %v after %d", name, err, n)
	}
	run("unchanged", 0)
	editFile(t, p.Abs("locales/a/b/fr.toml"), func(s string) string { return s + "\n# edited\n" })
	run("a/b edited", 1)
	run("a/b edited, again", 0)
	if off {
		return
	}
	path := p.Abs(cacheDir + "/" + checkCacheFile)
	corrupt := func(step string, loaded int, f func([]byte) []byte) {
		t.Helper()
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(path, f(slices.Clone(data)), 0o644)
		run(step, loaded)
	}
	corrupt("truncated", units, func(b []byte) []byte { return b[:len(b)-1] })
	corrupt("cut in half", units, func(b []byte) []byte { return b[:len(b)/2] })
	corrupt("empty", units, func([]byte) []byte { return nil })
	corrupt("an old gob", units, func([]byte) []byte { return []byte("\x0f\xff\x81\x04\x01\x02\xff\x82\x00\x01\x0c\x01\xff\x84\x00\x00") })
	corrupt("the index changed", units, func(b []byte) []byte {
		b[len(b)-checkFooterLen-2] ^= 1
		return b
	})
	// A record's byte changed: that unit only is checked again.
	entries := readCheckCacheFile(t, path)
	f, _ := os.Open(path)
	recs, _ := readCheckIndex(f)
	f.Close()
	r := recs["a"]
	if len(entries["a"].ds) == 0 || r.size == 0 {
		t.Fatalf("unit a has no diagnostics in the cache")
	}
	corrupt("a record changed", 1, func(b []byte) []byte {
		b[r.off+r.size/2] ^= 0x20
		return b
	})
	run("after a record changed, again", 0)
	// No cache folder to write in: memory holds every diagnostic.
	checkMemLimit = 0
	os.RemoveAll(p.Abs(cacheDir))
	os.WriteFile(p.Abs(cacheDir), nil, 0o644)
	res, _, err := Check(p, p.Locales)
	if err != nil {
		t.Fatalf("%s, no cache folder: %v", name, err)
	}
	if !reflect.DeepEqual(res, want) {
		t.Fatalf("%s, no cache folder: %d diagnostics, want %d", name, len(res.Diagnostics), len(want.Diagnostics))
	}
	os.Remove(p.Abs(cacheDir))
}

// The merge of units' runs, in memory or in a file, is check.Merge of
// the units, ties between units (same file, line and column) included.
func TestMergeRunsIsMerge(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	path := filepath.Join(t.TempDir(), "runs")
	for round := 0; round < 200; round++ {
		perUnit := make([][]check.Diagnostic, r.Intn(8))
		for i := range perUnit {
			for k := r.Intn(12); k > 0; k-- {
				perUnit[i] = append(perUnit[i], check.Diagnostic{File: []string{"a", "a/b", "b"}[r.Intn(3)], Line: r.Intn(3), Column: r.Intn(2),
					Severity: []check.Severity{check.Error, check.Warning}[r.Intn(2)], Message: fmt.Sprint(i, " ", k)})
			}
		}
		var data []byte
		runs := make([]unitRun, len(perUnit))
		for i, ds := range perUnit {
			sorted := check.Merge([][]check.Diagnostic{ds}).Diagnostics
			if r.Intn(2) == 0 {
				runs[i].mem = sorted
				continue
			}
			body := encodeDiagnostics(sorted)
			runs[i].rec = checkRecord{off: int64(len(data)), size: int64(len(body)), n: len(sorted)}
			data = append(data, body...)
		}
		os.WriteFile(path, data, 0o644)
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		for i := range runs {
			if runs[i].mem == nil {
				runs[i].file = f
			}
		}
		var got []check.Diagnostic
		errs, warns, err := mergeRuns(runs, func(d check.Diagnostic) error {
			got = append(got, d)
			return nil
		})
		f.Close()
		want := check.Merge(perUnit)
		we, ww := want.Count()
		if err != nil || errs != we || warns != ww || !reflect.DeepEqual(got, want.Diagnostics) {
			t.Fatalf("round %d: %v, %d/%d errors, %d/%d warnings:\n%v\nwant\n%v", round, err, errs, we, warns, ww, got, want.Diagnostics)
		}
	}
}

// BenchmarkEncodeDiagnostics encodes a unit's record: 1,000 warnings of a
// document in ten locales, as a cold check of M10 writes one per unit.
func BenchmarkEncodeDiagnostics(b *testing.B) {
	var ds []check.Diagnostic
	for i := range 1000 {
		tag := []string{"fr", "de", "es", "ru", "zh-Hans", "ar", "ja", "pt-BR", "it", "ko"}[i%10]
		ds = append(ds, check.Diagnostic{File: "locales/guide/topic-0042/" + tag + ".toml", Line: 10 + 5*i, Column: 9,
			Severity: check.Warning, Check: []string{"length", "typography", "doubled-word"}[i%3], Locale: tag,
			ID:      fmt.Sprintf("section-%d.paragraph-about-the-thing", i),
			Message: "the translation is 212% of the source's length, outside the expected 50–200%; is something missing or added?"})
	}
	b.ReportAllocs()
	for b.Loop() {
		encodeDiagnostics(ds)
	}
}
