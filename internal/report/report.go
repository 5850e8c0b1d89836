// Package report renders translation coverage for people: a standalone HTML
// status report, with an inline SVG bar chart of every locale overall and
// of every document and component, and a table of the numbers behind each
// chart; and flat SVG badges, one per locale, to embed in a README.
//
// The output needs no JavaScript, no web font and no network, and depends
// only on its inputs (no clock), so that `folio build` makes the same bytes
// every time.
//
// The package imports coverage, locale, parallel and the standard library.
package report

import (
	"fmt"
	"html"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"folio/internal/coverage"
	"folio/internal/locale"
	"folio/internal/parallel"
)

// Options describe the project the report is about.
type Options struct {
	// Title heads the page; "Translation status" when empty.
	Title string
	// SourceLanguage is the tag of the language translated from.
	SourceLanguage string
	// Date is the project's date (YYYY-MM-DD) or "": the report never
	// prints the clock's.
	Date string
}

// Colours of the three states, the same in charts, legend and badges'
// spirit: green done, amber to review, grey to do.
const (
	colorCurrent      = "#1a7f37"
	colorStale        = "#d29922"
	colorUntranslated = "#d0d7de"
)

// HTML returns the status report as a standalone HTML5 page (also
// well-formed XML, so that xmllint can check it).
//
// The documents' sections are written on every core, each into its own
// buffer, with the strings of each locale made once and the numbers
// appended without fmt: L10's report (2,000 documents in 10 locales,
// 24 MB) took 0.16 to 0.23 s on one core, a fifth of a build after one
// catalog changed.
func HTML(cov []coverage.Locale, opt Options) []byte {
	title := opt.Title
	if title == "" {
		title = "Translation status"
	}
	units := unitNames(cov)
	b := make([]byte, 0, 16<<10)
	b = append(b, "<!DOCTYPE html>\n"...)
	b = append(b, `<html xmlns="http://www.w3.org/1999/xhtml" lang="en" dir="ltr">`+"\n<head>\n"...)
	b = append(b, `<meta charset="utf-8"/>`+"\n"...)
	b = append(b, `<meta name="viewport" content="width=device-width, initial-scale=1"/>`+"\n"...)
	b = fmt.Appendf(b, "<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n", esc(title), css)
	b = fmt.Appendf(b, "<header>\n<h1>%s</h1>\n<p class=\"meta\">", esc(title))
	var meta []string
	if opt.SourceLanguage != "" {
		meta = append(meta, fmt.Sprintf("Translated from %s", nameHTML(opt.SourceLanguage)))
	}
	meta = append(meta, plural(len(cov), "locale", "locales"), plural(len(units), "document or component", "documents and components"))
	if opt.Date != "" {
		meta = append(meta, fmt.Sprintf(`project date <time datetime="%s">%s</time>`, esc(opt.Date), esc(opt.Date)))
	}
	b = append(b, strings.Join(meta, " · ")...)
	b = append(b, "</p>\n"...)
	b = append(b, legend...)
	b = append(b, "</header>\n<main>\n"...)

	if len(cov) == 0 {
		b = append(b, "<p>The project has no locales to translate into.</p>\n"...)
	} else {
		b = append(b, "<section aria-labelledby=\"all\">\n<h2 id=\"all\">All documents</h2>\n"...)
		names := make(map[string]*tagText, len(cov))
		var rows []row
		for _, l := range cov {
			if names[l.Tag] == nil {
				names[l.Tag] = newTagText(l.Tag)
			}
			rows = append(rows, row{tag: names[l.Tag], counts: l.Counts})
		}
		b = chart(b, "chart-all", "Messages by state, for each locale, all documents together", rows)
		b = table(b, "Numbers for each locale, all documents together", rows)
		b = append(b, "</section>\n"...)
		// Each unit's rows, in locale order: looking each name up in every
		// locale's list took 0.57 s for 2,000 documents in 10 locales.
		rowsOf := make(map[string][]row, len(units))
		for _, l := range cov {
			for _, u := range l.Units {
				rowsOf[u.Name] = append(rowsOf[u.Name], row{tag: names[l.Tag], counts: u.Counts, note: u.Note()})
			}
		}
		const chunk = 50
		parts := make([][]byte, (len(units)+chunk-1)/chunk)
		parallel.For(runtime.GOMAXPROCS(0), len(parts), func(k int) {
			// About 1.2 kB per unit and locale (a bar and a table row)
			// and 1.5 kB per unit: growing the buffers as they filled
			// allocated twice the report.
			p := make([]byte, 0, chunk*(1536+1280*len(cov)))
			for i := k * chunk; i < min(len(units), (k+1)*chunk); i++ {
				p = section(p, i, units[i], rowsOf[units[i]])
			}
			parts[k] = p
		})
		n := len(b) + 4<<10
		for _, p := range parts {
			n += len(p)
		}
		b = slices.Grow(b, n-len(b))
		for _, p := range parts {
			b = append(b, p...)
		}
	}
	b = append(b, "</main>\n<footer>\n<p>Made by <code>folio build</code> from the committed catalogs. "...)
	b = append(b, "A message is <em>current</em> when its translation was made from the source text as it is now, "...)
	b = append(b, "<em>stale</em> when the source text changed since, <em>untranslated</em> when it has no translation; "...)
	b = append(b, "<em>obsolete</em> translations belong to removed source text. "...)
	b = append(b, "The percentage counts current messages. Words are Unicode (UAX #29) word segments that hold a letter or digit, "...)
	b = append(b, "each Han, Hiragana or Katakana character counting as one word; characters are code points other than spaces.</p>\n"...)
	b = append(b, "</footer>\n</body>\n</html>\n"...)
	return b
}

