package msgid

import (
	"sort"
	"strings"

	"folio/internal/segment"
)

type pair struct {
	seg, prev int
	score     float64
}

// similarPairs returns the pairs of a segment without an ID and an unused
// live previous message of the same kind whose word similarity (Similarity)
// reaches MinSimilarity, best first (ties in document order). Candidates
// are found through an inverted index of words, so the cost grows with the
// number of shared words, not with the product of the two catalogs; the
// words two texts share are counted in a slice indexed by previous
// message, and each text's word count is taken once (counting it again
// for every candidate was most of an edited 20,000-segment document's
// extract).
func similarPairs(segs []segment.Segment, prev []Previous, ids []string, prevUsed []bool) []pair {
	type posting struct{ prev, n int }
	index := map[string][]posting{}
	prevSize := make([]int, len(prev))
	for j, p := range prev {
		if prevUsed[j] || p.Obsolete {
			continue
		}
		words := bag(p.Text)
		prevSize[j] = size(words)
		for w, n := range words {
			index[w] = append(index[w], posting{j, n})
		}
	}
	if len(index) == 0 {
		return nil
	}
	var pairs []pair
	shared := make([]int, len(prev)) // words in common, by previous message
	var touched []int                // the previous messages shared counts
	for i, s := range segs {
		if ids[i] != "" {
			continue
		}
		words := bag(s.Text)
		touched = touched[:0]
		for w, n := range words {
			for _, p := range index[w] {
				if shared[p.prev] == 0 {
					touched = append(touched, p.prev)
				}
				shared[p.prev] += min(n, p.n)
			}
		}
		segSize := size(words)
		for _, j := range touched {
			common := shared[j]
			shared[j] = 0
			if prev[j].Kind != "" && prev[j].Kind != s.Kind {
				continue
			}
			score := 2 * float64(common) / float64(segSize+prevSize[j])
			if score >= MinSimilarity {
				pairs = append(pairs, pair{i, j, score})
			}
		}
	}
	sort.Slice(pairs, func(a, b int) bool {
		x, y := pairs[a], pairs[b]
		if x.score != y.score {
			return x.score > y.score
		}
		if x.seg != y.seg {
			return x.seg < y.seg
		}
		return x.prev < y.prev
	})
	return pairs
}

// Similarity is the Dice coefficient of the two texts' word multisets.
func Similarity(a, b string) float64 {
	wa, wb := bag(a), bag(b)
	common := 0
	for w, n := range wa {
		common += min(n, wb[w])
	}
	total := size(wa) + size(wb)
	if total == 0 {
		return 1
	}
	return 2 * float64(common) / float64(total)
}

func bag(s string) map[string]int {
	m := map[string]int{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == ' ' || r == '\n' || r == '\t' || r == ',' || r == '.' || r == ';' || r == ':' || r == '*' || r == '(' || r == ')'
	}) {
		m[w]++
	}
	return m
}

func size(m map[string]int) int {
	n := 0
	for _, c := range m {
		n += c
	}
	return n
}
