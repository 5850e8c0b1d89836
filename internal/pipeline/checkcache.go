package pipeline

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"

	"folio/internal/check"
	"folio/internal/project"
	"folio/internal/state"
	"folio/internal/xxh3"
)

// The check cache (.folio/cache/check.v2.bin) keeps the diagnostics of
// each unit (document or component) with the key of everything they were
// computed from: the Folio executable, folio.toml (check configuration,
// locales, documents), the glossary, the locales asked and whether only
// errors were, and the unit's files: document, source catalog, history,
// every locale catalog and obsolete store, and the names in its catalog
// folder (stray catalogs). Keys are hashes of file contents, as
// for the build and extract caches. A unit whose key matches is neither
// loaded nor checked; a missing, unreadable, truncated or corrupt cache is
// an empty one.
//
// The file is written as a stream and never held in memory: a header
// (checkMagic), one record per unit (its diagnostics sorted, encoded as
// checkstream.go says), an index (per record: unit name, key, offset,
// size, number of diagnostics, XXH3 of the record) and a footer (the
// index's offset and XXH3, checkMagic). A run reads the index, verifies
// the records it will use, and reads them one diagnostic at a time as it
// merges; a run that checked units writes a new file (temporary, then
// renamed) with their records and the hits' records copied as bytes.

const checkCacheFile = "check.v2.bin"

// oldCheckCacheFile is the cache of Folio before check.v2.bin: removed.
const oldCheckCacheFile = "check.gob"

var checkMagic = []byte("FOLCHK02")

const checkFooterLen = 24 // index offset, index XXH3, magic

// checkRecord locates a unit's record.
type checkRecord struct {
	name, key string
	off, size int64
	n         int    // diagnostics
	sum       uint64 // XXH3 of the record's bytes
}

type checkCache struct {
	p     *project.Project
	on    bool     // the executable is identified: read and save
	names []string // every unit, in state.Load's order
	keys  []string // their keys; "" = not cacheable
	index map[string]int
	old   *os.File               // the cache read, or nil
	recs  map[string]checkRecord // its records
	hits  map[string]bool
}

// testNoCheckCache, set by a test, turns the check cache off.
var testNoCheckCache bool

// newCheckCache computes the units' keys and finds those whose cached
// diagnostics are current. It is off (every unit missed) when the Folio
// executable cannot be identified. close releases the cache read.
func newCheckCache(p *project.Project, locales []string, errorsOnly bool) *checkCache {
	cc := &checkCache{p: p, index: map[string]int{}, hits: map[string]bool{}}
	for _, d := range p.Documents {
		cc.names = append(cc.names, d.Name)
	}
	cc.names = append(cc.names, p.Components...)
	for i, n := range cc.names {
		cc.index[n] = i
	}
	cc.keys = make([]string, len(cc.names))
	if state.ExecutableHash() == "" || testNoCheckCache {
		return cc
	}
	cc.on = true
	os.Remove(p.Abs(path.Join(cacheDir, oldCheckCacheFile)))
	if f, err := os.Open(p.Abs(path.Join(cacheDir, checkCacheFile))); err == nil {
		if recs, err := readCheckIndex(f); err == nil {
			cc.old, cc.recs = f, recs
		} else {
			f.Close()
		}
	}
	h := newFileHasher(p)
	base := key(projectKey(p, h), "check", strconv.FormatBool(errorsOnly), strings.Join(locales, ","))
	parallel(len(cc.names), func(i int) {
		var doc *project.Document
		if i < len(p.Documents) {
			doc = &p.Documents[i]
		}
		cc.keys[i] = checkKey(p, h, base, cc.names[i], doc)
	})
	h.stamps.save()
	var cands []checkRecord
	for i, name := range cc.names {
		if r, ok := cc.recs[name]; ok && cc.keys[i] != "" && r.key == cc.keys[i] {
			cands = append(cands, r)
		}
	}
	// A record used must read back: verify each before any is used.
	sort.Slice(cands, func(i, j int) bool { return cands[i].off < cands[j].off })
	buf := make([]byte, 256<<10)
	for _, r := range cands {
		h := xxh3.New()
		if _, err := io.CopyBuffer(h, io.NewSectionReader(cc.old, r.off, r.size), buf); err == nil && h.Sum64() == r.sum {
			cc.hits[r.name] = true
		}
	}
	return cc
}

