package state

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"maps"
	"os"
	"slices"
	"sync"
	"sync/atomic"

	"folio/internal/fsutil"
	"folio/internal/project"
	"folio/internal/segment"
	"folio/internal/xxh3"
)

// SegmentCachePath is where the segmentations of a project's documents
// are kept between runs, by content: extract segments every document, and
// the build after it reads the segments back instead of parsing the
// Markdown again.
const SegmentCachePath = ".folio/cache/segments.cache"

// The file: segCacheMagic (which names segment.CodecVersion); the index,
// which is the number of documents (a uvarint) and for each its
// length-prefixed name, the 16-byte key of the content it was segmented
// from, the length of its encoding (a uvarint) and the CRC-32
// (Castagnoli) of the encoding; the CRC-32 of the magic and the index;
// then the encodings, in the index's order. A run reads the index when a
// document first needs its segments, and each document's encoding when it
// asks for it: a build after one catalog changed read the whole file (30
// MB on L10, 0.7 MB and a twentieth of the run on S1) for one document.
// An index that does not read back whole is an empty cache; an encoding
// that does not is its document segmented again. The next run that
// segments writes the file anew.
const segCacheMagic = "folio " + segment.CodecVersion + " indexed\n"

// A segCache holds one project's segmentations, one per document: where
// the file holds each (its index, read on the first document that needs
// one, so that a run that segments nothing never opens it) and those this
// process made.
type segCache struct {
	path   string
	once   sync.Once
	file   *os.File // open from load on, nil when there is no usable file
	loaded map[string]segRef
	mu     sync.Mutex
	made   map[string]segEntry
}

type segEntry struct {
	key [16]byte
	enc []byte
}

// segRef is where the file holds a document's encoding.
type segRef struct {
	key [16]byte
	off int64 // from the start of the file
	n   int
	sum uint32
}

var segCaches sync.Map // project root → *segCache

// How many documents this process segmented, and how many it read back
// from a segment cache file.
var segmentedN, reusedN atomic.Int64

// SegmentCounts reports how many documents this process has segmented and
// how many segmentations it has read from a project's segment cache.
func SegmentCounts() (made, read int64) { return segmentedN.Load(), reusedN.Load() }

// ForgetCaches drops what this process holds of the project's segment
// and catalog caches, so that the next load reads the files as a new
// process would.
func ForgetCaches(p *project.Project) {
	segCaches.Delete(p.Root)
	validCaches.Delete(p.Root)
}

func segCacheFor(p *project.Project) *segCache {
	c, _ := segCaches.LoadOrStore(p.Root, &segCache{path: p.Abs(SegmentCachePath), made: map[string]segEntry{}})
	return c.(*segCache)
}

// segKey keys a document's segmentation by everything it depends on: the
// Folio that segments it (ExecutableHash, as for the other caches, so
// that a new version never reads an older one's segments), how it is
// segmented (plain text, or Markdown with which front-matter keys) and
// its bytes.
func segKey(p *project.Project, d *project.Document, data []byte) [16]byte {
	h := xxh3.New()
	h.WriteString(ExecutableHash())
	h.WriteString("\x00")
	if d.Plain {
		h.WriteString("plain\x00")
	} else {
		h.WriteString("markdown\x00")
		for _, k := range p.Config.Segment.FrontMatterKeys {
			h.WriteString(k)
			h.WriteString("\x00")
		}
		if p.Config.Segment.FrontMatterKeys == nil {
			h.WriteString("\x01")
		}
	}
	h.Write(data)
	return h.Sum128().Bytes()
}

