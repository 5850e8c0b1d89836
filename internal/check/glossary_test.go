package check

import (
	"slices"
	"testing"
)

// A term's regexp is compiled when a text may hold the term, once, and
// not when the glossary is parsed.
func TestGlossaryCompilesTermsOnUse(t *testing.T) {
	var compiled []string
	testTermCompiled = func(term string) { compiled = append(compiled, term) }
	defer func() { testTermCompiled = nil }()
	g, err := ParseGlossary("g.toml", []byte("[a]\nsource = \"cyberspace\"\n[a.fr]\napproved = [\"cyberespace\"]\n[b]\nsource = \"data security\"\n[c]\nsource = \"network sovereignty\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(compiled) > 0 {
		t.Fatalf("parsing compiled %q", compiled)
	}
	for range 3 {
		if got := g.Check("fr", "Cyberspace is shared; information flows.", "Le cyberespace est partagé."); len(got) > 0 {
			t.Fatal(got)
		}
	}
	if !slices.Equal(compiled, []string{"cyberspace"}) {
		t.Errorf("compiled %q, want the one term the text may hold, once", compiled)
	}
	if got := g.Check("fr", "On cyberspace.", "Sur l’internet."); len(got) != 1 {
		t.Errorf("missing approved rendering not reported: %q", got)
	}
}
