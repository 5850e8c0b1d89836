package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"folio/internal/catalog"
)

// The small project the bad-input, containment, crash and concurrency
// tests start from: English source, fr fully translated, de untranslated,
// extracted and built, so that extract and build on it change nothing.
const fixtureConfig = `source_language = "en"
locales = ["fr", "de"]
date = "2024-01-02"

[build]
formats = ["md", "html", "txt", "epub"]
`

const fixtureDoc = `# Getting started

Folio keeps *every* translation, see [the guide](https://example.org/guide).

## Steps

- Install the tool.
- Run **extract** on the project.

| Term | Meaning |
|------|---------|
| segment | a paragraph or heading |
`

// fixtureTitleFR is the French translation of the document's title.
const fixtureTitleFR = "Premiers pas"

var (
	fixtureOnce sync.Once
	fixtureDir  string
	fixtureErr  string
)

// fixture returns a fresh copy of the fixture project under a new
// temporary folder: the project is root/proj, and root/outside is a
// folder beside it for tests that lead links out of the project.
func fixture(t *testing.T) (root, proj string) {
	t.Helper()
	fixtureOnce.Do(makeFixture)
	if fixtureErr != "" {
		t.Fatal(fixtureErr)
	}
	root = t.TempDir()
	proj = filepath.Join(root, "proj")
	copyTree(t, fixtureDir, proj)
	if err := os.MkdirAll(filepath.Join(root, "outside"), 0o755); err != nil {
		t.Fatal(err)
	}
	return root, proj
}

func makeFixture() {
	dir, err := sharedTempDir("folio-fixture-")
	if err != nil {
		fixtureErr = err.Error()
		return
	}
	fixtureDir = dir
	fail := func(format string, args ...any) {
		if fixtureErr == "" {
			fixtureErr = "fixture: " + fmt.Sprintf(format, args...)
		}
	}
	write := func(rel, text string) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			fail("%v", err)
		}
	}
	write("folio.toml", fixtureConfig)
	write("source/doc.md", fixtureDoc)
	folio := func(args ...string) (int, string) {
		var out, errb bytes.Buffer
		code := run(append([]string{"-C", dir}, args...), &out, &errb)
		return code, out.String() + errb.String()
	}
	if code, out := folio("extract"); code != 0 {
		fail("extract: %d %s", code, out)
		return
	}
	// Translate fr: the title in French, every other message as its
	// source text (which keeps links and code identical).
	srcData, _ := os.ReadFile(filepath.Join(dir, "locales/doc/en.toml"))
	src, err := catalog.Parse("en.toml", srcData)
	if err != nil {
		fail("%v", err)
		return
	}
	frPath := filepath.Join(dir, "locales/doc/fr.toml")
	frData, _ := os.ReadFile(frPath)
	fr, err := catalog.Parse("fr.toml", frData)
	if err != nil {
		fail("%v", err)
		return
	}
	for _, m := range fr.Messages {
		text := src.Lookup(m.ID).Other()
		if m.ID == "title" {
			text = fixtureTitleFR
		}
		m.Forms.Set("other", text)
	}
	if err := os.WriteFile(frPath, fr.Encode(nil), 0o644); err != nil {
		fail("%v", err)
	}
	if code, out := folio("extract"); code != 0 {
		fail("second extract: %d %s", code, out)
	}
	if code, out := folio("extract"); code != 0 || !strings.Contains(out, "up to date") {
		fail("extract is not idempotent on the fixture: %d %s", code, out)
	}
	if code, out := folio("check"); code != 0 {
		fail("check: %d %s", code, out)
	}
	if code, out := folio("build"); code != 0 {
		fail("build: %d %s", code, out)
	}
	if code, out := folio("build"); code != 0 || !strings.Contains(out, "up to date") {
		fail("build is not idempotent on the fixture: %d %s", code, out)
	}
}

// copyTree copies a folder, keeping symbolic links as links.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(target, to)
		case d.IsDir():
			return os.MkdirAll(to, 0o755)
		default:
			in, err := os.Open(p)
			if err != nil {
				return err
			}
			defer in.Close()
			out, err := os.Create(to)
			if err != nil {
				return err
			}
			if _, err := io.Copy(out, in); err != nil {
				out.Close()
				return err
			}
			return out.Close()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
}

// treeHash maps every file and link under dir (but .folio/cache and
// .folio/lock, which runs may touch) to a hash of its content or target.
// Unreadable files hash by their mode.
func treeHash(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir && os.IsNotExist(err) {
				return filepath.SkipDir
			}
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if rel == ".folio/cache" || rel == ".folio/lock" {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			out[rel] = "link " + target
		case d.IsDir():
			out[rel+"/"] = "dir"
		default:
			f, err := os.Open(p)
			if err != nil {
				fi, _ := d.Info()
				out[rel] = "unreadable " + fi.Mode().String()
				return nil
			}
			h := sha256.New()
			_, err = io.Copy(h, f)
			f.Close()
			if err != nil {
				return err
			}
			out[rel] = hex.EncodeToString(h.Sum(nil))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// treeDiff describes how two tree hashes differ ("" when they do not).
func treeDiff(before, after map[string]string) string {
	var b strings.Builder
	for k, v := range before {
		if w, ok := after[k]; !ok {
			fmt.Fprintf(&b, "removed %s; ", k)
		} else if w != v {
			fmt.Fprintf(&b, "changed %s; ", k)
		}
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			fmt.Fprintf(&b, "added %s; ", k)
		}
	}
	return b.String()
}

// folioIn runs the command in-process on dir and returns its exit status,
// stdout and stderr.
func folioIn(dir string, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(append([]string{"-C", dir}, args...), &out, &errb)
	return code, out.String(), errb.String()
}
