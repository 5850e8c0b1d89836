package msgid

import (
	"math/rand"
	"reflect"
	"sort"
	"strings"
	"testing"

	"folio/internal/segment"
)

// TestSimilarPairsAgainstAllPairs checks the indexed search against the
// comparison of every segment without an ID with every unused live
// previous message, on random texts from a small vocabulary (so that
// most texts share words and many pairs reach the threshold).
func TestSimilarPairsAgainstAllPairs(t *testing.T) {
	vocab := strings.Fields("the a cache file Build build, index (word) run; set: **bold** node 中文 of")
	kinds := []segment.Kind{"", segment.Paragraph, segment.Heading}
	rng := rand.New(rand.NewSource(1))
	text := func() string {
		words := make([]string, rng.Intn(8))
		for k := range words {
			words[k] = vocab[rng.Intn(len(vocab))]
		}
		return strings.Join(words, " ")
	}
	found := 0
	for round := range 300 {
		segs := make([]segment.Segment, rng.Intn(12))
		ids := make([]string, len(segs))
		for i := range segs {
			segs[i] = segment.Segment{Text: text(), Kind: kinds[1+rng.Intn(2)]}
			if rng.Intn(3) == 0 {
				ids[i] = "taken"
			}
		}
		prev := make([]Previous, rng.Intn(12))
		used := make([]bool, len(prev))
		for j := range prev {
			prev[j] = Previous{Text: text(), Kind: kinds[rng.Intn(3)], Obsolete: rng.Intn(5) == 0}
			used[j] = rng.Intn(4) == 0
		}
		var want []pair
		for i, s := range segs {
			for j, p := range prev {
				if ids[i] != "" || used[j] || p.Obsolete || (p.Kind != "" && p.Kind != s.Kind) ||
					len(bag(s.Text)) == 0 || len(bag(p.Text)) == 0 {
					continue
				}
				if score := Similarity(s.Text, p.Text); score >= MinSimilarity {
					want = append(want, pair{i, j, score})
				}
			}
		}
		sort.SliceStable(want, func(a, b int) bool { return want[a].score > want[b].score })
		got := similarPairs(segs, prev, ids, used)
		if len(got) != len(want) || (len(want) > 0 && !reflect.DeepEqual(got, want)) {
			t.Fatalf("round %d: similarPairs = %v, want %v", round, got, want)
		}
		found += len(want)
	}
	if found < 100 {
		t.Fatalf("only %d pairs in all rounds: the test compares too little", found)
	}
}
