package msgid

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"folio/internal/segment"
)

// slugReference is Slug's first half as it was before its fast paths:
// every pattern and NFKD over the whole text.
func slugReference(text string, n int) string {
	text = linkDest().ReplaceAllString(text, "]")
	text = htmlTag().ReplaceAllString(text, " ")
	text = urlText().ReplaceAllString(strings.ToLower(text), " ")
	return slugWords(norm.NFKD.String(text), n)
}

// Slug's fast paths skip work, never change a slug: checked on every
// segment of the corpus and the sources, and on hard texts.
func TestSlugFastPaths(t *testing.T) {
	texts := []string{
		"", "Plain words here.", "A [link](http://x.org/a) and [ref][r] and <b>bold</b>.",
		"https://example.org/path is a URL", "HTTP://UPPER.CASE/URL text", "Ça déjà vu — naïve café",
		"ﬁne ligature ① ２", "] ( unbalanced [x](y", "<unclosed tag and text", "文字 and words",
	}
	files, _ := filepath.Glob("../../../shared/corpus/markdown/*.md")
	more, _ := filepath.Glob("../../source/*.md")
	for _, f := range append(files, more...) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range segment.Markdown(data, segment.Options{}).Segments {
			texts = append(texts, s.Text)
		}
	}
	if len(texts) < 1000 && os.Getenv("CI") == "true" {
		t.Fatalf("only %d texts: is ../shared/corpus missing?", len(texts))
	}
	for _, text := range texts {
		for _, n := range []int{3, 4} {
			if got, want := Slug(text, n), slugReference(text, n); got != want {
				t.Fatalf("Slug(%q, %d) = %q, want %q", text, n, got, want)
			}
		}
	}
}

func FuzzSlug(f *testing.F) {
	for _, s := range []string{"A [link](http://x.org) <i>x</i> ftp://y Éé", "plain text. more", "文 ① ﬁ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if got, want := Slug(text, 3), slugReference(text, 3); got != want {
			t.Fatalf("Slug(%q) = %q, want %q", text, got, want)
		}
	})
}
