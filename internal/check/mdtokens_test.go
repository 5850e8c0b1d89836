package check

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"folio/internal/project"
	"folio/internal/segment"
	"folio/internal/state"
)

// Differential tests of mdtokens.go: wherever fastTokens answers, its
// answer is goldmarkTokens'. Each test also counts how often it answers,
// so that a fast path that always bails cannot pass unnoticed.

// tokenDiff compares fastTokens with goldmarkTokens on s and on a few
// variants of it (the kinds of edits translations make); it returns how
// many texts it compared and how many of them the fast path answered.
type tokenDiff struct {
	md         goldmark.Markdown
	texts, hit int
}

func newTokenDiff() *tokenDiff { return &tokenDiff{md: segment.NewMarkdown()} }

func (d *tokenDiff) check(t testing.TB, s string, refs refDefs) {
	t.Helper()
	for _, v := range tokenVariants(s) {
		d.one(t, v, refs)
	}
}

func (d *tokenDiff) one(t testing.TB, s string, refs refDefs) {
	t.Helper()
	d.texts++
	ft, fe, ok := fastTokens(s, refs.all())
	if !ok {
		return
	}
	d.hit++
	gt, ge := goldmarkTokens(d.md, s, refs)
	if !reflect.DeepEqual(ft, gt) || fe != ge {
		t.Fatalf("markdown tokens of %q: fast path %q %d, goldmark %q %d", s, ft, fe, gt, ge)
	}
}

// tokenVariants returns s and texts made from it as a translation might
// be: words added around it, emphasis and brackets moved or dropped.
func tokenVariants(s string) []string {
	vs := []string{s, "x " + s, s + " y", "*" + s + "*", "**" + s + "**", "_" + s + "_"}
	for _, r := range [][2]string{{"*", "_"}, {"_", "*"}, {"**", "*"}, {"`", ""}, {"](", "] ("}, {"[", ""}, {" ", ""}, {"*", " * "}} {
		if strings.Contains(s, r[0]) {
			vs = append(vs, strings.ReplaceAll(s, r[0], r[1]), strings.Replace(s, r[0], r[1], 1))
		}
	}
	if n := len(s) / 2; n > 0 {
		vs = append(vs, s[:n], s[n:])
	}
	return vs
}

// TestMarkdownTokensOnCorpus: the paragraphs, headings, items and cells
// of the real documents of ../shared/corpus, with their documents' link
// reference definitions and without.
func TestMarkdownTokensOnCorpus(t *testing.T) {
	files, _ := filepath.Glob("../../../shared/corpus/markdown/*.md")
	if len(files) == 0 {
		if os.Getenv("CI") != "" {
			t.Fatal("../shared/corpus/markdown is missing")
		}
		t.Skip("../shared/corpus/markdown is missing")
	}
	d := newTokenDiff()
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc := segment.Markdown(src, segment.Options{})
		refs := references(doc.Source)
		for _, s := range doc.Segments {
			d.check(t, s.Text, nil)
			if refs != nil {
				d.check(t, s.Text, refs)
			}
		}
		// Every line of the document too, block syntax and all.
		for _, line := range strings.Split(string(src), "\n") {
			d.one(t, line, nil)
		}
	}
	t.Logf("%d texts, %d on the fast path", d.texts, d.hit)
	if d.hit < 1000 || d.hit*4 < d.texts {
		t.Fatalf("the fast path answered %d of %d texts", d.hit, d.texts)
	}
}

// TestMarkdownTokensOnRepository: every source text and translation of
// the repository's catalogs.
func TestMarkdownTokensOnRepository(t *testing.T) {
	p, err := project.Load("../..")
	if err != nil {
		t.Fatal(err)
	}
	d := newTokenDiff()
	stateTexts(t, state.Load(p, p.Locales), func(src, tr string, refs refDefs) {
		d.check(t, src, refs)
		d.check(t, tr, refs)
	})
	t.Logf("%d texts, %d on the fast path", d.texts, d.hit)
	if d.hit < 500 {
		t.Fatalf("the fast path answered %d of %d texts", d.hit, d.texts)
	}
}

