package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"folio/internal/build"
	"folio/internal/coverage"
	"folio/internal/locale"
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
	Documents []jsonCounts `json:"documents,omitempty"`
}

func toJSON(c coverage.Counts) jsonCounts {
	var j jsonCounts
	j.Percent = round1(c.Percent())
	j.Messages.Total, j.Messages.Translated, j.Messages.Stale, j.Messages.Untranslated, j.Messages.Obsolete =
		c.Messages.Total, c.Messages.Translated, c.Messages.Stale, c.Messages.Untranslated, c.Messages.Obsolete
	j.Words.Total, j.Words.Translated, j.Words.Stale, j.Words.Untranslated = c.Words.Total, c.Words.Translated, c.Words.Stale, c.Words.Untranslated
	j.Characters.Total, j.Characters.Translated = c.Chars.Total, c.Chars.Translated
	return j
}

func round1(f float64) float64 { return float64(int64(f*10+0.5)) / 10 }

func statusJSON(cov []coverage.Locale) []byte {
	out := struct {
		Locales []jsonCounts `json:"locales"`
	}{Locales: []jsonCounts{}}
	for _, l := range cov {
		j := toJSON(l.Counts)
		j.Locale = l.Tag
		j.Documents = []jsonCounts{}
		for _, u := range l.Units {
			d := toJSON(u.Counts)
			d.Document = u.Name
			j.Documents = append(j.Documents, d)
		}
		out.Locales = append(out.Locales, j)
	}
	data, _ := json.MarshalIndent(out, "", "  ")
	return data
}

func bar(pct float64, width int) string {
	n := int(pct*float64(width)/100 + 0.5)
	return strings.Repeat("█", n) + strings.Repeat("░", width-n)
}

func pad(s string, w int) string {
	if c := build.Columns(s); c < w {
		return s + strings.Repeat(" ", w-c)
	}
	return s
}

func statusTable(cov []coverage.Locale, color bool) string {
	var b strings.Builder
	head := []string{"LOCALE", "", "PERCENT", "", "CURRENT", "STALE", "UNTRANSLATED", "OBSOLETE", "WORDS"}
	rows := [][]string{head}
	for _, l := range cov {
		rows = append(rows, []string{l.Tag, locale.SelfName(l.Tag), fmt.Sprintf("%.1f%%", l.Percent()), bar(l.Percent(), 20),
			fmt.Sprint(l.Messages.Translated), fmt.Sprint(l.Messages.Stale), fmt.Sprint(l.Messages.Untranslated),
			fmt.Sprint(l.Messages.Obsolete), fmt.Sprintf("%d/%d", l.Words.Translated, l.Words.Total)})
		for _, u := range l.Units {
			rows = append(rows, []string{"  " + u.Name, "", fmt.Sprintf("%.1f%%", u.Percent()), "",
				fmt.Sprint(u.Messages.Translated), fmt.Sprint(u.Messages.Stale), fmt.Sprint(u.Messages.Untranslated),
				fmt.Sprint(u.Messages.Obsolete), fmt.Sprintf("%d/%d", u.Words.Translated, u.Words.Total)})
		}
	}
	widths := make([]int, len(head))
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], build.Columns(c))
		}
	}
	for _, r := range rows {
		var cells []string
		for i, c := range r {
			cell := pad(c, widths[i])
			if color && i == 3 {
				cell = "\x1b[32m" + cell + "\x1b[0m"
			}
			cells = append(cells, cell)
		}
		b.WriteString(strings.TrimRight(strings.Join(cells, "  "), " ") + "\n")
	}
	return b.String()
}

func statusMarkdown(cov []coverage.Locale) string {
	var b strings.Builder
	b.WriteString("| Locale | Document | Translated | Current | Stale | Untranslated | Words |\n")
	b.WriteString("| --- | --- | ---: | ---: | ---: | ---: | ---: |\n")
	for _, l := range cov {
		fmt.Fprintf(&b, "| %s (%s) | **all** | %.1f %% | %d | %d | %d | %d/%d |\n", l.Tag, locale.SelfName(l.Tag), l.Percent(),
			l.Messages.Translated, l.Messages.Stale, l.Messages.Untranslated, l.Words.Translated, l.Words.Total)
		for _, u := range l.Units {
			fmt.Fprintf(&b, "| %s | %s | %.1f %% | %d | %d | %d | %d/%d |\n", l.Tag, u.Name, u.Percent(),
				u.Messages.Translated, u.Messages.Stale, u.Messages.Untranslated, u.Words.Translated, u.Words.Total)
		}
	}
	return b.String()
}
