package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"folio/internal/check"
)

// A pseudo-locale's catalog is checked for what it must keep (Markdown,
// markup, placeholders), not read as a translation: `folio pseudo`'s text
// ends with its padding, not with the source's full stop, and the text
// checks warned on nearly every message (72,000 warnings on 646 real
// documents). What it must keep is still checked.
func TestPseudoLocaleCheckedForStructureOnly(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "source"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "folio.toml"), []byte("source_language = \"en\"\nlocales = [\"fr\"]\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "source", "doc.md"), []byte("# Getting started\n\nRun `make` first. Then read [the guide](https://example.org/g).\n\nIt works: (mostly) with 2 cores!\n"), 0o644)
	p := loadProject(t, dir)
	if _, err := Extract(p); err != nil {
		t.Fatal(err)
	}
	if _, err := Pseudo(p, "en-XA"); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "folio.toml"), []byte("source_language = \"en\"\nlocales = [\"fr\", \"en-XA\"]\n"), 0o644)
	p = loadProject(t, dir)
	res, _, err := Check(p, []string{"en-XA"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Diagnostics) != 0 {
		t.Fatalf("the pseudo catalog drew %d diagnostics, want none: %v", len(res.Diagnostics), res.Diagnostics)
	}
	// Break its link: markdown-parity still reports it.
	path := filepath.Join(dir, "locales", "doc", "en-XA.toml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(data), "(https://example.org/g)", "(https://example.org/h)", 1)
	if broken == string(data) {
		t.Fatal("the pseudo catalog has no link to break")
	}
	os.WriteFile(path, []byte(broken), 0o644)
	res, _, err = Check(loadProject(t, dir), []string{"en-XA"})
	if err != nil {
		t.Fatal(err)
	}
	var parity int
	for _, d := range res.Diagnostics {
		if d.Check == "markdown-parity" && d.Severity == check.Error {
			parity++
		}
	}
	if parity == 0 {
		t.Fatalf("a changed link in the pseudo catalog went unreported: %v", res.Diagnostics)
	}
}