// TestMarkdownTokensOnGeneratedSet: the texts of a bench/gen set.
func TestMarkdownTokensOnGeneratedSet(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a documentation set")
	}
	p, err := project.Load(generatedSet(t, 6, 3))
	if err != nil {
		t.Fatal(err)
	}
	d := newTokenDiff()
	stateTexts(t, state.Load(p, p.Locales), func(src, tr string, refs refDefs) {
		d.check(t, src, refs)
		d.check(t, tr, refs)
	})
	t.Logf("%d texts, %d on the fast path", d.texts, d.hit)
	if d.hit*2 < d.texts {
		t.Fatalf("the fast path answered %d of %d texts", d.hit, d.texts)
	}
}

// markdownEdgeCases are texts at the edges of what fastTokens models.
var markdownEdgeCases = []string{
	"", "a", "plain text", "*a*", "**a**", "***a***", "*a**", "**a*", "*a *b* c*", "a*b*c", "a_b_c", "_a_b", "__a__",
	"___a___", "*_a_*", "_*a*_", "**a*b*c**", "*a**b**c*", "a * b * c", "a ** b", "* a", "*", "**", "***", "* * *",
	"- a", "-a", "--", "---", "+ a", "+a", "_", "__", "___", "_ _ _", "1. a", "1.a", "1) a", "12345678901. a",
	"1.5 a", "2019", "# a", "#a", "> a", "a > b", "= a", "===", "| a | b |", "a | b", "```a```", "``a``", "`a`",
	"` a `", "`  a  `", "` `", "`  `", "`a", "a`", "``a`", "`a``", "``` a", "a `b` c `d`", "`a` `b` `c",
	"[a](b)", "![a](b)", "[a](b c)", "[a]( b )", "[a](b \"t\")", "[a](b 't')", "[a](b (t))", "[a](<b>)",
	"[a](b(c)d)", "[a](b(c)", "[a](b)c)", "[a]()", "[a]( )", "[a] (b)", "[a]", "[a][b]", "[a][]", "[[a]](b)",
	"[a [b](c)](d)", "![a ![b](c)](d)", "[a](b)[c](d)", "[a`](b)`", "[a `b](c)` d", "`[a](b)`", "[*a*](b)",
	"*[a](b)*", "*[a*](b)", "[a*](b)*", "**[a](b)** and *c*", "[a **b** c](d)", "[_a_](b_c_d)", "[a](*b*)",
	"a]b", "]a[", "[a", "a]", "![a", "!a", "a!", "!![a](b)", "[a]:", "[a]: b", "[^1]", "a[^1]", "[a](b\\c)",
	"a \\* b", "a ~b~", "~~a~~", "<b>", "a <b> c", "a@b.c", "see www.a.b", "http://a.b", "(https://a.b)",
	"HTTP://A.B", "Www.a", "ftp:x", "a &amp; b", "[a](&amp;)", "*a*&*b*", "**ünïcödé**", "*«a»*", "«*a*»",
	"*a*。", "。*a*", "a*。*b", "_a_。", "中*文*字", "中_文_字", "**中文**字", "Ä*b*", "*\u00a0a*", "\u00a0*a*",
	"a\u00a0*b*\u00a0c", "*a*\u3000", "\u3000*a*", "a\tb", "a\nb", " a", "a ", "a  b", "\xffa", "*a*\xff",
	"**a** **b** *c* _d_ __e__", "*a **b** c*", "**a *b* c**", "*a*b*c*", "_a_b_c_", "**a**b**c**",
	"*a**b*", "a**b**c", "a__b__c", "*1*2*3*4*", "***a** b*", "***a* b**", "*a **b***", "**a *b***",
	"____a____", "*****a*****", "*a****b*", "**a****b**", "x *a* [b *c* d](e) *f*", "*a [b* c](d) e*",
	"[a *b](c) d*", "*a [b](c) d* [e *f*](g)", "`*a*`", "*`a`*", "*a `b*` c*", "[a](b) `c` *d* ![e](f)",
	// Inline raw HTML (the shapes of the independent corpus: tags in
	// changelogs and API pages, comments, a "<" that is text).
	"X<br>in lock", "a <br/> b", "a <br /> b", "a <img src=\"x.png\" alt='y'> b", "a <a href=x>b</a> c",
	"a <kbd>Ctrl</kbd>+<kbd>C</kbd>", "a <b c=d e> f", "a <b c = \"d\"> f", "a <b c=> f", "a <b c=\"d> f",
	"a <b c='d'e> f", "a <b\"> f", "a <b-c:d> f", "a <b :c _d e.f=g> f", "a <1b> c", "a </b> c", "a </b > c",
	"a </b c> d", "a </1> b", "a <!-- b --> c", "a <!--> b", "a <!---> b", "a <!----> b", "a <!-- b", "a <? b ?> c",
	"a <?> b", "a <!DOCTYPE b> c", "a <!doctype b> c", "a <![CDATA[ *b* ]]> c", "a <![CDATA[ b", "as <3.13 (#1827)",
	"a < b > c", "a <b *c* d", "*a <b>* c", "*a <b title='*'> c*", "[a <b>](c)", "a <b title='[c](d)'> e",
	"`a <b>` c", "a <b title='`'> `c`", "a <b c=`d`> e", "a <http://b> <c>", "a <b><c></c></b> d", "a <B CLASS=X> y",
	"a <b/ > c", "a <b c/> d", "a <b c=d/> e", "a <b c='d'/> e", "<b> a", "a\\<b> c", "a \\<b> c",
	// GFM's bare addresses (linkify): where it looks (a line's start,
	// after a space, a "(" or an inline node, not in a link's text), how
	// far the address runs and what it leaves out at its end.
	"http://a.b", "https://a.b/c", "ftp://a.b", "HTTP://A.B", "Http://a.b", "www.a.b", "Www.a.b", "http://a", "www.a",
	"see http://a.b.", "see http://a.b, and", "(http://a.b)", "(see http://a.b)", "a (http://a.b/(c)) d",
	"http://a.b/c?d=e&f=g", "http://a.b/c&amp;", "http://a.b/c&amp", "http://a.b:80/c", "http://a.b:/c",
	"http://a.b/$x", "www.a.b/$x", "http://a.b/`c`", "`c`http://a.b", "*http://a.b*", "_http://a.b_", "**http://a.b**",
	"[http://a.b](c)", "[a](b)http://c.d", "[a] http://c.d", "x\\(http://a.b)", "x\\ http://a.b", "xhttp://a.b",
	"<b>http://a.b</b>", "<http://a.b>http://c.d", "http://a.b/c_d_ e", "http://a.b/*c* d", "www.a.b/c) d",
	"http://a-b.c-d.ef/g", "http://a.b.C", "http://a.Bc", "http://a.b1", "http://1.2.3.4/", "http://a..b",
	"http://a.b/[c]", "see http://a.b/c\"", "see http://a.b/c>", "http://a.b/c;", "http://a.b/c&d;", "http://a.b/&;",
	"http://é.b", "www.a.bé", "a http://a.b/c?! d", "a ~http://a.b", "a.http://b.c", "a:http://b.c",
	"Ann Lee <ann@b.org>", "a <a@b.c> b", "<a@b.c>", "a <a@b.c", "a <a@b.c/x>", "x *a@b.c*", "`x` a@b.c", "`x`a@b.c",
	"[a@b.c](d)", "[a](b)a@b.c", "(a@b.c)", "a.b@c.d", "a@b", "-a@b.c", "a -a@b.c", "x <!--`@b>", "x <!--`@b.c>",
	"a@b.c-", "a@b.c_", "a@b.c.", "x _a@b.c_", "a\\@b.c", "é@b.c", "a b@c.d@e.f",
	"http://" + strings.Repeat("a", 300) + ".b", "http://" + strings.Repeat("a", 250) + ".b.c" + strings.Repeat("d", 10) + ".e",
}

