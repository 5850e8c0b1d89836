package segment

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzSeeds are documents of every shape the segmenter knows, plus the
// committed fixtures.
func fuzzSeeds(f *testing.F) {
	for _, s := range []string{
		"",
		"# Title\n\nA paragraph with *emphasis*, `code` and a [link](http://x.org).\n",
		"---\ntitle: \"Hello: world\"\ndescription: |\n  folded\n---\n\nBody.\n",
		"+++\ntitle = \"x\"\n+++\nBody\n",
		"- one\n- two\n  continued\n\n1. first\n2. second\n",
		"> quoted\n> lines\n>\n> - item\n",
		"| a | b |\n|---|---|\n| c \\| d | e |\n",
		"Setext\n======\n\nline one  \nline two\\\nline three\n",
		"```go\ncode\n```\n\n    indented code\n\n<div>\nraw html\n</div>\n",
		"Text[^1].\n\n[^1]: A footnote.\n\n[ref]: http://x.org \"T\"\n",
		"\uFEFF# BOM\r\n\r\nCRLF text\r\n",
		"no final newline",
		"* * *\n\n- [ ] task\n- [x] done\n",
		"<!-- comment -->\n\n&amp; &#x41; entities\n",
	} {
		f.Add([]byte(s))
	}
	files, _ := filepath.Glob("testdata/*.md")
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
}

// checkCodec fails unless d's binary encoding decodes to d.
func checkCodec(t *testing.T, src []byte, d *Document) {
	t.Helper()
	got, err := DecodeBinary(src, d.AppendBinary(nil))
	if err != nil {
		t.Fatalf("DecodeBinary(AppendBinary(d)): %v\n%q", err, src)
	}
	if !reflect.DeepEqual(got, d) {
		t.Fatalf("DecodeBinary(AppendBinary(d)) differs from d\n%q", src)
	}
}

// FuzzDecodeBinary: any bytes, as a cache file could hold them, decode
// without panicking, and what decodes assembles without panicking.
func FuzzDecodeBinary(f *testing.F) {
	src := []byte("---\ntitle: T\n---\n# A\n\n> b\n> c\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\n[a]: /x \"t\"\n")
	for _, d := range []*Document{Markdown(src, Options{}), PlainText(src)} {
		f.Add(src, d.AppendBinary(nil))
	}
	f.Fuzz(func(t *testing.T, src, data []byte) {
		d, err := DecodeBinary(src, data)
		if err != nil {
			return
		}
		texts := make([]string, len(d.Segments))
		for i := range texts {
			texts[i] = "T\n# x\n- w"
		}
		d.Assemble(texts)
	})
}

// FuzzIdentityReassembly: any document Folio accepts (valid UTF-8, no NUL:
// state.ReadFile refuses the rest) segments without panicking and
// reassembles, with every segment's own text, to itself byte for byte;
// its segmentation survives the binary encoding (AppendBinary, DecodeBinary);
// any translation of its segments assembles without panicking.
func FuzzIdentityReassembly(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		if !utf8.Valid(src) || bytes.IndexByte(src, 0) >= 0 {
			return
		}
		for _, d := range []*Document{Markdown(src, Options{FrontMatterKeys: DefaultFrontMatterKeys}), PlainText(src)} {
			checkCodec(t, src, d)
			texts := make([]string, len(d.Segments))
			for i, s := range d.Segments {
				texts[i] = s.Text
			}
			out, spans := d.Assemble(texts)
			if !bytes.Equal(out, src) {
				t.Fatalf("identity reassembly changed the document:\nin  %q\nout %q", src, out)
			}
			if len(spans) != len(texts) {
				t.Fatalf("%d spans for %d segments", len(spans), len(texts))
			}
			for i := range texts {
				texts[i] = "T\n# x *y* | z\n- w"
			}
			d.Assemble(texts)
		}
	})
}

// FuzzTranslationKeepsStructure: whatever a translation holds, the
// assembled document has the source's block structure — a translation
// cannot add a heading, a list, a code block, an HTML block or a table, nor
// swallow a paragraph into a link reference definition.
func FuzzTranslationKeepsStructure(f *testing.F) {
	for _, s := range []string{
		"# heading", "- item", "1. item", "> quote", "    code", "```\ncode", "<div>html</div>", "<!-- c -->",
		"[a]: https://example.org", "[^1]: note", "a\n===", "a\n---", "| a | b |\n|---|---|", "***", "+++", "---",
		"line\n\n\nafter blank", "tab\tstart", "\\", "a  \nb", "<script>x</script>", "[x] task", "&#35; entity",
	} {
		f.Add(s)
	}
	doc := []byte("---\ntitle: Title\n---\n\n# Heading\n\nPara one.\n\n- item one\n- item two\n\n> quoted\n\n| a | b |\n|---|---|\n| c | d |\n\n1. first\n")
	d := Markdown(doc, Options{FrontMatterKeys: DefaultFrontMatterKeys})
	want := BlockShape(doc)
	f.Fuzz(func(t *testing.T, text string) {
		// An empty translation is untranslated: never assembled, or
		// left out on purpose (build.fallback = "omit").
		if !utf8.ValidString(text) || strings.ContainsRune(text, 0) || strings.TrimSpace(text) == "" {
			return
		}
		texts := make([]string, len(d.Segments))
		for i := range texts {
			texts[i] = text
		}
		out, _ := d.Assemble(texts)
		if got := BlockShape(out); got != want {
			t.Fatalf("translation %q changed the block structure:\n%s\nwant %s\ngot  %s", text, out, want, got)
		}
	})
}

// A label that spans a hard break: a translation that would make the
// paragraph a link reference definition gets its "[" escaped; one whose
// link text spans the break keeps its link.
func TestTranslationLabelAcrossLines(t *testing.T) {
	doc := []byte("Para one.\n\n- item\n\n> quoted\n")
	d := Markdown(doc, Options{})
	for _, c := range []struct {
		text string
		link bool // the output keeps a link
	}{
		{"[\n]:0", false},
		{"[foo\nbar]: /url", false},
		{"[a\\\n]: /url", false},
		{"[a link\nacross lines](https://example.org)", true},
		{"[a\nb] c", false},
	} {
		texts := make([]string, len(d.Segments))
		for i := range texts {
			texts[i] = c.text
		}
		out, _ := d.Assemble(texts)
		if got, want := BlockShape(out), BlockShape(doc); got != want {
			t.Errorf("translation %q changed the block structure:\n%s\nwant %s\ngot  %s", c.text, out, want, got)
		}
		if got := strings.Count(string(out), "](https://example.org)"); c.link && got != 3 {
			t.Errorf("translation %q: %d links kept, want 3:\n%s", c.text, got, out)
		}
		if c.link && strings.Contains(string(out), `\[a link`) {
			t.Errorf("translation %q: link escaped:\n%s", c.text, out)
		}
	}
}
