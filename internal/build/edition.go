// Package build assembles localized editions of a document from its
// segments and a locale's catalog, and renders them: Markdown (the source's
// bytes with translated segments, in-page links pointed at the translated
// headings' anchors), HTML (standalone, escaped, with table of
// contents and language switcher), plain text (wrapped by display width),
// EPUB 3, and a bilingual review edition.
//
// Renderers never trust translation text: Markdown is rendered by goldmark
// in its safe mode (raw HTML omitted, dangerous link destinations dropped)
// and everything Folio adds is escaped.
//
// The package imports segment, catalog, state, chrome, locale, goldmark,
// klauspost/compress (the EPUB's deflate), golang.org/x/text and the
// standard library.
package build

import (
	"bytes"
	"strings"
	"sync"
	"unicode/utf8"

	"folio/internal/catalog"
	"folio/internal/segment"
	"folio/internal/state"
)

// Piece is one segment of an edition.
type Piece struct {
	ID     string
	Kind   segment.Kind
	Level  int // heading level, 0 for other segments
	State  catalog.State
	Source string
	// Translation is the catalog's translation (current or stale), ""
	// when untranslated; OldHash is, for a stale one, the hash of the
	// source text it was made from (Edition.OldSource looks that text up).
	Translation, OldHash string
	// Text is what the edition shows: the current translation, or the
	// source text (fallback) for an untranslated or stale segment.
	Text string
	// Fallback is set when Text is the source text shown in place of a
	// missing or stale translation; Omitted when the segment was left out.
	Fallback, Omitted bool
}

// Edition is a document assembled in one locale.
type Edition struct {
	Unit     string
	Tag      string
	Source   string // source language
	Pieces   []Piece
	Markdown []byte
	// Spans[i] is where piece i landed in Markdown.
	Spans []Span
	// Body is where the Markdown body begins in Markdown: after the
	// front matter (0 when there is none). The reader editions (HTML,
	// EPUB, text) parse and show only the body; the Markdown edition
	// keeps the front matter.
	Body int
	// metaTitle is the front matter's title as the edition shows it
	// (translated, or the source's as fallback), "" when there is none:
	// the title of an edition whose body has no level-1 heading.
	metaTitle                    string
	Total, Translated, Fallbacks int
	// definitions are the source's link reference definitions.
	definitions []segment.Definition
	// share, shareOnce, pair and textOut: the renderings made from one
	// parse (ShareRenders): HTML and XHTML, and the plain text.
	share     Renderings
	shareOnce sync.Once
	pair      [2]rendered
	textOut   []byte
	// history looks a source text up by its hash in the unit's history.
	history func(hash string) (string, bool)
}

// OldSource returns the source text stale piece p's translation was made
// from, when the unit's history still holds it. Only the review edition
// shows it: looking it up when the edition is assembled read and parsed
// the history of every document with a stale translation in every build,
// 5 % of M1's first `build --format md`.
func (ed *Edition) OldSource(p Piece) (string, bool) {
	if p.State != catalog.Stale || p.OldHash == "" || ed.history == nil {
		return "", false
	}
	return ed.history(p.OldHash)
}

// Span is a byte range of the assembled Markdown.
type Span struct{ Start, End int }

