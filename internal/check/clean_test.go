package check

import (
	"fmt"
	"reflect"
	"slices"
	"testing"

	"folio/internal/catalog"
	"folio/internal/project"
	"folio/internal/segment"
	"folio/internal/state"
)

// cleanFixture is a document of n messages, translated into French, whose
// message "bad" drops the source's link and "ref" translates a reference
// link with an inline one (the same link while the label is defined).
func cleanFixture(n int, defs []segment.Definition) *state.State {
	p := &project.Project{Root: "/nonexistent/folio-clean", SourceLanguage: "en", Locales: []string{"fr"}}
	src := &catalog.File{Path: "locales/doc/en.toml"}
	fr := &catalog.File{Path: "locales/doc/fr.toml"}
	add := func(id, text, tr string) {
		line := len(src.Messages) + 1
		src.Add(&catalog.Message{ID: id, Hash: catalog.Hash(text), Forms: catalog.OtherForm(text), Pos: catalog.Pos{Line: line, Column: 1}})
		fr.Add(&catalog.Message{ID: id, Hash: catalog.Hash(text), Forms: catalog.OtherForm(tr), Pos: catalog.Pos{Line: line, Column: 1}})
	}
	for i := range n {
		add(fmt.Sprintf("s%d", i), fmt.Sprintf("See `item %d` in the list.", i), fmt.Sprintf("Voir `item %d` dans la liste.", i))
	}
	add("bad", "Read [the guide](https://example.org/guide).", "Lisez le guide.")
	add("ref", "Read [the guide][g].", "Lisez [le guide](https://example.org/guide).")
	add("stale", "Edited text.", "Texte d'avant **gras.")
	fr.Messages[len(fr.Messages)-1].Hash = catalog.Hash("Text before.")
	add("empty", "Not translated yet.", "")
	doc := &project.Document{Name: "doc", Path: "source/doc.md"}
	u := &state.Unit{Name: "doc", Doc: doc, Source: src,
		Segments: &segment.Document{DefinitionsKnown: true, Definitions: defs},
		Locales:  map[string]*state.Catalog{"fr": {Tag: "fr", Path: fr.Path, File: fr, Exists: true}}}
	return &state.State{Project: p, Units: []*state.Unit{u}}
}

var guideDef = []segment.Definition{{Label: "g", Destination: "https://example.org/guide"}}

func buildOptions(memo *CleanMemo) Options {
	return Options{Locales: []string{"fr"}, Glossary: &Glossary{}, ErrorsOnly: true, Shown: true, Clean: memo}
}

func checkIDs(ds []Diagnostic) []string {
	var ids []string
	for _, d := range ds {
		ids = append(ids, d.ID+" "+d.Check)
	}
	return ids
}

// TestCleanMemoKeepsWhatTheChecksFound: with a memo, build's checks find
// what they find without one, record the translations found clean (not
// the one with an error, the stale one or the untranslated one), and a
// second build given those keys finds the same errors.
func TestCleanMemoKeepsWhatTheChecksFound(t *testing.T) {
	st := cleanFixture(2*checkChunk+10, guideDef)
	want := RunUnits(st, buildOptions(nil))[0]
	if got := checkIDs(want); !reflect.DeepEqual(got, []string{"bad markdown-parity", "empty untranslated"}) {
		t.Fatalf("without a memo: %v, want the dropped link and the untranslated message", got)
	}
	first := NewCleanMemo(nil)
	if got := RunUnits(st, buildOptions(first))[0]; !reflect.DeepEqual(got, want) {
		t.Errorf("with an empty memo: %v, want %v", got, want)
	}
	found := first.Found()
	keys := found[CleanSet{"doc", "fr"}]
	if len(found) != 1 || len(keys) != 2*checkChunk+10+1 {
		t.Fatalf("found %d sets, %d keys in doc/fr; want 1 set, the %d clean translations", len(found), len(keys), 2*checkChunk+10+1)
	}
	if !slices.IsSorted(keys) {
		t.Error("the keys are not sorted")
	}
	second := NewCleanMemo(func(unit, tag string) []uint64 { return found[CleanSet{unit, tag}] })
	if got := RunUnits(st, buildOptions(second))[0]; !reflect.DeepEqual(got, want) {
		t.Errorf("with the first build's keys: %v, want %v", got, want)
	}
	if again := second.Found()[CleanSet{"doc", "fr"}]; !reflect.DeepEqual(again, keys) {
		t.Errorf("the second build found %d keys, the first %d", len(again), len(keys))
	}
}

