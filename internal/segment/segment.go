// Package segment splits a source document into segments — the units a
// translator translates — and reassembles a document from translated
// segments.
//
// A segment records the byte ranges it occupies in the source, so that
// reassembly replaces exactly those bytes and leaves every other byte alone:
// a document whose translations equal their source texts comes back byte for
// byte. Markdown is parsed with goldmark (GFM tables, strikethrough, task
// lists, autolinks, footnotes); front matter is a pre-pass of this package;
// plain text is split at blank lines. A Markdown document's segmentation
// also keeps the link reference definitions its parse found, for the
// checks that parse its messages with them.
//
// The package imports goldmark, lazyre and the standard library.
package segment

import (
	"bytes"
	"sort"
	"strings"
)

// Kind says what construct of the document a segment comes from.
type Kind string

// The kinds of segment.
const (
	Heading     Kind = "heading"
	Paragraph   Kind = "paragraph"
	TableCell   Kind = "table-cell"
	FrontMatter Kind = "front-matter"
)

// Span is a half-open byte range [Start, End) of the source.
type Span struct{ Start, End int }

// Segment is one translatable unit of a document.
type Segment struct {
	Kind Kind
	// Level is the heading level (1–6) for headings, 0 otherwise.
	Level int
	// Text is the message text: the segment's lines with container prefixes
	// removed, soft line breaks joined by one space and hard line breaks kept
	// as "\n". Markdown inline syntax is kept.
	Text string
	// Lines are the byte ranges of the segment's lines in the source,
	// without container prefixes and line endings. Between two of them lie
	// only a line ending and the prefix of the next line.
	Lines []Span
	// Prefix is what a continuation line of this segment starts with
	// (block quote markers, list indentation).
	Prefix string
	// Line and EndLine are the 1-based first and last source lines.
	Line, EndLine int
	// Heading is the text of the nearest heading before the segment (the
	// segment's own text for a heading); Key is the front-matter key.
	Heading string
	Key     string
	// quote is how a front-matter value was quoted: 0, '"' or '\''; toml
	// is set for TOML front matter.
	quote byte
	toml  bool
}

// Document is a segmented source document.
type Document struct {
	Source   []byte
	Segments []Segment
	// Newline is the document's line ending ("\n" or "\r\n").
	Newline string
	// Definitions are the link reference definitions of a Markdown
	// document's body, as the parse that segmented it found them, by
	// label; DefinitionsKnown says that they were
	// looked for (a Markdown document, not plain text).
	Definitions      []Definition
	DefinitionsKnown bool
	plain            bool
}

// Definition is a link reference definition: [Label]: Destination "Title",
// each as goldmark gives it.
type Definition struct {
	Label, Destination, Title string
}

// Options configure segmentation.
type Options struct {
	// FrontMatterKeys are the front-matter keys whose values are translated.
	FrontMatterKeys []string
}

// DefaultFrontMatterKeys are the keys translated when none are configured.
var DefaultFrontMatterKeys = []string{"title", "description"}

// Markdown segments a Markdown document.
func Markdown(src []byte, opts Options) *Document {
	doc := &Document{Source: src, Newline: newlineOf(src)}
	off := 0
	if bytes.HasPrefix(src, bom) {
		off = len(bom)
	}
	keys := opts.FrontMatterKeys
	if keys == nil {
		keys = DefaultFrontMatterKeys
	}
	fm, end := frontMatter(src, off, keys)
	doc.Segments = append(doc.Segments, fm...)
	body, defs := markdownBody(src, end)
	doc.Definitions, doc.DefinitionsKnown = defs, true
	// goldmark moves footnote definitions to the end of its tree; segments
	// are kept in source order.
	sort.SliceStable(body, func(i, j int) bool { return body[i].Lines[0].Start < body[j].Lines[0].Start })
	if len(doc.Segments) == 0 {
		doc.Segments = body // no front matter: no copy
	} else {
		doc.Segments = append(doc.Segments, body...)
	}
	lineIndex(src).fill(doc.Segments)
	return doc
}

// BodyStart returns where the Markdown body of src begins: after a
// byte-order mark and front matter, where Markdown parses it.
func BodyStart(src []byte) int {
	off := 0
	if bytes.HasPrefix(src, bom) {
		off = len(bom)
	}
	_, end := frontMatter(src, off, nil)
	return end
}

