package gfm

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/yuin/goldmark"
	upstream "github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
)

// extensions are one implementation's extenders, by name.
type extensions struct {
	gfm, footnote, linkify, strikethrough, taskList, alignedTable goldmark.Extender
}

var (
	ours = extensions{GFM, Footnote, Linkify, Strikethrough, TaskList,
		NewTable(WithTableCellAlignMethod(TableCellAlignStyle))}
	theirs = extensions{upstream.GFM, upstream.Footnote, upstream.Linkify, upstream.Strikethrough, upstream.TaskList,
		upstream.NewTable(upstream.WithTableCellAlignMethod(upstream.TableCellAlignStyle))}
)

// render gives src as HTML in each configuration Folio uses the
// extensions in: segment.NewMarkdown's (GFM and footnotes), and the EPUB's
// (table cells aligned by style, XHTML), with raw HTML kept as well.
func render(t testing.TB, src []byte, e extensions) [2]string {
	t.Helper()
	configs := [][]goldmark.Option{
		{goldmark.WithExtensions(e.gfm, e.footnote)},
		{goldmark.WithExtensions(e.linkify, e.strikethrough, e.taskList, e.alignedTable, e.footnote),
			goldmark.WithRendererOptions(html.WithXHTML(), html.WithUnsafe())},
	}
	var out [2]string
	for i, opts := range configs {
		var b bytes.Buffer
		if err := goldmark.New(opts...).Convert(src, &b); err != nil {
			t.Fatal(err)
		}
		out[i] = b.String()
	}
	return out
}

// sameAsUpstream fails when this copy and goldmark's extension package
// render src differently.
func sameAsUpstream(t testing.TB, name string, src []byte) {
	t.Helper()
	got, want := render(t, src, ours), render(t, src, theirs)
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%s (configuration %d): this copy renders\n%s\ngoldmark's extension package\n%s", name, i, got[i], want[i])
		}
	}
}

// TestSameAsUpstream: on every real document at hand (../shared/corpus, the
// white paper, the segmentation fixtures), this copy of the extensions and
// goldmark's render the same HTML.
func TestSameAsUpstream(t *testing.T) {
	var files []string
	for _, pattern := range []string{"../../../shared/corpus/markdown/*.md", "../../source/*.md", "../segment/testdata/*.md"} {
		more, _ := filepath.Glob(pattern)
		files = append(files, more...)
	}
	if len(files) < 40 {
		if os.Getenv("CI") != "" {
			t.Fatalf("only %d documents: is ../shared/corpus missing?", len(files))
		}
		t.Skipf("only %d documents: ../shared/corpus is missing", len(files))
	}
	links := 0
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		sameAsUpstream(t, path, src)
		links += bytes.Count(src, []byte("https://"))
	}
	if links == 0 {
		t.Fatal("no document has a URL: the autolink expressions were never compared")
	}
}

// The expressions compiled on first use are upstream's, character for
// character.
func TestLinkifyExpressions(t *testing.T) {
	p := NewLinkifyParser().(*linkifyParser)
	if p.URLRegexp == nil || p.WWWRegexp == nil {
		t.Fatal("the autolink parser has no expressions")
	}
	for _, c := range []struct{ src, in, want string }{
		{"url", "https://example.org/a_b?x=1 rest", "https://example.org/a_b?x=1"},
		{"www", "www.example.org/path. rest", "www.example.org/path."},
	} {
		re := p.URLRegexp
		if c.src == "www" {
			re = p.WWWRegexp
		}
		if got := re.FindString(c.in); got != c.want {
			t.Errorf("%s expression matches %q in %q, want %q", c.src, got, c.in, c.want)
		}
	}
}

// FuzzSameAsUpstream: for any document, this copy and goldmark's extension
// package render the same HTML.
func FuzzSameAsUpstream(f *testing.F) {
	for _, s := range []string{
		"www.example.org and https://x.org/a_b_ and a@b.org, ftp://f.example.com:21/x\n",
		"| a | b |\n|:--|--:|\n| x \\| y | ~~z~~ |\n",
		"- [x] done\n- [ ] open\n",
		"Text[^n] www.x.org[^n].\n\n[^n]: note with http://x.org\n\n[^unused]: never referenced\n",
		"~~gone~~ ~single~ **bold** <http://auto.example>\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		sameAsUpstream(t, "input", src)
	})
}
