package main

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// Containment: Folio writes only inside the project (and --out), reads
// outside it only what its command line names, and no document name,
// locale tag or message ID can make a path outside it.

// everyCommand runs the writing and reading commands on proj and returns
// their stderr, joined.
func everyCommand(t *testing.T, proj string) string {
	t.Helper()
	var all strings.Builder
	for _, args := range [][]string{{"extract"}, {"check"}, {"status"}, {"build"}, {"pseudo"}, {"accept", "--locale", "fr", "--all"}} {
		code, _, stderr := folioIn(proj, args...)
		if strings.Contains(stderr, "internal error") {
			t.Fatalf("folio %v panicked:\n%s", args, stderr)
		}
		_ = code
		all.WriteString(stderr)
	}
	return all.String()
}

func TestBuildOutWritesOnlyThere(t *testing.T) {
	root, proj := fixture(t)
	out := filepath.Join(root, "elsewhere")
	before := treeHash(t, proj)
	if code, _, stderr := folioIn(proj, "build", "--out", out); code != 0 {
		t.Fatalf("build --out: %d\n%s", code, stderr)
	}
	if d := treeDiff(before, treeHash(t, proj)); d != "" {
		t.Errorf("build --out changed the project: %s", d)
	}
	// --out holds exactly what output/ holds.
	want := treeHash(t, filepath.Join(proj, "output"))
	if d := treeDiff(want, treeHash(t, out)); d != "" {
		t.Errorf("--out differs from output/: %s", d)
	}
	entries, _ := os.ReadDir(root)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	if strings.Join(names, " ") != "elsewhere outside proj" {
		t.Errorf("build --out wrote beside it: %v", names)
	}
}

// linkOut replaces the project folder rel by a link to a copy of it
// outside the project.
func linkOut(t *testing.T, proj, outside, rel string) {
	t.Helper()
	dir := filepath.Join(proj, filepath.FromSlash(rel))
	to := filepath.Join(outside, strings.ReplaceAll(rel, "/", "_"))
	if _, err := os.Stat(dir); err == nil {
		copyTree(t, dir, to)
		os.RemoveAll(dir)
	} else {
		os.MkdirAll(to, 0o755)
	}
	if err := os.Symlink(to, dir); err != nil {
		t.Fatal(err)
	}
}

// TestLinksOutOfTheProject: whatever folder a symbolic link leads out of
// the project, no command writes through it, and every command that
// would have needed it says so.
func TestLinksOutOfTheProject(t *testing.T) {
	for _, c := range []struct {
		rel  string
		cmd  string // a command that must fail, naming the link
		want string
	}{
		{"output", "build", "output/"},
		{"output/fr", "build", "output/fr/"},
		{".folio", "extract", ".folio/lock"},
		{".folio/history", "extract", ".folio/history/doc.toml"},
		{"locales/doc", "extract", "locales/doc/"},
		{"locales/doc/obsolete", "extract", "locales/doc/obsolete/"},
		{"locales", "check", "locales/"},
	} {
		t.Run(c.rel, func(t *testing.T) {
			root, proj := fixture(t)
			outside := filepath.Join(root, "outside")
			// Make every command want to write: a changed source, a
			// changed translation, a stale one.
			writeFile(t, proj, "source/doc.md", strings.Replace(readFile(t, proj, "source/doc.md"), "Install the tool.", "Install the tool first.", 1)+"\nNew paragraph.\n")
			writeFile(t, proj, frCatalog, strings.Replace(readFile(t, proj, frCatalog), fixtureTitleFR, "Pour commencer", 1))
			linkOut(t, proj, outside, c.rel)
			before := treeHash(t, outside)
			stderr := everyCommand(t, proj)
			if d := treeDiff(before, treeHash(t, outside)); d != "" {
				t.Errorf("a command wrote through the link %s: %s", c.rel, d)
			}
			code, _, one := folioIn(proj, c.cmd)
			if code == 0 || !strings.Contains(one, c.want) || !strings.Contains(one, "outside the project") {
				t.Errorf("folio %s with %s linked out: exit %d, want a failure naming %s:\n%s\n(all commands said:\n%s)", c.cmd, c.rel, code, c.want, one, stderr)
			}
		})
	}
}

