package pipeline

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// A source links to its headings by the anchors GitHub gives them; in the
// HTML and EPUB editions, whose headings are named by message ID in every
// locale, those links find the same headings, a repeated heading's
// numbered anchor included.
func TestInPageLinksFindTheirHeadings(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "source"), 0o755)
	os.WriteFile(filepath.Join(dir, "folio.toml"), []byte("source_language = \"en\"\nlocales = [\"fr\"]\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "source", "doc.md"), []byte(`# Guide

See [how to start](#getting-started), [the second usage](#usage-1) and [nothing](#nowhere).

## Getting started

Text.

## Usage

First.

## Usage

Second.
`), 0o644)
	p := loadProject(t, dir)
	if _, err := Extract(p); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if br, err := Build(p, BuildOptions{Formats: []string{"html"}, Out: out}); err != nil || len(br.Skipped) > 0 {
		t.Fatal(err, br.Skipped)
	}
	for _, tag := range []string{"en", "fr"} {
		data, err := os.ReadFile(filepath.Join(out, tag, "doc.html"))
		if err != nil {
			t.Fatal(err)
		}
		html := string(data)
		for link, heading := range map[string]string{"how to start": "Getting started", "the second usage": "Usage</h2>\n<p[^>]*>Second"} {
			m := regexp.MustCompile(`<a href="#([^"]+)">` + link + `</a>`).FindStringSubmatch(html)
			if m == nil {
				t.Fatalf("%s: no link %q:\n%s", tag, link, html)
			}
			if !regexp.MustCompile(`<h2 id="` + regexp.QuoteMeta(m[1]) + `"[^>]*>` + heading).MatchString(html) {
				t.Errorf("%s: the link %q goes to #%s, which is not the heading %q:\n%s", tag, link, m[1], heading, html)
			}
		}
		if !regexp.MustCompile(`<a href="#nowhere">nothing</a>`).MatchString(html) {
			t.Errorf("%s: a fragment that names no heading changed:\n%s", tag, html)
		}
	}
}
