package pipeline

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"folio/internal/catalog"
	"folio/internal/check"
	"folio/internal/coverage"
	"folio/internal/project"
	"folio/internal/segment"
	"folio/internal/state"
)

func repoProject(t *testing.T) *project.Project {
	p, err := project.Load("../..")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// The committed white paper: every catalog loads with go-i18n, every
// locale is 100 % current, and check finds nothing.
func TestWhitePaperCatalogs(t *testing.T) {
	p := repoProject(t)
	files, _ := filepath.Glob(p.Abs("locales/*/*.toml"))
	if len(files) < 12 {
		t.Fatalf("only %d catalogs", len(files))
	}
	for _, f := range files {
		data, _ := os.ReadFile(f)
		if _, err := i18n.ParseMessageFileBytes(data, f, map[string]i18n.UnmarshalFunc{"toml": toml.Unmarshal}); err != nil {
			t.Errorf("go-i18n: %s: %v", f, err)
		}
	}
	for _, l := range Status(p, p.Locales) {
		if l.Percent() != 100 || l.Messages.Stale != 0 {
			t.Errorf("%s: %.1f%% current, %d stale", l.Tag, l.Percent(), l.Messages.Stale)
		}
	}
	res, _, err := Check(p, p.Locales)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Diagnostics {
		t.Errorf("check: %s", d)
	}
}

// copyProject copies the repository's project files into a temporary folder.
func copyProject(t *testing.T) string {
	dir := t.TempDir()
	for _, sub := range []string{"folio.toml", "source", "locales", ".folio/history"} {
		cmd := exec.Command("cp", "-r", filepath.Join("../..", sub), filepath.Join(dir, filepath.Dir(sub)))
		os.MkdirAll(filepath.Join(dir, filepath.Dir(sub)), 0o755)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %s", err, out)
		}
	}
	return dir
}

// loadProject loads the project in dir, failing the test if it does not
// load.
func loadProject(t *testing.T, dir string) *project.Project {
	t.Helper()
	p, err := project.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func tree(t *testing.T, dir string) map[string]string {
	m := map[string]string{}
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() && !strings.Contains(p, ".folio/lock") && !strings.Contains(p, ".folio/cache") {
			data, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			m[rel] = string(data)
		}
		return nil
	})
	return m
}

func TestExtractIsIdempotentOnCommittedCatalogs(t *testing.T) {
	dir := copyProject(t)
	before := tree(t, dir)
	p, err := project.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Extract(p)
	if err != nil || len(res.Errors) > 0 {
		t.Fatal(err, res.Errors)
	}
	if len(res.Written) != 0 {
		t.Errorf("extract rewrote committed files: %v", res.Written)
	}
	if after := tree(t, dir); len(after) != len(before) {
		t.Errorf("extract changed the tree: %d files before, %d after", len(before), len(after))
	}
}

// The editions under output/ are exactly what build makes.
func TestOutputIsUpToDate(t *testing.T) {
	p := repoProject(t)
	out := t.TempDir()
	res, err := Build(p, BuildOptions{Out: out})
	if err != nil || len(res.Skipped) > 0 {
		t.Fatal(err, res.Skipped)
	}
	built := tree(t, out)
	committed := tree(t, p.Abs("output"))
	for name, data := range built {
		if committed[name] != data {
			t.Errorf("output/%s differs from a fresh build (run go run ./cmd/folio build)", name)
		}
	}
	if len(built) < 24 {
		t.Errorf("only %d editions built", len(built))
	}
}

func corpus(t *testing.T) []string {
	files, _ := filepath.Glob("../../../shared/corpus/markdown/*.md")
	var out []string
	for _, f := range files {
		if !strings.HasSuffix(f, "MANIFEST.md") {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		if os.Getenv("CI") != "" {
			t.Fatal("../shared/corpus/markdown is missing")
		}
		t.Skip("corpus missing")
	}
	return out
}

// sourceProject makes a project of the given documents in a new folder,
// with locale fr and Markdown editions, and extracts it.
func sourceProject(t *testing.T, docs []string) *project.Project {
	t.Helper()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "folio.toml"), []byte("source_language = \"en\"\nlocales = [\"fr\"]\n[build]\nformats = [\"md\"]\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, "source"), 0o755)
	for _, f := range docs {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, "source", filepath.Base(f)), data, 0o644)
	}
	p, err := project.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if res, err := Extract(p); err != nil || len(res.Errors) > 0 {
		t.Fatal(err, res.Errors)
	}
	return p
}

