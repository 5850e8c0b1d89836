package pipeline

import (
	"maps"
	"os"
	"path/filepath"
	"strings"
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

// Extract keeps in a unit's history every source text and every text it
// held: a text missing from it (a line deleted, the whole file gone) is
// written back, an edited paragraph's old and new texts are both kept,
// and a history that holds them all is left byte for byte as it was.
func TestExtractKeepsHistory(t *testing.T) {
	dir := copyProject(t)
	p := loadProject(t, dir)
	rel := state.HistoryPath("cyberspace")
	histFile := p.Abs(rel)
	extract := func() map[string]string {
		t.Helper()
		// Without the caches, so that extract merges the unit again.
		os.RemoveAll(filepath.Join(dir, ".folio", "cache"))
		if _, err := Extract(loadProject(t, dir)); err != nil {
			t.Fatal(err)
		}
		hist, err := state.LoadHistory(p, "cyberspace")
		if err != nil {
			t.Fatal(err)
		}
		return hist
	}
	// sources is the source catalog's texts by hash.
	sources := func() map[string]string {
		t.Helper()
		st := state.LoadCatalogs(loadProject(t, dir), nil)
		m := map[string]string{}
		for _, msg := range st.Units[0].Source.Messages {
			m[msg.Hash] = msg.Other()
		}
		return m
	}
	holdsAll := func(what string, hist, want map[string]string) {
		t.Helper()
		if len(want) == 0 {
			t.Fatalf("%s: nothing to look for", what)
		}
		for h, text := range want {
			if hist[h] != text {
				t.Fatalf("%s: the history has %q for %s, want %q", what, hist[h], h, text)
			}
		}
	}
	first := extract()
	holdsAll("first extract", first, sources())
	before, err := os.ReadFile(histFile)
	if err != nil {
		t.Fatal(err)
	}
	extract()
	if after, _ := os.ReadFile(histFile); string(after) != string(before) {
		t.Fatal("an extract with nothing new changed the history")
	}

	// One line gone: written back.
	lines := strings.SplitAfter(string(before), "\n")
	if len(lines) < 4 {
		t.Fatalf("history of %d lines", len(lines))
	}
	os.WriteFile(histFile, []byte(strings.Join(append(lines[:2:2], lines[3:]...), "")), 0o644)
	if got := extract(); !maps.Equal(got, first) {
		t.Fatalf("a line deleted from the history: extract left %d texts, want %d", len(got), len(first))
	}
	if after, _ := os.ReadFile(histFile); string(after) != string(before) {
		t.Fatal("the history written back is not what extract wrote first")
	}
	// The file gone: written again.
	os.Remove(histFile)
	if got := extract(); !maps.Equal(got, first) {
		t.Fatalf("history removed: extract wrote %d texts, want %d", len(got), len(first))
	}

	// A paragraph edited: the new text joins the old ones.
	src := filepath.Join(dir, "source", "cyberspace.md")
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	const old = "cyberspace"
	i := strings.LastIndex(string(data), old)
	if i < 0 {
		t.Fatalf("no %q in the source", old)
	}
	os.WriteFile(src, []byte(string(data[:i])+"the Internet"+string(data[i+len(old):])), 0o644)
	edited := extract()
	holdsAll("after an edit, the old texts", edited, first)
	holdsAll("after an edit, the new texts", edited, sources())
	if len(edited) <= len(first) {
		t.Fatalf("after an edit the history has %d texts, before it %d", len(edited), len(first))
	}
}
