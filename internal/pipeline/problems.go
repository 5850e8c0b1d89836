package pipeline

import (
	"errors"
	"io/fs"

	"folio/internal/coverage"
	"folio/internal/project"
	"folio/internal/state"
)

// StatusReport computes coverage for the locales, like Status, and lists
// what could not be loaded: status counts a broken catalog as
// untranslated, and must say so rather than report it silently. Counts
// whose inputs have not changed come from status's cache (statuscache.go).
func StatusReport(p *project.Project, locales []string) ([]coverage.Locale, []error) {
	return cachedStatus(p, locales)
}

// LoadProblems lists the documents, source catalogs, locale catalogs (of
// the given locales) and obsolete stores of st that exist but do not load.
// A missing catalog is a normal state, not a problem.
func LoadProblems(st *state.State, locales []string) []error {
	var out []error
	add := func(err error) {
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			out = append(out, err)
		}
	}
	for _, u := range st.Units {
		add(u.SegErr)
		add(u.SourceErr)
		for _, tag := range locales {
			if c := u.Locales[tag]; c != nil {
				add(c.Err)
				add(c.ObsoleteErr)
			}
		}
	}
	return out
}
