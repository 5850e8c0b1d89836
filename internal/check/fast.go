package check

import (
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"folio/internal/swar"
)

// This file holds hand-written equivalents of the regexps and conversions
// that were the text checks' hot spots. Each gives exactly the result of
// the code it replaces; fast_test.go compares them on the repository's
// catalogs, the test fixtures and a generated set, and fuzzes them.

// unlink replaces each Markdown link or image "!?[text](dest)" by its
// text, as plainLink.ReplaceAllString(s, "$1") does: the text holds no
// bracket, the destination balanced parentheses one level deep.
func unlink(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		k := strings.IndexByte(s[i:], '[')
		if k < 0 {
			break
		}
		k += i
		e := strings.IndexAny(s[k+1:], "[]")
		if e < 0 {
			break // no "]" after: no later "[" can start a link either
		}
		e += k + 1
		end := -1
		if s[e] == ']' && e+1 < len(s) && s[e+1] == '(' {
			end = destEnd(s, e+2)
		}
		if end < 0 {
			i = k + 1
			continue
		}
		start := k
		if k > last && s[k-1] == '!' {
			start = k - 1
		}
		if b.Len() == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[last:start])
		b.WriteString(s[k+1 : e])
		last, i = end, end
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// destEnd returns the end of a link destination whose "(" ends just
// before s[i]: the index after its ")", which comes after characters other
// than parentheses and groups "(…)" without parentheses inside; -1 if
// there is none (the regexp `(?:[^()]|\([^()]*\))*\)`).
func destEnd(s string, i int) int {
	for {
		j := strings.IndexAny(s[i:], "()")
		if j < 0 {
			return -1
		}
		i += j
		if s[i] == ')' {
			return i + 1
		}
		j = strings.IndexAny(s[i+1:], "()")
		if j < 0 || s[i+1+j] != ')' {
			return -1
		}
		i += j + 2
	}
}

// stripMarkup replaces code spans, the "](dest)" rest of links, HTML tags
// and http(s) URLs by U+FFFC, as plainStrip.ReplaceAllString(s, "\uFFFC")
// does.
func stripMarkup(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		k := strings.IndexAny(s[i:], "`]<h")
		if k < 0 {
			break
		}
		k += i
		end := -1
		switch s[k] {
		case '`':
			if j := strings.IndexByte(s[k+1:], '`'); j >= 0 {
				end = k + j + 2
			}
		case ']':
			if k+1 < len(s) && s[k+1] == '(' {
				end = destEnd(s, k+2)
			}
		case '<':
			if j := strings.IndexByte(s[k+1:], '>'); j >= 0 {
				end = k + j + 2
			}
		case 'h':
			end = urlEnd(s, k)
		}
		if end < 0 {
			i = k + 1
			continue
		}
		if b.Len() == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[last:k])
		b.WriteString("\uFFFC")
		last, i = end, end
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// urlEnd returns the end of an http(s) URL starting at s[k] (the regexp
// `https?://\S+`, whose \S is anything but ASCII \t \n \f \r and space),
// or -1.
func urlEnd(s string, k int) int {
	rest := s[k:]
	if !strings.HasPrefix(rest, "http") {
		return -1
	}
	j := k + 4
	switch {
	case strings.HasPrefix(s[j:], "s://"):
		j += 4
	case strings.HasPrefix(s[j:], "://"):
		j += 3
	default:
		return -1
	}
	n := j
	for n < len(s) && !isRegexpSpace(s[n]) {
		n++
	}
	if n == j {
		return -1
	}
	return n
}

func isRegexpSpace(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\f' || b == '\r'
}

// markdownInert reports whether goldmark (with GFM and footnotes) can find
// nothing markdownTokens counts in s: every link, image, reference,
// footnote, code span, HTML, emphasis and strikethrough needs one of
// [ ] < ` * _ ~, and an extended autolink "://", "www." or "@". For such
// a text markdownTokens returns no tokens and no emphasis, without the
// parse.
func markdownInert(s string) bool {
	return !strings.ContainsAny(s, "[]<`*_~@") && !strings.Contains(s, "://") && !strings.Contains(s, "www.")
}

// isNFC reports whether s is in Unicode NFC. A text whose code points
// all have combining class 0 and NFC_Quick_Check=Yes is in NFC (UAX #15's
// quick check answers YES); only other texts, and invalid UTF-8, take
// the full test.
func isNFC(s string) bool {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := twoByte(s, i)
		if size == 0 {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if size == 1 || !nfcInert(r) {
			return norm.NFC.IsNormalString(s)
		}
		i += size
	}
	return true
}

