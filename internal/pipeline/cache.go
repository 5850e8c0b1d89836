package pipeline

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io/fs"
	"maps"
	"math"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"folio/internal/check"
	"folio/internal/chrome"
	"folio/internal/fsutil"
	par "folio/internal/parallel"
	"folio/internal/project"
	"folio/internal/state"
	"folio/internal/xxh3"
)

// The content-hash cache in .folio/cache/ (git-ignored) lets a run skip
// the work whose inputs have not changed: extract skips a document whose
// source, catalogs, obsolete stores and history are byte for byte what the
// last extract left, and build skips an edition whose inputs (document,
// its catalogs, history, folio.toml, glossary, chrome strings, options,
// and the Folio executable itself) hash as they did when it was written
// and whose output files still hold what it wrote. Keys are hashes of
// file contents (contentHash), never timestamps; the stamp table
// (stamps.go) spares reading a file whose size and modification time are
// those it had when it was hashed. A missing or unreadable cache is an
// empty one: the cache can only save work, never change a result.

const cacheDir = ".folio/cache"

// fileHasher hashes project files once per run, in parallel where asked.
type fileHasher struct {
	p *project.Project
	// stamps spares reading a file whose Stamp is the one recorded when
	// it was last hashed (stamps.go); nil: every file is read.
	stamps *stampTable
	// The hashes of the files the stamp table held when the run began
	// are in cells, by their place in it (at: the table's index then),
	// found without a lock: a build with nothing to do on L10 asks
	// 110,000 times for the hashes of 44,000 files. Those of other files
	// are in m, under mu.
	at    map[string]int
	cells []atomic.Pointer[hashCell]
	slab  []hashCell // the cells' first values
	mu    sync.Mutex
	m     map[string]*hashCell
}

// testHashed, when a test sets it, is told each file a fileHasher reads.
var testHashed func(rel string)

// hashCell is one file's hash, computed once however many goroutines ask
// for it at the same time: build hashes an edition's inputs in one
// goroutine per edition, and the editions of a document in every locale
// share its source, history and source catalog (half of M1's no-change
// build read a file another goroutine was reading).
type hashCell struct {
	once sync.Once
	v    string
}

func newFileHasher(p *project.Project) *fileHasher {
	t := loadStamps(p)
	return &fileHasher{p: p, stamps: t, at: t.old, cells: make([]atomic.Pointer[hashCell], len(t.recs)),
		slab: make([]hashCell, len(t.recs)), m: map[string]*hashCell{}}
}

