package chrome

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// The built-in English strings are a copy of the project's locales/ui/en.toml;
// they must not drift apart.
func TestEmbeddedEnglishMatchesTheProject(t *testing.T) {
	project, err := os.ReadFile("../../locales/ui/en.toml")
	if err != nil {
		t.Fatal(err)
	}
	embedded, err := os.ReadFile("default.en.toml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(project, embedded) {
		t.Error("internal/chrome/default.en.toml differs from locales/ui/en.toml: copy it over")
	}
}

func TestPluralFormsFollowEachLocale(t *testing.T) {
	s := Load("../..", "en", []string{"en", "ru", "fr", "ar", "zh-Hans"})
	cases := []struct {
		tag   string
		count int
		want  string
	}{
		{"ru", 1, "Переведено 1 из 40 абзаца"},
		{"ru", 21, "Переведено 21 из 40 абзаца"},
		{"ru", 3, "Переведено 3 из 40 абзацев"},
		{"ru", 5, "Переведено 5 из 40 абзацев"},
	}
	for _, c := range cases {
		got := s.T(c.tag, "coverage.translated", map[string]any{"Count": c.count, "Total": 40}, c.count)
		if got != c.want {
			t.Errorf("%s count %d: %q, want %q", c.tag, c.count, got, c.want)
		}
	}
	// Arabic has six forms; 0, 1, 2, 3, 11 and 100 each pick a different one.
	seen := map[string]bool{}
	for _, n := range []int{0, 1, 2, 3, 11, 100} {
		seen[s.T("ar", "coverage.fallback", map[string]any{"Count": n, "Source": "الإنجليزية"}, n)] = true
	}
	if len(seen) != 6 {
		t.Errorf("Arabic gave %d distinct plural forms for 0, 1, 2, 3, 11, 100; want 6", len(seen))
	}
}

func TestTemplatesAndFallback(t *testing.T) {
	s := Load("../..", "en", []string{"fr", "de"})
	if got := s.T("fr", "edition.label", map[string]any{"Language": "français"}, nil); !strings.Contains(got, "français") {
		t.Errorf("fr edition.label = %q, want the language filled in", got)
	}
	// No locales/ui/de.toml: the built-in English stands in.
	if got := s.T("de", "toc.label", nil, nil); got != "Contents" {
		t.Errorf("de toc.label = %q, want the English fallback", got)
	}
	// A project with no ui folder at all still renders.
	empty := Load(t.TempDir(), "en", []string{"fr"})
	if got := empty.T("fr", "toc.label", nil, nil); got != "Contents" {
		t.Errorf("toc.label without a project = %q", got)
	}
}
