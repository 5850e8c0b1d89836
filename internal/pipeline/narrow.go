package pipeline

import (
	"bytes"
	"errors"
	"io/fs"
	"math"
	"sort"
	"strings"

	"folio/internal/catalog"
	"folio/internal/project"
	"folio/internal/state"
)

// narrowMemory fills tm as fillMemory would from the whole project, but
// only with the units that can answer what the documents put off asked
// (q): a translation memory for a handful of new segments used to parse
// every catalog of the project (65 ms of the 345 ms extract of a 5 %-edit
// run on 105 real documents in 10 locales) and index every text (50 ms).
//
// A unit can answer only when it holds a text whose hash was asked, or
// one similar enough to a text asked (MinFuzzy): fillMemory takes a
// unit's texts from its source catalog and its history, and its
// translations from its locale catalogs and obsolete stores, keyed by
// the hash of their text. So the source catalogs and histories, a sixth
// of the bytes, are read first to find the hashes that matter; a unit
// whose source catalog or history holds one of them may have a
// translation of it (a hand-written one without a hash counts as made
// from its source); a unit whose locale catalogs or obsolete stores name
// one in their bytes may too; the others cannot, and are not parsed. The
// units kept are filled in project order, so every answer is the one
// the whole project gives (TestNarrowMemory).
//
// It returns false, having filled nothing, when it cannot be sure: a
// source catalog or history that does not load, or a hash not in
// Folio's form.
func narrowMemory(tm *memory, p *project.Project, q *questions) bool {
	st := state.LoadCatalogs(p, nil)
	for _, u := range st.Units {
		if u.SourceErr != nil && !errors.Is(u.SourceErr, fs.ErrNotExist) {
			return false
		}
	}
	histErr := make([]error, len(st.Units))
	parallel(len(st.Units), func(i int) {
		_, histErr[i] = st.Units[i].LoadedHistory()
	})
	for _, err := range histErr {
		if err != nil {
			return false
		}
	}
	asked := newAskedTexts(q.texts)
	// The hashes that matter, and the units that hold them in their
	// source catalog or history.
	wanted := make([]map[string]bool, len(st.Units))
	holds := make([]bool, len(st.Units))
	parallel(len(st.Units), func(i int) {
		u := st.Units[i]
		seen := make([]bool, len(asked.words))
		var scratch []string
		want := func(hash, text string) {
			if !q.hashes[hash] && !asked.similar(text, seen, &scratch) {
				return
			}
			if wanted[i] == nil {
				wanted[i] = map[string]bool{}
			}
			wanted[i][hash] = true
		}
		if u.Source != nil {
			for _, m := range u.Source.Messages {
				want(catalog.ExpectedHash(m), m.Other())
			}
		}
		hist, _ := u.LoadedHistory()
		for hash, text := range hist {
			want(hash, text)
		}
		holds[i] = len(wanted[i]) > 0
	})
	hashes := map[string]bool{}
	for h := range q.hashes {
		hashes[h] = true
	}
	for _, w := range wanted {
		for h := range w {
			hashes[h] = true
		}
	}
	for h := range hashes {
		if !catalog.IsHash(h) {
			return false
		}
	}
	// The other units, from the bytes of their locale catalogs and
	// obsolete stores.
	if len(hashes) > 0 {
		parallel(len(st.Units), func(i int) {
			if holds[i] {
				return
			}
			name := st.Units[i].Name
			for _, tag := range p.Locales {
				for _, rel := range []string{project.CatalogPath(name, tag), project.ObsoletePath(name, tag)} {
					found := false
					if err := scanFile(p, rel, func(data []byte) { found = namesHash(data, hashes) }); err == nil && found {
						holds[i] = true
						return
					}
				}
			}
		})
	}
	keep := map[string]bool{}
	for i, u := range st.Units {
		if holds[i] {
			keep[u.Name] = true
		}
	}
	if testNarrowed != nil {
		testNarrowed(len(keep), len(st.Units))
	}
	fillMemory(tm, state.LoadCatalogs(onlyUnits(p, keep), p.Locales))
	return true
}

