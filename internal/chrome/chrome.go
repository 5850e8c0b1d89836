// Package chrome renders the edition chrome strings — the words Folio adds
// around a document in its editions (edition label, notice, table of
// contents, language switcher, coverage lines, review labels) — from the
// catalog-only component locales/ui/<tag>.toml through go-i18n's Bundle and
// Localizer, with each locale's CLDR plural forms. Built-in English strings
// stand in where a project has none.
//
// The package imports go-i18n, BurntSushi/toml, golang.org/x/text and the
// standard library.
package chrome

import (
	_ "embed"
	"os"
	"path/filepath"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed default.en.toml
var defaultEN []byte

// Component is the name of the chrome strings' component.
const Component = "ui"

// Strings renders chrome strings for the locales of a project.
type Strings struct {
	bundle *i18n.Bundle
	source string
}

// Load reads locales/ui/<tag>.toml for each tag (missing files are fine)
// under root, with built-in English as the last fallback.
func Load(root, source string, tags []string) *Strings {
	b := i18n.NewBundle(language.Make(source))
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	_, _ = b.ParseMessageFileBytes(defaultEN, "en.toml")
	for _, t := range append([]string{source}, tags...) {
		data, err := os.ReadFile(filepath.Join(root, "locales", Component, t+".toml"))
		if err != nil {
			continue
		}
		_, _ = b.ParseMessageFileBytes(data, t+".toml")
	}
	return &Strings{bundle: b, source: source}
}

// T returns message id in locale tag with the template data; count, when
// not nil, chooses the plural form.
func (s *Strings) T(tag, id string, data map[string]any, count any) string {
	l := i18n.NewLocalizer(s.bundle, tag, s.source, "en")
	out, err := l.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: count})
	if err != nil && out == "" {
		return id
	}
	return out
}

// Lang returns the tag of the language that message id is shown in for
// locale tag: tag itself, or the fallback (source language, built-in
// English) when tag's strings lack it.
func (s *Strings) Lang(tag, id string) string {
	l := i18n.NewLocalizer(s.bundle, tag, s.source, "en")
	_, t, err := l.LocalizeWithTag(&i18n.LocalizeConfig{MessageID: id})
	if err != nil || t == language.Und {
		return "en"
	}
	if t == language.Make(tag) {
		return tag
	}
	return t.String()
}