func TestMarkdownTokensOnEdgeCases(t *testing.T) {
	d := newTokenDiff()
	refs := references([]byte("[a]: /url\n\n[b]: /other \"title\"\n"))
	if len(refs) != 2 {
		t.Fatalf("%d reference definitions, want 2", len(refs))
	}
	for _, s := range markdownEdgeCases {
		d.check(t, s, nil)
		d.check(t, s, refs)
	}
	t.Logf("%d texts, %d on the fast path", d.texts, d.hit)
	if d.hit*3 < d.texts {
		t.Fatalf("the fast path answered %d of %d texts", d.hit, d.texts)
	}
}

// TestFastTokensBails: the texts fastTokens must leave to goldmark.
func TestFastTokensBails(t *testing.T) {
	for _, s := range []string{
		"# a", "> a", "- a", "* a", "+ a", "***", "1. a", "1) a", "```a", "<b>", "a\nb", "a\tb", " a", "a ",
		"a@b.c", "x a@b.c", "x *a@b.c*", "x (a@b.c)", "x _a@b.c_", "x ~a@b.c", "a+b@c.d", "<a@b.c>", "<b>", "[<http://a>](b)", "[a <b>](c)", "<http://a", "~~a~~", "[a]: b", "[^1]", "[a [b](c)](d)", "[a](<b>)",
		"[a](b \"t\")", "[a](b\\)c)", "\xff",
	} {
		if _, _, ok := fastTokens(s, nil); ok {
			t.Errorf("fastTokens(%q) answered", s)
		}
	}
	for _, s := range []string{"*a*", "[a](b)", "`a`", "a_b", "**a** [b](c) `d`", "a \\* b", "a \\[b](c)", "see <https://a.b/c?d=e> *f*", "a\\",
		"`@types/node`", "run `npm i @scope/pkg`", "a @b c", "@nodejs/team", "(@b) *@c*",
		"a <b>", "a <b c>", "a <br/> *b*", "a <!-- b --> c", "as <3.13", "a <b c=\"d\">e</b>",
		"http://a", "a www.b.c", "see https://a.b/c.", "(http://a.b)", "**www.a.b**",
		"`a@b.c`", "x `a@b.c`", "Ann Lee <ann@b.org>", "[a@b](c)"} {
		if _, _, ok := fastTokens(s, nil); !ok {
			t.Errorf("fastTokens(%q) bailed", s)
		}
	}
}

