package state

import (
	"bytes"
	"encoding/binary"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"folio/internal/catalog"
	"folio/internal/fsutil"
	"folio/internal/project"
	"folio/internal/xxh3"
)

// ValidCachePath is where a project keeps, between runs, the hash of each
// catalog's content as it last parsed: the catalog reader checks that
// every string and comment is valid UTF-8, a third of its time on
// translations that are not in ASCII, and the build after an extract
// reads the same bytes again. A catalog whose bytes hash as they did is
// read without that check (catalog.ParseOptions.ValidUTF8); anything
// else is checked.
const ValidCachePath = ".folio/cache/catalogs.cache"

// The file: validCacheMagic, the ExecutableHash of the Folio that wrote
// it and a newline, then for each catalog its length-prefixed
// project-relative path and the 16-byte XXH3-128 of its bytes, then a
// CRC-32 (Castagnoli) of everything before it. A file that does not read
// back whole, or that another Folio wrote, is ignored.
const validCacheMagic = "folio valid catalogs 1\n"

// A validCache holds one project's catalog hashes: those read from the
// file (on the first catalog loaded) and those this process noted.
type validCache struct {
	path   string
	once   sync.Once
	loaded map[string][16]byte
	mu     sync.Mutex
	made   map[string][16]byte
}

var validCaches sync.Map // project root → *validCache

// trustedN counts the catalogs this process read without checking their
// UTF-8 (for tests).
var trustedN atomic.Int64

// validCacheFor returns the project's cache, or nil when Folio cannot
// tell which version it is (no cache then, as for the others).
func validCacheFor(p *project.Project) *validCache {
	if ExecutableHash() == "" {
		return nil
	}
	c, _ := validCaches.LoadOrStore(p.Root, &validCache{path: p.Abs(ValidCachePath), made: map[string][16]byte{}})
	return c.(*validCache)
}

func (c *validCache) known(rel string, sum [16]byte) bool {
	c.once.Do(c.load)
	c.mu.Lock()
	v, ok := c.made[rel]
	c.mu.Unlock()
	if !ok {
		v, ok = c.loaded[rel]
	}
	return ok && v == sum
}

func (c *validCache) note(rel string, sum [16]byte) {
	c.once.Do(c.load)
	if v, ok := c.loaded[rel]; ok && v == sum {
		return
	}
	c.mu.Lock()
	c.made[rel] = sum
	c.mu.Unlock()
}

func (c *validCache) load() {
	c.loaded = map[string][16]byte{}
	if data, err := os.ReadFile(c.path); err == nil {
		if m, ok := decodeValidCache(data, ExecutableHash()); ok {
			c.loaded = m
		}
	}
}

// parseCatalog parses a catalog's bytes, without checking their UTF-8
// again when the project's cache knows them (by their sum) as parsed;
// owned: the caller hands data over (catalog.ParseOptions.Owned).
func parseCatalog(p *project.Project, rel string, data []byte, sum [16]byte, owned bool) (*catalog.File, error) {
	c := validCacheFor(p)
	if c != nil && c.known(rel, sum) {
		trustedN.Add(1)
		return catalog.ParseWith(rel, data, catalog.ParseOptions{ValidUTF8: true, Owned: owned})
	}
	f, err := catalog.ParseWith(rel, data, catalog.ParseOptions{Owned: owned})
	if err == nil && c != nil {
		c.note(rel, sum)
	}
	return f, err
}

// ParseCatalog parses the bytes of the catalog rel as a load of the
// project does: without checking their UTF-8 again when the project's
// catalog cache knows them.
func ParseCatalog(p *project.Project, rel string, data []byte) (*catalog.File, error) {
	return parseCatalog(p, rel, data, xxh3.Hash128(data).Bytes(), false)
}

// NoteValidCatalog records that data, which Folio is writing to the
// catalog rel, is valid UTF-8 (extract encodes only valid text): the
// build after it reads the file without checking it again.
func NoteValidCatalog(p *project.Project, rel string, data []byte) {
	if c := validCacheFor(p); c != nil {
		c.note(rel, xxh3.Hash128(data).Bytes())
	}
}

// saveValidCache writes the project's catalog hashes when this process
// noted one: for each catalog path of the project's units (source,
// locales, obsolete stores), the hash noted now or else the one read, so
// that catalogs that have gone leave the file.
func saveValidCache(p *project.Project) {
	v, ok := validCaches.Load(p.Root)
	if !ok {
		return
	}
	c := v.(*validCache)
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.made) == 0 {
		return
	}
	c.once.Do(c.load)
	var paths []string
	for _, u := range append(names(p.Documents), p.Components...) {
		paths = append(paths, project.CatalogPath(u, p.SourceLanguage))
		for _, tag := range p.Locales {
			paths = append(paths, project.CatalogPath(u, tag), project.ObsoletePath(u, tag))
		}
	}
	m := current(paths, c.made, c.loaded)
	if _, err := fsutil.WriteOutput(c.path, encodeValidCache(m, ExecutableHash())); err == nil {
		// What is on disk now is what this process holds.
		c.loaded, c.made = m, map[string][16]byte{}
	}
}

func encodeValidCache(m map[string][16]byte, exe string) []byte {
	paths := make([]string, 0, len(m))
	n := len(validCacheMagic) + len(exe) + 1 + 4
	for rel := range m {
		paths = append(paths, rel)
		n += binary.MaxVarintLen64 + len(rel) + 16
	}
	slices.Sort(paths)
	b := make([]byte, 0, n)
	b = append(b, validCacheMagic...)
	b = append(b, exe...)
	b = append(b, '\n')
	for _, rel := range paths {
		sum := m[rel]
		b = binary.AppendUvarint(b, uint64(len(rel)))
		b = append(b, rel...)
		b = append(b, sum[:]...)
	}
	return sealed(b)
}

func decodeValidCache(data []byte, exe string) (map[string][16]byte, bool) {
	rest, ok := unsealed(data, validCacheMagic)
	if !ok {
		return nil, false
	}
	line, rest, ok := bytes.Cut(rest, []byte{'\n'})
	if !ok || string(line) != exe || strings.ContainsRune(exe, '\n') {
		return nil, false
	}
	m := map[string][16]byte{}
	for len(rest) > 0 {
		size, k := binary.Uvarint(rest)
		if k <= 0 || size > uint64(len(rest)-k) || uint64(len(rest)-k)-size < 16 {
			return nil, false
		}
		rel := string(rest[k : k+int(size)])
		rest = rest[k+int(size):]
		var v [16]byte
		copy(v[:], rest)
		rest = rest[16:]
		m[rel] = v
	}
	return m, true
}
