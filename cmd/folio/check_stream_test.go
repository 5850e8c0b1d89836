package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"folio/internal/check"
	"folio/internal/pipeline"
	"folio/internal/project"
)

// inMemoryCheckOutput is what folio check wrote before it streamed: the
// whole result of pipeline.Check, formatted.
func inMemoryCheckOutput(t *testing.T, dir, format string, locales []string) (code int, stdout, stderr string) {
	t.Helper()
	p, err := project.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	res, _, err := pipeline.Check(p, locales)
	if err != nil {
		t.Fatal(err)
	}
	errs, warns := res.Count()
	var o, e strings.Builder
	switch format {
	case "json":
		diags := res.Diagnostics
		if diags == nil {
			diags = []check.Diagnostic{}
		}
		data, err := json.MarshalIndent(map[string]any{"errors": errs, "warnings": warns, "diagnostics": diags}, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		o.Write(append(data, '\n'))
	case "github":
		for _, d := range res.Diagnostics {
			kind := "warning"
			if d.Severity == check.Error {
				kind = "error"
			}
			fmt.Fprintf(&o, "::%s file=%s,line=%d,col=%d,title=%s::%s\n", kind, ghProp(d.File), max(d.Line, 1), max(d.Column, 1), ghProp(d.Check), ghEscape(d.Message))
		}
	default:
		for _, d := range res.Diagnostics {
			fmt.Fprintln(&e, d.String())
		}
		fmt.Fprintf(&e, "%d error(s), %d warning(s)\n", errs, warns)
	}
	if errs > 0 {
		return exitFound, o.String(), e.String()
	}
	return exitOK, o.String(), e.String()
}

// folio check streams its diagnostics; what it writes, in every format,
// and its exit code are what the whole result formatted gives, on a first
// run and from the cache, for every locale and one.
func TestCheckStreamedOutputIsInMemoryOutput(t *testing.T) {
	t.Setenv("NO_COLOR", "")
	dir := formatProject(t)
	writeFile(t, dir, "locales/clean/en.toml", "Hello = \"Hello\"\n")
	writeFile(t, dir, "locales/clean/fr.toml", "Hello = \"Bonjour\"\n")
	for _, locale := range []string{"", "fr"} {
		for _, format := range []string{"text", "json", "github"} {
			for _, run := range []string{"first run", "cached"} {
				args := []string{"-C", dir, "check", "--format", format}
				locales := []string{"fr", "ar"}
				if locale != "" {
					args = append(args, "--locale", locale)
					locales = []string{locale}
				}
				code, out, errOut := runFolio(t, args...)
				wcode, wout, werr := inMemoryCheckOutput(t, dir, format, locales)
				if code != wcode || out != wout || errOut != werr {
					t.Errorf("%s, --locale %q, %s: exit %d, stdout\n%s\nstderr\n%s\nwant exit %d, stdout\n%s\nstderr\n%s", format, locale, run, code, out, errOut, wcode, wout, werr)
				}
			}
		}
	}
}
