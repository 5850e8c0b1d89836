package pipeline

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"folio/internal/coverage"
	"folio/internal/project"
	"folio/internal/report"
	"folio/internal/state"
)

// uncachedReport is what build's report was before it used status's
// cache: every unit loaded and counted; the files of the report and
// badges, or, when a file does not load, the note that they are not
// updated.
func uncachedReport(p *project.Project) (files map[string]string, skipped string) {
	st := state.Load(p, p.Locales)
	if problems := LoadProblems(st, p.Locales); len(problems) > 0 {
		return nil, fmt.Sprintf("status report and badges: not updated while %d file(s) do not load, first: %v", len(problems), problems[0])
	}
	cov := coverage.Compute(st, p.Locales)
	files = map[string]string{"status.html": string(report.HTML(cov, ReportOptions(p)))}
	for _, l := range cov {
		files[filepath.Join("badges", l.Tag+".svg")] = string(report.Badge(l.Tag, l.Percent()))
	}
	return files, ""
}

// sameReport builds (Markdown editions only) into out and compares the
// report and badges there, or the note that they were not updated, with
// uncachedReport.
func sameReport(t *testing.T, step string, p *project.Project, out string) {
	t.Helper()
	wantFiles, wantSkipped := uncachedReport(p)
	res, err := Build(p, BuildOptions{Out: out, Formats: []string{"md"}, Force: true})
	if err != nil {
		t.Fatalf("%s: build: %v", step, err)
	}
	skipped := ""
	for _, s := range res.Skipped {
		if strings.HasPrefix(s, "status report and badges:") {
			skipped = s
		}
	}
	if skipped != wantSkipped {
		t.Errorf("%s: build says %q about the report, without the cache %q", step, skipped, wantSkipped)
	}
	if wantFiles == nil {
		return
	}
	for rel, want := range wantFiles {
		got, err := os.ReadFile(filepath.Join(out, rel))
		if err != nil || string(got) != want {
			t.Errorf("%s: %s differs from the report without the cache (%v)", step, rel, err)
		}
	}
}

// Build's report, with status's cache filled by builds and by status runs
// in between, is what it was without the cache through edits of every
// kind of file it counts from: a translation made stale, emptied or
// changed, an obsolete store added, catalogs that do not load, an obsolete
// store that is a folder (build's hashes say "-" for it as for a missing
// file), a source text edited, a document that does not load, a source
// catalog removed.
func TestReportFromStatusCacheChangesNothing(t *testing.T) {
	dir := copyProject(t)
	p := loadProject(t, dir)
	out := filepath.Join(dir, "out")
	loc := func(rel string) string { return filepath.Join(dir, "locales", rel) }
	sameReport(t, "first build", p, out)
	sameReport(t, "nothing changed", p, out)

	editFile(t, loc("cyberspace/fr.toml"), func(s string) string {
		return strings.Replace(s, `hash = "sha1-`, `hash = "sha1-0`, 1)
	})
	sameReport(t, "stale French translation", p, out)
	StatusReport(p, []string{"fr", "ru"})

	editFile(t, loc("cyberspace/zh-Hans.toml"), func(s string) string {
		i := strings.Index(s, "\nother = ")
		j := strings.Index(s[i+1:], "\n")
		return s[:i] + "\nother = \"\"" + s[i+1+j:]
	})
	sameReport(t, "untranslated Chinese message", p, out)

	os.MkdirAll(loc("cyberspace/obsolete"), 0o755)
	os.WriteFile(loc("cyberspace/obsolete/fr.toml"), []byte("[\"gone\"]\nhash = \"sha1-1\"\nother = \"Parti\"\n"), 0o644)
	sameReport(t, "obsolete store", p, out)
	StatusReport(p, p.Locales)

	if err := os.Mkdir(loc("cyberspace/obsolete/ru.toml"), 0o755); err != nil {
		t.Fatal(err)
	}
	// The report's own key hashes a folder as a missing file: an edit of
	// another unit makes the report out of date.
	editFile(t, loc("ui/fr.toml"), func(s string) string { return s + "\n" })
	sameReport(t, "obsolete store is a folder", p, out)
	os.Remove(loc("cyberspace/obsolete/ru.toml"))
	sameReport(t, "folder removed", p, out)

	editFile(t, loc("ui/es.toml"), func(s string) string { return s + "\n[[[\n" })
	sameReport(t, "Spanish catalog does not load", p, out)
	editFile(t, loc("ui/es.toml"), func(s string) string { return strings.TrimSuffix(s, "\n[[[\n") })
	sameReport(t, "Spanish catalog loads again", p, out)

	editFile(t, loc("cyberspace/en.toml"), func(s string) string {
		return strings.Replace(s, "Jointly Build a Community", "Jointly Build a Large and Lasting Community", 1)
	})
	sameReport(t, "source text edited", p, out)

	editFile(t, filepath.Join(dir, "source/cyberspace.md"), func(s string) string { return s + "\xff\n" })
	sameReport(t, "document does not load", p, out)
	editFile(t, filepath.Join(dir, "source/cyberspace.md"), func(s string) string { return strings.TrimSuffix(s, "\xff\n") })
	sameReport(t, "document loads again", p, out)

	os.Remove(loc("cyberspace/en.toml"))
	sameReport(t, "not extracted", p, out)
}