// section is the part of the report about the i-th unit, name.
func section(b []byte, i int, name string, rows []row) []byte {
	id := "doc-" + strconv.Itoa(i+1)
	b = append(b, `<section aria-labelledby="`...)
	b = append(b, id...)
	b = append(b, "\">\n<h2 id=\""...)
	b = append(b, id...)
	b = append(b, `"><code>`...)
	b = append(b, esc(name)...)
	b = append(b, "</code></h2>\n"...)
	b = chart(b, "chart-"+id, "Messages of "+name+" by state, for each locale", rows)
	b = table(b, "Numbers for each locale, "+name, rows)
	return append(b, "</section>\n"...)
}

// row is one bar of a chart and one line of its table.
type row struct {
	tag    *tagText
	counts coverage.Counts
	note   string // why the counts may surprise ("" when all is well)
}

// tagText holds what the report prints of a locale, made once for every
// row of it.
type tagText struct {
	tag     string
	esc     string // the tag, escaped
	self    string // its own name (locale.SelfName)
	escSelf string
	who     string // "own name (tag)", escaped
	html    string // nameHTML
}

func newTagText(tag string) *tagText {
	self := locale.SelfName(tag)
	return &tagText{tag: tag, esc: esc(tag), self: self, escSelf: esc(self), who: esc(self + " (" + tag + ")"), html: nameHTML(tag)}
}

func unitNames(cov []coverage.Locale) []string {
	var names []string
	seen := map[string]bool{}
	for _, l := range cov {
		for _, u := range l.Units {
			if !seen[u.Name] {
				seen[u.Name] = true
				names = append(names, u.Name)
			}
		}
	}
	return names
}

// Chart geometry, in SVG user units (CSS pixels at full size).
const (
	chartWidth = 900
	labelRight = 212 // labels end here
	barLeft    = 224
	barWidth   = 440
	rowHeight  = 32
	barHeight  = 20
)

