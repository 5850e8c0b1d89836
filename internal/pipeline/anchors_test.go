package pipeline

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
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

// In a translated Markdown edition, a link to a heading's GitHub anchor
// (inline, or through a link reference definition) follows the heading's
// translation, since GitHub derives the anchor from the text it shows; a
// fragment that names no heading, and a code span, stay as they are, and
// the source-language edition is the source byte for byte.
func TestMarkdownEditionLinksFollowTranslatedHeadings(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "source"), 0o755)
	os.WriteFile(filepath.Join(dir, "folio.toml"), []byte("source_language = \"en\"\nlocales = [\"fr\"]\n"), 0o644)
	source := "# Guide\n\n" +
		"See [how to start](#getting-started), [the second usage](#usage-1), [the first](<#Usage>), [nothing](#nowhere) and `[code](#usage)`.\n\n" +
		"Read [the steps][steps].\n\n" +
		"[steps]: #getting-started\n\n" +
		"```\n[steps]: #getting-started\n```\n\n" +
		"## Getting started\n\nText.\n\n## Usage\n\nFirst.\n\n## Usage\n\nSecond.\n"
	os.WriteFile(filepath.Join(dir, "source", "doc.md"), []byte(source), 0o644)
	p := loadProject(t, dir)
	if _, err := Extract(p); err != nil {
		t.Fatal(err)
	}
	fillCatalogs(t, p, "fr", func(s string) string {
		switch s {
		case "Getting started":
			return "Premiers pas"
		case "Usage":
			return "Utilisation"
		case "Read [the steps][steps].":
			return "Lisez [les étapes][steps]."
		}
		return s
	})
	out := t.TempDir()
	if br, err := Build(loadProject(t, dir), BuildOptions{Formats: []string{"md"}, Out: out}); err != nil || len(br.Skipped) > 0 {
		t.Fatal(err, br.Skipped)
	}
	if en, err := os.ReadFile(filepath.Join(out, "en", "doc.md")); err != nil || string(en) != source {
		t.Errorf("the source-language edition differs from the source (%v):\n%s", err, en)
	}
	fr, err := os.ReadFile(filepath.Join(out, "fr", "doc.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"[how to start](#premiers-pas)",
		"[the second usage](#utilisation-1)",
		"[the first](<#utilisation>)",
		"[nothing](#nowhere)",
		"`[code](#usage)`",
		"\n[steps]: #premiers-pas\n",
		"```\n[steps]: #getting-started\n```",
		"## Premiers pas",
	} {
		if !strings.Contains(string(fr), want) {
			t.Errorf("the French edition lacks %q:\n%s", want, fr)
		}
	}
}
