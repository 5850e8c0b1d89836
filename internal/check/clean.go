package check

import (
	"encoding/binary"
	"slices"
	"sort"
	"sync"

	"folio/internal/catalog"
	"folio/internal/xxh3"
)

// CleanMemo remembers the translations of documents in which a build's
// checks (Options.ErrorsOnly and Shown) found nothing, so that the next
// build checks only the others: after 5 % of a documentation set's
// paragraphs were edited, every edited document's editions are built
// again in every locale, and checking their unchanged translations was a
// fifth of that build.
//
// A translation is known by a 64-bit key over everything those checks
// read: each form's source text and translation, and the link reference
// definitions of its document (a reference link is a link only while its
// label is defined). The checks that run on a document's translation when
// only errors are asked (Markdown parity, unsafe markup, emphasis,
// control characters) read nothing else: not the locale, the glossary or
// the configuration, which applies to diagnostics after they are found.
// The keys of a document's locale are kept sorted; a key that two texts
// share by chance (one in 2^64 per pair of a locale's translations) would
// let an error through.
//
// The caller keeps the memo between builds (and drops it when the Folio
// executable changes, since the checks may have).
type CleanMemo struct {
	known func(unit, tag string) []uint64
	mu    sync.Mutex
	found map[CleanSet][]uint64
}

// CleanSet names a document's locale.
type CleanSet struct{ Unit, Locale string }

// NewCleanMemo returns a memo whose keys from the last build are known's
// (sorted; nil for none).
func NewCleanMemo(known func(unit, tag string) []uint64) *CleanMemo {
	if known == nil {
		known = func(string, string) []uint64 { return nil }
	}
	return &CleanMemo{known: known, found: map[CleanSet][]uint64{}}
}

// Found returns the keys of the translations found clean (or known clean)
// in each document locale this memo's checks went through, sorted and
// without duplicates; a locale checked with no clean translation is
// there with none. The locales it has not checked keep what the last
// build found.
func (m *CleanMemo) Found() map[CleanSet][]uint64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	for k, keys := range m.found {
		slices.Sort(keys)
		m.found[k] = slices.Compact(keys)
	}
	return m.found
}

// add records the clean keys of one run of a document locale's messages.
func (m *CleanMemo) add(unit, tag string, keys []uint64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := CleanSet{unit, tag}
	m.found[s] = append(m.found[s], keys...)
}

// cleanRun is what checking a run of one document locale's messages
// with a CleanMemo needs.
type cleanRun struct {
	known []uint64 // sorted
	found []uint64
	refs  uint64 // refDefs.key of the document's definitions
	buf   []byte
}

// isKnown reports whether key was found clean by the last build.
func (r *cleanRun) isKnown(key uint64) bool {
	_, ok := slices.BinarySearch(r.known, key)
	return ok
}

// key is the key of a translation tm of sm, checked against from when it
// is not "" (checkMessageFrom).
func (r *cleanRun) key(sm, tm *catalog.Message, from string) uint64 {
	b := binary.LittleEndian.AppendUint64(r.buf[:0], r.refs)
	eachForm(sm, tm, from, func(form, src, tr string) {
		b = append(b, form...)
		b = binary.AppendUvarint(b, uint64(len(src)))
		b = append(b, src...)
		b = binary.AppendUvarint(b, uint64(len(tr)))
		b = append(b, tr...)
	})
	r.buf = b
	return xxh3.Hash(b)
}

// key hashes the definitions: labels (as looked up), destinations and
// titles, in label order.
func (defs refDefs) key() uint64 {
	if len(defs) == 0 {
		return 0
	}
	labels := make([]string, 0, len(defs))
	for l := range defs {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	var b []byte
	for _, l := range labels {
		r := defs[l]
		for _, s := range [][]byte{[]byte(l), r.Destination(), r.Title()} {
			b = binary.AppendUvarint(b, uint64(len(s)))
			b = append(b, s...)
		}
	}
	return xxh3.Hash(b) | 1 // never 0, the key of no definitions
}
