package check

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"text/template"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"folio/internal/catalog"
	"folio/internal/project"
	"folio/internal/state"
)

// Catalogs in the shapes go-i18n applications give them, checked as
// catalog-only components the way a team would drop them in: each
// application's hand-written en.toml is the source catalog of
// locales/<name>/, its translations <tag>.toml beside it
// (testdata/README.md says more).
//
//   - Real catalogs are read where they already are, in the module cache:
//     go-i18n's own module ships example/active.{en,es}.toml and an empty
//     goi18n/active.en.toml. Nothing of them is copied into this
//     repository; the test copies them into a temporary project at run time.
//   - testdata/app/<name>/ holds application catalogs written for Folio's
//     tests, with the defects found in public projects' catalogs
//     reproduced in their own words (appWantErrors).

// catalogSet is one catalog-only component in a project of its own.
type catalogSet struct {
	name, dir string   // component name (locales/<name>/), project root
	tags      []string // the tags of its translation files
	// maxWarnings bounds the warnings Folio may give on it.
	maxWarnings int
	// wantErrors are the errors Folio must report, each as
	// "<tag> <message ID> <check>"; no other error is allowed.
	wantErrors []string
	// files are the set's catalogs by tag.
	files map[string][]byte
}

// newCatalogSet writes files (by tag) as locales/<name>/<tag>.toml of a
// new project whose locales are the translations' tags, or locales when
// there are none.
func newCatalogSet(t *testing.T, name string, files map[string][]byte, locales ...string) catalogSet {
	t.Helper()
	cs := catalogSet{name: name, dir: t.TempDir(), files: files}
	if _, ok := files["en"]; !ok {
		t.Fatalf("%s: no en.toml source catalog", name)
	}
	if err := os.MkdirAll(filepath.Join(cs.dir, "locales", name), 0o755); err != nil {
		t.Fatal(err)
	}
	for tag, data := range files {
		if err := os.WriteFile(filepath.Join(cs.dir, "locales", name, tag+".toml"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		if tag != "en" {
			cs.tags = append(cs.tags, tag)
		}
	}
	sort.Strings(cs.tags)
	if len(cs.tags) > 0 {
		locales = cs.tags
	}
	var quoted []string
	for _, tag := range locales {
		quoted = append(quoted, fmt.Sprintf("%q", tag))
	}
	conf := fmt.Sprintf("source_language = \"en\"\nlocales = [%s]\n", strings.Join(quoted, ", "))
	if err := os.WriteFile(filepath.Join(cs.dir, "folio.toml"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	return cs
}

// goI18nDir returns go-i18n's module directory in the module cache, by
// `go list -m`. Without it the test skips, or fails when CI=true.
func goI18nDir(t *testing.T) string {
	t.Helper()
	cmd := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/nicksnyder/go-i18n/v2")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	dir := strings.TrimSpace(string(out))
	if err == nil && dir == "" {
		err = fmt.Errorf("module not in the module cache (run go mod download)")
	}
	if err != nil {
		msg := fmt.Sprintf("go list -m github.com/nicksnyder/go-i18n/v2: %v %s", err, strings.TrimSpace(stderr.String()))
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return dir
}

// moduleCatalogSets reads the real catalogs that go-i18n's module ships,
// in place in the module cache (no other module this project depends on
// ships go-i18n catalogs).
func moduleCatalogSets(t *testing.T) []catalogSet {
	dir := goI18nDir(t)
	read := func(rel string) []byte {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatalf("go-i18n module: %v", err)
		}
		return data
	}
	example := newCatalogSet(t, "go-i18n-example", map[string][]byte{
		"en": read("example/active.en.toml"),
		"es": read("example/active.es.toml"),
	})
	// es.toml leaves out "many" (counts such as 1000000) and the final
	// period of the source's plural forms.
	example.maxWarnings = 6
	// goi18n's own active.en.toml is an empty catalog: a component whose
	// source has no messages yet, and no translation.
	goi18n := newCatalogSet(t, "goi18n", map[string][]byte{"en": read("goi18n/active.en.toml")}, "es")
	return []catalogSet{example, goi18n}
}

// appMaxWarnings bounds the warnings on testdata/app/<name>.
var appMaxWarnings = map[string]int{"notes": 4, "bookshop": 1}

// appWantErrors are the defects reproduced in testdata/app: Arabic plural
// messages with only one and other; a Russian plain string where the
// source is plural; a template field whose case differs from the source.
var appWantErrors = map[string][]string{
	"notes": {
		"ar ReminderDue plural-forms",
		"ar TrashEmptied plural-forms",
		"ru NotebookShared placeholders",
	},
	"bookshop": {
		"ar book.readingTime plural-forms",
		"ru book.readingTime plural-forms",
	},
}

// appCatalogSets reads testdata/app/<name>/*.toml.
func appCatalogSets(t *testing.T) []catalogSet {
	entries, err := os.ReadDir("testdata/app")
	if err != nil {
		t.Fatal(err)
	}
	var out []catalogSet
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		paths, _ := filepath.Glob(filepath.Join("testdata/app", e.Name(), "*.toml"))
		files := map[string][]byte{}
		for _, f := range paths {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			files[strings.TrimSuffix(filepath.Base(f), ".toml")] = data
		}
		cs := newCatalogSet(t, e.Name(), files)
		max, ok := appMaxWarnings[e.Name()]
		if !ok {
			t.Fatalf("testdata/app/%s: no entry in appMaxWarnings", e.Name())
		}
		cs.maxWarnings, cs.wantErrors = max, appWantErrors[e.Name()]
		out = append(out, cs)
	}
	if len(out) < 2 {
		t.Fatalf("only %d catalog sets in testdata/app", len(out))
	}
	return out
}

func checkDir(t *testing.T, dir string) []Diagnostic {
	t.Helper()
	p, err := project.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Components) == 0 {
		t.Fatalf("%s: no catalog-only component found", dir)
	}
	return Run(state.Load(p, p.Locales), Options{Locales: p.Locales, Config: Config{}}).Diagnostics
}

// loadMessages parses a catalog file with go-i18n itself.
func loadMessages(t *testing.T, path string) map[string]*i18n.Message {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	mf, err := i18n.ParseMessageFileBytes(data, path, map[string]i18n.UnmarshalFunc{"toml": toml.Unmarshal})
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]*i18n.Message{}
	for _, msg := range mf.Messages {
		m[msg.ID] = msg
	}
	return m
}

var fieldRe = regexp.MustCompile(`\{\{-?\s*\.(\w+)`)

// confirmError asks go-i18n (the oracle) whether an error is real: a
// plural-forms error must make its Localizer fail for some count below
// 1000; a placeholders error must make the translation render differently
// from the source with the source's template data ("<no value>", or a
// value the source shows missing).
func confirmError(t *testing.T, cs catalogSet, d Diagnostic) (bool, string) {
	src := loadMessages(t, filepath.Join(cs.dir, "locales", cs.name, "en.toml"))[d.ID]
	path := filepath.Join(cs.dir, d.File)
	tr := loadMessages(t, path)[d.ID]
	if src == nil || tr == nil {
		return false, "message not found"
	}
	switch d.Check {
	case "plural-forms":
		tag := language.Make(d.Locale)
		b := i18n.NewBundle(language.English)
		if err := b.AddMessages(tag, tr); err != nil {
			return false, err.Error()
		}
		l := i18n.NewLocalizer(b, d.Locale)
		for n := 0; n < 1000; n++ {
			if _, err := l.Localize(&i18n.LocalizeConfig{MessageID: d.ID, PluralCount: n}); err != nil {
				return true, fmt.Sprintf("go-i18n: count %d: %v", n, err)
			}
		}
		return false, "go-i18n localizes every count below 1000 without error"
	case "placeholders":
		data := map[string]any{"Count": 7}
		for _, m := range fieldRe.FindAllStringSubmatch(src.Other+src.One, -1) {
			if m[1] != "Count" {
				data[m[1]] = "«" + m[1] + "»"
			}
		}
		render := func(s string) string {
			tpl, err := template.New("").Delims(tr.LeftDelim, tr.RightDelim).Parse(s)
			if err != nil {
				return "parse error: " + err.Error()
			}
			var b strings.Builder
			if err := tpl.Execute(&b, data); err != nil {
				return "exec error: " + err.Error()
			}
			return b.String()
		}
		out := render(tr.Other)
		if strings.Contains(out, "<no value>") || strings.Contains(out, "error") {
			return true, "renders " + out
		}
		for k, v := range data {
			if s, ok := v.(string); ok && strings.Contains(render(src.Other), s) && !strings.Contains(out, s) {
				return true, "drops " + k + ": " + out
			}
		}
		return false, "renders the same values: " + out
	}
	return false, "no oracle for this check: an error on a real catalog is taken as false"
}

// checkSet runs Folio's checks on a catalog set: every file loads with
// go-i18n; every error is confirmed by go-i18n and is one of the set's
// wanted errors, each of which is reported; an untranslated warning names
// a message go-i18n finds no text for; other warnings stay within bound.
func checkSet(t *testing.T, cs catalogSet) {
	for tag := range cs.files {
		loadMessages(t, filepath.Join(cs.dir, "locales", cs.name, tag+".toml"))
	}
	ds := checkDir(t, cs.dir)
	warnings := 0
	got := map[string]bool{}
	for _, d := range ds {
		if d.Severity == Warning && d.Check == "untranslated" {
			// A fact, not noise: it is outside the bound, but go-i18n
			// must find no text for the message in that file.
			if m := loadMessages(t, filepath.Join(cs.dir, d.File))[d.ID]; m != nil && m.Other != "" {
				t.Errorf("false warning (go-i18n has %q): %s", m.Other, d)
			}
			continue
		}
		if d.Severity == Warning {
			warnings++
			t.Logf("warning: %s", d)
			continue
		}
		ok, why := confirmError(t, cs, d)
		if !ok {
			t.Errorf("false error (%s): %s", why, d)
		} else {
			t.Logf("error, confirmed (%s): %s", why, d)
		}
		got[d.Locale+" "+d.ID+" "+d.Check] = true
		if !slices.Contains(cs.wantErrors, d.Locale+" "+d.ID+" "+d.Check) {
			t.Errorf("error not listed as a known defect of %s: %s", cs.name, d)
		}
	}
	for _, w := range cs.wantErrors {
		if !got[w] {
			t.Errorf("defect %q of %s not reported as an error", w, cs.name)
		}
	}
	if warnings > cs.maxWarnings {
		t.Errorf("%d warnings, want at most %d", warnings, cs.maxWarnings)
	}
}

// TestRealCatalogs: on go-i18n's own catalogs, read from the module
// cache, no false errors and few warnings.
func TestRealCatalogs(t *testing.T) {
	for _, cs := range moduleCatalogSets(t) {
		t.Run(cs.name, func(t *testing.T) { checkSet(t, cs) })
	}
}

// TestAppCatalogs: on the application catalogs of testdata/app, exactly
// their known defects as errors, each confirmed by go-i18n, and few
// warnings.
func TestAppCatalogs(t *testing.T) {
	for _, cs := range appCatalogSets(t) {
		t.Run(cs.name, func(t *testing.T) { checkSet(t, cs) })
	}
}

// realDefect injects one defect into a value line of a real catalog.
type realDefect struct {
	name, check string
	// pick chooses a message by its translation's "other" text (and, for
	// plural-forms, its forms).
	pick func(m *catalog.Message) bool
	// edit rewrites the lines of the file; it returns the line the
	// defect must be reported at.
	edit func(lines []string, m *catalog.Message) int
}

func valueLine(m *catalog.Message) int { return m.FieldPos("other").Line }

var realDefects = []realDefect{
	{"corrupt the TOML", "catalog-syntax", func(m *catalog.Message) bool { return true }, func(lines []string, m *catalog.Message) int {
		n := valueLine(m)
		lines[n-1] = strings.TrimRight(lines[n-1], " \r")
		lines[n-1] = lines[n-1][:len(lines[n-1])-1]
		return n
	}},
	{"rename a placeholder", "placeholders", func(m *catalog.Message) bool { return fieldRe.MatchString(m.Other()) }, func(lines []string, m *catalog.Message) int {
		n := valueLine(m)
		lines[n-1] = fieldRe.ReplaceAllStringFunc(lines[n-1], func(s string) string { return s + "Renamed" })
		return n
	}},
	{"break template syntax", "template-syntax", func(m *catalog.Message) bool { return strings.Contains(m.Other(), "}}") }, func(lines []string, m *catalog.Message) int {
		n := valueLine(m)
		lines[n-1] = strings.Replace(lines[n-1], "}}", "}", 1)
		return n
	}},
	{"doubled space", "whitespace", func(m *catalog.Message) bool {
		return strings.Contains(m.Other(), " ") && !strings.Contains(m.Other(), "  ")
	}, func(lines []string, m *catalog.Message) int {
		n := valueLine(m)
		l := lines[n-1]
		q := strings.Index(l, `"`)
		lines[n-1] = l[:q] + strings.Replace(l[q:], " ", "  ", 1)
		return n
	}},
	{"control character", "control-chars", func(m *catalog.Message) bool { return true }, func(lines []string, m *catalog.Message) int {
		n := valueLine(m)
		lines[n-1] = strings.Replace(lines[n-1], `"`, `"\u001b`, 1)
		return n
	}},
	{"delete a plural form", "plural-forms", func(m *catalog.Message) bool { return m.Forms.Text("one") != "" }, func(lines []string, m *catalog.Message) int {
		lines[m.FieldPos("one").Line-1] = ""
		return m.Pos.Line
	}},
}

// TestRealCatalogDefects injects defects into every locale of go-i18n's
// catalogs and of testdata/app, and requires each to be reported with its
// check and line.
func TestRealCatalogDefects(t *testing.T) {
	t.Run("module", func(t *testing.T) { injectDefects(t, moduleCatalogSets(t)) })
	t.Run("app", func(t *testing.T) { injectDefects(t, appCatalogSets(t)) })
}

func injectDefects(t *testing.T, sets []catalogSet) {
	key := func(d Diagnostic) string { return d.Check + "|" + d.File + "|" + d.ID + "|" + d.Message }
	injected := 0
	for _, cs := range sets {
		baseline := map[string]bool{}
		for _, d := range checkDir(t, cs.dir) {
			baseline[key(d)] = true
		}
		for _, tag := range cs.tags {
			rel := "locales/" + cs.name + "/" + tag + ".toml"
			path := filepath.Join(cs.dir, rel)
			orig, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			f, err := catalog.Parse(rel, orig)
			if err != nil {
				t.Fatal(err)
			}
			for _, def := range realDefects {
				t.Run(cs.name+"/"+tag+"/"+def.name, func(t *testing.T) {
					var target *catalog.Message
					for _, m := range f.Messages {
						if m.Other() != "" && def.pick(m) {
							target = m
							break
						}
					}
					if target == nil {
						t.Skipf("no message of %s to inject %q into", rel, def.name)
					}
					injected++
					lines := strings.Split(string(orig), "\n")
					line := def.edit(lines, target)
					if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
						t.Fatal(err)
					}
					defer os.WriteFile(path, orig, 0o644)
					found := false
					var got []string
					for _, d := range checkDir(t, cs.dir) {
						if baseline[key(d)] {
							continue
						}
						got = append(got, d.String())
						if d.Check == def.check && d.File == rel && d.Line == line {
							found = true
						} else if d.Check != def.check {
							t.Errorf("other new diagnostic: %s", d)
						}
					}
					sort.Strings(got)
					if !found {
						t.Errorf("%s at %s:%d not reported as [%s]; new diagnostics: %q", def.name, rel, line, def.check, got)
					}
				})
			}
		}
	}
	if injected == 0 {
		t.Fatal("no defect could be injected into any catalog")
	}
}

