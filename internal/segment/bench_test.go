package segment

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// The white paper's English source, and a plain-text rendering of it, as
// benchmark input (go test -bench . ./internal/segment).
func benchSource(b *testing.B) []byte {
	data, err := os.ReadFile("../../source/cyberspace.md")
	if err != nil {
		b.Fatal(err)
	}
	return data
}

func BenchmarkMarkdown(b *testing.B) {
	src := benchSource(b)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if d := Markdown(src, Options{}); len(d.Segments) == 0 {
			b.Fatal("no segments")
		}
	}
}

// BenchmarkCodec times the segment cache's encoding of the white paper's
// segmentation and its decoding.
func BenchmarkCodec(b *testing.B) {
	src := benchSource(b)
	d := Markdown(src, Options{})
	b.Run("encode", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			d.AppendBinary(nil)
		}
	})
	data := d.AppendBinary(nil)
	b.Run("decode", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := DecodeBinary(src, data); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkPlainText(b *testing.B) {
	src := []byte(strings.NewReplacer("#", "", "*", "", "`", "").Replace(string(benchSource(b))))
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if d := PlainText(src); len(d.Segments) == 0 {
			b.Fatal("no segments")
		}
	}
}

func BenchmarkAssemble(b *testing.B) { benchAssemble(b, benchSource(b)) }

// benchAssemble times the assembly of src with every segment translated
// (upper-cased).
func benchAssemble(b *testing.B, src []byte) {
	d := Markdown(src, Options{})
	texts := make([]string, len(d.Segments))
	for i, s := range d.Segments {
		texts[i] = strings.ToUpper(s.Text)
	}
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if out, _ := d.Assemble(texts); len(out) == 0 {
			b.Fatal("empty")
		}
	}
}

// A reference page of tables (50 tables of 20 rows and 4 columns), the
// cells translated.
func BenchmarkAssembleTables(b *testing.B) {
	var sb strings.Builder
	for t := range 50 {
		fmt.Fprintf(&sb, "## Table %d\n\n| Option | Type | Default | Meaning |\n| --- | --- | --- | --- |\n", t)
		for r := range 20 {
			fmt.Fprintf(&sb, "| `opt-%d` | string | `none` | Sets the value of option %d for the service. |\n", r, r)
		}
		sb.WriteString("\n")
	}
	benchAssemble(b, []byte(sb.String()))
}
