package pipeline

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"unicode/utf8"

	"folio/internal/catalog"
	"folio/internal/coverage"
	"folio/internal/fsutil"
	"folio/internal/project"
	"folio/internal/state"
)

// Status's cache, .folio/cache/status.json, keeps the counts of each
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
// Status with its cache empty means without status.json (the other files
// of .folio/cache are build's, extract's and check's; status reads none
// of them): every catalog is then read and parsed, once, and counted.
// That is status's cost on a fresh clone, or after a new Folio, and what
// bench/ times against pocount, removing status.json before each run
// since a build now leaves it filled.

// statusCacheVersion changes when what an entry holds changes.
const statusCacheVersion = "status-2"

type statusCache struct {
	Entries map[string]statusEntry `json:"entries"`
}

type statusEntry struct {
	Key    string          `json:"key"`
	Counts coverage.Counts `json:"counts"`
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
	var c statusCache
	if data, err := os.ReadFile(p.Abs(path.Join(cacheDir, "status.json"))); err == nil {
		json.Unmarshal(data, &c)
	}
	if c.Entries == nil {
		c.Entries = map[string]statusEntry{}
	}
	return c.Entries
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
func readStatusFile(p *project.Project, rel string) statusFile {
	f := statusFile{rel: rel, hash: "-"}
	fd, err := state.Open(p, rel)
	if err != nil {
		f.err = err
		return f
	}
	defer syscall.Close(fd)
	bp := statusBuffers.Get().(*[]byte)
	data, err := readRegular(fd, rel, *bp)
	if cap(data) > cap(*bp) {
		*bp = data[:0]
	}
	f.buf = bp
	switch {
	case err != nil:
		f.err = err
	case strings.HasPrefix(rel, "source/") && (!utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0):
		f.err = errors.New(rel + ": invalid UTF-8 or a NUL byte")
	default:
		f.data, f.hash = data, contentHash(data)
		return f
	}
	f.release()
	return f
}

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
func readRegular(fd int, rel string, buf []byte) ([]byte, error) {
	data, err := state.ReadOpen(fd, buf, project.MaxFileSize)
	if err != nil {
		return buf[:0], &os.PathError{Op: "read", Path: rel, Err: err}
	}
	return data, nil
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
				results[i] = unitStatusOf(p, units[i], locales, exe, entries)
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
	c := statusCache{Entries: map[string]statusEntry{}}
	for job, e := range entries {
		if keep[job] {
			c.Entries[job] = e
		}
	}
	if data, err := json.Marshal(c); err == nil {
		fsutil.WriteOutput(p.Abs(path.Join(cacheDir, "status.json")), data)
	}
}

// unitStatusOf counts one unit in each locale: from the cache, or from its
// catalogs, or, when a file does not load, as StatusReport always has
// (state.Load, coverage.Compute, LoadProblems). Each file is read once:
// the bytes hashed for the key are the bytes parsed.
func unitStatusOf(p *project.Project, u *state.Unit, locales []string, exe func() string, entries map[string]statusEntry) unitStatus {
	// The document's contents do not count once its source catalog
	// loads, but status reports a document that does not load, and an
	// entry's key holds the document it was counted with.
	docHash := ""
	if u.Doc != nil {
		doc := readStatusFile(p, u.Doc.Path)
		doc.release()
		if doc.err != nil && !doc.missing() {
			return loadedUnitStatus(p, u, locales)
		}
		docHash = doc.hash
	}
	src := readStatusFile(p, project.CatalogPath(u.Name, p.SourceLanguage))
	defer src.release()
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
		files[i] = localeFiles{readStatusFile(p, project.CatalogPath(u.Name, tag)), readStatusFile(p, project.ObsoletePath(u.Name, tag))}
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
		// Parsed as state.LoadCatalog parses what it reads.
		if source == nil {
			sf, err := state.ParseCatalog(p, src.rel, src.data)
			if err != nil {
				return loadedUnitStatus(p, u, locales)
			}
			source = coverage.NewSource(sf)
		}
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
