package build

import (
	"bytes"
	"fmt"
	"html"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"folio/internal/gfm"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"

	"folio/internal/catalog"
	"folio/internal/chrome"
	"folio/internal/locale"
	"folio/internal/segment"
)

// Link is an edition in another language, for the language switcher.
type Link struct {
	Tag, Name, Href string
}

// Page is what the HTML and EPUB renderers need besides the edition.
type Page struct {
	Chrome *chrome.Strings
	Date   string // YYYY-MM-DD or ""
	Links  []Link
}

// rendered is an edition parsed and rendered to (X)HTML.
type rendered struct {
	Title     string // plain text: the first level-1 heading's, else the front matter's title, else the unit's name
	TitleHTML string
	Body      string
	TOC       []tocEntry
}

type tocEntry struct {
	Level int
	ID    string
	Text  string
}

// markdowns hold goldmark configurations ready to use (segment.NewMarkdown,
// rendering HTML, and XHTML for EPUB), each used by one goroutine at a
// time: making one per edition and format (its parsers and renderers
// registered and sorted) cost about 20 µs each, four times an edition.
var markdowns = [2]sync.Pool{
	{New: func() any { return segment.NewMarkdown() }},
	{New: func() any {
		// NewMarkdown's extensions, with table cell alignment as a style:
		// goldmark writes it as an align attribute in XHTML, which EPUB 3
		// rejects (epubcheck RSC-005 on every aligned column).
		return goldmark.New(
			goldmark.WithExtensions(gfm.Linkify, gfm.Strikethrough, gfm.TaskList,
				gfm.NewTable(gfm.WithTableCellAlignMethod(gfm.TableCellAlignStyle)), gfm.Footnote),
			goldmark.WithRendererOptions([]renderer.Option{ghtml.WithXHTML()}...))
	}},
}

func getMarkdown(xhtml bool) goldmark.Markdown {
	if xhtml {
		return markdowns[1].Get().(goldmark.Markdown)
	}
	return markdowns[0].Get().(goldmark.Markdown)
}

func putMarkdown(md goldmark.Markdown, xhtml bool) {
	if xhtml {
		markdowns[1].Put(md)
	} else {
		markdowns[0].Put(md)
	}
}

