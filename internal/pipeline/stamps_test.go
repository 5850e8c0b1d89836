package pipeline

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"folio/internal/coverage"
	"folio/internal/fsutil"
	"folio/internal/project"
	"folio/internal/state"
)

// backdate sets the modification time of every file under dir to age ago,
// past the stamp table's margin.
func backdate(t testing.TB, dir string, age time.Duration) {
	t.Helper()
	when := time.Now().Add(-age)
	err := filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil || !fi.Mode().IsRegular() {
			return err
		}
		return os.Chtimes(p, when, when)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// oldProject is a copy of the project without its caches, every file
// last modified an hour ago (past the stamp table's margin).
func oldProject(t *testing.T) string {
	t.Helper()
	dir := copyProject(t)
	if err := os.RemoveAll(filepath.Join(dir, ".folio/cache")); err != nil {
		t.Fatal(err)
	}
	backdate(t, dir, time.Hour)
	return dir
}

// recordCalls sets the test hook *hook to record the paths it is told of
// until the test ends; each call of the function it returns gives those
// told since the last, sorted.
func recordCalls(t *testing.T, hook *func(rel string)) func() []string {
	var mu sync.Mutex
	var told []string
	*hook = func(rel string) {
		mu.Lock()
		told = append(told, rel)
		mu.Unlock()
	}
	t.Cleanup(func() { *hook = nil })
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		got := told
		told = nil
		slices.Sort(got)
		return got
	}
}

// filesHashed records every file a fileHasher reads until the test ends;
// each call of the function it returns gives those read since the last
// that exist in dir (not the missing obsolete stores it looks for).
func filesHashed(t *testing.T, dir string) func() []string {
	hashed := recordCalls(t, &testHashed)
	return func() []string {
		var got []string
		for _, rel := range hashed() {
			if _, err := os.Stat(filepath.Join(dir, rel)); err == nil {
				got = append(got, rel)
			}
		}
		return got
	}
}

// readStamps decodes the project's stamp table.
func readStamps(t *testing.T, dir string) map[string]stampRec {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, cacheDir, stampsFile))
	if err != nil {
		t.Fatal(err)
	}
	m, ok := decodeStamps(data)
	if !ok {
		t.Fatal("stamp table does not decode")
	}
	return m
}

// A run with nothing to do reads none of the inputs the last run hashed
// or loaded when their Stamps are unchanged, and says the same as a run
// that reads them all: extract writes nothing, build writes nothing.
// A catalog changed to the same size, with another (old) modification
// time, is read again and its editions rebuilt.
func TestStampsSpareReadingUnchangedInputs(t *testing.T) {
	dir := oldProject(t)
	out := filepath.Join(dir, "out")
	hashed := filesHashed(t, dir)
	extract := func() []string {
		t.Helper()
		res, err := Extract(loadProject(t, dir))
		if err != nil || len(res.Errors) > 0 {
			t.Fatal(err, res.Errors)
		}
		return res.Written
	}
	build := func() []string {
		t.Helper()
		res, err := Build(loadProject(t, dir), BuildOptions{Out: out})
		if err != nil || len(res.Skipped) > 0 {
			t.Fatal(err, res.Skipped)
		}
		return res.Written
	}
	if w := extract(); len(w) != 0 {
		t.Fatalf("first extract of a current project wrote %v", w)
	}
	hashed()
	if w, h := extract(), hashed(); len(w) != 0 || len(h) != 0 {
		t.Errorf("second extract wrote %v and read %v; want nothing of either", w, h)
	}
	if w := build(); len(w) == 0 {
		t.Fatal("first build wrote nothing")
	}
	hashed()
	if w, h := build(), hashed(); len(w) != 0 || len(h) != 0 {
		t.Errorf("second build wrote %v and read %v; want nothing of either", w, h)
	}
	table := readStamps(t, dir)
	for _, rel := range []string{"source/cyberspace.md", "locales/cyberspace/fr.toml", "locales/cyberspace/en.toml", "folio.toml"} {
		if _, ok := table[rel]; !ok {
			t.Errorf("stamp table has no entry for %s", rel)
		}
	}

	// The same number of bytes, another modification time: read, and
	// the French editions built again.
	fr := filepath.Join(dir, "locales/cyberspace/fr.toml")
	data, err := os.ReadFile(fr)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(data, []byte("cyberespace"))
	if i < 0 {
		t.Fatal("no 'cyberespace' in the French catalog")
	}
	copy(data[i:], "CYBERESPACE")
	if err := os.WriteFile(fr, data, 0o644); err != nil {
		t.Fatal(err)
	}
	when := time.Now().Add(-2 * time.Hour)
	if err := os.Chtimes(fr, when, when); err != nil {
		t.Fatal(err)
	}
	w, h := build(), hashed()
	if !slices.Contains(w, "fr/cyberspace.md") || slices.Contains(w, "es/cyberspace.md") {
		t.Errorf("build after a same-size edit of fr.toml wrote %v; want the French editions only", w)
	}
	if !slices.Contains(h, "locales/cyberspace/fr.toml") {
		t.Errorf("build after the edit did not read fr.toml: read %v", h)
	}
	md, err := os.ReadFile(filepath.Join(out, "fr/cyberspace.md"))
	if err != nil || !bytes.Contains(md, []byte("CYBERESPACE")) {
		t.Errorf("the French edition does not hold the edit (%v)", err)
	}
}

