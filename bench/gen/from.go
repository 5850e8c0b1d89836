package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"
)

// fromFolder makes a set of documents someone else wrote: every .md and
// .markdown file under src (hidden files and folders left out) is copied,
// byte for byte, into dir/source/ at its relative path, and the project
// around them is made as for a generated set (folio.toml, catalogs with
// pseudo-translations, and with po the po4a.cfg and PO files, leaving out
// a document po4a refuses).
//
// po4a.cfg cannot name a path with a space, and Folio cannot take a
// document whose name ends in obsolete, so a path keeps only letters,
// digits and . _ - / (anything else becomes -), and a document whose
// name would clash or end in obsolete gets a number. A file that is not
// valid UTF-8, or holds a NUL byte, is left out with a note on stderr:
// Folio refuses it (as it should), po4a reads it as something else. So is
// a symbolic link, with a note.
func fromFolder(dir, src string, seed uint64, locales []string, po bool) error {
	var files []string
	err := filepath.WalkDir(src, func(f string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if f != src && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if ext := strings.ToLower(filepath.Ext(f)); ext == ".md" || ext == ".markdown" {
			switch {
			case d.Type().IsRegular():
				files = append(files, f)
			case d.Type()&fs.ModeSymlink != 0:
				// Most often another name for a document of the folder
				// (README.md -> docs/index.md): copied, it would count twice.
				rel, _ := filepath.Rel(src, f)
				fmt.Fprintf(os.Stderr, "gen: %s left out: a symbolic link\n", rel)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(files)
	if len(files) == 0 {
		return fmt.Errorf("%s holds no .md or .markdown file", src)
	}
	if err := startProject(dir, fmt.Sprintf("bench/gen -from %s, %d documents", filepath.Base(src), len(files)), locales); err != nil {
		return err
	}
	var paths []string
	taken := map[string]bool{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, f)
		if err != nil {
			return err
		}
		if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
			fmt.Fprintf(os.Stderr, "gen: %s left out: not UTF-8 text\n", rel)
			continue
		}
		ext := path.Ext(filepath.ToSlash(rel))
		name := documentName(strings.TrimSuffix(filepath.ToSlash(rel), ext), taken)
		taken[strings.ToLower(name)] = true
		p := "source/" + name + strings.ToLower(ext)
		out := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(out, data, 0o644); err != nil {
			return err
		}
		paths = append(paths, p)
	}
	if len(paths) == 0 {
		return fmt.Errorf("%s holds no Markdown file in UTF-8", src)
	}
	return finishProject(dir, seed, locales, paths, po, true)
}

// documentName is the name a document at rel (its extension removed)
// takes in the set: safe characters only, not ending in obsolete, and not
// one of the names taken (kept in lower case: a set may be copied to a
// file system that ignores case).
func documentName(rel string, taken map[string]bool) string {
	safe := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '_', r == '-', r == '/':
			return r
		}
		return '-'
	}, rel)
	parts := strings.Split(safe, "/")
	for i, s := range parts {
		if s == "" || s == "." || s == ".." || strings.HasPrefix(s, ".") {
			parts[i] = "-" + s
		}
	}
	safe = strings.Join(parts, "/")
	if path.Base(safe) == "obsolete" {
		safe += "-1"
	}
	name := safe
	for n := 2; taken[strings.ToLower(name)]; n++ {
		name = fmt.Sprintf("%s-%d", safe, n)
	}
	return name
}
