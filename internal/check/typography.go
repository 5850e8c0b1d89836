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
	var rs []rune
	lang, script := baseLang(tag), scriptOf(tag)
	switch script {
	case "Hans", "Hant", "Jpan", "Arab":
		rs = []rune(text)
	}
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
	switch script {
	case "Hans", "Hant", "Jpan":
		for i := 1; i+1 < len(rs); i++ {
			if !strings.ContainsRune(",.;:!?() ", rs[i]) || !isHan(rs[i-1]) || !isHan(rs[i+1]) {
				continue
			}
			if strings.ContainsRune(",.;:!?()", rs[i]) {
				out = append(out, "CJK typography: Latin punctuation "+string(rs[i])+" between Han characters; use its full-width form")
			}
			if rs[i] == ' ' {
				out = append(out, "CJK typography: a space between Han characters")
			}
		}
	case "Arab":
		for i, r := range rs {
			if !strings.ContainsRune(",;?", r) {
				continue
			}
			if r == ',' && i > 0 && i+1 < len(rs) && unicode.IsDigit(rs[i-1]) && unicode.IsDigit(rs[i+1]) {
				continue // a number
			}
			if nearArabic(rs, i) {
				out = append(out, "Arabic typography: Latin "+string(r)+" in Arabic text; use "+map[rune]string{',': "،", ';': "؛", '?': "؟"}[r])
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

func nearArabic(rs []rune, i int) bool {
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		if unicode.Is(unicode.Arabic, rs[j]) {
			return true
		}
	}
	for j := i + 1; j < len(rs) && j <= i+3; j++ {
		if unicode.Is(unicode.Arabic, rs[j]) {
			return true
		}
	}
	return false
}

func parseTag(tag string) (string, error) { return locale.Parse(tag) }
