package build

import (
	"bytes"
	"fmt"
	"html"
	"strings"

	"github.com/rivo/uniseg"
	"github.com/sergi/go-diff/diffmatchpatch"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/text"

	"folio/internal/catalog"
	"folio/internal/locale"
)

// Review renders the bilingual review edition: one standalone HTML file
// with the source and the translation side by side, segment by segment,
// each with its message ID and state, and for a stale translation the word
// diff from the source it was made from to the current source. Columns
// stack on narrow screens. Every segment is shown whatever the fallback
// policy, since this is what a reviewer reads.
func (ed *Edition) Review(pg Page) []byte {
	c := pg.Chrome
	e := html.EscapeString
	md := getMarkdown(false)
	defer putMarkdown(md, false)
	r := ed.render(false)
	title := c.T(ed.Tag, "review.title", nil, nil) + " · " + r.Title
	srcName := locale.NameIn(ed.Source, ed.Tag)
	lang := c.T(ed.Tag, "language.name", nil, nil)
	srcDir, dir := locale.Dir(ed.Source), locale.Dir(ed.Tag)

	var b strings.Builder
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"%s\" dir=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n", e(ed.Tag), dir)
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	fmt.Fprintf(&b, "<title>%s</title>\n<style>\n%s</style>\n</head>\n<body>\n", e(title), reviewStyle(ed.Source, ed.Tag))
	fmt.Fprintf(&b, "<header class=\"folio-edition\">\n<h1>%s</h1>\n<p class=\"folio-label\">%s</p>\n", e(r.Title), e(c.T(ed.Tag, "review.title", nil, nil)))
	counts := map[catalog.State]int{}
	for _, p := range ed.Pieces {
		counts[p.State]++
	}
	b.WriteString("<p class=\"folio-counts\">")
	for i, s := range []catalog.State{catalog.Current, catalog.Stale, catalog.Untranslated} {
		if i > 0 {
			b.WriteString(" · ")
		}
		fmt.Fprintf(&b, "<span class=\"folio-state folio-state-%s\">%s</span> %d", s, e(c.T(ed.Tag, "state."+s.String(), nil, nil)), counts[s])
	}
	b.WriteString("</p>\n")
	writeTOC(&b, r.TOC, c.T(ed.Tag, "toc.label", nil, nil), "")
	b.WriteString("</header>\n<main>\n")
	fmt.Fprintf(&b, "<div class=\"folio-seg folio-columns\" aria-hidden=\"true\"><div>%s · %s</div><div>%s · %s</div></div>\n",
		e(c.T(ed.Tag, "review.source", nil, nil)), e(srcName), e(c.T(ed.Tag, "review.translation", nil, nil)), e(lang))
	for _, p := range ed.Pieces {
		class := "folio-seg folio-seg-" + p.State.String()
		if p.Level > 0 {
			class += " folio-seg-heading"
		}
		fmt.Fprintf(&b, "<section class=\"%s\"", class)
		if a := Anchor(p.ID); a != "" {
			fmt.Fprintf(&b, " id=\"%s\"", e(a))
		}
		b.WriteString(">\n<p class=\"folio-seg-meta\">")
		fmt.Fprintf(&b, "<code dir=\"ltr\">%s</code> <span class=\"folio-state folio-state-%s\">%s</span>", e(p.ID), p.State, e(c.T(ed.Tag, "state."+p.State.String(), nil, nil)))
		b.WriteString("</p>\n")
		fmt.Fprintf(&b, "<div class=\"folio-seg-src\" lang=\"%s\" dir=\"%s\">%s</div>\n", e(ed.Source), srcDir, inlineHTML(md, p.Source))
		if p.Translation != "" {
			fmt.Fprintf(&b, "<div class=\"folio-seg-tr\" lang=\"%s\" dir=\"%s\">%s</div>\n", e(ed.Tag), dir, inlineHTML(md, p.Translation))
		} else {
			fmt.Fprintf(&b, "<div class=\"folio-seg-tr folio-missing\"><p>%s</p></div>\n", e(c.T(ed.Tag, "fallback.marker", nil, nil)))
		}
		if old, ok := ed.OldSource(p); ok && old != "" {
			fmt.Fprintf(&b, "<div class=\"folio-seg-diff\" lang=\"%s\" dir=\"%s\"><p>%s</p></div>\n", e(ed.Source), srcDir, wordDiffHTML(old, p.Source))
		}
		b.WriteString("</section>\n")
	}
	b.WriteString("</main>\n</body>\n</html>\n")
	return []byte(b.String())
}

// inlineHTML renders one segment's Markdown text in goldmark's safe mode.
func inlineHTML(md goldmark.Markdown, s string) string {
	src := []byte(s)
	var buf bytes.Buffer
	if err := md.Renderer().Render(&buf, src, md.Parser().Parse(text.NewReader(src))); err != nil {
		return "<p>" + html.EscapeString(s) + "</p>"
	}
	return strings.TrimSpace(buf.String())
}

