package build

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
)

// The committed HTML editions: heading anchors are the same in every
// locale (they come from message IDs), each edition names its language and
// direction, and the review editions carry one section per segment with
// the same IDs as the reader editions' headings.
func TestCommittedHTMLEditions(t *testing.T) {
	files, _ := filepath.Glob("../../output/*/cyberspace.html")
	if len(files) != 6 {
		t.Fatalf("%d HTML editions under output/, want 6", len(files))
	}
	src, err := os.ReadFile("../../locales/cyberspace/en.toml")
	if err != nil {
		t.Fatal(err)
	}
	segments := len(regexp.MustCompile(`(?m)^\["`).FindAll(src, -1))
	headingID := regexp.MustCompile(`<h[1-6] id="([^"]+)"`)
	var want []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		tag := filepath.Base(filepath.Dir(f))
		dir := "ltr"
		if tag == "ar" {
			dir = "rtl"
		}
		if !strings.Contains(string(data), `<html lang="`+tag+`" dir="`+dir+`">`) {
			t.Errorf("%s: no <html lang=%q dir=%q>", f, tag, dir)
		}
		// In a right-to-left notice the ISO date is isolated left to right.
		if isolated := strings.Contains(string(data), "\u20662019-10-16\u2069"); isolated != (dir == "rtl") {
			t.Errorf("%s: date isolated %v, want %v", f, isolated, dir == "rtl")
		}
		var ids []string
		for _, m := range headingID.FindAllStringSubmatch(string(data), -1) {
			ids = append(ids, m[1])
		}
		if want == nil {
			want = ids
			if len(ids) < 5 {
				t.Fatalf("%s: only %d heading anchors", f, len(ids))
			}
		} else if !slices.Equal(ids, want) {
			t.Errorf("%s: heading anchors %v, want %v as in %s", f, ids, want, files[0])
		}
		if tag == "en" {
			continue
		}
		review, err := os.ReadFile(filepath.Join(filepath.Dir(f), "cyberspace.review.html"))
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range want {
			if !strings.Contains(string(review), `id="`+id+`">`) {
				t.Errorf("%s: review edition has no segment %q", f, id)
			}
		}
		if n := strings.Count(string(review), `<section class="folio-seg `); n != segments {
			t.Errorf("%s: review edition has %d segments, want %d", f, n, segments)
		}
	}
}

// A goldmark configuration from markdowns, used for one text after
// another, renders each as a new one does: nothing of a text (its
// footnotes, its link references) stays for the next.
func TestMarkdownsReused(t *testing.T) {
	texts := []string{
		"Text[^n] and [ref].\n\n[^n]: a note\n\n[ref]: https://example.org\n",
		"Text[^n] and [ref].\n",
		"| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n",
	}
	for _, xhtml := range []bool{false, true} {
		md := getMarkdown(xhtml)
		for pass := range 2 {
			for i, s := range texts {
				fresh := markdowns[0].New().(goldmark.Markdown)
				if xhtml {
					fresh = markdowns[1].New().(goldmark.Markdown)
				}
				var got, want bytes.Buffer
				if err := md.Convert([]byte(s), &got); err != nil {
					t.Fatal(err)
				}
				if err := fresh.Convert([]byte(s), &want); err != nil {
					t.Fatal(err)
				}
				if got.String() != want.String() {
					t.Errorf("xhtml %v, pass %d, text %d: reused %q, new %q", xhtml, pass, i, got.String(), want.String())
				}
			}
		}
		putMarkdown(md, xhtml)
	}
}

// GitHubSlug gives the anchors GitHub gives these headings.
func TestGitHubSlug(t *testing.T) {
	cases := map[string]string{
		"Getting started":           "getting-started",
		"The foo command":           "the-foo-command",
		"What's new in v2.0?":       "whats-new-in-v20",
		"C++ & Go: a comparison":    "c--go-a-comparison",
		"snake_case and kebab-case": "snake_case-and-kebab-case",
		"Überblick (Deutsch)":       "überblick-deutsch",
		"安装 指南":                     "安装-指南",
		"1. Scope":                  "1-scope",
	}
	for in, want := range cases {
		if got := GitHubSlug(in); got != want {
			t.Errorf("GitHubSlug(%q) = %q, want %q", in, got, want)
		}
	}
}

// numberSlug numbers repeated slugs as github-slugger does, skipping a
// number an earlier heading's own text took.
func TestNumberSlug(t *testing.T) {
	seen := map[string]int{}
	var got []string
	for _, s := range []string{"usage", "usage", "usage-1", "usage", "intro", "usage-2"} {
		got = append(got, numberSlug(seen, s))
	}
	want := []string{"usage", "usage-1", "usage-1-1", "usage-2", "intro", "usage-2-1"}
	if !slices.Equal(got, want) {
		t.Errorf("numbered %q, want %q", got, want)
	}
}

// An untranslated item of a tight list is marked on its <li>, as an
// untranslated paragraph is on its <p> (goldmark gives the item's text no
// element of its own); an item that also holds a nested list is not, so
// that the list's translated items are not marked with it.
func TestFallbackMarksTightListItems(t *testing.T) {
	doc := "Intro paragraph.\n\n- one\n- two\n- three\n  - inner\n"
	u := fmUnit(doc, "fr", func(s string) string {
		switch s {
		case "Intro paragraph.", "one", "three":
			return ""
		}
		return "FR " + s
	})
	html := string(Assemble(u, "fr", "en", false).HTML(fuzzPage("fr")))
	for _, want := range []string{
		`<p lang="en" dir="ltr" class="folio-untranslated">Intro paragraph.</p>`,
		`<li lang="en" dir="ltr" class="folio-untranslated">one</li>`,
		"<li>FR two</li>",
		"<li>three\n<ul>\n<li>FR inner</li>",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("the HTML edition lacks %q:\n%s", want, html)
		}
	}
}
