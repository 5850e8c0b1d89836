package build

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"folio/internal/catalog"
	"folio/internal/segment"
	"folio/internal/state"
)

// fmBody is the body the front-matter documents share: reader editions of
// them must equal those of fmBody alone.
const fmBody = "# Guide\n\nFirst paragraph, with a [link](#usage).\n\n## Usage\n\n- one\n- two\n\nLast paragraph.\n"

// fmDocs are documents with front matter (YAML, TOML, YAML with a
// byte-order mark and CRLF line endings), each with the lines of its front
// matter that no reader edition may show.
var fmDocs = []struct {
	name, doc string
	lines     []string
}{
	{"yaml", "---\ntitle: A Short Guide\ndescription: \"How to use the tool.\"\ntags: [alpha, beta]\n---\n\n" + fmBody,
		[]string{"title", "A Short Guide", "description", "How to use the tool", "tags", "alpha, beta"}},
	{"toml", "+++\ntitle = \"A Short Guide\"\ndescription = 'How to use the tool.'\ndraft = false\n+++\n" + fmBody,
		[]string{"title", "A Short Guide", "description", "How to use the tool", "draft", "false", "+++"}},
	{"yaml-bom-crlf", "\ufeff---\r\ntitle: A Short Guide\r\ndescription: How to use the tool.\r\n---\r\n\r\n" + strings.ReplaceAll(fmBody, "\n", "\r\n"),
		[]string{"title", "A Short Guide", "description", "How to use the tool"}},
}

// fmUnit returns the unit of doc with every message of tag translated by
// translate. Message IDs come from the source text, so that a body's
// messages have the same IDs with front matter and without.
func fmUnit(doc, tag string, translate func(string) string) *state.Unit {
	segs := segment.Markdown([]byte(doc), segment.Options{FrontMatterKeys: segment.DefaultFrontMatterKeys})
	src := &catalog.File{Path: "locales/doc/en.toml"}
	tr := &catalog.File{Path: "locales/doc/" + tag + ".toml"}
	for _, s := range segs.Segments {
		text := strings.ReplaceAll(s.Text, "\r", "")
		id := "m" + catalog.Hash(text)[:10]
		h := catalog.Hash(s.Text)
		src.Add(&catalog.Message{ID: id, Hash: h, Forms: catalog.OtherForm(s.Text)})
		tr.Add(&catalog.Message{ID: id, Hash: h, Forms: catalog.OtherForm(translate(s.Text))})
	}
	return &state.Unit{Name: "doc", Segments: segs, Source: src, Locales: map[string]*state.Catalog{tag: {Tag: tag, File: tr}}}
}

// readerEditions renders ed's HTML <main>, EPUB text document's section
// and plain text, shared from one parse or each apart.
func readerEditions(t *testing.T, ed *Edition, share bool) (html, xhtml, txt string) {
	t.Helper()
	if share {
		ed.ShareRenders(Renderings{HTML: true, EPUB: true, Text: true, Wrap: 72})
	}
	pg := fuzzPage(ed.Tag)
	html = between(t, string(ed.HTML(pg)), "<main>\n", "</main>")
	book := ed.EPUB(pg, time.Time{})
	txt = strings.ReplaceAll(string(ed.Text(72)), "\r", "")
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == "OEBPS/text.xhtml" {
			rc, _ := f.Open()
			data, _ := io.ReadAll(rc)
			rc.Close()
			xhtml = between(t, string(data), "<section epub:type=\"bodymatter\">\n", "</section>")
		}
	}
	if xhtml == "" {
		t.Fatal("EPUB: no text.xhtml")
	}
	return strings.ReplaceAll(html, "\r", ""), strings.ReplaceAll(xhtml, "\r", ""), txt
}

func between(t *testing.T, s, from, to string) string {
	t.Helper()
	_, after, ok := strings.Cut(s, from)
	inner, _, ok2 := strings.Cut(after, to)
	if !ok || !ok2 {
		t.Fatalf("no %q…%q in\n%s", from, to, s)
	}
	return inner
}

