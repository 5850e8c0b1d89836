package pipeline

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"folio/internal/check"
	"folio/internal/project"
	"folio/internal/state"
)

// The check cache gives what a full check gives, after each kind of
// change to a unit's inputs, and is what an unchanged run reads.
func TestCheckCacheMatchesFullCheck(t *testing.T) {
	dir := copyProject(t)
	load := func() *project.Project { return loadProject(t, dir) }
	// run checks through the cache and compares with a check of the
	// whole project, returning how many units it loaded.
	run := func(what string) (*check.Result, int) {
		t.Helper()
		p := load()
		res, st, err := Check(p, p.Locales)
		if err != nil {
			t.Fatal(err)
		}
		opts, err := checkOptions(p, p.Locales)
		if err != nil {
			t.Fatal(err)
		}
		if want := check.Run(state.Load(p, p.Locales), opts); !reflect.DeepEqual(res, want) {
			t.Fatalf("%s: cached check gives %d diagnostics, a full check %d:\n%v\n%v", what, len(res.Diagnostics), len(want.Diagnostics), res.Diagnostics, want.Diagnostics)
		}
		return res, len(st.Units)
	}
	edit := func(rel string, f func(string) string) {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, rel), []byte(f(string(data))), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	units := len(state.Load(load(), nil).Units)
	if _, n := run("first run"); n != units || units < 2 {
		t.Fatalf("first run loaded %d of %d units", n, units)
	}
	if _, n := run("unchanged"); n != 0 {
		t.Fatalf("unchanged run loaded %d units", n)
	}
	// The cached diagnostics are what an unchanged run reports.
	path := filepath.Join(dir, ".folio/cache", checkCacheFile)
	entries := readCheckCacheFile(t, path)
	e := entries["cyberspace"]
	e.ds = append(e.ds, check.Diagnostic{File: "locales/cyberspace/fr.toml", Check: "planted", Message: "from the cache"})
	entries["cyberspace"] = e
	writeCheckCacheFile(t, path, entries)
	p := load()
	res, st, err := Check(p, p.Locales)
	if err != nil || len(st.Units) != 0 || !strings.Contains(res.Diagnostics[len(res.Diagnostics)-1].Message, "from the cache") {
		t.Fatalf("planted diagnostic not read from the cache: %v, %d units loaded", err, len(st.Units))
	}
	// Each change below makes the unit checked again (the planted
	// diagnostic goes), and the result is a full check's.
	for _, c := range []struct {
		what  string
		rel   string
		f     func(string) string
		units int
	}{
		{"a locale catalog edited", "locales/cyberspace/fr.toml", func(s string) string {
			return strings.Replace(s, `other = "Construire ensemble`, `other = "Construire  ensemble`, 1)
		}, 1},
		{"a stray catalog added", "locales/cyberspace/xx.toml", func(string) string { return "[\"m\"]\nother = \"x\"\n" }, 1},
		{"an obsolete store added", "locales/cyberspace/obsolete/es.toml", func(string) string { return "[\"gone\"]\nother = \"x\"\n" }, 1},
		{"an obsolete store broken", "locales/cyberspace/obsolete/es.toml", func(s string) string { return s + "other = \n" }, 1},
		{"the history edited", ".folio/history/cyberspace.toml", func(s string) string { return s + "\n# edited\n" }, 1},
		{"the source document edited", "source/cyberspace.md", func(s string) string { return s + "\nA closing paragraph.\n" }, 1},
		{"folio.toml edited", "folio.toml", func(s string) string { return s + "\n[checks.severity]\nwhitespace = \"error\"\n" }, units},
		{"the glossary edited", check.GlossaryPath, func(s string) string { return s + "\n# edited\n" }, units},
	} {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, c.rel)), 0o755)
		edit(c.rel, c.f)
		res, n := run(c.what)
		if n != c.units {
			t.Errorf("%s: %d units loaded, want %d", c.what, n, c.units)
		}
		for _, d := range res.Diagnostics {
			if d.Check == "planted" {
				t.Errorf("%s: the planted diagnostic is still there", c.what)
			}
		}
		if _, n := run(c.what + ", run again"); n != 0 {
			t.Errorf("%s, run again: %d units loaded", c.what, n)
		}
	}
}