// cell returns rel's cell, made empty when there is none yet.
func (h *fileHasher) cell(rel string) *hashCell {
	if i, ok := h.at[rel]; ok {
		if c := h.cells[i].Load(); c != nil {
			return c
		}
		if h.cells[i].CompareAndSwap(nil, &h.slab[i]) {
			return &h.slab[i]
		}
		return h.cells[i].Load()
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	c, ok := h.m[rel]
	if !ok {
		c = &hashCell{}
		h.m[rel] = c
	}
	return c
}

// put makes c rel's cell, always (replace) or only when rel has none,
// and reports whether it did.
func (h *fileHasher) put(rel string, c *hashCell, replace bool) bool {
	if i, ok := h.at[rel]; ok {
		if replace {
			h.cells[i].Store(c)
			return true
		}
		return h.cells[i].CompareAndSwap(nil, c)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.m[rel]; ok && !replace {
		return false
	}
	h.m[rel] = c
	return true
}

// hash returns the content hash of a project-relative file, or "-" when it
// cannot be read (a missing file is an input too).
func (h *fileHasher) hash(rel string) string {
	c := h.cell(rel)
	c.once.Do(func() { c.v = h.compute(rel) })
	return c.v
}

// compute reads and hashes a project-relative file, unless its Stamp is
// the one the stamp table recorded with its hash.
func (h *fileHasher) compute(rel string) string {
	if i, rec, ok := h.stamps.lookup(rel); ok {
		if st, ok := state.StampOf(h.p, rel); ok && st == rec.st {
			h.stamps.hit(i)
			return sumString(rec.sum)
		}
	}
	if h.p.ObsoleteMissing(rel) {
		// Missing, as the project knows without a system call (state.Open
		// would say so with an error message made for nobody: 4,450 of
		// them in L10's build with nothing to do, for the status
		// report's key).
		h.stamps.forget(rel)
		return "-"
	}
	if testHashed != nil {
		testHashed(rel)
	}
	v := "-"
	if fd, err := state.Open(h.p, rel); err == nil {
		if sum, st, valid, err := hashFD(fd, rel); err == nil {
			v = sumString(sum)
			// A source that does not load is read again by the next
			// run, which must report it: status, which keys a unit's
			// counts by its document's hash without reading it, would
			// take a recorded one for a document that loads.
			if valid {
				h.stamps.record(rel, st, sum)
			} else {
				h.stamps.forget(rel)
			}
		} else {
			h.stamps.forget(rel)
		}
		syscall.Close(fd)
	} else {
		if errors.Is(err, state.ErrOutside) {
			// A file that leads outside the project is never a cached
			// input: the run must see it and report it.
			v = "outside " + strconv.FormatInt(time.Now().UnixNano(), 10)
		}
		h.stamps.forget(rel)
	}
	return v
}

// missing reports whether a file hash gives as "-" is missing, rather than
// there but unreadable: a missing file is a cache input, an unreadable one
// makes what depends on it uncacheable. An obsolete store the project
// knows to be missing costs no system call.
func (h *fileHasher) missing(rel string) bool {
	if h.p.ObsoleteMissing(rel) {
		return true
	}
	_, err := os.Lstat(h.p.Abs(rel))
	return errors.Is(err, fs.ErrNotExist)
}

// seed records, for each file of u not hashed yet, its hash as state
// loaded it (Unit.Sums): a file a run loads is not read again to make a
// key. The stamp table records them with their Stamps.
func (h *fileHasher) seed(u *state.Unit) {
	for rel, sum := range u.Sums {
		c := &hashCell{v: sumString(sum)}
		c.once.Do(func() {})
		if h.put(rel, c, false) {
			h.stamps.record(rel, u.Stamps[rel], sum)
		}
	}
}

// set records the hash of what the run is writing to a file: a cell whose
// Once is already spent, so that hash returns sum without reading.
func (h *fileHasher) set(rel, sum string) {
	c := &hashCell{v: sum}
	c.once.Do(func() {})
	h.put(rel, c, true)
}

// executableHash identifies the running Folio: a new build (a new
// version) invalidates every cached result.
func executableHash() string {
	if h := state.ExecutableHash(); h != "" {
		return h
	}
	return "unknown"
}

// key hashes its parts into one cache key: the SHA-256 of the parts,
// each followed by a NUL, in hex. The parts are joined in one buffer and
// hashed at once: writing each to a hash.Hash copied it to the heap first
// (two allocations a part, ten parts a key, a key for each of L10's
// 22,000 editions in a build with nothing to do).
func key(parts ...string) string {
	n := len(parts)
	for _, s := range parts {
		n += len(s)
	}
	var stack [512]byte
	buf := stack[:0]
	if n > len(stack) {
		buf = make([]byte, 0, n)
	}
	for _, s := range parts {
		buf = append(buf, s...)
		buf = append(buf, 0)
	}
	sum := sha256.Sum256(buf)
	var out [2 * sha256.Size]byte
	hex.Encode(out[:], sum[:])
	return string(out[:])
}

// cache is one file of .folio/cache/ mapping a job (a document, or a
// document and locale) to the key of its inputs and the hashes of the
// files it wrote. It is written only when a job's entry changed.
//
// The file is not decoded when it is read: an entry is decoded when a job
// asks for it, found by binary search among the entries' offsets (the
// file holds them sorted by job), and save copies the entries nobody
// changed as they were read. A run that touches a few editions of a large
// project (a build after one catalog changed, L10's 88,000 entries, 18 MB)
// spent a tenth of its time decoding the whole file into maps and another
// tenth encoding it again.
type cache struct {
	path string
	// raw is the file's entries as read (after cacheMagic), offs the
	// offset in raw where each begins, in the order of their jobs.
	raw  []byte
	offs []int
	// at finds an entry's offset in raw by its job (the job's bytes in
	// raw, not a copy): a build asks for every edition's entry, 88,000
	// on L10, and binary search over the offsets decoded a dozen jobs
	// for each (a tenth of a build with nothing to do).
	at map[string]int
	mu sync.Mutex
	// changed holds the entries put (non-nil) or dropped (nil) this run.
	changed map[string]*cacheEntry
}

type cacheEntry struct {
	Key     string
	Outputs map[string]string
	// Stamps are the outputs' Stamps when they were written or last read
	// (by path, as Outputs; missing or zero: unknown).
	Stamps map[string]fsutil.Stamp
}

// cacheMagic begins a cache file; a file without it (an older format,
// a damaged file) is an empty cache.
const cacheMagic = "folio cache 3\n"

// loadCache reads .folio/cache/<name>.cache.
func loadCache(p *project.Project, name string) *cache {
	c := &cache{path: p.Abs(path.Join(cacheDir, name+".cache")), changed: map[string]*cacheEntry{}}
	if data, err := os.ReadFile(c.path); err == nil {
		if raw, offs, ok := indexCache(data); ok {
			c.raw, c.offs, c.at = raw, offs, jobIndex(raw, offs)
		}
	}
	return c
}

// get returns job's entry: the one put this run, or the one read.
func (c *cache) get(job string) (cacheEntry, bool) {
	c.mu.Lock()
	e, ok := c.changed[job]
	raw, at := c.raw, c.at
	c.mu.Unlock()
	if ok {
		if e == nil {
			return cacheEntry{}, false
		}
		return *e, true
	}
	return readEntry(raw, at, job)
}

// readEntry decodes job's entry in an indexed file (raw, at), which
// nothing writes to: save replaces the cache's raw, offs and at, under
// its lock, by those of the file it wrote.
func readEntry(raw []byte, at map[string]int, job string) (cacheEntry, bool) {
	off, found := at[job]
	if !found {
		return cacheEntry{}, false
	}
	return decodeEntry(raw, off), true
}

// jobIndex maps each job of an indexed file to its entry's offset. The
// keys are the jobs' bytes in raw, which nothing writes to.
func jobIndex(raw []byte, offs []int) map[string]int {
	at := make(map[string]int, len(offs))
	for _, off := range offs {
		job := jobAt(raw, off)
		at[unsafe.String(unsafe.SliceData(job), len(job))] = off
	}
	return at
}

// entryRef is an entry as the cache file holds it, read without decoding
// it (its key and its outputs' Stamps compared in place).
type entryRef struct {
	raw []byte
	off int
}

// ref returns job's entry as read from the file, when this run has not put
// or dropped it.
func (c *cache) ref(job string) (entryRef, bool) {
	c.mu.Lock()
	_, changed := c.changed[job]
	raw, at := c.raw, c.at
	c.mu.Unlock()
	off, found := at[job]
	if changed || !found {
		return entryRef{}, false
	}
	return entryRef{raw, off}, true
}

// key is the entry's key: its bytes in the file, not a copy.
func (r entryRef) key() string {
	b := &binReader{rest: r.raw[r.off:]}
	b.fixed(b.count()) // the job
	k := b.fixed(b.count())
	return unsafe.String(unsafe.SliceData(k), len(k))
}

// stampsCurrent reports whether the entry names outputs and every one of
// them has the Stamp recorded with it, as outputsCurrent's first test,
// without decoding the entry into maps. false says only that the full
// test must be made: an output with no Stamp, or another one, may still
// hold what was written.
func (r entryRef) stampsCurrent(abs func(rel string) string) bool {
	b := &binReader{rest: r.raw[r.off:]}
	b.fixed(b.count()) // the job
	b.fixed(b.count()) // the key
	n := b.count()
	if n == 0 {
		return false
	}
	for range n {
		rel := b.fixed(b.count())
		b.fixed(b.count()) // the output's hash
		st := fsutil.Stamp{Size: b.varint(), Mtime: b.varint()}
		if !b.ok() || st == (fsutil.Stamp{}) || fsutil.StampOf(abs(string(rel))) != st {
			return false
		}
	}
	return true
}

func (c *cache) put(job string, e cacheEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	old, ok := c.changed[job]
	if !ok {
		if was, found := readEntry(c.raw, c.at, job); found {
			old = &was
		}
	}
	if old == nil || old.Key != e.Key || !maps.Equal(old.Outputs, e.Outputs) || !maps.Equal(old.Stamps, e.Stamps) {
		c.changed[job] = &e
	}
}

func (c *cache) drop(job string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.changed[job]; ok {
		if e != nil {
			c.changed[job] = nil
		}
		return
	}
	if _, found := readEntry(c.raw, c.at, job); found {
		c.changed[job] = nil
	}
}

// save writes the cache when an entry changed; failing to is not an
// error of the run.
func (c *cache) save() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.changed) == 0 {
		return
	}
	data, offs := c.encode()
	if _, err := fsutil.WriteOutput(c.path, data); err == nil {
		// What was written is now what the file holds.
		c.raw, c.offs = data[len(cacheMagic):], offs
		c.at = jobIndex(c.raw, c.offs)
		clear(c.changed)
	}
}

