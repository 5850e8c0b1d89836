package pipeline

import (
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"folio/internal/check"
	"folio/internal/project"
)

// Editions whose inputs did not change are not rewritten: a second build
// writes nothing and leaves every file's modification time alone; after a
// change to one locale's catalog only that locale's editions are rewritten.
func TestRebuildLeavesUnchangedEditionsAlone(t *testing.T) {
	dir := copyProject(t)
	p := loadProject(t, dir)
	out := filepath.Join(dir, "out")
	opts := BuildOptions{Out: out, Formats: []string{"md", "html", "txt", "epub", "review"}}
	res, err := Build(p, opts)
	if err != nil || len(res.Skipped) > 0 {
		t.Fatal(err, res.Skipped)
	}
	// Editions: four formats in six locales, and a review edition in each of
	// the five translated ones; the status report and badges come besides.
	editions := 0
	for _, rel := range res.Written {
		if rel != "status.html" && !strings.HasPrefix(rel, "badges/") {
			editions++
		}
	}
	if editions != 6*4+5 {
		t.Fatalf("first build wrote %d editions, want %d: %v", editions, 6*4+5, res.Written)
	}
	// Date every edition in the past, so that a rewrite would show.
	past := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	for _, rel := range res.Written {
		if err := os.Chtimes(filepath.Join(out, rel), past, past); err != nil {
			t.Fatal(err)
		}
	}
	unchanged := func(skip string) {
		t.Helper()
		for _, rel := range res.Written {
			fi, err := os.Stat(filepath.Join(out, rel))
			if err != nil {
				t.Fatal(err)
			}
			rewritten := !fi.ModTime().Equal(past)
			if want := skip != "" && strings.HasPrefix(rel, skip+"/"); rewritten != want {
				t.Errorf("%s: rewritten %v, want %v", rel, rewritten, want)
			}
		}
	}
	again, err := Build(p, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Written) != 0 {
		t.Errorf("second build wrote %v", again.Written)
	}
	unchanged("")

	cat := filepath.Join(dir, "locales", "cyberspace", "ru.toml")
	data, err := os.ReadFile(cat)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(data), "Киберпространство", "Кибер-пространство", 1)
	if edited == string(data) {
		t.Fatal("the Russian catalog no longer holds the word this test edits")
	}
	if err := os.WriteFile(cat, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	third, err := Build(p, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(third.Written) == 0 {
		t.Errorf("editing the Russian catalog rewrote nothing")
	}
	unchanged("ru")
}

// A project without a date gets notices that name none (not "…, .").
func TestUndatedEditionNotices(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "")
	dir := copyProject(t)
	conf := filepath.Join(dir, "folio.toml")
	data, err := os.ReadFile(conf)
	if err != nil {
		t.Fatal(err)
	}
	undated := regexp.MustCompile(`(?m)^date = .*\n`).ReplaceAllString(string(data), "")
	if undated == string(data) {
		t.Fatal("folio.toml has no date line for this test to remove")
	}
	os.WriteFile(conf, []byte(undated), 0o644)
	p, err := project.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if _, err := Build(p, BuildOptions{Out: out, Formats: []string{"html"}, Locales: []string{"en", "fr", "zh-Hans", "ar"}}); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"en":      "Original text.",
		"fr":      "Traduction non officielle (original\u00a0: anglais).",
		"zh-Hans": "非官方译本，译自英语原文。",
		"ar":      "ترجمة غير رسمية عن اللغة الإنجليزية.",
	}
	notice := regexp.MustCompile(`<p class="folio-notice">([^<]*)</p>`)
	for tag, w := range want {
		html, err := os.ReadFile(filepath.Join(out, tag, "cyberspace.html"))
		if err != nil {
			t.Fatal(err)
		}
		m := notice.FindSubmatch(html)
		if m == nil || string(m[1]) != w {
			t.Errorf("%s notice = %q, want %q", tag, m, w)
		}
	}
}

// Build loads, checks and builds each document in its own worker, the
// units finishing in any order: what it reports must not depend on that.
// Its check errors are those of check, in check's order, and its
// diagnostics and the editions it skips are the same with one worker or
// several.
func TestBuildResultIndependentOfWorkers(t *testing.T) {
	p := sourceProject(t, corpus(t))
	// Code spans dropped: the translations of segments holding one lose
	// markup check asks for (an error), the others pass.
	fillCatalogs(t, p, "fr", func(s string) string { return strings.ReplaceAll(s, "`", "") })
	want, _, err := Check(p, p.Locales)
	if err != nil {
		t.Fatal(err)
	}
	errs := checkErrors(want.Diagnostics)
	if len(errs) == 0 {
		t.Fatal("the test catalogs have no check error")
	}
	var first *BuildResult
	var firstAll []string
	for _, procs := range []int{1, 4, 2} {
		prev := runtime.GOMAXPROCS(procs)
		res, err := Build(p, BuildOptions{Out: t.TempDir(), Formats: []string{"md"}})
		runtime.GOMAXPROCS(prev)
		if err != nil {
			t.Fatal(err)
		}
		var got, all []string
		for _, d := range res.Check.Diagnostics {
			if d.Severity == check.Error {
				got = append(got, d.String())
			}
			all = append(all, d.String())
		}
		if i := firstDifference(got, errs); i >= 0 {
			t.Fatalf("GOMAXPROCS %d: build's diagnostics (%d) differ from check's errors (%d) at %d:\n got %q\nwant %q", procs, len(got), len(errs), i, at(got, i), at(errs, i))
		}
		if len(res.Skipped) == 0 {
			t.Fatalf("GOMAXPROCS %d: no edition skipped for %d check errors", procs, len(errs))
		}
		if first == nil {
			first, firstAll = res, all
			continue
		}
		if i := firstDifference(all, firstAll); i >= 0 {
			t.Errorf("GOMAXPROCS %d: diagnostic %d is %q, with one worker %q", procs, i, at(all, i), at(firstAll, i))
		}
		if !slices.Equal(res.Skipped, first.Skipped) {
			t.Errorf("GOMAXPROCS %d: skipped\n%q\nwith one worker:\n%q", procs, res.Skipped, first.Skipped)
		}
	}
}

// firstDifference is the index of the first element where a and b differ,
// or -1 when they are equal.
func firstDifference(a, b []string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	if len(a) != len(b) {
		return min(len(a), len(b))
	}
	return -1
}

// at is list[i], or "(none)" past its end.
func at(list []string, i int) string {
	if i < len(list) {
		return list[i]
	}
	return "(none)"
}

// checkErrors returns the diagnostics of severity error, as text.
func checkErrors(ds []check.Diagnostic) []string {
	var errs []string
	for _, d := range ds {
		if d.Severity == check.Error {
			errs = append(errs, d.String())
		}
	}
	return errs
}
