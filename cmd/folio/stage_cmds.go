package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"folio/internal/check"
	"folio/internal/locale"
	"folio/internal/pipeline"
	"folio/internal/project"
	"folio/internal/report"
)

var checkCmd = &command{
	name:    "check",
	summary: "validate catalogs",
	usage:   "check [--locale L] [--format text|json|github] [--list]",
	help: `Check validates every catalog against its source catalog and prints
diagnostics as path:line:col: severity: [check] message (stderr for text;
stdout for json and github). Errors make the exit status 1; warnings do not.
folio.toml's [checks] table changes a check's severity or turns it off per
project, per locale or per message ID; --list prints every check.`,
}

var statusCmd = &command{
	name:    "status",
	summary: "report translation coverage",
	usage:   "status [--locale L] [--format table|json|markdown|html] [--min PERCENT]",
	help: `Status counts, for each locale and each document or component, the
messages (and source words and characters) that are current, stale and
untranslated, and the obsolete translations. --min (or [status.min] in
folio.toml) makes the exit status 1 when a locale is under the percentage.
The table is coloured on a terminal unless NO_COLOR is set; --format html
prints the report that folio build writes to output/status.html.`,
}

var buildCmd = &command{
	name:    "build",
	summary: "assemble localized editions into output/",
	usage:   "build [--locale L] [--format md,html,txt,epub,review] [--out DIR] [--force]",
	help: `Build assembles each document in the source language and every locale and
writes output/<locale>/<document>.<format>; the review format is the
bilingual review edition, output/<locale>/<document>.review.html.
Untranslated and stale segments show the source text, or are left out
(build.fallback). An edition less translated than build.min_percent is not
built, and says so. An edition whose catalogs have check errors is not
built, and the exit status is 1; --force builds it anyway, loudly.

It also writes the status report, output/status.html, and a badge per
locale, output/badges/<locale>.svg. Dates come from folio.toml's date or
SOURCE_DATE_EPOCH, never the clock, so builds are reproducible. An edition
whose inputs and output file are as the last build left them is not built
again (.folio/cache/, keyed by content hashes).`,
}

var pseudoCmd = &command{
	name:    "pseudo",
	summary: "write pseudo-translated catalogs for a pseudo-locale",
	usage:   "pseudo [--locale en-XA]",
	help: `Pseudo writes locales/<document>/<pseudo-locale>.toml with every message
accented, expanded by about 30 % and wrapped in ⟦ ⟧, keeping placeholders
and Markdown inline syntax. Add the pseudo-locale to folio.toml's locales,
then build its edition (folio build --locale en-XA) to find text that is
not translatable and layouts that break; check holds it to markup, links
and placeholders. It refuses a real locale and the source language, so it
can never overwrite translations.`,
}

var acceptCmd = &command{
	name:    "accept",
	summary: "mark stale translations as reviewed",
	usage:   "accept --locale L (ID… | --all)",
	help: `Accept gives the named stale translations the current source hash, so
they count as current again. Revise the text first; check shows each stale
entry's source change.`,
}

func init() {
	flagSets["check"] = func() *flag.FlagSet {
		fs := flag.NewFlagSet("check", flag.ContinueOnError)
		fs.String("locale", "", "check only this locale")
		fs.String("format", "text", "output format: text, json or github")
		fs.Bool("list", false, "list the checks and exit")
		return fs
	}
	flagSets["status"] = func() *flag.FlagSet {
		fs := flag.NewFlagSet("status", flag.ContinueOnError)
		fs.String("locale", "", "report only this locale")
		fs.String("format", "table", "output format: table, json, markdown or html")
		fs.String("min", "", "exit 1 when a locale is under `PERCENT` current (default: folio.toml's [status.min])")
		return fs
	}
	flagSets["build"] = func() *flag.FlagSet {
		fs := flag.NewFlagSet("build", flag.ContinueOnError)
		fs.String("locale", "", "build only this locale")
		fs.String("format", "", "comma-separated formats (default: the project's)")
		fs.String("out", "", "write editions to `DIR` instead of output/")
		fs.Bool("force", false, "build editions despite check errors")
		return fs
	}
	flagSets["pseudo"] = func() *flag.FlagSet {
		fs := flag.NewFlagSet("pseudo", flag.ContinueOnError)
		fs.String("locale", "en-XA", "pseudo-locale tag: en-XA (accented, longer) or ar-XB (right to left)")
		return fs
	}
	flagSets["accept"] = func() *flag.FlagSet {
		fs := flag.NewFlagSet("accept", flag.ContinueOnError)
		fs.String("locale", "", "locale whose translations to accept")
		fs.Bool("all", false, "accept every stale translation of the locale")
		return fs
	}
	checkCmd.run = runCheck
	statusCmd.run = runStatus
	buildCmd.run = runBuild
	pseudoCmd.run = runPseudo
	acceptCmd.run = runAccept
}