// exhaustive checks, for every text of up to n pieces (one fewer with
// -short), the texts texts makes of it against goldmark with refs, and
// that the fast path answered for at least half of them.
func exhaustive(t *testing.T, pieces []string, n int, refs refDefs, texts func(string) []string) {
	t.Helper()
	if testing.Short() {
		n--
	}
	d := newTokenDiff()
	var walk func(prefix string, n int)
	walk = func(prefix string, n int) {
		for _, s := range texts(prefix) {
			d.one(t, s, refs)
		}
		if n == 0 {
			return
		}
		for _, p := range pieces {
			walk(prefix+p, n-1)
		}
	}
	walk("", n)
	t.Logf("%d texts, %d on the fast path", d.texts, d.hit)
	if d.hit*2 < d.texts {
		t.Fatalf("the fast path answered %d of %d texts", d.hit, d.texts)
	}
}

// TestRawHTMLExhaustive: every text of up to four pieces of inline HTML
// after a word that the fast path answers for has goldmark's tokens.
func TestRawHTMLExhaustive(t *testing.T) {
	exhaustive(t, []string{"<", ">", "/", "b", "1", " ", "=", "\"", "'", "c", "!", "-", "?", "*", "`", "[", "]", "(", ")",
		"<b", "</", "<!--", "-->", "<!D", "<![CDATA[", "]]>", "é"}, 4, nil,
		func(s string) []string { return []string{"x " + s} })
}