// A file modified within the margin before the run is read, never
// recorded: a second write in the same clock tick could leave its Stamp
// as it was.
func TestStampsSkipRecentFiles(t *testing.T) {
	dir := oldProject(t)
	now := time.Now()
	src := filepath.Join(dir, "source/cyberspace.md")
	if err := os.Chtimes(src, now, now); err != nil {
		t.Fatal(err)
	}
	hashed := filesHashed(t, dir)
	for range 2 {
		hashed()
		if res, err := Extract(loadProject(t, dir)); err != nil || len(res.Errors) > 0 {
			t.Fatal(err, res.Errors)
		}
	}
	if _, ok := readStamps(t, dir)["source/cyberspace.md"]; ok {
		t.Error("a source modified just now is in the stamp table")
	}
	if h := hashed(); !slices.Contains(h, "source/cyberspace.md") || slices.Contains(h, "folio.toml") {
		t.Errorf("second extract read %v; want the recent source, not folio.toml", h)
	}
}

// A folder of catalogs replaced by a symbolic link to a copy outside the
// project, files, sizes and times and all, is not taken for the one the
// table recorded: the run reads through the link and refuses it.
func TestStampsRefuseWhatLeadsOutside(t *testing.T) {
	dir := oldProject(t)
	if res, err := Extract(loadProject(t, dir)); err != nil || len(res.Errors) > 0 {
		t.Fatal(err, res.Errors)
	}
	if _, ok := readStamps(t, dir)["locales/cyberspace/fr.toml"]; !ok {
		t.Fatal("no stamp for fr.toml")
	}
	outside := filepath.Join(t.TempDir(), "cyberspace")
	if err := os.Rename(filepath.Join(dir, "locales/cyberspace"), outside); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "locales/cyberspace")); err != nil {
		t.Fatal(err)
	}
	if st, ok := state.StampOf(loadProject(t, dir), "locales/cyberspace/fr.toml"); ok {
		t.Errorf("StampOf through a link outside the project = %v, true", st)
	}
	res, err := Extract(loadProject(t, dir))
	if err == nil && len(res.Errors) == 0 {
		t.Fatal("extract through a folder outside the project: no error")
	}
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	for _, e := range res.Errors {
		msg += e.Error()
	}
	if !strings.Contains(msg, "outside the project") {
		t.Errorf("extract's error does not say the folder leads outside: %s", msg)
	}
}

