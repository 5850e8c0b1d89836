// Command gen writes a deterministic Markdown documentation set for Folio's
// benchmarks: documents with headings, paragraphs, nested lists, tables,
// code blocks, links, emphasis and code spans; a folio.toml with its
// locales; catalogs filled with pseudo-translations (most current, some
// stale, some untranslated); and, with -po, an equivalent po4a.cfg with PO
// files made by po4a itself and filled the same way.
//
//	go run ./bench/gen -size S -seed 1 -out /tmp/S        # generate
//	go run ./bench/gen -from ~/docs -po -out /tmp/D       # a set of your own documents
//	go run ./bench/gen -seed 1 -edit /tmp/S               # edit 5 % of its paragraphs
//
// It imports Folio's internal packages (project, pipeline, state, catalog,
// fsutil) and the standard library.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

var allLocales = []string{"fr", "de", "es", "it", "pt-BR", "ja", "zh-Hans", "ru", "ar", "ko"}

var sizes = map[string]struct{ docs, segments int }{
	"S": {50, 100},
	"M": {500, 100},
	"L": {2000, 100},
}

func main() {
	size := flag.String("size", "S", "corpus size: S (50 documents), M (500) or L (2,000), about 100 segments each")
	seed := flag.Uint64("seed", 1, "random seed: the same seed gives the same files")
	out := flag.String("out", "", "folder to write the project into (must not exist or be empty)")
	nloc := flag.Int("locales", 10, "number of locales (1–10)")
	docs := flag.Int("docs", 0, "number of documents (overrides -size)")
	po := flag.Bool("po", false, "also write po4a.cfg and PO files (runs po4a once)")
	edit := flag.String("edit", "", "edit 5 % of the paragraphs of the project in this folder, in place")
	pct := flag.Float64("percent", 5, "with -edit: the percentage of paragraphs to edit")
	from := flag.String("from", "", "take the documents from this folder (its .md and .markdown files, at any depth) instead of generating them")
	flag.Parse()
	if *edit != "" {
		n, total, err := editProject(*edit, *seed, *pct)
		if err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
		fmt.Fprintf(os.Stderr, "gen: edited %d of %d paragraphs in %s\n", n, total, *edit)
		return
	}
	sz, ok := sizes[*size]
	if !ok || *out == "" || *nloc < 1 || *nloc > len(allLocales) {
		flag.Usage()
		os.Exit(2)
	}
	if *docs > 0 {
		sz.docs = *docs
	}
	var err error
	if *from != "" {
		err = fromFolder(*out, *from, *seed, allLocales[:*nloc], *po)
	} else {
		err = generate(*out, *seed, sz.docs, sz.segments, allLocales[:*nloc], *po)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// docName names document n: a few sections of a manual, nested one level.
func docName(n int) string {
	sections := []string{"guide", "reference", "admin", "tutorials", "api"}
	return fmt.Sprintf("%s/topic-%04d", sections[n%len(sections)], n)
}

func generate(dir string, seed uint64, ndocs, segments int, locales []string, po bool) error {
	if err := startProject(dir, fmt.Sprintf("bench/gen, seed %d, %d documents", seed, ndocs), locales); err != nil {
		return err
	}
	var wg sync.WaitGroup
	errs := make([]error, ndocs)
	paths := make([]string, ndocs)
	sem := make(chan struct{}, 4)
	for n := 0; n < ndocs; n++ {
		paths[n] = "source/" + docName(n) + ".md"
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			d := newDoc(seed, n)
			text := d.markdown(fmt.Sprintf("Topic %d: %s", n, d.phrase(2, 5)), segments)
			path := filepath.Join(dir, filepath.FromSlash(paths[n]))
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				errs[n] = err
				return
			}
			errs[n] = os.WriteFile(path, []byte(text), 0o644)
		}(n)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return finishProject(dir, seed, locales, paths, po, false)
}

// startProject checks that dir is empty or missing and writes folio.toml
// (about says where the documents come from) and .gitignore.
func startProject(dir, about string, locales []string) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s is not empty", dir)
	}
	if err := os.MkdirAll(filepath.Join(dir, "source"), 0o755); err != nil {
		return err
	}
	cfg := fmt.Sprintf(`# Benchmark documentation set (%s).
source_language = "en"
locales = [%s]
date = "2026-01-01"

[build]
formats = ["md", "html", "txt", "epub"]
fallback = "source"
`, about, quoteList(locales))
	if err := os.WriteFile(filepath.Join(dir, "folio.toml"), []byte(cfg), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, ".gitignore"), []byte(".folio/cache/\n.folio/lock\n"), 0o644); err != nil {
		return err
	}
	return nil
}

// finishProject completes the project in dir around its documents,
// paths: with po, po4a.cfg and po4a's POT and PO files first (with drop, a
// document po4a refuses is left out of the set: writePO), then Folio's
// catalogs and the pseudo-translations of both.
func finishProject(dir string, seed uint64, locales, paths []string, po, drop bool) error {
	if po {
		var err error
		if paths, err = writePO(dir, locales, paths, drop); err != nil {
			return err
		}
	}
	if err := fillCatalogs(dir, seed, locales); err != nil {
		return err
	}
	if po {
		return fillPOFiles(dir, seed, locales)
	}
	return nil
}

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = fmt.Sprintf("%q", x)
	}
	return strings.Join(q, ", ")
}