// selectLocales validates --locale against the project and returns the
// locales to work on, spelled as folio.toml spells them: BCP 47 tags
// ignore case, so --locale FR names a project's fr (project.Load refuses
// two locales that differ only in case).
func selectLocales(e *env, p *project.Project, cmd, l string, withSource bool) ([]string, bool) {
	all := p.Locales
	if withSource {
		all = p.AllLocales()
	}
	if l == "" {
		return all, true
	}
	for _, t := range all {
		if strings.EqualFold(t, l) {
			return []string{t}, true
		}
	}
	fmt.Fprintf(e.stderr, "folio %s: --locale %s: not a locale of this project (it has %s)\n", cmd, l, strings.Join(all, ", "))
	return nil, false
}

func runCheck(e *env, args []string) int {
	fs := flagSets["check"]()
	if code, ok := parseFlags(e, checkCmd, fs, args); !ok {
		return code
	}
	format := fs.Lookup("format").Value.String()
	if format != "text" && format != "json" && format != "github" {
		fmt.Fprintf(e.stderr, "folio check: --format must be text, json or github, not %q\n", format)
		return exitUsage
	}
	if fs.Lookup("list").Value.String() == "true" {
		return listChecks(e, format)
	}
	p, code, ok := loadProject(e, "check")
	if !ok {
		return code
	}
	locs, ok := selectLocales(e, p, "check", fs.Lookup("locale").Value.String(), false)
	if !ok {
		return exitUsage
	}
	// The diagnostics are streamed (a large project has millions), the
	// counts written after them.
	var emit func(check.Diagnostic) error
	var out *bufio.Writer
	var cj *checkJSON
	switch format {
	case "json":
		cj = newCheckJSON(e.stdout)
		emit = cj.add
	case "github":
		out = bufio.NewWriterSize(e.stdout, 64<<10)
		emit = func(d check.Diagnostic) error {
			kind := "warning"
			if d.Severity == check.Error {
				kind = "error"
			}
			fmt.Fprintf(out, "::%s file=%s,line=%d,col=%d,title=%s::%s\n", kind, ghProp(d.File), max(d.Line, 1), max(d.Column, 1), ghProp(d.Check), ghEscape(d.Message))
			return nil
		}
	default:
		out = bufio.NewWriterSize(e.stderr, 64<<10)
		color := useColor(e)
		emit = func(d check.Diagnostic) error {
			line := d.String()
			if color {
				c := "\x1b[33m"
				if d.Severity == check.Error {
					c = "\x1b[31m"
				}
				line = strings.Replace(line, string(d.Severity)+":", c+string(d.Severity)+":\x1b[0m", 1)
			}
			fmt.Fprintln(out, line)
			return nil
		}
	}
	errs, warns, err := pipeline.CheckStream(p, locs, emit)
	if out != nil {
		out.Flush()
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "folio check: %v\n", err)
		return exitUsage
	}
	switch format {
	case "json":
		cj.finish(errs, warns)
	case "text":
		fmt.Fprintf(e.stderr, "%d error(s), %d warning(s)\n", errs, warns)
	}
	if errs > 0 {
		return exitFound
	}
	return exitOK
}