// PlainText segments a plain-text document: paragraphs are separated by
// blank lines, and the lines of a paragraph are joined by one space.
func PlainText(src []byte) *Document {
	doc := &Document{Source: src, Newline: newlineOf(src), plain: true}
	off := 0
	if bytes.HasPrefix(src, bom) {
		off = len(bom)
	}
	var cur []Span
	flush := func() {
		if len(cur) > 0 {
			doc.Segments = append(doc.Segments, Segment{Kind: Paragraph, Lines: cur, Text: joinLines(src, cur)})
			cur = nil
		}
	}
	for pos := off; pos < len(src); {
		end := bytes.IndexByte(src[pos:], '\n')
		next := len(src)
		if end >= 0 {
			end += pos
			next = end + 1
		} else {
			end = len(src)
		}
		lineEnd := end
		if lineEnd > pos && src[lineEnd-1] == '\r' {
			lineEnd--
		}
		s, e := trimSpan(src, pos, lineEnd)
		if s == e {
			flush()
		} else {
			cur = append(cur, Span{s, e})
		}
		pos = next
	}
	flush()
	heading := ""
	for i := range doc.Segments {
		if heading == "" {
			heading = doc.Segments[i].Text
		}
		doc.Segments[i].Heading = heading
	}
	lineIndex(src).fill(doc.Segments)
	return doc
}

var bom = []byte("\xEF\xBB\xBF")

func newlineOf(src []byte) string {
	if i := bytes.IndexByte(src, '\n'); i > 0 && src[i-1] == '\r' {
		return "\r\n"
	}
	return "\n"
}

// trimSpan narrows [s, e) to exclude leading and trailing spaces and tabs.
func trimSpan(src []byte, s, e int) (int, int) {
	for s < e && (src[s] == ' ' || src[s] == '\t') {
		s++
	}
	for e > s && (src[e-1] == ' ' || src[e-1] == '\t') {
		e--
	}
	return s, e
}

// joinLines builds a segment's message text from its line spans: soft line
// breaks become one space, hard breaks (two trailing spaces or a trailing
// backslash) become "\n".
func joinLines(src []byte, lines []Span) string {
	var b strings.Builder
	for i, l := range lines {
		s, e := trimSpan(src, l.Start, l.End)
		b.Write(src[s:e])
		if i == len(lines)-1 {
			break
		}
		switch {
		case e > s && src[e-1] == '\\' && !escapedBackslash(src[s:e]):
			// A trailing backslash is a hard break; the marker is dropped.
			str := b.String()
			b.Reset()
			b.WriteString(str[:len(str)-1])
			b.WriteByte('\n')
		case hasTwoTrailingSpaces(src, l):
			b.WriteByte('\n')
		default:
			b.WriteByte(' ')
		}
	}
	return b.String()
}

func escapedBackslash(line []byte) bool {
	n := 0
	for i := len(line) - 1; i >= 0 && line[i] == '\\'; i-- {
		n++
	}
	return n%2 == 0
}

func hasTwoTrailingSpaces(src []byte, l Span) bool {
	// The span excludes the line ending; look at what was trimmed.
	e := l.End
	for e < len(src) && src[e] != '\n' && src[e] != '\r' {
		e++
	}
	n := 0
	for i := e - 1; i >= l.Start && src[i] == ' '; i-- {
		n++
	}
	return n >= 2
}

// lines maps byte offsets to 1-based line numbers.
type lines []int

func lineIndex(src []byte) lines {
	idx := lines{0}
	for i, c := range src {
		if c == '\n' {
			idx = append(idx, i+1)
		}
	}
	return idx
}

// lineOf returns the 1-based line of byte offset off.
func (l lines) lineOf(off int) int {
	lo, hi := 0, len(l)
	for lo+1 < hi {
		mid := (lo + hi) / 2
		if l[mid] <= off {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo + 1
}

func (l lines) fill(segs []Segment) {
	for i := range segs {
		s := &segs[i]
		if len(s.Lines) == 0 {
			continue
		}
		s.Line = l.lineOf(s.Lines[0].Start)
		s.EndLine = l.lineOf(s.Lines[len(s.Lines)-1].End)
	}
}
