package state

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// A loaded unit reads its history when first asked, once, from any
// number of goroutines at a time (go test -race), and reports a history
// that does not load; a Unit made by hand answers from its fields.
func TestLoadedHistory(t *testing.T) {
	p := testProject(t, map[string]string{
		"folio.toml":            "source_language = \"en\"\nlocales = [\"fr\"]\n",
		"source/a.md":           "# A\n",
		"source/b.md":           "# B\n",
		"source/c.md":           "# C\n",
		".folio/history/a.toml": "\"sha1-1\" = \"Old title\"\n\"sha1-2\" = \"A\"\n",
		".folio/history/b.toml": "\"sha1-1\" = \n",
		"locales/a/en.toml":     "",
		"locales/b/en.toml":     "",
		"locales/c/en.toml":     "",
		"locales/a/fr.toml":     "",
	})
	dir := p.Root
	st := Load(p, p.Locales)
	units := map[string]*Unit{}
	for _, u := range st.Units {
		units[u.Name] = u
	}
	a, b, c := units["a"], units["b"], units["c"]
	if a == nil || b == nil || c == nil {
		t.Fatalf("units %v", units)
	}
	// The history is read after the load: a change made in between is
	// what the unit sees.
	os.WriteFile(filepath.Join(dir, ".folio/history/a.toml"), []byte("\"sha1-1\" = \"Older title\"\n\"sha1-2\" = \"A\"\n"), 0o644)
	var wg sync.WaitGroup
	texts := make([]string, 16)
	for i := range texts {
		wg.Go(func() { texts[i], _ = a.HistoryText("sha1-1") })
	}
	wg.Wait()
	for i, text := range texts {
		if text != "Older title" {
			t.Fatalf("goroutine %d read %q", i, text)
		}
	}
	if _, ok := a.HistoryText("sha1-3"); ok {
		t.Error("a text the history does not have was found")
	}
	if hist, err := a.LoadedHistory(); err != nil || len(hist) != 2 {
		t.Errorf("a: %q, %v", hist, err)
	}
	if hist, err := b.LoadedHistory(); err == nil || len(hist) != 0 {
		t.Errorf("b's history does not load, yet: %q, %v", hist, err)
	}
	if _, ok := b.HistoryText("sha1-1"); ok {
		t.Error("a history that does not load gave a text")
	}
	if hist, err := c.LoadedHistory(); err != nil || len(hist) != 0 {
		t.Errorf("c has no history file: %q, %v", hist, err)
	}
	if _, err := os.Stat(filepath.Join(dir, ".folio/history/c.toml")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("reading c's history made its file: %v", err)
	}
	byHand := &Unit{Name: "x", History: map[string]string{"h": "text"}}
	if text, ok := byHand.HistoryText("h"); !ok || text != "text" {
		t.Errorf("by hand: %q, %v", text, ok)
	}
}
