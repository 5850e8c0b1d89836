package pipeline

import (
	"testing"
	"time"
)

// BenchmarkNoChange times extract and build (every format) with nothing
// to do, on 100 copies of the white paper in six languages (600
// editions in four formats), every file last modified an hour ago: the
// work is making each document's and each edition's key from the stamp
// table and checking each output's Stamp.
func BenchmarkNoChange(b *testing.B) {
	p := statusBenchProject(b, 100)
	opts := BuildOptions{Formats: []string{"md", "html", "txt", "epub"}}
	settle := func() {
		if _, err := Extract(p); err != nil {
			b.Fatal(err)
		}
		if _, err := Build(p, opts); err != nil {
			b.Fatal(err)
		}
	}
	settle()
	backdate(b, p.Root, time.Hour)
	settle() // the stamps of the backdated files recorded
	b.Run("extract", func(b *testing.B) {
		for b.Loop() {
			res, err := Extract(p)
			if err != nil {
				b.Fatal(err)
			}
			if len(res.Written) != 0 {
				b.Fatalf("extract wrote %v", res.Written)
			}
		}
	})
	b.Run("build", func(b *testing.B) {
		for b.Loop() {
			res, err := Build(p, opts)
			if err != nil {
				b.Fatal(err)
			}
			if len(res.Written) != 0 {
				b.Fatalf("build wrote %v", res.Written)
			}
		}
	})
}
