package check

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
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

// Real go-i18n catalogs from public Go projects (testdata/real/README.md
// names them), dropped in as catalog-only components the way a team would:
// each application's active.<tag>.toml renamed <tag>.toml under
// locales/<name>/, with the application's hand-written en.toml as the
// source catalog.

// realMaxWarnings bounds the warnings each real catalog set may give.
var realMaxWarnings = map[string]int{"hugo-theme-stack": 5, "automuteus": 6, "minikube": 0}

type realProject struct {
	name, dir string
	tags      []string
}

// realProjects copies each testdata/real/<name> into a project of its own.
func realProjects(t *testing.T) []realProject {
	entries, err := os.ReadDir("testdata/real")
	if err != nil {
		t.Fatal(err)
	}
	var out []realProject
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		rp := realProject{name: e.Name(), dir: t.TempDir()}
		files, _ := filepath.Glob(filepath.Join("testdata/real", e.Name(), "*.toml"))
		if err := os.MkdirAll(filepath.Join(rp.dir, "locales", rp.name), 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			base := filepath.Base(f)
			if err := os.WriteFile(filepath.Join(rp.dir, "locales", rp.name, base), data, 0o644); err != nil {
				t.Fatal(err)
			}
			if tag := strings.TrimSuffix(base, ".toml"); tag != "en" {
				rp.tags = append(rp.tags, tag)
			}
		}
		var quoted []string
		for _, tag := range rp.tags {
			quoted = append(quoted, fmt.Sprintf("%q", tag))
		}
		conf := fmt.Sprintf("source_language = \"en\"\nlocales = [%s]\n", strings.Join(quoted, ", "))
		if err := os.WriteFile(filepath.Join(rp.dir, "folio.toml"), []byte(conf), 0o644); err != nil {
			t.Fatal(err)
		}
		out = append(out, rp)
	}
	if len(out) < 2 {
		t.Fatalf("only %d real catalog sets in testdata/real", len(out))
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
func confirmError(t *testing.T, rp realProject, d Diagnostic) (bool, string) {
	src := loadMessages(t, filepath.Join(rp.dir, "locales", rp.name, "en.toml"))[d.ID]
	path := filepath.Join(rp.dir, d.File)
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
			tpl, err := template.New("").Parse(s)
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

// TestRealCatalogs: no false errors, few warnings.
func TestRealCatalogs(t *testing.T) {
	for _, rp := range realProjects(t) {
		t.Run(rp.name, func(t *testing.T) {
			ds := checkDir(t, rp.dir)
			warnings := 0
			for _, d := range ds {
				if d.Severity == Warning {
					warnings++
					t.Logf("warning: %s", d)
					continue
				}
				ok, why := confirmError(t, rp, d)
				if !ok {
					t.Errorf("false error (%s): %s", why, d)
				} else {
					t.Logf("error, confirmed (%s): %s", why, d)
				}
			}
			if max, ok := realMaxWarnings[rp.name]; !ok || warnings > max {
				t.Errorf("%d warnings, want at most %d", warnings, max)
			}
		})
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
		lines[n-1] = strings.TrimRight(lines[n-1], " ")
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
	{"delete a plural form", "plural-forms", func(m *catalog.Message) bool { return m.Forms["one"] != "" }, func(lines []string, m *catalog.Message) int {
		lines[m.FieldPos("one").Line-1] = ""
		return m.Pos.Line
	}},
}

// TestRealCatalogDefects injects defects into every locale of the real
// catalogs and requires each to be reported with its check and line.
func TestRealCatalogDefects(t *testing.T) {
	key := func(d Diagnostic) string { return d.Check + "|" + d.File + "|" + d.ID + "|" + d.Message }
	for _, rp := range realProjects(t) {
		baseline := map[string]bool{}
		for _, d := range checkDir(t, rp.dir) {
			baseline[key(d)] = true
		}
		for _, tag := range rp.tags {
			rel := "locales/" + rp.name + "/" + tag + ".toml"
			path := filepath.Join(rp.dir, rel)
			orig, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			f, err := catalog.Parse(rel, orig)
			if err != nil {
				t.Fatal(err)
			}
			for _, def := range realDefects {
				t.Run(rp.name+"/"+tag+"/"+def.name, func(t *testing.T) {
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
					lines := strings.Split(string(orig), "\n")
					line := def.edit(lines, target)
					if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
						t.Fatal(err)
					}
					defer os.WriteFile(path, orig, 0o644)
					found := false
					var got []string
					for _, d := range checkDir(t, rp.dir) {
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
}
