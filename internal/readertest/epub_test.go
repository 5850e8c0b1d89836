package readertest

import (
	"archive/zip"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"folio/internal/pipeline"
	"folio/internal/project"
)

// The EPUBs of a white paper whose translations are hostile, built with
// --force, pass epubcheck with no error and no warning, and their XHTML
// holds no script, event handler, frame or javascript: link.
func TestHostileEPUBs(t *testing.T) {
	bin := need(t, "epubcheck")
	need(t, "java")
	out := build(t, hostileProject(t), true, "epub")
	files, _ := filepath.Glob(filepath.Join(out, "*", "cyberspace.epub"))
	if len(files) != 6 {
		t.Fatalf("%d EPUBs built, want 6", len(files))
	}
	for _, f := range files {
		epubcheck(t, bin, f)
		sawMarker := false
		for name, data := range xhtmlOf(t, f) {
			for _, a := range activeXHTML(t, data) {
				t.Errorf("%s: %s holds active content: %s", f, name, a)
			}
			if strings.Contains(string(data), "HOSTILE-SCRIPT") {
				sawMarker = true
			}
		}
		tag := filepath.Base(filepath.Dir(f))
		if tag != "en" && !sawMarker {
			t.Errorf("%s: the hostile translation is not in the book", f)
		}
	}
}

// epubcheck fails the test unless epubcheck (bin) finds no error and no
// warning in the EPUB f.
func epubcheck(t *testing.T, bin, f string) {
	t.Helper()
	// Debian's /usr/bin/epubcheck is the jar itself.
	msg, err := exec.Command("java", "-jar", bin, f).CombinedOutput()
	if err != nil || !strings.Contains(string(msg), "0 fatals / 0 errors / 0 warnings") {
		t.Errorf("%s: epubcheck: %v\n%s", f, err, msg)
	}
}

// xhtmlOf returns the XHTML files of the EPUB f, by name.
func xhtmlOf(t *testing.T, f string) map[string][]byte {
	t.Helper()
	zr, err := zip.OpenReader(f)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	files := map[string][]byte{}
	for _, zf := range zr.File {
		if strings.HasSuffix(zf.Name, ".xhtml") {
			rc, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			data, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			files[zf.Name] = data
		}
	}
	return files
}

// activeXHTML parses an XHTML document and lists the elements and
// attributes in it that can run code or load a page.
func activeXHTML(t *testing.T, data []byte) []string {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(string(data)))
	d.Entity = xml.HTMLEntity
	var found []string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return found
		}
		if err != nil {
			t.Fatalf("XHTML does not parse: %v", err)
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch strings.ToLower(el.Name.Local) {
		case "script", "iframe", "frame", "object", "embed", "form", "base", "style":
			found = append(found, "<"+el.Name.Local+">")
		}
		for _, a := range el.Attr {
			name, v := strings.ToLower(a.Name.Local), strings.ToLower(strings.TrimSpace(a.Value))
			if strings.HasPrefix(name, "on") || name == "srcdoc" ||
				(name == "href" || name == "src" || name == "data" || name == "action") &&
					(strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "vbscript:") || strings.HasPrefix(v, "data:")) {
				found = append(found, el.Name.Local+" "+a.Name.Local+"="+a.Value)
			}
		}
	}
}

// The XHTML scan sees active content and is not fooled by escaped text.
func TestActiveXHTMLFindsActiveContent(t *testing.T) {
	doc := `<html xmlns="http://www.w3.org/1999/xhtml"><body>
<p>&lt;img onerror=x&gt;&nbsp;javascript:alert(1)</p>
<img src="x" onerror="y"/><a href=" JavaScript:1">a</a><script>1</script>
</body></html>`
	got := activeXHTML(t, []byte(doc))
	if len(got) != 3 {
		t.Errorf("found %q, want the onerror, the javascript: link and the script", got)
	}
}

// Real documents link to their neighbours ("stream.md",
// "../commands/npm-ls"), to GitHub's anchors for their headings
// ("#installation") and align table columns: found by epubcheck on the
// editions of 646 Markdown files from this machine's packages. The book
// holds one document, so those links become text (epubcheck: RSC-007,
// RSC-012), links with a scheme stay, and an aligned column is styled,
// not given EPUB 3's forbidden align attribute (RSC-005). A link whose
// scheme is no registered one (a README's "ttps://") becomes text too
// (HTM-025).
func TestEPUBOfRealWorldLinksAndTables(t *testing.T) {
	bin := need(t, "epubcheck")
	need(t, "java")
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "source"), 0o755)
	os.WriteFile(filepath.Join(dir, "folio.toml"), []byte("source_language = \"en\"\nlocales = [\"fr\"]\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "source", "doc.md"), []byte(`# Odd links

## Installation

| Left | Centre | Right |
| :--- | :----: | ----: |
| a | b | c |

See [the other page](other.md), [a folder](../commands/npm-ls), [the top](#installation),
[nowhere](#nowhere), [the web](https://example.org/x), [a typo](ttps://example.org/y)
and [mail](mailto:a@example.org).
`), 0o644)
	p, err := project.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pipeline.Extract(p); err != nil {
		t.Fatal(err)
	}
	out := build(t, dir, false, "epub")
	for _, tag := range []string{"en", "fr"} {
		f := filepath.Join(out, tag, "doc.epub")
		epubcheck(t, bin, f)
		text := string(xhtmlOf(t, f)["OEBPS/text.xhtml"])
		for _, want := range []string{"See the other page, a folder,", "nowhere", `href="https://example.org/x"`, `href="mailto:a@example.org"`, `style="text-align:center"`} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the text has no %q:\n%s", f, want, text)
			}
		}
		if strings.Contains(text, "align=") || strings.Contains(text, `href="other.md"`) || strings.Contains(text, `href="#nowhere"`) || strings.Contains(text, `href="ttps:`) {
			t.Errorf("%s: an align attribute or a link outside the book is left:\n%s", f, text)
		}
	}
}
