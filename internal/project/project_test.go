package project

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// write lays out files (path → content) under a new project folder.
func write(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// Documents are found under source/, named by their path without
// extension; a folder of locales/ with a source catalog and no document is
// a component.
func TestDiscovery(t *testing.T) {
	dir := write(t, map[string]string{
		"folio.toml":               "source_language = \"en\"\nlocales = [\"fr\", \"zh-Hans\"]\n",
		"source/guide.md":          "# Guide\n",
		"source/guides/install.md": "# Install\n",
		"source/notes.txt":         "Notes.\n",
		"source/image.png":         "not a document",
		"locales/ui/en.toml":       "hello = \"Hello\"\n",
		"locales/guide/en.toml":    "",
	})
	p, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range p.Documents {
		names = append(names, d.Name+"="+d.Path)
	}
	want := []string{"guide=source/guide.md", "guides/install=source/guides/install.md", "notes=source/notes.txt"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("documents = %v, want %v", names, want)
	}
	if !reflect.DeepEqual(p.Components, []string{"ui"}) {
		t.Errorf("components = %v, want [ui]", p.Components)
	}
	if got := p.AllLocales(); !reflect.DeepEqual(got, []string{"en", "fr", "zh-Hans"}) {
		t.Errorf("AllLocales = %v", got)
	}
	if !reflect.DeepEqual(p.Formats, DefaultFormats) {
		t.Errorf("formats = %v, want the defaults %v", p.Formats, DefaultFormats)
	}
}

// Components nested in a document's folder are found whether the walk
// lists a folder or trusts its link count (countsSubfolders), and the
// walk knows which units have no obsolete/ folder.
func TestDiscoveryNestedComponentsAndObsoleteFolders(t *testing.T) {
	dir := write(t, map[string]string{
		"folio.toml":                       "source_language = \"en\"\nlocales = [\"fr\"]\n",
		"source/guide.md":                  "# Guide\n",
		"source/api/ref.md":                "# Reference\n",
		"locales/guide/en.toml":            "",
		"locales/guide/obsolete/fr.toml":   "",
		"locales/guide/widgets/en.toml":    "",
		"locales/api/ref/en.toml":          "",
		"locales/api/ref/fr.toml":          "",
		"locales/ui/en.toml":               "",
		"locales/ui/deep/er/en.toml":       "",
		"locales/obsolete/en.toml":         "",
		"locales/ui/deep/obsolete/en.toml": "",
		"source/linked.md":                 "# Linked\n",
		"locales/linked/en.toml":           "",
		"source/filed.md":                  "# Filed\n",
		"locales/filed/obsolete":           "not a folder",
	})
	// A folder whose obsolete/ is a symbolic link has no subfolder by its
	// link count; Open must still try the link (and refuse it when it
	// leads out of the project).
	if err := os.Symlink(filepath.Join(dir, "locales", "guide", "obsolete"), filepath.Join(dir, "locales", "linked", "obsolete")); err != nil {
		t.Fatal(err)
	}
	p, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"guide/widgets", "ui", "ui/deep/er"}; !reflect.DeepEqual(p.Components, want) {
		t.Errorf("components = %v, want %v", p.Components, want)
	}
	for rel, want := range map[string]bool{
		"locales/guide/obsolete/fr.toml":         false, // there
		"locales/api/ref/obsolete/fr.toml":       true,  // a folder with no subfolder
		"locales/ui/obsolete/fr.toml":            true,  // a listed folder without one
		"locales/guide/widgets/obsolete/fr.toml": true,
		"locales/missing/obsolete/fr.toml":       false, // not seen: not known
		"locales/api/ref/fr.toml":                false, // not an obsolete store
		"locales/api/ref/obsolete/x/fr.toml":     false,
		"locales/linked/obsolete/fr.toml":        false, // a link
		"locales/filed/obsolete/fr.toml":         false, // a file
	} {
		if got := p.ObsoleteMissing(rel); got != want {
			t.Errorf("ObsoleteMissing(%s) = %v, want %v", rel, got, want)
		}
	}
	q := *p // copies share what the walk saw, and what is written since
	q.ObsoleteWritten("api/ref")
	if p.ObsoleteMissing("locales/api/ref/obsolete/fr.toml") {
		t.Error("ObsoleteMissing still says missing after ObsoleteWritten")
	}
}

