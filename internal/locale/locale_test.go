package locale

import "testing"

// NameIn must not panic for a valid tag x/text has no display names in
// (private use, "no linguistic content"): build names every locale in
// every other.
func TestNameInUnknownDisplayLanguage(t *testing.T) {
	for _, tag := range []string{"qaa", "qqq", "zxx", "mis", "art-lojban", "fr"} {
		if _, err := Parse(tag); err != nil {
			t.Fatalf("Parse(%q): %v", tag, err)
		}
		for _, in := range []string{"qaa", "qqq", "zxx", "en", "fr"} {
			if NameIn(tag, in) == "" {
				t.Errorf("NameIn(%q, %q) is empty", tag, in)
			}
		}
	}
	if got := NameIn("fr", "en"); got != "French" {
		t.Errorf("NameIn(fr, en) = %q", got)
	}
}
