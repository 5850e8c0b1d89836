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
	"regexp"
	"strings"
	"unicode"

	"github.com/rivo/uniseg"

	"folio/internal/catalog"
	"folio/internal/state"
)

// Counts are the numbers for one locale of one unit, or summed.
type Counts struct {
	Messages Tally `json:"messages"`
	Words    Tally `json:"words"`
	Chars    Tally `json:"characters"`
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

// Percent is translated/total messages × 100 (100 when there are none).
func (c Counts) Percent() float64 {
	if c.Messages.Total == 0 {
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
	var out []Locale
	// Each source text is counted once, not once per locale.
	sizes := map[*catalog.Message][2]int{}
	for _, tag := range locales {
		loc := Locale{Tag: tag}
		for _, u := range st.Units {
			uc := Unit{Name: u.Name}
			c := u.Locales[tag]
			if u.Source != nil {
				var file *catalog.File
				if c != nil {
					file = c.File
					uc.Broken = c.Err != nil
				}
				for _, sm := range u.Source.Messages {
					s := catalog.StateOf(sm, file.Lookup(sm.ID))
					if uc.Broken {
						s = catalog.Untranslated
					}
					size, ok := sizes[sm]
					if !ok {
						text := sm.Other()
						size = [2]int{Words(text), Chars(text)}
						sizes[sm] = size
					}
					uc.Messages.count(s, 1)
					uc.Words.count(s, size[0])
					uc.Chars.count(s, size[1])
				}
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
				uc.Broken = true
			}
			if c != nil && c.Obsolete != nil {
				uc.Messages.Obsolete = len(c.Obsolete.Messages)
			}
			loc.Messages.add(uc.Messages)
			loc.Words.add(uc.Words)
			loc.Chars.add(uc.Chars)
			loc.Units = append(loc.Units, uc)
		}
		out = append(out, loc)
	}
	return out
}

var markup = regexp.MustCompile(`\]\([^)]*\)|<[^>]*>`)

// plain strips what a reader does not read from message text: link
// destinations (the bracket stays) and HTML tags (a space stays, so that
// the words on either side of <br> remain two).
func plain(text string) string {
	if !strings.Contains(text, "](") && !strings.Contains(text, "<") {
		return text // markup cannot match
	}
	return markup.ReplaceAllStringFunc(text, func(m string) string {
		if m[0] == ']' {
			return "]"
		}
		return " "
	})
}

// Words counts the words of a message text.
func Words(text string) int {
	n := 0
	state := -1
	rest := plain(text)
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

// kanaMark reports the marks that kana words are written with but that
// Unicode gives the Common script: the prolonged sound mark ー (in
// インターネット), its halfwidth form, and the (semi-)voiced sound marks.
func kanaMark(r rune) bool {
	return r == 'ー' || r == 'ｰ' || r == '゛' || r == '゜' || r == 'ﾞ' || r == 'ﾟ'
}

// Chars counts the characters (code points) of a message text, spaces
// aside.
func Chars(text string) int {
	n := 0
	for _, r := range plain(text) {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}
