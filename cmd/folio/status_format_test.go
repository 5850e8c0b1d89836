package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"folio/internal/build"
	"folio/internal/coverage"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/status/")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "status", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/folio -run Status -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output:\n%s\n(run go test ./cmd/folio -run Status -update and review the diff)", path, got)
	}
}

// sampleCoverage has a complete CJK locale, a French one with every state,
// an Arabic one whose ui catalog does not load, and a document with no
// messages.
func sampleCoverage() []coverage.Locale {
	t := func(total, cur, stale int) coverage.Tally {
		return coverage.Tally{Total: total, Translated: cur, Stale: stale, Untranslated: total - cur - stale}
	}
	unit := func(name string, m, w, c coverage.Tally, obsolete int, broken bool) coverage.Unit {
		m.Obsolete = obsolete
		return coverage.Unit{Name: name, Counts: coverage.Counts{Messages: m, Words: w, Chars: c}, Broken: broken}
	}
	sum := func(tag string, us ...coverage.Unit) coverage.Locale {
		l := coverage.Locale{Tag: tag, Units: us}
		for _, u := range us {
			for _, p := range [][2]*coverage.Tally{{&l.Messages, &u.Messages}, {&l.Words, &u.Words}, {&l.Chars, &u.Chars}} {
				p[0].Total += p[1].Total
				p[0].Translated += p[1].Translated
				p[0].Stale += p[1].Stale
				p[0].Untranslated += p[1].Untranslated
				p[0].Obsolete += p[1].Obsolete
			}
		}
		return l
	}
	return []coverage.Locale{
		sum("zh-Hans", unit("guide", t(10, 10, 0), t(120, 120, 0), t(600, 600, 0), 0, false),
			unit("ui", t(4, 4, 0), t(9, 9, 0), t(50, 50, 0), 0, false)),
		sum("fr", unit("guide", t(10, 6, 3), t(120, 70, 30), t(600, 350, 150), 2, false),
			unit("ui", t(4, 1, 0), t(9, 2, 0), t(50, 10, 0), 0, false)),
		sum("ar", unit("guide", t(10, 9, 0), t(120, 110, 0), t(600, 560, 0), 0, false),
			unit("ui", t(4, 0, 0), t(9, 0, 0), t(50, 0, 0), 0, true)),
		sum("ru", unit("empty", t(0, 0, 0), t(0, 0, 0), t(0, 0, 0), 0, false)),
	}
}

func TestStatusTableGolden(t *testing.T) {
	golden(t, "table.txt", []byte(statusTable(sampleCoverage(), false)))
	golden(t, "table-color.txt", []byte(statusTable(sampleCoverage(), true)))
}

// TestStatusTableAligned checks that every column starts at the same
// display column on every line, CJK and Arabic names included.
func TestStatusTableAligned(t *testing.T) {
	out := statusTable(sampleCoverage(), false)
	for _, want := range []string{"简体中文", "français", "العربية", "█████████▒▒▒▒▒░░", "%"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	// The last column is right-aligned, so every line but the group
	// titles is as wide as the header, in display columns.
	width := build.Columns(lines[1])
	barAt := -1
	for i, l := range lines[2:] {
		if w := build.Columns(l); w != width {
			t.Errorf("line %d is %d columns wide, the header %d:\n%s", i+3, w, width, out)
		}
		// The bar starts at the same display column on every line.
		cut := strings.IndexAny(l, "█▒░")
		if cut < 0 {
			t.Fatalf("line %d has no bar: %q", i+3, l)
		}
		if at := build.Columns(l[:cut]); barAt < 0 {
			barAt = at
		} else if at != barAt {
			t.Errorf("line %d: bar at column %d, not %d:\n%s", i+3, at, barAt, out)
		}
	}
	// An RTL name is followed by a left-to-right mark, so that a bidi
	// terminal does not move the numbers after it to its left.
	if !strings.Contains(out, "العربية\u200e") {
		t.Error("no LRM after the Arabic name")
	}
	if strings.Contains(out, "français\u200e") {
		t.Error("LRM after a left-to-right name")
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour without a terminal")
	}
	if c := statusTable(sampleCoverage(), true); !strings.Contains(c, "\x1b[32m") {
		t.Error("no colour when asked")
	}
}

func TestStatusMarkdownGolden(t *testing.T) {
	golden(t, "status.md", []byte(statusMarkdown(sampleCoverage())))
}

// TestStatusJSONContract checks the fields DESIGN.md fixes, their types
// and values: extensions may be added, none of these changed.
func TestStatusJSONContract(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(statusJSON(sampleCoverage()), &doc); err != nil {
		t.Fatal(err)
	}
	locs, ok := doc["locales"].([]any)
	if !ok || len(locs) != 4 {
		t.Fatalf(`"locales" is not a list of 4: %v`, doc["locales"])
	}
	check := func(where string, o map[string]any, total, translated, stale, untranslated, wtotal, wtranslated float64) {
		t.Helper()
		m, _ := o["messages"].(map[string]any)
		w, _ := o["words"].(map[string]any)
		for k, want := range map[string]float64{"total": total, "translated": translated, "stale": stale, "untranslated": untranslated} {
			if got, ok := m[k].(float64); !ok || got != want {
				t.Errorf("%s: messages.%s = %v, want %v", where, k, m[k], want)
			}
		}
		for k, want := range map[string]float64{"total": wtotal, "translated": wtranslated} {
			if got, ok := w[k].(float64); !ok || got != want {
				t.Errorf("%s: words.%s = %v, want %v", where, k, w[k], want)
			}
		}
		// percent is translated/total messages × 100, 100 when total is 0.
		want := 100.0
		if total > 0 {
			want = translated / total * 100
		}
		if got, ok := o["percent"].(float64); !ok || got != want {
			t.Errorf("%s: percent = %v, want %v", where, o["percent"], want)
		}
	}
	fr := locs[1].(map[string]any)
	if fr["locale"] != "fr" {
		t.Fatalf(`locales[1].locale = %v`, fr["locale"])
	}
	check("fr", fr, 14, 7, 3, 4, 129, 72)
	docs, ok := fr["documents"].([]any)
	if !ok || len(docs) != 2 {
		t.Fatalf("fr documents = %v", fr["documents"])
	}
	guide := docs[0].(map[string]any)
	if guide["document"] != "guide" {
		t.Errorf(`documents[0].document = %v`, guide["document"])
	}
	check("fr/guide", guide, 10, 6, 3, 1, 120, 70)
	ru := locs[3].(map[string]any)
	check("ru", ru, 0, 0, 0, 0, 0, 0)
	ar := locs[2].(map[string]any)
	if ui := ar["documents"].([]any)[1].(map[string]any); ui["broken"] != true {
		t.Errorf("ar/ui: broken = %v, want true", ui["broken"])
	}
	if _, ok := fr["broken"]; ok {
		t.Error(`"broken" written for a locale that loads`)
	}
	// A locale of a project without documents still has the list.
	if got := string(statusJSON([]coverage.Locale{{Tag: "fr"}})); !strings.Contains(got, `"documents": []`) {
		t.Errorf("no documents: %s", got)
	}
	// Empty coverage is still an object with a list.
	if got := string(statusJSON(nil)); !strings.Contains(got, `"locales": []`) {
		t.Errorf("statusJSON(nil) = %s", got)
	}
}