// The HTML, EPUB and plain-text editions of a document with front matter
// show only its body: none of the front matter's lines (no thematic
// break, no setext heading made of them), and the body as the same
// document without front matter renders it, in the source language and
// translated (a translated front-matter value changes the body's offset
// in the assembled Markdown), from one shared parse and from separate ones.
func TestReaderEditionsLeaveFrontMatterOut(t *testing.T) {
	translations := map[string]func(string) string{
		"en": func(s string) string { return s },
		"fr": func(s string) string { return strings.ToUpper(s) + " (traduction plus longue)" },
	}
	for _, c := range fmDocs {
		for tag, translate := range translations {
			for _, share := range []bool{false, true} {
				want := Assemble(fmUnit(fmBody, tag, translate), tag, "en", false)
				ed := Assemble(fmUnit(c.doc, tag, translate), tag, "en", false)
				wantHTML, wantXHTML, wantTxt := readerEditions(t, want, share)
				html, xhtml, txt := readerEditions(t, ed, share)
				name := c.name + "/" + tag
				if share {
					name += "/shared"
				}
				for format, got := range map[string]string{"HTML": html, "EPUB": xhtml, "txt": txt} {
					for _, l := range c.lines {
						for _, v := range []string{l, translate(l), strings.ToUpper(l)} {
							if strings.Contains(got, v) {
								t.Errorf("%s: %s edition shows front matter %q:\n%s", name, format, v, got)
							}
						}
					}
					if strings.Contains(got, "<hr") || strings.Contains(got, "* * *") {
						t.Errorf("%s: %s edition shows the front matter's delimiter:\n%s", name, format, got)
					}
				}
				if html != wantHTML {
					t.Errorf("%s: HTML body\n%s\nwant, as without front matter,\n%s", name, html, wantHTML)
				}
				if xhtml != wantXHTML {
					t.Errorf("%s: EPUB body\n%s\nwant, as without front matter,\n%s", name, xhtml, wantXHTML)
				}
				if txt != wantTxt {
					t.Errorf("%s: text\n%s\nwant, as without front matter,\n%s", name, txt, wantTxt)
				}
				if !strings.Contains(txt, translate("Last paragraph.")) || !strings.Contains(html, translate("Guide")+"</h1>") {
					t.Errorf("%s: body missing:\n%s\n%s", name, txt, html)
				}
			}
		}
	}
}

// The Markdown edition keeps the front matter, translated.
func TestMarkdownEditionKeepsFrontMatter(t *testing.T) {
	for _, c := range fmDocs {
		ed := Assemble(fmUnit(c.doc, "fr", strings.ToUpper), "fr", "en", false)
		md := string(ed.Markdown)
		md = strings.TrimPrefix(md, "\ufeff")
		if !strings.HasPrefix(md, strings.TrimPrefix(c.doc, "\ufeff")[:3]) || !strings.Contains(md, "A SHORT GUIDE") || !strings.Contains(md, "HOW TO USE THE TOOL.") || !strings.Contains(md, "LAST PARAGRAPH.") {
			t.Errorf("%s: Markdown edition\n%s", c.name, md)
		}
	}
}

// A document whose body has no level-1 heading takes its title from the
// front matter's title, translated; without front matter it is still
// the unit's name.
func TestFrontMatterTitle(t *testing.T) {
	for _, c := range []struct{ doc, want string }{
		{"---\ntitle: A Short Guide\n---\n\nOnly a paragraph.\n", "UN PETIT GUIDE"},
		{"+++\ntitle = \"A Short Guide\"\n+++\n\n## Section\n\nOnly a paragraph.\n", "UN PETIT GUIDE"},
		{"---\ntitle: A Short Guide\n---\n\n# Heading\n\nOnly a paragraph.\n", "HEADING"},
		{"Only a paragraph.\n", "doc"},
	} {
		translate := func(s string) string {
			if s == "A Short Guide" {
				return "UN PETIT GUIDE"
			}
			return strings.ToUpper(s)
		}
		ed := Assemble(fmUnit(c.doc, "fr", translate), "fr", "en", false)
		page := string(ed.HTML(fuzzPage("fr")))
		if !strings.Contains(page, "<title>"+c.want+"</title>") {
			t.Errorf("%q: HTML title is not %q:\n%s", c.doc, c.want, page)
		}
		if r := ed.render(true); r.Title != c.want {
			t.Errorf("%q: EPUB title %q, want %q", c.doc, r.Title, c.want)
		}
	}
}
