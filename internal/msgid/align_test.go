package msgid

import (
	"testing"

	"folio/internal/segment"
)

func previous(t *testing.T, src string) ([]segment.Segment, []Previous) {
	t.Helper()
	d := segment.Markdown([]byte(src), segment.Options{})
	ids := Assign(d.Segments, nil, nil)
	var prev []Previous
	for i, s := range d.Segments {
		prev = append(prev, Previous{ID: ids[i], Text: s.Text, Kind: s.Kind})
	}
	return d.Segments, prev
}

func assign(src string, prev []Previous, taken map[string]bool) ([]segment.Segment, []string) {
	d := segment.Markdown([]byte(src), segment.Options{FrontMatterKeys: nil})
	return d.Segments, Assign(d.Segments, prev, taken)
}

func idOf(segs []segment.Segment, ids []string, text string) string {
	for i, s := range segs {
		if s.Text == text {
			return ids[i]
		}
	}
	return ""
}

// When a paragraph is split, the larger half keeps the ID even when it
// comes second.
func TestSplitLargerHalfKeepsID(t *testing.T) {
	_, prev := previous(t, "## A\n\nOne two three four five. Six seven eight nine ten eleven twelve.\n")
	segs, ids := assign("## A\n\nOne two three four five.\n\nSix seven eight nine ten eleven twelve.\n", prev, nil)
	if got := idOf(segs, ids, "Six seven eight nine ten eleven twelve."); got != prev[1].ID {
		t.Errorf("larger half got %q, want %q (%v)", got, prev[1].ID, ids)
	}
}

// A renamed heading and a paragraph rewritten in place keep their IDs;
// an insertion next to a deletion elsewhere does not steal one.
func TestRewriteInPlaceKeepsID(t *testing.T) {
	_, prev := previous(t, "# Title\n\n## Old name\n\nFirst paragraph stays.\n\nMiddle paragraph about apples.\n\nLast paragraph stays.\n")
	segs, ids := assign("# Title\n\n## Completely new\n\nFirst paragraph stays.\n\nEntirely unrelated words here.\n\nLast paragraph stays.\n", prev, nil)
	for i := range prev {
		if ids[i] != prev[i].ID {
			t.Errorf("segment %d %q got %q, want %q", i, segs[i].Text, ids[i], prev[i].ID)
		}
	}
	// Two new paragraphs where one was: no pairing (counts differ).
	segs, ids = assign("# Title\n\n## Old name\n\nFirst paragraph stays.\n\nNew one.\n\nNew two.\n\nLast paragraph stays.\n", prev, nil)
	for _, text := range []string{"New one.", "New two."} {
		if id := idOf(segs, ids, text); id == prev[3].ID {
			t.Errorf("%q took the removed paragraph's ID", text)
		}
	}
	// A paragraph in place of a heading: kinds differ, no pairing.
	segs, ids = assign("# Title\n\nNot a heading now.\n\nFirst paragraph stays.\n\nMiddle paragraph about apples.\n\nLast paragraph stays.\n", prev, nil)
	if id := idOf(segs, ids, "Not a heading now."); id == prev[1].ID {
		t.Errorf("a paragraph took the heading's ID %q", id)
	}
}

// Identical text prefers a previous message of the same kind.
func TestExactMatchPrefersSameKind(t *testing.T) {
	prev := []Previous{{ID: "meta.title", Text: "Guide", Kind: segment.FrontMatter}, {ID: "title", Text: "Guide", Kind: segment.Heading}}
	segs, ids := assign("# Guide\n\nText.\n", prev, nil)
	if got := idOf(segs, ids, "Guide"); got != "title" {
		t.Errorf("heading got %q", got)
	}
}

// An obsolete message takes back its ID when its exact text returns, and
// only then; its ID is never given to another segment.
func TestObsoleteTextTakesBackID(t *testing.T) {
	prev := []Previous{
		{ID: "intro.kept", Text: "Kept paragraph.", Kind: segment.Paragraph},
		{ID: "intro.back-again", Text: "Back again after a while.", Obsolete: true},
		{ID: "intro.gone", Text: "Gone for good.", Obsolete: true},
	}
	taken := map[string]bool{"intro.back-again": true, "intro.gone": true}
	segs, ids := assign("Kept paragraph.\n\nBack again after a while.\n\nGone for good, really.\n", prev, taken)
	if got := idOf(segs, ids, "Back again after a while."); got != "intro.back-again" {
		t.Errorf("returning text got %q (%v)", got, ids)
	}
	if got := idOf(segs, ids, "Gone for good, really."); got == "intro.gone" || got == "" {
		t.Errorf("similar text took obsolete ID %q", got)
	}
}

// Segments of the same text take the IDs of the previous messages of that
// text in their order, whatever their kinds and with obsolete messages
// of the text last: the first segment the first ID.
func TestIdenticalTextsKeepTheirOrder(t *testing.T) {
	prev := []Previous{
		{ID: "a.note", Text: "Note.", Kind: segment.Paragraph},
		{ID: "b.other", Text: "Other.", Kind: segment.Paragraph},
		{ID: "b.note", Text: "Note.", Kind: segment.Paragraph},
		{ID: "c.note", Text: "Note.", Kind: segment.Heading},
		{ID: "d.note", Text: "Note.", Obsolete: true},
		{ID: "e.note", Text: "Note.", Kind: segment.Paragraph},
	}
	taken := map[string]bool{"d.note": true}
	_, ids := assign("Note.\n\nNote.\n\nOther.\n\nNote.\n\nNote.\n\nNote.\n", prev, taken)
	want := []string{"a.note", "b.note", "b.other", "e.note", "c.note", "d.note"}
	if len(ids) != len(want) {
		t.Fatalf("ids %v", ids)
	}
	for i := range want {
		if ids[i] != want[i] {
			t.Fatalf("ids %v, want %v", ids, want)
		}
	}
}
