package pipeline

import (
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"folio/internal/catalog"
	"folio/internal/project"
	"folio/internal/state"
)

// add records a translation of text (whose hash is hash) for tag, as
// fillMemory records each: the first for a hash and tag wins.
func (tm *memory) add(tag string, m *catalog.Message, hash, text string) {
	if !m.Translated() || hash == "" {
		return
	}
	tm.keepAll(hash, []tagged{{tag, m}})
	if catalog.Hash(text) != hash {
		return
	}
	if i, ok := tm.record(hash, text, strings.Fields(text)); ok {
		for _, w := range tm.texts[i].words {
			tm.index[shardOf(w)].add(w, i)
		}
	}
}

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

// memoryState makes a project of docs documents of segs segments in the
// locales, each translated: one in twenty stale (made from an older text
// the history holds), one in twenty-five with an obsolete translation, and
// words drawn from vocab words (a small vocabulary repeats sentences
// across documents).
func memoryState(seed int64, docs, segs, vocab int, locales []string) *state.State {
	rng := rand.New(rand.NewSource(seed))
	words := make([]string, vocab)
	for i := range words {
		words[i] = fmt.Sprintf("w%d", i)
	}
	zipf := rand.NewZipf(rng, 1.1, 1, uint64(len(words)-1))
	sentence := func() string {
		w := make([]string, 1+rng.Intn(30))
		for i := range w {
			w[i] = words[zipf.Uint64()]
		}
		return strings.Join(w, " ")
	}
	st := &state.State{Project: &project.Project{Locales: locales}}
	for d := 0; d < docs; d++ {
		u := &state.Unit{Name: fmt.Sprint("doc", d), Source: &catalog.File{}, Locales: map[string]*state.Catalog{}, History: map[string]string{}}
		for _, tag := range locales {
			u.Locales[tag] = &state.Catalog{Tag: tag, File: &catalog.File{}, Obsolete: &catalog.File{}}
		}
		for s := 0; s < segs; s++ {
			text := sentence()
			id := fmt.Sprint("m", s)
			h := catalog.Hash(text)
			u.Source.Messages = append(u.Source.Messages, &catalog.Message{ID: id, Hash: h, Forms: catalog.OtherForm(text)})
			u.History[h] = text
			for _, tag := range locales {
				th := h
				if rng.Intn(20) == 0 {
					old := sentence()
					th = catalog.Hash(old)
					if rng.Intn(2) == 0 { // else: a text the history lost
						u.History[th] = old
					}
				}
				c := u.Locales[tag]
				c.File.Messages = append(c.File.Messages, &catalog.Message{ID: id, Hash: th, Forms: catalog.OtherForm(fmt.Sprint(tag, " ", d, " ", text))})
				if rng.Intn(25) == 0 {
					old := sentence()
					u.History[catalog.Hash(old)] = old
					c.Obsolete.Messages = append(c.Obsolete.Messages, &catalog.Message{ID: id + "-old", Hash: catalog.Hash(old), Forms: catalog.OtherForm(tag + " " + old)})
				}
			}
		}
		st.Units = append(st.Units, u)
	}
	return st
}

// fillMemory gathers what taking each translation in turn gathers: the
// same translation for each text and locale (the first met), the same
// texts in the same order, the same postings.
func TestFillMemoryMatchesOneByOne(t *testing.T) {
	st := memoryState(3, 60, 40, 300, []string{"fr", "de", "ar"})
	got := newMemory()
	fillMemory(got, st)
	// What the memory must hold, gathered one translation at a time.
	first := map[[2]string]*catalog.Message{}
	var texts []string
	known := map[string]bool{}
	postings := map[string][]int{}
	take := func(tag string, m *catalog.Message, hash, text string, hasText bool) {
		if !m.Translated() || hash == "" {
			return
		}
		if _, ok := first[[2]string{hash, tag}]; !ok {
			first[[2]string{hash, tag}] = m
		}
		if !hasText || catalog.Hash(text) != hash || known[hash] {
			return
		}
		known[hash] = true
		texts = append(texts, text)
		for _, w := range strings.Fields(text) {
			if p := postings[w]; len(p) == 0 || p[len(p)-1] != len(texts)-1 {
				postings[w] = append(p, len(texts)-1)
			}
		}
	}
	for _, u := range st.Units {
		for _, tag := range st.Project.Locales {
			c := u.Locales[tag]
			for _, m := range c.File.Messages {
				src := u.Source.Lookup(m.ID)
				switch {
				case src != nil && catalog.StateOf(src, m) == catalog.Current:
					take(tag, m, catalog.ExpectedHash(src), src.Other(), true)
				case m.Hash != "":
					text, ok := u.History[m.Hash]
					take(tag, m, m.Hash, text, ok)
				}
			}
			for _, m := range c.Obsolete.Messages {
				text, ok := u.History[m.Hash]
				take(tag, m, m.Hash, text, ok)
			}
		}
	}
	if len(got.texts) != len(texts) {
		t.Fatalf("%d texts, want %d", len(got.texts), len(texts))
	}
	for i, text := range texts {
		if got.texts[i].text != text {
			t.Fatalf("text %d: %q, want %q", i, got.texts[i].text, text)
		}
	}
	for w, p := range postings {
		if !slices.Equal(got.postings(w), p) {
			t.Fatalf("postings of %q: %v, want %v", w, got.postings(w), p)
		}
	}
	for k, m := range first {
		if g := got.exact(k[0], k[1]); g != m {
			t.Fatalf("%s %s: %v, want %v", k[0], k[1], g, m)
		}
	}
	n := 0
	for _, ts := range got.byHash {
		n += len(ts)
	}
	if n != len(first) {
		t.Fatalf("%d translations, want %d", n, len(first))
	}
}

// A project of 200 documents of 100 segments in 10 locales: gathering
// the memory that extract's second pass uses.
func BenchmarkFillMemory(b *testing.B) {
	st := memoryState(1, 200, 100, 20000, strings.Fields("fr de es ru ar zh ja pt it ko"))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		fillMemory(newMemory(), st)
	}
}
