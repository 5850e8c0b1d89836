package pipeline

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"

	"folio/internal/catalog"
	"folio/internal/coverage"
	"folio/internal/fsutil"
	"folio/internal/project"
	"folio/internal/state"
	"folio/internal/xxh3"
)

// Status's cache, .folio/cache/status.cache, keeps the counts of each
// document or component in each locale under a key that hashes what they
// are computed from: the Folio executable, the unit's document (so that an
// entry also says that the document loads), source catalog, and the
// locale's catalog and obsolete store (their contents, as build's caches
// do; a missing file is an input too). Status reads each file once,
// hashes it, and parses, from those same bytes, only the catalogs of the
// units whose key changed. Only counts from catalogs that all load are
// kept: a unit with a file that does not load, or a document not
// extracted yet, is loaded and counted as before, every time.
//
// Build's status report (report.go) shares the cache: it takes the counts
// of the units whose key it finds, from the hashes build takes anyway,
// and puts those it counts, so that a build leaves the cache filled for
// the next build and the next status.
//
// Status with its cache empty means without status.cache (the other files
// of .folio/cache are build's, extract's and check's; status reads none
// of them): every catalog is then read and parsed, once, and counted.
// That is status's cost on a fresh clone, or after a new Folio, and what
// bench/ times against pocount, removing status.cache before each run
// since a build now leaves it filled.

// statusCacheVersion changes when what an entry holds changes.
const statusCacheVersion = "status-2"

// statusCacheFile is status's cache in .folio/cache; oldStatusCacheFile,
// the JSON of earlier versions, is removed when it is written.
const (
	statusCacheFile    = "status.cache"
	oldStatusCacheFile = "status.json"
	statusCacheMagic   = "folio status 1\n"
)

type statusEntry struct {
	Key    string
	Counts coverage.Counts
}

// statusJob names the cache entry of a unit in a locale.
func statusJob(tag, unit string) string { return tag + " " + unit }

// statusKey is the key of a unit's counts in a locale: exe is
// state.ExecutableHash, and the other hashes are contentHash of the files
// (doc "" for a component, "-" for a file that is missing).
func statusKey(p *project.Project, exe, unit, doc, src, tag, cat, obs string) string {
	return key(statusCacheVersion, exe, unit, doc, p.SourceLanguage, src, tag, cat, obs)
}

func loadStatusCache(p *project.Project) map[string]statusEntry {
	if data, err := os.ReadFile(p.Abs(path.Join(cacheDir, statusCacheFile))); err == nil {
		if m, ok := decodeStatusCache(data); ok {
			return m
		}
	}
	return map[string]statusEntry{}
}

// encodeStatusCache writes the entries, sorted by job, after
// statusCacheMagic: job and key (length-prefixed), then the fifteen counts
// of coverage.Counts (messages, words, characters: total, translated,
// stale, untranslated, obsolete) as varints, and at the end the XXH3 of
// everything before it. Status reads it at the start of every run: the
// JSON it replaces took a fifth of M10's status with its cache warm.
func encodeStatusCache(m map[string]statusEntry) []byte {
	b := make([]byte, 0, len(statusCacheMagic)+len(m)*96)
	b = append(b, statusCacheMagic...)
	for _, job := range slices.Sorted(maps.Keys(m)) {
		e := m[job]
		b = appendStr(b, job)
		b = appendStr(b, e.Key)
		for _, t := range []coverage.Tally{e.Counts.Messages, e.Counts.Words, e.Counts.Chars} {
			for _, n := range []int{t.Total, t.Translated, t.Stale, t.Untranslated, t.Obsolete} {
				b = binary.AppendVarint(b, int64(n))
			}
		}
	}
	return binary.LittleEndian.AppendUint64(b, xxh3.Hash(b))
}