func (cc *checkCache) close() {
	if cc.old != nil {
		cc.old.Close()
	}
}

// readCheckIndex reads a cache file's index; an error if the file is not
// a whole cache file.
func readCheckIndex(f *os.File) (map[string]checkRecord, error) {
	bad := errors.New("not a check cache")
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := fi.Size()
	hl := int64(len(checkMagic))
	if size < hl+checkFooterLen {
		return nil, bad
	}
	foot := make([]byte, checkFooterLen)
	head := make([]byte, hl)
	if _, err := f.ReadAt(foot, size-checkFooterLen); err != nil {
		return nil, bad
	}
	if _, err := f.ReadAt(head, 0); err != nil {
		return nil, bad
	}
	if !bytes.Equal(head, checkMagic) || !bytes.Equal(foot[16:], checkMagic) {
		return nil, bad
	}
	at := binary.LittleEndian.Uint64(foot)
	if at < uint64(hl) || at > uint64(size-checkFooterLen) {
		return nil, bad
	}
	idx := make([]byte, uint64(size-checkFooterLen)-at)
	if _, err := f.ReadAt(idx, int64(at)); err != nil || xxh3.Hash(idx) != binary.LittleEndian.Uint64(foot[8:]) {
		return nil, bad
	}
	return parseCheckIndex(idx, at)
}

// parseCheckIndex decodes an index at offset at: every record must lie
// between the header and the index.
func parseCheckIndex(idx []byte, at uint64) (map[string]checkRecord, error) {
	bad := errors.New("not a check cache")
	hl := int64(len(checkMagic))
	var err error
	r := bytes.NewReader(idx)
	num := func() uint64 {
		v, e := binary.ReadUvarint(r)
		if e != nil {
			err = bad
		}
		return v
	}
	str := func() string {
		n := num()
		if n > uint64(r.Len()) {
			err = bad
			return ""
		}
		b := make([]byte, n)
		r.Read(b)
		return string(b)
	}
	recs := map[string]checkRecord{}
	for count := num(); count > 0 && err == nil; count-- {
		c := checkRecord{name: str(), key: str()}
		off, sz, n, sum := num(), num(), num(), num()
		if err != nil || off < uint64(hl) || sz > at || off > at-sz || n > sz {
			return nil, bad
		}
		c.off, c.size, c.n, c.sum = int64(off), int64(sz), int(n), sum
		recs[c.name] = c
	}
	if err != nil || r.Len() != 0 {
		return nil, bad
	}
	return recs, nil
}

// checkKey hashes a unit's check inputs, or returns "" when one of them
// cannot be told by its content (a file that exists but does not read, a
// path leading outside the project).
func checkKey(p *project.Project, h *fileHasher, base, name string, doc *project.Document) string {
	parts := []string{base, name}
	file := func(rel string) bool {
		v := h.hash(rel)
		if strings.HasPrefix(v, "outside ") {
			return false
		}
		if v == "-" && !h.missing(rel) {
			return false // missing is an input; there but unreadable is not cacheable
		}
		parts = append(parts, rel, v)
		return true
	}
	if doc != nil {
		parts = append(parts, "document", doc.Path)
		if !file(doc.Path) {
			return ""
		}
	}
	if !file(state.HistoryPath(name)) || !file(project.CatalogPath(name, p.SourceLanguage)) {
		return ""
	}
	for _, tag := range p.Locales {
		if !file(project.CatalogPath(name, tag)) || !file(project.ObsoletePath(name, tag)) {
			return ""
		}
	}
	// The catalog folder's names: stray catalogs are diagnostics.
	dir, err := state.Contained(p, "locales/"+name)
	if err != nil {
		return ""
	}
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		return ""
	}
	for _, e := range entries {
		parts = append(parts, "entry", e.Name(), strconv.FormatBool(e.IsDir()))
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".toml") {
			if !file("locales/" + name + "/" + e.Name()) {
				return ""
			}
		}
	}
	return key(parts...)
}