// encode is the cache file: the entries read, in order, with those
// changed this run put in their place, added or left out; and where each
// entry begins (after the magic), as indexCache would find them.
func (c *cache) encode() ([]byte, []int) {
	jobs := slices.Sorted(maps.Keys(c.changed))
	b := make([]byte, 0, len(cacheMagic)+len(c.raw)+256*len(jobs))
	b = append(b, cacheMagic...)
	offs := make([]int, 0, len(c.offs)+len(jobs))
	add := func(job string) {
		if e := c.changed[job]; e != nil {
			offs = append(offs, len(b)-len(cacheMagic))
			b = appendEntry(b, job, *e)
		}
	}
	k := 0
	for i, off := range c.offs {
		end := len(c.raw)
		if i+1 < len(c.offs) {
			end = c.offs[i+1]
		}
		job := jobAt(c.raw, off)
		for k < len(jobs) && jobs[k] < string(job) {
			add(jobs[k])
			k++
		}
		if k < len(jobs) && jobs[k] == string(job) {
			add(jobs[k])
			k++
			continue
		}
		offs = append(offs, len(b)-len(cacheMagic))
		b = append(b, c.raw[off:end]...)
	}
	for ; k < len(jobs); k++ {
		add(jobs[k])
	}
	return b, offs
}

