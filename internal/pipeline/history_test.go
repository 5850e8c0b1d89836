package pipeline

import (
	"maps"
	"os"
	"path/filepath"
	"testing"

	"github.com/BurntSushi/toml"

	"folio/internal/project"
	"folio/internal/state"
)

// The history extract writes must read back as the map it encoded: TOML
// decodes encodeHistory's bytes to the same map, on hard texts, and
// state.LoadHistory (which has a reader of its own for the files Folio
// writes) returns exactly what a TOML decode of the file returns.
func TestHistoryReadsBackAsTOMLDecodes(t *testing.T) {
	dir := copyProject(t)
	p, err := project.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	hist := map[string]string{
		"sha1-a":   "quote \" backslash \\ tab\t cr\r nl\n del\x7f nul\x00 bell\x07 ⏎ é 字 🙂 \\u00e9 '''",
		"sha1-b":   "",
		"k \"q\"":  "v",
		"sha1-c\n": "line\r\nline",
	}
	data := encodeHistory(hist)
	decoded := map[string]string{}
	if _, err := toml.Decode(string(data), &decoded); err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(decoded, hist) {
		t.Fatalf("TOML decodes encodeHistory's bytes to\n%q\nnot\n%q", decoded, hist)
	}
	rel := state.HistoryPath("x")
	write := func(data []byte) {
		t.Helper()
		os.MkdirAll(filepath.Dir(p.Abs(rel)), 0o755)
		if err := os.WriteFile(p.Abs(rel), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(data)
	if got, err := state.LoadHistory(p, "x"); err != nil || !maps.Equal(got, hist) {
		t.Fatalf("load: %q, %v", got, err)
	}
	// A text that is not valid UTF-8 cannot go through TOML unchanged: the
	// load gives what TOML gives.
	bad := map[string]string{"sha1-d": "caf\xe9"}
	data = encodeHistory(bad)
	want := map[string]string{}
	if _, err := toml.Decode(string(data), &want); err != nil {
		t.Fatal(err)
	}
	write(data)
	if got, err := state.LoadHistory(p, "x"); err != nil || !maps.Equal(got, want) {
		t.Fatalf("load of invalid UTF-8: %q, %v; want %q", got, err, want)
	}
}
