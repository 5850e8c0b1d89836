package report

import (
	"fmt"
	"testing"

	"folio/internal/coverage"
)

// benchCoverage is a project of units documents in the locales, each
// with some current, stale and untranslated messages.
func benchCoverage(units int, locales []string) []coverage.Locale {
	var cov []coverage.Locale
	for _, tag := range locales {
		l := coverage.Locale{Tag: tag}
		for i := range units {
			var c coverage.Counts
			c.Messages = coverage.Tally{Translated: 80 + i%20, Stale: i % 7, Untranslated: i % 5, Total: 80 + i%20 + i%7 + i%5}
			l.Units = append(l.Units, coverage.Unit{Name: fmt.Sprintf("docs/topic-%04d", i), Counts: c})
			l.Counts.Messages.Total += c.Messages.Total
		}
		cov = append(cov, l)
	}
	return cov
}

// The status report of 2,000 documents in 10 locales (L10's).
func BenchmarkHTML(b *testing.B) {
	cov := benchCoverage(2000, []string{"fr", "de", "es", "ru", "ar", "zh-Hans", "ja", "pt", "it", "ko"})
	for b.Loop() {
		HTML(cov, Options{SourceLanguage: "en", Date: "2026-01-01"})
	}
}
