package coverage

import (
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/rivo/uniseg"

	"folio/internal/segment"
)

// Words cuts text into pieces and counts ASCII pieces without uniseg, and
// plain scans for markup without regexp. These tests hold both to the
// straightforward definitions they replace: refPlain, the regular
// expression, and refWords, uniseg's UAX #29 word segmentation of the
// whole text.

var refMarkup = regexp.MustCompile(`\]\([^)]*\)|<[^>]*>`)

func refPlain(text string) string {
	return refMarkup.ReplaceAllStringFunc(text, func(m string) string {
		if m[0] == ']' {
			return "]"
		}
		return " "
	})
}

func refWords(text string) int {
	n := 0
	state := -1
	rest := refPlain(text)
	var word string
	for len(rest) > 0 {
		word, rest, state = uniseg.FirstWordInString(rest, state)
		ideographs, other := 0, false
		for _, r := range word {
			switch {
			case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) || kanaMark(r):
				ideographs++
			case unicode.IsLetter(r) || unicode.IsDigit(r):
				other = true
			}
		}
		n += ideographs
		if other {
			n++
		}
	}
	return n
}

func sameAsReference(t testing.TB, what, text string) bool {
	t.Helper()
	if got, want := plain(text), refPlain(text); got != want {
		t.Errorf("%s: plain(%q) = %q, the regular expression gives %q", what, text, got, want)
		return false
	}
	if got, want := Words(text), refWords(text); got != want {
		t.Errorf("%s: Words(%q) = %d, uniseg counts %d", what, text, got, want)
		return false
	}
	if got, want := Chars(text), refChars(text); got != want {
		t.Errorf("%s: Chars(%q) = %d, counting runes that are not unicode.IsSpace gives %d", what, text, got, want)
		return false
	}
	return true
}

// refChars is what Chars counted before its table of ASCII spaces.
func refChars(text string) int {
	n := 0
	for _, r := range refPlain(text) {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}

// TestWordsMatchUniseg compares the counts on every message of the
// repository's catalogs, on every segment and every line of the documents
// in ../shared/corpus, on the documents and catalogs of a generated set
// (a small one from bench/gen unless -short, or the folder
// FOLIO_WORDS_SET names: every .md file and .toml catalog under it), and
// on generated text made of the characters UAX #29 treats specially.
func TestWordsMatchUniseg(t *testing.T) {
	for _, text := range repoTexts(t, func(string) bool { return true }) {
		sameAsReference(t, "repository catalog", text)
	}

	files, _ := filepath.Glob("../../../shared/corpus/markdown/*.md")
	if len(files) == 0 && os.Getenv("CI") == "true" {
		t.Fatal("../shared/corpus/markdown is missing")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(f)
		for _, seg := range segment.Markdown(data, segment.Options{}).Segments {
			sameAsReference(t, name, seg.Text)
		}
		for _, line := range strings.Split(string(data), "\n") {
			sameAsReference(t, name, line)
		}
	}

	dir := os.Getenv("FOLIO_WORDS_SET")
	if dir == "" && !testing.Short() {
		// A small set from the benchmark generator: its documents, and
		// its catalogs with pseudo-translations in three languages.
		dir = filepath.Join(t.TempDir(), "set")
		gen := exec.Command("go", "run", "../../bench/gen", "-docs", "12", "-locales", "3", "-seed", "9", "-out", dir)
		if out, err := gen.CombinedOutput(); err != nil {
			t.Fatalf("go run ./bench/gen: %v\n%s", err, out)
		}
	}
	if dir != "" {
		n := 0
		filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !(strings.HasSuffix(path, ".md") || strings.HasSuffix(path, ".toml")) {
				return nil
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasSuffix(path, ".md") {
				for _, seg := range segment.Markdown(data, segment.Options{}).Segments {
					sameAsReference(t, path, seg.Text)
					n++
				}
			} else {
				for _, line := range strings.Split(string(data), "\n") {
					sameAsReference(t, path, line)
					n++
				}
			}
			return nil
		})
		t.Logf("%s: %d texts", dir, n)
	}

	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 200000; i++ {
		if !sameAsReference(t, "generated", generatedText(r)) {
			break
		}
	}
}

// wordParts are what generatedText strings together: letters, digits and
// the characters that the word-break rules name (middle letters and
// numbers, underscores, quotes, spaces of several kinds, line breaks,
// extending and format characters, zero-width joiners, regional
// indicators, Hebrew, Katakana, Han, emoji), and markup.
var wordParts = []string{
	"a", "Z", "x", "é", "Ж", "ب", "0", "7", "٣", "_", ":", ",", ";", ".", "'", "\"", "’", "‘",
	" ", "  ", "\t", "\n", "\r\n", "\r", "\v", "\u00a0", "\u2009", "\u3000", "\u200b", "\u00ad",
	"\u0301", "\u200d", "\ufe0f", "\u2060", "🇫", "🇷", "👍", "👩\u200d💻", "א", "ש", "ア", "ー", "ｶ",
	"ﾞ", "あ", "中", "文", "—", "-", "!", "?", "(", ")", "[", "]", "](", "<", ">", "<b>", "</b>",
	"](http://x.org/a_b)", "*", "`", "/", "@", "#", "%", "$", "1.5", "a.b", "U.S.", "can't",
	"3,000", "e.g.", "x:y", "foo_bar", "\x00", "\xff", "\xe2\x80", "\f", "\u0085", "\u2028", "\x1c",
}

func generatedText(r *rand.Rand) string {
	var b strings.Builder
	for n := r.IntN(12); n >= 0; n-- {
		b.WriteString(wordParts[r.IntN(len(wordParts))])
	}
	return b.String()
}

// FuzzWords holds Words and plain to their reference definitions on any
// text (go test -fuzz FuzzWords ./internal/coverage).
func FuzzWords(f *testing.F) {
	for _, w := range wordFixtures {
		f.Add(w.text)
	}
	for _, p := range wordParts {
		f.Add("a" + p + "b 1" + p + "2 " + p)
	}
	f.Fuzz(func(t *testing.T, text string) {
		sameAsReference(t, "fuzz", text)
	})
}