// The walks of source/ and locales/ record the resolved path of every
// folder they enter, so that opening a document or catalog later needs no
// lstat of its folder; the paths are right when the project is reached
// through a symbolic link, and a symbolic link to a folder is never
// recorded (RealDir must look at it).
func TestDiscoveryRecordsRealFolders(t *testing.T) {
	dir := write(t, map[string]string{
		"folio.toml":                    "source_language = \"en\"\nlocales = [\"fr\"]\n",
		"source/guides/deep/a.md":       "# A\n",
		"locales/guides/deep/a/en.toml": "",
		"elsewhere/b.md":                "# B\n",
	})
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(dir, link); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "elsewhere"), filepath.Join(dir, "source", "guides", "linked")); err != nil {
		t.Fatal(err)
	}
	p, err := Load(link)
	if err != nil {
		t.Fatal(err)
	}
	for _, rel := range []string{"source/guides", "source/guides/deep", "locales/guides", "locales/guides/deep/a"} {
		v, ok := p.realDirs.Load(filepath.Join(link, rel))
		if !ok {
			t.Errorf("%s: not recorded by the walk", rel)
			continue
		}
		if want := filepath.Join(real, rel); v.(string) != want {
			t.Errorf("%s: recorded %s, want %s", rel, v, want)
		}
	}
	if _, ok := p.realDirs.Load(filepath.Join(link, "source", "guides", "linked")); ok {
		t.Error("a symbolic link to a folder was recorded as a folder")
	}
	got, err := p.RealDir(filepath.Join(link, "source", "guides", "linked"))
	if want := filepath.Join(real, "elsewhere"); err != nil || got != want {
		t.Errorf("RealDir(linked) = %q, %v; want %s", got, err, want)
	}
}

// On a file system whose link counts countsSubfolders trusts, a folder
// with no subfolder is told from one with a subfolder by its count.
func TestNoSubfolders(t *testing.T) {
	dir := t.TempDir()
	if !countsSubfolders(dir) {
		t.Skipf("the file system of %s is not one whose link counts Folio trusts", dir)
	}
	leaf, inner := filepath.Join(dir, "leaf"), filepath.Join(dir, "inner")
	for _, d := range []string{leaf, filepath.Join(inner, "sub")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(leaf, "a.toml"), nil, 0o644)
	if !noSubfolders(leaf) {
		t.Error("a folder holding only a file has subfolders")
	}
	if noSubfolders(inner) || noSubfolders(filepath.Join(leaf, "a.toml")) || noSubfolders(filepath.Join(dir, "none")) {
		t.Error("noSubfolders is true of a folder with a subfolder, a file or nothing")
	}
}

// cfgFrDe is a folio.toml of two lines, for settings added below.
const cfgFrDe = "source_language = \"en\"\nlocales = [\"fr\", \"de\"]\n"

