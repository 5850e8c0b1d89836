package build

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"folio/internal/catalog"
	"folio/internal/chrome"
	"folio/internal/segment"
	"folio/internal/state"
)

// fuzzDoc has one of each kind of segment and of inline markup, so the
// source edition shows every element and attribute a translation may
// legitimately bring.
const fuzzDoc = `---
title: "A title: with colon"
---

# Heading *em*

A paragraph with **strong**, *em*, ~~del~~, ` + "`code`" + `, a [link](https://example.org "t"), an autolink <https://example.org> and ![an image](img.png).
Hard break:  
next line.

## List

- item one
- item two

1. first
2. second

> A quote.

| Term | Meaning |
|------|---------|
| a | b |
`

// fuzzUnit returns the unit of fuzzDoc with every message of tag
// translated by texts, in turn.
func fuzzUnit(tag string, texts []string) *state.Unit { return unitOf(fuzzDoc, tag, texts) }

// unitOf returns the unit of the Markdown document doc with every message
// of tag translated by texts, in turn (nil: as the source).
func unitOf(doc, tag string, texts []string) *state.Unit {
	segs := segment.Markdown([]byte(doc), segment.Options{FrontMatterKeys: segment.DefaultFrontMatterKeys})
	src := &catalog.File{Path: "locales/doc/en.toml"}
	tr := &catalog.File{Path: "locales/doc/" + tag + ".toml"}
	for i, s := range segs.Segments {
		id := "m" + string(rune('a'+i%26)) + strings.Repeat("x", i/26)
		src.Add(&catalog.Message{ID: id, Hash: catalog.Hash(s.Text), Forms: catalog.OtherForm(s.Text)})
		text := s.Text
		if texts != nil {
			text = texts[i%len(texts)]
		}
		tr.Add(&catalog.Message{ID: id, Forms: catalog.OtherForm(text)})
	}
	return &state.Unit{Name: "doc", Segments: segs, Source: src, Locales: map[string]*state.Catalog{tag: {Tag: tag, File: tr}}}
}

func fuzzPage(tag string) Page {
	return Page{
		Chrome: chrome.Load("/nonexistent/folio-fuzz", "en", []string{tag}),
		Date:   "2024-01-02",
		Links:  []Link{{Tag: "en", Name: "English", Href: "../en/doc.html"}},
	}
}

// htmlShape tokenizes an HTML page and returns its element and
// attribute names (as "a", "a@href"), failing on unbalanced elements and
// on dangerous link schemes.
func htmlShape(t *testing.T, page []byte) map[string]bool {
	t.Helper()
	void := map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}
	shape := map[string]bool{}
	var stack []string
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				t.Fatalf("HTML: %v", z.Err())
			}
			if len(stack) > 0 {
				t.Fatalf("HTML: unclosed elements %v\n%s", stack, page)
			}
			return shape
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			shape[tok.Data] = true
			for _, a := range tok.Attr {
				shape[tok.Data+"@"+a.Key] = true
				checkURL(t, tok.Data, a.Key, a.Val)
			}
			if tt == html.StartTagToken && !void[tok.Data] {
				stack = append(stack, tok.Data)
			}
		case html.EndTagToken:
			tok := z.Token()
			if len(stack) == 0 || stack[len(stack)-1] != tok.Data {
				t.Fatalf("HTML: </%s> closes %v\n%s", tok.Data, stack, page)
			}
			stack = stack[:len(stack)-1]
		}
	}
}

func checkURL(t *testing.T, el, attr, val string) {
	t.Helper()
	if attr != "href" && attr != "src" && attr != "xlink:href" {
		return
	}
	v := strings.ToLower(strings.Map(func(r rune) rune {
		if r <= ' ' {
			return -1
		}
		return r
	}, val))
	for _, scheme := range []string{"javascript:", "vbscript:", "data:"} {
		if strings.HasPrefix(v, scheme) {
			t.Fatalf("<%s %s=%q>: a %s link", el, attr, val, scheme)
		}
	}
}

