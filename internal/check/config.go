package check

import (
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/text/language"

	"folio/internal/project"
	"folio/internal/state"
)

// project.Load checks the names of [checks] against the registry, and
// places an unknown one in folio.toml.
func init() {
	project.KnownCheck = func(name string) bool {
		_, ok := Lookup(name)
		return ok
	}
}

// Config is the [checks] table of folio.toml: severities per project, per
// locale, and checks turned off per message ID. project.Load checks its
// keys and values (a field added here must be added to its checksConfig).
type Config struct {
	// Severity maps a check to "error", "warning" or "off".
	Severity map[string]string `toml:"severity"`
	// Locale maps a locale to its own check severities.
	Locale map[string]map[string]string `toml:"locale"`
	// Ignore maps a message ID to the checks turned off for it.
	Ignore map[string][]string `toml:"ignore"`
}

// Validate reports unknown checks and severities.
func (c Config) Validate() error {
	check := func(m map[string]string, where string) error {
		for name, sev := range m {
			if _, ok := Lookup(name); !ok {
				return fmt.Errorf("%s: unknown check %q (see folio check --list)", where, name)
			}
			switch sev {
			case "error", "warning", "off":
			default:
				return fmt.Errorf("%s.%s: severity must be \"error\", \"warning\" or \"off\", not %q", where, name, sev)
			}
		}
		return nil
	}
	if err := check(c.Severity, "checks.severity"); err != nil {
		return err
	}
	for l, m := range c.Locale {
		if err := check(m, "checks.locale."+l); err != nil {
			return err
		}
	}
	for id, names := range c.Ignore {
		for _, n := range names {
			if _, ok := Lookup(n); !ok {
				return fmt.Errorf("checks.ignore.%q: unknown check %q", id, n)
			}
		}
	}
	return nil
}

func (c Config) apply(ds []Diagnostic) []Diagnostic {
	var out []Diagnostic
	for _, d := range ds {
		sev := ""
		if s, ok := c.Severity[d.Check]; ok {
			sev = s
		}
		if s, ok := c.Locale[d.Locale][d.Check]; ok {
			sev = s
		}
		if sev == "off" || (d.ID != "" && contains(c.Ignore[d.ID], d.Check)) {
			continue
		}
		if sev != "" {
			d.Severity = Severity(sev)
		}
		if d.Check != "catalog-syntax" {
			// (%q of fmt is strconv.Quote.)
			if d.ID != "" {
				d.Message += " (to silence: [checks.ignore] " + strconv.Quote(d.ID) + " = [" + strconv.Quote(d.Check) + "])"
			} else {
				d.Message += " (to silence: [checks.severity] " + d.Check + " = \"off\")"
			}
		}
		out = append(out, d)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func strayDiagnostic(st *state.State, u *state.Unit, tag string) Diagnostic {
	d := Diagnostic{File: "locales/" + u.Name + "/" + tag + ".toml", Severity: Error, Check: "locale-tag", Locale: tag}
	got := goI18nTag(tag)
	_, err := parseTag(tag)
	switch {
	case got == "und":
		why := "the name gives no language"
		if err != nil {
			why = err.Error()
		}
		d.Message = fmt.Sprintf("go-i18n loads this file as language \"und\" (%s), so its messages are never shown; name it <tag>.toml with a locale of folio.toml", why)
	case err != nil:
		d.Message = fmt.Sprintf("%v; go-i18n would load it as %q, but Folio reads only <tag>.toml: rename it to %s.toml", err, got, got)
	default:
		// go-i18n loads it and nothing breaks: reported, not fatal.
		d.Severity = Warning
		d.Message = fmt.Sprintf("%q is not a locale of this project, so no edition uses this catalog; add it to locales in folio.toml or remove the file", tag)
	}
	return d
}

// goI18nTag returns the language go-i18n gives a catalog named name.toml:
// the part of the name after its last dot, through language.Make, which
// gives "und" for what it cannot parse.
func goI18nTag(name string) string {
	if i := strings.LastIndex(name, "."); i >= 0 {
		name = name[i+1:]
	}
	return language.Make(name).String()
}
