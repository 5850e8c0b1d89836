package build

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"golang.org/x/text/width"
)

// Text renders the edition as plain text: paragraphs wrapped at width
// columns (0: no wrapping), East Asian wide characters counted as two
// columns, no break inside a word or before closing punctuation; headings
// underlined.
func (ed *Edition) Text(wrap int) []byte {
	if ed.share.Text && ed.share.Wrap == wrap {
		ed.shared()
		return ed.textOut
	}
	md := getMarkdown(false)
	defer putMarkdown(md, false)
	return textOf(ed.parseBody(md), ed.Markdown, wrap)
}

// textOf renders doc, the tree of the Markdown src, as Text does. It only
// reads the tree.
func textOf(doc ast.Node, src []byte, wrap int) []byte {
	var blocks []string
	var walk func(n ast.Node, prefix string)
	walk = func(n ast.Node, prefix string) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c.Kind() {
			case ast.KindHeading:
				t := inlineText(c, src)
				if t == "" {
					continue
				}
				ch := "-"
				if c.(*ast.Heading).Level == 1 {
					ch = "="
				}
				// A long heading wraps like a paragraph; the underline
				// spans its widest line.
				t = Wrap(t, wrap, prefix)
				w := 0
				for _, l := range strings.Split(t, "\n") {
					w = max(w, Columns(strings.TrimPrefix(l, prefix)))
				}
				blocks = append(blocks, t+"\n"+prefix+strings.Repeat(ch, w))
			case ast.KindParagraph, ast.KindTextBlock:
				if t := inlineText(c, src); t != "" {
					blocks = append(blocks, Wrap(t, wrap, prefix))
				}
			case ast.KindFencedCodeBlock, ast.KindCodeBlock:
				var b strings.Builder
				ls := c.Lines()
				for i := 0; i < ls.Len(); i++ {
					seg := ls.At(i)
					b.WriteString(prefix + "    " + strings.TrimRight(string(seg.Value(src)), "\r\n") + "\n")
				}
				blocks = append(blocks, strings.TrimRight(b.String(), "\n"))
			case ast.KindBlockquote:
				walk(c, prefix+"  ")
			case ast.KindList:
				l := c.(*ast.List)
				num := l.Start
				for item := c.FirstChild(); item != nil; item = item.NextSibling() {
					marker := "• "
					if l.IsOrdered() {
						marker = itoa(num) + ". "
						num++
					}
					before := len(blocks)
					walk(item, prefix+strings.Repeat(" ", len(marker)))
					if len(blocks) > before {
						first := blocks[before]
						ind := prefix + strings.Repeat(" ", len(marker))
						blocks[before] = prefix + marker + strings.TrimPrefix(first, ind)
					}
				}
			case east.KindTable:
				for row := c.FirstChild(); row != nil; row = row.NextSibling() {
					var cells []string
					for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
						cells = append(cells, inlineText(cell, src))
					}
					blocks = append(blocks, prefix+strings.Join(cells, " | "))
				}
			case ast.KindThematicBreak:
				blocks = append(blocks, prefix+"* * *")
			case ast.KindHTMLBlock:
			default:
				walk(c, prefix)
			}
		}
	}
	walk(doc, "")
	return []byte(strings.Join(blocks, "\n\n") + "\n")
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var d []byte
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		d = append([]byte{byte('0' + n%10)}, d...)
		n /= 10
	}
	if neg {
		return "-" + string(d)
	}
	return string(d)
}

