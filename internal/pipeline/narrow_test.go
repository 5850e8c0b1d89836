package pipeline

import (
	"bytes"
	"fmt"
	"math/bits"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"folio/internal/catalog"
)

// TestNarrowMemory: a 5 %-edit-like extract whose new paragraphs need the
// translation memory (copies of other documents' paragraphs, exact and
// with a word changed, and new text) writes the same files whether the
// memory is gathered from the units narrowMemory keeps or from the whole
// project, and it keeps fewer units than there are.
func TestNarrowMemory(t *testing.T) {
	files := corpus(t)
	base := t.TempDir()
	writeProject := func(dir string) {
		os.MkdirAll(filepath.Join(dir, "source"), 0o755)
		os.WriteFile(filepath.Join(dir, "folio.toml"), []byte("source_language = \"en\"\nlocales = [\"fr\", \"de\"]\n"), 0o644)
		for _, f := range files {
			data, _ := os.ReadFile(f)
			os.WriteFile(filepath.Join(dir, "source", filepath.Base(f)), data, 0o644)
		}
	}
	writeProject(base)
	p := loadProject(t, base)
	if _, err := Extract(p); err != nil {
		t.Fatal(err)
	}
	for _, tag := range []string{"fr", "de"} {
		if _, err := Pseudo(p, tag); err != nil {
			t.Fatal(err)
		}
	}
	if res, err := Extract(p); err != nil || len(res.Errors) > 0 {
		t.Fatal(err, res.Errors)
	}
	// Paragraphs of other documents, copied as they are and with a word
	// changed, and a paragraph no document has, inserted into a few
	// documents; one document's first paragraph edited in place.
	var paras []string
	from := map[int]int{} // paragraph → the index of its file
	for k, f := range files[:len(files)-4] {
		if k%2 == 1 {
			continue // documents that give none (below)
		}
		data, _ := os.ReadFile(f)
		for _, b := range strings.Split(string(data), "\n\n") {
			if w := strings.Fields(b); len(w) > 12 && !strings.ContainsAny(b, "#|`<>[*-\r\n") {
				from[len(paras)] = k
				paras = append(paras, b)
				break
			}
		}
	}
	if len(paras) < 8 {
		t.Fatalf("%d plain paragraphs in the corpus", len(paras))
	}
	// Each document takes an exact copy and a changed copy from two
	// other documents: a unit kept for one must not hide the other.
	for i, f := range files[len(files)-4:] {
		path := filepath.Join(base, "source", filepath.Base(f))
		data, _ := os.ReadFile(path)
		w := strings.Fields(paras[i+4])
		w[len(w)/2] = "zebra"
		add := paras[i] + "\n\n" + strings.Join(w, " ") + "\n\nA paragraph no document has, number " + string(rune('A'+i)) + ".\n\n"
		os.WriteFile(path, append([]byte(add), data...), 0o644)
	}
	// A document that gave no paragraph, before one that did, also holds
	// in its French catalog a translation of that paragraph under its
	// hash, with no text for it in its source catalog or history (a stale
	// entry whose history was lost): only its bytes say that it can
	// answer, and it answers first (it comes first in the project).
	other, para := -1, -1
	for j := 0; j < 4 && other < 0; j++ {
		for x := 0; x < from[j] && other < 0; x++ {
			source := false
			for _, k := range from {
				source = source || k == x
			}
			if !source {
				other, para = x, j
			}
		}
	}
	if other < 0 {
		t.Fatal("no document before a paragraph's that gave none")
	}
	cat := filepath.Join(base, "locales", strings.TrimSuffix(filepath.Base(files[other]), ".md"), "fr.toml")
	data, err := os.ReadFile(cat)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(data, []byte("hash = \"sha1-"))
	if i < 0 {
		t.Fatal("no hash to change in", cat)
	}
	data = append(data[:i:i], append([]byte("hash = \""+catalog.Hash(paras[para])+"\""), data[i+len("hash = \"")+45+1:]...)...)
	os.WriteFile(cat, data, 0o644)
	narrowed, full := t.TempDir(), t.TempDir()
	copyFiles(t, base, narrowed)
	copyFiles(t, base, full)
	kept, all := -1, -1
	testNarrowed = func(k, a int) { kept, all = k, a }
	defer func() { testNarrowed = nil }()
	run := func(dir string) {
		if res, err := Extract(loadProject(t, dir)); err != nil || len(res.Errors) > 0 {
			t.Fatal(err, res.Errors)
		}
	}
	run(narrowed)
	if kept < 0 {
		t.Fatal("the memory was not narrowed")
	}
	if kept >= all || kept == 0 {
		t.Errorf("narrowMemory kept %d units of %d", kept, all)
	}
	testFullMemory = true
	run(full)
	testFullMemory = false
	a, b := tree(t, narrowed), tree(t, full)
	suggested := 0
	for rel, data := range b {
		if a[rel] != data {
			t.Errorf("%s differs with a narrowed memory", rel)
		}
		suggested += strings.Count(data, "STALE — translated from")
	}
	if len(a) != len(b) {
		t.Errorf("%d files with a narrowed memory, %d without", len(a), len(b))
	}
	if suggested == 0 {
		t.Error("the memory suggested nothing: the test exercises nothing")
	}
}