// epubShape reads every XML file of an EPUB with encoding/xml (strict),
// failing on any that is not well-formed, and returns the element and
// attribute names of its XHTML files.
func epubShape(t *testing.T, book []byte) map[string]bool {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatalf("EPUB: %v", err)
	}
	shape := map[string]bool{}
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".xhtml") && !strings.HasSuffix(f.Name, ".opf") && !strings.HasSuffix(f.Name, ".xml") && !strings.HasSuffix(f.Name, ".ncx") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		d := xml.NewDecoder(bytes.NewReader(data))
		d.Strict = true
		d.Entity = xml.HTMLEntity
		for {
			tok, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("EPUB %s is not well-formed XML: %v\n%s", f.Name, err, data)
			}
			if se, ok := tok.(xml.StartElement); ok && strings.HasSuffix(f.Name, ".xhtml") {
				shape[se.Name.Local] = true
				for _, a := range se.Attr {
					shape[se.Name.Local+"@"+a.Name.Local] = true
					checkURL(t, se.Name.Local, a.Name.Local, a.Value)
				}
			}
		}
	}
	return shape
}

// extra lists what shape has and base lacks.
func extra(shape, base map[string]bool) []string {
	var out []string
	for k := range shape {
		if !base[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// FuzzRender: HTML and EPUB editions of any translations are well-formed
// (balanced HTML; XHTML, OPF and navigation that encoding/xml reads
// strictly), carry no javascript:, vbscript: or data: link, and have no
// element or attribute that the source edition lacks.
func FuzzRender(f *testing.F) {
	for _, s := range [][2]string{
		{"Titre", "Un paragraphe"},
		{"<script>alert(1)</script>", "<img src=x onerror=alert(1)>"},
		{"[x](javascript:alert(1))", "![y](data:image/svg+xml,<svg onload=alert(1)>)"},
		{"<https://example.org>\n# not a heading", "a  \nb\n- c\n> d"},
		{"]]> <![CDATA[ &bogus; &#0; &#xD800;", "\x01\x0b\x1f\u0085\u2028\uFFFE"},
		{"<svg><foreignObject>", "<style>*{}</style><iframe src=//x>"},
		{"[a]: javascript:x\n\n[a]", "<a href=\"x\" onclick=\"y\">z</a>"},
		{"```\ncode\n```", "| a | b |\n|---|---|"},
		{"{{.Name}} % ⟦⟧ \u202e", "&lt;b&gt; &amp;"},
		{"", ""},
	} {
		f.Add(s[0], s[1])
	}
	tags := []string{"fr", "ar"}
	base := map[string]map[string]bool{}
	// The source edition's shape: every segment translated (as its own
	// text), and every segment untranslated (shown in the source language).
	for _, tag := range tags {
		shape := map[string]bool{}
		for _, texts := range [][]string{nil, {""}} {
			ed := Assemble(fuzzUnit(tag, texts), tag, "en", false)
			for k := range htmlShape(&testing.T{}, ed.HTML(fuzzPage(tag))) {
				shape[k] = true
			}
			for k := range epubShape(&testing.T{}, ed.EPUB(fuzzPage(tag), time.Time{})) {
				shape[k] = true
			}
		}
		base[tag] = shape
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		for _, tag := range tags {
			ed := Assemble(fuzzUnit(tag, []string{a, b}), tag, "en", false)
			pg := fuzzPage(tag)
			page := ed.HTML(pg)
			if x := extra(htmlShape(t, page), base[tag]); len(x) > 0 {
				t.Fatalf("%s HTML has %v, which the source edition lacks\n%s", tag, x, page)
			}
			if x := extra(epubShape(t, ed.EPUB(pg, time.Time{})), base[tag]); len(x) > 0 {
				t.Fatalf("%s EPUB has %v, which the source edition lacks", tag, x)
			}
			ed.Text(72)
		}
	})
}
