package check

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"golang.org/x/text/unicode/norm"

	"folio/internal/tomlpos"
)

// GlossaryPath is the term base's project-relative path.
const GlossaryPath = "locales/glossary.toml"

// Glossary is the project's term base: for each term, its source forms and,
// per locale, the approved renderings (any one counts; inflected forms are
// listed) and forbidden variants.
type Glossary struct {
	Terms []*Term
}

// Term is one glossary entry.
type Term struct {
	Key string
	// Source is the term in the source language; Variants are other source
	// forms of the same term.
	Source   string
	Variants []string
	// DNT marks a do-not-translate term.
	DNT     bool
	Note    string
	Locales map[string]*Rendering
	// re gives the regexp that finds the term (termRegexp), compiled on
	// first use: with Unicode classes under (?i), compiling one took
	// about 0.14 ms, and the white paper's 80 terms were a third of a
	// build after one catalog changed, and half of one with nothing to
	// do.
	re func() *regexp.Regexp
	// keys are the lower-case first words of the term's forms: a text
	// that contains none of them cannot match re (see mayMatch).
	keys []string
}

// Rendering is a term's rendering in one locale.
type Rendering struct {
	Approved  []string `toml:"approved"`
	Forbidden []string `toml:"forbidden"`
	Source    string   `toml:"source"`
}

// LoadGlossary reads the term base at path, naming it name in its
// errors; a missing file is an empty glossary.
func LoadGlossary(path, name string) (*Glossary, error) {
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return &Glossary{}, nil
	}
	if err != nil {
		return nil, err
	}
	return ParseGlossary(name, data)
}

// ParseGlossary parses a term base:
//
//	[term-key]
//	source = "critical information infrastructure"
//	variants = ["critical information infrastructures"]  # optional
//	dnt = false                                            # optional
//	[term-key.fr]
//	approved = ["infrastructures d’information critiques"]
//	forbidden = ["infrastructures critiques d’information"]
//	source = "where the rendering comes from"
func ParseGlossary(path string, data []byte) (*Glossary, error) {
	if at, deep := tomlpos.TooDeep(data); deep {
		return nil, fmt.Errorf("%s:%d:%d: nested too deeply", path, at.Line, at.Column)
	}
	var raw map[string]map[string]any
	if _, err := toml.Decode(string(data), &raw); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			at := tomlpos.SyntaxError(data, pe.Position.Line, pe.Position.Col, pe.Position.Start)
			return nil, fmt.Errorf("%s:%d:%d: %s", path, at.Line, at.Column, pe.Message)
		}
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	// Where a term's key is, for an error (the scan only then).
	keyAt := func(path ...string) tomlpos.Pos { return tomlpos.Scan(data).Key(path) }
	g := &Glossary{}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t := &Term{Key: k, Locales: map[string]*Rendering{}}
		for field, v := range raw[k] {
			switch field {
			case "source":
				t.Source, _ = v.(string)
			case "variants":
				for _, x := range asStrings(v) {
					t.Variants = append(t.Variants, x)
				}
			case "dnt":
				t.DNT, _ = v.(bool)
			case "note":
				t.Note, _ = v.(string)
			default:
				m, ok := v.(map[string]any)
				if !ok {
					at := keyAt(k, field)
					return nil, fmt.Errorf("%s:%d:%d: term %q: unknown field %q", path, at.Line, at.Column, k, field)
				}
				r := &Rendering{Approved: asStrings(m["approved"]), Forbidden: asStrings(m["forbidden"])}
				r.Source, _ = m["source"].(string)
				t.Locales[field] = r
			}
		}
		if t.Source == "" {
			at := keyAt(k)
			return nil, fmt.Errorf("%s:%d:%d: term %q has no source", path, at.Line, at.Column, k)
		}
		forms := append([]string{t.Source}, t.Variants...)
		t.re = sync.OnceValue(func() *regexp.Regexp { return termRegexp(forms) })
		t.keys = termKeys(forms)
		g.Terms = append(g.Terms, t)
	}
	return g, nil
}