// render parses the edition's Markdown, marks each block with its piece's
// anchor, language and state, and renders it in goldmark's safe mode, as
// XHTML for a book. An edition that shares its renderings (ShareRenders)
// takes them from the one parse.
func (ed *Edition) render(xhtml bool) rendered {
	if xhtml && ed.share.EPUB || !xhtml && ed.share.HTML {
		ed.shared()
		return ed.pair[b2i(xhtml)]
	}
	md := getMarkdown(xhtml)
	defer putMarkdown(md, xhtml)
	t := ed.parse(md)
	return t.finish(md, xhtml)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Renderings says which of an edition's renderings ShareRenders makes
// from one parse: the HTML page's (for the html and review formats), the
// EPUB's, and the plain text at Wrap columns.
type Renderings struct {
	HTML, EPUB, Text bool
	Wrap             int
}

// ShareRenders has the renderings that want says made from one parse of
// the edition's Markdown, by the first format to ask for one (the others
// wait for it): a build that writes every format parsed each edition
// three times (HTML, EPUB, text), a third of an all-format build's CPU.
// Call it before asking for any; with fewer than two renderings wanted it
// does nothing.
func (ed *Edition) ShareRenders(want Renderings) {
	if b2i(want.HTML)+b2i(want.EPUB)+b2i(want.Text) >= 2 {
		ed.share = want
	}
	if want.EPUB {
		prewarmDeflater()
	}
}

// shared makes the renderings ShareRenders asked for, once: the text
// first (it reads the tree as parsed), then the HTML, then the book, which
// leaves out a superset of what the HTML does (every image, the links it
// cannot follow), cut once the HTML is written.
func (ed *Edition) shared() {
	ed.shareOnce.Do(func() {
		mdHTML, mdBook := getMarkdown(false), getMarkdown(true)
		defer putMarkdown(mdHTML, false)
		defer putMarkdown(mdBook, true)
		doc := ed.parseBody(mdHTML)
		if ed.share.Text {
			ed.textOut = textOf(doc, ed.Markdown, ed.share.Wrap)
		}
		if !ed.share.HTML && !ed.share.EPUB {
			return
		}
		t := ed.mark(doc)
		if ed.share.HTML {
			ed.pair[0] = t.finish(mdHTML, false)
		}
		if ed.share.EPUB {
			ed.pair[1] = t.finish(mdBook, true)
		}
	})
}

// parsedEdition is an edition's Markdown parsed and marked (render).
type parsedEdition struct {
	ed    *Edition
	doc   ast.Node
	title ast.Node // the first level-1 heading, rendered apart
	ids   map[string]bool
	r     rendered // Title and TOC
}

// parse parses the edition's Markdown and marks it (mark).
func (ed *Edition) parse(md goldmark.Markdown) *parsedEdition {
	return ed.mark(ed.parseBody(md))
}

// parseBody parses the body of the edition's Markdown with md, for the
// reader editions: front matter is metadata, not text, and goldmark
// would read YAML's "---" as a thematic break and its lines as a setext
// heading. The reader starts at ed.Body, a line head, so that the tree's
// offsets are those of ed.Markdown as a whole (pieceAt, Spans).
func (ed *Edition) parseBody(md goldmark.Markdown) ast.Node {
	r := text.NewReader(ed.Markdown)
	for {
		if _, pos := r.Position(); pos.Start >= ed.Body || pos.Start >= len(ed.Markdown) {
			break
		}
		r.AdvanceLine()
	}
	return md.Parser().Parse(r)
}

// mark marks each block of doc, the tree of the edition's Markdown, with
// its piece's anchor, language and state.
func (ed *Edition) mark(doc ast.Node) *parsedEdition {
	src := ed.Markdown
	t := &parsedEdition{ed: ed, doc: doc, ids: map[string]bool{}} // ids: the headings'
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || n.Type() != ast.TypeBlock || n.Lines().Len() == 0 {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindHeading, ast.KindParagraph, ast.KindTextBlock, east.KindTableCell:
		default:
			return ast.WalkContinue, nil
		}
		i := ed.pieceAt(n.Lines().At(0).Start)
		if i < 0 {
			return ast.WalkSkipChildren, nil
		}
		p := ed.Pieces[i]
		if h, ok := n.(*ast.Heading); ok {
			id := Anchor(p.ID)
			if id != "" {
				h.SetAttributeString("id", []byte(id))
				t.ids[id] = true
			}
			txt := plainText(n, src)
			if h.Level == 1 && t.title == nil {
				t.title = n
				t.r.Title = txt
			} else if id != "" {
				t.r.TOC = append(t.r.TOC, tocEntry{h.Level, id, txt})
			}
		}
		if n.Kind() == ast.KindTextBlock {
			// goldmark renders no element for a tight list item's text:
			// the item's own element carries the marks when the text is
			// all it holds (not when a nested list follows, which would
			// be marked with it).
			li := n.Parent()
			if li == nil || li.Kind() != ast.KindListItem || li.ChildCount() != 1 {
				return ast.WalkSkipChildren, nil
			}
			n = li
		}
		if p.Fallback {
			n.SetAttributeString("lang", []byte(ed.Source))
			n.SetAttributeString("dir", []byte(locale.Dir(ed.Source)))
			class := "folio-untranslated"
			if p.State == catalog.Stale {
				class = "folio-stale"
			}
			n.SetAttributeString("class", []byte(class))
		}
		return ast.WalkSkipChildren, nil
	})
	pruneEmpty(doc)
	return t
}

// finish takes out of the tree what the format cannot show (book: an
// EPUB), points its links, and renders the title and the body with md.
// It may be called for HTML and then for a book on the same tree: what
// the book leaves out is a superset of what HTML does.
func (t *parsedEdition) finish(md goldmark.Markdown, book bool) rendered {
	src := t.ed.Markdown
	for _, n := range []ast.Node{t.doc, t.title} {
		// The title, once an earlier call rendered and detached it, is
		// no longer in the document.
		if n != nil && (n == t.doc || n.Parent() == nil) {
			dropImages(n, src, book)
			t.ed.fixLinks(md, n, t.ids, book)
		}
	}
	r := t.r
	// goldmark's table renderer writes a cell's alignment into the cell's
	// style attribute as it renders: put the attributes back after, so
	// that a second rendering does not repeat it.
	defer restoreAttributes(alignedCells(t.doc))
	var buf bytes.Buffer
	if t.title != nil {
		_ = md.Renderer().Render(&buf, src, t.title)
		r.TitleHTML = buf.String()
		buf.Reset()
		if parent := t.title.Parent(); parent != nil {
			parent.RemoveChild(parent, t.title)
		}
	}
	_ = md.Renderer().Render(&buf, src, t.doc)
	r.Body = buf.String()
	if r.Title == "" {
		r.Title = t.ed.metaTitle
	}
	if r.Title == "" {
		r.Title = t.ed.Unit
	}
	return r
}