// decodeStatusCache reads what encodeStatusCache wrote; ok is false for
// anything else, a file cut short or changed included.
func decodeStatusCache(data []byte) (m map[string]statusEntry, ok bool) {
	if len(data) < len(statusCacheMagic)+8 {
		return nil, false
	}
	body, sum := data[:len(data)-8], data[len(data)-8:]
	rest, found := bytes.CutPrefix(body, []byte(statusCacheMagic))
	if !found || xxh3.Hash(body) != binary.LittleEndian.Uint64(sum) {
		return nil, false
	}
	r := &binReader{rest: rest}
	m = map[string]statusEntry{}
	for r.more() {
		job := r.str()
		e := statusEntry{Key: r.str()}
		for _, t := range []*coverage.Tally{&e.Counts.Messages, &e.Counts.Words, &e.Counts.Chars} {
			for _, f := range []*int{&t.Total, &t.Translated, &t.Stale, &t.Untranslated, &t.Obsolete} {
				*f = int(r.varint())
			}
		}
		m[job] = e
	}
	if !r.ok() {
		return nil, false
	}
	return m, true
}

// statusFile is a file status reads, with its contents' hash.
type statusFile struct {
	rel  string
	data []byte
	err  error
	hash string  // "-" when missing
	buf  *[]byte // data's buffer, for release
}

// readStatusFile reads a project-relative file as state.ReadFile does
// (inside the project, a regular file within the size limit, a source
// document valid UTF-8 without NUL), into a buffer of a pool: parsing
// copies what it keeps, so that the buffer can serve the next file. A
// missing file's error is fs.ErrNotExist; any other error only says that
// the file does not load (status then loads the unit through state, which
// says why).
// The stamp table (t, which may be nil) records the hash of a file that
// reads.
func readStatusFile(p *project.Project, rel string, t *stampTable) statusFile {
	if testStatusRead != nil {
		testStatusRead(rel)
	}
	f := statusFile{rel: rel, hash: "-"}
	fd, err := state.Open(p, rel)
	if err != nil {
		f.err = err
		t.forget(rel)
		return f
	}
	defer syscall.Close(fd)
	bp := statusBuffers.Get().(*[]byte)
	data, stamp, err := readRegular(fd, rel, *bp)
	if cap(data) > cap(*bp) {
		*bp = data[:0]
	}
	f.buf = bp
	switch {
	case err != nil:
		f.err = err
	case !state.ValidSource(rel, data):
		f.err = errors.New(rel + ": invalid UTF-8 or a NUL byte")
	default:
		sum := xxh3.Hash128(data).Bytes()
		f.data, f.hash = data, sumString(sum)
		t.record(rel, stamp, sum)
		return f
	}
	t.forget(rel)
	f.release()
	return f
}

// testStatusRead, when a test sets it, is told each file status reads.
var testStatusRead func(rel string)

// release gives the file's buffer back; its data must not be used after.
func (f *statusFile) release() {
	if f.buf != nil {
		statusBuffers.Put(f.buf)
		f.buf, f.data = nil, nil
	}
}

var statusBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

// readRegular reads the open file fd (state.Open, non-blocking so that a
// FIFO is refused, not waited on), a regular file of at most
// project.MaxFileSize bytes, into buf (grown if need be).
func readRegular(fd int, rel string, buf []byte) ([]byte, fsutil.Stamp, error) {
	data, stamp, err := state.ReadOpenStamp(fd, buf, project.MaxFileSize)
	if err != nil {
		return buf[:0], stamp, &os.PathError{Op: "read", Path: rel, Err: err}
	}
	return data, stamp, nil
}

func (f statusFile) missing() bool { return errors.Is(f.err, fs.ErrNotExist) }

// unitStatus is one unit's coverage in each locale and what of it did not
// load, with the cache entries to keep.
type unitStatus struct {
	units    []coverage.Unit
	problems []error
	entries  map[string]statusEntry
}

