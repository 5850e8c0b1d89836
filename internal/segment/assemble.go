package segment

import (
	"regexp"
	"strings"
)

// Assemble returns the document with each segment's text replaced by
// texts[i]. A segment whose replacement equals its own Text keeps its
// original bytes, so Assemble(texts equal to the sources) returns Source
// unchanged. spans[i] is where segment i landed in the result.
func (d *Document) Assemble(texts []string) (out []byte, spans []Span) {
	src := d.Source
	var b strings.Builder
	b.Grow(len(src) + len(src)/4)
	spans = make([]Span, len(d.Segments))
	pos := 0
	for i, s := range d.Segments {
		start, end := s.Lines[0].Start, s.Lines[len(s.Lines)-1].End
		b.Write(src[pos:start])
		spans[i].Start = b.Len()
		if i >= len(texts) || texts[i] == s.Text {
			b.Write(src[start:end])
		} else {
			b.WriteString(d.Render(s, texts[i]))
		}
		spans[i].End = b.Len()
		pos = end
	}
	b.Write(src[pos:])
	return []byte(b.String()), spans
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
	// In a list item, goldmark reads a leading [ ], [x] or [X] as a task
	// check box, even before "(": a translation must not add one.
	if inListItem(s) && taskMarker.MatchString(lines[0]) && !taskMarker.MatchString(s.Text) {
		lines[0] = `\` + lines[0]
	}
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			if strings.HasSuffix(lines[i-1], `\`) {
				b.WriteString("  ")
			} else {
				b.WriteString(`\`)
			}
			b.WriteString(d.Newline)
			b.WriteString(s.Prefix)
		}
		b.WriteString(l)
	}
	return b.String()
}

// isPlain reports whether the document was segmented as plain text, where
// no Markdown escaping applies.
func (d *Document) isPlain() bool { return d.plain }

func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}

func escapePipes(s string) string {
	var b strings.Builder
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
	atxStart    = regexp.MustCompile(`^#{1,6}(\s|$)`)
	bulletStart = regexp.MustCompile(`^[-+*](\s|$)`)
	// Any line of only -, *, _ and spaces: after a list marker ("- --")
	// even two make a thematic break.
	thematicBreak = regexp.MustCompile(`^[-*_][-*_\s]*$`)
	setextLine    = regexp.MustCompile(`^=+\s*$`)
	fenceStart    = regexp.MustCompile("^(```|~~~)")
	orderedStart  = regexp.MustCompile(`^(\d{1,9})([.)])(\s|$)`)
	htmlBlock     = regexp.MustCompile(`(?i)^(<!|<\?|</?(address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|pre|script|search|section|style|summary|table|tbody|td|textarea|tfoot|th|thead|title|tr|track|ul)(\s|/?>|$))`)
	loneTag       = regexp.MustCompile(`^</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>\s*$`)
	// A link reference or footnote definition ("[g]: https://…") would
	// swallow the paragraph and could redirect the document's other
	// reference links.
	// A table's delimiter row turns the line before it into a header.
	tableDelim = regexp.MustCompile(`^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$`)
	definition = regexp.MustCompile(`^\[(?:[^\]\\]|\\.)*\]:`)
)

// escapeLineStart escapes the first character of a line that would
// otherwise start a block (heading, list item, block quote, thematic break,
// setext underline, code fence, HTML block).
// taskMarker is what goldmark's task-list extension takes for a check box.
var taskMarker = regexp.MustCompile(`^\[[\sxX]\]`)

// inListItem reports whether a paragraph is inside a list item: its
// continuation prefix ends in list indentation rather than a quote marker.
func inListItem(s Segment) bool {
	return strings.HasSuffix(s.Prefix, "  ") || (s.Prefix != "" && strings.TrimLeft(s.Prefix, " ") == "")
}

func escapeLineStart(l string) string {
	switch {
	case l == "":
		return l
	case atxStart.MatchString(l), l[0] == '>', bulletStart.MatchString(l),
		thematicBreak.MatchString(l), setextLine.MatchString(l), fenceStart.MatchString(l),
		htmlBlock.MatchString(l), loneTag.MatchString(l), definition.MatchString(l), tableDelim.MatchString(l):
		return `\` + l
	}
	if m := orderedStart.FindStringSubmatchIndex(l); m != nil {
		return l[:m[4]] + `\` + l[m[4]:]
	}
	return l
}
