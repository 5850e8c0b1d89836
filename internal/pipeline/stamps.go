package pipeline

import (
	"bytes"
	"encoding/binary"
	"maps"
	"os"
	"path"
	"slices"
	"sync"
	"time"

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
// A Stamp is recorded only for a file last modified more than
// stampMargin before the run began: a file written again within the
// clock tick of its last write may keep its modification time (the
// "racily clean" files of Git), and one older than the margin cannot
// change without a later time, short of a program setting it back. What
// the table cannot see, then, is what make and rsync cannot see either: a
// file rewritten to the same size with its old modification time put
// back. `rm -rf .folio/cache` forgets every Stamp.
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

// stampTable is the stamp table of one run. old is what the last run left
// (read-only once loaded); the run's findings go to fresh and gone.
type stampTable struct {
	path   string
	cutoff int64 // files modified at or after it (ns) are not recorded
	old    map[string]stampRec

	mu    sync.Mutex
	fresh map[string]stampRec // recorded this run
	gone  map[string]bool     // in old, found missing or changed
	seen  map[string]bool     // looked up or recorded this run
	dirty bool
}

// loadStamps reads the project's stamp table.
func loadStamps(p *project.Project) *stampTable {
	t := &stampTable{
		path:   p.Abs(path.Join(cacheDir, stampsFile)),
		cutoff: time.Now().Add(-stampMargin).UnixNano(),
		fresh:  map[string]stampRec{},
		gone:   map[string]bool{},
		seen:   map[string]bool{},
	}
	if data, err := os.ReadFile(t.path); err == nil {
		t.old, _ = decodeStamps(data)
	}
	return t
}

// lookup returns what the table holds for rel.
func (t *stampTable) lookup(rel string) (stampRec, bool) {
	if t == nil {
		return stampRec{}, false
	}
	r, ok := t.old[rel]
	return r, ok
}

// hit notes that rel was found as the table holds it.
func (t *stampTable) hit(rel string) {
	t.mu.Lock()
	t.seen[rel] = true
	t.mu.Unlock()
}

// record notes what a run read of rel: its Stamp before the read and the
// hash of the bytes. A file modified too recently is not recorded, and
// what the table held for it is dropped.
func (t *stampTable) record(rel string, st fsutil.Stamp, sum [16]byte) {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.seen[rel] = true
	old, had := t.old[rel]
	if st == (fsutil.Stamp{}) || st.Mtime >= t.cutoff {
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
	for rel, r := range t.old {
		if !t.gone[rel] {
			all[rel] = r
		}
	}
	maps.Copy(all, t.fresh)
	if len(all) > 4*len(t.seen)+1024 {
		maps.DeleteFunc(all, func(rel string, _ stampRec) bool { return !t.seen[rel] })
	}
	if _, err := fsutil.WriteOutput(t.path, encodeStamps(all)); err == nil {
		// Later saves in the run (build saves after its report) write
		// only what changed since.
		t.old, t.fresh, t.gone, t.dirty = all, map[string]stampRec{}, map[string]bool{}, false
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

// decodeStamps reads what encodeStamps wrote; ok is false (and the table
// empty) for anything else.
func decodeStamps(data []byte) (m map[string]stampRec, ok bool) {
	rest, found := bytes.CutPrefix(data, []byte(stampsMagic))
	if !found {
		return nil, false
	}
	r := &binReader{rest: rest}
	m = map[string]stampRec{}
	for r.more() {
		rel := r.str()
		rec := stampRec{st: fsutil.Stamp{Size: r.varint(), Mtime: r.varint()}}
		copy(rec.sum[:], r.fixed(16))
		m[rel] = rec
	}
	if !r.ok() {
		return nil, false
	}
	return m, true
}