// appendEntry appends one entry of a cache file, as length-prefixed
// strings: job, key, the number of outputs, and each output's path, hash
// and Stamp (size, then modification time, as varints). A file holds
// cacheMagic and then the entries sorted by job. It is read at the start
// of every run, and JSON's decoder took longer than hashing a project's
// files.
func appendEntry(b []byte, job string, e cacheEntry) []byte {
	b = appendStr(b, job)
	b = appendStr(b, e.Key)
	b = binary.AppendUvarint(b, uint64(len(e.Outputs)))
	for _, rel := range slices.Sorted(maps.Keys(e.Outputs)) {
		b = appendStr(b, rel)
		b = appendStr(b, e.Outputs[rel])
		st := e.Stamps[rel]
		b = binary.AppendVarint(b, st.Size)
		b = binary.AppendVarint(b, st.Mtime)
	}
	return b
}

// indexCache finds the entries of a cache file (cacheMagic, then
// appendEntry's entries): the bytes after the magic and where each entry
// begins. ok is false for anything else: no magic, an entry cut short, or
// jobs out of order or repeated (which binary search could not find).
func indexCache(data []byte) (raw []byte, offs []int, ok bool) {
	raw, found := bytes.CutPrefix(data, []byte(cacheMagic))
	if !found {
		return nil, nil, false
	}
	r := &binReader{rest: raw}
	var prev []byte
	for r.more() {
		off := len(raw) - len(r.rest)
		job := r.fixed(r.count())
		if len(offs) > 0 && bytes.Compare(prev, job) >= 0 {
			return nil, nil, false
		}
		prev = job
		offs = append(offs, off)
		r.fixed(r.count()) // key
		for range r.count() {
			r.fixed(r.count())
			r.fixed(r.count())
			r.varint()
			r.varint()
		}
	}
	if !r.ok() {
		return nil, nil, false
	}
	return raw, offs, true
}

