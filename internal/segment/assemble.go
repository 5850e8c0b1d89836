package segment

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"folio/internal/lazyre"
)

// Assemble returns the document with each segment's text replaced by
// texts[i]. A segment whose replacement equals its own Text keeps its
// original bytes, so Assemble(texts equal to the sources) returns Source
// unchanged. spans[i] is where segment i landed in the result.
func (d *Document) Assemble(texts []string) (out []byte, spans []Span) {
	src := d.Source
	// The output's size: the source's, each translated segment's span
	// replaced by its translation, with a sixteenth over for the prefixes
	// and escapes Render adds. A guess of a quarter over the source's
	// size grew the buffer (copying it) for every edition in a language
	// that takes more bytes than English.
	size := len(src)
	for i, s := range d.Segments {
		if i < len(texts) && texts[i] != s.Text {
			size += len(texts[i]) - (s.Lines[len(s.Lines)-1].End - s.Lines[0].Start)
		}
	}
	b := make([]byte, 0, size+size/16+64)
	spans = make([]Span, len(d.Segments))
	pos := 0
	for i, s := range d.Segments {
		start, end := s.Lines[0].Start, s.Lines[len(s.Lines)-1].End
		b = append(b, src[pos:start]...)
		spans[i].Start = len(b)
		if i >= len(texts) || texts[i] == s.Text {
			b = append(b, src[start:end]...)
		} else {
			b = append(b, d.Render(s, texts[i])...)
		}
		spans[i].End = len(b)
		pos = end
	}
	b = append(b, src[pos:]...)
	return b, spans
}

