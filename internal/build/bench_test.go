package build

import (
	"testing"

	"folio/internal/chrome"
	"folio/internal/project"
	"folio/internal/state"
)

// Benchmarks of each renderer on the white paper (go test -bench .
// ./internal/build): assembly and Markdown ("md": the assembled text),
// HTML, plain text and EPUB, in French and Chinese.

func benchEditions(b *testing.B) (map[string]*Edition, *state.Unit, *project.Project, Page) {
	p, err := project.Load("../..")
	if err != nil {
		b.Fatal(err)
	}
	st := state.Load(p, p.Locales)
	var u *state.Unit
	for _, x := range st.Units {
		if x.Name == "cyberspace" {
			u = x
		}
	}
	if u == nil {
		b.Fatal("no cyberspace document")
	}
	eds := map[string]*Edition{}
	for _, tag := range []string{"fr", "zh-Hans"} {
		eds[tag] = Assemble(u, tag, p.SourceLanguage, false)
	}
	pg := Page{Chrome: chrome.Load(p.Root, p.SourceLanguage, p.Locales), Date: "2019-10-16"}
	return eds, u, p, pg
}

func BenchmarkRenderers(b *testing.B) {
	eds, u, p, pg := benchEditions(b)
	for _, tag := range []string{"fr", "zh-Hans"} {
		ed := eds[tag]
		b.Run("md/"+tag, func(b *testing.B) {
			for b.Loop() {
				if e := Assemble(u, tag, p.SourceLanguage, false); len(e.Markdown) == 0 {
					b.Fatal("empty")
				}
			}
		})
		b.Run("html/"+tag, func(b *testing.B) {
			for b.Loop() {
				if len(ed.HTML(pg)) == 0 {
					b.Fatal("empty")
				}
			}
		})
		b.Run("txt/"+tag, func(b *testing.B) {
			for b.Loop() {
				if len(ed.Text(72)) == 0 {
					b.Fatal("empty")
				}
			}
		})
		b.Run("epub/"+tag, func(b *testing.B) {
			for b.Loop() {
				if len(ed.EPUB(pg, p.EditionDate())) == 0 {
					b.Fatal("empty")
				}
			}
		})
	}
}
