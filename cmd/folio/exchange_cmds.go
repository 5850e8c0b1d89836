package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"folio/internal/catalog"
	"folio/internal/exchange"
)

var exportCmd = &command{
	name:    "export",
	summary: "write PO or XLIFF files for translators' CAT tools",
	usage:   "export --locale L [--format po|xliff] [--state untranslated,stale,current|all] [--out DIR]",
	help: `Export writes one exchange file per document for the locale, for a CAT
tool (Poedit, OmegaT, memoQ, Trados, Weblate…): <doc>.<locale>.po (gettext
PO) or <doc>.<locale>.xlf (XLIFF 1.2), in the project's exchange/ folder or
in --out DIR.

Each entry carries the message ID (PO msgctxt, XLIFF id and resname), the
source text, the current translation and its state: a stale translation is
PO "fuzzy" with the older source as "#| msgid", XLIFF state
needs-review-translation; a current one is translated (XLIFF approved="yes");
an untranslated one is empty (XLIFF state new). Markdown inline syntax is
plain text in both formats and must be kept; import checks it.

Bring the files back with 'folio import FILE…'.`,
}

var importCmd = &command{
	name:    "import",
	summary: "merge translations from PO or XLIFF files into the catalogs",
	usage:   "import FILE…",
	help: `Import merges the translations of exchange files (as written by export,
or converted by Translate Toolkit's po2xliff/xliff2po) into the locale
catalogs. Each file names its document and locale (PO X-Folio-Document and
Language headers; XLIFF original and target-language).

Refused, reported and not imported: files in a language that is not a
locale of the project, entries with an unknown message ID, and entries whose
source text is no longer the document's (export again). The rest is
imported. A confirmed translation (PO without fuzzy, XLIFF translated, final
or signed-off) becomes current; an unconfirmed one stays or becomes stale.
Empty translations and entries the file does not carry leave the catalog
alone. Each merged catalog is checked first: a check error in an imported
message leaves that catalog unwritten, and is reported at the translation's
place in the exchange file (the msgstr, or the <target>).

Exit status 1 when anything was refused or a catalog was not written.`,
}

func init() {
	flagSets["export"] = func() *flag.FlagSet {
		fs := flag.NewFlagSet("export", flag.ContinueOnError)
		fs.String("locale", "", "the locale to export (required)")
		fs.String("format", "po", "exchange format: po or xliff")
		fs.String("state", "all", "entries to export: comma-separated untranslated, stale, current, or all")
		fs.String("out", "", "write the files to `DIR` instead of the project's exchange/ folder")
		return fs
	}
	exportCmd.run = runExport
	importCmd.run = runImport
}

func runExport(e *env, args []string) int {
	fs := flagSets["export"]()
	if code, ok := parseFlags(e, exportCmd, fs, args); !ok {
		return code
	}
	format := fs.Lookup("format").Value.String()
	if _, ok := exchange.Formats[format]; !ok {
		fmt.Fprintf(e.stderr, "folio export: --format must be po or xliff, not %q\n", format)
		return exitUsage
	}
	states, err := exchange.ParseStates(fs.Lookup("state").Value.String())
	if err != nil {
		fmt.Fprintf(e.stderr, "folio export: --state: %v\n", err)
		return exitUsage
	}
	tag := fs.Lookup("locale").Value.String()
	p, code, ok := loadProject(e, "export")
	if !ok {
		return code
	}
	if tag == "" {
		fmt.Fprintf(e.stderr, "folio export: --locale is required (the project has %s)\n", strings.Join(p.Locales, ", "))
		return exitUsage
	}
	locs, ok := selectLocales(e, p, "export", tag, false)
	if !ok {
		return exitUsage
	}
	out := fs.Lookup("out").Value.String()
	if out != "" {
		if out, err = filepath.Abs(out); err != nil {
			fmt.Fprintf(e.stderr, "folio export: --out: %v\n", err)
			return exitUsage
		}
	}
	l, ok := lock(e, p, "export")
	if !ok {
		return exitFound
	}
	defer l.Release()
	res, err := exchange.Export(p, exchange.ExportOptions{Locale: locs[0], Format: format, States: states, Out: out, Generator: "Folio " + version})
	if err != nil {
		fmt.Fprintf(e.stderr, "folio export: %v\n", err)
		return exitUsage
	}
	dir := exchange.DefaultOut
	if out != "" {
		dir = out
	}
	for _, w := range res.Written {
		fmt.Fprintf(e.stdout, "wrote %s (%d messages)\n", filepath.Join(dir, w), res.Counts[w])
	}
	for _, w := range res.Unchanged {
		fmt.Fprintf(e.stdout, "%s is up to date (%d messages)\n", filepath.Join(dir, w), res.Counts[w])
	}
	for _, c := range res.Components {
		fmt.Fprintf(e.stdout, "%s is a catalog-only component (hand-written templates and plural forms): not exported; edit locales/%s/%s.toml\n", c, c, locs[0])
	}
	for _, err := range res.Errors {
		fmt.Fprintf(e.stderr, "folio export: %v\n", err)
	}
	if len(res.Errors) > 0 {
		return exitFound
	}
	return exitOK
}

