package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"folio/internal/coverage"
	"folio/internal/project"
	"folio/internal/state"
)

// uncachedStatus is what StatusReport computed before it had a cache.
func uncachedStatus(p *project.Project, locales []string) ([]coverage.Locale, []string) {
	st := state.Load(p, p.Locales)
	return coverage.Compute(st, locales), errorStrings(LoadProblems(st, locales))
}

func errorStrings(errs []error) []string {
	var out []string
	for _, err := range errs {
		out = append(out, err.Error())
	}
	return out
}

// sameStatus runs StatusReport twice (filling the cache, then from it)
// and compares both with uncachedStatus.
func sameStatus(t *testing.T, step string, p *project.Project) {
	t.Helper()
	for _, locales := range [][]string{p.Locales, {"fr"}, {"ru", "zh-Hans"}} {
		want, wantProblems := uncachedStatus(p, locales)
		for run := 1; run <= 2; run++ {
			got, problems := StatusReport(p, locales)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s, %v, run %d: status\n%+v\nwithout the cache\n%+v", step, locales, run, got, want)
			}
			if gotProblems := errorStrings(problems); !reflect.DeepEqual(gotProblems, wantProblems) {
				t.Errorf("%s, %v, run %d: problems %q, without the cache %q", step, locales, run, gotProblems, wantProblems)
			}
		}
	}
}