// nfcAsSource reports whether every part of tr that NFC would change
// (a character with the combining marks that follow it) is in src too: a
// name the source spells decomposed ("Gołe\u0328biowski" in Node's
// changelog) and the translation keeps as it is, which the source's own
// author would have to normalize.
func nfcAsSource(src, tr string) bool {
	if isNFC(src) {
		return false
	}
	for i := 0; i < len(tr); {
		n := norm.NFC.NextBoundaryInString(tr[i:], true)
		if n <= 0 {
			n = len(tr) - i
		}
		if part := tr[i : i+n]; !norm.NFC.IsNormalString(part) && !strings.Contains(src, part) {
			return false
		}
		i += n
	}
	return true
}

// nfcTable holds nfcInertSlow for the BMP.
var nfcTable = runeTable{f: nfcInertSlow}

// nfcInert reports whether r has combining class 0 and NFC_Quick_Check=Yes.
func nfcInert(r rune) bool {
	if r < 0x300 {
		return true // Latin, IPA and spacing modifiers: all of them
	}
	if r > 0xFFFF {
		return false // not tabulated: the full test decides
	}
	return nfcTable.has(r)
}

// runeTable caches a property of the code points of the BMP, a bit
// each, computed with f per block of 256 code points the first time one
// of them is asked (goroutines may compute a block at the same time; they
// store the same bits).
type runeTable struct {
	f      func(rune) bool
	blocks [256]atomic.Pointer[[4]uint64]
}

// has returns f(r) for r in the BMP.
func (t *runeTable) has(r rune) bool {
	b := t.blocks[r>>8].Load()
	if b == nil {
		b = new([4]uint64)
		for c := (r >> 8) << 8; c < (r>>8+1)<<8; c++ {
			if t.f(c) {
				b[(c&0xFF)>>6] |= 1 << (c & 63)
			}
		}
		t.blocks[r>>8].Store(b)
	}
	return b[(r&0xFF)>>6]&(1<<(r&63)) != 0
}

// hasControl reports whether s has a C0 or C1 control character other
// than line feed and tab: a byte below 0x20, DEL, or U+0080–U+009F
// (0xC2 0x80–0x9F). An invalid byte decodes as U+FFFD, not a control.
func hasControl(s string) bool {
	i := 0
	for {
		// Eight bytes at a time while none is below 0x20 or DEL and no
		// 0xC2 is followed by 0x80–0x9F (next: the byte after each, none
		// after the end of s). Line feeds and tabs stop the run too, and
		// are passed over below.
		for i+8 <= len(s) {
			x := swar.Word(s, i)
			next := x >> 8
			if i+8 < len(s) {
				next |= uint64(s[i+8]) << 56
			}
			c1 := swar.Equal(x, 0xC2) & swar.Equal(next&0xE0E0E0E0E0E0E0E0, 0x80)
			if swar.Less(x, 0x20)|swar.Equal(x, 0x7F)|c1 != 0 {
				break
			}
			i += 8
		}
		if i == len(s) {
			return false
		}
		if controlAt(s, i, min(i+8, len(s))) {
			return true
		}
		i = min(i+8, len(s))
	}
}

// controlAt reports whether one of s[i:end] is what hasControl looks
// for (a C1 control's second byte may lie at end).
func controlAt(s string, i, end int) bool {
	for ; i < end; i++ {
		switch b := s[i]; {
		case b < 0x20 && b != '\n' && b != '\t', b == 0x7F:
			return true
		case b == 0xC2 && i+1 < len(s) && s[i+1] >= 0x80 && s[i+1] <= 0x9F:
			return true
		}
	}
	return false
}

// nfcInertSlow is nfcInert from x/text: class 0, no composition with a
// preceding character (NFC_Quick_Check is not Maybe), and left as it is
// by NFC (not No).
func nfcInertSlow(r rune) bool {
	if r >= 0xD800 && r <= 0xDFFF {
		return false // surrogates are not characters
	}
	c := string(r)
	p := norm.NFC.PropertiesString(c)
	return p.CCC() == 0 && p.BoundaryBefore() && norm.NFC.IsNormalString(c)
}

