package locale

import (
	"strings"
	"testing"
)

func TestDirectionComesFromTheScript(t *testing.T) {
	cases := map[string]string{
		"ar": "rtl", "ar-EG": "rtl", "fa": "rtl", "he": "rtl", "ur": "rtl", "ckb": "rtl",
		"en": "ltr", "zh-Hans": "ltr", "ru": "ltr", "fr": "ltr", "ja": "ltr",
		// A script subtag wins over the language's usual script.
		"az-Arab": "rtl", "pa-Arab": "rtl", "uz-Latn": "ltr",
		"ar-XB": "rtl", "en-XA": "ltr",
	}
	for tag, want := range cases {
		if got := Dir(tag); got != want {
			t.Errorf("Dir(%q) = %q, want %q", tag, got, want)
		}
		if RTL(tag) != (want == "rtl") {
			t.Errorf("RTL(%q) disagrees with Dir", tag)
		}
	}
}

func TestScript(t *testing.T) {
	cases := map[string]string{"zh-Hans": "Hans", "zh-TW": "Hant", "ru": "Cyrl", "ar": "Arab", "fr": "Latn", "ja": "Jpan"}
	for tag, want := range cases {
		if got := Script(tag); got != want {
			t.Errorf("Script(%q) = %q, want %q", tag, got, want)
		}
	}
}

func TestNames(t *testing.T) {
	self := map[string]string{"fr": "français", "zh-Hans": "简体中文", "ar": "العربية", "ru": "русский", "es": "español", "en": "English"}
	for tag, want := range self {
		if got := SelfName(tag); got != want {
			t.Errorf("SelfName(%q) = %q, want %q", tag, got, want)
		}
	}
	if got := NameIn("fr", "en"); got != "French" {
		t.Errorf("NameIn(fr, en) = %q", got)
	}
	if got := NameIn("ar", "fr"); got != "arabe" {
		t.Errorf("NameIn(ar, fr) = %q", got)
	}
}

func TestParse(t *testing.T) {
	for _, ok := range []string{"en", "zh-Hans", "pt-BR", "sr-Latn-RS", "en-XA"} {
		if got, err := Parse(ok); err != nil || got != ok {
			t.Errorf("Parse(%q) = %q, %v", ok, got, err)
		}
	}
	for _, bad := range []string{"", "english", "en_US", "zz-", "../fr", "fr/../../x", "x", "en--US", "a b"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted an invalid tag", bad)
		}
	}
}

func TestIsPseudo(t *testing.T) {
	for tag, want := range map[string]bool{"en-XA": true, "ar-XB": true, "qps-ploc": true, "en": false, "fr-CA": false, "ar": false} {
		if IsPseudo(tag) != want {
			t.Errorf("IsPseudo(%q) = %v", tag, !want)
		}
	}
}

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

func TestCheckList(t *testing.T) {
	ok := [][]string{nil, {"fr"}, {"fr", "fr-FR", "de"}, {"zh-Hans", "zh-Hant"}, {"EN-GB"}}
	for _, l := range ok {
		if i, err := CheckList("en", l); err != nil || i != -1 {
			t.Errorf("CheckList(en, %q) = %d, %v; want -1, nil", l, i, err)
		}
	}
	bad := []struct {
		locales []string
		at      int
		msg     string
	}{
		{[]string{"fr", "de", "fr"}, 2, `"fr" is listed twice`},
		{[]string{"fr", "de", "Fr"}, 2, `"fr" and "Fr" name the same locale`},
		{[]string{"fr", "en"}, 1, `"en" is the source language; list`},
		{[]string{"EN"}, 0, `"EN" is the source language ("en")`},
		{[]string{"fr", "x_y", "fr"}, 1, `separates subtags with '-'`},
		// The hyphenated spelling is suggested only when it is a tag.
		{[]string{"pt_BR"}, 0, `separates subtags with '-' (pt-BR)`},
		{[]string{"fr", ""}, 1, "empty language tag"},
	}
	for _, c := range bad {
		i, err := CheckList("en", c.locales)
		if err == nil || i != c.at || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("CheckList(en, %q) = %d, %v; want %d and %q", c.locales, i, err, c.at, c.msg)
		}
	}
}

// The hyphenated spelling of a tag written with '_' is suggested only when
// it is a valid tag itself.
func TestUnderscoreSuggestion(t *testing.T) {
	for tag, want := range map[string]string{
		"pt_BR":  `"pt_BR" is not a BCP 47 language tag: BCP 47 separates subtags with '-' (pt-BR)`,
		"xx_yy!": `"xx_yy!" is not a BCP 47 language tag: BCP 47 separates subtags with '-'`,
	} {
		if _, err := Parse(tag); err == nil || err.Error() != want {
			t.Errorf("Parse(%q) = %v, want %q", tag, err, want)
		}
	}
}
