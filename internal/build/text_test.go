package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestWrapPunctuationAndSpaces(t *testing.T) {
	cases := []struct {
		in    string
		width int
		want  string
	}{
		// French spacing: a space before » ; : ! ? and after « is no break.
		{"dans le cadre de « la Ceinture et la Route » ; ensuite", 14, "dans le cadre\nde « la\nCeinture et la\nRoute » ;\nensuite"},
		// No-break spaces are kept and never broken at.
		{"les principes suivants\u00a0: un", 22, "les principes\nsuivants\u00a0: un"},
		{"« la\u00a0Ceinture »", 5, "« la\u00a0Ceinture »"},
		// Latin closing punctuation never starts a line, after CJK either.
		{"中文中文(注释)。", 8, "中文中文\n(注释)。"},
		{"一二三四」、五六", 8, "一二三\n四」、五\n六"},
		{"word (aside), end.", 6, "word\n(aside),\nend."},
		// Opening brackets stay with what follows.
		{"甲乙丙「丁」", 8, "甲乙丙\n「丁」"},
		// Hyphenated and long words are never broken.
		{"a well-known antidisestablishmentarianism", 8, "a\nwell-known\nantidisestablishmentarianism"},
	}
	for _, c := range cases {
		if got := Wrap(c.in, c.width, ""); got != c.want {
			t.Errorf("Wrap(%q, %d) =\n%s\nwant\n%s", c.in, c.width, got, c.want)
		}
	}
	for s, n := range map[string]int{"中文ab": 6, "「」": 4, "abc": 3, "ｶﾀ": 2, "ＡＢ": 4, "é": 1, "e\u0301": 1, "مرحبا": 5} {
		if got := Columns(s); got != n {
			t.Errorf("Columns(%q) = %d, want %d", s, got, n)
		}
	}
}

// The committed plain-text editions: no line wider than 72 columns unless
// it is one unbreakable word, no line starting with closing punctuation,
// and every heading underlined to its display width.
func TestCommittedTextEditions(t *testing.T) {
	files, _ := filepath.Glob("../../output/*/*.txt")
	if len(files) < 6 {
		t.Fatalf("only %d text editions under output/", len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
		headings := 0
		for i, l := range lines {
			if Columns(l) > 72 && len(units(strings.TrimSpace(l))) > 1 {
				t.Errorf("%s:%d: %d columns: %s", f, i+1, Columns(l), l)
			}
			if s := strings.TrimLeft(l, " "); startsWith(s, closing) {
				t.Errorf("%s:%d: starts with closing punctuation: %s", f, i+1, l)
			}
			if l != "" && strings.Trim(l, "=") == "" || l != "" && strings.Trim(l, "-") == "" {
				headings++
				w := 0 // the widest line of the heading above
				for j := i - 1; j >= 0 && lines[j] != ""; j-- {
					w = max(w, Columns(lines[j]))
				}
				if w != len(l) {
					t.Errorf("%s:%d: underline of %d for a heading of %d columns", f, i+1, len(l), w)
				}
			}
		}
		if headings < 5 {
			t.Errorf("%s: %d underlined headings", f, headings)
		}
	}
}

// Columns' ASCII shortcut gives what the rune loop gives, for every ASCII
// byte (control characters included) and for text mixing ASCII with wide,
// combining and format characters.
func TestColumnsASCII(t *testing.T) {
	slow := func(s string) int {
		n := 0
		for _, r := range s {
			n += runeColumns(r)
		}
		return n
	}
	var all []byte
	for b := 0; b < utf8.RuneSelf; b++ {
		all = append(all, byte(b))
	}
	for _, s := range []string{"", string(all), "abc中文", "中文abc", "e\u0301x", "a\u200eb", "ｆｕｌｌ width", "  guide/intro (stale)", "\xff\xfeabc"} {
		if got, want := Columns(s), slow(s); got != want {
			t.Errorf("Columns(%q) = %d, want %d", s, got, want)
		}
	}
}