// jobAt is the job of the entry at off in an indexed file.
func jobAt(raw []byte, off int) []byte {
	r := &binReader{rest: raw[off:]}
	return r.fixed(r.count())
}

// decodeEntry reads the entry at off in an indexed file.
func decodeEntry(raw []byte, off int) (e cacheEntry) {
	r := &binReader{rest: raw[off:]}
	r.fixed(r.count()) // the job
	e.Key = r.str()
	n := r.count()
	if n > 0 {
		e.Outputs = make(map[string]string, n)
	}
	for range n {
		rel, sum := r.str(), r.str()
		e.Outputs[rel] = sum
		if st := (fsutil.Stamp{Size: r.varint(), Mtime: r.varint()}); st != (fsutil.Stamp{}) {
			if e.Stamps == nil {
				e.Stamps = map[string]fsutil.Stamp{}
			}
			e.Stamps[rel] = st
		}
	}
	return e
}

// projectKey hashes what every job of a run depends on: the executable,
// folio.toml, the glossary, the chrome strings, SOURCE_DATE_EPOCH.
func projectKey(p *project.Project, h *fileHasher) string {
	parts := []string{executableHash(), h.hash(project.FileName), h.hash(check.GlossaryPath), os.Getenv("SOURCE_DATE_EPOCH")}
	entries, _ := os.ReadDir(p.Abs("locales/" + chrome.Component))
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".toml") {
			rel := "locales/" + chrome.Component + "/" + e.Name()
			parts = append(parts, rel, h.hash(rel))
		}
	}
	return key(parts...)
}

// extractKey hashes a document's extract inputs. The key begins with the
// hash of the document's source and a slash, so that a document whose
// source changed is seen to be stale without hashing its catalogs
// (newExtractCache).
func extractKey(p *project.Project, h *fileHasher, base string, d *project.Document) string {
	parts := []string{base, d.Name, d.Path, h.hash(d.Path), h.hash(state.HistoryPath(d.Name)), h.hash(project.CatalogPath(d.Name, p.SourceLanguage))}
	for _, tag := range p.Locales {
		parts = append(parts, tag, h.hash(project.CatalogPath(d.Name, tag)), h.hash(project.ObsoletePath(d.Name, tag)))
	}
	return h.hash(d.Path) + "/" + key(parts...)
}

// buildKey hashes an edition's inputs. tags are the locales built (the
// language switcher links to them). The key begins with the hash of the
// document's source and a slash, so that an edition whose source changed
// is seen to be stale without hashing its catalogs (newBuildCache).
func buildKey(p *project.Project, h *fileHasher, base string, d *project.Document, tag string, opts BuildOptions, tags []string) string {
	parts := []string{base, d.Name, d.Path, tag, strings.Join(tags, ","), opts.Out,
		h.hash(d.Path), h.hash(state.HistoryPath(d.Name)), h.hash(project.CatalogPath(d.Name, p.SourceLanguage))}
	if opts.Force {
		parts = append(parts, "force")
	}
	if tag != p.SourceLanguage {
		parts = append(parts, h.hash(project.CatalogPath(d.Name, tag)))
	}
	return h.hash(d.Path) + "/" + key(parts...)
}

// outputsCurrent reports whether every output file of the cache's entry
// for job still holds what was written: an output whose Stamp is the one
// recorded is taken as it is without reading it (in a run with nothing to
// do, the build of M1 read a thousand editions, a quarter of its system
// calls); one whose Stamp differs (a copy of the project, a checkout, an
// edit) is read and hashed, and when it still holds what was written its
// new Stamp is recorded. What the Stamp cannot see is a program writing
// the same number of bytes and setting the modification time back, or
// writing within the clock tick of Folio's write (a few milliseconds);
// make and Ninja, which compare times alone, see less.
func outputsCurrent(c *cache, job string, e cacheEntry, abs func(rel string) string) bool {
	if len(e.Outputs) == 0 {
		return false
	}
	var fresh map[string]fsutil.Stamp
	for rel, want := range e.Outputs {
		name := abs(rel)
		if st, ok := e.Stamps[rel]; ok && st != (fsutil.Stamp{}) && fsutil.StampOf(name) == st {
			continue
		}
		outputReads.Add(1)
		if sum, err := hashFile(name); err != nil || sum != want {
			return false
		}
		if st := fsutil.StampOf(name); st != (fsutil.Stamp{}) {
			if fresh == nil {
				fresh = maps.Clone(e.Stamps)
				if fresh == nil {
					fresh = map[string]fsutil.Stamp{}
				}
			}
			fresh[rel] = st
		}
	}
	if fresh != nil {
		c.put(job, cacheEntry{Key: e.Key, Outputs: e.Outputs, Stamps: fresh})
	}
	return true
}

