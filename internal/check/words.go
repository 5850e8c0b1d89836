package check

import (
	"fmt"
	"strings"
	"unicode"
)

// controlChars returns a description of the first control character of tr
// that src does not have: C0 and C1 controls other than line feed and tab,
// which no renderer shows and some (U+0008, U+001B) corrupt terminals and
// files. TOML forbids them raw in strings, so they arrive through escapes
// such as \u0007.
func controlChars(src, tr string) string {
	for i, r := range []rune(tr) {
		if r == '\n' || r == '\t' || !unicode.Is(unicode.Cc, r) {
			continue
		}
		if strings.ContainsRune(src, r) {
			continue
		}
		return fmt.Sprintf("control character U+%04X at code point %d of the text", r, i+1)
	}
	return ""
}

// doubledOK lists, per language, words whose doubling is grammatical:
// French reflexives ("nous nous levons"), English "that that" and "had
// had", German relative pronouns after their antecedent article.
var doubledOK = map[string]map[string]bool{
	"fr": set("nous", "vous"),
	"en": set("that", "had"),
	"de": set("die", "der", "das", "den", "dem", "sie"),
	"nl": set("die", "dat"),
	"es": set("que"),
	"pt": set("que"),
	"it": set("che"),
	"ru": set("что"),
	"uk": set("що"),
}

func set(words ...string) map[string]bool {
	m := map[string]bool{}
	for _, w := range words {
		m[w] = true
	}
	return m
}

// doubledWord returns the first word of tr written twice in a row
// (separated only by spaces), ignoring words the language doubles by
// grammar and as many doublings as its source has. Runs of Han, kana and
// Thai, scripts written without spaces, are not words here: 谢谢 and
// 常常 are single words.
func doubledWord(tag, src, tr string) string {
	// The source's own doublings ("very very") may be rendered the same
	// way; words differ across languages, so they are counted, not matched.
	allowed := len(doubledWords(src))
	ok := doubledOK[baseLang(tag)]
	for _, w := range doubledWords(tr) {
		if ok[w] {
			continue
		}
		if allowed > 0 {
			allowed--
			continue
		}
		return w
	}
	return ""
}

// doubledWords lists the lower-cased words of s that directly repeat the
// word before them, with only spaces between.
func doubledWords(s string) []string {
	var out []string
	rs := []rune(s)
	prev, prevEnd := "", -1
	for i := 0; i < len(rs); {
		if !isWordRune(rs[i]) {
			i++
			continue
		}
		j := i
		for j < len(rs) && (isWordRune(rs[j]) || isJoiner(rs, j)) {
			j++
		}
		w := strings.ToLower(string(rs[i:j]))
		spaced := prevEnd >= 0 && i > prevEnd && strings.TrimSpace(string(rs[prevEnd:i])) == ""
		if spaced && w == prev && !unspaced(rs[i]) && hasLetters(w) {
			out = append(out, w)
		}
		prev, prevEnd = w, j
		i = j
	}
	return out
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}

// isJoiner reports whether rs[j] is an apostrophe or hyphen inside a word.
func isJoiner(rs []rune, j int) bool {
	return strings.ContainsRune("'’-", rs[j]) && j > 0 && j+1 < len(rs) && isWordRune(rs[j-1]) && isWordRune(rs[j+1])
}

func unspaced(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar)
}