// wordDiffHTML shows the change from old to new word by word (UAX #29
// words, so each CJK ideograph counts as one), removed words in <del> and
// added ones in <ins>, all text escaped.
func wordDiffHTML(old, new string) string {
	index := map[string]rune{}
	var tokens []string
	encode := func(s string) []rune {
		var rs []rune
		state := -1
		for s != "" {
			var w string
			w, s, state = uniseg.FirstWordInString(s, state)
			if strings.TrimSpace(w) == "" {
				w = " "
			}
			r, ok := index[w]
			if !ok {
				r = rune(len(tokens))
				index[w] = r
				tokens = append(tokens, w)
			}
			rs = append(rs, r)
		}
		return rs
	}
	a, b := encode(old), encode(new)
	dmp := diffmatchpatch.New()
	var out strings.Builder
	prev := diffmatchpatch.DiffEqual
	for _, d := range dmp.DiffMainRunes(a, b, false) {
		var t strings.Builder
		for _, r := range d.Text {
			t.WriteString(tokens[r])
		}
		text := html.EscapeString(t.String())
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			text = "<del>" + text + "</del>"
		case diffmatchpatch.DiffInsert:
			if prev == diffmatchpatch.DiffDelete {
				out.WriteByte(' ')
			}
			text = "<ins>" + text + "</ins>"
		}
		out.WriteString(text)
		prev = d.Type
	}
	return out.String()
}

// reviewStyle is the review edition's CSS: two columns, stacked under
// 44em; font stacks by language for both columns.
func reviewStyle(source, tag string) string {
	return fmt.Sprintf(`:root{color-scheme:light dark}
body{%s;max-width:80em;margin:0 auto;padding:1em 1.25em;overflow-wrap:break-word}
%s%sh1{line-height:1.3;font-size:1.6em}
img{max-width:100%%;height:auto}
pre{overflow-x:auto}
.folio-edition{border-bottom:1px solid #8886;margin-bottom:1em}
.folio-toc ol{padding-inline-start:1.5em}
.folio-toc-3{margin-inline-start:1em}
.folio-seg{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);column-gap:2em;border-top:1px solid #8884;padding:.5em 0}
.folio-seg>div>:first-child{margin-top:0}
.folio-seg>div>:last-child{margin-bottom:0}
.folio-seg-meta{grid-column:1/-1;margin:0 0 .4em;font-size:.8em;display:flex;flex-wrap:wrap;gap:.25em .75em;align-items:baseline}
.folio-seg-meta code{overflow-wrap:anywhere}
.folio-columns{font-weight:bold;font-size:.9em;border-top:none}
.folio-seg-heading .folio-seg-src,.folio-seg-heading .folio-seg-tr{font-weight:bold;font-size:1.15em;line-height:1.4}
.folio-seg-diff{grid-column:1/-1;font-size:.85em;margin-top:.5em;padding:.3em .6em;background:#8881;border-inline-start:3px solid #c80}
.folio-seg-diff p{margin:0}
del{color:#b22;text-decoration:line-through}
ins{color:#170;text-decoration:underline}
.folio-state{display:inline-block;padding:0 .5em;border-radius:.6em;border:1px solid currentColor}
.folio-state-current{color:#170}
.folio-state-stale{color:#a60}
.folio-state-untranslated{color:#b22}
.folio-seg-stale .folio-seg-tr,.folio-seg-untranslated .folio-seg-tr{border-inline-start:3px solid #c80;padding-inline-start:.6em}
.folio-missing{font-style:italic;opacity:.7}
@media (prefers-color-scheme:dark){.folio-state-current{color:#6c6}.folio-state-stale{color:#fb4}.folio-state-untranslated,del{color:#f77}ins{color:#7d7}}
@media (max-width:44em){
.folio-seg{grid-template-columns:minmax(0,1fr)}
.folio-columns{display:none}
.folio-columns+.folio-seg{border-top:none}
.folio-seg-src{font-size:.9em;opacity:.85;margin-bottom:.5em;padding-bottom:.5em;border-bottom:1px dashed #8886}
}
%s`, fontRule(tag), langRule(source), langRule(tag), scriptStyle(tag, ".folio-seg-tr"))
}

// fontFor returns the font stack and line height for a locale's script.
func fontFor(tag string) (fonts, lineHeight string) {
	switch locale.Script(tag) {
	case "Hans":
		return `"Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", serif`, "1.8"
	case "Hant":
		return `"Noto Serif CJK TC", "Noto Sans CJK TC", "Source Han Serif TC", "Songti TC", "PMingLiU", serif`, "1.8"
	case "Jpan":
		return `"Noto Serif CJK JP", "Noto Sans CJK JP", "Source Han Serif JP", "Hiragino Mincho ProN", "Yu Mincho", serif`, "1.8"
	case "Kore":
		return `"Noto Serif CJK KR", "Noto Sans CJK KR", "Source Han Serif KR", "AppleMyungjo", "Batang", serif`, "1.8"
	case "Arab":
		return `"Noto Naskh Arabic", "Noto Sans Arabic", "Amiri", "Traditional Arabic", serif`, "1.9"
	}
	return `"Noto Serif", "DejaVu Serif", Georgia, "Times New Roman", serif`, "1.6"
}

func fontRule(tag string) string {
	f, lh := fontFor(tag)
	return "font-family:" + f + ";line-height:" + lh
}

// langRule gives the elements in a language its script's fonts.
func langRule(tag string) string {
	return fmt.Sprintf("[lang=%q]{%s}\n", tag, fontRule(tag))
}
