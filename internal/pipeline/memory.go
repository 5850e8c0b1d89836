package pipeline

import (
	"math"
	"sort"
	"strings"
	"sync"

	"folio/internal/catalog"
)

// MinFuzzy is the smallest word-level similarity (0–1) at which the
// translation memory offers a translation of a similar source text as a
// suggestion.
//
// The similarity of two texts is 1 − d / max(n, m), where n and m are their
// numbers of words (whitespace-separated, compared exactly) and d is the
// Levenshtein distance between the two word sequences (insert, delete or
// replace one word). 0.75 means at most one word in four differs: a
// one-word edit of a 20-word sentence scores 0.95, a paragraph cut in half
// scores 0.5.
const MinFuzzy = 0.75

// memory is the project's translation memory: every translation, by the
// hash of the source text it was made from, and an inverted word index of
// those source texts for fuzzy look-ups.
type memory struct {
	byHash map[string]map[string]*catalog.Message // hash → tag → translation
	texts  []memText
	known  map[string]int   // hash → index into texts
	index  map[string][]int // word → texts that hold it
	// cache holds query text → candidates, best first. Documents are
	// extracted in parallel, so it is the one part written after the
	// memory is built, under mu.
	mu    sync.Mutex
	cache map[string][]candidate
}

type memText struct {
	hash, text string
	words      []string
}

type candidate struct {
	text  int
	score float64
}

func newMemory() *memory {
	return &memory{
		byHash: map[string]map[string]*catalog.Message{},
		known:  map[string]int{},
		index:  map[string][]int{},
		cache:  map[string][]candidate{},
	}
}

// add records a translation of text (whose hash is hash) for tag; the
// first translation recorded for a hash and tag wins.
func (tm *memory) add(tag string, m *catalog.Message, hash, text string) {
	tm.addMaybe(tag, m, hash, text, true)
}

// addMaybe is add for a translation whose source text may be unknown
// (hasText false): it then serves exact look-ups only.
func (tm *memory) addMaybe(tag string, m *catalog.Message, hash, text string, hasText bool) {
	if m == nil || !m.Translated() || hash == "" {
		return
	}
	if tm.byHash[hash] == nil {
		tm.byHash[hash] = map[string]*catalog.Message{}
	}
	if _, ok := tm.byHash[hash][tag]; !ok {
		tm.byHash[hash][tag] = m
	}
	if !hasText || catalog.Hash(text) != hash {
		return
	}
	if _, ok := tm.known[hash]; ok {
		return
	}
	i := len(tm.texts)
	words := strings.Fields(text)
	tm.texts = append(tm.texts, memText{hash, text, words})
	tm.known[hash] = i
	for w := range counts(words) {
		tm.index[w] = append(tm.index[w], i)
	}
}

// exact returns the tag's translation of the source text with this hash.
func (tm *memory) exact(hash, tag string) *catalog.Message {
	return tm.byHash[hash][tag]
}

// similar returns the tag's translation of the most similar source text
// whose similarity reaches MinFuzzy (ties go to the text recorded first),
// with that text; nil when there is none.
func (tm *memory) similar(text, tag string) (*catalog.Message, string) {
	tm.mu.Lock()
	cands, ok := tm.cache[text]
	tm.mu.Unlock()
	if !ok {
		cands = tm.candidates(text)
		tm.mu.Lock()
		tm.cache[text] = cands
		tm.mu.Unlock()
	}
	for _, c := range cands {
		t := tm.texts[c.text]
		if m := tm.byHash[t.hash][tag]; m != nil {
			return m, t.text
		}
	}
	return nil, ""
}

// candidates scores the texts similar enough to text to reach MinFuzzy.
//
// A text of n words reaches MinFuzzy only with a text of m words such that
// at least k = ⌈MinFuzzy × max(n, m)⌉ ≥ ⌈MinFuzzy × n⌉ of its words are
// shared, so it misses at most n − ⌈MinFuzzy × n⌉ of them. Candidates are
// therefore taken only from the index entries of the query's rarest words,
// just enough of them (counting repeats) to exceed that number: a text that
// shares none of them cannot qualify (prefix filtering). Candidates whose
// length alone rules them out are dropped before the word-by-word
// comparison.
func (tm *memory) candidates(text string) []candidate {
	words := strings.Fields(text)
	n := len(words)
	if n == 0 {
		return nil
	}
	allowed := n - int(math.Ceil(MinFuzzy*float64(n)-1e-9))
	freq := counts(words)
	distinct := make([]string, 0, len(freq))
	for w := range freq {
		distinct = append(distinct, w)
	}
	sort.Slice(distinct, func(a, b int) bool {
		x, y := len(tm.index[distinct[a]]), len(tm.index[distinct[b]])
		if x != y {
			return x < y
		}
		return distinct[a] < distinct[b]
	})
	seen := map[int]bool{}
	covered := 0
	for _, w := range distinct {
		if covered > allowed {
			break
		}
		covered += freq[w]
		for _, i := range tm.index[w] {
			seen[i] = true
		}
	}
	var out []candidate
	for i := range seen {
		t := tm.texts[i]
		shorter, longer := min(n, len(t.words)), max(n, len(t.words))
		if float64(shorter) < MinFuzzy*float64(longer) {
			continue
		}
		score := 1 - float64(wordDistance(words, t.words))/float64(longer)
		if score >= MinFuzzy {
			out = append(out, candidate{i, score})
		}
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].score != out[b].score {
			return out[a].score > out[b].score
		}
		return out[a].text < out[b].text
	})
	return out
}

// WordSimilarity is the translation memory's score of two texts: 1 minus
// the word-level Levenshtein distance over the longer text's word count
// (1 for two empty texts).
func WordSimilarity(a, b string) float64 {
	wa, wb := strings.Fields(a), strings.Fields(b)
	longest := max(len(wa), len(wb))
	if longest == 0 {
		return 1
	}
	return 1 - float64(wordDistance(wa, wb))/float64(longest)
}

func wordDistance(a, b []string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func counts(words []string) map[string]int {
	m := map[string]int{}
	for _, w := range words {
		m[w]++
	}
	return m
}
