package build

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// runeColumns' shortcuts give what the tables give, for every code point.
func TestRuneColumnsShortcuts(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if got, want := runeColumns(r), tableColumns(r); got != want {
			t.Fatalf("runeColumns(%U) = %d, the tables say %d", r, got, want)
		}
	}
}

// unitsByRunes is units as it was written first: the current unit's
// characters gathered in a rune slice, each pair of them asked breakable,
// with the tables for every character. units must split as it does.
func unitsByRunes(s string) []unit {
	breaks := func(a, b rune) bool {
		if strings.ContainsRune(closing, b) || strings.ContainsRune(opening, a) {
			return false
		}
		return tableColumns(a) == 2 || tableColumns(b) == 2
	}
	var us []unit
	var cur []rune
	space := false
	flush := func() {
		if len(cur) > 0 {
			us = append(us, unit{string(cur), space})
			cur, space = nil, false
		}
	}
	for _, r := range s {
		if unicode.IsSpace(r) && !strings.ContainsRune(noBreakSpaces, r) {
			flush()
			space = len(us) > 0
			continue
		}
		if len(cur) > 0 && breaks(cur[len(cur)-1], r) {
			flush()
		}
		cur = append(cur, r)
	}
	flush()
	var glued []unit
	for _, u := range us {
		n := len(glued)
		if n > 0 && u.space && (startsWith(u.text, closing) || onlyOf(glued[n-1].text, opening)) {
			glued[n-1].text += " " + u.text
			continue
		}
		glued = append(glued, u)
	}
	return glued
}

// units splits as unitsByRunes does: random strings of the characters
// that matter (spaces of every kind, no-break spaces, wide and narrow
// letters, opening and closing punctuation of both widths, combining and
// format characters), and every line of the corpus's documents and the
// committed editions.
func TestUnitsAsByRunes(t *testing.T) {
	alphabet := []rune("ab Z9\t\n\v\f\r\u0085\u00a0\u202f\u2007\u2060\u3000\u2003" +
		"中文字。，、「」『』（）《》…“”‘’" + closing + opening +
		"éß\u0301\u200d\u00adｶﾀＡ한글مرحباπ→€")
	rng := rand.New(rand.NewPCG(3, 5))
	var texts []string
	for range 20000 {
		b := make([]rune, rng.IntN(24))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		texts = append(texts, string(b))
	}
	for _, glob := range []string{"../../../shared/corpus/*/*", "../../../shared/corpus/*", "../../output/*/*.txt", "../../output/*/*.md"} {
		files, _ := filepath.Glob(glob)
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil || !utf8.Valid(data) {
				continue
			}
			texts = append(texts, strings.Split(string(data), "\n")...)
		}
	}
	if len(texts) < 25000 {
		t.Fatalf("only %d texts to split", len(texts))
	}
	for _, s := range texts {
		if got, want := units(s), unitsByRunes(s); !slices.Equal(got, want) {
			t.Fatalf("units(%q) =\n%+v\nunitsByRunes gives\n%+v", s, got, want)
		}
	}
}
