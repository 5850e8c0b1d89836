package segment

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpus returns the real documents of ../shared/corpus/markdown (read in
// place, never copied), failing in CI when they are missing.
func corpus(t *testing.T) []string {
	t.Helper()
	files, _ := filepath.Glob("../../../shared/corpus/markdown/*.md")
	var out []string
	for _, f := range files {
		if !strings.HasSuffix(f, "MANIFEST.md") {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		if os.Getenv("CI") != "" {
			t.Fatal("../shared/corpus/markdown is missing")
		}
		t.Skip("../shared/corpus/markdown is missing")
	}
	return out
}

func fixtures(t *testing.T) []string {
	all, err := filepath.Glob("testdata/*")
	var files []string
	for _, f := range all {
		// testdata/fuzz holds the fuzz targets' seed corpora.
		if fi, err := os.Stat(f); err == nil && !fi.IsDir() {
			files = append(files, f)
		}
	}
	if err != nil || len(files) < 8 {
		t.Fatalf("testdata fixtures missing: %v", err)
	}
	return files
}

func segmentFile(t *testing.T, f string) *Document {
	src, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(f, ".txt") {
		return PlainText(src)
	}
	return Markdown(src, Options{})
}

func TestIdentityRoundTrip(t *testing.T) {
	for _, f := range append(fixtures(t), corpus(t)...) {
		d := segmentFile(t, f)
		texts := make([]string, len(d.Segments))
		for i, s := range d.Segments {
			texts[i] = s.Text
		}
		out, _ := d.Assemble(texts)
		if !bytes.Equal(out, d.Source) {
			t.Errorf("%s: identity translations do not reproduce the document", filepath.Base(f))
		}
	}
}

// Changed translations, with line breaks and block-starting text, keep
// the document's block structure.
func TestChangedTranslationsKeepStructure(t *testing.T) {
	for _, f := range append(fixtures(t), corpus(t)...) {
		if strings.HasSuffix(f, ".txt") {
			continue
		}
		d := segmentFile(t, f)
		texts := make([]string, len(d.Segments))
		for i, s := range d.Segments {
			switch i % 3 {
			case 0:
				texts[i] = strings.ToUpper(s.Text)
			case 1:
				texts[i] = "# not a heading\n- not a list\n1. nor this\n> nor a quote " + s.Text
			default:
				texts[i] = s.Text + "\n===\nSECOND LINE | with pipe"
			}
		}
		out, _ := d.Assemble(texts)
		if a, b := BlockShape(d.Source), BlockShape(out); a != b {
			i := 0
			for i < len(a) && i < len(b) && a[i] == b[i] {
				i++
			}
			t.Errorf("%s: block structure changed at\nsource: …%.200s\noutput: …%.200s", filepath.Base(f), a[max(0, i-100):], b[max(0, i-100):])
		}
	}
}

func TestSegmentsOfFixtures(t *testing.T) {
	d := segmentFile(t, "testdata/frontmatter-yaml.md")
	want := []struct {
		kind Kind
		text string
	}{
		{FrontMatter, `A "quoted" title`},
		{FrontMatter, "Plain value"},
		{Heading, "Heading"},
		{Paragraph, "Para *one* continued\nhard break"},
	}
	if len(d.Segments) != len(want) {
		t.Fatalf("got %d segments, want %d", len(d.Segments), len(want))
	}
	for i, w := range want {
		if d.Segments[i].Kind != w.kind || d.Segments[i].Text != w.text {
			t.Errorf("segment %d = %s %q, want %s %q", i, d.Segments[i].Kind, d.Segments[i].Text, w.kind, w.text)
		}
	}
	misc := segmentFile(t, "testdata/misc.md")
	var texts []string
	for _, s := range misc.Segments {
		texts = append(texts, s.Text)
	}
	all := strings.Join(texts, "|")
	for _, never := range []string{"html block", "code", "indented code", "http://example.com"} {
		if strings.Contains(all, never) {
			t.Errorf("%q offered for translation: %s", never, all)
		}
	}
	if !strings.Contains(all, "![alt text](img.png)") {
		t.Errorf("image alt text not kept inline: %s", all)
	}
	lq := segmentFile(t, "testdata/lists-quotes.md")
	if got := lq.Segments[len(lq.Segments)-1]; got.Text != "inner item lazy continuation" || got.Prefix != ">   " {
		t.Errorf("lazy continuation segment = %q prefix %q", got.Text, got.Prefix)
	}
}

func TestFrontMatterRequoting(t *testing.T) {
	d := segmentFile(t, "testdata/frontmatter-yaml.md")
	out, _ := d.Assemble([]string{`Titre : "cité"`, "yes", "Titre", "Para"})
	want := "title: \"Titre : \\\"cité\\\"\"\ndescription: \"yes\"\n"
	if !strings.Contains(string(out), want) {
		t.Errorf("front matter not re-quoted:\n%s", out)
	}
}

func TestTranslatedLineBreakInListAndQuote(t *testing.T) {
	src := []byte("- item one\n- item two\n\n> quoted\n")
	d := Markdown(src, Options{})
	out, _ := d.Assemble([]string{"premier\nsecond", "deux", "cité\n- pas une liste"})
	want := "- premier\\\n  second\n- deux\n\n> cité\\\n> \\- pas une liste\n"
	if string(out) != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

func TestWhitePaperSource(t *testing.T) {
	seed, err := os.ReadFile("../../../shared/seed/000_531e7f150f9177e5.txt")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skip("seed missing")
	}
	md, err := os.ReadFile("../../source/cyberspace.md")
	if err != nil {
		t.Fatal(err)
	}
	// The white paper itself: after the timestamp line, before the
	// site's privacy banner.
	s := string(seed)
	s = s[strings.Index(s, "October 17, 2019")+len("October 17, 2019"):]
	s = s[:strings.Index(s, "Terms of Service & Privacy Policy")]
	words := func(x string) []string {
		return strings.FieldsFunc(x, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '\'' || r == '’')
		})
	}
	sw, mw := words(s), words(string(md))
	j := 0
	for _, w := range sw {
		for j < len(mw) && mw[j] != w {
			j++
		}
		if j == len(mw) {
			t.Fatalf("word %q of the white paper is missing from source/cyberspace.md (or out of order)", w)
		}
		j++
	}
	for _, chrome := range []string{"BRI NEWS", "22:33", "Privacy Policy", "Agree and continue", "\u00a0"} {
		if strings.Contains(string(md), chrome) {
			t.Errorf("source/cyberspace.md still has %q", chrome)
		}
	}
	for _, h := range []string{"\n## Background\n", "\n## Fundamental Principles\n", "\n## Path to Realization\n", "\n## Governance Framework\n", "**Respecting sovereignty in cyberspace.** The"} {
		if !strings.Contains(string(md), h) {
			t.Errorf("source/cyberspace.md lacks %q", h)
		}
	}
}

