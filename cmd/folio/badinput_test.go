package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"folio/internal/catalog"
	"folio/internal/project"
)

// commandsUnderTest are run, in this order, on every bad input.
var commandsUnderTest = []string{"extract", "check", "status", "build"}

// Exit statuses of extract, check, status and build for a kind of input.
var (
	// A malformed catalog: every command runs and reports it (exit 1).
	badCatalog = [4]int{1, 1, 1, 1}
	// An unusable folio.toml: no command can run (exit 2).
	badConfig = [4]int{2, 2, 2, 2}
	// A malformed history: extract stops on it and check reports it
	// (exit 1); status and build, which do not need it, run (exit 0).
	badHistory = [4]int{1, 1, 0, 0}
	// Accepted input.
	allOK = [4]int{0, 0, 0, 0}
)

const frCatalog = "locales/doc/fr.toml"

type inputCase struct {
	name string
	// setup breaks (or oddly shapes) the project at proj; outside is a
	// folder beside the project. It may call t.Skip.
	setup func(t *testing.T, proj, outside string)
	exits [4]int
	// where must match the stderr of every command that fails: the file
	// and, when it has one, line and column.
	where string
	// accepted cases: the tree may change (extract brings catalogs up to
	// date); after checks what must hold.
	accepted bool
	after    func(t *testing.T, proj string, stderr [4]string)
	// commands to run instead of commandsUnderTest.
	only []string
}

