package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"folio/internal/build"
	"folio/internal/coverage"
	"folio/internal/locale"
	"folio/internal/report"
)

type jsonCounts struct {
	Locale   string  `json:"locale,omitempty"`
	Document string  `json:"document,omitempty"`
	Percent  float64 `json:"percent"`
	Messages struct {
		Total        int `json:"total"`
		Translated   int `json:"translated"`
		Stale        int `json:"stale"`
		Untranslated int `json:"untranslated"`
		Obsolete     int `json:"obsolete"`
	} `json:"messages"`
	Words struct {
		Total        int `json:"total"`
		Translated   int `json:"translated"`
		Stale        int `json:"stale"`
		Untranslated int `json:"untranslated"`
	} `json:"words"`
	Characters struct {
		Total      int `json:"total"`
		Translated int `json:"translated"`
	} `json:"characters"`
	// Broken is set when a catalog does not load (its messages then count
	// as untranslated).
	Broken bool `json:"broken,omitempty"`
	// NotExtracted is set for a document without a source catalog yet
	// (its segments then count as untranslated messages).
	NotExtracted bool `json:"not_extracted,omitempty"`
}

// jsonLocale is one entry of "locales": its counts, then "documents"
// (always a list, empty when the project has none).
type jsonLocale struct {
	jsonCounts
	Documents []jsonCounts `json:"documents"`
}

func toJSON(c coverage.Counts) jsonCounts {
	var j jsonCounts
	j.Percent = c.Percent()
	j.Messages.Total, j.Messages.Translated, j.Messages.Stale, j.Messages.Untranslated, j.Messages.Obsolete =
		c.Messages.Total, c.Messages.Translated, c.Messages.Stale, c.Messages.Untranslated, c.Messages.Obsolete
	j.Words.Total, j.Words.Translated, j.Words.Stale, j.Words.Untranslated = c.Words.Total, c.Words.Translated, c.Words.Stale, c.Words.Untranslated
	j.Characters.Total, j.Characters.Translated = c.Chars.Total, c.Chars.Translated
	return j
}

func statusJSON(cov []coverage.Locale) []byte {
	out := struct {
		Locales []jsonLocale `json:"locales"`
	}{Locales: []jsonLocale{}}
	for _, l := range cov {
		j := jsonLocale{jsonCounts: toJSON(l.Counts)}
		j.Locale = l.Tag
		j.Documents = []jsonCounts{}
		for _, u := range l.Units {
			d := toJSON(u.Counts)
			d.Document = u.Name
			d.Broken = u.Broken
			d.NotExtracted = u.Unextracted
			j.Documents = append(j.Documents, d)
		}
		out.Locales = append(out.Locales, j)
	}
	data, _ := json.MarshalIndent(out, "", "  ")
	return data
}

// barWidth is the width of the table's percent bar, in columns.
const barWidth = 16

// bar draws a message tally as a stacked bar: █ current, ▒ stale,
// ░ untranslated (distinct without colour; green, yellow and dim with it).
func bar(c coverage.Counts, color bool) string {
	m := c.Messages
	cur, stale := barWidth, 0
	if c.Uncounted {
		cur = 0
	} else if m.Total > 0 {
		cur = m.Translated * barWidth / m.Total
		stale = (m.Translated+m.Stale)*barWidth/m.Total - cur
	}
	rest := barWidth - cur - stale
	if !color {
		return strings.Repeat("█", cur) + strings.Repeat("▒", stale) + strings.Repeat("░", rest)
	}
	return paint("32", strings.Repeat("█", cur)) + paint("33", strings.Repeat("▒", stale)) + paint("2", strings.Repeat("░", rest))
}

// paint wraps s in an SGR colour (nothing when s is empty).
func paint(sgr, s string) string {
	if s == "" {
		return ""
	}
	return "\x1b[" + sgr + "m" + s + "\x1b[0m"
}

func pad(s string, w int, right bool) string { return padTo(s, build.Columns(s), w, right) }

// padTo is pad for s of c columns.
func padTo(s string, c, w int, right bool) string {
	if c >= w {
		return s
	}
	if right {
		return strings.Repeat(" ", w-c) + s
	}
	return s + strings.Repeat(" ", w-c)
}