// encodeStamps and decodeStamps round-trip; a damaged table is an empty
// one, never a panic, and a cut one at most what was before the cut.
func TestStampTableCodec(t *testing.T) {
	m := map[string]stampRec{
		"source/a.md":            {st: fsutil.Stamp{Size: 12, Mtime: 1_700_000_000_123_456_789}, sum: [16]byte{1, 2, 3}},
		"locales/a/fr.toml":      {st: fsutil.Stamp{Size: 0, Mtime: -5}, sum: [16]byte{15: 9}},
		"locales/é/zh-Hans.toml": {st: fsutil.Stamp{Size: 1 << 40, Mtime: 1}},
	}
	data := encodeStamps(m)
	got, ok := decodeStamps(data)
	if !ok || len(got) != len(m) {
		t.Fatalf("decode(encode) = %v, %v", got, ok)
	}
	for k, v := range m {
		if got[k] != v {
			t.Errorf("%s: got %v, want %v", k, got[k], v)
		}
	}
	for n := range len(data) {
		part, ok := decodeStamps(data[:n])
		for k, v := range part {
			if m[k] != v {
				t.Errorf("cut at %d: %s = %v, want %v", n, k, v, m[k])
			}
		}
		if ok && n < len(stampsMagic) {
			t.Errorf("cut at %d inside the magic: ok", n)
		}
	}
	if _, ok := decodeStamps([]byte("folio cache 3\n")); ok {
		t.Error("another cache's file decodes as a stamp table")
	}
	if _, ok := decodeStamps(append([]byte(stampsMagic), 0xff, 0xff, 0xff)); ok {
		t.Error("a damaged entry decodes")
	}
}

// A damaged stamp table is an empty one: the run reads its inputs and
// writes a good table.
func TestStampTableDamaged(t *testing.T) {
	dir := copyProject(t)
	backdate(t, dir, time.Hour)
	path := filepath.Join(dir, cacheDir, stampsFile)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(stampsMagic+"\x05abc"), 0o644); err != nil {
		t.Fatal(err)
	}
	hashed := filesHashed(t, dir)
	if res, err := Extract(loadProject(t, dir)); err != nil || len(res.Errors) > 0 {
		t.Fatal(err, res.Errors)
	}
	hashed()
	if _, ok := readStamps(t, dir)["source/cyberspace.md"]; !ok {
		t.Error("the damaged table was not replaced")
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		t.Error("no stamp table")
	}
}

// Status with its cache warm reads no file whose Stamp the stamp table
// holds: the second status reads nothing and counts the same. A catalog
// edited to the same size with another old modification time is read and
// counted again.
func TestStatusStampsSpareReading(t *testing.T) {
	dir := oldProject(t)
	read := recordCalls(t, &testStatusRead)
	status := func() (map[string]coverage.Counts, []string) {
		t.Helper()
		read()
		p := loadProject(t, dir)
		locs, problems := StatusReport(p, p.Locales)
		if len(problems) > 0 {
			t.Fatal(problems)
		}
		m := map[string]coverage.Counts{}
		for _, l := range locs {
			m[l.Tag] = l.Counts
		}
		return m, read()
	}
	first, r1 := status()
	if len(r1) == 0 {
		t.Fatal("the first status read nothing")
	}
	second, r2 := status()
	if len(r2) != 0 || !reflect.DeepEqual(first, second) {
		t.Errorf("second status read %v and counted %v; want nothing read, %v", r2, second, first)
	}
	// One translation's hash changes by a digit: it is stale now.
	fr := filepath.Join(dir, "locales/cyberspace/fr.toml")
	data, err := os.ReadFile(fr)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(data, []byte("hash = \"sha1-"))
	if i < 0 {
		t.Fatal("no hash in the French catalog")
	}
	i += len("hash = \"sha1-")
	if data[i] == '0' {
		data[i] = '1'
	} else {
		data[i] = '0'
	}
	if err := os.WriteFile(fr, data, 0o644); err != nil {
		t.Fatal(err)
	}
	when := time.Now().Add(-2 * time.Hour)
	if err := os.Chtimes(fr, when, when); err != nil {
		t.Fatal(err)
	}
	third, r3 := status()
	if !slices.Contains(r3, "locales/cyberspace/fr.toml") || slices.Contains(r3, "locales/cyberspace/es.toml") {
		t.Errorf("status after fr.toml changed read %v; want fr.toml, not es.toml", r3)
	}
	if third["fr"].Messages.Stale != first["fr"].Messages.Stale+1 || third["es"] != first["es"] {
		t.Errorf("after one French hash changed: fr stale %d (was %d), es %v (was %v)", third["fr"].Messages.Stale, first["fr"].Messages.Stale, third["es"], first["es"])
	}
}