// doubledWordsFast is doubledWords without converting the text to runes
// or lower-casing every word: only words that follow their equal (ASCII
// case folded, or the same in lower case) are lower-cased.
func doubledWordsFast(s string) []string {
	var out []string
	prevStart, prevEnd := -1, -1
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf && !asciiWord[c] {
			i++
			continue
		}
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			if r, size = twoByte(s, i); size == 0 {
				r, size = utf8.DecodeRuneInString(s[i:])
			}
		}
		if !isWordRune(r) {
			i += size
			continue
		}
		j := i + size
		for j < len(s) {
			if c := s[j]; c < utf8.RuneSelf {
				if asciiWord[c] || (c == '\'' || c == '-') && joinerAt(s, j, rune(c), 1) {
					j++
					continue
				}
				break
			}
			r2, size2 := twoByte(s, j)
			if size2 == 0 {
				r2, size2 = utf8.DecodeRuneInString(s[j:])
			}
			if !isWordRune(r2) && !joinerAt(s, j, r2, size2) {
				break
			}
			j += size2
		}
		if prevEnd >= 0 && i > prevEnd && mayBeSame(s[prevStart], c) && (i-prevEnd == 1 && s[prevEnd] == ' ' || strings.TrimSpace(s[prevEnd:i]) == "") &&
			sameLower(s[prevStart:prevEnd], s[i:j]) && !unspaced(r) {
			w := strings.ToLower(s[i:j])
			if hasLetters(w) {
				out = append(out, w)
			}
		}
		prevStart, prevEnd = i, j
		i = j
	}
	return out
}

// mayBeSame reports whether words starting with bytes a and b may be
// equal in lower case: not when both are ASCII (letters and digits, as
// words start) and differ once ASCII letters are lower-cased.
func mayBeSame(a, b byte) bool {
	return a >= utf8.RuneSelf || b >= utf8.RuneSelf || a|0x20 == b|0x20
}

// asciiWord is isWordRune for ASCII.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = isWordRune(rune(c))
	}
	return t
}()

// joinerAt is isJoiner at byte j of s, whose rune r of size bytes is
// known: an apostrophe or hyphen between word runes.
func joinerAt(s string, j int, r rune, size int) bool {
	if r != '\'' && r != '’' && r != '-' {
		return false
	}
	if j == 0 || j+size >= len(s) {
		return false
	}
	prev, _ := utf8.DecodeLastRuneInString(s[:j])
	next, _ := utf8.DecodeRuneInString(s[j+size:])
	return isWordRune(prev) && isWordRune(next)
}

// sameLower reports whether strings.ToLower(a) == strings.ToLower(b):
// whether their runes (an invalid byte is U+FFFD, as strings.ToLower
// writes it) are pairwise equal once passed through unicode.ToLower.
func sameLower(a, b string) bool {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		x, y := rune(a[i]), rune(b[j])
		sx, sy := 1, 1
		if x >= utf8.RuneSelf {
			x, sx = utf8.DecodeRuneInString(a[i:])
		}
		if y >= utf8.RuneSelf {
			y, sy = utf8.DecodeRuneInString(b[j:])
		}
		if x != y && unicode.ToLower(x) != unicode.ToLower(y) {
			return false
		}
		i, j = i+sx, j+sy
	}
	return i == len(a) && j == len(b)
}

// nextField returns the bounds of the first field of s at or after byte i
// (fields as strings.Fields splits them: around unicode.IsSpace) and its
// rune count (as utf8.RuneCountInString counts it); start is -1 when
// there is none.
func nextField(s string, i int) (start, end, runes int) {
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if !asciiSpace(c) {
				break
			}
			i++
			continue
		}
		r, size := twoByte(s, i)
		if size == 0 {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if !unicode.IsSpace(r) {
			break
		}
		i += size
	}
	if i >= len(s) {
		return -1, -1, 0
	}
	start = i
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if asciiSpace(c) {
				break
			}
			i++
			runes++
			continue
		}
		r, size := twoByte(s, i)
		if size == 0 {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if unicode.IsSpace(r) {
			break
		}
		i += size
		runes++
	}
	return start, i, runes
}

func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// twoByte decodes the two-byte character at s[i] (Latin letters with
// accents, Greek, Cyrillic, Arabic, Hebrew), or returns size 0 for
// anything else. The scanners of translations decode every character that
// is not ASCII; in line, the two-byte ones spare them the standard
// library's call and table look-ups (a tenth of M10's check with its
// cache empty went to utf8.DecodeRuneInString). Each caller falls back to
// utf8.DecodeRuneInString itself: with the fallback inside, twoByte costs
// 121 to Go's inliner, over its budget of 80, and is a call again.
func twoByte(s string, i int) (r rune, size int) {
	if i+1 < len(s) && s[i]-0xC2 < 0xE0-0xC2 && s[i+1]&0xC0 == 0x80 {
		return rune(s[i]&0x1F)<<6 | rune(s[i+1]&0x3F), 2
	}
	return 0, 0
}
