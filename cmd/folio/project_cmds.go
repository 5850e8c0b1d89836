package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"folio/internal/fsutil"
	"folio/internal/locale"
	"folio/internal/pipeline"
	"folio/internal/project"
	"folio/internal/state"
)

var initCmd = &command{
	name:    "init",
	summary: "scaffold a project (folio.toml, source/, locales/, output/)",
	usage:   "init [--source-language TAG] [--locales TAG,TAG…]",
	help: `Init writes a commented folio.toml, the folders source/, locales/ and output/,
and a .gitignore for Folio's cache and lock. It refuses to overwrite an
existing folio.toml, and a locale list that folio.toml would refuse: a
tag that is not BCP 47, a locale listed twice (tags ignore case: fr and FR
are one), or the source language among the locales. Documents are then
found under source/ (*.md, *.markdown, *.txt) with no further
configuration.`,
}

var extractCmd = &command{
	name:    "extract",
	summary: "segment the sources; write the source catalogs; update every locale catalog",
	usage:   "extract",
	help: `Extract segments every document under source/ and writes its source catalog
locales/<doc>/<source>.toml, then brings each locale catalog up to date:
new segments get empty entries, edited ones keep their ID and their
translation (which turns stale), translations of removed segments move to
locales/<doc>/obsolete/<tag>.toml, and identical text already translated
elsewhere in the project is reused. Translations are never changed.

A catalog that does not load is reported (exit 1) and its document is left
untouched. Running extract twice changes nothing the second time.`,
}

func init() {
	flagSets["init"] = func() *flag.FlagSet {
		fs := flag.NewFlagSet("init", flag.ContinueOnError)
		fs.String("source-language", "en", "BCP 47 tag of the source documents")
		fs.String("locales", "", "comma-separated BCP 47 tags of the target locales")
		return fs
	}
	initCmd.run = runInit
	extractCmd.run = runExtract
}

func runInit(e *env, args []string) int {
	fs := flagSets["init"]()
	if code, ok := parseFlags(e, initCmd, fs, args); !ok {
		return code
	}
	src := fs.Lookup("source-language").Value.String()
	if _, err := locale.Parse(src); err != nil {
		fmt.Fprintf(e.stderr, "folio init: --source-language: %v\n", err)
		return exitUsage
	}
	var locs []string
	for _, l := range strings.Split(fs.Lookup("locales").Value.String(), ",") {
		l = strings.TrimSpace(l)
		if l != "" {
			locs = append(locs, l)
		}
	}
	// The list project.Load will accept: valid tags, none twice, not the
	// source language.
	if _, err := locale.CheckList(src, locs); err != nil {
		fmt.Fprintf(e.stderr, "folio init: --locales: %v\n", err)
		return exitUsage
	}
	if err := os.MkdirAll(e.dir, 0o755); err != nil {
		fmt.Fprintf(e.stderr, "folio init: %v\n", err)
		return exitUsage
	}
	cfg := filepath.Join(e.dir, project.FileName)
	if _, err := os.Stat(cfg); err == nil {
		fmt.Fprintf(e.stderr, "folio init: %s already exists; not overwriting it\n", cfg)
		return exitUsage
	}
	quoted := make([]string, len(locs))
	for i, l := range locs {
		quoted[i] = fmt.Sprintf("%q", l)
	}
	text := fmt.Sprintf(`# Folio project file. See 'folio help' and the README.

# BCP 47 tag of the source documents under source/.
source_language = %q

# Target locales; each gets locales/<document>/<tag>.toml.
locales = [%s]

# Date printed in editions (YYYY-MM-DD). SOURCE_DATE_EPOCH overrides it.
# date = "2026-01-31"

# Documents are every *.md, *.markdown and *.txt file under source/,
# named by their path without extension. To list them instead:
# [[document]]
# name = "guide"
# path = "source/guide.md"

[build]
# Edition formats: md, html, txt, epub, and review (a bilingual page for
# reviewers, source and translation side by side).
formats = ["md", "html", "txt", "epub"]
# An edition under this percentage of current translations is not built.
min_percent = 0
# Untranslated and stale segments: "source" shows the source text, "omit"
# leaves them out.
fallback = "source"
# Plain-text line width (0: no wrapping).
wrap = 72

[segment]
# Front-matter keys whose values are translated.
front_matter_keys = ["title", "description"]
`, src, strings.Join(quoted, ", "))
	for _, d := range []string{"source", "locales", "output"} {
		if err := os.MkdirAll(filepath.Join(e.dir, d), 0o755); err != nil {
			fmt.Fprintf(e.stderr, "folio init: %v\n", err)
			return exitUsage
		}
	}
	if _, err := fsutil.WriteFile(cfg, []byte(text)); err != nil {
		fmt.Fprintf(e.stderr, "folio init: %v\n", err)
		return exitUsage
	}
	gi := filepath.Join(e.dir, ".gitignore")
	if _, err := os.Stat(gi); errors.Is(err, os.ErrNotExist) {
		fsutil.WriteFile(gi, []byte("# Folio's build cache and run lock\n/.folio/cache/\n/.folio/lock\n"))
	}
	targets := "locales " + strings.Join(locs, ", ")
	if len(locs) == 0 {
		targets = "no target locale yet: add them to locales in folio.toml"
	}
	fmt.Fprintf(e.stdout, "Initialized a Folio project in %s (source %s, %s).\nPut documents in source/ and run 'folio extract'.\n", e.dir, src, targets)
	return exitOK
}

