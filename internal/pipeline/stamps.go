package pipeline

import (
	"bytes"
	"encoding/binary"
	"maps"
	"os"
	"path"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"folio/internal/fsutil"
	"folio/internal/project"
)

// The stamp table (.folio/cache/stamps.cache) remembers, for each input
// file a run hashed, its Stamp (size and modification time) as fstat gave
// it before the read, and the hash of what was read. The next run takes a
// file whose lstat gives the same Stamp as holding the same bytes, and
// does not read it: one system call instead of four and the read. It is
// rsync's quick check and Git's index: cache keys are still hashes of
// contents (a file touched but not changed is hashed again and found the
// same; a file changed is read, whatever its times say); the Stamp only
// spares reading what has not changed since it was hashed.
//
// A Stamp is recorded only for a file that cannot change again without a
// later modification time: a file written again within the clock tick of
// its last write may keep its modification time (the "racily clean" files
// of Git). Such a file was last modified either more than stampMargin
// before the run began (by the system's clock), or before the run's
// project.Clock (by the file system's own clock, which wrote the lock
// file before the run read any input, as Git compares a file's time with
// its index's) on the lock's device, so that files a run writes or
// checks out are recorded by the next run, not only after the margin. A
// file is checked for the lock's device only in the margin (one lstat).
// What the table cannot see, then, is what make and rsync cannot see
// either: a file rewritten to the same size with its old modification
// time put back. `rm -rf .folio/cache` forgets every Stamp.
//
// The table is an optimisation only: a missing, damaged or foreign file
// is an empty table, and failing to write it is not an error of the run.

const (
	stampsFile  = "stamps.cache"
	stampsMagic = "folio stamps 1\n"
	// stampMargin is how much older than the run a file's modification
	// time must be for its Stamp to be recorded: more than the clock
	// tick of any file system Folio runs on (FAT's is two seconds).
	stampMargin = 3 * time.Second
)

// stampRec is a file's Stamp and the XXH3-128 of what was read.
type stampRec struct {
	st  fsutil.Stamp
	sum [16]byte
}

// stampTable is the stamp table of one run. What the last run left is
// read-only once loaded: old gives each file's place in recs (and in
// hits, which notes the files this run found as recorded, without a lock:
// a run with nothing to do finds every file so). The run's other
// findings go to fresh, gone and seen, under mu.
type stampTable struct {
	path string
	// cutoff (ns): files modified at or after it are not recorded, unless
	// modified before the run's clock on its device (recent); p resolves
	// their paths for that test.
	cutoff int64
	clock  project.Clock
	p      *project.Project

	old  map[string]int
	recs []stampRec
	hits []atomic.Bool

	mu    sync.Mutex
	fresh map[string]stampRec // recorded this run
	gone  map[string]bool     // in old, found missing or changed
	seen  map[string]bool     // recorded this run (hits notes the others)
	dirty bool
}

// loadStamps reads the project's stamp table.
func loadStamps(p *project.Project) *stampTable {
	now := time.Now()
	t := &stampTable{
		path:   p.Abs(path.Join(cacheDir, stampsFile)),
		cutoff: now.Add(-stampMargin).UnixNano(),
		clock:  p.Clock(),
		p:      p,
		fresh:  map[string]stampRec{},
		gone:   map[string]bool{},
		seen:   map[string]bool{},
	}
	if data, err := os.ReadFile(t.path); err == nil {
		t.old, t.recs, _ = indexStamps(data)
		t.hits = make([]atomic.Bool, len(t.recs))
	}
	// A lock file from the future (a clock set back since, or a touch)
	// proves nothing.
	if t.clock.Mtime > now.UnixNano() {
		t.clock = project.Clock{}
	}
	return t
}

// recent reports whether a file with Stamp st, read by this run, may
// still change without a later modification time: modified in the last
// stampMargin before the run, and not before the run's Clock on the
// Clock's device (an lstat, which must also find st: a file changed since
// its read is not recorded either).
func (t *stampTable) recent(rel string, st fsutil.Stamp) bool {
	if st.Mtime < t.cutoff {
		return false
	}
	if t.clock.Mtime == 0 || st.Mtime >= t.clock.Mtime {
		return true
	}
	var lst syscall.Stat_t
	if syscall.Lstat(t.p.Abs(rel), &lst) != nil {
		return true
	}
	return uint64(lst.Dev) != t.clock.Dev || lst.Size != st.Size || lst.Mtim.Nano() != st.Mtime
}

// lookup returns what the table holds for rel, and its place (for hit).
func (t *stampTable) lookup(rel string) (int, stampRec, bool) {
	if t == nil {
		return 0, stampRec{}, false
	}
	i, ok := t.old[rel]
	if !ok {
		return 0, stampRec{}, false
	}
	return i, t.recs[i], true
}