// alignedCells returns the table cells with an alignment under n, with
// their attributes as they are now.
func alignedCells(n ast.Node) map[*east.TableCell][]ast.Attribute {
	var cells map[*east.TableCell][]ast.Attribute
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if cell, ok := c.(*east.TableCell); ok && entering {
			if cell.Alignment != east.AlignNone {
				if cells == nil {
					cells = map[*east.TableCell][]ast.Attribute{}
				}
				cells[cell] = slices.Clone(cell.Attributes())
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return cells
}

// restoreAttributes gives the cells back the attributes alignedCells
// found them with.
func restoreAttributes(cells map[*east.TableCell][]ast.Attribute) {
	for cell, attrs := range cells {
		cell.RemoveAttributes()
		for _, a := range attrs {
			cell.SetAttribute(a.Name, a.Value)
		}
	}
}

// pruneEmpty removes the blocks that omitted segments (fallback "omit")
// leave empty — headings, paragraphs, list items, lists, block quotes — so
// that no empty heading or bullet is rendered. Source segments are never
// empty, so nothing else is removed. Table cells stay, for the table's shape.
func pruneEmpty(n ast.Node) {
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		pruneEmpty(c)
		switch c.Kind() {
		case ast.KindHeading, ast.KindParagraph, ast.KindTextBlock, ast.KindListItem, ast.KindList, ast.KindBlockquote:
			if !c.HasChildren() {
				n.RemoveChild(n, c)
			}
		}
		c = next
	}
}

// dropImages replaces by their alt text the images a reader could not
// show: in an EPUB every image (Folio packages none, and epubcheck rejects a
// reference outside the book), in HTML those whose destination goldmark
// deems dangerous (it would render them with an empty src).
func dropImages(doc ast.Node, src []byte, all bool) {
	var imgs []*ast.Image
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if img, ok := n.(*ast.Image); ok && entering {
			if all || ghtml.IsDangerousURL(img.Destination) {
				imgs = append(imgs, img)
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, img := range imgs {
		img.Parent().ReplaceChild(img.Parent(), img, ast.NewString([]byte(plainText(img, src))))
	}
}

// fixLinks points the document's in-page links at its headings and, in
// a book, keeps as text the links a reader could not follow.
//
// A source links to a heading by the anchor GitHub gives it
// ("#getting-started", from the source heading's text); the edition's
// headings have their message IDs instead (ids), the same in every
// locale, so that link is pointed at the heading's id and finds
// "Premiers pas" in the French edition too. A fragment that is already
// an id, or names no source heading, is left as it is.
//
// In a book (EPUB), which holds one document, epubcheck rejects a
// relative link to another file ("stream.md", "../commands/npm-ls"), a
// fragment no heading has, and a scheme that is not a common registered
// one ("ttps:", a typo in a real README; warning HTM-025): those links
// become their text. https:, mailto: and the like stay.
func (ed *Edition) fixLinks(md goldmark.Markdown, doc ast.Node, ids map[string]bool, book bool) {
	var slugs map[string]string // GitHub anchor → the heading's id
	var unfollowable []*ast.Link
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		l, ok := n.(*ast.Link)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		dest := string(l.Destination)
		frag, inPage := strings.CutPrefix(dest, "#")
		if inPage && frag != "" && !ids[frag] {
			if slugs == nil {
				slugs = ed.githubAnchors(md)
			}
			for _, f := range []string{frag, strings.ToLower(frag)} {
				if id, ok := slugs[f]; ok {
					frag = id
					l.Destination = []byte("#" + id)
					break
				}
			}
		}
		if book && (inPage && !ids[frag] || !inPage && !registeredSchemes[strings.ToLower(scheme(dest))]) {
			unfollowable = append(unfollowable, l)
		}
		return ast.WalkContinue, nil
	})
	for _, l := range unfollowable {
		parent := l.Parent()
		for c := l.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, l, c)
			c = next
		}
		parent.RemoveChild(parent, l)
	}
}

// githubAnchors maps the anchor GitHub gives each source heading (its
// text lower-cased, without punctuation or symbols, spaces as hyphens; a
// repeated one numbered -1, -2…: numberSlug) to the heading's id in the
// edition.
func (ed *Edition) githubAnchors(md goldmark.Markdown) map[string]string {
	slugs := map[string]string{}
	seen := map[string]int{}
	for _, p := range ed.Pieces {
		id := Anchor(p.ID)
		if p.Kind != segment.Heading || id == "" {
			continue
		}
		slug := numberSlug(seen, headingSlug(md, p.Source))
		if _, ok := slugs[slug]; !ok {
			slugs[slug] = id
		}
	}
	return slugs
}