// TestAppCatalogShapes: testdata/app keeps the shapes of real go-i18n
// catalogs that testdata/README.md lists, so that TestAppCatalogs goes on
// checking them (an editor or a git setting that drops the byte-order mark
// or the CRLF line ends makes this fail).
func TestAppCatalogShapes(t *testing.T) {
	simple := regexp.MustCompile(`(?m)^\w+ = "`)
	shapes := map[string]func(tag string, data []byte, f *catalog.File) bool{
		"byte-order mark and CRLF": func(_ string, b []byte, _ *catalog.File) bool {
			return bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) && bytes.Count(b, []byte("\r\n")) == bytes.Count(b, []byte("\n"))
		},
		"empty catalog":    func(_ string, b []byte, _ *catalog.File) bool { return len(b) == 0 },
		"simple ID = text": func(_ string, b []byte, _ *catalog.File) bool { return simple.Match(b) },
		"goi18n hash": func(tag string, b []byte, _ *catalog.File) bool {
			return tag != "en" && bytes.Contains(b, []byte(`hash = "sha1-`))
		},
		"en without hashes": func(tag string, b []byte, _ *catalog.File) bool {
			return tag == "en" && !bytes.Contains(b, []byte("hash ="))
		},
		"description":           func(_ string, b []byte, _ *catalog.File) bool { return bytes.Contains(b, []byte("description = ")) },
		"custom delimiters":     func(_ string, b []byte, _ *catalog.File) bool { return bytes.Contains(b, []byte(`leftDelim`)) },
		"lower-case field":      func(_ string, b []byte, _ *catalog.File) bool { return regexp.MustCompile(`\{\{ ?\.[a-z]`).Match(b) },
		"en one/other":          forms("en", "one", "other"),
		"fr one/many/other":     forms("fr", "one", "many", "other"),
		"ru one/few/many/other": forms("ru", "one", "few", "many", "other"),
		"ar all six forms":      forms("ar", "zero", "one", "two", "few", "many", "other"),
		"zh other only":         forms("zh", "other"),
	}
	found := map[string]bool{}
	paths, _ := filepath.Glob("testdata/app/*/*.toml")
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f, err := catalog.Parse(p, data)
		if err != nil {
			t.Fatal(err)
		}
		tag := strings.TrimSuffix(filepath.Base(p), ".toml")
		for name, has := range shapes {
			if has(tag, data, f) {
				found[name] = true
			}
		}
	}
	for name := range shapes {
		if !found[name] {
			t.Errorf("no catalog of testdata/app has the shape %q", name)
		}
	}
}

// forms matches a catalog of locale tag holding a plural message with
// exactly the given forms, each using {{.Count}} or {{ .Count }} in other.
func forms(tag string, want ...string) func(string, []byte, *catalog.File) bool {
	return func(t string, _ []byte, f *catalog.File) bool {
		if t != tag {
			return false
		}
		for _, m := range f.Messages {
			var got []string
			for _, form := range catalog.PluralForms {
				if m.Forms.Text(form) != "" {
					got = append(got, form)
				}
			}
			if slices.Equal(got, want) && strings.Contains(strings.ReplaceAll(m.Other(), " ", ""), "{{.Count}}") {
				return true
			}
		}
		return false
	}
}
