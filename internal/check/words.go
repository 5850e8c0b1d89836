package check

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"folio/internal/lazyre"
)

// controlChars returns a description of the first control character of tr
// that src does not have: C0 and C1 controls other than line feed and tab,
// which no renderer shows and some (U+0008, U+001B) corrupt terminals and
// files. TOML forbids them raw in strings, so they arrive through escapes
// such as \u0007.
func controlChars(src, tr string) string {
	if !hasControl(tr) {
		return ""
	}
	n := 0 // code points so far, as in []rune(tr)
	for _, r := range tr {
		n++
		if r >= 0x20 && (r < 0x7F || r > 0x9F) || r == '\n' || r == '\t' || !unicode.Is(unicode.Cc, r) {
			continue
		}
		if strings.ContainsRune(src, r) {
			continue
		}
		return fmt.Sprintf("control character U+%04X at code point %d of the text", r, n)
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
	return doubledWordAllowing(tag, len(doubledWords(src)), tr)
}

// doubledWordAllowing is doubledWord for a source with allowed doublings.
func doubledWordAllowing(tag string, allowed int, tr string) string {
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
func doubledWords(s string) []string { return doubledWordsFast(s) }

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	if r <= 0xFFFF {
		return wordRunes.has(r)
	}
	return isWordRuneSlow(r)
}

// isWordRuneSlow is isWordRune from the Unicode tables.
func isWordRuneSlow(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}

var wordRunes = runeTable{f: isWordRuneSlow}

func unspaced(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar)
}

var templateAction = lazyre.New(`\{\{.*?\}\}`)

// prose is the text a reader reads: plain text without template actions.
func prose(s string) string { return proseOfPlain(plain(s)) }

// proseOfPlain is prose of a text already made plain.
func proseOfPlain(p string) string {
	if !strings.Contains(p, "{{") {
		return p // the regexp needs "{{"
	}
	return templateAction().ReplaceAllString(p, " ")
}

// cognate reports whether text, left as it is in a locale written in the
// source's script, is one word ("Section", "Archives", "{{.Count}}
// page"), or an acronym in any locale ("URL"): such words are often the
// same in both languages.
func cognate(source, tag, text string) bool {
	var words []string
	for _, f := range strings.FieldsFunc(prose(text), func(r rune) bool { return !isWordRune(r) }) {
		if hasLetters(f) {
			words = append(words, f)
		}
	}
	if len(words) == 1 && len([]rune(words[0])) > 1 && strings.ToUpper(words[0]) == words[0] {
		return true // an acronym: URL, PDF, ASCII
	}
	return len(words) <= 1 && scriptOf(source) == scriptOf(tag)
}

// abbreviations lists, per language, abbreviations whose period is not a
// sentence end ("Время чтения: 5 мин.").
var abbreviations = map[string]map[string]bool{
	"ru": set("мин", "сек", "с", "ч", "г", "гг", "стр", "тыс", "млн", "млрд", "руб", "см", "др", "пр", "т.д", "т.п"),
	"uk": set("хв", "с", "год", "стор", "тис", "млн", "грн"),
	"en": set("etc", "min", "sec", "approx", "no", "vs"),
	"fr": set("etc", "min", "env", "p", "cf"),
	"es": set("etc", "min", "seg", "pág", "aprox"),
	"de": set("usw", "bzw", "ca", "min", "sek", "s", "z.b"),
}

// abbreviationEnd reports whether text ends with an abbreviation's period
// rather than a sentence's (closing brackets and quotes aside).
func abbreviationEnd(tag, text string) bool {
	t := strings.TrimRight(strings.TrimSpace(text), trailingClose)
	if !strings.HasSuffix(t, ".") || strings.HasSuffix(t, "..") {
		return false
	}
	t = strings.TrimSuffix(t, ".")
	start := 0
	if i := strings.LastIndexFunc(t, func(r rune) bool { return !isWordRune(r) && r != '.' }); i >= 0 {
		_, size := utf8.DecodeRuneInString(t[i:])
		start = i + size
	}
	return abbreviations[baseLang(tag)][strings.ToLower(t[start:])]
}