// cachedStatus is StatusReport with the cache: units are counted in
// parallel, from the cache where their key is known.
func cachedStatus(p *project.Project, locales []string) ([]coverage.Locale, []error) {
	entries := loadStatusCache(p)
	stamps := loadStamps(p)
	exeID := state.ExecutableHash()
	exe := func() string { return exeID }

	var units []*state.Unit // just their names and documents
	for i := range p.Documents {
		units = append(units, &state.Unit{Name: p.Documents[i].Name, Doc: &p.Documents[i]})
	}
	for _, c := range p.Components {
		units = append(units, &state.Unit{Name: c})
	}
	results := make([]unitStatus, len(units))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < 2*runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = unitStatusOf(p, units[i], locales, exe, entries, stamps)
			}
		}()
	}
	for i := range units {
		next <- i
	}
	close(next)
	wg.Wait()

	byLocale := make([][]coverage.Unit, len(locales))
	var problems []error
	changed := false
	for _, r := range results {
		for i, uc := range r.units {
			byLocale[i] = append(byLocale[i], uc)
		}
		problems = append(problems, r.problems...)
		for job, e := range r.entries {
			entries[job] = e
			changed = true
		}
	}
	var out []coverage.Locale
	for i, tag := range locales {
		out = append(out, coverage.Sum(tag, byLocale[i]))
	}
	if changed && exe() != "" {
		saveStatusCache(p, entries)
	}
	state.SaveCaches(p) // the catalogs that parsed, for the next reader
	stamps.save()
	return out, problems
}

// saveStatusCache writes the entries of the project's units and locales
// (others are dropped); failing to is not an error of the run.
func saveStatusCache(p *project.Project, entries map[string]statusEntry) {
	keep := map[string]bool{}
	names := append([]string{}, p.Components...)
	for _, d := range p.Documents {
		names = append(names, d.Name)
	}
	for _, tag := range p.Locales {
		for _, name := range names {
			keep[statusJob(tag, name)] = true
		}
	}
	m := map[string]statusEntry{}
	for job, e := range entries {
		if keep[job] {
			m[job] = e
		}
	}
	if _, err := fsutil.WriteOutput(p.Abs(path.Join(cacheDir, statusCacheFile)), encodeStatusCache(m)); err == nil {
		os.Remove(p.Abs(path.Join(cacheDir, oldStatusCacheFile)))
	}
}