// copyFiles copies the tree src into dst.
func copyFiles(t *testing.T, src, dst string) {
	t.Helper()
	if out, err := exec.Command("cp", "-a", src+"/.", dst).CombinedOutput(); err != nil {
		t.Fatalf("%s: %s", err, out)
	}
}

// TestAskedTextsSimilar: askedTexts.similar says yes exactly when a text
// reaches MinFuzzy with one of the texts asked (random texts of a small
// vocabulary, against WordSimilarity with each).
func TestAskedTextsSimilar(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	vocab := []string{"a", "bb", "ccc", "dddd", "the", "of", "eeeee", "ffffff", "x", "yy"}
	text := func() string {
		n := 1 + rng.IntN(14)
		w := make([]string, n)
		for i := range w {
			w[i] = vocab[rng.IntN(len(vocab))]
		}
		return strings.Join(w, " ")
	}
	hits := 0
	for round := 0; round < 200; round++ {
		asked := map[string]bool{}
		for range 1 + rng.IntN(6) {
			asked[text()] = true
		}
		var list []string
		for q := range asked {
			list = append(list, q)
		}
		sort.Strings(list)
		a := newAskedTexts(asked)
		seen := make([]bool, len(a.words))
		var scratch []string
		for range 100 {
			s := text()
			if rng.IntN(2) == 0 {
				// A text asked with a few words changed, added or dropped.
				w := strings.Fields(list[rng.IntN(len(list))])
				for range rng.IntN(4) {
					switch i := rng.IntN(len(w)); rng.IntN(3) {
					case 0:
						w[i] = vocab[rng.IntN(len(vocab))]
					case 1:
						w = append(w[:i], append([]string{vocab[rng.IntN(len(vocab))]}, w[i:]...)...)
					default:
						if len(w) > 1 {
							w = append(w[:i], w[i+1:]...)
						}
					}
				}
				s = strings.Join(w, " ")
			}
			want := false
			for q := range asked {
				want = want || WordSimilarity(q, s) >= MinFuzzy
			}
			if got := a.similar(s, seen, &scratch); got != want {
				t.Fatalf("similar(%q) = %v with %v", s, got, asked)
			}
			if want {
				hits++
			}
		}
	}
	if hits < 100 {
		t.Fatalf("%d similar texts: the test exercises little", hits)
	}
}

// A 5 %-edit extract screens every source text and history text of the
// project against the texts its documents asked for (narrowMemory): 50
// texts asked, 20,000 screened, a few of them similar.
func BenchmarkAskedTextsSimilar(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	// Words by Zipf's law, as in prose: a few common, most rare; and, as
	// in prose, the rarer the longer (the index takes a text's longest).
	vocab := make([]string, 20000)
	for i := range vocab {
		vocab[i] = fmt.Sprintf("w%s%d", strings.Repeat("o", bits.Len(uint(i))), i)
	}
	zipf := rand.NewZipf(rng, 1.1, 1, uint64(len(vocab)-1))
	text := func() string {
		w := make([]string, 5+rng.IntN(40))
		for i := range w {
			w[i] = vocab[zipf.Uint64()]
		}
		return strings.Join(w, " ")
	}
	asked := map[string]bool{}
	for range 50 {
		asked[text()] = true
	}
	screened := make([]string, 20000)
	for i := range screened {
		screened[i] = text()
	}
	a := newAskedTexts(asked)
	seen := make([]bool, len(a.words))
	var scratch []string
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range screened {
			a.similar(s, seen, &scratch)
		}
	}
}

// appendFields splits as strings.Fields does: ASCII texts itself, others
// by strings.Fields, appending to what it is given.
func TestAppendFields(t *testing.T) {
	texts := []string{"", " ", "a", " a ", "a  b\tc\nd\ve\ff\rg", "\t\n lead and trail \r\n",
		"no\u00a0break", "next\u0085line", "em\u2003space", "café au lait", "中文 文本", "x\x00y \x7f z"}
	rng := rand.New(rand.NewPCG(3, 4))
	parts := []string{"a", "bc", " ", "\t", "\n", "\v", "\f", "\r", "\u00a0", "é", "\u3000", "\x01"}
	for range 2000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		texts = append(texts, b.String())
	}
	for _, s := range texts {
		got := appendFields([]string{"kept"}, s)
		if want := append([]string{"kept"}, strings.Fields(s)...); !slices.Equal(got, want) {
			t.Fatalf("appendFields(%q) = %q, want %q", s, got, want)
		}
	}
}