// TestLinkifyExhaustive: every text of up to four pieces of bare
// addresses and what surrounds them, alone and after a word, that the
// fast path answers for has goldmark's tokens.
func TestLinkifyExhaustive(t *testing.T) {
	exhaustive(t, []string{"http://", "www.", "a", "B", "1", ".", ".b", "-", "/", ":", "?", "&", ";", "(", ")", " ", "*", "_",
		"`", "[", "](c)", "<b>", "\\", "$", "é", "~", "'", "\"", "@", "<a@b.c>"}, 4, nil,
		func(s string) []string { return []string{s, "x " + s} })
}

// TestReferenceLinksExhaustive: every text of up to five pieces of
// brackets and labels, with two definitions, that the fast path answers
// for has goldmark's tokens.
func TestReferenceLinksExhaustive(t *testing.T) {
	refs := references([]byte("[a]: /one\n\n[B c]: /two \"t\"\n"))
	if len(refs) != 2 {
		t.Fatalf("%d reference definitions, want 2", len(refs))
	}
	exhaustive(t, []string{"[", "]", "a", "A", "b c", " ", "[]", "[ ]", "\\]", "\\[", "(", ")", "(x)", "*", "!", "`", "<b>", "x"}, 5, refs,
		func(s string) []string { return []string{s} })
}

