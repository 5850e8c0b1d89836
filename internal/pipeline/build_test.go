package pipeline

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

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