// GitHubSlug is the anchor GitHub gives a heading whose text is s: lower
// case, letters, numbers, marks, "_" and "-" kept, other characters
// dropped, each space a hyphen (github-slugger's rule).
func GitHubSlug(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf:
			b.Reset()
			return slugOf(s, &b)
		case c == ' ':
			b.WriteByte('-')
		case 'A' <= c && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '_':
			b.WriteByte(c)
		}
	}
	return b.String()
}

// slugOf is GitHubSlug for any text, written into b.
func slugOf(s string, b *strings.Builder) string {
	for _, r := range strings.ToLower(s) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r < utf8.RuneSelf:
			if 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '-' || r == '_' {
				b.WriteByte(byte(r))
			}
		case unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// scheme returns a link destination's URL scheme ("https" of
// "https://…"): a letter, then letters, digits, + - or ., then a colon
// before any / ? or #; "" when it has none.
func scheme(dest string) string {
	for i := 0; i < len(dest); i++ {
		c := dest[i]
		switch {
		case c == ':':
			return dest[:i]
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return ""
		}
	}
	return ""
}

// registeredSchemes are the IANA-registered URL schemes an EPUB keeps
// links to (lower case).
var registeredSchemes = map[string]bool{
	"http": true, "https": true, "mailto": true, "ftp": true, "sftp": true, "ssh": true, "git": true,
	"tel": true, "sms": true, "urn": true, "news": true, "nntp": true, "irc": true, "ircs": true,
	"xmpp": true, "geo": true, "magnet": true,
}

// plainText returns the text a reader reads in an inline tree.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
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
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		case *ast.AutoLink:
			b.Write(t.Label(src))
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// notice returns the edition's label, notice and coverage lines.
func (ed *Edition) notice(pg Page) (label, notice, coverage string) {
	c := pg.Chrome
	// A locale without its own chrome strings gets the fallback's
	// sentences: name the languages as that language does, and never call
	// the edition by the fallback's own name.
	lang := locale.SelfName(ed.Tag)
	if c.Lang(ed.Tag, "language.name") == ed.Tag {
		lang = c.T(ed.Tag, "language.name", nil, nil)
	}
	label = c.T(ed.Tag, "edition.label", map[string]any{"Language": lang}, nil)
	srcName := locale.NameIn(ed.Source, c.Lang(ed.Tag, "edition.notice"))
	// An ISO date after Arabic letters becomes three Arabic numbers that
	// the bidi algorithm shows as 16-10-2019: isolate it left to right.
	date := pg.Date
	if date != "" && locale.RTL(ed.Tag) {
		date = "\u2066" + date + "\u2069"
	}
	// A project without a date gets notices that do not name one.
	switch {
	case ed.Tag == ed.Source && date == "":
		notice = c.T(ed.Tag, "edition.undated-original", nil, nil)
	case ed.Tag == ed.Source:
		notice = c.T(ed.Tag, "edition.original", map[string]any{"Date": date}, nil)
	case date == "":
		notice = c.T(ed.Tag, "edition.undated-notice", map[string]any{"Source": srcName}, nil)
	default:
		notice = c.T(ed.Tag, "edition.notice", map[string]any{"Source": srcName, "Date": date}, nil)
	}
	if ed.Tag != ed.Source {
		coverage = c.T(ed.Tag, "coverage.translated", map[string]any{"Count": ed.Translated, "Total": ed.Total}, ed.Total)
		if ed.Fallbacks > 0 {
			coverage += " · " + c.T(ed.Tag, "coverage.fallback", map[string]any{"Count": ed.Fallbacks, "Source": srcName}, ed.Fallbacks)
		}
	}
	return
}

// HTML renders the edition as one standalone HTML file.
func (ed *Edition) HTML(pg Page) []byte {
	r := ed.render(false)
	label, notice, coverage := ed.notice(pg)
	c := pg.Chrome
	e := html.EscapeString
	var b strings.Builder
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"%s\" dir=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n", e(ed.Tag), locale.Dir(ed.Tag))
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	fmt.Fprintf(&b, "<title>%s</title>\n<style>\n%s%s</style>\n</head>\n<body>\n", e(r.Title), styleFor(ed.Tag), markerStyle(c, ed.Tag))
	b.WriteString("<header class=\"folio-edition\">\n")
	fmt.Fprintf(&b, "<p class=\"folio-label\">%s</p>\n<p class=\"folio-notice\">%s</p>\n", e(label), e(notice))
	if len(pg.Links) > 0 {
		fmt.Fprintf(&b, "<nav class=\"folio-languages\" aria-label=\"%s\"><span>%s</span>", e(c.T(ed.Tag, "switcher.label", nil, nil)), e(c.T(ed.Tag, "switcher.label", nil, nil)))
		for _, l := range pg.Links {
			fmt.Fprintf(&b, " <a href=\"%s\" hreflang=\"%s\" lang=\"%s\" dir=\"%s\">%s</a>", e(l.Href), e(l.Tag), e(l.Tag), locale.Dir(l.Tag), e(l.Name))
		}
		b.WriteString("</nav>\n")
	}
	b.WriteString("</header>\n<main>\n")
	b.WriteString(r.TitleHTML)
	writeTOC(&b, r.TOC, c.T(ed.Tag, "toc.label", nil, nil), "")
	b.WriteString(r.Body)
	b.WriteString("</main>\n")
	if coverage != "" {
		fmt.Fprintf(&b, "<footer class=\"folio-coverage\"><p>%s</p></footer>\n", e(coverage))
	}
	b.WriteString("</body>\n</html>\n")
	return []byte(b.String())
}