// fillCatalogs writes every unit's catalog for tag with translate applied
// to each source text, each translation current (the source entry's hash).
func fillCatalogs(t *testing.T, p *project.Project, tag string, translate func(string) string) {
	t.Helper()
	st := state.Load(p, p.Locales)
	for _, u := range st.Units {
		f := &catalog.File{}
		for _, m := range u.Source.Messages {
			f.Add(&catalog.Message{ID: m.ID, Hash: m.Hash, Forms: catalog.OtherForm(translate(m.Other()))})
		}
		if err := os.WriteFile(p.Abs(project.CatalogPath(u.Name, tag)), f.Encode(nil), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// The pipeline issue's acceptance run: init a project, copy documents in,
// extract, fill every locale catalog with the source text and hash, build
// Markdown: every document comes back byte for byte.
func TestIdentityEditionsOfRealDocuments(t *testing.T) {
	docs := corpus(t)
	p := sourceProject(t, docs)
	fillCatalogs(t, p, "fr", func(s string) string { return s })
	out := t.TempDir()
	if _, err := Build(p, BuildOptions{Out: out, Locales: []string{"fr"}, Formats: []string{"md"}, Force: true}); err != nil {
		t.Fatal(err)
	}
	for _, f := range docs {
		want, _ := os.ReadFile(f)
		got, err := os.ReadFile(filepath.Join(out, "fr", strings.TrimSuffix(filepath.Base(f), ".md")+".md"))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: identity edition differs (%v)", filepath.Base(f), err)
		}
	}
	// extract regenerates the comments of the hand-filled catalogs once;
	// run again, it changes nothing.
	Extract(p)
	if res, _ := Extract(p); len(res.Written) != 0 {
		t.Errorf("second extract wrote %v", res.Written)
	}
}

// A pseudo edition of every test document keeps the source's block
// structure, no running text is left untranslated, and the pseudo
// catalogs pass check without an error: a pseudo-locale that check
// refuses cannot be built to look for layout problems.
func TestPseudoEditionsKeepStructure(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "folio.toml"), []byte("source_language = \"en\"\nlocales = []\n[build]\nformats = [\"md\"]\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, "source"), 0o755)
	files, _ := filepath.Glob("../segment/testdata/*.md")
	files = append(files, corpus(t)...)
	for _, f := range files {
		data, _ := os.ReadFile(f)
		os.WriteFile(filepath.Join(dir, "source", filepath.Base(f)), data, 0o644)
	}
	p, _ := project.Load(dir)
	if _, err := Extract(p); err != nil {
		t.Fatal(err)
	}
	if _, err := Pseudo(p, "en-XA"); err != nil {
		t.Fatal(err)
	}
	p.Locales = []string{"en-XA"}
	res, _, err := Check(p, []string{"en-XA"})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Diagnostics {
		if d.Severity == check.Error {
			t.Errorf("pseudo catalog fails check: %s", d)
		}
	}
	out := t.TempDir()
	if _, err := Build(p, BuildOptions{Out: out, Locales: []string{"en-XA"}, Formats: []string{"md"}, Force: true}); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		src, _ := os.ReadFile(f)
		got, _ := os.ReadFile(filepath.Join(out, "en-XA", strings.TrimSuffix(filepath.Base(f), ".md")+".md"))
		if a, b := segment.BlockShape(src), segment.BlockShape(got); a != b {
			t.Errorf("%s: pseudo edition changes the block structure", filepath.Base(f))
		}
	}
}

func TestWordCounts(t *testing.T) {
	cases := map[string]int{
		"Hello, world!":       2,
		"网络空间命运共同体":           9,
		"构建 cyberspace 2019年": 5,
		"احترام السيادة في الفضاء السيبراني":  5,
		"Уважение суверенитета — 4 принципа":  4,
		"[link text](http://example.com/a/b)": 2,
	}
	for s, want := range cases {
		if got := coverage.Words(s); got != want {
			t.Errorf("Words(%q) = %d, want %d", s, got, want)
		}
	}
}