// outputReads counts the output files outputsCurrent read (for tests).
var outputReads atomic.Int64

// contentHash is the cache's hash of a file's bytes: the 128-bit XXH3,
// the hash ccache keys its cache with. It is a cache key, not a
// signature: nobody gains by making two inputs collide in their own
// cache, and at 20 to 60 times SHA-256's speed it keeps a run with
// nothing to do, which must read every input, close to the cost of
// reading them.
func contentHash(data []byte) string { return sumString(xxh3.Hash128(data).Bytes()) }

// sumString is contentHash of the bytes whose XXH3-128 is sum (state's
// Unit.Sums).
func sumString(sum [16]byte) string { return hex.EncodeToString(sum[:]) }

// hashFile returns the contentHash of a file's bytes. A run with nothing
// to do hashes every input and output, a few thousand files: this reads
// each with four system calls (open, fstat, read, close) into a reused
// buffer, where os.ReadFile also registers the file with the poller and
// allocates its bytes anew.
func hashFile(abs string) (string, error) {
	fd, err := syscall.Open(abs, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
	if err != nil {
		return "", &os.PathError{Op: "open", Path: abs, Err: err}
	}
	defer syscall.Close(fd)
	sum, _, _, err := hashFD(fd, abs)
	if err != nil {
		return "", err
	}
	return sumString(sum), nil
}

// hashFD returns the XXH3-128 of the bytes of the open file fd, a regular
// file (name, project-relative or absolute, is for errors), its Stamp as
// fstat gave it before the read, and whether those bytes are what
// state.ReadFile accepts of the file name (state.ValidSource).
func hashFD(fd int, name string) (sum [16]byte, st fsutil.Stamp, valid bool, err error) {
	st, err = readPooled(fd, math.MaxInt64, func(data []byte) {
		sum, valid = xxh3.Hash128(data).Bytes(), state.ValidSource(name, data)
	})
	if err != nil {
		return [16]byte{}, st, false, &os.PathError{Op: "read", Path: name, Err: err}
	}
	return sum, st, valid, nil
}

// scanFile hands the bytes of the project file rel to f, which must not
// keep them: they are read into a buffer reused between calls. Looking
// for a few hashes in every catalog of a project (narrowMemory) allocated
// a copy of each, 45 MB of fresh pages on the second real corpus's
// 5 %-edit extract.
func scanFile(p *project.Project, rel string, f func(data []byte)) error {
	fd, err := state.Open(p, rel)
	if err != nil {
		return err
	}
	defer syscall.Close(fd)
	_, err = readPooled(fd, project.MaxFileSize, f)
	return err
}

// readPooled reads the open file fd (at most limit bytes) into a buffer
// from readBuffers and hands the bytes to f; it returns the file's Stamp
// as fstat gave it before the read.
func readPooled(fd int, limit int64, f func(data []byte)) (fsutil.Stamp, error) {
	bp := readBuffers.Get().(*[]byte)
	defer readBuffers.Put(bp)
	buf, st, err := state.ReadOpenStamp(fd, *bp, limit)
	if cap(buf) > cap(*bp) && cap(buf) <= 16<<20 {
		*bp = buf[:0]
	}
	if err == nil {
		f(buf)
	}
	return st, err
}

var readBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

// parallel runs f(i) for i in [0, n) on a few goroutines (parallel.For).
func parallel(n int, f func(i int)) { par.For(4, n, f) }

// onlyDocuments returns a copy of the project limited to the named
// documents (and no components), for loading just what a run must redo.
func onlyDocuments(p *project.Project, names map[string]bool) *project.Project {
	q := *p
	q.Documents = nil
	for _, d := range p.Documents {
		if names[d.Name] {
			q.Documents = append(q.Documents, d)
		}
	}
	q.Components = nil
	return &q
}

// extractCache says which documents extract must redo.
type extractCache struct {
	p     *project.Project
	h     *fileHasher
	c     *cache
	base  string
	stale map[string]bool
}

func newExtractCache(p *project.Project) *extractCache {
	ec := &extractCache{p: p, h: newFileHasher(p), c: loadCache(p, "extract"), stale: map[string]bool{}}
	ec.base = projectKey(p, ec.h)
	// A document with no entry, or whose source is not the one its entry
	// names, is stale: its other inputs are not hashed now but as extract
	// loads them (seed), and its key is made when it is done. A first
	// extract and a 5 %-edit one read each catalog once instead of twice.
	stale := make([]bool, len(p.Documents))
	parallel(len(p.Documents), func(i int) {
		d := &p.Documents[i]
		e, ok := ec.c.get(d.Name)
		if !ok {
			stale[i] = true
			return
		}
		if src, _, _ := strings.Cut(e.Key, "/"); src != ec.h.hash(d.Path) {
			stale[i] = true
			return
		}
		stale[i] = e.Key != extractKey(p, ec.h, ec.base, d)
	})
	for i, d := range p.Documents {
		if stale[i] {
			ec.stale[d.Name] = true
		}
	}
	return ec
}

// load loads a stale document for extract, and takes the hashes of the
// files it read as the hasher's (seed).
func (ec *extractCache) load(pool *par.Pool, name string) *state.Unit {
	u := state.LoadSummedOn(pool, onlyDocuments(ec.p, map[string]bool{name: true}), ec.p.Locales).Units[0]
	ec.h.seed(u)
	return u
}

func (ec *extractCache) anyDirty() bool         { return len(ec.stale) > 0 }
func (ec *extractCache) dirty(name string) bool { return ec.stale[name] }

// done records a document's inputs as extract left them.
func (ec *extractCache) done(u *state.Unit, written []string, err error) {
	if err != nil {
		ec.c.drop(u.Name)
		return
	}
	// The files written have the hashes extractUnit recorded (h.set).
	ec.c.put(u.Name, cacheEntry{Key: extractKey(ec.p, ec.h, ec.base, u.Doc)})
}

// buildCache says which editions (document × locale × format) build must
// redo, and records those it wrote.
type buildCache struct {
	p    *project.Project
	opts BuildOptions
	c    *cache
	h    *fileHasher // the inputs' hashes, shared with the status report
	base string      // projectKey
	tags []string
	todo map[string][]string // doc|tag → formats to build
	docs map[string]bool     // documents with something to build
	// keys are the editions' input keys (doc|tag), made by newBuildCache,
	// or by keyUnit as build loads a document; mu guards them.
	mu   sync.Mutex
	keys map[string]string
}

func newBuildCache(p *project.Project, opts BuildOptions, tags, formats []string) *buildCache {
	h := newFileHasher(p)
	bc := &buildCache{p: p, opts: opts, c: loadCache(p, "build"), h: h, tags: tags, keys: map[string]string{}, todo: map[string][]string{}, docs: map[string]bool{}}
	bc.base = projectKey(p, h)
	type job struct {
		d   *project.Document
		tag string
	}
	var jobs []job
	for i := range p.Documents {
		for _, tag := range tags {
			jobs = append(jobs, job{&p.Documents[i], tag})
		}
	}
	// An edition with no entry, or whose entry names another source, is
	// stale before its catalogs are hashed; its key is made as build
	// loads its document (keyUnit). A first build and the build after a
	// 5 %-edit extract read each stale document's catalogs once.
	keys := make([]string, len(jobs))
	todo := make([][]string, len(jobs))
	parallel(len(jobs), func(i int) {
		j := jobs[i]
		src := h.hash(j.d.Path)
		for _, f := range formats {
			if f == "review" && j.tag == p.SourceLanguage {
				// Never written (nothing to review against itself):
				// with no entry it would be stale in every build.
				continue
			}
			name := bc.entry(j.d.Name, j.tag, f)
			// An entry as the file holds it is compared in place: the
			// key, then each output's Stamp (a build with nothing to do
			// decoded every entry into maps to compare them). Anything
			// else takes the full test below.
			if r, ok := bc.c.ref(name); ok {
				k := r.key()
				if prefix, _, _ := strings.Cut(k, "/"); prefix == src {
					if keys[i] == "" {
						keys[i] = buildKey(p, h, bc.base, j.d, j.tag, opts, tags)
					}
					if k == keys[i] && r.stampsCurrent(bc.outputPath) {
						continue
					}
				}
			}
			if e, ok := bc.c.get(name); ok {
				if prefix, _, _ := strings.Cut(e.Key, "/"); prefix == src {
					if keys[i] == "" {
						keys[i] = buildKey(p, h, bc.base, j.d, j.tag, opts, tags)
					}
					if e.Key == keys[i] && outputsCurrent(bc.c, name, e, bc.outputPath) {
						continue
					}
				}
			}
			todo[i] = append(todo[i], f)
		}
	})
	for i, j := range jobs {
		k := j.d.Name + "|" + j.tag
		if keys[i] != "" {
			bc.keys[k] = keys[i]
		}
		if len(todo[i]) > 0 {
			bc.todo[k] = todo[i]
			bc.docs[j.d.Name] = true
		}
	}
	return bc
}

// keyUnit makes the keys newBuildCache left unmade for a document build
// has loaded, from the hashes of the files as loaded (Unit.Sums).
func (bc *buildCache) keyUnit(u *state.Unit) {
	bc.h.seed(u)
	if u.Doc == nil {
		return
	}
	for _, tag := range bc.tags {
		k := u.Name + "|" + tag
		bc.mu.Lock()
		_, ok := bc.keys[k]
		bc.mu.Unlock()
		if ok || !bc.stale(u.Name, tag) {
			continue
		}
		key := buildKey(bc.p, bc.h, bc.base, u.Doc, tag, bc.opts, bc.tags)
		bc.mu.Lock()
		bc.keys[k] = key
		bc.mu.Unlock()
	}
}

// entry names a cache entry: output folder, locale, document, format.
func (bc *buildCache) entry(doc, tag, format string) string {
	return bc.opts.Out + "|" + tag + "|" + doc + "|" + format
}

// project is the project limited to the documents with work to do.
func (bc *buildCache) project() *project.Project { return onlyDocuments(bc.p, bc.docs) }

func (bc *buildCache) stale(doc, tag string) bool { return len(bc.todo[doc+"|"+tag]) > 0 }

func (bc *buildCache) formats(doc, tag string) []string { return bc.todo[doc+"|"+tag] }

// written records an output file (abs) of an edition: by its path in the
// project when it is in the project (output/), so that a copy of the
// project checks its own outputs, not those of the project it was copied
// from; by its absolute path otherwise (--out elsewhere).
func (bc *buildCache) written(doc, tag, format, abs string, data []byte, stamp fsutil.Stamp, err error) {
	name := bc.entry(doc, tag, format)
	if err != nil {
		bc.c.drop(name)
		return
	}
	out := abs
	if rel, err := filepath.Rel(bc.p.Root, abs); err == nil && filepath.IsLocal(rel) {
		out = filepath.ToSlash(rel)
	}
	bc.mu.Lock()
	k := bc.keys[doc+"|"+tag]
	bc.mu.Unlock()
	e := cacheEntry{Key: k, Outputs: map[string]string{out: contentHash(data)}}
	if stamp != (fsutil.Stamp{}) {
		e.Stamps = map[string]fsutil.Stamp{out: stamp}
	}
	bc.c.put(name, e)
}

// outputPath is the file an output of the build cache names: one in the
// project (a relative path), or an absolute one.
func (bc *buildCache) outputPath(out string) string {
	if filepath.IsAbs(out) {
		return out
	}
	return bc.p.Abs(out)
}

// save writes the build cache; Build writes the stamp table after the
// report, which hashes files too.
func (bc *buildCache) save() { bc.c.save() }
