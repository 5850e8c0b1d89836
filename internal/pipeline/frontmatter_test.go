package pipeline

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"folio/internal/project"
)

// A built project's HTML, EPUB and plain-text editions of documents with
// YAML and TOML front matter show none of the front matter's lines, in
// the source language and translated, and the whole body; the Markdown
// edition keeps the front matter. A plain-text document that begins like
// front matter has none: its first lines are text and stay.
func TestReaderEditionsOmitFrontMatter(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "folio.toml"), []byte("source_language = \"en\"\nlocales = [\"fr\"]\n"+
		"[build]\nformats = [\"md\", \"html\", \"txt\", \"epub\"]\n[segment]\nfront_matter_keys = [\"title\", \"description\"]\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, "source"), 0o755)
	body := "# Guide\n\nFirst paragraph.\n\n## Usage\n\nLast paragraph.\n"
	docs := map[string]string{
		"yaml.md": "---\ntitle: A Short Guide\ndescription: How to use the tool.\nweight: 10\n---\n\n" + body,
		"toml.md": "+++\ntitle = \"A Short Guide\"\ndescription = \"How to use the tool.\"\nweight = 10\n+++\n\n" + body,
	}
	for name, doc := range docs {
		os.WriteFile(filepath.Join(dir, "source", name), []byte(doc), 0o644)
	}
	os.WriteFile(filepath.Join(dir, "source", "notes.txt"), []byte("---\nweight: 10\n---\n\nA plain note.\n"), 0o644)
	p, err := project.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if res, err := Extract(p); err != nil || len(res.Errors) > 0 {
		t.Fatal(err, res.Errors)
	}
	fillCatalogs(t, p, "fr", strings.ToUpper)
	out := t.TempDir()
	if _, err := Build(p, BuildOptions{Out: out, Force: true}); err != nil {
		t.Fatal(err)
	}
	read := func(tag, file string) string {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(out, tag, file))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(file, ".epub") {
			return string(data)
		}
		zr, err := zip.OpenReader(filepath.Join(out, tag, file))
		if err != nil {
			t.Fatal(err)
		}
		defer zr.Close()
		for _, f := range zr.File {
			if f.Name == "OEBPS/text.xhtml" {
				rc, _ := f.Open()
				data, _ := io.ReadAll(rc)
				rc.Close()
				return string(data)
			}
		}
		t.Fatalf("%s/%s: no text.xhtml", tag, file)
		return ""
	}
	for name := range docs {
		unit := strings.TrimSuffix(name, ".md")
		for _, tag := range []string{"en", "fr"} {
			tr := func(s string) string {
				if tag == "fr" {
					return strings.ToUpper(s)
				}
				return s
			}
			for _, format := range []string{"html", "epub", "txt"} {
				got := read(tag, unit+"."+format)
				if format != "txt" {
					got = got[strings.Index(got, "<body>"):] // the body: no <title>, no style
				}
				for _, l := range []string{"title:", "title =", "A Short Guide", "description", "How to use the tool", "weight", "<hr", "* * *", "+++"} {
					if strings.Contains(got, l) || strings.Contains(got, tr(l)) {
						t.Errorf("%s/%s.%s shows front matter %q:\n%s", tag, unit, format, tr(l), got)
					}
				}
				for _, l := range []string{"Guide", "First paragraph.", "Usage", "Last paragraph."} {
					if !strings.Contains(got, tr(l)) {
						t.Errorf("%s/%s.%s lacks %q:\n%s", tag, unit, format, tr(l), got)
					}
				}
			}
			if md := read(tag, unit+".md"); !strings.Contains(md, tr("A Short Guide")) || !strings.Contains(md, tr("How to use the tool.")) || !strings.Contains(md, "weight") {
				t.Errorf("%s/%s.md lost its front matter:\n%s", tag, unit, md)
			}
		}
	}
	for _, format := range []string{"html", "txt"} {
		if got := read("fr", "notes."+format); !strings.Contains(got, "WEIGHT: 10") || !strings.Contains(got, "A PLAIN NOTE.") {
			t.Errorf("fr/notes.%s: a plain-text document lost text:\n%s", format, got)
		}
	}
}
