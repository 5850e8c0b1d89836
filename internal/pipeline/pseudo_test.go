package pipeline

import "testing"

// PseudoText accents what goldmark reads as text and nothing else: these
// are the shapes real documents have that a pattern over the raw text
// got wrong (bench/gen -from on the shared corpus found them).
func TestPseudoTextKeepsMarkup(t *testing.T) {
	cases := map[string]string{
		// Code spans of two backticks, with a backtick or a
		// {{placeholder}} inside, stay whole.
		"Run ``git stash show {{stash@{0}}}`` now": "⟦Rúñ ``git stash show {{stash@{0}}}`` ñów ···⟧",
		"Use ``a ` b`` here":                       "⟦Úšé ``a ` b`` héré ···⟧",
		// A collapsed or shortcut reference: its text is its label.
		"Per [RFC #3931][], we start": "⟦Pér [RFC #3931][], wé štárt ·····⟧",
		"See [config] too":            "⟦Šéé [config] tóó ···⟧",
		// An inline link: its text is accented, its destination not.
		"a [call](https://x.org/a) b": "⟦á [çáll](https://x.org/a) b ···⟧",
		// An address first: GFM wants a space before it.
		"https://example.org/a is it": "⟦ https://example.org/a íš ít ··⟧",
		"<https://example.org/a> is":  "⟦<https://example.org/a> íš ·⟧",
		// Only the first link decides (bench/gen -from on Debian's
		// CONTRIBUTORS files: the first address lost its link).
		"a@example.org <a@example.org>":       "⟦ a@example.org <a@example.org> ·⟧",
		"www.example.org <https://x.org> and": "⟦ www.example.org <https://x.org> áñd ··⟧",
		// Raw HTML, entities and escapes.
		"a <span class=\"x\">b</span> &amp; \\*c": "⟦á <span class=\"x\">b</span> &amp; \\*ç ··⟧",
		// A letter with a combining mark after it stays as the source
		// spells it (Node's changelog: "Gołe\u0328biowski").
		"Michał Gołe\u0328biowski": "⟦Míçháł Gółe\u0328bíówškí ·······⟧",
		"":                         "",
	}
	for in, want := range cases {
		if got := PseudoText(in); got != want {
			t.Errorf("PseudoText(%q)\n got %q\nwant %q", in, got, want)
		}
	}
}