// project is the project limited to the units to check.
func (cc *checkCache) project() *project.Project {
	q := *cc.p
	q.Documents = nil
	for _, d := range cc.p.Documents {
		if !cc.hits[d.Name] {
			q.Documents = append(q.Documents, d)
		}
	}
	q.Components = nil
	for _, c := range cc.p.Components {
		if !cc.hits[c] {
			q.Components = append(q.Components, c)
		}
	}
	return &q
}

// checkWriter receives the sorted diagnostics of each unit checked:
// it keeps them in memory up to checkMemLimit and writes records to a file
// in .folio/cache, the new cache when it is saved (every unit's record),
// else a spill file (only the records not kept). The file is temporary,
// named as fsutil names its own (a killed run's is removed by the next),
// and removed by cleanup unless it became the cache.
type checkWriter struct {
	cc      *checkCache
	save    bool // write every unit's record and make the file the cache
	runs    []unitRun
	kept    int  // diagnostics kept in memory
	allKept bool // every unit's diagnostics are in memory
	failed  bool // the file could not be written: keep everything in memory
	saved   bool // the file is the cache now
	tmp     *os.File
	w       *bufio.Writer
	off     int64
	recs    []checkRecord
}

func newCheckWriter(cc *checkCache) *checkWriter {
	return &checkWriter{cc: cc, save: cc.on, runs: make([]unitRun, len(cc.names)), allKept: true}
}

// add takes the diagnostics of unit i, sorted, and their encoding if it
// was made (nil: add makes it when it writes them). A file that cannot be
// written only matters once it holds diagnostics that memory does not:
// until then, memory takes them all, as it did before check streamed.
func (cw *checkWriter) add(i int, ds []check.Diagnostic, body []byte) error {
	keep := cw.failed || cw.kept+len(ds) <= checkMemLimit
	if cw.save || !keep {
		if body == nil {
			body = encodeDiagnostics(ds)
		}
		rec, err := cw.write(cw.cc.names[i], cw.cc.keys[i], len(ds), body)
		switch {
		case err != nil && !cw.allKept:
			return err
		case err != nil:
			cw.failed, cw.save, keep = true, false, true
			cw.drop()
		case !keep:
			cw.runs[i] = unitRun{file: cw.tmp, rec: rec}
			cw.allKept = false
			return nil
		}
	}
	cw.runs[i].mem = ds
	cw.kept += len(ds)
	return nil
}

func (cw *checkWriter) write(name, key string, n int, body []byte) (checkRecord, error) {
	if cw.failed {
		return checkRecord{}, errors.New("no check spill file")
	}
	if cw.tmp == nil {
		dir := cw.cc.p.Abs(cacheDir)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return checkRecord{}, err
		}
		f, err := os.CreateTemp(dir, ".folio-check-*.tmp")
		if err != nil {
			return checkRecord{}, err
		}
		cw.tmp, cw.w = f, bufio.NewWriterSize(f, 256<<10)
		cw.w.Write(checkMagic)
		cw.off = int64(len(checkMagic))
	}
	rec := checkRecord{name: name, key: key, off: cw.off, size: int64(len(body)), n: n, sum: xxh3.Hash(body)}
	if _, err := cw.w.Write(body); err != nil {
		return rec, err
	}
	cw.off += rec.size
	cw.recs = append(cw.recs, rec)
	return rec, nil
}

// cleanup closes the file and removes it unless it is the cache.
func (cw *checkWriter) cleanup() {
	if cw.saved {
		cw.tmp.Close()
		return
	}
	cw.drop()
}

// drop removes the file.
func (cw *checkWriter) drop() {
	if cw.tmp != nil {
		cw.tmp.Close()
		os.Remove(cw.tmp.Name())
		cw.tmp, cw.w = nil, nil
	}
}

// finish places every unit's run: the units not checked are the cache's
// hits, copied to the new cache when it is saved, else read where they
// are. It ends the file: the cache's index and footer, renamed into place.
func (cw *checkWriter) finish() error {
	cc := cw.cc
	if cw.save && cw.tmp != nil {
		err := cw.saveCache()
		if err == nil || !cw.allKept {
			return err
		}
		// Nothing checked needs the file: go on without a cache.
		cw.drop()
	}
	for i, name := range cc.names {
		if cc.hits[name] {
			cw.runs[i] = unitRun{file: cc.old, rec: cc.recs[name]}
		}
	}
	if cw.tmp != nil {
		return cw.w.Flush() // the spill file
	}
	return nil
}

