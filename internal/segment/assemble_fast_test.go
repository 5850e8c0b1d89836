package segment

import (
	"strings"
	"testing"
)

// The first-byte filter in escapeLineStart skips only lines no pattern
// matches: for every byte it lets through, each pattern-significant tail
// gives the same result with the filter as without it.
func TestEscapeLineStartFilter(t *testing.T) {
	tails := []string{"", " ", "#", "# x", "-", "- x", "---", "===", "```", "~~~", "<div>", "<a>", "[a]: b", "| --- |", ":--", "1. x", "1) x", "[ ] x", ">", "\t", "x"}
	for c := 0; c < 256; c++ {
		for _, tail := range tails {
			l := string([]byte{byte(c)}) + tail
			if got, want := escapeLine(l, true), escapeLine(l, false); got != want {
				t.Errorf("escapeLineStart(%q) = %q with the filter, %q without", l, got, want)
			}
		}
	}
	// The filter lets through what must be escaped.
	for _, l := range []string{"# x", "- x", "1. x", "| --- |", "--- |", ":--|--", "[a]: b", "<div>", "```", "=", "> q", "_ _ _"} {
		if got := escapeLineStart(l); !strings.Contains(got, `\`) {
			t.Errorf("escapeLineStart(%q) = %q, not escaped", l, got)
		}
	}
}

func oneLineSlow(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}

// oneLine's shortcut (singleSpaced) returns what strings.Fields would.
func TestOneLine(t *testing.T) {
	for _, s := range []string{"", " ", "a", "a b", "a  b", " a", "a ", "a\nb", "a\tb", "a\u00a0b", "« a »", "a\u2028b", "a\u0085b", "a\u3000b", "日本 語", "a\xffb", "a \xff"} {
		if got, want := oneLine(s), oneLineSlow(s); got != want {
			t.Errorf("oneLine(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzOneLine(f *testing.F) {
	for _, s := range []string{"a b", "a  b", "\u00a0x", "x\u2029", "\xc2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := oneLine(s), oneLineSlow(s); got != want {
			t.Fatalf("oneLine(%q) = %q, want %q", s, got, want)
		}
		if got, want := escapeLine(s, true), escapeLine(s, false); got != want {
			t.Fatalf("escapeLineStart(%q) = %q with the filter, %q without", s, got, want)
		}
	})
}

// Render's shortcut for a one-line text returns what the general path
// returns, in a paragraph and in a list item (task markers), in every
// container the test documents have.
func TestRenderOneLine(t *testing.T) {
	doc := Markdown([]byte("Para one.\n\n- item one\n- [ ] task\n\n> quoted\n"), Options{})
	texts := []string{"", " ", "plain", "  padded  ", "# heading-like", "- bullet", "1. ordered", "1) ordered", "[ ] box", "[x] done", "> quote", "---", "<div>", "| a | b |", "a\rb", "\ttab", "日本語", "ends with \\"}
	for _, s := range doc.Segments {
		for _, text := range texts {
			if got, want := doc.Render(s, text), doc.renderLines(s, text); got != want {
				t.Errorf("segment %q, text %q: Render %q, general path %q", s.Text, text, got, want)
			}
		}
	}
	if len(doc.Segments) < 4 {
		t.Fatalf("the test document has %d segments, want a paragraph, list items and a quote", len(doc.Segments))
	}
}
