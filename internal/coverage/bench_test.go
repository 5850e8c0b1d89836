package coverage

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"folio/internal/catalog"
)

// repoTexts returns the text of every message of the repository's
// catalogs whose file name passes keep (go test -bench Words
// ./internal/coverage).
func repoTexts(tb testing.TB, keep func(name string) bool) []string {
	tb.Helper()
	files, err := filepath.Glob("../../locales/*/*.toml")
	if err != nil || len(files) == 0 {
		tb.Fatalf("no catalogs: %v", err)
	}
	var texts []string
	for _, f := range files {
		if !keep(filepath.Base(f)) {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		cf, err := catalog.Parse(f, data)
		if err != nil {
			tb.Fatal(err)
		}
		for _, m := range cf.Messages {
			for _, v := range m.Forms.All() {
				texts = append(texts, v)
			}
		}
	}
	return texts
}

// BenchmarkWords counts the words of the white paper's source messages
// (English, what status counts) and of every message of every catalog
// (Chinese, Arabic, Russian… too).
func BenchmarkWords(b *testing.B) {
	for _, c := range []struct {
		name string
		keep func(string) bool
	}{
		{"source", func(n string) bool { return n == "en.toml" }},
		{"all", func(string) bool { return true }},
	} {
		texts := repoTexts(b, c.keep)
		size := 0
		for _, t := range texts {
			size += len(t)
		}
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(size))
			for b.Loop() {
				n := 0
				for _, t := range texts {
					n += Words(t)
				}
				if n == 0 {
					b.Fatal("no words")
				}
			}
		})
	}
}

// BenchmarkChars counts the characters of the white paper's source
// messages.
func BenchmarkChars(b *testing.B) {
	texts := repoTexts(b, func(n string) bool { return strings.HasSuffix(n, "en.toml") })
	for b.Loop() {
		n := 0
		for _, t := range texts {
			n += Chars(t)
		}
		if n == 0 {
			b.Fatal("no characters")
		}
	}
}
