package state

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"os"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/zeebo/xxh3"

	"folio/internal/fsutil"
	"folio/internal/project"
	"folio/internal/segment"
)

// SegmentCachePath is where the segmentations of a project's documents
// are kept between runs, by content: extract segments every document, and
// the build after it reads the segments back instead of parsing the
// Markdown again.
const SegmentCachePath = ".folio/cache/segments.cache"

// The file: segCacheMagic (which names segment.CodecVersion), then for
// each document its length-prefixed name, the 16-byte key of the content
// it was segmented from and the length-prefixed encoding, then a CRC-32
// (Castagnoli) of everything before it. A file that does not read back
// whole is ignored, and rewritten by the next run that segments.
const segCacheMagic = "folio " + segment.CodecVersion + "\n"

// A segCache holds one project's segmentations, one per document: those
// read from the file (loaded on the first document that needs one, so that
// a run that segments nothing never reads it) and those this process made.
type segCache struct {
	path   string
	once   sync.Once
	loaded map[string]segEntry
	mu     sync.Mutex
	made   map[string]segEntry
}

type segEntry struct {
	key [16]byte
	enc []byte
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
		e, ok = c.loaded[d.Name]
	}
	if ok && e.key == key {
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

func (c *segCache) load() {
	c.loaded = map[string]segEntry{}
	data, err := os.ReadFile(c.path)
	if err != nil {
		return
	}
	if m, ok := decodeSegCache(data); ok {
		c.loaded = m
	}
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
	_, _ = fsutil.WriteOutput(c.path, encodeSegCache(current(names(p.Documents), c.made, c.loaded)))
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

func encodeSegCache(m map[string]segEntry) []byte {
	names := make([]string, 0, len(m))
	n := len(segCacheMagic) + 4
	for name, e := range m {
		names = append(names, name)
		n += len(name) + 16 + 2*binary.MaxVarintLen64 + len(e.enc)
	}
	slices.Sort(names)
	b := make([]byte, 0, n)
	b = append(b, segCacheMagic...)
	for _, name := range names {
		e := m[name]
		b = binary.AppendUvarint(b, uint64(len(name)))
		b = append(b, name...)
		b = append(b, e.key[:]...)
		b = binary.AppendUvarint(b, uint64(len(e.enc)))
		b = append(b, e.enc...)
	}
	return sealed(b)
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

func decodeSegCache(data []byte) (map[string]segEntry, bool) {
	rest, ok := unsealed(data, segCacheMagic)
	if !ok {
		return nil, false
	}
	m := map[string]segEntry{}
	chunk := func() ([]byte, bool) {
		size, n := binary.Uvarint(rest)
		if n <= 0 || size > uint64(len(rest)-n) {
			return nil, false
		}
		c := rest[n : n+int(size) : n+int(size)]
		rest = rest[n+int(size):]
		return c, true
	}
	for len(rest) > 0 {
		name, ok := chunk()
		if !ok || len(rest) < 16 {
			return nil, false
		}
		var e segEntry
		copy(e.key[:], rest)
		rest = rest[16:]
		if e.enc, ok = chunk(); !ok {
			return nil, false
		}
		m[string(name)] = e
	}
	return m, true
}
