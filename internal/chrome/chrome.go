// Package chrome renders the edition chrome strings — the words Folio adds
// around a document in its editions (edition label, notice, table of
// contents, language switcher, coverage lines, review labels) — from the
// catalog-only component locales/ui/<tag>.toml through go-i18n's Bundle and
// Localizer, with each locale's CLDR plural forms. Built-in English strings
// stand in where a project has none.
//
// The package imports tomlpos, go-i18n, BurntSushi/toml, golang.org/x/text
// and the standard library.
package chrome

import (
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"folio/internal/tomlpos"
)

//go:embed default.en.toml
var defaultEN []byte

// Component is the name of the chrome strings' component.
const Component = "ui"

// Strings renders chrome strings for the locales of a project.
type Strings struct {
	bundle *i18n.Bundle
	source string
	// locs holds a Localizer per locale (localizer): making one parses
	// its tags, which took 4 % of S10's build of every format when each
	// string made its own.
	locs sync.Map
}

// localizer returns the Localizer of locale tag: the tag, then the source
// language, then built-in English. A Localizer does not change once made,
// so the goroutines of a build share it.
func (s *Strings) localizer(tag string) *i18n.Localizer {
	if l, ok := s.locs.Load(tag); ok {
		return l.(*i18n.Localizer)
	}
	l, _ := s.locs.LoadOrStore(tag, i18n.NewLocalizer(s.bundle, tag, s.source, "en"))
	return l.(*i18n.Localizer)
}

// Load reads locales/ui/<tag>.toml for each tag (missing files are fine)
// under root, with built-in English as the last fallback.
func Load(root, source string, tags []string) *Strings {
	b := i18n.NewBundle(language.Make(source))
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	_, _ = b.ParseMessageFileBytes(defaultEN, "en.toml")
	for _, t := range append([]string{source}, tags...) {
		data, err := readInside(root, filepath.Join("locales", Component, t+".toml"))
		if _, deep := tomlpos.TooDeep(data); err != nil || deep {
			continue
		}
		_, _ = b.ParseMessageFileBytes(data, t+".toml")
	}
	return &Strings{bundle: b, source: source}
}

// maxFileSize matches project.MaxFileSize (this package may not import it).
const maxFileSize = 64 << 20

// readInside reads root/rel unless a symbolic link leads it outside root
// or it is over the size limit: check reports such a catalog as broken,
// and its strings must not reach an edition either.
func readInside(root, rel string) ([]byte, error) {
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return nil, err
	}
	real, err := filepath.EvalSymlinks(filepath.Join(root, rel))
	if err != nil {
		return nil, err
	}
	if r, err := filepath.Rel(realRoot, real); err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return nil, fmt.Errorf("%s leads outside the project", rel)
	}
	if fi, err := os.Stat(real); err != nil || !fi.Mode().IsRegular() || fi.Size() > maxFileSize {
		return nil, fmt.Errorf("%s is not a readable file under the size limit", rel)
	}
	return os.ReadFile(real)
}

// T returns message id in locale tag with the template data; count, when
// not nil, chooses the plural form.
func (s *Strings) T(tag, id string, data map[string]any, count any) string {
	l := s.localizer(tag)
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
	l := s.localizer(tag)
	_, t, err := l.LocalizeWithTag(&i18n.LocalizeConfig{MessageID: id})
	if err != nil || t == language.Und {
		return "en"
	}
	if t == language.Make(tag) {
		return tag
	}
	return t.String()
}
