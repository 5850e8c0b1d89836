package pipeline

import (
	"hash/maphash"
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
	byHash map[string][]tagged // hash → the translations, a locale each
	texts  []memText
	known  map[string]int // hash → index into texts
	// index maps a word to the texts that hold it, in the order they were
	// recorded, split by the word's hash into shards that fillMemory
	// fills on several goroutines.
	index [indexShards]wordIndex
	// cache holds query text → candidates, best first. Documents are
	// extracted in parallel, so it is the one part written after the
	// memory is built, under mu.
	mu    sync.Mutex
	cache map[string][]candidate
	// asked, when set, makes the memory a recorder: exact and similar
	// note what they are asked and answer nothing (narrowMemory).
	asked *questions
}

// questions are what documents asked a recording memory: the hashes of
// texts they wanted an exact translation of, and the texts they wanted a
// similar one for.
type questions struct {
	mu     sync.Mutex
	hashes map[string]bool
	texts  map[string]bool
}

// newRecorder returns a memory that records what it is asked.
func newRecorder() *memory {
	return &memory{asked: &questions{hashes: map[string]bool{}, texts: map[string]bool{}}}
}

// tagged is a translation and its locale.
type tagged struct {
	tag string
	m   *catalog.Message
}

type memText struct {
	hash, text string
	words      []string
}

type candidate struct {
	text  int
	score float64
}

// indexShards is how many parts the word index is split into.
const indexShards = 8

// shardSeed hashes words to their shard of the index.
var shardSeed = maphash.MakeSeed()

func shardOf(w string) uint8 { return uint8(maphash.String(shardSeed, w) % indexShards) }

// A wordIndex is a shard of the word index: one map look-up per word met
// again, not a look-up and an assignment.
type wordIndex struct {
	ids   map[string]int32 // word → its postings in lists
	lists [][]int          // texts holding the word, in the order recorded
}

// add records that text i holds word w; texts come in increasing order.
func (x *wordIndex) add(w string, i int) {
	j, ok := x.ids[w]
	if !ok {
		j = int32(len(x.lists))
		x.ids[w] = j
		x.lists = append(x.lists, nil)
	}
	// A word met again in the same text is its posting's last.
	if p := x.lists[j]; len(p) == 0 || p[len(p)-1] != i {
		x.lists[j] = append(p, i)
	}
}

func newMemory() *memory {
	tm := &memory{
		byHash: map[string][]tagged{},
		known:  map[string]int{},
		cache:  map[string][]candidate{},
	}
	for i := range tm.index {
		tm.index[i].ids = map[string]int32{}
	}
	return tm
}

// postings returns the texts that hold word w.
func (tm *memory) postings(w string) []int {
	x := &tm.index[shardOf(w)]
	if j, ok := x.ids[w]; ok {
		return x.lists[j]
	}
	return nil
}

// keepAll records translations of the text with this hash, each for its
// locale, in order; the first recorded for a locale wins.
func (tm *memory) keepAll(hash string, ts []tagged) {
	have := tm.byHash[hash]
	n := len(have)
next:
	for _, t := range ts {
		for _, h := range have {
			if h.tag == t.tag {
				continue next
			}
		}
		have = append(have, t)
	}
	if len(have) != n {
		tm.byHash[hash] = have
	}
}

// translation returns the tag's translation in ts, nil when there is none.
func translation(ts []tagged, tag string) *catalog.Message {
	for _, t := range ts {
		if t.tag == tag {
			return t.m
		}
	}
	return nil
}

// record adds a source text to the memory's texts, unless one with its
// hash is there; it returns the new text's index, and whether it added it
// (the caller then indexes its words).
func (tm *memory) record(hash, text string, words []string) (int, bool) {
	if _, ok := tm.known[hash]; ok {
		return 0, false
	}
	i := len(tm.texts)
	tm.texts = append(tm.texts, memText{hash, text, words})
	tm.known[hash] = i
	return i, true
}

// exact returns the tag's translation of the source text with this hash.
func (tm *memory) exact(hash, tag string) *catalog.Message {
	if q := tm.asked; q != nil {
		q.mu.Lock()
		q.hashes[hash] = true
		q.mu.Unlock()
		return nil
	}
	return translation(tm.byHash[hash], tag)
}

// similar returns the tag's translation of the most similar source text
// whose similarity reaches MinFuzzy (ties go to the text recorded first),
// with that text; nil when there is none.
func (tm *memory) similar(text, tag string) (*catalog.Message, string) {
	if q := tm.asked; q != nil {
		q.mu.Lock()
		q.texts[text] = true
		q.mu.Unlock()
		return nil, ""
	}
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
		if m := translation(tm.byHash[t.hash], tag); m != nil {
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
	posts := make(map[string][]int, len(distinct))
	for _, w := range distinct {
		posts[w] = tm.postings(w)
	}
	sort.Slice(distinct, func(a, b int) bool {
		x, y := len(posts[distinct[a]]), len(posts[distinct[b]])
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
		for _, i := range posts[w] {
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
