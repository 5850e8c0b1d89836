// Package coverage computes translation coverage: for each locale and each
// document or component, how many messages (and source words and
// characters) are current, stale or untranslated, and how many translations
// are obsolete.
//
// Words are counted the same way for every script: Unicode (UAX #29) word
// segments that contain a letter or a digit, with each Han, Hiragana or
// Katakana character counted as one word, as CAT tools count CJK text.
// (Scripts written without spaces and without such a convention, like Thai,
// count a whole run as one word: UAX #29 has no dictionary.)
//
// The package imports state, catalog, rivo/uniseg and the standard library.
package coverage

import (
	"errors"
	"io/fs"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"

	"folio/internal/catalog"
	"folio/internal/state"
)

// Counts are the numbers for one locale of one unit, or summed.
type Counts struct {
	Messages Tally `json:"messages"`
	Words    Tally `json:"words"`
	Chars    Tally `json:"characters"`
	// Uncounted is set when nothing could be counted: a component whose
	// source catalog does not load. Its Percent is then 0, not the 100
	// of a unit that has no messages.
	Uncounted bool `json:"-"`
}

// Tally splits a total by state.
type Tally struct {
	Total        int `json:"total"`
	Translated   int `json:"translated"`
	Stale        int `json:"stale"`
	Untranslated int `json:"untranslated"`
	Obsolete     int `json:"obsolete,omitempty"`
}

func (t *Tally) add(o Tally) {
	t.Total += o.Total
	t.Translated += o.Translated
	t.Stale += o.Stale
	t.Untranslated += o.Untranslated
	t.Obsolete += o.Obsolete
}

func (t *Tally) count(s catalog.State, n int) {
	t.Total += n
	switch s {
	case catalog.Current:
		t.Translated += n
	case catalog.Stale:
		t.Stale += n
	default:
		t.Untranslated += n
	}
}

// Percent is translated/total messages × 100 (100 when there are none,
// 0 when none could be counted).
func (c Counts) Percent() float64 {
	if c.Messages.Total == 0 {
		if c.Uncounted {
			return 0
		}
		return 100
	}
	return float64(c.Messages.Translated) * 100 / float64(c.Messages.Total)
}

// Unit is the coverage of one document or component in one locale.
type Unit struct {
	Name string
	Counts
	// Broken is set when the unit's catalogs do not load; its counts then
	// treat every message as untranslated.
	Broken bool
	// Unextracted is set for a document that has no source catalog yet:
	// its segments count as untranslated messages.
	Unextracted bool
}

// Note says, in a few words, why a unit's counts may surprise: "" when
// its catalogs loaded.
func (u Unit) Note() string {
	switch {
	case u.Broken:
		return "catalogs do not load"
	case u.Unextracted:
		return "not extracted yet"
	}
	return ""
}

// Locale is the coverage of one locale.
type Locale struct {
	Tag string
	Counts
	Units []Unit
}

// Add adds the counts and units of o, the same locale's coverage of other
// units, to l.
func (l *Locale) Add(o Locale) {
	l.Messages.add(o.Messages)
	l.Words.add(o.Words)
	l.Chars.add(o.Chars)
	l.Units = append(l.Units, o.Units...)
}

// Compute returns the coverage of each locale.
func Compute(st *state.State, locales []string) []Locale {
	units := make([][]Unit, len(locales)) // by locale, then unit
	for _, u := range st.Units {
		for i, uc := range ComputeUnit(u, locales) {
			units[i] = append(units[i], uc)
		}
	}
	var out []Locale
	for i, tag := range locales {
		out = append(out, Sum(tag, units[i]))
	}
	return out
}

// Sum returns the coverage of a locale made of the units' coverage.
func Sum(tag string, units []Unit) Locale {
	loc := Locale{Tag: tag, Units: units}
	for _, uc := range units {
		loc.Messages.add(uc.Messages)
		loc.Words.add(uc.Words)
		loc.Chars.add(uc.Chars)
	}
	return loc
}