// TestAutolinkEnd: autolinkEnd reads the URL of an autolink as goldmark's
// util.FindURLIndex does, for every byte in its scheme and after it, and
// schemes of every length up to 40.
func TestAutolinkEnd(t *testing.T) {
	var texts []string
	for c := range 256 {
		texts = append(texts, "<h"+string([]byte{byte(c)})+"t:a>", "<ht:a"+string([]byte{byte(c)})+"b>", "<"+string([]byte{byte(c)})+"t:a>")
	}
	for n := 1; n <= 40; n++ {
		texts = append(texts, "<"+strings.Repeat("a", n)+":b>", "<"+strings.Repeat("a", n)+":>")
	}
	texts = append(texts, "<", "<a", "<ab:", "<ab:c", "<ab:c d>", "<ab:c>d>", "<ab:<c>", "<a.b:c>", "<1a:b>")
	for _, s := range texts {
		want := -1
		if stop := util.FindURLIndex([]byte(s[1:])); stop >= 0 && stop+1 < len(s) && s[stop+1] == '>' {
			want = stop + 2
		}
		if got := autolinkEnd(s, 0); got != want {
			t.Errorf("autolinkEnd(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestReferencesPrefilter: a source without "]:" has no definitions,
// the answer references gives without parsing.
func TestReferencesPrefilter(t *testing.T) {
	for _, src := range []string{"", "a [b] c", "[a]\n: b", "```\n[a]: b\n```", "[a]: b", "> [a]:\n> b", "[a\nb]: c"} {
		ctx := parser.NewContext()
		segment.NewMarkdown().Parser().Parse(text.NewReader([]byte(src)), parser.WithContext(ctx))
		if got, want := len(references([]byte(src))), len(ctx.References()); got != want {
			t.Errorf("references(%q): %d, want %d", src, got, want)
		}
	}
}

// fullReferences is references as NewMarkdown's parse, inline parsing
// and all, finds them.
func fullReferences(src []byte) map[string]string {
	ctx := parser.NewContext()
	segment.NewMarkdown().Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
	return referenceStrings(ctx.References())
}

// referenceStrings spells each definition, by label as goldmark looks it
// up, as its label, destination and title.
func referenceStrings(refs []parser.Reference) map[string]string {
	m := map[string]string{}
	for _, r := range refs {
		m[util.ToLinkReference(r.Label())] = fmt.Sprintf("%q %q %q", r.Label(), r.Destination(), r.Title())
	}
	return m
}

// definitionSources are documents whose definitions a parser could get
// wrong: in containers, after and inside tables, next to footnotes, in
// code and HTML, spanning lines, with titles.
var definitionSources = []string{
	"[a]: /a\n\nText [a].\n",
	"> [a]: /a\n> quoted\n",
	"- [a]: /a\n- item\n\n  [b]: /b \"t\"\n",
	"[^1]: a footnote\n[a]: /a\n\nText[^1] [a].\n",
	"[^1]: /not-a-link\n",
	"| a | b |\n| - | - |\n| [c]: /c | d |\n\n[e]: /e\n",
	"[a]: /a\n| x | y |\n| - | - |\n",
	"```\n[a]: /a\n```\n\n    [b]: /b\n",
	"<div>\n[a]: /a\n</div>\n\n[c]: /c\n",
	"[a\nb]: /ab\n'title\non two'\n",
	"[a]:\n/a\n\"t\"\n",
	"Setext\n[a]: /a\n===\n",
	"[a]: /a\n===\n",
	"para\n[a]: /a\n",
	"[foo]: /1\n[FOO]: /2\n[ Foo  ]: /3\n",
	"* [a]: /a *b*\n",
	"[a]: <bad url> \"t\"\n[b]: /b 'ok'\n",
	"[a\\]b]: /esc\n[c [d]]: /nested\n",
	"www.x.org#[^n]\n\n[^n]: 0\n[n]: /n\n",
}

// TestReferencesAsFullParse: references, whose parser has no inline
// parser, finds the definitions NewMarkdown's full parse finds, in the
// documents of ../shared/corpus and in definitionSources.
func TestReferencesAsFullParse(t *testing.T) {
	srcs := slices.Clone(definitionSources)
	for _, d := range readCorpus(t) {
		srcs = append(srcs, string(d))
	}
	with := 0
	for _, src := range srcs {
		want := fullReferences([]byte(src))
		got := referenceStrings(references([]byte(src)).all())
		if !reflect.DeepEqual(got, want) {
			t.Errorf("definitions of %.200q:\n got %v\nwant %v", src, got, want)
		}
		if len(want) > 0 {
			with++
		}
	}
	t.Logf("%d documents, %d with definitions", len(srcs), with)
	if with < len(definitionSources)/2 {
		t.Fatalf("only %d documents with definitions", with)
	}
}

// TestSegmentationDefinitions: the definitions segmentation finds (what
// check takes from a document loaded segmented) are those of a full parse
// of the document's body, in the corpus, in definitionSources and past
// front matter and a byte-order mark.
func TestSegmentationDefinitions(t *testing.T) {
	srcs := append(slices.Clone(definitionSources),
		"---\ntitle: T\n[f]: /front\n---\n[a]: /a\n", "\ufeff[a]: /a\n", "+++\ntitle = \"T\"\n+++\n\n[b]: /b 't'\n")
	for _, d := range readCorpus(t) {
		srcs = append(srcs, string(d))
	}
	with := 0
	for _, src := range srcs {
		doc := segment.Markdown([]byte(src), segment.Options{})
		if !doc.DefinitionsKnown {
			t.Fatalf("segmentation of %.80q does not say it looked for definitions", src)
		}
		got := referenceStrings(definitionsOf(doc.Definitions).all())
		want := fullReferences([]byte(src[segment.BodyStart([]byte(src)):]))
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("definitions of %.200q:\n got %v\nwant %v", src, got, want)
		}
		if len(want) > 0 {
			with++
		}
	}
	if with < len(definitionSources)/2 {
		t.Fatalf("only %d documents with definitions", with)
	}
}

// FuzzReferences: references agrees with a full parse on any document.
func FuzzReferences(f *testing.F) {
	for _, s := range definitionSources {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		want := fullReferences([]byte(src))
		got := referenceStrings(references([]byte(src)).all())
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("definitions of %q:\n got %v\nwant %v", src, got, want)
		}
	})
}

// FuzzMarkdownTokens: wherever fastTokens answers, goldmark agrees.
func FuzzMarkdownTokens(f *testing.F) {
	for _, s := range markdownEdgeCases {
		f.Add(s)
	}
	md := segment.NewMarkdown()
	refs := references([]byte("[a]: /one\n\n[b]: /two\n"))
	f.Fuzz(func(t *testing.T, s string) {
		// The text itself, and the text spelled with the characters the
		// fast path models, which it nearly always answers for; without
		// and with link reference definitions.
		for _, s := range []string{s, inlineAlphabet(s)} {
			for _, refs := range []refDefs{nil, refs} {
				ft, fe, ok := fastTokens(s, refs.all())
				if !ok {
					continue
				}
				gt, ge := goldmarkTokens(md, s, refs)
				if !reflect.DeepEqual(ft, gt) || fe != ge {
					t.Fatalf("markdown tokens of %q (%d definitions): fast path %q %d, goldmark %q %d", s, len(refs), ft, fe, gt, ge)
				}
			}
		}
	})
}

