// Package coverage computes translation coverage: for each locale and each
// document or component, how many messages (and source words and
// characters) are current, stale or untranslated, and how many translations
// are obsolete.
//
// Words are counted the same way for every script: Unicode (UAX #29) word
// segments that contain a letter or a digit, with each Han, Hiragana or
// Katakana character counted as one word, as CAT tools count CJK text.
//
// The package imports state, catalog, rivo/uniseg and the standard library.
package coverage

import (
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
}

// Locale is the coverage of one locale.
type Locale struct {
	Tag string
	Counts
	Units []Unit
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
// destinations and HTML tags.
func plain(text string) string {
	if !strings.Contains(text, "](") && !strings.Contains(text, "<") {
		return text // markup cannot match
	}
	return markup.ReplaceAllString(text, "]")
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
			case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana):
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
