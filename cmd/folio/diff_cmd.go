package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"folio/internal/pipeline"
)

var diffCmd = &command{
	name:    "diff",
	summary: "show what the last source revision changed for a locale",
	usage:   "diff --locale L [--format text|json] [DOC…]",
	help: `Diff shows, for one locale, what the last source revision changed: the
segments it added, removed and edited (with a word diff of the source,
[-removed-] {+inserted+}), and the state each left the locale's translation
in — stale, suggestion (a translation of similar text from the translation
memory), untranslated, current (identical text reused), or obsolete (a
removed segment's translation, kept in locales/<doc>/obsolete/). Stale
translations from earlier revisions follow, with what changed since they
were made. The last revision is the difference between the source catalog
before the last extract that added, removed or edited a segment (extract
keeps it in .folio/previous/<doc>.toml) and the source catalog now.
Colour only on a terminal, and never with NO_COLOR set.`,
}

func init() {
	diffCmd.run = runDiff
	flagSets["diff"] = func() *flag.FlagSet {
		fs := flag.NewFlagSet("diff", flag.ContinueOnError)
		fs.String("locale", "", "locale whose translations to report (required)")
		fs.String("format", "text", "output format: text or json")
		return fs
	}
}

func runDiff(e *env, args []string) int {
	fs := flagSets["diff"]()
	fs.SetOutput(io.Discard)
	// Flags may come before or after the document names.
	var docs []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				commandUsage(e.stdout, diffCmd)
				return exitOK
			}
			fmt.Fprintf(e.stderr, "folio diff: %v\nRun 'folio help diff' for usage.\n", err)
			return exitUsage
		}
		if fs.NArg() == 0 {
			break
		}
		docs = append(docs, fs.Arg(0))
		args = fs.Args()[1:]
	}
	tag := fs.Lookup("locale").Value.String()
	format := fs.Lookup("format").Value.String()
	if tag == "" {
		fmt.Fprintln(e.stderr, "folio diff: name the locale with --locale")
		return exitUsage
	}
	if format != "text" && format != "json" {
		fmt.Fprintf(e.stderr, "folio diff: unknown format %q (text or json)\n", format)
		return exitUsage
	}
	p, code, ok := loadProject(e, "diff")
	if !ok {
		return code
	}
	locs, ok := selectLocales(e, p, "diff", tag, false)
	if !ok {
		return exitUsage
	}
	tag = locs[0]
	known := map[string]bool{}
	for _, d := range p.Documents {
		known[d.Name] = true
	}
	for _, d := range docs {
		if !known[d] {
			fmt.Fprintf(e.stderr, "folio diff: no document %q\n", d)
			return exitUsage
		}
	}
	res, err := pipeline.Diff(p, tag, docs)
	if err != nil {
		fmt.Fprintf(e.stderr, "folio diff: %v\n", err)
		return exitFound
	}
	if format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.Encode(res)
		return exitOK
	}
	printDiff(e.stdout, res, stdoutColor(e))
	return exitOK
}

// stdoutColor reports whether stdout is a terminal and NO_COLOR is unset.
func stdoutColor(e *env) bool {
	if os.Getenv("NO_COLOR") != "" || e.stdout != os.Stdout {
		return false
	}
	fi, err := os.Stdout.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func printDiff(w io.Writer, res *pipeline.DiffResult, color bool) {
	paint := func(code, s string) string {
		if !color {
			return s
		}
		return "\x1b[" + code + "m" + s + "\x1b[0m"
	}
	for _, d := range res.Documents {
		counts := map[string]int{}
		for _, c := range d.Changes {
			counts[c.Change]++
		}
		if !d.Recorded {
			fmt.Fprintf(w, "%s (%s): no revision recorded yet", d.Document, res.Locale)
		} else {
			fmt.Fprintf(w, "%s (%s): last revision: %d added, %d edited, %d removed", d.Document, res.Locale,
				counts[pipeline.ChangeAdded], counts[pipeline.ChangeEdited], counts[pipeline.ChangeRemoved])
		}
		if n := counts[pipeline.ChangeEarlier]; n > 0 {
			fmt.Fprintf(w, "; %d stale from earlier revisions", n)
		}
		fmt.Fprintln(w)
		for _, c := range d.Changes {
			fmt.Fprintf(w, "  %-8s %s  %s\n", c.Change, c.ID, paint(stateColor(c.State), c.State))
			text := ""
			switch {
			case len(c.Diff) > 0:
				text = renderOps(c.Diff, paint)
			case c.Change == pipeline.ChangeRemoved:
				text = paint("31", "[-"+c.Old+"-]")
			case c.Change == pipeline.ChangeEarlier:
				// Stale with no earlier text to diff against (imported
				// unconfirmed, or history lost): the source as it is,
				// not as if it had been added.
				text = c.New
			default:
				text = paint("32", "{+"+c.New+"+}")
			}
			fmt.Fprintf(w, "           %s\n", text)
			if c.Translation != "" && c.State != "current" {
				fmt.Fprintf(w, "           %s: %s\n", res.Locale, clipRunes(c.Translation, 160))
			}
		}
	}
}

func stateColor(state string) string {
	switch state {
	case "current":
		return "32"
	case "stale", "suggestion":
		return "33"
	case "untranslated", "none":
		return "31"
	}
	return "36"
}

// renderOps writes a word diff as [-removed-] {+inserted+}, shortening long
// unchanged runs to their first and last three words.
func renderOps(ops []pipeline.DiffOp, paint func(code, s string) string) string {
	var parts []string
	for _, op := range ops {
		switch op.Op {
		case "-":
			parts = append(parts, paint("31", "[-"+op.Text+"-]"))
		case "+":
			parts = append(parts, paint("32", "{+"+op.Text+"+}"))
		default:
			words := strings.Fields(op.Text)
			if len(words) > 8 {
				op.Text = strings.Join(words[:3], " ") + " … " + strings.Join(words[len(words)-3:], " ")
			}
			parts = append(parts, op.Text)
		}
	}
	return strings.Join(parts, " ")
}

// clipRunes shortens s to n code points, ending it with "…".
func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
