// Command folio is Folio's command line: it parses flags, runs a pipeline
// stage for the project, prints results to stdout and diagnostics to
// stderr, and sets the exit status (0 success, 1 the command found errors,
// 2 it could not run).
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

// Exit statuses.
const (
	exitOK    = 0
	exitFound = 1
	exitUsage = 2
)

type command struct {
	name    string
	summary string
	usage   string
	help    string
	run     func(env *env, args []string) int
}

// env is what a command runs with.
type env struct {
	dir            string
	stdout, stderr io.Writer
}

var commands []*command

func init() {
	commands = []*command{
		initCmd, extractCmd, checkCmd, statusCmd, buildCmd, pseudoCmd, acceptCmd, diffCmd,
		exportCmd, importCmd,
	}
}

func main() {
	tuneGC()
	stop := startProfile()
	code := run(os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "folio: internal error: %v\nThis is a bug in Folio; please report it with the command you ran.\n", r)
			code = exitUsage
		}
	}()
	e := &env{dir: ".", stdout: stdout, stderr: stderr}
	fs := flag.NewFlagSet("folio", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&e.dir, "C", ".", "run as if started in `DIR`")
	showVersion := fs.Bool("version", false, "print the version")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			mainUsage(stdout)
			return exitOK
		}
		fmt.Fprintf(stderr, "folio: %v\n", err)
		mainUsage(stderr)
		return exitUsage
	}
	if *showVersion {
		fmt.Fprintf(stdout, "folio %s\n", version)
		return exitOK
	}
	rest := fs.Args()
	if len(rest) == 0 {
		mainUsage(stderr)
		return exitUsage
	}
	name, rest := rest[0], rest[1:]
	if name == "help" {
		if len(rest) == 0 {
			mainUsage(stdout)
			return exitOK
		}
		c := lookup(rest[0])
		if c == nil {
			fmt.Fprintf(stderr, "folio help: unknown command %q\n", rest[0])
			return exitUsage
		}
		commandUsage(stdout, c)
		return exitOK
	}
	if name == "version" {
		fmt.Fprintf(stdout, "folio %s\n", version)
		return exitOK
	}
	c := lookup(name)
	if c == nil {
		fmt.Fprintf(stderr, "folio: unknown command %q\n", name)
		mainUsage(stderr)
		return exitUsage
	}
	if _, err := lockWait(); err != nil {
		fmt.Fprintf(stderr, "folio: %v\n", err)
		return exitUsage
	}
	return c.run(e, rest)
}

// lockWait is how long a run waits for the project lock: FOLIO_LOCK_WAIT
// (a Go duration, at least 0) or two minutes. A value that is not one is
// an error rather than the default, so that a mistyped setting is seen.
func lockWait() (time.Duration, error) {
	v, ok := os.LookupEnv("FOLIO_LOCK_WAIT")
	if !ok || v == "" {
		return 2 * time.Minute, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("FOLIO_LOCK_WAIT=%q is not a duration of 0 or more (write it as Go does: 30s, 2m, 1m30s)", v)
	}
	return d, nil
}

func lookup(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

func mainUsage(w io.Writer) {
	fmt.Fprint(w, `Folio segments documents into go-i18n catalogs, checks translations and
builds localized editions.

Usage:
  folio [-C DIR] COMMAND [flags]

Commands:
`)
	names := make([]string, 0, len(commands))
	for _, c := range commands {
		names = append(names, c.name)
	}
	sort.Strings(names)
	for _, n := range names {
		c := lookup(n)
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Global flags:
  -C DIR     run as if folio was started in DIR
  --version  print the version

Run 'folio help COMMAND' for a command's flags.
Exit status: 0 success, 1 errors found (or a locale under --min), 2 could not run.
`)
}

func commandUsage(w io.Writer, c *command) {
	fmt.Fprintf(w, "Usage: folio [-C DIR] %s\n\n%s\n", c.usage, strings.TrimSpace(c.help))
	fs := c.flags(nil)
	if fs != nil {
		fmt.Fprintln(w, "\nFlags:")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
}

// flags returns the command's flag set (for help).
func (c *command) flags(e *env) *flag.FlagSet {
	fs, ok := flagSets[c.name]
	if !ok {
		return nil
	}
	return fs()
}

// flagSets make each command's flag set fresh (for help output).
var flagSets = map[string]func() *flag.FlagSet{}

// parseFlags parses a command's flags, printing usage errors; ok is false
// when the command must stop with the returned code.
func parseFlags(e *env, c *command, fs *flag.FlagSet, args []string) (int, bool) {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			commandUsage(e.stdout, c)
			return exitOK, false
		}
		fmt.Fprintf(e.stderr, "folio %s: %v\n", c.name, err)
		fmt.Fprintf(e.stderr, "Run 'folio help %s' for usage.\n", c.name)
		return exitUsage, false
	}
	if fs.NArg() > 0 && c.name != "accept" {
		fmt.Fprintf(e.stderr, "folio %s: unexpected argument %q\n", c.name, fs.Arg(0))
		return exitUsage, false
	}
	return 0, true
}
