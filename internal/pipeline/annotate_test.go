package pipeline

import (
	"slices"
	"testing"

	"folio/internal/catalog"
)

// Every locale's entry for a message shares its "source:" comment; a
// stale entry's STALE line must not reach the shared comment, nor so the
// entries of the other locales, even when the note has room to grow.
func TestAnnotateSharedNote(t *testing.T) {
	sm := &catalog.Message{ID: "intro", Hash: catalog.Hash("new text"), Forms: catalog.OtherForm("new text")}
	note := make([]string, 1, 4)
	note[0] = "source: new text"
	hist := unitHistory{base: map[string]string{catalog.Hash("old text"): "old text"}, added: map[string]string{}}
	stale := &catalog.Message{ID: "intro", Hash: catalog.Hash("old text"), Forms: catalog.OtherForm("vieux texte")}
	current := &catalog.Message{ID: "intro", Hash: sm.Hash, Forms: catalog.OtherForm("nouveau texte")}
	gone := &catalog.Message{ID: "intro", Hash: catalog.Hash("lost text"), Forms: catalog.OtherForm("texte perdu")}

	annotate(stale, sm, note, hist)
	annotate(current, sm, note, hist)
	annotate(gone, sm, note, hist)
	for _, tc := range []struct {
		name string
		m    *catalog.Message
		want []string
	}{
		{"stale", stale, []string{"source: new text", "STALE — translated from: old text"}},
		{"current", current, []string{"source: new text"}},
		{"stale without history", gone, []string{"source: new text", "STALE — the source changed since this translation"}},
	} {
		if !slices.Equal(tc.m.Comments, tc.want) {
			t.Errorf("%s entry's comments = %q, want %q", tc.name, tc.m.Comments, tc.want)
		}
	}
	if !slices.Equal(note[:cap(note)], []string{"source: new text", "", "", ""}) {
		t.Errorf("the shared note was written to: %q", note[:cap(note)])
	}
}
