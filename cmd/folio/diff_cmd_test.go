package main

import (
	"bytes"
	"strings"
	"testing"

	"folio/internal/pipeline"
)

// Colour goes only where asked for; the words are the same either way.
func TestPrintDiffColour(t *testing.T) {
	res := &pipeline.DiffResult{Locale: "fr", Documents: []pipeline.DiffDocument{{
		Document: "doc", Recorded: true,
		Changes: []pipeline.DiffEntry{{
			ID: "intro.a", Change: pipeline.ChangeEdited, State: "stale", Translation: "Bonjour",
			Old: "Hello world", New: "Hello there", Diff: pipeline.WordDiff("Hello world", "Hello there"),
		}},
	}}}
	var plain, colour bytes.Buffer
	printDiff(&plain, res, false)
	printDiff(&colour, res, true)
	if strings.Contains(plain.String(), "\x1b[") {
		t.Errorf("plain output has escape codes:\n%s", plain.String())
	}
	for _, want := range []string{"\x1b[31m[-world-]\x1b[0m", "\x1b[32m{+there+}\x1b[0m", "\x1b[33mstale\x1b[0m"} {
		if !strings.Contains(colour.String(), want) {
			t.Errorf("coloured output lacks %q:\n%q", want, colour.String())
		}
	}
	strip := strings.NewReplacer("\x1b[31m", "", "\x1b[32m", "", "\x1b[33m", "", "\x1b[0m", "")
	if strip.Replace(colour.String()) != plain.String() {
		t.Errorf("colour changes the words:\n%s\n%s", colour.String(), plain.String())
	}
}
