package segment

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// sameSegments fails when segmentation (markdownBody, with the block
// parser unless the document has footnotes) differs from segmentation with
// the full NewMarkdown configuration for src, in its segments or in the
// link reference definitions it finds.
func sameSegments(t testing.TB, name string, src []byte) {
	t.Helper()
	got, gotDefs := markdownBody(src, 0)
	want, wantDefs := markdownBodyWith(NewMarkdown().Parser(), src, 0)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: the block parser's segments differ from NewMarkdown's:\n got %+v\nwant %+v", name, got, want)
	}
	if !reflect.DeepEqual(gotDefs, wantDefs) {
		t.Fatalf("%s: the block parser's definitions differ from NewMarkdown's:\n got %+v\nwant %+v", name, gotDefs, wantDefs)
	}
}

// The block parser leaves out only inline extensions, so it must find the
// same segments as the full configuration in every real document: the
// corpus, the repository's sources and the fixtures.
func TestBlockParserSegmentsAsNewMarkdown(t *testing.T) {
	files := corpus(t)
	more, _ := filepath.Glob("../../source/*.md")
	files = append(files, more...)
	more, _ = filepath.Glob("testdata/*.md")
	files = append(files, more...)
	n := 0
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		sameSegments(t, path, src)
		n++
	}
	if n < 40 {
		t.Fatalf("only %d documents compared", n)
	}
}

// A footnote reference an autolink takes in leaves its definition
// unreferenced, and goldmark drops an unreferenced definition: the block
// parser alone, without autolinks, would keep it as a segment. Documents
// with "[^" are segmented with the full configuration (fuzz find).
func TestFootnoteInAutolink(t *testing.T) {
	src := []byte("www.0.a#[^n]\n[^n]:0")
	block, _ := markdownBodyWith(newBlockParser(), src, 0)
	full, _ := markdownBodyWith(NewMarkdown().Parser(), src, 0)
	if len(block) == len(full) {
		t.Fatalf("the block parser alone finds the same %d segments; the case no longer tests anything", len(block))
	}
	sameSegments(t, "autolinked footnote reference", src)
}

// FuzzBlockParser: for any document, the block parser finds NewMarkdown's
// segments.
func FuzzBlockParser(f *testing.F) {
	fuzzSeeds(f)
	f.Add([]byte("www.example.org and https://x.org/a_b_ and a@b.org\n\n~~gone~~\n\n- [x] done\n"))
	f.Add([]byte("Text[^n] www.x.org[^n].\n\n[^n]: note with http://x.org\n\n[^unused]: never referenced\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		sameSegments(t, "input", src)
	})
}

// One parser reused for document after document (blockParsers) segments
// each as a parser of its own does: nothing of a document, its footnotes
// or link references, stays for the next.
func TestBlockParserReused(t *testing.T) {
	files := corpus(t)
	more, _ := filepath.Glob("testdata/*.md")
	files = append(files, more...)
	var docs [][]byte
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, src)
	}
	docs = append(docs,
		[]byte("Text[^n] and [ref].\n\n[^n]: a note\n\n[ref]: https://example.org\n"),
		[]byte("Text[^n] and [ref].\n"))
	p := newBlockParser()
	for pass := range 2 {
		for i, src := range docs {
			got, gotDefs := markdownBodyWith(p, src, 0)
			want, wantDefs := markdownBodyWith(newBlockParser(), src, 0)
			if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotDefs, wantDefs) {
				t.Fatalf("pass %d, document %d: the reused parser segments it otherwise", pass, i)
			}
		}
	}
}
