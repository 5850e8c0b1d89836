// Package locale knows what Folio needs of a language: its canonical BCP 47
// tag, its own name and its name in other languages, its writing direction,
// and its script.
//
// Direction is derived from the script x/text gives for the tag (x/text has
// no direction API): a short table of right-to-left scripts.
//
// The package imports golang.org/x/text and the standard library.
package locale

import (
	"fmt"
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Parse validates a BCP 47 tag and returns it as written (Folio keeps the
// tag as the user spells it in file names), or an error saying why it is
// not valid.
func Parse(s string) (string, error) {
	if s == "" {
		return "", fmt.Errorf("empty language tag")
	}
	if strings.Contains(s, "_") {
		// Suggest the hyphenated spelling only when it is a tag.
		if fixed := strings.ReplaceAll(s, "_", "-"); validTag(fixed) {
			return "", fmt.Errorf("%q is not a BCP 47 language tag: BCP 47 separates subtags with '-' (%s)", s, fixed)
		}
		return "", fmt.Errorf("%q is not a BCP 47 language tag: BCP 47 separates subtags with '-'", s)
	}
	if strings.ContainsAny(s, "/\\. ") {
		return "", fmt.Errorf("%q is not a BCP 47 language tag", s)
	}
	t, err := language.Parse(s)
	if err != nil {
		return "", fmt.Errorf("%q is not a valid BCP 47 language tag: %v", s, err)
	}
	if base, conf := t.Base(); conf == language.No || base.String() == "und" {
		return "", fmt.Errorf("%q names no known language", s)
	}
	return s, nil
}

// validTag reports whether s, which has no '_', passes Parse.
func validTag(s string) bool {
	_, err := Parse(s)
	return err == nil
}

// CheckList validates a project's target locales against each other and
// its source language: each must be a valid tag (Parse), none may be the
// source language, and none may be listed twice. Tags are compared
// without regard to case, as BCP 47 compares them: "fr" and "FR" name one
// locale, whose catalogs would be fr.toml and FR.toml, one file on a
// case-insensitive file system. The index is that of the first locale in
// error.
func CheckList(source string, locales []string) (int, error) {
	seen := make(map[string]string, len(locales))
	for i, l := range locales {
		if _, err := Parse(l); err != nil {
			return i, err
		}
		key := strings.ToLower(l)
		if strings.EqualFold(l, source) {
			if l == source {
				return i, fmt.Errorf("%q is the source language; list only the target locales", l)
			}
			return i, fmt.Errorf("%q is the source language (%q); list only the target locales", l, source)
		}
		if first, ok := seen[key]; ok {
			if first == l {
				return i, fmt.Errorf("%q is listed twice", l)
			}
			return i, fmt.Errorf("%q and %q name the same locale (BCP 47 tags ignore case)", first, l)
		}
		seen[key] = l
	}
	return -1, nil
}

// Tag returns the x/text tag for a tag string (und when invalid).
func Tag(s string) language.Tag { return language.Make(s) }

var rtlScripts = map[string]bool{
	"Arab": true, "Hebr": true, "Syrc": true, "Thaa": true, "Nkoo": true, "Adlm": true,
	"Rohg": true, "Mand": true, "Samr": true, "Yezi": true, "Mend": true,
}

// Script returns the ISO 15924 script x/text infers for the tag.
func Script(tag string) string {
	s, _ := Tag(tag).Script()
	return s.String()
}

// RTL reports whether the language is written right to left.
func RTL(tag string) bool { return rtlScripts[Script(tag)] }

// Dir returns "rtl" or "ltr".
func Dir(tag string) string {
	if RTL(tag) {
		return "rtl"
	}
	return "ltr"
}

// SelfName returns the language's name in itself ("français", "简体中文").
// Names are kept once looked up: the status report asks for each
// locale's name in every row (40,000 times for 2,000 documents in 10
// locales), and each look-up parses the tag.
func SelfName(tag string) string {
	if n, ok := selfNames.Load(tag); ok {
		return n.(string)
	}
	n := display.Self.Name(Tag(tag))
	if n == "" {
		n = tag
	}
	selfNames.Store(tag, n)
	return n
}

var selfNames sync.Map // tag → SelfName

// NameIn returns the name of language tag in language in.
func NameIn(tag, in string) string {
	// display.Tags is nil for a language x/text has no names in (a
	// private-use tag such as qaa).
	if namer := display.Tags(Tag(in)); namer != nil {
		if n := namer.Name(Tag(tag)); n != "" {
			return n
		}
	}
	return SelfName(tag)
}

// IsPseudo reports whether tag is a pseudo-locale (en-XA, ar-XB, qps-…).
func IsPseudo(tag string) bool {
	t := Tag(tag)
	r, _ := t.Region()
	switch r.String() {
	case "XA", "XB", "XC":
		return true
	}
	return strings.HasPrefix(strings.ToLower(tag), "qps")
}
