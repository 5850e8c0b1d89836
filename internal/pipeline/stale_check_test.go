package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"folio/internal/catalog"
	"folio/internal/check"
	"folio/internal/project"
)

// staleProject makes a project whose fr translations were made from a
// first version of the document (two paragraphs, one with code, one with
// a link; the code paragraph's translation as given), then edits both
// paragraphs' code and link target and extracts again: both translations
// are stale, and the history has the text each was made from.
func staleProject(t *testing.T, codeTranslation string) string {
	t.Helper()
	dir := t.TempDir()
	write := func(rel, text string) {
		t.Helper()
		path := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("folio.toml", "source_language = \"en\"\nlocales = [\"fr\"]\n")
	write("source/doc.md", "# Setting up\n\nRun `cargo install` to set the tool up on your machine.\n\nRead [the guide](https://example.org/a) before you start.\n")
	p := loadProject(t, dir)
	if _, err := Extract(p); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "locales/doc/en.toml"))
	if err != nil {
		t.Fatal(err)
	}
	src, err := catalog.Parse("en.toml", data)
	if err != nil {
		t.Fatal(err)
	}
	translations := map[string]string{
		"Setting up": "Installation",
		"Run `cargo install` to set the tool up on your machine.":   codeTranslation,
		"Read [the guide](https://example.org/a) before you start.": "Lisez [le guide](https://example.org/a) avant de commencer.",
	}
	var b strings.Builder
	for _, m := range src.Messages {
		tr, ok := translations[m.Other()]
		if !ok {
			t.Fatalf("no translation for %q", m.Other())
		}
		fmt.Fprintf(&b, "[%q]\nhash = %q\nother = %q\n\n", m.ID, m.Hash, tr)
	}
	write("locales/doc/fr.toml", b.String())
	write("source/doc.md", "# Setting up\n\nRun `cargo fetch` to set the tool up on your machine.\n\nRead [the guide](https://example.org/b) before you start.\n")
	if res, err := Extract(loadProject(t, dir)); err != nil || len(res.Errors) > 0 {
		t.Fatal(err, res.Errors)
	}
	return dir
}

// A document's stale translation is checked against the text it was
// translated from, not against the edited source: changing a code span
// or a link target in the source makes its translations stale (a
// warning with the word diff), not wrong. Its edition is built, showing
// the source text in the stale segments' place.
func TestStaleTranslationsCheckedAgainstTheirSource(t *testing.T) {
	dir := staleProject(t, "Exécutez `cargo install` pour installer l'outil sur votre machine.")
	p := loadProject(t, dir)
	res, _, err := Check(p, []string{"fr"})
	if err != nil {
		t.Fatal(err)
	}
	stale := 0
	for _, d := range res.Diagnostics {
		switch {
		case d.Check == "stale":
			stale++
		case d.Severity == check.Error:
			t.Errorf("error on a stale translation that matches the text it translates: %s", d)
		}
	}
	if stale != 2 {
		t.Fatalf("%d stale warnings, want 2: %v", stale, res.Diagnostics)
	}
	ed := buildFrenchEdition(t, p)
	if !strings.Contains(ed, "Run `cargo fetch`") || !strings.Contains(ed, "https://example.org/b") || !strings.Contains(ed, "# Installation") {
		t.Fatalf("the edition does not show the source for its stale segments and the current heading:\n%s", ed)
	}
}

// What a stale translation gets wrong against the text it translates is
// still an error for check, named with that text's code; its edition is
// still built, since it does not show the stale translation.
func TestStaleTranslationErrorsDoNotBlockTheEdition(t *testing.T) {
	dir := staleProject(t, "Exécutez l'installation sur votre machine.")
	p := loadProject(t, dir)
	res, _, err := Check(p, []string{"fr"})
	if err != nil {
		t.Fatal(err)
	}
	errs := checkErrors(res.Diagnostics)
	if len(errs) != 1 || !strings.Contains(errs[0], "markdown-parity") || !strings.Contains(errs[0], "`cargo install`") {
		t.Fatalf("want one markdown-parity error naming `cargo install` (the code of the text it translates), got %q", errs)
	}
	buildFrenchEdition(t, p)
}

// buildFrenchEdition builds the project's French Markdown edition and
// returns it, failing the test if it is not built.
func buildFrenchEdition(t *testing.T, p *project.Project) string {
	t.Helper()
	out := t.TempDir()
	br, err := Build(p, BuildOptions{Locales: []string{"fr"}, Formats: []string{"md"}, Out: out})
	if err != nil || len(br.Skipped) > 0 {
		t.Fatalf("build: %v, skipped %v", err, br.Skipped)
	}
	ed, err := os.ReadFile(filepath.Join(out, "fr", "doc.md"))
	if err != nil {
		t.Fatal(err)
	}
	return string(ed)
}

// Build checks for errors only, and a control character in a translation
// is an error among the text checks (which only warn otherwise): the
// edition is refused, as check reports it.
func TestBuildRefusesAControlCharacter(t *testing.T) {
	dir := copyProject(t)
	editFile(t, filepath.Join(dir, "locales/cyberspace/es.toml"), func(s string) string {
		return strings.Replace(s, "\nother = \"", "\nother = \"\\u0007", 1)
	})
	res, err := Build(loadProject(t, dir), BuildOptions{Formats: []string{"md"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Skipped) != 1 || !strings.Contains(res.Skipped[0], "(es): not built") || !strings.Contains(res.Skipped[0], "[control-chars]") {
		t.Errorf("skipped %q, want the Spanish edition refused for its control character", res.Skipped)
	}
	if slices.Contains(res.Written, "output/es/cyberspace.md") {
		t.Errorf("the Spanish edition was written: %v", res.Written)
	}
}