// unitStatusOf counts one unit in each locale: from the cache, or from its
// catalogs, or, when a file does not load, as StatusReport always has
// (state.Load, coverage.Compute, LoadProblems). A file's hash is the stamp
// table's (t, stamps.go) when its Stamp is the one recorded, and the file
// is read only if its bytes are to be parsed (a locale whose counts the
// cache does not hold): a unit whose files have not changed costs an
// lstat each. Any other file is read once: the bytes hashed for the key
// are the bytes parsed.
func unitStatusOf(p *project.Project, u *state.Unit, locales []string, exe func() string, entries map[string]statusEntry, t *stampTable) unitStatus {
	open := func(rel string) statusFile {
		if f, ok := stampedStatusFile(p, rel, t); ok && exe() != "" {
			return f
		}
		return readStatusFile(p, rel, t)
	}
	// load reads a file open took from the stamp table, for parsing; false
	// when it no longer reads.
	load := func(f *statusFile) bool {
		if f.buf != nil || f.missing() {
			return true
		}
		*f = readStatusFile(p, f.rel, t)
		return f.err == nil || f.missing()
	}
	// The document's contents do not count once its source catalog
	// loads, but status reports a document that does not load, and an
	// entry's key holds the document it was counted with.
	docHash := ""
	if u.Doc != nil {
		doc := open(u.Doc.Path)
		doc.release()
		if doc.err != nil && !doc.missing() {
			return loadedUnitStatus(p, u, locales)
		}
		docHash = doc.hash
	}
	src := open(project.CatalogPath(u.Name, p.SourceLanguage))
	defer func() { src.release() }()
	if src.err != nil {
		return loadedUnitStatus(p, u, locales)
	}
	type localeFiles struct{ cat, obs statusFile }
	files := make([]localeFiles, len(locales))
	defer func() {
		for i := range files {
			files[i].cat.release()
			files[i].obs.release()
		}
	}()
	keys := make([]string, len(locales))
	for i, tag := range locales {
		files[i] = localeFiles{open(project.CatalogPath(u.Name, tag)), open(project.ObsoletePath(u.Name, tag))}
		if f := files[i]; (f.cat.err != nil && !f.cat.missing()) || (f.obs.err != nil && !f.obs.missing()) {
			return loadedUnitStatus(p, u, locales)
		}
	}
	exeID := exe() // once the files are read
	for i, tag := range locales {
		f := files[i]
		keys[i] = statusKey(p, exeID, u.Name, docHash, src.hash, tag, f.cat.hash, f.obs.hash)
	}

	r := unitStatus{units: make([]coverage.Unit, len(locales)), entries: map[string]statusEntry{}}
	var source *coverage.Source
	for i, tag := range locales {
		job := statusJob(tag, u.Name)
		if e, ok := entries[job]; ok && exeID != "" && e.Key == keys[i] {
			r.units[i] = coverage.Unit{Name: u.Name, Counts: e.Counts}
			continue
		}
		// Parsed as state.LoadCatalog parses what it reads, and keyed by
		// the hashes of the bytes parsed.
		if source == nil {
			if !load(&src) || src.missing() {
				return loadedUnitStatus(p, u, locales)
			}
			sf, err := state.ParseCatalog(p, src.rel, src.data)
			if err != nil {
				return loadedUnitStatus(p, u, locales)
			}
			source = coverage.NewSource(sf)
		}
		if !load(&files[i].cat) || !load(&files[i].obs) {
			return loadedUnitStatus(p, u, locales)
		}
		keys[i] = statusKey(p, exeID, u.Name, docHash, src.hash, tag, files[i].cat.hash, files[i].obs.hash)
		var file *catalog.File
		if !files[i].cat.missing() {
			f, err := state.ParseCatalog(p, files[i].cat.rel, files[i].cat.data)
			if err != nil {
				return loadedUnitStatus(p, u, locales)
			}
			file = f
		}
		counts := source.Count(file, false)
		if !files[i].obs.missing() {
			ob, err := state.ParseCatalog(p, files[i].obs.rel, files[i].obs.data)
			if err != nil {
				return loadedUnitStatus(p, u, locales)
			}
			counts.Messages.Obsolete = len(ob.Messages)
		}
		r.units[i] = coverage.Unit{Name: u.Name, Counts: counts}
		r.entries[job] = statusEntry{Key: keys[i], Counts: counts}
		countedCatalogs.Add(1)
	}
	if exeID == "" {
		r.entries = nil
	}
	return r
}

// stampedStatusFile is a file status need not read to know its hash: an
// obsolete store the project knows to be missing, or a file whose Stamp
// is the one the stamp table recorded with its hash (its data is not
// read: unitStatusOf reads it if it is to be parsed).
func stampedStatusFile(p *project.Project, rel string, t *stampTable) (statusFile, bool) {
	if p.ObsoleteMissing(rel) {
		return statusFile{rel: rel, hash: "-", err: &fs.PathError{Op: "open", Path: rel, Err: fs.ErrNotExist}}, true
	}
	i, rec, ok := t.lookup(rel)
	if !ok {
		return statusFile{}, false
	}
	if st, ok := state.StampOf(p, rel); !ok || st != rec.st {
		return statusFile{}, false
	}
	t.hit(i)
	return statusFile{rel: rel, hash: sumString(rec.sum)}, true
}

// countedCatalogs counts the unit×locale pairs status and build's report
// counted from catalogs rather than took from the cache: tests read it to
// see the cache used.
var countedCatalogs atomic.Int64

// loadedUnitStatus counts a unit as StatusReport did before it had a cache.
func loadedUnitStatus(p *project.Project, u *state.Unit, locales []string) unitStatus {
	q := *p
	q.Documents, q.Components = nil, nil
	if u.Doc != nil {
		q.Documents = []project.Document{*u.Doc}
	} else {
		q.Components = []string{u.Name}
	}
	st := state.Load(&q, locales)
	return unitStatus{units: coverage.ComputeUnit(st.Units[0], locales), problems: LoadProblems(st, locales)}
}