// Assemble builds the edition of document unit u in locale tag. Segments
// without a current translation (untranslated or stale, as gettext and po4a
// leave fuzzy entries out) show the source text, or are left out when omit
// is set.
func Assemble(u *state.Unit, tag, source string, omit bool) *Edition {
	ed := &Edition{Unit: u.Name, Tag: tag, Source: source, history: u.HistoryText}
	segs := u.Segments.Segments
	var file *catalog.File
	if c := u.Locales[tag]; c != nil {
		file = c.File
	}
	texts := make([]string, len(segs))
	ed.Pieces = make([]Piece, 0, len(segs))
	for i, s := range segs {
		p := Piece{Source: s.Text, Kind: s.Kind, Level: s.Level, State: catalog.Untranslated}
		var sm *catalog.Message
		at := i // sm's index in the source catalog
		if u.Source != nil && i < len(u.Source.Messages) && u.Source.Messages[i].Other() == s.Text {
			sm = u.Source.Messages[i]
		} else if u.Source != nil {
			for k, m := range u.Source.Messages {
				if m.Other() == s.Text {
					sm, at = m, k
					break
				}
			}
		}
		if sm != nil {
			p.ID = sm.ID
			if tag == source {
				p.State = catalog.Current
				p.Text = s.Text
			} else if tm := file.LookupAt(sm.ID, at); tm != nil {
				p.State = catalog.StateOf(sm, tm)
				// A catalog that loaded holds valid UTF-8 (TOML requires
				// it, and Parse says so); a Unit built otherwise may not. Invalid bytes become
				// U+FFFD, as CommonMark prescribes, so that no renderer
				// drops them after goldmark has vetted a link with them in
				// place ("javascri\xf8pt:" must not turn into "javascript:").
				p.Translation = tm.Other()
				if !file.ValidUTF8 && !utf8.ValidString(p.Translation) {
					p.Translation = strings.ToValidUTF8(p.Translation, "\uFFFD")
				}
				p.Text = p.Translation
				if p.State == catalog.Stale {
					p.OldHash = tm.Hash
				}
			}
		}
		if p.State != catalog.Current {
			if omit {
				p.Omitted = true
				p.Text = ""
			} else {
				p.Fallback = true
				p.Text = s.Text
				ed.Fallbacks++
			}
		} else {
			ed.Translated++
		}
		ed.Total++
		if s.Kind == segment.FrontMatter && s.Key == "title" && ed.metaTitle == "" {
			ed.metaTitle = strings.Join(strings.Fields(p.Text), " ")
		}
		texts[i] = p.Text
		ed.Pieces = append(ed.Pieces, p)
	}
	out, spans := u.Segments.Assemble(texts)
	ed.Markdown = out
	ed.definitions = u.Segments.Definitions
	ed.Spans = make([]Span, 0, len(spans))
	for _, s := range spans {
		ed.Spans = append(ed.Spans, Span{s.Start, s.End})
	}
	ed.Body = bodyStart(u.Segments, ed.Spans)
	return ed
}

// bodyStart returns where the body of doc's assembled Markdown begins,
// spans being where doc's segments landed in it: where segmentation found
// the body of the source (segment.BodyStart), moved by the change in
// length of the front-matter values before it. It is 0 for a document
// without front matter, and for plain text, which has none
// (DefinitionsKnown is set for Markdown only).
func bodyStart(doc *segment.Document, spans []Span) int {
	if doc == nil || !doc.DefinitionsKnown {
		return 0
	}
	start := segment.BodyStart(doc.Source)
	if start == 0 || start == len(bom) && bytes.HasPrefix(doc.Source, bom) {
		return 0 // no front matter: parse from the start, as before
	}
	for i, s := range doc.Segments {
		if s.Kind != segment.FrontMatter || i >= len(spans) {
			break
		}
		start += (spans[i].End - spans[i].Start) - (s.Lines[len(s.Lines)-1].End - s.Lines[0].Start)
	}
	return start
}

var bom = []byte("\xEF\xBB\xBF")

// pieceAt returns the index of the piece whose assembled text contains
// byte offset off, or -1.
func (ed *Edition) pieceAt(off int) int {
	lo, hi := 0, len(ed.Spans)
	for lo < hi {
		mid := (lo + hi) / 2
		if ed.Spans[mid].End < off {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo < len(ed.Spans) && ed.Spans[lo].Start <= off && off <= ed.Spans[lo].End {
		return lo
	}
	return -1
}

// Anchor returns the HTML/XHTML id for a message ID: the ID itself, made a
// valid XML name where it starts with a digit.
func Anchor(id string) string {
	if id == "" {
		return ""
	}
	if c := id[0]; c >= '0' && c <= '9' {
		return "s-" + id
	}
	return strings.ReplaceAll(id, " ", "-")
}