// inlineText returns a block's text as a reader reads it; hard line breaks
// are kept as "\n".
func inlineText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
			switch {
			case t.HardLineBreak():
				b.WriteByte('\n')
			case t.SoftLineBreak():
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.CodeSpan:
			for cc := t.FirstChild(); cc != nil; cc = cc.NextSibling() {
				if tx, ok := cc.(*ast.Text); ok {
					b.Write(tx.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.AutoLink:
			b.Write(t.URL(src))
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// Columns is the display width of s: East Asian wide and fullwidth
// characters take two columns, combining marks none.
func Columns(s string) int {
	// ASCII takes a column a byte (runeColumns gives 1 for each, control
	// characters included): the rune loop, two table lookups a rune, runs
	// from the first other byte on. Status's table of M10 measures 66,000
	// cells, nearly all ASCII.
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf {
		i++
	}
	n := i
	for _, r := range s[i:] {
		n += runeColumns(r)
	}
	return n
}

func runeColumns(r rune) int {
	// The common cases without the tables: below the combining marks
	// (U+0300) every character but the soft hyphen (a format character)
	// is narrow, and the CJK Unified Ideographs are wide. A Chinese
	// edition's text rendering looked each of its characters up four
	// times (units, breakable).
	switch {
	case r < 0x300:
		if r == 0xAD {
			return 0
		}
		return 1
	case r >= 0x4E00 && r <= 0x9FFF:
		return 2
	}
	return tableColumns(r)
}

// tableColumns is runeColumns from the tables alone: no column for a
// combining mark or a format character, two for an East Asian wide or
// fullwidth character, one for the others.
func tableColumns(r rune) int {
	if unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf) {
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// closing characters may not begin a line; opening ones may not end one.
const (
	closing = "。，、；：！？）」』》〉】〕”’・…．,.;:!?)]}»›%،؛؟"
	opening = "（「『《〈【〔“‘([{«‹"
)

// breakable reports whether a line may break between a and b when no
// space separates them: between two wide characters (CJK), unless b closes
// or a opens.
func breakable(a, b rune) bool {
	if isIn(b, closing, &asciiClosing) || isIn(a, opening, &asciiOpening) {
		return false
	}
	return runeColumns(a) == 2 || runeColumns(b) == 2
}

// asciiClosing and asciiOpening are the ASCII characters of closing and
// opening, looked up without scanning the strings.
var asciiClosing, asciiOpening = asciiOf(closing), asciiOf(opening)

func asciiOf(set string) (t [utf8.RuneSelf]bool) {
	for _, r := range set {
		if r < utf8.RuneSelf {
			t[r] = true
		}
	}
	return t
}

// isIn reports whether r is in set, whose ASCII characters ascii marks.
func isIn(r rune, set string, ascii *[utf8.RuneSelf]bool) bool {
	if r < utf8.RuneSelf {
		return ascii[r]
	}
	return strings.ContainsRune(set, r)
}

// Wrap breaks text into lines of at most width columns (a longer word
// stands alone on its line), each starting with prefix; "\n" in text is a
// forced break. width 0 means no wrapping.
func Wrap(text string, width int, prefix string) string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		if width <= 0 {
			out = append(out, prefix+strings.TrimSpace(para))
			continue
		}
		out = append(out, wrapLine(para, width-Columns(prefix), prefix)...)
	}
	return strings.Join(out, "\n")
}

type unit struct {
	text  string
	space bool // a space precedes it
}

// units splits s into the units a line may break between: runs of
// characters without a space, split between two wide characters
// (breakable), each a substring of s.
func units(s string) []unit {
	us := make([]unit, 0, len(s)/8+1)
	start := -1 // where the current unit began, -1 when none has
	space := false
	var prev rune // the current unit's last character
	for i, r := range s {
		var isSpace, mayBreak bool
		if r < utf8.RuneSelf {
			// Between two ASCII characters no line breaks (breakable):
			// neither is wide.
			isSpace, mayBreak = asciiSpace[r], prev >= utf8.RuneSelf
		} else {
			isSpace, mayBreak = unicode.IsSpace(r) && !strings.ContainsRune(noBreakSpaces, r), true
		}
		if start >= 0 && (isSpace || mayBreak && breakable(prev, r)) {
			us = append(us, unit{s[start:i], space})
			start, space = -1, false
		}
		if isSpace {
			space = len(us) > 0
			continue
		}
		if start < 0 {
			start = i
		}
		prev = r
	}
	if start >= 0 {
		us = append(us, unit{s[start:], space})
	}
	// A space before closing punctuation (French « mot » ; ») or after
	// opening punctuation is no place for a break either: glue them.
	glued := us[:0]
	for _, u := range us {
		n := len(glued)
		if n > 0 && u.space && (startsClosing(u.text) || onlyOf(glued[n-1].text, opening)) {
			glued[n-1].text += " " + u.text
			continue
		}
		glued = append(glued, u)
	}
	return glued
}

// asciiSpace marks the ASCII characters unicode.IsSpace reports.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// noBreakSpaces are spaces a line never breaks at: no-break space, narrow
// no-break space, figure space, word joiner.
const noBreakSpaces = "\u00a0\u202f\u2007\u2060"

// startsClosing is startsWith(s, closing).
func startsClosing(s string) bool {
	if s != "" && s[0] < utf8.RuneSelf {
		return asciiClosing[s[0]]
	}
	return startsWith(s, closing)
}

func startsWith(s, set string) bool {
	for _, r := range s {
		return strings.ContainsRune(set, r)
	}
	return false
}

func onlyOf(s, set string) bool {
	for _, r := range s {
		if !strings.ContainsRune(set, r) {
			return false
		}
	}
	return s != ""
}

func wrapLine(s string, width int, prefix string) []string {
	if width < 1 {
		width = 1
	}
	var lines []string
	var line strings.Builder
	cols := 0
	for _, u := range units(s) {
		w := Columns(u.text)
		sep := 0
		if u.space && cols > 0 {
			sep = 1
		}
		if cols > 0 && cols+sep+w > width {
			lines = append(lines, prefix+line.String())
			line.Reset()
			cols, sep = 0, 0
		}
		if sep == 1 {
			line.WriteByte(' ')
		}
		line.WriteString(u.text)
		cols += sep + w
	}
	if line.Len() > 0 || len(lines) == 0 {
		lines = append(lines, prefix+line.String())
	}
	return lines
}