// ComputeUnit returns the coverage of one unit in each locale.
func ComputeUnit(u *state.Unit, locales []string) []Unit {
	out := make([]Unit, len(locales))
	// Each source text is counted once, not once per locale.
	var src *Source
	if u.Source != nil {
		src = NewSource(u.Source)
	}
	for i, tag := range locales {
		uc := Unit{Name: u.Name}
		c := u.Locales[tag]
		if src != nil {
			var file *catalog.File
			if c != nil {
				file = c.File
				uc.Broken = c.Err != nil
			}
			uc.Counts = src.Count(file, uc.Broken)
		} else if u.Segments != nil {
			// Not extracted yet (or the source catalog does not load):
			// every segment of the document is a message to translate.
			uc.Broken = !errors.Is(u.SourceErr, fs.ErrNotExist)
			uc.Unextracted = !uc.Broken
			for _, seg := range u.Segments.Segments {
				uc.Messages.count(catalog.Untranslated, 1)
				uc.Words.count(catalog.Untranslated, Words(seg.Text))
				uc.Chars.count(catalog.Untranslated, Chars(seg.Text))
			}
		} else {
			uc.Broken, uc.Uncounted = true, true
		}
		if c != nil && c.Obsolete != nil {
			uc.Messages.Obsolete = len(c.Obsolete.Messages)
		}
		out[i] = uc
	}
	return out
}

// Source is a source catalog with the words and characters of each
// message counted, ready to count any number of locale catalogs against.
type Source struct {
	messages []sourceMessage
}

type sourceMessage struct {
	m            *catalog.Message
	words, chars int
}

// NewSource counts the words and characters of a source catalog's
// messages.
func NewSource(f *catalog.File) *Source {
	s := &Source{messages: make([]sourceMessage, len(f.Messages))}
	for i, m := range f.Messages {
		text := plain(m.Other())
		s.messages[i] = sourceMessage{m, words(text), chars(text)}
	}
	return s
}

// Count returns the counts of a locale catalog (nil: an empty one)
// against the source; when broken (the catalog does not load) every
// message counts as untranslated. Obsolete translations are not counted.
func (s *Source) Count(file *catalog.File, broken bool) Counts {
	var c Counts
	for i, sm := range s.messages {
		st := catalog.StateOf(sm.m, file.LookupAt(sm.m.ID, i))
		if broken {
			st = catalog.Untranslated
		}
		c.Messages.count(st, 1)
		c.Words.count(st, sm.words)
		c.Chars.count(st, sm.chars)
	}
	return c
}

// plain strips what a reader does not read from message text: link
// destinations (the bracket stays) and HTML tags (a space stays, so that
// the words on either side of <br> remain two). It replaces, left to
// right, each match of the regular expression \]\([^)]*\)|<[^>]*> as
// regexp's leftmost-first ReplaceAll would: "](…)" by "]" and "<…>" by a
// space (both start with an ASCII byte, so scanning bytes finds the same
// matches as scanning runes).
func plain(text string) string {
	if !strings.Contains(text, "](") && !strings.Contains(text, "<") {
		return text // nothing can match
	}
	var b strings.Builder
	last := 0 // text[last:i] is still to copy
	for i := 0; i < len(text); {
		var end int // the match text[i:end], 0 if none
		switch {
		case text[i] == ']' && i+1 < len(text) && text[i+1] == '(':
			if j := strings.IndexByte(text[i+2:], ')'); j >= 0 {
				end = i + 2 + j + 1
			}
		case text[i] == '<':
			if j := strings.IndexByte(text[i+1:], '>'); j >= 0 {
				end = i + 1 + j + 1
			}
		}
		if end == 0 {
			i++
			continue
		}
		b.WriteString(text[last:i])
		if text[i] == ']' {
			b.WriteByte(']')
		} else {
			b.WriteByte(' ')
		}
		i, last = end, end
	}
	b.WriteString(text[last:])
	return b.String()
}

// Words counts the words of a message text.
//
// The text is cut after each ASCII space that an ASCII character other
// than a space follows: UAX #29 always has a word boundary there (rule
// WB999; nothing that could join across it, an extending mark or a second
// space, follows), and no rule looks across a space, so the pieces can be
// counted apart. A piece of ASCII text is counted by asciiWords, any
// other by uniseg.
func Words(text string) int { return words(plain(text)) }

// words is Words of text that plain has already stripped. ASCII text
// (most source text) is counted by asciiWords in one piece: it counts
// each piece as the pieces' sum does, since a piece ends with a space,
// which ends any word.
func words(text string) int {
	if isASCII(text) {
		return asciiWords(text)
	}
	n := 0
	start := 0 // the current piece is text[start:i]
	ascii := true
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c >= utf8.RuneSelf {
			ascii = false
			continue
		}
		if i > start && c != ' ' && text[i-1] == ' ' {
			n += pieceWords(text[start:i], ascii)
			start, ascii = i, true
		}
	}
	return n + pieceWords(text[start:], ascii)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func pieceWords(piece string, ascii bool) int {
	if ascii {
		return asciiWords(piece)
	}
	return segmentWords(piece)
}