// TestNothingIsReadThroughLinks: catalogs, chrome strings and the glossary
// that link out of the project are not read: their text reaches neither a
// diagnostic nor an edition.
func TestNothingIsReadThroughLinks(t *testing.T) {
	const secret = "SECRET-OUTSIDE-TEXT"
	var cat strings.Builder
	for _, id := range []string{"title", "language.name", "edition.label", "edition.original", "edition.notice", "toc.label", "switcher.label"} {
		cat.WriteString("[\"" + id + "\"]\nother = \"" + secret + "\"\n")
	}
	for _, links := range [][]string{
		{"locales/ui/en.toml", "locales/ui/fr.toml", "locales/doc/de.toml"},
		{"locales/glossary.toml"},
	} {
		t.Run(links[0], func(t *testing.T) {
			root, proj := fixture(t)
			outside := filepath.Join(root, "outside")
			writeFile(t, outside, "cat.toml", cat.String())
			writeFile(t, outside, "glossary.toml", "[term]\nsource = \"Folio\"\n[term.fr]\napproved = [\""+secret+"\"]\n")
			for _, rel := range links {
				target := "cat.toml"
				if strings.HasSuffix(rel, "glossary.toml") {
					target = "glossary.toml"
				}
				p := filepath.Join(proj, filepath.FromSlash(rel))
				os.MkdirAll(filepath.Dir(p), 0o755)
				os.Remove(p)
				if err := os.Symlink(filepath.Join(outside, target), p); err != nil {
					t.Fatal(err)
				}
			}
			stderr := everyCommand(t, proj)
			if strings.Contains(stderr, secret) {
				t.Errorf("a diagnostic quotes a file outside the project:\n%s", stderr)
			}
			if !strings.Contains(stderr, links[0]) || !strings.Contains(stderr, "outside the project") {
				t.Errorf("the linked file is not reported:\n%s", stderr)
			}
			folioIn(proj, "build", "--force")
			filepath.WalkDir(filepath.Join(proj, "output"), func(p string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					if data, _ := os.ReadFile(p); strings.Contains(string(data), secret) {
						t.Errorf("%s holds text read from outside the project", p)
					}
				}
				return nil
			})
		})
	}
}

// TestIDsAndTagsMakeNoPaths: message IDs that look like paths stay keys
// in a catalog; no file is made from them.
func TestIDsAndTagsMakeNoPaths(t *testing.T) {
	_, proj := fixture(t)
	hostile := []string{"../../../../evil", "/tmp/evil", "..", "a/../../b", "C:\\evil", "%2e%2e%2fevil"}
	text := readFile(t, proj, frCatalog)
	for _, id := range hostile {
		text += "\n[" + quoteKey(id) + "]\nother = \"x\"\n"
	}
	writeFile(t, proj, frCatalog, text)
	// A stray catalog whose name is not a tag.
	writeFile(t, proj, "locales/doc/..evil.toml", "a = \"b\"\n")
	before := treeHash(t, proj)
	everyCommand(t, proj)
	after := treeHash(t, proj)
	for path := range after {
		if _, ok := before[path]; ok {
			continue
		}
		// What extract, build and pseudo may add.
		if strings.HasPrefix(path, "locales/doc/obsolete/") || strings.HasPrefix(path, "output/en-XA/") ||
			strings.HasPrefix(path, "locales/doc/en-XA") || strings.HasPrefix(path, "locales/ui/en-XA") {
			continue
		}
		t.Errorf("a command made %s", path)
	}
	for _, id := range hostile {
		if !strings.Contains(readFile(t, proj, "locales/doc/obsolete/fr.toml"), quoteKey(id)) {
			t.Errorf("the translation with ID %q was not kept in the obsolete store", id)
		}
	}
	if entries, _ := os.ReadDir(filepath.Dir(proj)); len(entries) != 2 {
		t.Errorf("something was written beside the project: %v", entries)
	}
}

func quoteKey(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// TestReservedDocumentNames: a document whose catalogs would be another
// document's obsolete store, or that has no name, is refused.
func TestReservedDocumentNames(t *testing.T) {
	_, proj := fixture(t)
	writeFile(t, proj, "source/doc/obsolete.md", "# Clash\n")
	before := treeHash(t, proj)
	code, _, stderr := folioIn(proj, "extract")
	if code != 2 || !strings.Contains(stderr, "obsolete") {
		t.Errorf("a document named doc/obsolete: exit %d\n%s", code, stderr)
	}
	if d := treeDiff(before, treeHash(t, proj)); d != "" {
		t.Errorf("extract wrote: %s", d)
	}
	os.Remove(filepath.Join(proj, "source/doc/obsolete.md"))
	// Editors' hidden files are not documents.
	writeFile(t, proj, "source/.#doc.md", "# lock file\n")
	writeFile(t, proj, "source/.md", "# no name\n")
	if code, _, stderr := folioIn(proj, "extract"); code != 0 {
		t.Errorf("hidden files in source/: exit %d\n%s", code, stderr)
	}
	if d := treeDiff(before, treeHash(t, proj)); strings.Contains(d, "locales/") {
		t.Errorf("hidden files were extracted: %s", d)
	}
}

// TestProjectFileLinkedOut: folio.toml itself must be the project's.
func TestProjectFileLinkedOut(t *testing.T) {
	root, proj := fixture(t)
	outside := filepath.Join(root, "outside")
	writeFile(t, outside, "folio.toml", readFile(t, proj, "folio.toml"))
	os.Remove(filepath.Join(proj, "folio.toml"))
	os.Symlink(filepath.Join(outside, "folio.toml"), filepath.Join(proj, "folio.toml"))
	code, _, stderr := folioIn(proj, "check")
	if code != 2 || !strings.Contains(stderr, "folio.toml") || !strings.Contains(stderr, "outside the project") {
		t.Errorf("folio.toml linked out: exit %d\n%s", code, stderr)
	}
}