func writeTOC(b *strings.Builder, toc []tocEntry, label, file string) {
	if len(toc) == 0 {
		return
	}
	e := html.EscapeString
	fmt.Fprintf(b, "<nav class=\"folio-toc\" aria-labelledby=\"folio-toc-label\">\n<h2 id=\"folio-toc-label\">%s</h2>\n<ol>\n", e(label))
	for _, t := range toc {
		fmt.Fprintf(b, "<li class=\"folio-toc-%d\"><a href=\"%s#%s\">%s</a></li>\n", t.Level, e(file), e(t.ID), e(t.Text))
	}
	b.WriteString("</ol>\n</nav>\n")
}

// markerStyle shows the chrome's markers on untranslated and stale blocks.
func markerStyle(c *chrome.Strings, tag string) string {
	q := func(s string) string {
		s = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", " ", "<", `\3C `, ">", `\3E `).Replace(s)
		return `"` + s + `"`
	}
	return fmt.Sprintf(".folio-untranslated::before{content:%s}\n.folio-stale::before{content:%s}\n",
		q(c.T(tag, "fallback.marker", nil, nil)), q(c.T(tag, "stale.marker", nil, nil)))
}

// styleFor returns the embedded CSS, with a font stack for the locale's
// script.
func styleFor(tag string) string {
	fonts, lineHeight := fontFor(tag)
	return fmt.Sprintf(`:root{color-scheme:light dark}
body{font-family:%s;line-height:%s;max-width:42em;margin:0 auto;padding:1em 1.25em;overflow-wrap:break-word}
h1,h2,h3{line-height:1.3}
p{text-align:start}
img{max-width:100%%;height:auto}
pre{overflow-x:auto}
table{border-collapse:collapse;display:block;overflow-x:auto;max-width:100%%}
td,th{border:1px solid #8888;padding:.25em .5em}
.folio-edition{font-size:.9em;border-bottom:1px solid #8886;margin-bottom:1em;padding-bottom:.5em}
.folio-languages a{margin:0 .25em}
.folio-toc ol{padding-inline-start:1.5em}
.folio-toc-3{margin-inline-start:1em}
.folio-untranslated,.folio-stale{border-inline-start:3px solid #c80;padding-inline-start:.6em}
.folio-untranslated::before,.folio-stale::before{display:block;font-size:.75em;color:#a60}
.folio-coverage{font-size:.85em;border-top:1px solid #8886;margin-top:2em}
@media (max-width:30em){h1{font-size:1.6em}}
%s`, fonts, lineHeight, scriptStyle(tag, "body"))
}

// scriptStyle holds the rules a script needs beyond its fonts, for the
// text in language tag; sized is the selector whose font size grows for
// scripts that read small at the Latin size. Slanted CJK and Arabic
// (synthetic italics) are unreadable, so emphasis is bold there; CJK
// paragraphs are justified, as CJK typesetting expects.
func scriptStyle(tag, sized string) string {
	l := ":lang(" + tag + ")"
	switch locale.Script(tag) {
	case "Hans", "Hant", "Jpan", "Kore":
		return "em" + l + ",i" + l + "{font-style:normal;font-weight:bold}\np" + l + "{text-align:justify}\n"
	case "Arab":
		return "em" + l + ",i" + l + "{font-style:normal;font-weight:bold}\n" + sized + l + "{font-size:1.125em}\n"
	}
	return ""
}
