package msgid

import (
	"strings"

	"folio/internal/segment"
)

// matchSimilar gives each segment that has no ID yet the ID of the unused
// previous message of the same text shape whose words it most resembles, if
// the resemblance reaches MinSimilarity. Candidates are found through an
// inverted index of words, so the cost grows with the number of shared
// words, not with the product of the two catalogs.
func matchSimilar(segs []segment.Segment, prev []Previous, ids []string, prevUsed []bool, used map[string]bool) {
	index := map[string][]int{}
	prevWords := make([]map[string]int, len(prev))
	for j, p := range prev {
		if prevUsed[j] {
			continue
		}
		prevWords[j] = bag(p.Text)
		for w := range prevWords[j] {
			index[w] = append(index[w], j)
		}
	}
	if len(index) == 0 {
		return
	}
	for i, s := range segs {
		if ids[i] != "" {
			continue
		}
		words := bag(s.Text)
		shared := map[int]int{}
		for w, n := range words {
			for _, j := range index[w] {
				if !prevUsed[j] {
					shared[j] += min(n, prevWords[j][w])
				}
			}
		}
		best, bestScore := -1, 0.0
		for j, common := range shared {
			score := 2 * float64(common) / float64(size(words)+size(prevWords[j]))
			if score > bestScore || (score == bestScore && j < best) {
				best, bestScore = j, score
			}
		}
		if best >= 0 && bestScore >= MinSimilarity && !used[prev[best].ID] {
			ids[i], prevUsed[best], used[prev[best].ID] = prev[best].ID, true, true
		}
	}
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
