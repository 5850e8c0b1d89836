package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"folio/internal/project"
)

// folio init writes a folio.toml that the other commands load, and
// refuses, with nothing written, a locale list they would refuse: a
// locale twice (in any case) or the source language among the targets.
func TestInitLocales(t *testing.T) {
	for _, c := range []struct {
		locales, refused string
	}{
		{"fr, de,,fr-FR", ""},
		{"", ""},
		{"fr,de,fr", `"fr" is listed twice`},
		{"fr,FR", `"fr" and "FR" name the same locale`},
		{"fr,en", `"en" is the source language`},
		{"En", `"En" is the source language ("en")`},
		{"fr,fr_CA", `separates subtags with '-' (fr-CA)`},
	} {
		dir := filepath.Join(t.TempDir(), "p")
		code, _, stderr := runFolio(t, "-C", dir, "init", "--source-language", "en", "--locales", c.locales)
		if c.refused != "" {
			if code != exitUsage || !strings.HasPrefix(stderr, "folio init: --locales: \"") || !strings.Contains(stderr, c.refused) {
				t.Errorf("init --locales %q: exit %d, %q; want %d and %q", c.locales, code, stderr, exitUsage, c.refused)
			}
			if _, err := os.Stat(filepath.Join(dir, project.FileName)); err == nil {
				t.Errorf("init --locales %q wrote folio.toml", c.locales)
			}
			continue
		}
		if code != exitOK {
			t.Errorf("init --locales %q: exit %d, %s", c.locales, code, stderr)
			continue
		}
		p, err := project.Load(dir)
		if err != nil {
			t.Errorf("init --locales %q wrote a project that does not load: %v", c.locales, err)
			continue
		}
		var want []string
		for _, l := range strings.Split(c.locales, ",") {
			if l = strings.TrimSpace(l); l != "" {
				want = append(want, l)
			}
		}
		if strings.Join(p.Locales, ",") != strings.Join(want, ",") {
			t.Errorf("init --locales %q: project locales %q", c.locales, p.Locales)
		}
	}
}

// oneDocProject writes a project of one document, source/a.md, with the
// given locales (TOML strings) and Markdown editions, and returns its
// folder.
func oneDocProject(t *testing.T, locales string) string {
	dir := t.TempDir()
	writeFile(t, dir, "folio.toml", "source_language = \"en\"\nlocales = ["+locales+"]\n[build]\nformats = [\"md\"]\n")
	writeFile(t, dir, "source/a.md", "# Title\n\nHello.\n")
	return dir
}

// --locale names a locale in any case, as BCP 47 compares tags: FR is the
// project's fr, and what the commands write and report is spelled fr.
func TestLocaleFlagIgnoresCase(t *testing.T) {
	dir := oneDocProject(t, `"fr", "zh-Hans"`)
	if code, _, stderr := runFolio(t, "-C", dir, "extract"); code != exitOK {
		t.Fatalf("extract: exit %d, %s", code, stderr)
	}
	code, out, stderr := runFolio(t, "-C", dir, "status", "--locale", "ZH-hans", "--format", "json")
	if code != exitOK || !strings.Contains(out, `"zh-Hans"`) || strings.Contains(out, `"fr"`) {
		t.Errorf("status --locale ZH-hans: exit %d, %s%s", code, out, stderr)
	}
	if code, _, stderr := runFolio(t, "-C", dir, "build", "--locale", "FR"); code != exitOK {
		t.Fatalf("build --locale FR: exit %d, %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "output", "fr", "a.md")); err != nil {
		t.Errorf("build --locale FR did not write output/fr/a.md: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "output", "FR")); err == nil {
		t.Error("build --locale FR wrote output/FR")
	}
	if code, _, stderr := runFolio(t, "-C", dir, "check", "--locale", "de"); code != exitUsage || !strings.Contains(stderr, "--locale de: not a locale of this project (it has fr, zh-Hans)") {
		t.Errorf("check --locale de: exit %d, %s", code, stderr)
	}
}

// A run that takes the lock trusts the times of files modified before it
// wrote the lock (project.Clock): a project checked out or written just
// now has its inputs in the stamp table after one run, so the next does
// not read them again. Without the lock's time, a file modified in the
// last three seconds would not be recorded.
func TestLockClockRecordsFreshFiles(t *testing.T) {
	dir := oneDocProject(t, `"fr"`)
	// The source was written before extract's lock (the project had none
	// before: the time is the one extract wrote); the catalogs extract
	// wrote, before build's.
	for _, run := range []struct {
		cmd   string
		files []string
	}{
		{"extract", []string{"source/a.md"}},
		{"build", []string{"locales/a/fr.toml", "locales/a/en.toml"}},
	} {
		if code, _, stderr := runFolio(t, "-C", dir, run.cmd); code != exitOK {
			t.Fatalf("%s: exit %d, %s", run.cmd, code, stderr)
		}
		table, err := os.ReadFile(filepath.Join(dir, ".folio/cache/stamps.cache"))
		if err != nil {
			t.Fatal(err)
		}
		for _, rel := range run.files {
			if !strings.Contains(string(table), rel) {
				t.Errorf("%s is not in the stamp table after %s", rel, run.cmd)
			}
		}
	}
}