func asStrings(v any) []string {
	var out []string
	if list, ok := v.([]any); ok {
		for _, x := range list {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

// termRegexp matches a source term as whole words, case-insensitively, in
// any number (a final s/es), with hyphens and spaces interchangeable.
func termRegexp(forms []string) *regexp.Regexp {
	if testTermCompiled != nil {
		testTermCompiled(forms[0])
	}
	var alts []string
	for _, f := range forms {
		words := strings.FieldsFunc(f, func(r rune) bool { return r == ' ' || r == '-' })
		for i, w := range words {
			words[i] = regexp.QuoteMeta(w) + `(?:s|es)?`
		}
		alts = append(alts, strings.Join(words, `[\s\-]+`))
	}
	return regexp.MustCompile(`(?i)(?:^|[^\pL\pN])(?:` + strings.Join(alts, "|") + `)(?:$|[^\pL\pN])`)
}

// testTermCompiled, when a test sets it, is told the source form of each
// term whose regexp is compiled.
var testTermCompiled func(term string)

// termKeys returns the lower-case first word of each form, or nil when
// one is not plain ASCII (then mayMatch cannot rule the term out).
func termKeys(forms []string) []string {
	var keys []string
	for _, f := range forms {
		words := strings.FieldsFunc(f, func(r rune) bool { return r == ' ' || r == '-' })
		if len(words) == 0 {
			return nil
		}
		for _, r := range words[0] {
			if r >= 0x80 {
				return nil
			}
		}
		keys = append(keys, strings.ToLower(words[0]))
	}
	return keys
}

// foldForKeys lower-cases text for mayMatch. Besides ASCII, only U+212A
// KELVIN SIGN and U+017F LONG S fold to ASCII letters in a case-insensitive
// regexp; ToLower maps the first to k, the second is mapped here.
func foldForKeys(text string) string {
	return strings.ReplaceAll(strings.ToLower(text), "ſ", "s")
}

// mayMatch is a quick test before the term's regexp: the regexp matches
// only where the first word of a form occurs.
func (t *Term) mayMatch(folded string) bool {
	if t.keys == nil {
		return true
	}
	for _, k := range t.keys {
		if strings.Contains(folded, k) {
			return true
		}
	}
	return false
}

// Check returns the glossary problems of translation tr of src in locale
// tag.
func (g *Glossary) Check(tag, src, tr string) []string {
	return g.check(tag, g.termsIn(src), tr)
}

// termsIn returns the terms whose source forms src has, in glossary
// order: what Check finds in a source text whatever the locale.
func (g *Glossary) termsIn(src string) []*Term {
	if g == nil || len(g.Terms) == 0 {
		return nil
	}
	var out []*Term
	folded := foldForKeys(src)
	for _, t := range g.Terms {
		if t.mayMatch(folded) && t.re().MatchString(src) {
			out = append(out, t)
		}
	}
	return out
}

// check is Check with the terms of the source found beforehand.
func (g *Glossary) check(tag string, terms []*Term, tr string) []string {
	if g == nil {
		return nil
	}
	var out []string
	lower, lowered := "", false
	for _, t := range terms {
		r := t.Locales[tag]
		if r == nil {
			continue
		}
		if !lowered {
			// Compare in NFC: a decomposed é is still the approved rendering
			// (the nfc check reports the decomposition itself).
			lower, lowered = strings.ToLower(norm.NFC.String(tr)), true
		}
		if len(r.Approved) > 0 {
			found := false
			for _, a := range r.Approved {
				if strings.Contains(lower, strings.ToLower(norm.NFC.String(a))) {
					found = true
					break
				}
			}
			if !found {
				out = append(out, fmt.Sprintf("the source has the term %q; its approved rendering %q is missing", t.Source, r.Approved[0]))
			}
		}
		for _, f := range r.Forbidden {
			if f != "" && strings.Contains(lower, strings.ToLower(norm.NFC.String(f))) {
				out = append(out, fmt.Sprintf("%q is a forbidden rendering of %q; use %q", f, t.Source, first(r.Approved)))
			}
		}
	}
	return out
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// DoNotTranslate reports whether text is entirely a do-not-translate term.
func (g *Glossary) DoNotTranslate(text string) bool {
	if g == nil {
		return false
	}
	text = strings.TrimSpace(text)
	for _, t := range g.Terms {
		if t.DNT && strings.EqualFold(text, t.Source) {
			return true
		}
	}
	return false
}