// Unknown keys and invalid values are errors that name folio.toml with a
// line and column.
func TestConfigErrorsHavePositions(t *testing.T) {
	cases := []struct {
		toml      string
		line, col int
		mentions  string
	}{
		{"source_language = \"en\"\nlocales = [\"fr\"]\ncolour = 1\n", 3, 1, "colour"},
		{"source_language = \"en\"\nlocales = [\"fr\"]\n[build]\nformats = [\"md\", \"pdf\"]\n", 4, 18, "pdf"},
		{"source_language = \"en\"\nlocales = [\"fr\", \"fr_FR\"]\n", 2, 18, "fr_FR"},
		{"source_language = \"en\"\nlocales = [\"fr\"]\n[build]\nmin_percent = 101\n", 4, 15, "min_percent"},
		{"source_language = \"en\"\nlocales = [\"fr\"]\ndate = \"16 October\"\n", 3, 8, "date"},
		{"source_language = \"en\"\nlocales = [\"fr\"\n", 2, 0, ""},
		{"source_language = \"en\"\n<<<<<<< HEAD\nlocales = [\"fr\"]\n", 2, 1, "'<'"},
		// [checks]: a severity at its value, an unknown check at its key
		// or array element.
		{cfgFrDe + "[checks.severity]\nlength = \"loud\"\n", 4, 10, `checks.severity.length: severity must be "error", "warning" or "off", not "loud"`},
		{cfgFrDe + "[checks.severity]\nlength = \"off\"\nnosuchcheck = \"error\"\n", 5, 1, `checks.severity: unknown check "nosuchcheck"`},
		{cfgFrDe + "[checks.ignore]\n\"x.y\" = [\"length\", \"nosuch\"]\n", 4, 20, `checks.ignore."x.y": unknown check "nosuch"`},
		{cfgFrDe + "[checks.locale.de]\n  length = \"loud\"\n", 4, 12, `checks.locale.de.length: severity must be`},
		{cfgFrDe + "[checks.locale.fr]\nnosuchcheck = \"off\"\n", 4, 1, `checks.locale.fr: unknown check "nosuchcheck"`},
		{cfgFrDe + "[checks]\ncolour = 1\n", 4, 1, `unknown key "checks.colour"`},
		{cfgFrDe + "[checks.severity]\nlength = 3\n", 4, 10, "checks.severity.length must be a string, not an integer"},
		// A value of the wrong type, in Folio's words.
		{cfgFrDe + "[segment]\nfront_matter_keys = 3\n", 4, 21, "segment.front_matter_keys must be an array of strings, not an integer"},
		{"source_language = \"en\"\nlocales = [\"fr\", 3]\n", 2, 18, "locales must be an array of strings; its element 2 is an integer"},
		{cfgFrDe + "[build]\nwrap = 7.5\n", 4, 8, "build.wrap must be an integer, not a number with a fraction"},
		// A locale that is not one of the project's: its settings would
		// never apply.
		{cfgFrDe + "[checks.locale.es]\nlength = \"off\"\n", 3, 1, `checks.locale.es: "es" is not one of the project's locales (fr, de)`},
		{cfgFrDe + "[checks]\nlocale.es.length = \"off\"\n", 4, 1, `checks.locale.es: "es" is not one of the project's locales`},
		{cfgFrDe + "[status.min]\nfr = 90\n  es = 50\n", 5, 3, `status.min.es: "es" is not one of the project's locales (fr, de)`},
		{cfgFrDe + "[status.min]\nDE = 50\n", 4, 1, `status.min.DE: "DE" is not one of the project's locales (fr, de); write it as locales does: "de"`},
		{cfgFrDe + "[status.min]\nen = 50\n", 4, 1, `status.min.en: "en" is the source language`},
		{cfgFrDe + "[status.min]\nde = 101\n", 4, 6, "status.min.de must be between 0 and 100"},
	}
	defer func(known func(string) bool) { KnownCheck = known }(KnownCheck)
	KnownCheck = func(name string) bool { return name == "length" || name == "identical" }
	for _, c := range cases {
		dir := write(t, map[string]string{"folio.toml": c.toml})
		_, err := Load(dir)
		var pe *Error
		if !errors.As(err, &pe) {
			t.Errorf("%q: error %v is not a *project.Error", c.toml, err)
			continue
		}
		if pe.Line != c.line || (c.col != 0 && pe.Column != c.col) {
			t.Errorf("%q: error at %d:%d, want %d:%d (%v)", c.toml, pe.Line, pe.Column, c.line, c.col, err)
		}
		if !strings.Contains(err.Error(), "folio.toml") || !strings.Contains(err.Error(), c.mentions) {
			t.Errorf("%q: error %q does not name folio.toml and %q", c.toml, err, c.mentions)
		}
		if c.col != 0 && !strings.HasPrefix(err.Error(), fmt.Sprintf("folio.toml:%d:%d: ", c.line, c.col)) {
			t.Errorf("%q: error %q does not start folio.toml:%d:%d:", c.toml, err, c.line, c.col)
		}
	}
}

// The settings of [checks] and [status.min] that folio.toml's locales and
// the known checks allow load.
func TestChecksConfigLoads(t *testing.T) {
	defer func(known func(string) bool) { KnownCheck = known }(KnownCheck)
	KnownCheck = func(name string) bool { return name == "length" || name == "identical" }
	dir := write(t, map[string]string{"folio.toml": cfgFrDe +
		"[status.min]\nfr = 100\nde = 50.5\n" +
		"[checks.severity]\nlength = \"off\"\n" +
		"[checks.locale.de]\nidentical = \"warning\"\n" +
		"[checks.ignore]\n\"intro.p1\" = [\"identical\", \"length\"]\n"})
	if _, err := Load(dir); err != nil {
		t.Fatal(err)
	}
}

func TestMissingProjectFile(t *testing.T) {
	if _, err := Load(t.TempDir()); err == nil || !strings.Contains(err.Error(), "folio.toml") {
		t.Errorf("Load of an empty folder: %v", err)
	}
}

// The edition date comes from folio.toml, or SOURCE_DATE_EPOCH, never the
// clock.
func TestEditionDate(t *testing.T) {
	dir := write(t, map[string]string{"folio.toml": "source_language = \"en\"\nlocales = []\ndate = \"2019-10-16\"\n"})
	t.Setenv("SOURCE_DATE_EPOCH", "")
	p, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.EditionDate().Format("2006-01-02"); got != "2019-10-16" {
		t.Errorf("date = %s", got)
	}
	t.Setenv("SOURCE_DATE_EPOCH", "0")
	if got := p.EditionDate(); !got.Equal(time.Unix(0, 0)) {
		t.Errorf("with SOURCE_DATE_EPOCH=0, date = %v", got)
	}
	undated := write(t, map[string]string{"folio.toml": "source_language = \"en\"\nlocales = []\n"})
	t.Setenv("SOURCE_DATE_EPOCH", "")
	if p, err = Load(undated); err != nil {
		t.Fatal(err)
	}
	if !p.EditionDate().IsZero() {
		t.Errorf("a project without a date has date %v, not none", p.EditionDate())
	}
}