// A build fills status's cache: the next status counts no catalog, and
// after one catalog changes the next build counts that unit in that
// locale alone (and loads no other catalog of it).
func TestBuildFillsStatusCache(t *testing.T) {
	dir := copyProject(t)
	p, err := project.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if state.ExecutableHash() == "" {
		t.Skip("no executable hash: nothing is cached")
	}
	opts := BuildOptions{Out: filepath.Join(dir, "out"), Formats: []string{"md"}}
	if _, err := Build(p, opts); err != nil {
		t.Fatal(err)
	}
	units := len(p.Documents) + len(p.Components)

	counted := func(what string, f func(), want int64) {
		t.Helper()
		countedCatalogs.Store(0)
		f()
		if got := countedCatalogs.Load(); got != want {
			t.Errorf("%s counted %d unit×locale pairs from catalogs, want %d", what, got, want)
		}
	}
	want, _ := uncachedStatus(p, p.Locales)
	counted("status after a build", func() {
		got, problems := StatusReport(p, p.Locales)
		if !reflect.DeepEqual(got, want) || len(problems) > 0 {
			t.Errorf("status after a build:\n%+v\nwant\n%+v (%v)", got, want, problems)
		}
	}, 0)

	editFile(t, p.Abs("locales/cyberspace/fr.toml"), func(s string) string { return s + "\n" })
	counted("build after one catalog changed", func() {
		if _, err := Build(p, opts); err != nil {
			t.Fatal(err)
		}
	}, 1)
	want, _ = uncachedStatus(p, p.Locales)
	counted("status after that build", func() {
		if got, _ := StatusReport(p, p.Locales); !reflect.DeepEqual(got, want) {
			t.Errorf("status after that build:\n%+v\nwant\n%+v", got, want)
		}
	}, 0)

	// Without status's cache, build counts every unit again (as status
	// does), and puts them back.
	os.Remove(p.Abs(".folio/cache/" + statusCacheFile))
	editFile(t, p.Abs("locales/ui/fr.toml"), func(s string) string { return s + "\n" })
	counted("build without status's cache", func() { Build(p, opts) }, int64(units*len(p.Locales)))
	counted("status after it", func() { StatusReport(p, p.Locales) }, 0)
}

// The report keeps a unit's counts only when what state loaded is what
// its keys hashed: a catalog changed in between, or a unit loaded without
// sums, is not taken as hashed.
func TestHashedAsLoaded(t *testing.T) {
	p := loadProject(t, copyProject(t))
	r := &reportRun{p: p, h: newFileHasher(p)}
	ru := &reportUnit{name: "cyberspace", doc: &p.Documents[0], keys: make([]string, len(p.Locales))}
	unit := func(st *state.State) *state.Unit {
		for _, u := range st.Units {
			if u.Name == ru.name {
				return u
			}
		}
		t.Fatalf("no unit %s", ru.name)
		return nil
	}
	if !r.hashedAsLoaded(ru, unit(state.LoadSummed(p, p.Locales)), p.Locales) {
		t.Fatal("an unchanged unit is not as hashed")
	}
	if r.hashedAsLoaded(ru, unit(state.Load(p, p.Locales)), p.Locales) {
		t.Error("a unit loaded without sums is taken as hashed")
	}
	fr := p.Abs("locales/cyberspace/fr.toml")
	data, err := os.ReadFile(fr)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(fr, append(data, "# changed after hashing\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if r.hashedAsLoaded(ru, unit(state.LoadSummed(p, p.Locales)), p.Locales) {
		t.Error("a catalog changed between hashing and loading is taken as hashed")
	}
	// An obsolete store that appears in between is a change too.
	os.WriteFile(fr, data, 0o644)
	if !r.hashedAsLoaded(ru, unit(state.LoadSummed(p, p.Locales)), p.Locales) {
		t.Fatal("the catalog restored is not as hashed")
	}
	obs := p.Abs(project.ObsoletePath("cyberspace", "fr"))
	os.MkdirAll(filepath.Dir(obs), 0o755)
	if err := os.WriteFile(obs, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	p.ObsoleteWritten("cyberspace")
	if r.hashedAsLoaded(ru, unit(state.LoadSummed(p, p.Locales)), p.Locales) {
		t.Error("an obsolete store that appeared after hashing is taken as hashed")
	}
}

// A build whose only stale output is the status report writes it without
// loading a unit (its counts are all in status's cache), and writes what
// was there; one that loads a unit writes it as that unit is counted,
// while the unit's editions render, and the next build writes nothing.
func TestReportWrittenWhenEveryUnitIsCounted(t *testing.T) {
	dir := copyProject(t)
	if state.ExecutableHash() == "" {
		t.Skip("no executable hash: nothing is cached")
	}
	heard := hearLoaded(t)
	build := func() []string {
		t.Helper()
		heard()
		res, err := Build(loadProject(t, dir), BuildOptions{})
		if err != nil || len(res.Skipped) > 0 {
			t.Fatal(err, res.Skipped)
		}
		return res.Written
	}
	build()
	report := filepath.Join(dir, "output/status.html")
	was, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(report); err != nil {
		t.Fatal(err)
	}
	w := build()
	if loaded := heard(); !slices.Equal(w, []string{"output/status.html"}) || len(loaded) > 0 {
		t.Errorf("the build after the report was removed wrote %v and loaded %v; want the report alone, nothing loaded", w, loaded)
	}
	if now, err := os.ReadFile(report); err != nil || !bytes.Equal(now, was) {
		t.Errorf("the report written again differs from the first (%v)", err)
	}
	editFile(t, filepath.Join(dir, "locales/cyberspace/fr.toml"), func(s string) string {
		i := strings.Index(s, "\nother = ")
		j := strings.Index(s[i+1:], "\n")
		return s[:i] + "\nother = \"\"" + s[i+1+j:]
	})
	if w := build(); !slices.Contains(w, "output/status.html") || !slices.Contains(w, "output/fr/cyberspace.html") {
		t.Errorf("the build after a French translation was emptied wrote %v", w)
	}
	if w := build(); len(w) > 0 {
		t.Errorf("the build after that wrote %v", w)
	}
}