// A translation must not turn a list item into a task-list check box
// (goldmark reads "[x]" at the start of a list item as one, even in
// "[x](url)"), but a source task item keeps its box.
func TestTranslationAddsNoTaskCheckBox(t *testing.T) {
	src := []byte("- item\n- [x] done\n\nTop\n")
	d := Markdown(src, Options{})
	out, _ := d.Assemble([]string{"[x](javascript:alert(1))", "[x] fait", "[x](https://example.org)"})
	want := "- \\[x](javascript:alert(1))\n- [x] fait\n\n[x](https://example.org)\n"
	if string(out) != want {
		t.Errorf("got %q, want %q", out, want)
	}
	var html bytes.Buffer
	if err := NewMarkdown().Convert(out, &html); err != nil {
		t.Fatal(err)
	}
	if strings.Count(html.String(), "<input") != 1 {
		t.Errorf("want exactly the source's one check box:\n%s", html.String())
	}
}

// The binary encoding gives back every real document's and fixture's
// segmentation, Markdown and plain text alike, and refuses it for a
// shorter source or with a byte missing.
func TestCodecRoundTrip(t *testing.T) {
	for _, f := range append(corpus(t), fixtures(t)...) {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range []*Document{Markdown(src, Options{FrontMatterKeys: DefaultFrontMatterKeys}), PlainText(src)} {
			checkCodec(t, src, d)
			data := d.AppendBinary(nil)
			// Its buffer made once, not grown as it went, and not much
			// larger than what it holds.
			if got := d.binarySize(); got < len(data) || got > 2*len(data)+64 {
				t.Errorf("%s: binarySize %d for %d bytes", f, got, len(data))
			}
			if n := testing.AllocsPerRun(3, func() { d.AppendBinary(nil) }); n != 1 {
				t.Errorf("%s: AppendBinary made %v allocations", f, n)
			}
			if len(d.Segments) > 0 {
				if _, err := DecodeBinary(src[:len(src)/2], data); err == nil && d.Segments[len(d.Segments)-1].Lines[0].End > len(src)/2 {
					t.Errorf("%s: decoded against half the source", f)
				}
			}
			if _, err := DecodeBinary(src, data[:len(data)-1]); err == nil {
				t.Errorf("%s: decoded with the last byte missing", f)
			}
		}
	}
}