// segmentWords counts words as UAX #29 segments them (uniseg): each
// segment with a letter or a digit is one word, except that each Han,
// Hiragana or Katakana character is a word of its own.
func segmentWords(text string) int {
	n := 0
	state := -1
	var word string
	for len(text) > 0 {
		word, text, state = uniseg.FirstWordInString(text, state)
		ideographs, other := 0, false
		for _, r := range word {
			switch {
			case r >= firstIdeograph && (unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) || kanaMark(r)):
				ideographs++
			case r < utf8.RuneSelf:
				if asciiClass[r] == letter || asciiClass[r] == digit {
					other = true
				}
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

// firstIdeograph is the smallest code point that is Han, Hiragana,
// Katakana or a kana mark (the CJK radicals start the Han script).
const firstIdeograph = 0x2E80

// The UAX #29 word-break classes of ASCII characters that can be part of
// a word: ALetter, Numeric, ExtendNumLet (_), MidLetter (:), MidNum (, ;)
// and MidNumLet (. and the Single_Quote ').
const (
	other = iota
	letter
	digit
	extendNumLet
	midLetter
	midNum
	midNumLet
)

var asciiClass = func() (t [utf8.RuneSelf]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = letter, letter
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = digit
	}
	t['_'] = extendNumLet
	t[':'] = midLetter
	t[','], t[';'] = midNum, midNum
	t['.'], t['\''] = midNumLet, midNumLet
	return t
}()

// asciiWords counts the words of ASCII text as segmentWords does, without
// segmenting it: in ASCII, UAX #29 keeps letters, digits and underscores
// together (WB5, WB8–WB10, WB13a–b), and a middle character between two
// letters (: . ', WB6–7) or two digits (, ; . ', WB11–12); every other
// character is a segment of its own, or of spaces or line breaks, without
// a letter or digit. So a word is a run of such characters that holds a
// letter or a digit.
func asciiWords(s string) int {
	n := 0
	inRun, alnum := false, false
	for i := 0; i < len(s); i++ {
		switch asciiClass[s[i]] {
		case letter, digit:
			inRun, alnum = true, true
			continue
		case extendNumLet:
			if !inRun {
				inRun, alnum = true, false
			}
			continue
		case midLetter, midNum, midNumLet:
			if inRun && joins(s, i) {
				continue
			}
		}
		if inRun && alnum {
			n++
		}
		inRun = false
	}
	if inRun && alnum {
		n++
	}
	return n
}

// joins reports whether the middle character s[i] stays inside a word:
// between two letters (MidLetter, MidNumLet) or two digits (MidNum,
// MidNumLet).
func joins(s string, i int) bool {
	if i == 0 || i+1 >= len(s) {
		return false
	}
	before, after := asciiClass[s[i-1]], asciiClass[s[i+1]]
	switch asciiClass[s[i]] {
	case midLetter:
		return before == letter && after == letter
	case midNum:
		return before == digit && after == digit
	default: // midNumLet
		return before == after && (before == letter || before == digit)
	}
}

// kanaMark reports the marks that kana words are written with but that
// Unicode gives the Common script: the prolonged sound mark ー (in
// インターネット), its halfwidth form, and the (semi-)voiced sound marks.
func kanaMark(r rune) bool {
	return r == 'ー' || r == 'ｰ' || r == '゛' || r == '゜' || r == 'ﾞ' || r == 'ﾟ'
}

// Chars counts the characters (code points) of a message text, spaces
// aside.
func Chars(text string) int { return chars(plain(text)) }

// chars is Chars of text that plain has already stripped: the code points
// that are not unicode.IsSpace, as ranging over the string gives them (an
// invalid byte is one U+FFFD), with ASCII bytes looked up in a table.
func chars(text string) int {
	n := 0
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf {
			if !asciiSpace[c] {
				n++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsSpace(r) {
			n++
		}
		i += size
	}
	return n
}

// asciiSpace holds the ASCII characters unicode.IsSpace reports.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}
