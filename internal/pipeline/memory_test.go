package pipeline

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"folio/internal/catalog"
)

func TestWordSimilarity(t *testing.T) {
	cases := []struct {
		a, b string
		want float64
	}{
		{"", "", 1},
		{"one two three four", "one two three four", 1},
		{"one two three four", "one two THREE four", 0.75}, // one word replaced
		{"one two three four", "one two four", 0.75},       // one word deleted
		{"one two three four", "four three two one", 0},    // every position differs
		{"one two three four", "one two three four five", 0.8},
		{"a b c d e f g h", "a b c d", 0.5}, // half of a paragraph
	}
	for _, c := range cases {
		if got := WordSimilarity(c.a, c.b); got != c.want {
			t.Errorf("WordSimilarity(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

// The memory offers the most similar text that reaches MinFuzzy, for the
// locale asked, and nothing under it.
func TestMemorySimilar(t *testing.T) {
	tm := newMemory()
	tr := func(s string) *catalog.Message { return &catalog.Message{Forms: catalog.OtherForm(s)} }
	texts := []string{
		"the quick brown fox jumps over the lazy dog",
		"the quick brown fox jumps over the lazy cat",
		"a completely different sentence about something else entirely",
	}
	for i, s := range texts {
		tm.add("fr", tr(fmt.Sprint("fr", i)), catalog.Hash(s), s)
	}
	tm.add("de", tr("de1"), catalog.Hash(texts[1]), texts[1])
	// Filler that shares common words, as a large project has.
	for i := 0; i < 1000; i++ {
		s := fmt.Sprintf("the fox number %d over the hill", i)
		tm.add("fr", tr(s), catalog.Hash(s), s)
	}
	cases := []struct{ query, tag, want string }{
		{"the quick brown fox jumps over the lazy dog!", "fr", "fr0"},
		{"the quick brown fox leaps over the lazy cat", "fr", "fr1"},
		{"the quick brown fox leaps over the lazy cat", "de", "de1"},
		{"the quick red fox leaps over a lazy dog", "fr", ""}, // 3 of 9 words differ: 0.67
		{"something else", "fr", ""},
		{"", "fr", ""},
	}
	for _, c := range cases {
		m, from := tm.similar(c.query, c.tag)
		got := ""
		if m != nil {
			got = m.Other()
			if WordSimilarity(from, c.query) < MinFuzzy {
				t.Errorf("%q: suggested from %q, under the threshold", c.query, from)
			}
		}
		if got != c.want {
			t.Errorf("similar(%q, %s) = %q, want %q", c.query, c.tag, got, c.want)
		}
	}
	if !strings.HasPrefix(tm.texts[0].text, "the quick") {
		t.Error("texts out of order")
	}
}

// The index finds every text a comparison with all texts finds.
func TestMemoryIndexMissesNothing(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	vocab := strings.Fields("the a of cyberspace internet development security cooperation order peace all countries should governance global")
	sentence := func() string {
		n := 1 + rng.Intn(12)
		w := make([]string, n)
		for i := range w {
			w[i] = vocab[rng.Intn(len(vocab))]
		}
		return strings.Join(w, " ")
	}
	tm := newMemory()
	var texts []string
	for i := 0; i < 3000; i++ {
		s := sentence()
		texts = append(texts, s)
		tm.add("fr", &catalog.Message{Forms: catalog.OtherForm("x")}, catalog.Hash(s), s)
	}
	for q := 0; q < 300; q++ {
		query := sentence()
		best := 0.0
		for _, s := range texts {
			best = max(best, WordSimilarity(query, s))
		}
		_, from := tm.similar(query, "fr")
		got := 0.0
		if from != "" {
			got = WordSimilarity(query, from)
		}
		if best >= MinFuzzy && got != best || best < MinFuzzy && from != "" {
			t.Fatalf("%q: index found %q (%.2f), best is %.2f", query, from, got, best)
		}
	}
}

// A project of 100 000 translated segments: one look-up.
func BenchmarkMemorySimilar(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	vocab := make([]string, 20000)
	for i := range vocab {
		vocab[i] = fmt.Sprintf("w%d", i)
	}
	zipf := rand.NewZipf(rng, 1.1, 1, uint64(len(vocab)-1))
	sentence := func() string {
		w := make([]string, 10+rng.Intn(30))
		for i := range w {
			w[i] = vocab[zipf.Uint64()]
		}
		return strings.Join(w, " ")
	}
	tm := newMemory()
	var texts []string
	for i := 0; i < 100000; i++ {
		s := sentence()
		texts = append(texts, s)
		tm.add("fr", &catalog.Message{Forms: catalog.OtherForm("x")}, catalog.Hash(s), s)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		words := strings.Fields(texts[i%len(texts)])
		words[len(words)/2] = "changed"
		tm.similar(strings.Join(words, " ")+fmt.Sprint(i), "fr")
	}
}