// A table grown past four times what a run looked at (and 1,024) keeps,
// when the run saves it, only the files the run found as recorded (hit)
// or recorded anew; a second save in the same run still keeps those the
// first one kept.
func TestStampTableKeepsWhatTheRunSaw(t *testing.T) {
	p := cacheProject(t)
	old := time.Now().Add(-time.Hour).UnixNano()
	m := map[string]stampRec{}
	for i := range 2000 {
		m[fmt.Sprintf("f%04d", i)] = stampRec{st: fsutil.Stamp{Size: int64(i + 1), Mtime: old}, sum: [16]byte{byte(i)}}
	}
	if err := os.WriteFile(p.Abs(path.Join(cacheDir, stampsFile)), encodeStamps(m), 0o644); err != nil {
		t.Fatal(err)
	}
	tab := loadStamps(p)
	for _, rel := range []string{"f0007", "f1999"} {
		i, rec, ok := tab.lookup(rel)
		if !ok || rec != m[rel] {
			t.Fatalf("lookup(%s) = %v, %v; want %v", rel, rec, ok, m[rel])
		}
		tab.hit(i)
	}
	if _, _, ok := tab.lookup("new"); ok {
		t.Fatal("lookup found a file the table does not hold")
	}
	tab.record("new", fsutil.Stamp{Size: 3, Mtime: old}, [16]byte{1})
	tab.save()
	got := readStamps(t, p.Root)
	if want := []string{"f0007", "f1999", "new"}; !slices.Equal(slices.Sorted(maps.Keys(got)), want) {
		t.Fatalf("after the first save the table holds %d files (%v…); want %v", len(got), slices.Sorted(maps.Keys(got))[:min(5, len(got))], want)
	}
	tab.record("newer", fsutil.Stamp{Size: 4, Mtime: old}, [16]byte{2})
	tab.save()
	got = readStamps(t, p.Root)
	if want := []string{"f0007", "f1999", "new", "newer"}; !slices.Equal(slices.Sorted(maps.Keys(got)), want) {
		t.Errorf("after the second save the table holds %v; want %v", slices.Sorted(maps.Keys(got)), want)
	}

	// A run that saw 300 of the 2,000 keeps them all, in both saves.
	if err := os.WriteFile(p.Abs(path.Join(cacheDir, stampsFile)), encodeStamps(m), 0o644); err != nil {
		t.Fatal(err)
	}
	tab = loadStamps(p)
	for k := range 300 {
		i, _, _ := tab.lookup(fmt.Sprintf("f%04d", k))
		tab.hit(i)
	}
	for n, rel := range []string{"new", "newer"} {
		tab.record(rel, fsutil.Stamp{Size: 3, Mtime: old}, [16]byte{1})
		tab.save()
		if got := readStamps(t, p.Root); len(got) != 2001+n {
			t.Errorf("save %d of a run that saw 300 files: the table holds %d, want %d", n+1, len(got), 2001+n)
		}
	}
}

// decodeStamps is the table encodeStamps wrote, as a map (for the tests).
func decodeStamps(data []byte) (m map[string]stampRec, ok bool) {
	at, recs, ok := indexStamps(data)
	if !ok {
		return nil, false
	}
	m = make(map[string]stampRec, len(at))
	for rel, i := range at {
		m[rel] = recs[i]
	}
	return m, true
}