// inlineAlphabet spells s with the pieces of inline Markdown fastTokens
// models, one piece per byte of s.
func inlineAlphabet(s string) string {
	pieces := [...]string{"a", "b", " ", "*", "_", "`", "[", "]", "(", ")", "!", ".", "é", "中", "«", "»",
		"**", "__", "](", " *", "* ", "_ ", " _", "x", "``", "\u00a0", "1", "-", ":", "'", "\"", "?",
		"\\", ">", "<ab:c>", "\\*", "\\[", "@", "@b",
		"<b", "</b>", " c=d", "<!--", "-->", "http://", "www.", ".b", "/", "&", ";"}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteString(pieces[int(s[i])%len(pieces)])
	}
	return b.String()
}

// TestMarkdownTokensRandom: random texts spelled with inlineAlphabet (a
// fixed seed, so that a failure repeats).
func TestMarkdownTokensRandom(t *testing.T) {
	n := 20000
	if testing.Short() {
		n = 2000
	}
	r := rand.New(rand.NewPCG(1, 9))
	d := newTokenDiff()
	b := make([]byte, 48)
	for range n {
		k := 1 + r.IntN(len(b))
		for i := range k {
			b[i] = byte(r.IntN(256))
		}
		d.one(t, inlineAlphabet(string(b[:k])), nil)
	}
	t.Logf("%d texts, %d on the fast path", d.texts, d.hit)
	if d.hit*2 < d.texts {
		t.Fatalf("the fast path answered %d of %d texts", d.hit, d.texts)
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// BenchmarkMarkdownTokens compares the token path with goldmark on every
// message pair of the repository's catalogs: fastTokens where it answers,
// markdownTokens (inert check, fast path, else goldmark) and goldmark alone.
func BenchmarkMarkdownTokens(b *testing.B) {
	p, err := project.Load("../..")
	if err != nil {
		b.Fatal(err)
	}
	var texts []string
	stateTexts(b, state.Load(p, p.Locales), func(src, tr string, refs refDefs) {
		if len(refs) == 0 {
			texts = append(texts, src, tr)
		}
	})
	md := segment.NewMarkdown()
	for _, c := range []struct {
		name string
		f    func(s string)
	}{
		{"markdownTokens", func(s string) { markdownTokens(s, nil) }},
		{"goldmark", func(s string) { goldmarkTokens(md, s, nil) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, s := range texts {
					c.f(s)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(texts)), "ns/text")
		})
	}
}

// TestReferencesUsedBy: a text parsed with only the definitions its
// brackets name gives the tokens it gives with all of its document's —
// full, collapsed and shortcut references, labels in another case or
// spacing, escaped and nested brackets, text on two lines — and the fast
// path serves the texts that name none.
func TestReferencesUsedBy(t *testing.T) {
	var doc strings.Builder
	doc.WriteString("Text.\n\n")
	for i := range 40 {
		fmt.Fprintf(&doc, "[def %d]: /url/%d\n", i, i)
	}
	doc.WriteString("[Foo  Bar]: /foo\n[a\\]b]: /esc\n[ünï]: /uni\n[x]: /x \"title\"\n")
	refs := references([]byte(doc.String()))
	if len(refs) != 44 {
		t.Fatalf("%d definitions, want 44", len(refs))
	}
	md := segment.NewMarkdown()
	texts := []string{
		"see [def 3] and [the docs][def 7]", "see [DEF   12][] now", "[foo bar]", "[text][FOO BAR]",
		"[a\\]b] escaped", "[ÜNÏ] folded", "[x] and [y]", "[nested [x] here]", "[[x]]", "[x][y]",
		"[def 1\ndef 2]", "a [def\n5] b", "> [def\n> 5]", "- [x\n  y]\n- [def\n  6]", "*[x]* `[x]` [x](/inline)", "no brackets", "[unknown] ref",
		"[def 3]: /redefined", "![img][x]", "[def 39] [def 0] [def 20]",
		"[[def 3]]", "[def 3] ] [def 4]", "[a [def 5] b] [def 6]", "[a\\[b] [x]", "[def 8][def 9]", "]def 1[ [def 2",
	}
	fastHits := 0
	for _, s := range texts {
		gt, ge := markdownTokensWith(md, s, refs)
		wt, we := goldmarkTokens(md, s, refs)
		if !reflect.DeepEqual(gt, wt) || ge != we {
			t.Errorf("markdown tokens of %q: %q %d, with every definition %q %d", s, gt, ge, wt, we)
		}
		if _, _, ok := fastTokens(s, refs.usedBy(s)); ok {
			fastHits++
		}
	}
	for s, want := range map[string]int{
		"see [def 3] and [the docs][def 7]": 2, "[a [def 5] b] [def 6]": 2, "[[def 3]]": 1, "]def 1[ [def 2": 0,
	} {
		if got := len(refs.usedBy(s)); got != want {
			t.Errorf("usedBy(%q): %d definitions, want %d", s, got, want)
		}
	}
	if fastHits == 0 {
		t.Error("no text took the fast path")
	}
}

// corpusDocuments returns the documents of ../shared/corpus/markdown; the
// benchmark is skipped without them.
func corpusDocuments(b *testing.B) [][]byte {
	docs := readCorpus(b)
	if len(docs) == 0 {
		b.Skip("../shared/corpus/markdown is missing")
	}
	return docs
}

// readCorpus returns the documents of ../shared/corpus/markdown, none
// when it is missing.
func readCorpus(t testing.TB) [][]byte {
	files, _ := filepath.Glob("../../../shared/corpus/markdown/*.md")
	var docs [][]byte
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, data)
	}
	return docs
}