func runImport(e *env, args []string) int {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			commandUsage(e.stdout, importCmd)
			return exitOK
		}
		fmt.Fprintf(e.stderr, "folio import: %v\nRun 'folio help import' for usage.\n", err)
		return exitUsage
	}
	if fs.NArg() == 0 {
		fmt.Fprintf(e.stderr, "folio import: no files given\nUsage: folio %s\n", importCmd.usage)
		return exitUsage
	}
	p, code, ok := loadProject(e, "import")
	if !ok {
		return code
	}
	inputs, probs := exchange.ReadInputs(fs.Args())
	l, ok := lock(e, p, "import")
	if !ok {
		return exitFound
	}
	defer l.Release()
	res, err := exchange.Import(p, inputs)
	if err != nil {
		fmt.Fprintf(e.stderr, "folio import: %v\n", err)
		return exitFound
	}
	res.Refused = append(probs, res.Refused...)
	for _, c := range res.Changes {
		if _, rejected := res.Rejected[c.Catalog]; rejected {
			continue
		}
		fmt.Fprintf(e.stdout, "%s: %s: %s → %s\n", c.Catalog, c.ID, describeChange(c.Old, c.OldState), describeChange(c.New, c.NewState))
	}
	for _, w := range res.Written {
		fmt.Fprintf(e.stdout, "wrote %s\n", w)
	}
	for _, pr := range res.Refused {
		fmt.Fprintf(e.stderr, "%s\n", pr)
	}
	var rejected []string
	for path := range res.Rejected {
		rejected = append(rejected, path)
	}
	sort.Strings(rejected)
	for _, path := range rejected {
		ds := res.Rejected[path]
		for _, d := range ds {
			fmt.Fprintf(e.stderr, "%s\n", d)
		}
		fmt.Fprintf(e.stderr, "folio import: %s not written: %d check error(s) in the imported translations\n", path, len(ds))
	}
	changed, unwritten := 0, 0
	for _, c := range res.Changes {
		if _, rejected := res.Rejected[c.Catalog]; !rejected {
			changed++
		} else {
			unwritten++
		}
	}
	summary := fmt.Sprintf("%d translation(s) changed, %d unchanged, %d refused", changed, res.Unchanged, len(res.Refused))
	if unwritten > 0 {
		summary += fmt.Sprintf(", %d not imported with their catalog's check errors", unwritten)
	}
	fmt.Fprintln(e.stdout, summary)
	if res.Failed() || len(probs) > 0 {
		return exitFound
	}
	return exitOK
}

func describeChange(text string, st catalog.State) string {
	switch st {
	case catalog.Untranslated:
		return "(untranslated)"
	case catalog.Stale:
		return fmt.Sprintf("%q (stale)", shortText(text))
	}
	return fmt.Sprintf("%q", shortText(text))
}

func shortText(s string) string {
	r := []rune(strings.ReplaceAll(s, "\n", "⏎"))
	if len(r) > 50 {
		return string(r[:47]) + "…"
	}
	return string(r)
}
