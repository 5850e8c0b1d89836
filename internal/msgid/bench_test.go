package msgid

import (
	"os"
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
