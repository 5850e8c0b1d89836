// Package report renders translation coverage for people: a standalone HTML
// status report, with an inline SVG bar chart of every locale overall and
// of every document and component, and a table of the numbers behind each
// chart; and flat SVG badges, one per locale, to embed in a README.
//
// The output needs no JavaScript, no web font and no network, and depends
// only on its inputs (no clock), so that `folio build` makes the same bytes
// every time.
//
// The package imports coverage, locale and the standard library.
package report

import (
	"fmt"
	"html"
	"strings"

	"folio/internal/coverage"
	"folio/internal/locale"
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
func HTML(cov []coverage.Locale, opt Options) []byte {
	title := opt.Title
	if title == "" {
		title = "Translation status"
	}
	units := unitNames(cov)
	var b strings.Builder
	// About 1.2 kB per unit and locale (a bar and a table row): growing
	// the builder as it filled copied L10's 23 MB report many times over.
	b.Grow(16<<10 + 1200*len(cov)*(len(units)+1))
	b.WriteString("<!DOCTYPE html>\n")
	b.WriteString(`<html xmlns="http://www.w3.org/1999/xhtml" lang="en" dir="ltr">` + "\n<head>\n")
	b.WriteString(`<meta charset="utf-8"/>` + "\n")
	b.WriteString(`<meta name="viewport" content="width=device-width, initial-scale=1"/>` + "\n")
	fmt.Fprintf(&b, "<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n", esc(title), css)
	fmt.Fprintf(&b, "<header>\n<h1>%s</h1>\n<p class=\"meta\">", esc(title))
	var meta []string
	if opt.SourceLanguage != "" {
		meta = append(meta, fmt.Sprintf("Translated from %s", nameHTML(opt.SourceLanguage)))
	}
	meta = append(meta, plural(len(cov), "locale", "locales"), plural(len(units), "document or component", "documents and components"))
	if opt.Date != "" {
		meta = append(meta, fmt.Sprintf(`project date <time datetime="%s">%s</time>`, esc(opt.Date), esc(opt.Date)))
	}
	b.WriteString(strings.Join(meta, " · "))
	b.WriteString("</p>\n")
	b.WriteString(legend)
	b.WriteString("</header>\n<main>\n")

	if len(cov) == 0 {
		b.WriteString("<p>The project has no locales to translate into.</p>\n")
	} else {
		b.WriteString("<section aria-labelledby=\"all\">\n<h2 id=\"all\">All documents</h2>\n")
		var rows []row
		for _, l := range cov {
			rows = append(rows, row{tag: l.Tag, counts: l.Counts})
		}
		chart(&b, "chart-all", "Messages by state, for each locale, all documents together", rows)
		table(&b, "Numbers for each locale, all documents together", rows)
		b.WriteString("</section>\n")
		// Each unit's rows, in locale order: looking each name up in every
		// locale's list took 0.57 s for 2,000 documents in 10 locales.
		rowsOf := make(map[string][]row, len(units))
		for _, l := range cov {
			for _, u := range l.Units {
				rowsOf[u.Name] = append(rowsOf[u.Name], row{tag: l.Tag, counts: u.Counts, note: u.Note()})
			}
		}
		for i, name := range units {
			id := fmt.Sprintf("doc-%d", i+1)
			fmt.Fprintf(&b, "<section aria-labelledby=\"%s\">\n<h2 id=\"%s\"><code>%s</code></h2>\n", id, id, esc(name))
			rows := rowsOf[name]
			chart(&b, "chart-"+id, fmt.Sprintf("Messages of %s by state, for each locale", name), rows)
			table(&b, fmt.Sprintf("Numbers for each locale, %s", name), rows)
			b.WriteString("</section>\n")
		}
	}
	b.WriteString("</main>\n<footer>\n<p>Made by <code>folio build</code> from the committed catalogs. ")
	b.WriteString("A message is <em>current</em> when its translation was made from the source text as it is now, ")
	b.WriteString("<em>stale</em> when the source text changed since, <em>untranslated</em> when it has no translation; ")
	b.WriteString("<em>obsolete</em> translations belong to removed source text. ")
	b.WriteString("The percentage counts current messages. Words are Unicode (UAX #29) word segments that hold a letter or digit, ")
	b.WriteString("each Han, Hiragana or Katakana character counting as one word; characters are code points other than spaces.</p>\n")
	b.WriteString("</footer>\n</body>\n</html>\n")
	return []byte(b.String())
}

// row is one bar of a chart and one line of its table.
type row struct {
	tag    string
	counts coverage.Counts
	note   string // why the counts may surprise ("" when all is well)
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
func chart(b *strings.Builder, id, title string, rows []row) {
	height := len(rows)*rowHeight + 8
	var desc []string
	for _, r := range rows {
		m := r.counts.Messages
		desc = append(desc, fmt.Sprintf("%s (%s): %s %% current; %d current, %d stale, %d untranslated of %d messages",
			locale.SelfName(r.tag), r.tag, Percent(r.counts.Percent(), 1), m.Translated, m.Stale, m.Untranslated, m.Total))
	}
	fmt.Fprintf(b, `<figure>
<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%s-t %s-d">
<title id="%s-t">%s</title>
<desc id="%s-d">%s.</desc>
`, chartWidth, height, chartWidth, height, id, id, id, esc(title), id, esc(strings.Join(desc, ". ")))
	for i, r := range rows {
		y := 4 + i*rowHeight
		mid := y + rowHeight/2
		m := r.counts.Messages
		who := fmt.Sprintf("%s (%s)", locale.SelfName(r.tag), r.tag)
		fmt.Fprintf(b, `<g class="row">`+"\n")
		fmt.Fprintf(b, `<text x="%d" y="%d" text-anchor="end" dominant-baseline="central"><tspan lang="%s" class="name">%s</tspan> <tspan class="tag">%s</tspan></text>`+"\n",
			labelRight, mid, esc(r.tag), esc(locale.SelfName(r.tag)), esc(r.tag))
		top := mid - barHeight/2
		fmt.Fprintf(b, `<rect class="track" x="%d" y="%d" width="%d" height="%d"/>`+"\n", barLeft, top, barWidth, barHeight)
		x := 0.0
		for _, s := range []struct {
			n           int
			class, fill string
			what        string
		}{
			{m.Translated, "current", colorCurrent, "current"},
			{m.Stale, "stale", colorStale, "stale"},
			{m.Untranslated, "untranslated", colorUntranslated, "untranslated"},
		} {
			if s.n == 0 || m.Total == 0 {
				continue
			}
			w := float64(barWidth) * float64(s.n) / float64(m.Total)
			fmt.Fprintf(b, `<rect class="%s" x="%s" y="%d" width="%s" height="%d" fill="%s"><title>%s: %d %s of %d messages</title></rect>`+"\n",
				s.class, num(barLeft+x), top, num(w), barHeight, s.fill, esc(who), s.n, s.what, m.Total)
			x += w
		}
		label := Percent(r.counts.Percent(), 1) + "\u00a0%"
		if r.note != "" {
			label += " (" + r.note + ")"
		} else if m.Total == 0 {
			label = "no messages"
		}
		fmt.Fprintf(b, `<text class="pct" x="%d" y="%d" dominant-baseline="central">%s</text>`+"\n", barLeft+barWidth+10, mid, esc(label))
		b.WriteString("</g>\n")
	}
	b.WriteString("</svg>\n</figure>\n")
}

// table writes the numbers behind a chart.
func table(b *strings.Builder, caption string, rows []row) {
	fmt.Fprintf(b, `<div class="scroll">
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
		note := ""
		if r.note != "" {
			note = ` <span class="warn">(` + esc(r.note) + `)</span>`
		}
		fmt.Fprintf(b, `<tr><th scope="row">%s <span class="tag">%s</span>%s</th><td>%s&#160;%%</td>`,
			nameHTML(r.tag), esc(r.tag), note, Percent(c.Percent(), 1))
		for _, n := range []int{c.Messages.Translated, c.Messages.Stale, c.Messages.Untranslated, c.Messages.Total, c.Messages.Obsolete,
			c.Words.Translated, c.Words.Stale, c.Words.Untranslated, c.Words.Total, c.Chars.Translated, c.Chars.Total} {
			fmt.Fprintf(b, "<td>%d</td>", n)
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n</table>\n</div>\n")
}

// nameHTML is a language's own name, marked with its language and
// direction so that browsers pick the right font and order.
func nameHTML(tag string) string {
	return fmt.Sprintf(`<span lang="%s" dir="%s">%s</span>`, esc(tag), locale.Dir(tag), esc(locale.SelfName(tag)))
}

func esc(s string) string { return html.EscapeString(s) }

// num prints an SVG coordinate with at most two decimals.
func num(f float64) string {
	s := fmt.Sprintf("%.2f", f)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
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
