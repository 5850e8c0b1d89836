package build

import (
	"bytes"
	"testing"
	"time"
)

// FuzzSharedRenders: an edition whose renderings share one parse
// (ShareRenders) writes the HTML, EPUB, review pages and text that
// editions rendering each on its own write, whatever the translations
// hold: the book's cuts (images, links it cannot follow) and goldmark's
// table renderer, which writes a cell's alignment into the tree as it
// renders, must not leak from one rendering into the other.
func FuzzSharedRenders(f *testing.F) {
	for _, s := range [][2]string{
		{"# Title with [a link](other.md) and ![img](x.png)", "| a | b |\n|:-:|--:|\n| 1 | 2 |"},
		{"See [there](#list), [here](../x.md) and [typo](ttps://x)", "![alt *text*](javascript:x) and <https://example.org>"},
		{"| L | C | R |\n|:--|:-:|--:|\n| ![i](i.png) | [l](#nowhere) | x |", "Text[^n].\n\n[^n]: A [note](n.md)."},
		{"", "# Heading *em*"},
	} {
		f.Add(s[0], s[1])
	}
	// fuzzDoc, and a document whose table aligns its columns.
	docs := []string{fuzzDoc, "# Title [home](#usage) ![logo](l.png)\n\n## Usage\n\n| Left | Centre | Right |\n|:-----|:------:|------:|\n| a ![i](i.png) | [b](b.md) | [c](#usage) |\n\nSee [usage](#usage).\n"}
	f.Fuzz(func(t *testing.T, a, b string) {
		for i, tag := range []string{"fr", "ar"} {
			pg := fuzzPage(tag)
			alone := Assemble(unitOf(docs[i], tag, []string{a, b}), tag, "en", false)
			for _, share := range []Renderings{{HTML: true, EPUB: true, Text: true, Wrap: 72}, {HTML: true, EPUB: true}, {EPUB: true, Text: true}, {HTML: true, Text: true, Wrap: 40}} {
				shared := Assemble(unitOf(docs[i], tag, []string{a, b}), tag, "en", false)
				shared.ShareRenders(share)
				// The book first, as a build on many cores may ask.
				if got, want := shared.EPUB(pg, time.Time{}), alone.EPUB(pg, time.Time{}); !bytes.Equal(got, want) {
					t.Fatalf("%s %+v: the shared EPUB differs from one rendered alone", tag, share)
				}
				if got, want := shared.HTML(pg), alone.HTML(pg); !bytes.Equal(got, want) {
					t.Fatalf("%s %+v: the shared HTML differs from one rendered alone:\n%s\n----\n%s", tag, share, got, want)
				}
				if got, want := shared.Review(pg), alone.Review(pg); !bytes.Equal(got, want) {
					t.Fatalf("%s %+v: the review page of a shared edition differs", tag, share)
				}
				for _, wrap := range []int{72, 40} {
					if got, want := shared.Text(wrap), alone.Text(wrap); !bytes.Equal(got, want) {
						t.Fatalf("%s %+v: the shared text at %d columns differs:\n%s\n----\n%s", tag, share, wrap, got, want)
					}
				}
			}
		}
	})
}
