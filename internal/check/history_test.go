package check

import (
	"strings"
	"testing"

	"folio/internal/catalog"
	"folio/internal/project"
	"folio/internal/state"
)

// TestHistoryDoesNotLoad: a document's history that is not valid TOML (a
// merge conflict left in it) is a catalog-syntax error at its line and
// column in `folio check`, which shows the old texts it holds; build's
// check (Shown), which leaves stale translations out, does not read it.
// A valid history, or none, is no diagnostic.
func TestHistoryDoesNotLoad(t *testing.T) {
	old := "Old text."
	hist := catalog.Quote(catalog.Hash(old)) + " = " + catalog.Quote(old) + "\n"
	for _, c := range []struct {
		name, history string
		line, col     int // of the error; 0: none
	}{
		{"conflict", hist + "<<<<<<< HEAD\n", 2, 1},
		{"valid", hist, 0, 0},
		{"none", "", 0, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			files := map[string]string{
				"folio.toml":          "source_language = \"en\"\nlocales = [\"fr\"]\n",
				"source/doc.md":       "New text.\n",
				"locales/doc/en.toml": "[\"m\"]\nhash = " + catalog.Quote(catalog.Hash("New text.")) + "\nother = \"New text.\"\n",
				"locales/doc/fr.toml": "[\"m\"]\nhash = " + catalog.Quote(catalog.Hash(old)) + "\nother = \"Texte ancien.\"\n",
			}
			if c.history != "" {
				files[state.HistoryPath("doc")] = c.history
			}
			writeFiles(t, dir, files)
			p, err := project.Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			find := func(ds []Diagnostic) *Diagnostic {
				for i, d := range ds {
					if d.File == state.HistoryPath("doc") {
						return &ds[i]
					}
				}
				return nil
			}
			got := find(Run(state.Load(p, p.Locales), Options{Locales: p.Locales}).Diagnostics)
			switch {
			case c.line == 0 && got != nil:
				t.Fatalf("a diagnostic for a history that loads: %+v", *got)
			case c.line != 0 && got == nil:
				t.Fatal("no diagnostic for a history that does not load")
			case got != nil && (got.Line != c.line || got.Column != c.col || got.Severity != Error || got.Check != "catalog-syntax" || strings.Contains(got.Message, ".folio")):
				t.Fatalf("got %s:%d:%d %s [%s] %s, want line %d, column %d, an error of catalog-syntax, the path not repeated", got.File, got.Line, got.Column, got.Severity, got.Check, got.Message, c.line, c.col)
			}
			if d := find(Run(state.Load(p, p.Locales), Options{Locales: p.Locales, ErrorsOnly: true, Shown: true}).Diagnostics); d != nil {
				t.Fatalf("build's check read the history: %+v", *d)
			}
		})
	}
}