// askedTexts are the texts the documents put off asked a similar one
// for, with their words, indexed by a few of their words each (prefix
// filtering, as memory.candidates does): a text of n words reaches
// MinFuzzy with another only when it misses at most n − ⌈MinFuzzy × n⌉
// of its words there, so the other holds one of any of its words that
// count more than that. The longest are taken, being the likeliest to be
// rare.
type askedTexts struct {
	words      [][]string
	index      map[string][]int32 // word → the texts it is a prefix word of
	minN, maxN int                // their fewest and most words
}

func newAskedTexts(texts map[string]bool) *askedTexts {
	a := &askedTexts{index: map[string][]int32{}, minN: math.MaxInt}
	for text := range texts {
		words := strings.Fields(text)
		n := len(words)
		if n == 0 {
			continue
		}
		k := int32(len(a.words))
		a.words = append(a.words, words)
		a.minN, a.maxN = min(a.minN, n), max(a.maxN, n)
		allowed := n - int(math.Ceil(MinFuzzy*float64(n)-1e-9))
		freq := counts(words)
		distinct := make([]string, 0, len(freq))
		for w := range freq {
			distinct = append(distinct, w)
		}
		sort.Slice(distinct, func(i, j int) bool {
			if len(distinct[i]) != len(distinct[j]) {
				return len(distinct[i]) > len(distinct[j])
			}
			return distinct[i] < distinct[j]
		})
		covered := 0
		for _, w := range distinct {
			if covered > allowed {
				break
			}
			covered += freq[w]
			a.index[w] = append(a.index[w], k)
		}
	}
	return a
}

// similar reports whether text reaches MinFuzzy with a text asked; seen
// is scratch space, one false per text asked, left as it was found, and
// scratch a slice for the words of a text, kept from call to call: most
// texts of a project share no word with the index, and a new slice of
// words for each (strings.Fields) was all of this function's time on 210
// real documents, a tenth of a 5 %-edit extract's CPU.
func (a *askedTexts) similar(text string, seen []bool, scratch *[]string) bool {
	words := appendFields((*scratch)[:0], text)
	*scratch = words
	m := len(words)
	if m == 0 || float64(m) < MinFuzzy*float64(a.minN) || MinFuzzy*float64(m) > float64(a.maxN) {
		return false
	}
	var cands []int32
	for _, w := range words {
		for _, k := range a.index[w] {
			if !seen[k] {
				seen[k] = true
				cands = append(cands, k)
			}
		}
	}
	found := false
	for _, k := range cands {
		seen[k] = false
		if found {
			continue
		}
		n := len(a.words[k])
		longer := max(n, m)
		found = float64(min(n, m)) >= MinFuzzy*float64(longer) &&
			1-float64(wordDistance(a.words[k], words))/float64(longer) >= MinFuzzy
	}
	return found
}

// Set by tests: testFullMemory makes extract gather the memory from the
// whole project; testNarrowed hears how many units narrowMemory kept.
var (
	testFullMemory bool
	testNarrowed   func(kept, all int)
)

// namesHash reports whether data holds one of hashes (each in Folio's
// form) anywhere: a catalog or obsolete store that holds a translation
// of a text names the text's hash.
func namesHash(data []byte, hashes map[string]bool) bool {
	for {
		i := bytes.Index(data, []byte(catalog.HashPrefix))
		if i < 0 || i+catalog.HashLen > len(data) {
			return false
		}
		if hashes[string(data[i:i+catalog.HashLen])] {
			return true
		}
		data = data[i+len(catalog.HashPrefix):]
	}
}

// onlyUnits is the project with only the documents and components named.
func onlyUnits(p *project.Project, names map[string]bool) *project.Project {
	q := onlyDocuments(p, names)
	for _, c := range p.Components {
		if names[c] {
			q.Components = append(q.Components, c)
		}
	}
	return q
}

// asciiSpace holds the bytes strings.Fields splits an ASCII text at.
var asciiSpace = [256]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// appendFields appends to dst the words strings.Fields splits text into:
// an ASCII text split here, any other by strings.Fields.
func appendFields(dst []string, text string) []string {
	for i := 0; i < len(text); i++ {
		if text[i] >= 0x80 {
			return append(dst, strings.Fields(text)...)
		}
	}
	for i := 0; i < len(text); {
		for i < len(text) && asciiSpace[text[i]] {
			i++
		}
		j := i
		for j < len(text) && !asciiSpace[text[j]] {
			j++
		}
		if i < j {
			dst = append(dst, text[i:j])
		}
		i = j
	}
	return dst
}
