package pipeline

import (
	"bytes"
	"encoding/binary"
	"os"
	"path"
	"slices"
	"strings"

	"folio/internal/check"
	"folio/internal/fsutil"
	"folio/internal/project"
	"folio/internal/state"
	"folio/internal/xxh3"
)

// The clean cache (.folio/cache/clean.cache) keeps, for each document and
// locale, the keys of the translations in which build's checks found
// nothing (check.CleanMemo), so that a build after an edit checks only
// the translations that changed. It is written after
// cleanCacheMagic: the Folio executable's identity (its translations'
// keys were found by its checks), then per document locale the document's
// name, the locale and the number of keys (length-prefixed strings and a
// varint), and the keys, 8 bytes each, little-endian, ascending; at the
// end the XXH3 of everything before it. A cache of another executable,
// cut short, changed or unreadable is an empty one.
const cleanCacheFile = "clean.cache"

var cleanCacheMagic = []byte("FOLCLN01")

// testNoCleanCache, set by a test, turns the clean cache off.
var testNoCleanCache bool

// cleanCache is the clean cache read: each document locale's keys, still
// encoded.
type cleanCache struct {
	sets map[check.CleanSet][]byte
}

// loadCleanCache reads the clean cache; it is nil (off) when the
// executable cannot be identified.
func loadCleanCache(p *project.Project) *cleanCache {
	exe := state.ExecutableHash()
	if exe == "" || testNoCleanCache {
		return nil
	}
	cc := &cleanCache{sets: map[check.CleanSet][]byte{}}
	data, err := os.ReadFile(p.Abs(path.Join(cacheDir, cleanCacheFile)))
	if err != nil || len(data) < len(cleanCacheMagic)+8 || !bytes.HasPrefix(data, cleanCacheMagic) {
		return cc
	}
	body, sum := data[:len(data)-8], data[len(data)-8:]
	if xxh3.Hash(body) != binary.LittleEndian.Uint64(sum) {
		return cc
	}
	r := &binReader{rest: body[len(cleanCacheMagic):]}
	if r.str() != exe {
		return cc
	}
	for r.more() {
		s := check.CleanSet{Unit: r.str(), Locale: r.str()}
		n := r.count()
		keys := r.fixed(8 * n)
		if !r.ok() {
			return &cleanCache{sets: map[check.CleanSet][]byte{}}
		}
		cc.sets[s] = keys
	}
	return cc
}

// known returns a document locale's keys (check.NewCleanMemo). It only
// reads the cache: the checks of several locales call it at once.
func (cc *cleanCache) known(unit, tag string) []uint64 {
	b := cc.sets[check.CleanSet{Unit: unit, Locale: tag}]
	keys := make([]uint64, len(b)/8)
	for i := range keys {
		keys[i] = binary.LittleEndian.Uint64(b[8*i:])
	}
	return keys
}

// save writes the cache: the document locales the memo's checks went
// through with what they found, the others as they were, less those of
// documents and locales the project no longer has. Nothing is written
// when nothing was checked.
func (cc *cleanCache) save(p *project.Project, memo *check.CleanMemo) {
	found := memo.Found()
	if len(found) == 0 {
		return
	}
	docs := map[string]bool{}
	for _, d := range p.Documents {
		docs[d.Name] = true
	}
	locales := map[string]bool{}
	for _, tag := range p.AllLocales() {
		locales[tag] = true
	}
	sets := map[check.CleanSet][]byte{}
	for s, keys := range cc.sets {
		sets[s] = keys
	}
	for s, keys := range found {
		b := make([]byte, 0, 8*len(keys))
		for _, k := range keys {
			b = binary.LittleEndian.AppendUint64(b, k)
		}
		sets[s] = b
	}
	size := len(cleanCacheMagic) + 64
	for _, keys := range sets {
		size += 64 + len(keys)
	}
	b := make([]byte, 0, size)
	b = append(b, cleanCacheMagic...)
	b = appendStr(b, state.ExecutableHash())
	order := make([]check.CleanSet, 0, len(sets))
	for s := range sets {
		if docs[s.Unit] && locales[s.Locale] {
			order = append(order, s)
		}
	}
	slices.SortFunc(order, func(a, b check.CleanSet) int {
		if c := strings.Compare(a.Unit, b.Unit); c != 0 {
			return c
		}
		return strings.Compare(a.Locale, b.Locale)
	})
	for _, s := range order {
		keys := sets[s]
		b = appendStr(b, s.Unit)
		b = appendStr(b, s.Locale)
		b = binary.AppendUvarint(b, uint64(len(keys)/8))
		b = append(b, keys...)
	}
	b = binary.LittleEndian.AppendUint64(b, xxh3.Hash(b))
	fsutil.WriteOutput(p.Abs(path.Join(cacheDir, cleanCacheFile)), b)
}