// A file modified within the margin is recorded when the run's Clock (the
// lock file's time, from the file system's own clock) is later, on the
// same device: a run right after a checkout, or after the run that wrote
// the file, leaves nothing for the next run to read again. Not when the
// Clock is earlier than the file, on another device, or in the future.
func TestStampsTrustTheLockClock(t *testing.T) {
	const rel = "source/cyberspace.md"
	for _, c := range []struct {
		name   string
		clock  func(file time.Time, dev uint64) project.Clock
		record bool
	}{
		{"clock after the file", func(f time.Time, dev uint64) project.Clock {
			return project.Clock{Mtime: f.Add(time.Millisecond).UnixNano(), Dev: dev}
		}, true},
		{"clock at the file's time", func(f time.Time, dev uint64) project.Clock {
			return project.Clock{Mtime: f.UnixNano(), Dev: dev}
		}, false},
		{"clock before the file", func(f time.Time, dev uint64) project.Clock {
			return project.Clock{Mtime: f.Add(-time.Millisecond).UnixNano(), Dev: dev}
		}, false},
		{"clock of another device", func(f time.Time, dev uint64) project.Clock {
			return project.Clock{Mtime: f.Add(time.Millisecond).UnixNano(), Dev: dev + 1}
		}, false},
		{"clock in the future", func(f time.Time, dev uint64) project.Clock {
			return project.Clock{Mtime: time.Now().Add(time.Hour).UnixNano(), Dev: dev}
		}, false},
		{"no clock", func(time.Time, uint64) project.Clock { return project.Clock{} }, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := oldProject(t)
			src := filepath.Join(dir, rel)
			file := time.Now().Add(-time.Second) // within the margin
			if err := os.Chtimes(src, file, file); err != nil {
				t.Fatal(err)
			}
			var st syscall.Stat_t
			if err := syscall.Stat(src, &st); err != nil {
				t.Fatal(err)
			}
			hashed := filesHashed(t, dir)
			p := loadProject(t, dir)
			p.SetClock(c.clock(file, uint64(st.Dev)))
			if res, err := Extract(p); err != nil || len(res.Errors) > 0 {
				t.Fatal(err, res.Errors)
			}
			if _, ok := readStamps(t, dir)[rel]; ok != c.record {
				t.Fatalf("source in the stamp table: %v, want %v", ok, c.record)
			}
			// The next run (its Clock later still) reads the source again
			// only when the table does not hold it.
			hashed()
			p = loadProject(t, dir)
			if c.record {
				p.SetClock(project.Clock{Mtime: time.Now().UnixNano(), Dev: uint64(st.Dev)})
			}
			if res, err := Extract(p); err != nil || len(res.Errors) > 0 {
				t.Fatal(err, res.Errors)
			}
			if got := slices.Contains(hashed(), rel); got == c.record {
				t.Errorf("second extract read the source: %v, want %v", got, !c.record)
			}
		})
	}
}

// A source that does not load (invalid UTF-8) is never in the stamp
// table, however old: status keys a unit's counts by its document's hash
// without reading the document, so a recorded one let status count the
// unit and say nothing, where the run that reads it reports the error.
func TestStampsSkipSourcesThatDoNotLoad(t *testing.T) {
	const rel = "source/cyberspace.md"
	dir := oldProject(t)
	if err := os.WriteFile(filepath.Join(dir, rel), []byte("# Title\n\nCaf\xe9 au lait.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	backdate(t, dir, time.Hour)
	if res, err := Extract(loadProject(t, dir)); err == nil && len(res.Errors) == 0 {
		t.Fatal("extract took a source with invalid UTF-8")
	}
	// check hashes every unit's files for its cache's keys.
	if _, _, err := Check(loadProject(t, dir), []string{"fr"}); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, problems := StatusReport(loadProject(t, dir), []string{"fr"}); !strings.Contains(fmt.Sprint(problems), rel+":3:4: invalid UTF-8") {
			t.Errorf("status problems %v, want %s's invalid UTF-8", problems, rel)
		}
	}
	if _, ok := readStamps(t, dir)[rel]; ok {
		t.Error("a source with invalid UTF-8 is in the stamp table")
	}
}