func editFile(t *testing.T, path string, edit func(string) string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(edit(string(data))), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Status with its cache gives what it gave without, through edits of
// every kind of file it reads: translations made stale or removed,
// obsolete stores, catalogs that do not load, a source text edited, a
// document that does not load, a source catalog removed, a catalog that
// leads outside the project.
func TestStatusCacheChangesNothing(t *testing.T) {
	dir := copyProject(t)
	p, err := project.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	loc := func(rel string) string { return filepath.Join(dir, "locales", rel) }
	sameStatus(t, "committed", p)

	editFile(t, loc("cyberspace/fr.toml"), func(s string) string {
		return strings.Replace(s, `hash = "sha1-`, `hash = "sha1-0`, 1)
	})
	sameStatus(t, "stale French translation", p)

	editFile(t, loc("cyberspace/zh-Hans.toml"), func(s string) string {
		i := strings.Index(s, "\nother = ")
		j := strings.Index(s[i+1:], "\n")
		return s[:i] + "\nother = \"\"" + s[i+1+j:]
	})
	sameStatus(t, "untranslated Chinese message", p)

	os.MkdirAll(loc("cyberspace/obsolete"), 0o755)
	os.WriteFile(loc("cyberspace/obsolete/fr.toml"), []byte("[\"gone\"]\nhash = \"sha1-1\"\nother = \"Parti\"\n"), 0o644)
	sameStatus(t, "obsolete store", p)

	editFile(t, loc("cyberspace/ru.toml"), func(s string) string { return s + "\n[[[\n" })
	sameStatus(t, "Russian catalog does not load", p)

	os.WriteFile(loc("cyberspace/obsolete/ru.toml"), []byte("= bad"), 0o644)
	sameStatus(t, "obsolete store does not load", p)

	os.Remove(loc("ui/ar.toml"))
	sameStatus(t, "Arabic catalog removed", p)

	editFile(t, loc("cyberspace/en.toml"), func(s string) string {
		return strings.Replace(s, "Jointly Build a Community", "Jointly Build a Large and Lasting Community", 1)
	})
	sameStatus(t, "source text edited", p)

	outside := filepath.Join(t.TempDir(), "fr.toml")
	os.Rename(loc("ui/fr.toml"), outside)
	if err := os.Symlink(outside, loc("ui/fr.toml")); err != nil {
		t.Fatal(err)
	}
	sameStatus(t, "catalog leads outside the project", p)

	// A folder that leads outside, whose catalogs lead back in: each
	// catalog loads, but the obsolete stores are outside the project.
	back := filepath.Join(dir, "ui-back")
	os.Rename(loc("ui"), back)
	away := t.TempDir()
	if err := os.Symlink(away, loc("ui")); err != nil {
		t.Fatal(err)
	}
	names, _ := filepath.Glob(filepath.Join(back, "*.toml"))
	for _, name := range names {
		os.Symlink(name, filepath.Join(away, filepath.Base(name)))
	}
	sameStatus(t, "folder leads outside the project, its catalogs back in", p)
	os.Remove(loc("ui"))
	os.Rename(back, loc("ui"))

	editFile(t, filepath.Join(dir, "source/cyberspace.md"), func(s string) string { return s + "\xff\n" })
	sameStatus(t, "document does not load", p)

	editFile(t, filepath.Join(dir, "source/cyberspace.md"), func(s string) string { return strings.TrimSuffix(s, "\xff\n") })
	os.Remove(loc("cyberspace/en.toml"))
	sameStatus(t, "not extracted", p)

	os.Remove(loc("ui/en.toml"))
	sameStatus(t, "component without a source catalog", p)
}

// A repeated status takes the counts of an unchanged unit from the cache
// (the test doctors them there to see it), and counts again a unit whose
// catalog changed.
func TestStatusCacheIsUsedAndKeyed(t *testing.T) {
	dir := copyProject(t)
	p, err := project.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := uncachedStatus(p, []string{"fr"})
	StatusReport(p, []string{"fr"})

	path := p.Abs(".folio/cache/" + statusCacheFile)
	data, err := os.ReadFile(path)
	entries, ok := decodeStatusCache(data)
	if err != nil || !ok {
		t.Fatalf("status cache: %v, decodes %v", err, ok)
	}
	job := statusJob("fr", "cyberspace")
	e, ok := entries[job]
	if !ok {
		t.Fatalf("status cache has no entry %q: %v", job, entries)
	}
	e.Counts.Messages.Total += 1000
	entries[job] = e
	os.WriteFile(path, encodeStatusCache(entries), 0o644)

	got, _ := StatusReport(p, []string{"fr"})
	if got[0].Units[0].Messages.Total != want[0].Units[0].Messages.Total+1000 {
		t.Errorf("counts not taken from the cache: %d messages, %d without it", got[0].Units[0].Messages.Total, want[0].Units[0].Messages.Total)
	}

	editFile(t, p.Abs("locales/cyberspace/fr.toml"), func(s string) string { return s + "\n" })
	got, _ = StatusReport(p, []string{"fr"})
	if !reflect.DeepEqual(got, want) {
		t.Errorf("after the catalog changed:\n%+v\nwant\n%+v", got, want)
	}
}

// The cache keeps entries for the project's units and locales only.
func TestStatusCacheDropsOldEntries(t *testing.T) {
	dir := copyProject(t)
	p, err := project.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	StatusReport(p, p.Locales)
	q := *p
	q.Locales = []string{"fr"}
	q.Components = nil
	editFile(t, p.Abs("locales/cyberspace/fr.toml"), func(s string) string { return s + "\n" })
	StatusReport(&q, q.Locales)
	data, _ := os.ReadFile(p.Abs(".folio/cache/" + statusCacheFile))
	entries, ok := decodeStatusCache(data)
	if !ok {
		t.Fatal("status cache does not decode")
	}
	var jobs []string
	for job := range entries {
		jobs = append(jobs, job)
	}
	if want := []string{statusJob("fr", "cyberspace")}; fmt.Sprint(jobs) != fmt.Sprint(want) {
		t.Errorf("entries %q, want %q", jobs, want)
	}
}

// encodeStatusCache and decodeStatusCache round-trip; a file cut short,
// changed by a byte or of another format is an empty cache, never a panic
// or wrong counts.
func TestStatusCacheCodec(t *testing.T) {
	m := map[string]statusEntry{
		statusJob("fr", "guide/intro"): {Key: "k1", Counts: coverage.Counts{
			Messages: coverage.Tally{Total: 12, Translated: 9, Stale: 2, Untranslated: 1, Obsolete: 4},
			Words:    coverage.Tally{Total: 300, Translated: 250, Stale: 30, Untranslated: 20},
			Chars:    coverage.Tally{Total: 1 << 40}}},
		statusJob("zh-Hans", "ui"): {Key: ""},
	}
	data := encodeStatusCache(m)
	got, ok := decodeStatusCache(data)
	if !ok || !reflect.DeepEqual(got, m) {
		t.Fatalf("decode(encode) = %v, %v; want %v", got, ok, m)
	}
	for n := range len(data) {
		if _, ok := decodeStatusCache(data[:n]); ok {
			t.Errorf("cut at %d of %d: decodes", n, len(data))
		}
	}
	for i := range data {
		changed := slices.Clone(data)
		changed[i] ^= 0x10
		if _, ok := decodeStatusCache(changed); ok {
			t.Errorf("byte %d changed: decodes", i)
		}
	}
	if _, ok := decodeStatusCache([]byte(`{"entries":{}}`)); ok {
		t.Error("the JSON of earlier versions decodes")
	}
}
