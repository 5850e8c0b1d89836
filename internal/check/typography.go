package check

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"folio/internal/locale"
)

// typography returns the locale typography problems of text.
func typography(tag, text string) []string {
	var out []string
	lang, script := baseLang(tag), scriptOf(tag)
	switch lang {
	case "fr":
		out = frenchTypography(text, out)
	case "es":
		if strings.Count(text, "¿") != strings.Count(text, "?") {
			out = append(out, "Spanish typography: ¿ and ? do not pair")
		}
		if strings.Count(text, "¡") != strings.Count(text, "!") {
			out = append(out, "Spanish typography: ¡ and ! do not pair")
		}
	}
	// The characters looked for are ASCII: each is found by its byte and
	// its neighbours decoded around it, without a rune slice of the text
	// (4 % of M10's check with its cache empty).
	switch script {
	case "Hans", "Hant", "Jpan":
		for i := 0; i < len(text); i++ {
			c := text[i]
			if !cjkLatin[c] {
				continue
			}
			prev, n := utf8.DecodeLastRuneInString(text[:i])
			next, m := utf8.DecodeRuneInString(text[i+1:])
			if n == 0 || m == 0 || !isHan(prev) || !isHan(next) {
				continue
			}
			if c == ' ' {
				out = append(out, "CJK typography: a space between Han characters")
			} else {
				out = append(out, "CJK typography: Latin punctuation "+string(rune(c))+" between Han characters; use its full-width form")
			}
		}
	case "Arab":
		for i := 0; i < len(text); i++ {
			c := text[i]
			if c != ',' && c != ';' && c != '?' {
				continue
			}
			if c == ',' {
				prev, n := utf8.DecodeLastRuneInString(text[:i])
				next, m := utf8.DecodeRuneInString(text[i+1:])
				if n > 0 && m > 0 && unicode.IsDigit(prev) && unicode.IsDigit(next) {
					continue // a number
				}
			}
			if nearArabic(text, i) {
				out = append(out, "Arabic typography: Latin "+string(rune(c))+" in Arabic text; use "+map[byte]string{',': "،", ';': "؛", '?': "؟"}[c])
			}
		}
	}
	if n, any := bracketCounts(text); any {
		for i, pair := range bracketPairs {
			if n[2*i] != n[2*i+1] {
				out = append(out, "unbalanced "+pair[0]+" "+pair[1])
			}
		}
	}
	return out
}

// bracketPairs are the brackets and quotes that must balance.
var bracketPairs = [][2]string{{"(", ")"}, {"[", "]"}, {"«", "»"}, {"“", "”"}, {"「", "」"}, {"《", "》"}, {"（", "）"}}

// bracketCounts counts, in one pass, each rune of bracketPairs in text
// (in their order: opening, closing, opening…), as strings.Count would.
// Only the lead bytes of those runes (ASCII, 0xC2, 0xE2, 0xE3, 0xEF) are
// decoded.
func bracketCounts(text string) (n [14]int, any bool) {
	for i := 0; i < len(text); i++ {
		if !bracketByte[text[i]] {
			continue
		}
		k := -1
		switch text[i] {
		case '(':
			k = 0
		case ')':
			k = 1
		case '[':
			k = 2
		case ']':
			k = 3
		case 0xC2, 0xE2, 0xE3, 0xEF:
			r, size := utf8.DecodeRuneInString(text[i:])
			switch r {
			case '«':
				k = 4
			case '»':
				k = 5
			case '“':
				k = 6
			case '”':
				k = 7
			case '「':
				k = 8
			case '」':
				k = 9
			case '《':
				k = 10
			case '》':
				k = 11
			case '（':
				k = 12
			case '）':
				k = 13
			}
			i += size - 1
		}
		if k >= 0 {
			n[k]++
			any = true
		}
	}
	return n, any
}

// bracketByte marks the bytes bracketCounts looks at.
var bracketByte = func() (t [256]bool) {
	for _, b := range []byte{'(', ')', '[', ']', 0xC2, 0xE2, 0xE3, 0xEF} {
		t[b] = true
	}
	return t
}()

// frenchTypography appends to out the French spacing problems of text:
// a space or no space before ; : ! ? (a URL's or a time's colon aside),
// then no no-break space inside « », in the order of the text.
func frenchTypography(text string, out []string) []string {
	for i := 0; i < len(text); {
		k := strings.IndexAny(text[i:], ";:!?")
		if k < 0 {
			break
		}
		k += i
		i = k + 1
		if k == 0 {
			continue
		}
		r := text[k : k+1]
		prev, _ := utf8.DecodeLastRuneInString(text[:k])
		if prev == ' ' {
			out = append(out, "French typography: use a no-break space (U+00A0 or U+202F) before "+r)
		} else if unicode.IsLetter(prev) || unicode.IsDigit(prev) {
			if r == ":" && k+1 < len(text) {
				next, _ := utf8.DecodeRuneInString(text[k+1:])
				if next == '/' || unicode.IsDigit(next) {
					continue // a URL or a time
				}
			}
			out = append(out, "French typography: a no-break space belongs before "+r)
		}
	}
	// « and » are 0xC2 0xAB and 0xC2 0xBB.
	for i := 0; i < len(text); {
		k := strings.IndexByte(text[i:], 0xC2)
		if k < 0 {
			break
		}
		k += i
		r, size := utf8.DecodeRuneInString(text[k:])
		i = k + size
		if r == '«' && k+size < len(text) {
			if next, _ := utf8.DecodeRuneInString(text[k+size:]); !isNoBreak(next) {
				out = append(out, "French typography: a no-break space belongs after «")
			}
		}
		if r == '»' && k > 0 {
			if prev, _ := utf8.DecodeLastRuneInString(text[:k]); !isNoBreak(prev) {
				out = append(out, "French typography: a no-break space belongs before »")
			}
		}
	}
	return out
}

func isNoBreak(r rune) bool { return r == '\u00A0' || r == '\u202F' }

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// cjkLatin marks the Latin punctuation and the space that do not belong
// between Han characters.
var cjkLatin = func() (t [256]bool) {
	for _, c := range []byte(",.;:!?() ") {
		t[c] = true
	}
	return t
}()

// nearArabic reports whether one of the three characters before or after
// the byte at i is Arabic.
func nearArabic(text string, i int) bool {
	for j, k := i, 0; j > 0 && k < 3; k++ {
		r, n := utf8.DecodeLastRuneInString(text[:j])
		if unicode.Is(unicode.Arabic, r) {
			return true
		}
		j -= n
	}
	for j, k := i+1, 0; j < len(text) && k < 3; k++ {
		r, n := utf8.DecodeRuneInString(text[j:])
		if unicode.Is(unicode.Arabic, r) {
			return true
		}
		j += n
	}
	return false
}

func parseTag(tag string) (string, error) { return locale.Parse(tag) }