// hit notes that the file at index i was found as the table holds it.
func (t *stampTable) hit(i int) { t.hits[i].Store(true) }

// wasSeen reports whether the run looked at rel (under t.mu).
func (t *stampTable) wasSeen(rel string) bool {
	if i, ok := t.old[rel]; ok && t.hits[i].Load() {
		return true
	}
	return t.seen[rel]
}

// seenCount is how many files the run looked at (under t.mu).
func (t *stampTable) seenCount() int {
	n := len(t.seen)
	for i := range t.hits {
		if t.hits[i].Load() {
			n++
		}
	}
	return n
}

// record notes what a run read of rel: its Stamp before the read and the
// hash of the bytes. A file modified too recently is not recorded, and
// what the table held for it is dropped.
func (t *stampTable) record(rel string, st fsutil.Stamp, sum [16]byte) {
	if t == nil {
		return
	}
	untrusted := st == (fsutil.Stamp{}) || t.recent(rel, st)
	t.mu.Lock()
	defer t.mu.Unlock()
	t.seen[rel] = true
	var old stampRec
	i, had := t.old[rel]
	if had {
		old = t.recs[i]
	}
	if untrusted {
		if had {
			t.gone[rel], t.dirty = true, true
		}
		delete(t.fresh, rel)
		return
	}
	rec := stampRec{st: st, sum: sum}
	if had && old == rec {
		return
	}
	t.fresh[rel], t.dirty = rec, true
}

// forget drops rel (found missing, or unreadable).
func (t *stampTable) forget(rel string) {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, had := t.old[rel]; had {
		t.gone[rel], t.dirty = true, true
	}
	delete(t.fresh, rel)
}

// save writes the table when the run changed it: what the last run left,
// less what this one found gone, plus what it recorded. Entries of files
// no run looks at any more (a document renamed or removed) are kept until
// the table holds more than four times what this run looked at, and then
// dropped.
func (t *stampTable) save() {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.dirty {
		return
	}
	all := make(map[string]stampRec, len(t.old)+len(t.fresh))
	for rel, i := range t.old {
		if !t.gone[rel] {
			all[rel] = t.recs[i]
		}
	}
	maps.Copy(all, t.fresh)
	if len(all) > 4*t.seenCount()+1024 {
		maps.DeleteFunc(all, func(rel string, _ stampRec) bool { return !t.wasSeen(rel) })
	}
	data := encodeStamps(all)
	if _, err := fsutil.WriteOutput(t.path, data); err == nil {
		// Later saves in the run (build saves after its report) write
		// only what changed since; what this run saw stays seen.
		for rel, i := range t.old {
			if t.hits[i].Load() {
				t.seen[rel] = true
			}
		}
		t.old, t.recs, _ = indexStamps(data)
		t.hits = make([]atomic.Bool, len(t.recs))
		t.fresh, t.gone, t.dirty = map[string]stampRec{}, map[string]bool{}, false
	}
}

// encodeStamps writes the table after stampsMagic, sorted by path: each
// entry the path (length-prefixed), size and modification time (varints)
// and the 16 bytes of the hash.
func encodeStamps(m map[string]stampRec) []byte {
	b := make([]byte, 0, len(stampsMagic)+len(m)*64)
	b = append(b, stampsMagic...)
	for _, rel := range slices.Sorted(maps.Keys(m)) {
		r := m[rel]
		b = appendStr(b, rel)
		b = binary.AppendVarint(b, r.st.Size)
		b = binary.AppendVarint(b, r.st.Mtime)
		b = append(b, r.sum[:]...)
	}
	return b
}

// indexStamps reads what encodeStamps wrote: each file's place in recs,
// by its path (the path's bytes in data, which nothing writes to), and
// its record. ok is false (and the table empty) for anything else.
func indexStamps(data []byte) (at map[string]int, recs []stampRec, ok bool) {
	rest, found := bytes.CutPrefix(data, []byte(stampsMagic))
	if !found {
		return nil, nil, false
	}
	// Counted first, so that the map and the records are made once at
	// their size (L10's table holds 44,000 files).
	n := 0
	for r := (&binReader{rest: rest}); r.more(); n++ {
		r.fixed(r.count())
		r.varint()
		r.varint()
		r.fixed(16)
	}
	at = make(map[string]int, n)
	recs = make([]stampRec, 0, n)
	r := &binReader{rest: rest}
	for r.more() {
		rel := r.fixed(r.count())
		rec := stampRec{st: fsutil.Stamp{Size: r.varint(), Mtime: r.varint()}}
		copy(rec.sum[:], r.fixed(16))
		at[unsafe.String(unsafe.SliceData(rel), len(rel))] = len(recs)
		recs = append(recs, rec)
	}
	if !r.ok() {
		return nil, nil, false
	}
	return at, recs, true
}