// Render returns the bytes that replace segment s when its translation is
// text: one line per hard break, continuation lines given the container's
// prefix, line starts escaped where they would otherwise begin a block.
func (d *Document) Render(s Segment, text string) string {
	switch s.Kind {
	case FrontMatter:
		return quoteFrontMatter(s, text)
	case Heading:
		text = escapeLineStart(oneLine(text))
		if strings.HasSuffix(text, "#") && !strings.HasSuffix(text, `\#`) {
			text = text[:len(text)-1] + `\#`
		}
		return text
	case TableCell:
		return escapeLineStart(escapePipes(oneLine(text)))
	}
	if d.isPlain() {
		return strings.ReplaceAll(text, "\n", d.Newline)
	}
	if !strings.Contains(text, "\n") {
		// One line (most translations): no lines to split and join.
		l := strings.TrimSpace(text)
		if l == "" {
			return ""
		}
		l = escapeLineStart(l)
		if inListItem(s) && taskMarker().MatchString(l) && !taskMarker().MatchString(s.Text) {
			l = `\` + l
		}
		return l
	}
	return d.renderLines(s, text)
}

// renderLines is Render for a paragraph's text of any number of lines.
func (d *Document) renderLines(s Segment, text string) string {
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if l != "" {
			lines = append(lines, escapeLineStart(l))
		}
	}
	if len(lines) == 0 {
		return ""
	}
	// A label may span lines ("[\<break>]:0"), and the paragraph become a
	// link reference definition, which escapeLineStart, seeing one line
	// at a time, cannot tell.
	if len(lines) > 1 && lines[0][0] == '[' && definitionLines().MatchString(breakLines(lines, "")) {
		lines[0] = `\` + lines[0]
	}
	// In a list item, goldmark reads a leading [ ], [x] or [X] as a task
	// check box, even before "(": a translation must not add one.
	if inListItem(s) && taskMarker().MatchString(lines[0]) && !taskMarker().MatchString(s.Text) {
		lines[0] = `\` + lines[0]
	}
	return strings.ReplaceAll(breakLines(lines, s.Prefix), "\n", d.Newline)
}

// breakLines joins a paragraph's lines with hard breaks (a backslash, or
// two spaces after a line that ends in one), each line after the first
// given prefix.
func breakLines(lines []string, prefix string) string {
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			if strings.HasSuffix(lines[i-1], `\`) {
				b.WriteString("  ")
			} else {
				b.WriteString(`\`)
			}
			b.WriteString("\n")
			b.WriteString(prefix)
		}
		b.WriteString(l)
	}
	return b.String()
}

// isPlain reports whether the document was segmented as plain text, where
// no Markdown escaping applies.
func (d *Document) isPlain() bool { return d.plain }

func oneLine(s string) string {
	if singleSpaced(s) {
		return s
	}
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}

// singleSpaced reports whether oneLine(s) is s: no white space (as
// strings.Fields sees it) but single ASCII spaces between other characters.
func singleSpaced(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return s == ""
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == ' ' && s[i+1] == ' ' {
				return false
			}
			if c != ' ' && asciiSpace[c] {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return false
		}
		i += size
	}
	return true
}

// asciiSpace holds the ASCII characters unicode.IsSpace reports.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

func escapePipes(s string) string {
	if strings.IndexByte(s, '|') < 0 {
		return s // what the loop below would copy byte for byte
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			b.WriteByte(s[i])
			b.WriteByte(s[i+1])
			i++
			continue
		}
		if s[i] == '|' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

var (
	atxStart    = lazyre.New(`^#{1,6}(\s|$)`)
	bulletStart = lazyre.New(`^[-+*](\s|$)`)
	// Any line of only -, *, _ and spaces: after a list marker ("- --")
	// even two make a thematic break.
	thematicBreak = lazyre.New(`^[-*_][-*_\s]*$`)
	setextLine    = lazyre.New(`^=+\s*$`)
	fenceStart    = lazyre.New("^(```|~~~)")
	orderedStart  = lazyre.New(`^(\d{1,9})([.)])(\s|$)`)
	htmlBlock     = lazyre.New(`(?i)^(<!|<\?|</?(address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|pre|script|search|section|style|summary|table|tbody|td|textarea|tfoot|th|thead|title|tr|track|ul)(\s|/?>|$))`)
	loneTag       = lazyre.New(`^</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>\s*$`)
	// A link reference or footnote definition ("[g]: https://…") would
	// swallow the paragraph and could redirect the document's other
	// reference links.
	// A table's delimiter row turns the line before it into a header.
	tableDelim = lazyre.New(`^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$`)
	definition = lazyre.New(`^\[(?:[^\]\\]|\\.)*\]:`)
	// definitionLines is definition for a label that may span lines.
	definitionLines = lazyre.New(`(?s)^\[(?:[^\]\\]|\\.)*\]:`)
)

// blockStartByte holds the bytes a line must begin with for any of the
// patterns escapeLineStart tests to match: "#", ">", list and break marks,
// "=", fences, "<", "[", a table delimiter row's "|", ":" or white space,
// and digits.
var blockStartByte = func() (t [256]bool) {
	for _, c := range []byte("#>-+*_=`~<[|: \t\n\f\r0123456789") {
		t[c] = true
	}
	return t
}()

// taskMarker is what goldmark's task-list extension takes for a check box.
var taskMarker = lazyre.New(`^\[[\sxX]\]`)

// inListItem reports whether a paragraph is inside a list item: its
// continuation prefix ends in list indentation rather than a quote marker.
func inListItem(s Segment) bool {
	return strings.HasSuffix(s.Prefix, "  ") || (s.Prefix != "" && strings.TrimLeft(s.Prefix, " ") == "")
}

// escapeLineStart escapes the first character of a line that would
// otherwise start a block (heading, list item, block quote, thematic break,
// setext underline, code fence, HTML block, link reference definition,
// table delimiter row, ordered list item).
func escapeLineStart(l string) string {
	return escapeLine(l, true)
}

// escapeLine is escapeLineStart; with filter unset it skips the
// first-byte filter and tries every pattern (tests compare the two).
func escapeLine(l string, filter bool) string {
	switch {
	case l == "":
		return l
	case filter && !blockStartByte[l[0]]:
		return l
	case atxStart().MatchString(l), l[0] == '>', bulletStart().MatchString(l),
		thematicBreak().MatchString(l), setextLine().MatchString(l), fenceStart().MatchString(l),
		htmlBlock().MatchString(l), loneTag().MatchString(l), definition().MatchString(l), tableDelim().MatchString(l):
		return `\` + l
	}
	if m := orderedStart().FindStringSubmatchIndex(l); m != nil {
		return l[:m[4]] + `\` + l[m[4]:]
	}
	return l
}