// TestCleanMemoSkipsKnownTranslations: a translation whose key the memo
// knows is not checked (here one with an error, as a key two texts
// shared would be): the memo is what spares the checks.
func TestCleanMemoSkipsKnownTranslations(t *testing.T) {
	st := cleanFixture(3, guideDef)
	u := st.Units[0]
	run := &cleanRun{refs: guideRefs().key()}
	bad := run.key(u.Source.Lookup("bad"), u.Locales["fr"].File.Lookup("bad"), "")
	memo := NewCleanMemo(func(string, string) []uint64 { return []uint64{bad} })
	if got := checkIDs(RunUnits(st, buildOptions(memo))[0]); !reflect.DeepEqual(got, []string{"empty untranslated"}) {
		t.Errorf("a known translation was checked: %v", got)
	}
	// Not for `folio check`, which asks for every check.
	opts := buildOptions(memo)
	opts.ErrorsOnly, opts.Shown = false, false
	if got := checkIDs(RunUnits(st, opts)[0]); !slices.Contains(got, "bad markdown-parity") {
		t.Errorf("folio check used the memo: %v", got)
	}
}

func guideRefs() refDefs { return definitionsOf(guideDef) }

// TestCleanKeyFollowsDefinitions: the key covers the document's link
// reference definitions. "[the guide][g]" is a link while g is defined;
// once the definition is gone, its inline translation adds a link, an
// error that a key over the texts alone would have hidden.
func TestCleanKeyFollowsDefinitions(t *testing.T) {
	first := NewCleanMemo(nil)
	if got := checkIDs(RunUnits(cleanFixture(3, guideDef), buildOptions(first))[0]); slices.Contains(got, "ref markdown-parity") {
		t.Fatalf("with the definition: %v, want the reference link's translation passed", got)
	}
	found := first.Found()
	for _, defs := range [][]segment.Definition{nil, {{Label: "g", Destination: "https://example.org/other"}}} {
		memo := NewCleanMemo(func(unit, tag string) []uint64 { return found[CleanSet{unit, tag}] })
		got := checkIDs(RunUnits(cleanFixture(3, defs), buildOptions(memo))[0])
		if !slices.Contains(got, "ref markdown-parity") {
			t.Errorf("definitions %v: %v, want the reference link's translation refused", defs, got)
		}
	}
	a, b := guideRefs().key(), definitionsOf([]segment.Definition{{Label: "g", Destination: "https://example.org/guide", Title: "Guide"}}).key()
	if a == b || a == 0 || refDefs(nil).key() != 0 {
		t.Errorf("definition keys %x, %x (a title changed), %x (none)", a, b, refDefs(nil).key())
	}
}

// TestCleanKeyCoversEveryForm: the key changes with each form's source
// and translation, and with the text a stale translation is checked
// against.
func TestCleanKeyCoversEveryForm(t *testing.T) {
	sm := &catalog.Message{ID: "m", Forms: catalog.OtherForm("One `x`.")}
	tm := &catalog.Message{ID: "m", Forms: catalog.OtherForm("Un `x`.")}
	run := &cleanRun{}
	base := run.key(sm, tm, "")
	keys := map[uint64]string{base: "base"}
	variants := map[string]uint64{
		"translation": run.key(sm, &catalog.Message{ID: "m", Forms: catalog.OtherForm("Un `y`.")}, ""),
		"source":      run.key(&catalog.Message{ID: "m", Forms: catalog.OtherForm("One `y`.")}, tm, ""),
		"from":        run.key(sm, tm, "One `z`."),
		"refs":        (&cleanRun{refs: 7}).key(sm, tm, ""),
	}
	withOne := &catalog.Message{ID: "m", Forms: catalog.OtherForm("Un `x`.")}
	withOne.Forms.Set("one", "Un seul `x`.")
	variants["form"] = run.key(sm, withOne, "")
	for name, k := range variants {
		if other, ok := keys[k]; ok {
			t.Errorf("changing the %s gives the key of %s", name, other)
		}
		keys[k] = name
	}
}
