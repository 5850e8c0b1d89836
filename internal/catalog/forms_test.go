package catalog

import (
	"maps"
	"slices"
	"testing"
)

// Forms hold what a map of forms held: each category present or not, with
// its text (empty included), in PluralForms' order; a copy is its own.
func TestForms(t *testing.T) {
	var f Forms
	if f.Len() != 0 || f.Has("other") || f.Text("other") != "" {
		t.Fatalf("zero Forms: %+v", f)
	}
	f.Set("other", "files")
	f.Set("one", "")
	if v, ok := f.Get("one"); !ok || v != "" {
		t.Errorf("an empty form is not present: %q %v", v, ok)
	}
	if _, ok := f.Get("few"); ok || f.Has("few") || f.Has("unknown") {
		t.Error("a form never set is present")
	}
	f.Set("few", "a few files")
	if got := maps.Collect(f.All()); !maps.Equal(got, map[string]string{"one": "", "few": "a few files", "other": "files"}) || f.Len() != 3 {
		t.Errorf("All = %v, Len %d", got, f.Len())
	}
	var order []string
	for name := range f.All() {
		order = append(order, name)
	}
	if !slices.Equal(order, []string{"one", "few", "other"}) {
		t.Errorf("All's order = %v", order)
	}
	g := f
	g.Set("few", "changed")
	g.Set("many", "many files")
	if f.Text("few") != "a few files" || f.Has("many") {
		t.Error("setting a form of a copy changed the original")
	}
	if f.Equal(g) || !f.Equal(FormsOf(map[string]string{"one": "", "few": "a few files", "other": "files"})) {
		t.Error("Equal")
	}
	if !OtherForm("x").Equal(FormsOf(map[string]string{"other": "x"})) || OtherForm("x").Equal(OtherForm("y")) || OtherForm("").Equal(Forms{}) {
		t.Error("OtherForm")
	}
	defer func() {
		if recover() == nil {
			t.Error("Set of an unknown category did not panic")
		}
	}()
	f.Set("some", "x")
}