// segmentDocument segments a document's bytes, or reads its segmentation
// back from the project's segment cache.
func segmentDocument(p *project.Project, d *project.Document, data []byte) *segment.Document {
	if ExecutableHash() == "" {
		// Folio cannot tell which version it is: no cache.
		return segmentNow(p, d, data)
	}
	c := segCacheFor(p)
	key := segKey(p, d, data)
	c.once.Do(c.load)
	c.mu.Lock()
	e, ok := c.made[d.Name]
	c.mu.Unlock()
	if !ok {
		if r, found := c.loaded[d.Name]; found && r.key == key {
			e.key, e.enc, ok = r.key, c.read(r), true
		}
	}
	if ok && e.key == key && e.enc != nil {
		if doc, err := segment.DecodeBinary(data, e.enc); err == nil {
			reusedN.Add(1)
			return doc
		}
	}
	doc := segmentNow(p, d, data)
	c.mu.Lock()
	c.made[d.Name] = segEntry{key, doc.AppendBinary(nil)}
	c.mu.Unlock()
	return doc
}

// segmentNow segments a document's bytes.
func segmentNow(p *project.Project, d *project.Document, data []byte) *segment.Document {
	segmentedN.Add(1)
	if d.Plain {
		return segment.PlainText(data)
	}
	return segment.Markdown(data, segment.Options{FrontMatterKeys: p.Config.Segment.FrontMatterKeys})
}

// load opens the file and reads its index.
func (c *segCache) load() {
	c.loaded = map[string]segRef{}
	f, err := os.Open(c.path)
	if err != nil {
		return
	}
	// The index is read a block at a time until it parses whole (or
	// cannot: a file cut short, another format).
	buf := make([]byte, 0, 16<<10)
	for {
		n, err := f.ReadAt(buf[len(buf):cap(buf)], int64(len(buf)))
		buf = buf[:len(buf)+n]
		if m, ok, more := decodeSegIndex(buf); ok {
			// Every encoding must lie within the file.
			fi, err := f.Stat()
			for _, r := range m {
				if err != nil || r.off+int64(r.n) > fi.Size() {
					f.Close()
					return
				}
			}
			c.file, c.loaded = f, m
			return
		} else if !more || err != nil {
			f.Close()
			return
		}
		buf = slices.Grow(buf, cap(buf))
	}
}

// read returns the encoding the file holds at r, or nil when it does not
// read back whole.
func (c *segCache) read(r segRef) []byte {
	enc := make([]byte, r.n)
	if _, err := c.file.ReadAt(enc, r.off); err != nil || crc32.Checksum(enc, castagnoli()) != r.sum {
		return nil
	}
	return enc
}

// SaveCaches writes the project's segment cache and catalog cache
// (validcache.go) when this process added to them. It reports no error: a
// cache that is not written is rebuilt next time.
func SaveCaches(p *project.Project) {
	var wg sync.WaitGroup
	wg.Go(func() { saveSegmentCache(p) })
	saveValidCache(p)
	wg.Wait()
}

// saveSegmentCache writes the project's segment cache when this process
// segmented a document: for each of the project's documents, the
// segmentation made now or else the one read, so that the file holds one
// per document and none for documents that have gone.
func saveSegmentCache(p *project.Project) {
	v, ok := segCaches.Load(p.Root)
	if !ok {
		return
	}
	c := v.(*segCache)
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.made) == 0 {
		return
	}
	c.once.Do(c.load)
	// The documents this process did not segment keep what the file
	// holds for them (read now, before the file is replaced).
	all := make(map[string]segEntry, len(p.Documents))
	for _, name := range names(p.Documents) {
		if e, ok := c.made[name]; ok {
			all[name] = e
		} else if r, ok := c.loaded[name]; ok {
			if enc := c.read(r); enc != nil {
				all[name] = segEntry{r.key, enc}
			}
		}
	}
	_, _ = fsutil.WriteOutput(c.path, encodeSegCache(all))
}

// names returns the documents' names.
func names(docs []project.Document) []string {
	out := make([]string, len(docs))
	for i, d := range docs {
		out[i] = d.Name
	}
	return out
}

// current returns what a cache file is to hold for keys: for each, the
// value this process made, or else the one read from the file (a key
// with neither, and every key not asked for, is left out).
func current[V any](keys []string, made, loaded map[string]V) map[string]V {
	m := make(map[string]V, len(keys))
	for _, k := range keys {
		if v, ok := made[k]; ok {
			m[k] = v
		} else if v, ok := loaded[k]; ok {
			m[k] = v
		}
	}
	return m
}