func ghEscape(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProp escapes a workflow command's property value, where ":" and ","
// are separators too.
func ghProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// useColor reports whether stderr is a terminal and NO_COLOR is unset.
func useColor(e *env) bool {
	if os.Getenv("NO_COLOR") != "" || e.stderr != os.Stderr {
		return false
	}
	fi, err := os.Stderr.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func runStatus(e *env, args []string) int {
	fs := flagSets["status"]()
	if code, ok := parseFlags(e, statusCmd, fs, args); !ok {
		return code
	}
	format := fs.Lookup("format").Value.String()
	if format != "table" && format != "json" && format != "markdown" && format != "html" {
		fmt.Fprintf(e.stderr, "folio status: --format must be table, json, markdown or html, not %q\n", format)
		return exitUsage
	}
	min := -1.0
	if v := fs.Lookup("min").Value.String(); v != "" {
		f, err := strconv.ParseFloat(strings.TrimSuffix(v, "%"), 64)
		if err != nil || !(f >= 0 && f <= 100) {
			fmt.Fprintf(e.stderr, "folio status: --min must be a percentage from 0 to 100, not %q\n", v)
			return exitUsage
		}
		min = f
	}
	p, code, ok := loadProject(e, "status")
	if !ok {
		return code
	}
	locs, ok := selectLocales(e, p, "status", fs.Lookup("locale").Value.String(), false)
	if !ok {
		return exitUsage
	}
	cov, problems := pipeline.StatusReport(p, locs)
	// Catalogs that do not load are reported below with their positions;
	// a document not extracted yet is said here.
	for i, l := range cov {
		for _, u := range l.Units {
			if u.Unextracted && !u.Broken && i == 0 {
				fmt.Fprintf(e.stderr, "folio status: %s: not extracted yet; its segments count as untranslated (run folio extract)\n", u.Name)
			}
		}
	}
	switch format {
	case "json":
		fmt.Fprintln(e.stdout, string(statusJSON(cov)))
	case "markdown":
		fmt.Fprint(e.stdout, statusMarkdown(cov))
	case "html":
		e.stdout.Write(report.HTML(cov, pipeline.ReportOptions(p)))
	default:
		fmt.Fprint(e.stdout, statusTable(cov, colorOut(e)))
	}
	code = exitOK
	for _, l := range cov {
		limit := min
		if v, ok := p.Config.Status.Min[l.Tag]; ok && limit < 0 {
			limit = v
		}
		if limit >= 0 && l.Percent() < limit {
			fmt.Fprintf(e.stderr, "folio status: %s is %s%% translated, under the minimum of %g%%\n", l.Tag, report.Percent(l.Percent(), 1), limit)
			code = exitFound
		}
	}
	for _, err := range problems {
		fmt.Fprintf(e.stderr, "folio status: %v (counted as untranslated)\n", err)
		code = exitFound
	}
	return code
}

func runBuild(e *env, args []string) int {
	fs := flagSets["build"]()
	if code, ok := parseFlags(e, buildCmd, fs, args); !ok {
		return code
	}
	p, code, ok := loadProject(e, "build")
	if !ok {
		return code
	}
	locs, ok := selectLocales(e, p, "build", fs.Lookup("locale").Value.String(), true)
	if !ok {
		return exitUsage
	}
	var formats []string
	if f := fs.Lookup("format").Value.String(); f != "" {
		for _, x := range strings.Split(f, ",") {
			x = strings.TrimSpace(x)
			if !contains(project.Formats, x) {
				fmt.Fprintf(e.stderr, "folio build: --format: unknown format %q (known: %s)\n", x, strings.Join(project.Formats, ", "))
				return exitUsage
			}
			formats = append(formats, x)
		}
	}
	out := fs.Lookup("out").Value.String()
	if out != "" {
		abs, err := filepath.Abs(out)
		if err != nil {
			fmt.Fprintf(e.stderr, "folio build: --out: %v\n", err)
			return exitUsage
		}
		out = abs
	}
	force := fs.Lookup("force").Value.String() == "true"
	l, ok := lock(e, p, "build")
	if !ok {
		return exitFound
	}
	defer l.Release()
	bar := newProgress(e.stderr, "build")
	res, err := pipeline.Build(p, pipeline.BuildOptions{Locales: locs, Formats: formats, Out: out, Force: force, Progress: bar.callback()})
	bar.finish()
	if err != nil {
		fmt.Fprintf(e.stderr, "folio build: %v\n", err)
		return exitFound
	}
	errs, _ := res.Check.Count()
	if force && errs > 0 {
		fmt.Fprintf(e.stderr, "folio build: WARNING: --force: building editions despite %d check error(s); do not publish them\n", errs)
	}
	for _, w := range res.Written {
		fmt.Fprintf(e.stdout, "wrote %s\n", w)
	}
	for _, s := range res.UnderMin {
		fmt.Fprintf(e.stderr, "folio build: %s\n", s)
	}
	for _, s := range res.Skipped {
		fmt.Fprintf(e.stderr, "folio build: %s\n", s)
	}
	if len(res.Written) == 0 && len(res.Skipped) == 0 && len(res.UnderMin) == 0 {
		fmt.Fprintln(e.stdout, "editions are up to date")
	}
	if len(res.Skipped) > 0 {
		return exitFound
	}
	return exitOK
}

// listChecks prints the check registry: a line a check, or with --format
// json one object, {"checks": [{"name", "severity", "description"}, …]},
// for tools that build on it.
func listChecks(e *env, format string) int {
	if format != "json" {
		for _, c := range check.Registry {
			fmt.Fprintf(e.stdout, "%-16s %-7s %s\n", c.Name, c.Severity, c.Doc)
		}
		return exitOK
	}
	type entry struct {
		Name        string         `json:"name"`
		Severity    check.Severity `json:"severity"`
		Description string         `json:"description"`
	}
	out := struct {
		Checks []entry `json:"checks"`
	}{Checks: []entry{}}
	for _, c := range check.Registry {
		out.Checks = append(out.Checks, entry{c.Name, c.Severity, c.Doc})
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		fmt.Fprintf(e.stderr, "folio check: %v\n", err)
		return exitUsage
	}
	return exitOK
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func runPseudo(e *env, args []string) int {
	fs := flagSets["pseudo"]()
	if code, ok := parseFlags(e, pseudoCmd, fs, args); !ok {
		return code
	}
	tag := fs.Lookup("locale").Value.String()
	if _, err := locale.Parse(tag); err != nil || !locale.IsPseudo(tag) {
		fmt.Fprintf(e.stderr, "folio pseudo: --locale %s is not a pseudo-locale (use en-XA or ar-XB, the CLDR pseudo-locales that go-i18n reads from a file name); pseudo never overwrites a real locale's translations\n", tag)
		return exitUsage
	}
	p, code, ok := loadProject(e, "pseudo")
	if !ok {
		return code
	}
	// A pseudo-locale the project declares (so that check, status and
	// build take it) is written again like any other: its catalogs are
	// this command's, never a translator's.
	if strings.EqualFold(p.SourceLanguage, tag) {
		fmt.Fprintf(e.stderr, "folio pseudo: %s is this project's source language; refusing to overwrite its catalogs\n", tag)
		return exitUsage
	}
	declared := false
	for _, l := range p.Locales {
		if strings.EqualFold(l, tag) {
			declared, tag = true, l
		}
	}
	lk, ok := lock(e, p, "pseudo")
	if !ok {
		return exitFound
	}
	defer lk.Release()
	written, err := pipeline.Pseudo(p, tag)
	for _, w := range written {
		fmt.Fprintf(e.stdout, "wrote %s\n", w)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "folio pseudo: %v\n", err)
		return exitFound
	}
	if !declared && len(written) > 0 {
		fmt.Fprintf(e.stderr, "folio pseudo: %s is not in folio.toml's locales: add it there to check it and build its editions (folio build --locale %s)\n", tag, tag)
	}
	return exitOK
}

func runAccept(e *env, args []string) int {
	fs := flagSets["accept"]()
	if code, ok := parseFlags(e, acceptCmd, fs, args); !ok {
		return code
	}
	tag := fs.Lookup("locale").Value.String()
	all := fs.Lookup("all").Value.String() == "true"
	ids := fs.Args()
	if tag == "" || (len(ids) == 0 && !all) {
		fmt.Fprintln(e.stderr, "folio accept: name --locale and the IDs to accept (or --all)")
		return exitUsage
	}
	if all && len(ids) > 0 {
		fmt.Fprintln(e.stderr, "folio accept: --all accepts every revised translation: name IDs or --all, not both")
		return exitUsage
	}
	p, code, ok := loadProject(e, "accept")
	if !ok {
		return code
	}
	locs, ok := selectLocales(e, p, "accept", tag, false)
	if !ok {
		return exitUsage
	}
	tag = locs[0]
	lk, ok := lock(e, p, "accept")
	if !ok {
		return exitFound
	}
	defer lk.Release()
	done, err := pipeline.Accept(p, tag, ids, all)
	if err != nil {
		fmt.Fprintf(e.stderr, "folio accept: %v\n", err)
		return exitFound
	}
	for _, id := range done {
		fmt.Fprintf(e.stdout, "accepted %s (%s)\n", id, tag)
	}
	code = exitOK
	for _, id := range ids {
		if !contains(done, id) {
			fmt.Fprintf(e.stderr, "folio accept: %s: no stale %s translation with this ID\n", id, tag)
			code = exitFound
		}
	}
	return code
}