// saveCache copies the hits' records to the new cache, ends it and
// renames it into place.
func (cw *checkWriter) saveCache() error {
	cc := cw.cc
	for i, name := range cc.names {
		if !cc.hits[name] {
			continue
		}
		// The record's bytes were verified against its sum.
		r := cc.recs[name]
		if _, err := io.Copy(cw.w, io.NewSectionReader(cc.old, r.off, r.size)); err != nil {
			return err
		}
		r.off = cw.off
		cw.off += r.size
		cw.recs = append(cw.recs, r)
		cw.runs[i] = unitRun{file: cw.tmp, rec: r}
	}
	cw.w.Write(checkIndex(cw.recs, cw.off))
	if err := cw.w.Flush(); err != nil {
		return err
	}
	// The file stays open for the merge; a failed rename only leaves the
	// cache as it was.
	if os.Chmod(cw.tmp.Name(), 0o644) == nil && os.Rename(cw.tmp.Name(), cc.p.Abs(path.Join(cacheDir, checkCacheFile))) == nil {
		cw.saved = true
	}
	return nil
}

// checkIndex is the end of a cache file whose index starts at off: the
// index of recs and the footer.
func checkIndex(recs []checkRecord, off int64) []byte {
	var idx []byte
	idx = binary.AppendUvarint(idx, uint64(len(recs)))
	for _, r := range recs {
		idx = appendString(idx, r.name)
		idx = appendString(idx, r.key)
		for _, v := range []uint64{uint64(r.off), uint64(r.size), uint64(r.n), r.sum} {
			idx = binary.AppendUvarint(idx, v)
		}
	}
	sum := xxh3.Hash(idx)
	idx = binary.LittleEndian.AppendUint64(idx, uint64(off))
	idx = binary.LittleEndian.AppendUint64(idx, sum)
	return append(idx, checkMagic...)
}

// cachedCheck is checkWith for folio check, streamed: units whose check
// inputs are unchanged since a run cached their diagnostics are not loaded
// again, and the others are loaded and checked a batch at a time
// (buildBatch), so that memory holds a batch, not the project; every
// diagnostic goes to f in check.Merge's order over every unit, and memory
// does not hold them all (checkstream.go). The state it returns names the
// units it checked (their loaded data is dropped with their batch).
func cachedCheck(p *project.Project, locales []string, opts check.Options, f func(check.Diagnostic) error) (checked *state.State, errs, warns int, err error) {
	cc := newCheckCache(p, locales, opts.ErrorsOnly)
	defer cc.close()
	q := cc.project()
	var docs []string
	for _, d := range q.Documents {
		docs = append(docs, d.Name)
	}
	checked = &state.State{Project: p}
	cw := newCheckWriter(cc)
	defer cw.cleanup()
	// check reads a document's bytes (its link reference definitions,
	// whether it loads) but never its segments: they are not made.
	inBatchesWith(state.LoadUnsegmented, p, docs, q.Components, func(st *state.State) {
		if err != nil {
			return
		}
		// Each unit's diagnostics sorted (and encoded when the cache is
		// saved) on every core, written in order.
		perUnit := check.RunUnits(st, opts)
		bodies := make([][]byte, len(perUnit))
		parallel(len(perUnit), func(k int) {
			perUnit[k] = check.Merge([][]check.Diagnostic{perUnit[k]}).Diagnostics
			if cw.save {
				bodies[k] = encodeDiagnostics(perUnit[k])
			}
		})
		for k, ds := range perUnit {
			u := st.Units[k]
			checked.Units = append(checked.Units, &state.Unit{Name: u.Name, Doc: u.Doc})
			i, ok := cc.index[u.Name]
			if !ok {
				continue // not a unit of p (state.Load gives none)
			}
			if err = cw.add(i, ds, bodies[k]); err != nil {
				return
			}
		}
	})
	if err == nil {
		err = cw.finish()
	}
	state.SaveCaches(p) // the catalogs that parsed, for the next reader
	if err != nil {
		return checked, 0, 0, fmt.Errorf("check cache: %v", err)
	}
	errs, warns, err = mergeRuns(cw.runs, f)
	return checked, errs, warns, err
}