func writeFile(t *testing.T, proj, rel, text string) {
	t.Helper()
	p := filepath.Join(proj, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, proj, rel string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(proj, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// catalogWith returns a setup writing text as fr's catalog.
func catalogWith(text string) func(t *testing.T, proj, outside string) {
	return func(t *testing.T, proj, _ string) { writeFile(t, proj, frCatalog, text) }
}

// catalogAppending returns a setup appending text to fr's catalog, so that
// the error is far down a real file.
func catalogAppending(text string) func(t *testing.T, proj, outside string) {
	return func(t *testing.T, proj, _ string) {
		writeFile(t, proj, frCatalog, readFile(t, proj, frCatalog)+text)
	}
}

// frLines is the number of lines of the fixture's fr catalog.
func frLines(t *testing.T, proj string) int {
	return strings.Count(readFile(t, proj, frCatalog), "\n")
}

// configWith returns a setup writing text as folio.toml.
func configWith(text string) func(t *testing.T, proj, outside string) {
	return func(t *testing.T, proj, _ string) { writeFile(t, proj, "folio.toml", text) }
}

const cfgHead = "source_language = \"en\"\nlocales = [\"fr\", \"de\"]\n"

// translationKept asserts that fr's title translation survived.
func translationKept(t *testing.T, proj string, _ [4]string) {
	t.Helper()
	data := readFile(t, proj, frCatalog)
	f, err := catalog.Parse(frCatalog, []byte(data))
	if err != nil {
		t.Fatalf("fr catalog no longer loads: %v", err)
	}
	if m := f.Lookup("title"); m == nil || m.Other() != fixtureTitleFR {
		t.Fatalf("fr title translation lost: %+v", m)
	}
	if !strings.Contains(readFile(t, proj, "output/fr/doc.md"), fixtureTitleFR) {
		t.Errorf("fr edition lacks the title translation")
	}
}

func badInputCases() []inputCase {
	nested := strings.Repeat("[", 1) + strings.Repeat("a.", 200) + "b]\nother = \"x\"\n"
	deepArray := "[\"title\"]\nother = " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n"
	return []inputCase{
		// TOML syntax errors of many kinds, in the fr catalog.
		{name: "unterminated string", setup: catalogWith("[\"title\"]\nother = \"Premiers\n"), exits: badCatalog, where: `locales/doc/fr\.toml:2:\d+`},
		{name: "unterminated string far down", setup: catalogAppending("\n[\"x\"]\nother = \"oops\n"), exits: badCatalog, where: `locales/doc/fr\.toml:\d{2}:\d+`},
		{name: "missing equals", setup: catalogWith("[\"title\"]\nother \"Premiers pas\"\n"), exits: badCatalog, where: `locales/doc/fr\.toml:2:\d+`},
		{name: "unclosed table header", setup: catalogWith("[\"title\"\nother = \"Premiers pas\"\n"), exits: badCatalog, where: `locales/doc/fr\.toml:[12]:\d+`},
		{name: "invalid bare key", setup: catalogWith("[\"title\"]\not!her = \"Premiers pas\"\n"), exits: badCatalog, where: `locales/doc/fr\.toml:2:\d+`},
		{name: "invalid escape", setup: catalogWith("[\"title\"]\nother = \"Premiers \\q pas\"\n"), exits: badCatalog, where: `locales/doc/fr\.toml:2:\d+`},
		{name: "unterminated multi-line string", setup: catalogWith("[\"title\"]\nother = \"\"\"Premiers\npas\n"), exits: badCatalog, where: `locales/doc/fr\.toml:\d+:\d+`},
		{name: "unclosed inline table", setup: catalogWith("\"title\" = {other = \"Premiers pas\"\n"), exits: badCatalog, where: `locales/doc/fr\.toml:1:\d+`},
		{name: "garbage after value", setup: catalogWith("[\"title\"]\nother = \"Premiers pas\" merci\n"), exits: badCatalog, where: `locales/doc/fr\.toml:2:\d+`},
		{name: "bare word value", setup: catalogWith("[\"title\"]\nother = Premiers\n"), exits: badCatalog, where: `locales/doc/fr\.toml:2:\d+`},
		{name: "empty key", setup: catalogWith("= \"Premiers pas\"\n"), exits: badCatalog, where: `locales/doc/fr\.toml:1:\d+`},
		{name: "newline in key", setup: catalogWith("[\"getting\nstarted\"]\nother = \"x\"\n"), exits: badCatalog, where: `locales/doc/fr\.toml:1:\d+`},
		{name: "duplicate key", setup: catalogWith("[\"title\"]\nother = \"a\"\nother = \"b\"\n"), exits: badCatalog, where: `locales/doc/fr\.toml:3:\d+`},
		{name: "duplicate table", setup: catalogWith("[\"title\"]\nother = \"a\"\n[\"title\"]\nother = \"b\"\n"), exits: badCatalog, where: `locales/doc/fr\.toml:3:\d+`},
		{name: "duplicate via dotted key", setup: catalogWith("x.other = \"a\"\n[x]\nother = \"b\"\n"), exits: badCatalog, where: `locales/doc/fr\.toml:[23]:\d+`},
		// Wrong value types.
		{name: "other is an integer", setup: catalogWith("[\"title\"]\nother = 5\n"), exits: badCatalog, where: `locales/doc/fr\.toml:2:9`},
		{name: "other is a float", setup: catalogWith("[\"title\"]\nother = 1.5\n"), exits: badCatalog, where: `locales/doc/fr\.toml:2:9`},
		{name: "other is a boolean", setup: catalogWith("[\"title\"]\nother = true\n"), exits: badCatalog, where: `locales/doc/fr\.toml:2:9`},
		{name: "other is a date", setup: catalogWith("[\"title\"]\nother = 1979-05-27\n"), exits: badCatalog, where: `locales/doc/fr\.toml:2:9`},
		{name: "other is an array", setup: catalogWith("[\"title\"]\nother = [\"Premiers\", \"pas\"]\n"), exits: badCatalog, where: `locales/doc/fr\.toml:2:9`},
		{name: "other is an inline table", setup: catalogWith("[\"title\"]\nother = {text = \"Premiers pas\"}\n"), exits: badCatalog, where: `locales/doc/fr\.toml:2:1`},
		{name: "other is a table", setup: catalogWith("[\"title\".other]\ntext = \"Premiers pas\"\n"), exits: badCatalog, where: `locales/doc/fr\.toml:1:\d+`},
		{name: "simple form value is an integer", setup: catalogWith("\"title\" = 5\n"), exits: badCatalog, where: `locales/doc/fr\.toml:1:11`},
		{name: "hash is an integer", setup: catalogWith("[\"title\"]\nhash = 1\nother = \"Premiers pas\"\n"), exits: badCatalog, where: `locales/doc/fr\.toml:2:8`},
		// go-i18n's mixed reserved and unreserved keys.
		{name: "mixed keys in a message", setup: catalogWith("[\"title\"]\nother = \"Premiers pas\"\nlabel = \"x\"\n"), exits: badCatalog, where: `locales/doc/fr\.toml:3:1`},
		{name: "mixed keys at top level", setup: catalogWith("other = \"Premiers pas\"\ntitle = \"x\"\n"), exits: badCatalog, where: `locales/doc/fr\.toml:2:1`},
		{name: "mixed keys in a nested table", setup: catalogWith("[menu]\n[menu.open]\none = \"x\"\nlabel = \"y\"\n"), exits: badCatalog, where: `locales/doc/fr\.toml:4:1`},
		// Bytes that are not text.
		{name: "invalid UTF-8", setup: catalogWith("[\"title\"]\nother = \"Premi\xe8res\"\n"), exits: badCatalog, where: `locales/doc/fr\.toml:2:15`},
		{name: "invalid UTF-8 in a comment", setup: catalogAppending("# caf\xc3\n"), exits: badCatalog, where: `locales/doc/fr\.toml:\d+:6`},
		{name: "UTF-16 file", setup: catalogWith("\xff\xfe[\x00\"\x00a\x00\"\x00]\x00\n\x00"), exits: badCatalog, where: `locales/doc/fr\.toml:1:1`},
		{name: "NUL byte", setup: catalogWith("[\"title\"]\nother = \"Premiers\x00pas\"\n"), exits: badCatalog, where: `locales/doc/fr\.toml:2:18`},
		{name: "NUL byte at the start", setup: catalogWith("\x00"), exits: badCatalog, where: `locales/doc/fr\.toml:1:1`},
		// Nesting.
		{name: "deeply nested tables", setup: catalogWith(nested), exits: badCatalog, where: `locales/doc/fr\.toml:1:\d+`},
		{name: "deeply nested arrays", setup: catalogWith(deepArray), exits: badCatalog, where: `locales/doc/fr\.toml:2:\d+`},
		// Millions of "[" overflowed BurntSushi's recursive parser: a fatal
		// error, not a panic, that killed the process.
		{name: "arrays nested millions deep", setup: catalogWith("[\"title\"]\nother = " + strings.Repeat("[", 4<<20) + "\n"), exits: badCatalog, where: `locales/doc/fr\.toml:2:73`},
		{name: "folio.toml nested millions deep", setup: configWith(cfgHead + "x = " + strings.Repeat("{a=", 1<<20) + "\n"), exits: badConfig, where: `folio\.toml:3:197`},
		{name: "history nested millions deep", setup: func(t *testing.T, proj, _ string) {
			writeFile(t, proj, ".folio/history/doc.toml", "x = "+strings.Repeat("[", 4<<20)+"\n")
		}, exits: badHistory, where: `\.folio/history/doc\.toml:1:69`},
		// Files that cannot be read.
		{name: "catalog over the size limit", setup: func(t *testing.T, proj, _ string) {
			if err := os.Truncate(filepath.Join(proj, frCatalog), project.MaxFileSize+1); err != nil {
				t.Fatal(err)
			}
		}, exits: badCatalog, where: `locales/doc/fr\.toml: .*limit of 64 MiB`},
		{name: "catalog is a folder", setup: func(t *testing.T, proj, _ string) {
			os.Remove(filepath.Join(proj, frCatalog))
			os.Mkdir(filepath.Join(proj, frCatalog), 0o755)
		}, exits: badCatalog, where: `locales/doc/fr\.toml: .*not a regular file`},
		{name: "unreadable catalog", setup: func(t *testing.T, proj, _ string) {
			p := filepath.Join(proj, frCatalog)
			if err := os.Chmod(p, 0); err != nil {
				t.Fatal(err)
			}
			if _, err := os.ReadFile(p); err == nil {
				os.Chmod(p, 0o644)
				t.Skip("chmod 000 does not stop this user reading files (running as root): the unreadable-file case cannot be made here")
			}
			t.Cleanup(func() { os.Chmod(p, 0o644) })
		}, exits: badCatalog, where: `locales/doc/fr\.toml: .*permission denied`},
		{name: "catalog is a link out of the project", setup: func(t *testing.T, proj, outside string) {
			writeFile(t, outside, "secret.toml", "\"title\" = \"SECRET\"\n")
			os.Remove(filepath.Join(proj, frCatalog))
			if err := os.Symlink(filepath.Join(outside, "secret.toml"), filepath.Join(proj, frCatalog)); err != nil {
				t.Fatal(err)
			}
		}, exits: badCatalog, where: `locales/doc/fr\.toml: .*leads outside the project`},
		{name: "locale folder is a link out of the project", setup: func(t *testing.T, proj, outside string) {
			dir := filepath.Join(proj, "locales/doc")
			copyTree(t, dir, filepath.Join(outside, "doc"))
			os.RemoveAll(dir)
			if err := os.Symlink(filepath.Join(outside, "doc"), dir); err != nil {
				t.Fatal(err)
			}
		}, exits: badCatalog, where: `locales/doc/\w+\.toml: .*leads outside the project`},
		// Other files extract reads and writes.
		{name: "malformed source catalog", setup: func(t *testing.T, proj, _ string) {
			writeFile(t, proj, "locales/doc/en.toml", readFile(t, proj, "locales/doc/en.toml")+"[broken\n")
		}, exits: badCatalog, where: `locales/doc/en\.toml:\d+:\d+`},
		{name: "malformed obsolete store", setup: func(t *testing.T, proj, _ string) {
			writeFile(t, proj, "locales/doc/obsolete/fr.toml", "[\"gone\"]\nother = 5\n")
		}, exits: badCatalog, where: `locales/doc/obsolete/fr\.toml:2:9`},
		{name: "malformed history", setup: func(t *testing.T, proj, _ string) {
			writeFile(t, proj, ".folio/history/doc.toml", "\"sha1-x\" = \n")
		}, exits: badHistory, where: `\.folio/history/doc\.toml:1:\d+`},
		// The source document.
		{name: "source with invalid UTF-8", setup: func(t *testing.T, proj, _ string) {
			writeFile(t, proj, "source/doc.md", "# Title\n\nCaf\xe9 au lait.\n")
		}, exits: badCatalog, where: `source/doc\.md:3:4`},
		{name: "source with a NUL byte", setup: func(t *testing.T, proj, _ string) {
			writeFile(t, proj, "source/doc.md", "# Title\n\nA\x00B\n")
		}, exits: badCatalog, where: `source/doc\.md:3:2`},
		{name: "source over the size limit", setup: func(t *testing.T, proj, _ string) {
			if err := os.Truncate(filepath.Join(proj, "source/doc.md"), project.MaxFileSize+1); err != nil {
				t.Fatal(err)
			}
		}, exits: badCatalog, where: `source/doc\.md: .*limit`},
		{name: "source is a link out of the project", setup: func(t *testing.T, proj, outside string) {
			writeFile(t, outside, "secret.md", "# SECRET\n")
			os.Remove(filepath.Join(proj, "source/doc.md"))
			os.Symlink(filepath.Join(outside, "secret.md"), filepath.Join(proj, "source/doc.md"))
		}, exits: badCatalog, where: `source/doc\.md: .*leads outside the project`},
		{name: "unreadable source", setup: func(t *testing.T, proj, _ string) {
			p := filepath.Join(proj, "source/doc.md")
			os.Chmod(p, 0)
			if _, err := os.ReadFile(p); err == nil {
				os.Chmod(p, 0o644)
				t.Skip("chmod 000 does not stop this user reading files (running as root)")
			}
			t.Cleanup(func() { os.Chmod(p, 0o644) })
		}, exits: badCatalog, where: `source/doc\.md: .*permission denied`},
		// folio.toml.
		{name: "missing folio.toml", setup: func(t *testing.T, proj, _ string) {
			os.Remove(filepath.Join(proj, "folio.toml"))
		}, exits: badConfig, where: `folio\.toml: no project file`},
		{name: "folio.toml syntax error", setup: configWith("source_language = \"en\nlocales = [\"fr\"]\n"), exits: badConfig, where: `folio\.toml:1:\d+`},
		{name: "folio.toml unclosed array", setup: configWith("source_language = \"en\"\nlocales = [\"fr\", \"de\"\n"), exits: badConfig, where: `folio\.toml:\d+:\d+`},
		{name: "folio.toml invalid UTF-8", setup: configWith(cfgHead + "date = \"2024\xff\"\n"), exits: badConfig, where: `folio\.toml:3:\d+`},
		{name: "folio.toml NUL byte", setup: configWith(cfgHead + "date = \"20\x0024\"\n"), exits: badConfig, where: `folio\.toml:3:\d+`},
		{name: "folio.toml locales is a string", setup: configWith("source_language = \"en\"\nlocales = \"fr\"\n"), exits: badConfig, where: `folio\.toml:2:11`},
		{name: "folio.toml wrap is a string", setup: configWith(cfgHead + "[build]\nwrap = \"wide\"\n"), exits: badConfig, where: `folio\.toml:4:8`},
		{name: "folio.toml unknown severity", setup: configWith(cfgHead + "[checks.severity]\nlength = \"loud\"\n"), exits: badConfig, where: `folio\.toml:4:10`},
		{name: "folio.toml unknown check", setup: configWith(cfgHead + "[checks.severity]\nnosuchcheck = \"error\"\n"), exits: badConfig, where: `folio\.toml:4:1`},
		{name: "folio.toml unknown check ignored", setup: configWith(cfgHead + "[checks.ignore]\n\"x.y\" = [\"nosuch\"]\n"), exits: badConfig, where: `folio\.toml:4:10`},
		{name: "folio.toml minimum for no locale", setup: configWith(cfgHead + "[status.min]\nes = 50\n"), exits: badConfig, where: `folio\.toml:4:1`},
		{name: "folio.toml front matter keys a number", setup: configWith(cfgHead + "[segment]\nfront_matter_keys = 3\n"), exits: badConfig, where: `folio\.toml:4:21`},
		{name: "folio.toml unknown key", setup: configWith(cfgHead + "colour = \"blue\"\n"), exits: badConfig, where: `folio\.toml:3:1`},
		{name: "folio.toml missing source_language", setup: configWith("locales = [\"fr\"]\n"), exits: badConfig, where: `folio\.toml`},
		{name: "malformed language tag", setup: configWith("source_language = \"en\"\nlocales = [\"fr\", \"de-!!\"]\n"), exits: badConfig, where: `folio\.toml:2:\d+: locales: .*de-!!`},
		{name: "unknown language tag", setup: configWith("source_language = \"en\"\nlocales = [\"fr\", \"xyz\"]\n"), exits: badConfig, where: `folio\.toml:2:\d+: locales: .*xyz`},
		{name: "unknown source language", setup: configWith("source_language = \"zz\"\nlocales = [\"fr\"]\n"), exits: badConfig, where: `folio\.toml:1:\d+`},
		{name: "locale with ../", setup: configWith("source_language = \"en\"\nlocales = [\"../fr\"]\n"), exits: badConfig, where: `folio\.toml:2:\d+: locales: .*\.\./fr`},
		{name: "absolute locale", setup: configWith("source_language = \"en\"\nlocales = [\"/tmp/fr\"]\n"), exits: badConfig, where: `folio\.toml:2:\d+`},
		{name: "locale listed twice", setup: configWith("source_language = \"en\"\nlocales = [\"fr\", \"fr\"]\n"), exits: badConfig, where: `folio\.toml:2:18: locales: "fr" is listed twice`},
		{name: "locale listed twice in another case", setup: configWith("source_language = \"en\"\nlocales = [\n  \"fr\", # French\n  \"de\",\n  \"FR\",\n]\n"), exits: badConfig, where: `folio\.toml:5:3: locales: "fr" and "FR" name the same locale`},
		{name: "source language as a locale", setup: configWith("source_language = \"en\"\nlocales = [\"fr\", \"EN\"]\n"), exits: badConfig, where: `folio\.toml:2:18: locales: "EN" is the source language`},
		{name: "document name with ../", setup: configWith(cfgHead + "[[document]]\nname = \"../../evil\"\npath = \"source/doc.md\"\n"), exits: badConfig, where: `folio\.toml:4:8: document 1 name`},
		{name: "absolute document name", setup: configWith(cfgHead + "[[document]]\nname = \"/tmp/evil\"\npath = \"source/doc.md\"\n"), exits: badConfig, where: `folio\.toml:4:8: document 1 name`},
		{name: "document path with ../", setup: configWith(cfgHead + "[[document]]\nname = \"doc\"\npath = \"source/../../x.md\"\n"), exits: badConfig, where: `folio\.toml:5:8: document 1 path`},
		{name: "absolute document path", setup: configWith(cfgHead + "[[document]]\nname = \"doc\"\npath = \"/etc/passwd\"\n"), exits: badConfig, where: `folio\.toml:5:8: document 1 path`},
		{name: "missing source document", setup: configWith(cfgHead + "[[document]]\nname = \"doc\"\npath = \"source/missing.md\"\n"), exits: badConfig, where: `folio\.toml:5:8: document 1 path: source/missing\.md`},
		{name: "component name with ../", setup: configWith(cfgHead + "[[component]]\nname = \"../ui\"\n"), exits: badConfig, where: `folio\.toml:4:8: component name`},
		{name: "folio.toml over the size limit", setup: func(t *testing.T, proj, _ string) {
			if err := os.Truncate(filepath.Join(proj, "folio.toml"), project.MaxFileSize+1); err != nil {
				t.Fatal(err)
			}
		}, exits: badConfig, where: `folio\.toml: .*limit`},
		{name: "folio.toml is a folder", setup: func(t *testing.T, proj, _ string) {
			os.Remove(filepath.Join(proj, "folio.toml"))
			os.Mkdir(filepath.Join(proj, "folio.toml"), 0o755)
		}, exits: badConfig, where: `folio\.toml: not a regular file`},

		// Accepted, as go-i18n accepts them.
		{name: "byte-order mark", setup: func(t *testing.T, proj, _ string) {
			writeFile(t, proj, frCatalog, "\uFEFF"+readFile(t, proj, frCatalog))
		}, exits: allOK, accepted: true, after: translationKept},
		{name: "CRLF line endings", setup: func(t *testing.T, proj, _ string) {
			writeFile(t, proj, frCatalog, strings.ReplaceAll(readFile(t, proj, frCatalog), "\n", "\r\n"))
		}, exits: allOK, accepted: true, after: translationKept},
		{name: "byte-order mark and CRLF", setup: func(t *testing.T, proj, _ string) {
			writeFile(t, proj, frCatalog, "\uFEFF"+strings.ReplaceAll(readFile(t, proj, frCatalog), "\n", "\r\n"))
		}, exits: allOK, accepted: true, after: translationKept},
		{name: "simple form catalog", setup: catalogWith("\"title\" = \"" + fixtureTitleFR + "\"\n"), exits: allOK, accepted: true, after: translationKept},
		{name: "empty catalog", setup: catalogWith(""), exits: allOK, accepted: true, after: func(t *testing.T, proj string, _ [4]string) {
			f, err := catalog.Parse(frCatalog, []byte(readFile(t, proj, frCatalog)))
			if err != nil || f.Lookup("title") == nil {
				t.Fatalf("extract did not fill the empty catalog: %v", err)
			}
		}},
		{name: "comments-only catalog", setup: catalogWith("# nothing yet\r\n\r\n"), exits: allOK, accepted: true},
		{name: "catalog for a locale not in the project", setup: func(t *testing.T, proj, _ string) {
			writeFile(t, proj, "locales/doc/it.toml", "\"title\" = \"Per iniziare\"\n")
		}, exits: allOK, accepted: true, after: func(t *testing.T, proj string, stderr [4]string) {
			if !strings.Contains(stderr[1], "locales/doc/it.toml") || !strings.Contains(stderr[1], "not a locale of this project") {
				t.Errorf("check does not report the stray catalog:\n%s", stderr[1])
			}
			if got := readFile(t, proj, "locales/doc/it.toml"); got != "\"title\" = \"Per iniziare\"\n" {
				t.Errorf("the stray catalog changed: %q", got)
			}
		}},
		{name: "private-use locale", setup: configWith("source_language = \"en\"\nlocales = [\"fr\", \"de\", \"qaa\"]\ndate = \"2024-01-02\"\n"), exits: allOK, accepted: true, after: func(t *testing.T, proj string, _ [4]string) {
			if _, err := os.Stat(filepath.Join(proj, "output/qaa/doc.html")); err != nil {
				t.Errorf("no qaa edition: %v", err)
			}
		}},
		{name: "50 MB single-line value", setup: func(t *testing.T, proj, _ string) {
			big := strings.Repeat("x", 50<<20)
			writeFile(t, proj, frCatalog, strings.Replace(readFile(t, proj, frCatalog), "other = \""+fixtureTitleFR+"\"", "other = \""+big+"\"", 1))
		}, exits: allOK, accepted: true, only: bigCommands(), after: func(t *testing.T, proj string, _ [4]string) {
			f, err := catalog.Parse(frCatalog, []byte(readFile(t, proj, frCatalog)))
			if err != nil {
				t.Fatal(err)
			}
			if m := f.Lookup("title"); m == nil || len(m.Other()) != 50<<20 {
				t.Fatalf("the 50 MB translation did not survive extract")
			}
		}},
	}
}

// bigCommands are the commands run on the 50 MB value: check and build
// run every check's regular expressions over 50 MB (about half a minute
// each on a busy machine), so they run only with FOLIO_TEST_BIG=1.
func bigCommands() []string {
	if os.Getenv("FOLIO_TEST_BIG") != "" {
		return commandsUnderTest
	}
	return []string{"extract", "status"}
}

func TestBadInput(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	cases := badInputCases()
	if n := len(cases); n < 40 {
		t.Fatalf("only %d cases", n)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			root, proj := fixture(t)
			outside := filepath.Join(root, "outside")
			c.setup(t, proj, outside)
			before, outBefore := treeHash(t, proj), treeHash(t, outside)
			where := regexp.MustCompile(c.where)
			cmds := commandsUnderTest
			if c.only != nil {
				cmds = c.only
			}
			var stderrs [4]string
			for _, cmd := range cmds {
				i := indexOf(commandsUnderTest, cmd)
				code, _, stderr := folioIn(proj, cmd)
				stderrs[i] = stderr
				if strings.Contains(stderr, "internal error") || strings.Contains(stderr, "panic") {
					t.Fatalf("folio %s panicked:\n%s", cmd, stderr)
				}
				if code != c.exits[i] {
					t.Errorf("folio %s exited %d, want %d; stderr:\n%s", cmd, code, c.exits[i], stderr)
				}
				if code != 0 && !where.MatchString(stderr) {
					t.Errorf("folio %s: stderr does not name the place (%s):\n%s", cmd, c.where, stderr)
				}
				if !c.accepted {
					if d := treeDiff(before, treeHash(t, proj)); d != "" {
						t.Fatalf("folio %s changed the project despite bad input: %s", cmd, d)
					}
				}
				if d := treeDiff(outBefore, treeHash(t, outside)); d != "" {
					t.Fatalf("folio %s changed files outside the project: %s", cmd, d)
				}
			}
			if c.after != nil {
				c.after(t, proj, stderrs)
			}
		})
	}
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}