// encodeSegCache is the file holding m's encodings, sorted by name.
func encodeSegCache(m map[string]segEntry) []byte {
	names := slices.Sorted(maps.Keys(m))
	n := len(segCacheMagic) + binary.MaxVarintLen64 + 4
	for _, name := range names {
		n += 2*binary.MaxVarintLen64 + len(name) + 16 + 4 + len(m[name].enc)
	}
	b := make([]byte, 0, n)
	b = append(b, segCacheMagic...)
	b = binary.AppendUvarint(b, uint64(len(names)))
	for _, name := range names {
		e := m[name]
		b = binary.AppendUvarint(b, uint64(len(name)))
		b = append(b, name...)
		b = append(b, e.key[:]...)
		b = binary.AppendUvarint(b, uint64(len(e.enc)))
		b = binary.LittleEndian.AppendUint32(b, crc32.Checksum(e.enc, castagnoli()))
	}
	b = sealed(b)
	for _, name := range names {
		b = append(b, m[name].enc...)
	}
	return b
}

// castagnoli is made on first use: building the table (for the
// instructions that compute it) was the slowest package initialisation of
// Folio's own, in every command.
var castagnoli = sync.OnceValue(func() *crc32.Table { return crc32.MakeTable(crc32.Castagnoli) })

// sealed appends the CRC-32 (Castagnoli) of b, which begins with a
// cache file's magic, to it: the end of the segment and catalog caches.
func sealed(b []byte) []byte {
	return binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, castagnoli()))
}

// unsealed returns what follows magic in a file sealed ends, or false
// when the file is not whole (its checksum) or not one of magic's.
func unsealed(data []byte, magic string) ([]byte, bool) {
	if len(data) < len(magic)+4 {
		return nil, false
	}
	body, sum := data[:len(data)-4], data[len(data)-4:]
	if crc32.Checksum(body, castagnoli()) != binary.LittleEndian.Uint32(sum) {
		return nil, false
	}
	return bytes.CutPrefix(body, []byte(magic))
}

// decodeSegIndex reads the index at the start of a segment cache file
// (data, which may hold less than the whole file): where each document's
// encoding is. ok is false when data does not hold a whole index that
// reads back; more then says whether more of the file might make one.
func decodeSegIndex(data []byte) (m map[string]segRef, ok, more bool) {
	if len(data) < len(segCacheMagic) {
		return nil, false, true
	}
	if string(data[:len(segCacheMagic)]) != segCacheMagic {
		return nil, false, false
	}
	rest := data[len(segCacheMagic):]
	short := false // the index runs past data
	uvarint := func() uint64 {
		v, n := binary.Uvarint(rest)
		if n <= 0 {
			short = short || n == 0
			rest = nil
			return 0
		}
		rest = rest[n:]
		return v
	}
	count := uvarint()
	if rest == nil {
		return nil, false, short
	}
	if count > uint64(len(data)) {
		// Each document takes more than a byte of the index: the
		// rest of it has not been read yet (or the file is cut short).
		return nil, false, true
	}
	m = make(map[string]segRef, count)
	var off int64
	for range count {
		size := uvarint()
		if rest == nil || size > uint64(len(rest)) {
			return nil, false, true
		}
		name := string(rest[:size])
		rest = rest[size:]
		if len(rest) < 16 {
			return nil, false, true
		}
		var r segRef
		copy(r.key[:], rest)
		rest = rest[16:]
		n := uvarint()
		if rest == nil || len(rest) < 4 {
			return nil, false, true
		}
		if n > 1<<40 {
			return nil, false, false
		}
		r.sum = binary.LittleEndian.Uint32(rest)
		rest = rest[4:]
		r.off, r.n = off, int(n)
		off += int64(n)
		m[name] = r
	}
	if len(rest) < 4 {
		return nil, false, true
	}
	end := len(data) - len(rest) + 4
	if _, ok := unsealed(data[:end], segCacheMagic); !ok {
		return nil, false, false
	}
	for name, r := range m {
		r.off += int64(end)
		m[name] = r
	}
	return m, true, false
}