// colorOut reports whether stdout is a terminal and NO_COLOR is unset.
func colorOut(e *env) bool {
	f, ok := e.stdout.(*os.File)
	if !ok || os.Getenv("NO_COLOR") != "" {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// statusTable prints one line per locale and, indented under it, one per
// document or component: the locale's own name, the percentage of current
// messages with a bar, the messages in each state, the source words still
// to translate or review, and the source size. Columns are aligned by
// display width (CJK characters take two columns).
func statusTable(cov []coverage.Locale, color bool) string {
	// Column groups: a title over the columns from..to.
	type group struct {
		title    string
		from, to int
	}
	groups := []group{{"MESSAGES", 4, 7}, {"SOURCE WORDS", 8, 10}, {"CHARS", 11, 11}}
	head := []string{"LOCALE", "", "CURRENT", "", "current", "stale", "untranslated", "obsolete", "stale", "untranslated", "total", "total"}
	numeric := func(i int) bool { return i == 2 || i >= 4 }
	line := func(name, self string, c coverage.Counts) []string {
		return []string{name, self, report.Percent(c.Percent(), 1) + " %", bar(c, false),
			fmt.Sprint(c.Messages.Translated), fmt.Sprint(c.Messages.Stale), fmt.Sprint(c.Messages.Untranslated), fmt.Sprint(c.Messages.Obsolete),
			fmt.Sprint(c.Words.Stale), fmt.Sprint(c.Words.Untranslated), fmt.Sprint(c.Words.Total), fmt.Sprint(c.Chars.Total)}
	}
	type entry struct {
		cells  []string
		cols   []int // each cell's display width
		counts coverage.Counts
	}
	var rows []entry
	for _, l := range cov {
		self := locale.SelfName(l.Tag)
		if locale.RTL(l.Tag) {
			// A left-to-right mark (zero width) ends the name's run, so a
			// bidi terminal keeps the numbers after it in place.
			self += "\u200e"
		}
		rows = append(rows, entry{cells: line(l.Tag, self, l.Counts), counts: l.Counts})
		for _, u := range l.Units {
			name := "  " + u.Name
			if n := u.Note(); n != "" {
				name += " (" + n + ")"
			}
			rows = append(rows, entry{cells: line(name, "", u.Counts), counts: u.Counts})
		}
	}
	widths := make([]int, len(head))
	for i, h := range head {
		widths[i] = build.Columns(h)
	}
	for k := range rows {
		r := &rows[k]
		r.cols = make([]int, len(r.cells))
		for i, c := range r.cells {
			r.cols[i] = build.Columns(c)
			widths[i] = max(widths[i], r.cols[i])
		}
	}
	const gap = "  "
	offset := func(col int) int {
		n := 0
		for i := 0; i < col; i++ {
			n += widths[i] + len(gap)
		}
		return n
	}
	var b strings.Builder
	top := ""
	for _, g := range groups {
		top = pad(top, offset(g.from), false) + g.title
	}
	b.WriteString(top + "\n")
	var cells []string
	for i, h := range head {
		cells = append(cells, pad(h, widths[i], numeric(i)))
	}
	b.WriteString(strings.TrimRight(strings.Join(cells, gap), " ") + "\n")
	for _, r := range rows {
		cells = cells[:0]
		for i, c := range r.cells {
			cell := padTo(c, r.cols[i], widths[i], numeric(i))
			if color {
				switch {
				case i == 3:
					cell = bar(r.counts, true)
				case i == 2 && r.counts.Percent() >= 100:
					cell = paint("32", cell)
				case i == 2:
					cell = paint("33", cell)
				case (i == 5 || i == 8) && c != "0":
					cell = paint("33", cell)
				case (i == 6 || i == 9) && c != "0":
					cell = paint("31", cell)
				}
			}
			cells = append(cells, cell)
		}
		b.WriteString(strings.TrimRight(strings.Join(cells, gap), " ") + "\n")
	}
	return b.String()
}

// statusMarkdown prints a table to paste into a pull request: a line per
// locale, then one per document or component.
func statusMarkdown(cov []coverage.Locale) string {
	var b strings.Builder
	b.WriteString("| Locale | Document | Progress | Current | Stale | Untranslated | Obsolete | Stale words | Untranslated words | Words |\n")
	b.WriteString("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	line := func(loc, doc string, c coverage.Counts) {
		fmt.Fprintf(&b, "| %s | %s | %s %% | %d | %d | %d | %d | %d | %d | %d |\n", loc, doc, report.Percent(c.Percent(), 1),
			c.Messages.Translated, c.Messages.Stale, c.Messages.Untranslated, c.Messages.Obsolete,
			c.Words.Stale, c.Words.Untranslated, c.Words.Total)
	}
	for _, l := range cov {
		line(fmt.Sprintf("**%s** %s", mdEscape(l.Tag), mdEscape(locale.SelfName(l.Tag))), "*all*", l.Counts)
		for _, u := range l.Units {
			name := mdEscape(u.Name)
			if n := u.Note(); n != "" {
				name += " ⚠ " + n
			}
			line("", name, u.Counts)
		}
	}
	return b.String()
}

// mdEscape keeps a name from breaking the table or being read as markup.
func mdEscape(s string) string {
	return strings.NewReplacer(`|`, `\|`, `*`, `\*`, `_`, `\_`, "`", "\\`", `<`, `&lt;`).Replace(s)
}
