package check

import (
	"fmt"
	"reflect"
	"testing"

	"folio/internal/catalog"
	"folio/internal/project"
	"folio/internal/state"
)

// TestLongCatalogCheckedInChunks: a locale of more than checkChunk
// messages is checked in several jobs, whose diagnostics are those one
// pass over the whole catalog gives, in the same order.
func TestLongCatalogCheckedInChunks(t *testing.T) {
	p := &project.Project{Root: "/nonexistent/folio-chunks", SourceLanguage: "en", Locales: []string{"fr"}}
	n := 2*checkChunk + 345
	src := &catalog.File{Path: "locales/doc/en.toml"}
	fr := &catalog.File{Path: "locales/doc/fr.toml"}
	for i := range n {
		text := fmt.Sprintf("Sentence %d of the text.", i)
		id := fmt.Sprintf("s%d", i)
		src.Add(&catalog.Message{ID: id, Hash: catalog.Hash(text), Forms: catalog.OtherForm(text), Pos: catalog.Pos{Line: i + 1, Column: 1}})
		tr := fmt.Sprintf("Phrase %d du texte.", i)
		switch {
		case i%997 == 3, i%checkChunk == 0, i%checkChunk == checkChunk-1:
			tr = "\a" + tr // control-chars, at each chunk's ends too
		case i == checkChunk+17:
			tr = "" // untranslated
		case i%1201 == 5:
			tr = fmt.Sprintf("Phrase %d du texte", i) // end-punctuation
		}
		fr.Add(&catalog.Message{ID: id, Hash: catalog.Hash(text), Forms: catalog.OtherForm(tr), Pos: catalog.Pos{Line: i + 1, Column: 1}})
	}
	fr.Add(&catalog.Message{ID: "gone", Forms: catalog.OtherForm("Parti."), Pos: catalog.Pos{Line: n + 1, Column: 1}})
	doc := &project.Document{Name: "doc", Path: "source/doc.md"}
	u := &state.Unit{Name: "doc", Doc: doc, Source: src, Locales: map[string]*state.Catalog{
		"fr": {Tag: "fr", Path: fr.Path, File: fr, Exists: true},
	}}
	st := &state.State{Project: p, Units: []*state.Unit{u}}
	if chunks(u) < 3 {
		t.Fatalf("%d messages make %d chunks", n, chunks(u))
	}
	g := &Glossary{}
	got := RunUnits(st, Options{Locales: p.Locales, Glossary: g})[0]
	ctx := &unitContext{unit: u, tag: "fr", path: fr.Path, source: "en", glossary: g, memo: newUnitMemo(0, 2)}
	want := Config{}.apply(append(checkUnitFiles(st, u, Options{}), ctx.checkCatalog(src, fr, 0, n)...))
	if len(want) < 8 {
		t.Fatalf("one pass found %d diagnostics: the catalog tests too little", len(want))
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("chunked check found %d diagnostics, one pass %d:\n%v\n%v", len(got), len(want), got, want)
	}
}