// chart draws one horizontal stacked bar per row: current, stale and
// untranslated messages, with the percentage after it. Each segment has a
// title (a tooltip); the desc says in words what the chart shows.
func chart(b []byte, id, title string, rows []row) []byte {
	height := len(rows)*rowHeight + 8
	var desc []byte
	for i, r := range rows {
		m := r.counts.Messages
		if i > 0 {
			desc = append(desc, ". "...)
		}
		desc = append(desc, r.tag.self...)
		desc = append(desc, " ("...)
		desc = append(desc, r.tag.tag...)
		desc = append(desc, "): "...)
		desc = appendPercent(desc, r.counts.Percent(), 1)
		desc = append(desc, " % current; "...)
		desc = strconv.AppendInt(desc, int64(m.Translated), 10)
		desc = append(desc, " current, "...)
		desc = strconv.AppendInt(desc, int64(m.Stale), 10)
		desc = append(desc, " stale, "...)
		desc = strconv.AppendInt(desc, int64(m.Untranslated), 10)
		desc = append(desc, " untranslated of "...)
		desc = strconv.AppendInt(desc, int64(m.Total), 10)
		desc = append(desc, " messages"...)
	}
	b = fmt.Appendf(b, `<figure>
<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%s-t %s-d">
<title id="%s-t">%s</title>
<desc id="%s-d">%s.</desc>
`, chartWidth, height, chartWidth, height, id, id, id, esc(title), id, esc(string(desc)))
	for i, r := range rows {
		y := 4 + i*rowHeight
		mid := y + rowHeight/2
		m := r.counts.Messages
		b = append(b, "<g class=\"row\">\n"...)
		b = append(b, `<text x="`...)
		b = strconv.AppendInt(b, labelRight, 10)
		b = append(b, `" y="`...)
		b = strconv.AppendInt(b, int64(mid), 10)
		b = append(b, `" text-anchor="end" dominant-baseline="central"><tspan lang="`...)
		b = append(b, r.tag.esc...)
		b = append(b, `" class="name">`...)
		b = append(b, r.tag.escSelf...)
		b = append(b, `</tspan> <tspan class="tag">`...)
		b = append(b, r.tag.esc...)
		b = append(b, "</tspan></text>\n"...)
		top := mid - barHeight/2
		b = append(b, `<rect class="track" x="`...)
		b = strconv.AppendInt(b, barLeft, 10)
		b = append(b, `" y="`...)
		b = strconv.AppendInt(b, int64(top), 10)
		b = append(b, `" width="`...)
		b = strconv.AppendInt(b, barWidth, 10)
		b = append(b, `" height="`...)
		b = strconv.AppendInt(b, barHeight, 10)
		b = append(b, "\"/>\n"...)
		x := 0.0
		for _, s := range [...]struct {
			n           int
			class, fill string
		}{
			{m.Translated, "current", colorCurrent},
			{m.Stale, "stale", colorStale},
			{m.Untranslated, "untranslated", colorUntranslated},
		} {
			if s.n == 0 || m.Total == 0 {
				continue
			}
			w := float64(barWidth) * float64(s.n) / float64(m.Total)
			b = append(b, `<rect class="`...)
			b = append(b, s.class...)
			b = append(b, `" x="`...)
			b = appendNum(b, barLeft+x)
			b = append(b, `" y="`...)
			b = strconv.AppendInt(b, int64(top), 10)
			b = append(b, `" width="`...)
			b = appendNum(b, w)
			b = append(b, `" height="`...)
			b = strconv.AppendInt(b, barHeight, 10)
			b = append(b, `" fill="`...)
			b = append(b, s.fill...)
			b = append(b, `"><title>`...)
			b = append(b, r.tag.who...)
			b = append(b, ": "...)
			b = strconv.AppendInt(b, int64(s.n), 10)
			b = append(b, ' ')
			b = append(b, s.class...)
			b = append(b, " of "...)
			b = strconv.AppendInt(b, int64(m.Total), 10)
			b = append(b, " messages</title></rect>\n"...)
			x += w
		}
		b = append(b, `<text class="pct" x="`...)
		b = strconv.AppendInt(b, barLeft+barWidth+10, 10)
		b = append(b, `" y="`...)
		b = strconv.AppendInt(b, int64(mid), 10)
		b = append(b, `" dominant-baseline="central">`...)
		switch {
		case r.note != "":
			b = appendPercent(b, r.counts.Percent(), 1)
			b = append(b, "\u00a0% ("...)
			b = append(b, esc(r.note)...)
			b = append(b, ')')
		case m.Total == 0:
			b = append(b, "no messages"...)
		default:
			b = appendPercent(b, r.counts.Percent(), 1)
			b = append(b, "\u00a0%"...)
		}
		b = append(b, "</text>\n</g>\n"...)
	}
	return append(b, "</svg>\n</figure>\n"...)
}