// loadProject loads the project at e.dir, printing why not.
func loadProject(e *env, cmd string) (*project.Project, int, bool) {
	p, err := project.Load(e.dir)
	if err != nil {
		fmt.Fprintf(e.stderr, "folio %s: %v\n", cmd, err)
		return nil, exitUsage, false
	}
	return p, 0, true
}

// lock takes the project lock for a command that writes.
func lock(e *env, p *project.Project, cmd string) (*fsutil.Lock, bool) {
	path, err := state.Contained(p, project.LockFile)
	if err != nil {
		fmt.Fprintf(e.stderr, "folio %s: %v\n", cmd, err)
		return nil, false
	}
	wait, _ := lockWait() // run refused a value that does not parse
	holder := func() string {
		if h := fsutil.Holder(path); h != "" {
			return " (" + h + ")"
		}
		return ""
	}
	l, err := fsutil.Acquire(path, wait, func() {
		fmt.Fprintf(e.stderr, "folio %s: waiting up to %v for another folio run on this project%s to finish…\n", cmd, wait, holder())
	})
	if err != nil {
		fmt.Fprintf(e.stderr, "folio %s: %v%s; gave up after %v: try again when it has finished\n", cmd, err, holder(), wait)
		return nil, false
	}
	unfinished := l.Unfinished()
	l.Describe(fmt.Sprintf("folio %s, pid %d", cmd, os.Getpid()))
	// The time the file system gave that write precedes every input the
	// run reads: the stamp table's reference (project.Clock).
	if mtime, dev, ok := l.Written(); ok {
		p.SetClock(project.Clock{Mtime: mtime, Dev: dev})
	}
	if unfinished {
		// Temporary files of a run that was killed before renaming them.
		_ = fsutil.RemoveTemps(p.Root)
	}
	if dir, err := state.Contained(p, ".folio/cache/spare"); err == nil {
		l.Spares(dir)
	}
	return l, true
}

func runExtract(e *env, args []string) int {
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	if code, ok := parseFlags(e, extractCmd, fs, args); !ok {
		return code
	}
	p, code, ok := loadProject(e, "extract")
	if !ok {
		return code
	}
	l, ok := lock(e, p, "extract")
	if !ok {
		return exitFound
	}
	defer l.Release()
	bar := newProgress(e.stderr, "extract")
	res, err := pipeline.ExtractWith(p, pipeline.ExtractOptions{Progress: bar.callback()})
	bar.finish()
	if err != nil {
		fmt.Fprintf(e.stderr, "folio extract: %v\n", err)
		return exitFound
	}
	for _, w := range res.Written {
		fmt.Fprintf(e.stdout, "wrote %s\n", w)
	}
	for _, err := range res.Errors {
		fmt.Fprintf(e.stderr, "%v\n", err)
	}
	if len(res.Errors) > 0 {
		return exitFound
	}
	if len(res.Written) == 0 {
		fmt.Fprintln(e.stdout, "catalogs are up to date")
	}
	return exitOK
}
