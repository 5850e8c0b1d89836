package segment

import (
	"bytes"
	"slices"
	"strings"
	"sync"

	"folio/internal/gfm"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// NewMarkdown returns the goldmark configuration Folio uses everywhere: GFM
// (tables, strikethrough, task lists, autolinks) and footnotes.
func NewMarkdown(opts ...goldmark.Option) goldmark.Markdown {
	opts = append([]goldmark.Option{goldmark.WithExtensions(gfm.GFM, gfm.Footnote)}, opts...)
	return goldmark.New(opts...)
}

// newBlockParser returns the parser segmentation uses for a document
// without footnotes (markdownBody): NewMarkdown's block structure (GFM
// tables, footnotes) and no inline parsing at all. Segments are blocks
// and their lines, all known when the blocks close, before goldmark
// parses inlines: GFM's autolink scanning was once a third of
// segmentation's time, and the remaining inline parsing (emphasis, links,
// code spans) a fifth (BenchmarkMarkdown 141 -> 109 us).
// TestBlockParserSegmentsAsNewMarkdown and FuzzBlockParser hold the two
// to the same segments.
func newBlockParser() parser.Parser {
	return NewDefinitionParser()
}

// NewDefinitionParser returns a parser with NewMarkdown's block parsers
// and paragraph transformers and no inline parser, for a document's link
// reference definitions: goldmark takes them from a paragraph as the
// paragraph closes, before inline parsing, and the footnote and table
// extensions decide which lines are a paragraph, so the context of its
// parse holds the definitions NewMarkdown's would. Inline parsing was
// nine tenths of a full parse of a real document.
func NewDefinitionParser() parser.Parser {
	return parser.NewParser(
		parser.WithBlockParsers(append(parser.DefaultBlockParsers(),
			util.Prioritized(gfm.NewFootnoteBlockParser(), 999))...),
		parser.WithParagraphTransformers(append(parser.DefaultParagraphTransformers(),
			util.Prioritized(gfm.NewTableParagraphTransformer(), 200))...),
	)
}

// markdownBody segments the body of src, from off, with the block parser,
// or with the full configuration when the body has "[^": whether a
// footnote definition is kept depends on whether it is referenced, and
// that is inline parsing, where an autolink can take the reference in
// (www.x.org#[^n]). Without "[^" the footnote extension has nothing to do,
// and the block parser finds the same blocks.
func markdownBody(src []byte, off int) ([]Segment, []Definition) {
	pool := &blockParsers
	if bytes.Contains(src[off:], footnoteMark) {
		pool = &fullParsers
	}
	p := pool.Get().(parser.Parser)
	defer pool.Put(p)
	return markdownBodyWith(p, src, off)
}

var footnoteMark = []byte("[^")

// blockParsers are newBlockParser's parsers, each used by one goroutine
// at a time: a goldmark parser keeps nothing of one document for the next
// (its per-document state is in the parse's context), and making one per
// document, its parsers sorted and registered, was 2 % of a first
// extract.
var blockParsers = sync.Pool{New: func() any { return newBlockParser() }}

// fullParsers are NewMarkdown's parsers, for documents with footnotes.
var fullParsers = sync.Pool{New: func() any { return NewMarkdown().Parser() }}

func markdownBodyWith(p parser.Parser, src []byte, off int) ([]Segment, []Definition) {
	// Parse only the body: goldmark sees no front matter. Offsets are
	// shifted back to the whole source afterwards.
	ctx := parser.NewContext()
	root := p.Parse(text.NewReader(src[off:]), parser.WithContext(ctx))
	var defs []Definition
	for _, r := range ctx.References() {
		defs = append(defs, Definition{string(r.Label()), string(r.Destination()), string(r.Title())})
	}
	// goldmark keeps them in a map; one per label.
	slices.SortFunc(defs, func(a, b Definition) int { return strings.Compare(a.Label, b.Label) })
	var segs []Segment
	heading := ""
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindFencedCodeBlock, ast.KindCodeBlock, ast.KindHTMLBlock:
			return ast.WalkSkipChildren, nil
		case ast.KindHeading, ast.KindParagraph, ast.KindTextBlock, east.KindTableCell:
		default:
			return ast.WalkContinue, nil
		}
		spans := blockSpans(src, off, n.Lines())
		if len(spans) == 0 {
			return ast.WalkSkipChildren, nil
		}
		s := Segment{Kind: Paragraph, Lines: spans, Text: joinLines(src, spans), Prefix: prefixOf(n)}
		switch n.Kind() {
		case ast.KindHeading:
			s.Kind, s.Level = Heading, n.(*ast.Heading).Level
			s.Text = strings.ReplaceAll(s.Text, "\n", " ")
			heading = s.Text
		case east.KindTableCell:
			s.Kind = TableCell
		}
		if s.Text == "" {
			return ast.WalkSkipChildren, nil
		}
		s.Heading = heading
		segs = append(segs, s)
		return ast.WalkSkipChildren, nil
	})
	return segs, defs
}

// blockSpans converts goldmark's line segments (relative to src[off:]) into
// trimmed spans of src, without line endings.
func blockSpans(src []byte, off int, ls *text.Segments) []Span {
	var spans []Span
	for i := 0; i < ls.Len(); i++ {
		seg := ls.At(i)
		s, e := seg.Start+off, seg.Stop+off
		for e > s && (src[e-1] == '\n' || src[e-1] == '\r') {
			e--
		}
		s, e = trimSpan(src, s, e)
		if s == e {
			continue
		}
		spans = append(spans, Span{s, e})
	}
	return spans
}

// prefixOf returns the container prefix that a continuation line of block n
// needs: "> " for each enclosing block quote, the content indentation of
// each enclosing list item, four spaces in a footnote.
func prefixOf(n ast.Node) string {
	var parts []string
	for p := n.Parent(); p != nil; p = p.Parent() {
		switch p.Kind() {
		case ast.KindBlockquote:
			parts = append(parts, "> ")
		case ast.KindListItem:
			parts = append(parts, strings.Repeat(" ", p.(*ast.ListItem).Offset))
		case east.KindFootnote:
			parts = append(parts, "    ")
		}
	}
	var b strings.Builder
	for i := len(parts) - 1; i >= 0; i-- {
		b.WriteString(parts[i])
	}
	return b.String()
}

// BlockShape returns a document's block structure as goldmark sees it —
// the kinds of its blocks and their nesting — for comparing a translated
// edition with its source.
func BlockShape(src []byte) string {
	root := NewMarkdown().Parser().Parse(text.NewReader(src))
	var b strings.Builder
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if n.Type() == ast.TypeBlock {
			if entering {
				b.WriteString("(" + n.Kind().String())
			} else {
				b.WriteString(")")
			}
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}
