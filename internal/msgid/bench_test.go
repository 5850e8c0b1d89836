package msgid

import (
	"os"
	"slices"
	"testing"

	"folio/internal/segment"
)

// BenchmarkAssign assigns IDs to the white paper's segments from nothing
// (a first extract) and against their own earlier IDs (a re-extract).
func BenchmarkAssign(b *testing.B) {
	data, err := os.ReadFile("../../source/cyberspace.md")
	if err != nil {
		b.Fatal(err)
	}
	segs := segment.Markdown(data, segment.Options{}).Segments
	b.Run("first", func(b *testing.B) {
		for b.Loop() {
			Assign(segs, nil, nil)
		}
	})
	ids := Assign(segs, nil, nil)
	prev := make([]Previous, len(segs))
	for i, s := range segs {
		prev[i] = Previous{ID: ids[i], Text: s.Text, Kind: s.Kind}
	}
	b.Run("again", func(b *testing.B) {
		for b.Loop() {
			Assign(segs, prev, nil)
		}
	})
}

// BenchmarkAssignEdited re-assigns IDs after 5 % of the segments of a long
// document (the white paper forty times over) gained a sentence: each
// edited segment is matched to its old text by word similarity.
func BenchmarkAssignEdited(b *testing.B) {
	data, err := os.ReadFile("../../source/cyberspace.md")
	if err != nil {
		b.Fatal(err)
	}
	var long []byte
	for range 40 {
		long = append(long, data...)
		long = append(long, '\n')
	}
	segs := segment.Markdown(long, segment.Options{}).Segments
	ids := Assign(segs, nil, nil)
	prev := make([]Previous, len(segs))
	for i, s := range segs {
		prev[i] = Previous{ID: ids[i], Text: s.Text, Kind: s.Kind}
	}
	edited := slices.Clone(segs)
	for i := range edited {
		if i%20 == 7 {
			edited[i].Text += " This sentence was added."
		}
	}
	b.Logf("%d segments, %d edited", len(segs), len(segs)/20)
	for b.Loop() {
		Assign(edited, prev, nil)
	}
}