// table writes the numbers behind a chart.
func table(b []byte, caption string, rows []row) []byte {
	b = fmt.Appendf(b, `<div class="scroll">
<table>
<caption>%s</caption>
<colgroup span="2"></colgroup><colgroup span="5"></colgroup><colgroup span="4"></colgroup><colgroup span="2"></colgroup>
<thead>
<tr><td colspan="2"></td><th scope="colgroup" colspan="5">Messages</th><th scope="colgroup" colspan="4">Source words</th><th scope="colgroup" colspan="2">Source characters</th></tr>
<tr><th scope="col">Locale</th><th scope="col">Percent</th>
<th scope="col">current</th><th scope="col">stale</th><th scope="col">untranslated</th><th scope="col">total</th><th scope="col">obsolete</th>
<th scope="col">current</th><th scope="col">stale</th><th scope="col">untranslated</th><th scope="col">total</th>
<th scope="col">current</th><th scope="col">total</th></tr>
</thead>
<tbody>
`, esc(caption))
	for _, r := range rows {
		c := r.counts
		b = append(b, `<tr><th scope="row">`...)
		b = append(b, r.tag.html...)
		b = append(b, ` <span class="tag">`...)
		b = append(b, r.tag.esc...)
		b = append(b, `</span>`...)
		if r.note != "" {
			b = append(b, ` <span class="warn">(`...)
			b = append(b, esc(r.note)...)
			b = append(b, `)</span>`...)
		}
		b = append(b, `</th><td>`...)
		b = appendPercent(b, c.Percent(), 1)
		b = append(b, `&#160;%</td>`...)
		for _, n := range [...]int{c.Messages.Translated, c.Messages.Stale, c.Messages.Untranslated, c.Messages.Total, c.Messages.Obsolete,
			c.Words.Translated, c.Words.Stale, c.Words.Untranslated, c.Words.Total, c.Chars.Translated, c.Chars.Total} {
			b = append(b, "<td>"...)
			b = strconv.AppendInt(b, int64(n), 10)
			b = append(b, "</td>"...)
		}
		b = append(b, "</tr>\n"...)
	}
	return append(b, "</tbody>\n</table>\n</div>\n"...)
}

// nameHTML is a language's own name, marked with its language and
// direction so that browsers pick the right font and order.
func nameHTML(tag string) string {
	return fmt.Sprintf(`<span lang="%s" dir="%s">%s</span>`, esc(tag), locale.Dir(tag), esc(locale.SelfName(tag)))
}

func esc(s string) string { return html.EscapeString(s) }

// appendNum appends an SVG coordinate with at most two decimals.
func appendNum(b []byte, f float64) []byte {
	n := len(b)
	b = strconv.AppendFloat(b, f, 'f', 2, 64)
	for len(b) > n && b[len(b)-1] == '0' {
		b = b[:len(b)-1]
	}
	if len(b) > n && b[len(b)-1] == '.' {
		b = b[:len(b)-1]
	}
	return b
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

var legend = `<ul class="legend" aria-label="Legend">
<li><svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" class="current" fill="` + colorCurrent + `"/></svg> current</li>
<li><svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" class="stale" fill="` + colorStale + `"/></svg> stale (source changed: to review)</li>
<li><svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" class="untranslated" fill="` + colorUntranslated + `"/></svg> untranslated</li>
</ul>
`

const css = `
:root{color-scheme:light dark;--fg:#1f2328;--muted:#59636e;--bg:#fff;--line:#d1d9e0;--head:#f6f8fa;--track:#f6f8fa}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--line:#3d444d;--head:#151b23;--track:#151b23}
.untranslated{fill:#3d444d}}
body{margin:0 auto;max-width:64rem;padding:1.5rem;font:15px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans CJK SC","Noto Sans Arabic",sans-serif;color:var(--fg);background:var(--bg)}
h1{font-size:1.8rem;margin:0 0 .25rem}
h2{font-size:1.25rem;margin:2.5rem 0 .5rem;padding-bottom:.25rem;border-bottom:1px solid var(--line)}
.meta,.tag,footer{color:var(--muted)}
.legend{list-style:none;padding:0;margin:.75rem 0 0;display:flex;flex-wrap:wrap;gap:.5rem 1.5rem}
.legend svg{vertical-align:-1px}
figure{margin:0 0 1rem}
.chart{display:block;max-width:100%;height:auto;font-size:14px;fill:var(--fg)}
.chart .tag{fill:var(--muted);font-size:12px}
.chart .track{fill:var(--track);stroke:var(--line)}
.chart .pct{font-variant-numeric:tabular-nums;font-weight:600}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:13px;font-variant-numeric:tabular-nums}
caption{text-align:start;color:var(--muted);padding:.25rem 0}
th,td{border:1px solid var(--line);padding:.25rem .5rem}
thead th{background:var(--head);font-weight:600}
td{text-align:end}
tbody th{text-align:start;font-weight:normal;white-space:nowrap}
.warn{color:#cf222e}
:lang(ar){font-size:1.1em}
footer{margin-top:3rem;font-size:13px;border-top:1px solid var(--line)}
`
