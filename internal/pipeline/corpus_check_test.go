package pipeline

import (
	"os"
	"path/filepath"
	"testing"

	"folio/internal/catalog"
	"folio/internal/project"
	"folio/internal/state"
)

// check on the real documents of ../shared/corpus (Hugo, MkDocs, Jekyll,
// Rust, Prometheus, tldr docs, in several languages and scripts), with
// every locale catalog holding the source text itself: a translation
// without defects, so no error may be reported (warnings such as
// identical and French typography on English text are expected).
//
// (Run on the pseudo-translation instead, check rightly reports parity
// errors: the pseudo-translator changes double-backtick code spans and
// shortcut reference labels, and wraps URLs in ⟦ ⟧ so that they no longer
// autolink.)
func TestCheckCorpusWithoutFalseErrors(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "folio.toml"), []byte("source_language = \"en\"\nlocales = [\"fr\", \"zh-Hans\", \"ar\", \"ru\"]\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, "source"), 0o755)
	files := corpus(t)
	for _, f := range files {
		data, _ := os.ReadFile(f)
		os.WriteFile(filepath.Join(dir, "source", filepath.Base(f)), data, 0o644)
	}
	p, err := project.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Extract(p); err != nil {
		t.Fatal(err)
	}
	// Identity translations: each locale catalog gets the source text.
	st := state.Load(p, nil)
	messages := 0
	for _, u := range st.Units {
		if u.Source == nil {
			continue
		}
		f := &catalog.File{}
		for _, sm := range u.Source.Messages {
			f.Add(&catalog.Message{ID: sm.ID, Hash: catalog.ExpectedHash(sm), Forms: sm.Forms})
			messages++
		}
		for _, tag := range []string{"fr", "zh-Hans", "ar", "ru"} {
			if err := os.WriteFile(p.Abs(project.CatalogPath(u.Name, tag)), f.Encode(nil), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	res, _, err := Check(p, p.Locales)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, d := range res.Diagnostics {
		count[d.Check]++
		if d.Severity == "error" {
			t.Errorf("false error: %s", d)
		}
	}
	t.Logf("%d documents, %d messages × 4 locales, identity translations: warnings by check %v", len(files), messages, count)
}