// BenchmarkReferences: the link reference definitions of each real
// document, as references finds them (no inline parsing) and as a full
// parse does.
func BenchmarkReferences(b *testing.B) {
	docs := corpusDocuments(b)
	b.Run("references", func(b *testing.B) {
		for b.Loop() {
			for _, d := range docs {
				references(d)
			}
		}
	})
	b.Run("fullParse", func(b *testing.B) {
		for b.Loop() {
			for _, d := range docs {
				fullReferences(d)
			}
		}
	})
}

// BenchmarkMarkdownTokensCorpus: the tokens of every segment of the real
// documents, with their documents' definitions, as check takes them.
func BenchmarkMarkdownTokensCorpus(b *testing.B) {
	type text struct {
		s    string
		refs refDefs
	}
	var texts []text
	for _, d := range corpusDocuments(b) {
		refs := references(d)
		for _, s := range segment.Markdown(d, segment.Options{}).Segments {
			texts = append(texts, text{s.Text, refs})
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			markdownTokensOf(t.s, t.refs, true)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(texts)), "ns/text")
}

// A reference-heavy document (an API reference, a changelog): 300
// definitions, texts naming one of them or none.
func BenchmarkMarkdownTokensReferences(b *testing.B) {
	var doc strings.Builder
	for i := range 300 {
		fmt.Fprintf(&doc, "[`api.call%d()`]: #api-call%d\n", i, i)
	}
	refs := references([]byte(doc.String()))
	var texts []string
	for i := range 100 {
		texts = append(texts, fmt.Sprintf("Returns what [`api.call%d()`][] returns, or `null` (see [the guide](/guide/%d)).", i, i),
			fmt.Sprintf("Calls *each* [listener] in order; item %d.", i))
	}
	b.ResetTimer()
	for range b.N {
		for _, s := range texts {
			markdownTokensOf(s, refs, true)
		}
	}
}
