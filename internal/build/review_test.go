package build

import (
	"strings"
	"testing"
	"time"

	"folio/internal/catalog"
)

func TestWordDiffHTML(t *testing.T) {
	cases := []struct{ old, new, want string }{
		{"Second paragraph about cherries.", "Second paragraph about pears.", "Second paragraph about <del>cherries</del> <ins>pears</ins>."},
		{"a b c", "a c", "a <del>b </del>c"},
		{"x <b> & y", "x <i> & y", "x &lt;<del>b</del> <ins>i</ins>&gt; &amp; y"},
		{"互联网发展日新月异", "互联网发展很快", "互联网发展<del>日新月异</del> <ins>很快</ins>"},
		{"same", "same", "same"},
	}
	for _, c := range cases {
		if got := wordDiffHTML(c.old, c.new); got != c.want {
			t.Errorf("wordDiffHTML(%q, %q) = %q, want %q", c.old, c.new, got, c.want)
		}
	}
}

// TestReviewStaleDiff: the review page shows, under a stale translation,
// how the source changed since it was translated, from the unit's
// history; the other renderings never ask the history (Assemble leaves
// the look-up to the review page, so that a build without one reads no
// history).
func TestReviewStaleDiff(t *testing.T) {
	const doc = "# Title\n\nThe first paragraph about pears.\n\nThe second paragraph.\n"
	u := unitOf(doc, "fr", []string{"Titre", "Premier paragraphe sur les cerises.", "Deuxième paragraphe."})
	old := "The first paragraph about cherries."
	tr := u.Locales["fr"].File.Messages[1]
	tr.Hash = catalog.Hash(old)
	u.History = map[string]string{tr.Hash: old}

	ed := Assemble(u, "fr", "en", false)
	if got := ed.Pieces[1].State; got != catalog.Stale {
		t.Fatalf("piece 1 is %v, want stale", got)
	}
	asked := 0
	ed.history = func(hash string) (string, bool) {
		asked++
		return u.HistoryText(hash)
	}
	pg := fuzzPage("fr")
	ed.HTML(pg)
	ed.Text(72)
	ed.GitHubMarkdown(&AnchorMemo{})
	ed.EPUB(pg, time.Time{})
	if asked != 0 {
		t.Fatalf("the HTML, text, Markdown and EPUB renderings looked the history up %d times", asked)
	}
	page := string(ed.Review(pg))
	if asked != 1 {
		t.Errorf("the review page looked the history up %d times, want once (one stale piece)", asked)
	}
	want := `<div class="folio-seg-diff" lang="en" dir="ltr"><p>The first paragraph about <del>cherries</del> <ins>pears</ins>.</p></div>`
	if !strings.Contains(page, want) {
		t.Errorf("the review page lacks the stale piece's diff %s:\n%s", want, page)
	}

	// A history that no longer holds the old text: no diff.
	u.History = map[string]string{}
	ed = Assemble(u, "fr", "en", false)
	if page := string(ed.Review(pg)); strings.Contains(page, `<div class="folio-seg-diff"`) {
		t.Errorf("a diff without the old text:\n%s", page)
	}
}
