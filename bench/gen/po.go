package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"folio/internal/pipeline"
)

// writePO writes po4a.cfg (every document, type text with the markdown
// option, one POT for the set, one PO per locale) and runs po4a once
// without translations to make the POT and PO files in po4a's own shape.
// It returns the documents po4a took: with drop, a document po4a refuses
// (it names the file in its message) is deleted from the set and po4a
// runs again without it, so that both tools are timed on the same
// documents; without drop, that is an error.
//
// po4a loops forever on some input (its bug #558: a Markdown file with an
// unterminated code fence), writing a warning per turn that names no
// file. A run that outlasts setTimeout is stopped; with drop, each
// document is then run through po4a alone, those that outlast their own
// time or fail are left out, and the set is run again. po4a's messages
// are kept to their last 64 KiB (a looping po4a writes hundreds of
// megabytes a minute).
func writePO(dir string, locales, paths []string, drop bool) ([]string, error) {
	if err := os.MkdirAll(filepath.Join(dir, "po"), 0o755); err != nil {
		return nil, err
	}
	screened := false
	for {
		msg, err := runPO4A(dir, locales, paths, setTimeout(dir, paths))
		if err == nil {
			return paths, nil
		}
		if !drop {
			os.Stderr.WriteString(msg)
			return nil, fmt.Errorf("po4a: %v", err)
		}
		var bad []string
		if errors.Is(err, context.DeadlineExceeded) {
			if screened {
				return nil, fmt.Errorf("po4a: the set outlasts %v although each document alone does not", setTimeout(dir, paths))
			}
			fmt.Fprintf(os.Stderr, "gen: po4a still running after %v (its bug #558?); running it on each document alone\n", setTimeout(dir, paths))
			if bad, err = screenPO4A(dir, locales, paths); err != nil {
				return nil, err
			}
			screened = true
		} else {
			os.Stderr.WriteString(msg)
			if b := refused(msg, paths); b != "" {
				fmt.Fprintf(os.Stderr, "gen: %s left out: po4a refuses it\n", b)
				bad = []string{b}
			}
		}
		if len(bad) == 0 {
			return nil, fmt.Errorf("po4a: %v", err)
		}
		for _, b := range bad {
			if err := os.Remove(filepath.Join(dir, filepath.FromSlash(b))); err != nil {
				return nil, err
			}
		}
		paths = slices.DeleteFunc(paths, func(p string) bool { return slices.Contains(bad, p) })
		if len(paths) == 0 {
			return nil, fmt.Errorf("po4a refuses every document")
		}
	}
}

// How long po4a may take on a set of documents: a minute, and a minute
// more per MiB of Markdown (it takes about 6 s on 1.7 MB of real
// documents, a few seconds per MiB on generated ones). Tests shorten it.
var (
	po4aBase   = time.Minute
	po4aPerMiB = time.Minute
)

func setTimeout(dir string, paths []string) time.Duration {
	var size int64
	for _, p := range paths {
		if fi, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p))); err == nil {
			size += fi.Size()
		}
	}
	return po4aBase + time.Duration(size)*po4aPerMiB/(1<<20)
}

// runPO4A writes po4a.cfg in dir for the documents and runs po4a on it
// without translations, stopping it after timeout. It returns the end of
// po4a's messages.
func runPO4A(dir string, locales, paths []string, timeout time.Duration) (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "# po4a configuration equivalent to folio.toml (bench/gen).\n")
	fmt.Fprintf(&b, "[po4a_langs] %s\n", strings.Join(locales, " "))
	fmt.Fprintf(&b, "[po4a_paths] po/docs.pot $lang:po/$lang.po\n")
	fmt.Fprintf(&b, "[options] opt:\"-o markdown\" opt:\"-M UTF-8\" opt:\"-L UTF-8\"\n")
	for _, p := range paths {
		fmt.Fprintf(&b, "[type: text] %s $lang:po4a-out/$lang/%s\n", p, strings.TrimPrefix(p, "source/"))
	}
	if err := os.WriteFile(filepath.Join(dir, "po4a.cfg"), []byte(b.String()), 0o644); err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "po4a", "--no-translations", "--msgmerge-opt=--no-fuzzy-matching", "po4a.cfg")
	cmd.Dir = dir
	cmd.WaitDelay = 5 * time.Second // a child left holding stderr
	tail := &tailWriter{max: 64 << 10}
	cmd.Stderr = tail
	err := cmd.Run()
	if ctx.Err() != nil {
		err = context.DeadlineExceeded
	}
	return tail.String(), err
}

// screenPO4A runs po4a on each document alone, in a scratch project, and
// returns those it fails on or does not finish.
func screenPO4A(dir string, locales, paths []string) ([]string, error) {
	var bad []string
	for _, p := range paths {
		tmp, err := os.MkdirTemp("", "gen-po4a-")
		if err != nil {
			return nil, err
		}
		dst := filepath.Join(tmp, filepath.FromSlash(p))
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err == nil {
			err = os.MkdirAll(filepath.Dir(dst), 0o755)
		}
		if err == nil {
			err = os.MkdirAll(filepath.Join(tmp, "po"), 0o755)
		}
		if err == nil {
			err = os.WriteFile(dst, data, 0o644)
		}
		if err != nil {
			os.RemoveAll(tmp)
			return nil, err
		}
		_, err = runPO4A(tmp, locales, []string{p}, setTimeout(tmp, []string{p}))
		os.RemoveAll(tmp)
		switch {
		case errors.Is(err, context.DeadlineExceeded):
			fmt.Fprintf(os.Stderr, "gen: %s left out: po4a does not finish it\n", p)
			bad = append(bad, p)
		case err != nil:
			fmt.Fprintf(os.Stderr, "gen: %s left out: po4a fails on it (%v)\n", p, err)
			bad = append(bad, p)
		}
	}
	return bad, nil
}

// tailWriter keeps the last max bytes written to it.
type tailWriter struct {
	max int
	buf []byte
}

func (w *tailWriter) Write(p []byte) (int, error) {
	w.buf = append(w.buf, p...)
	if len(w.buf) > 2*w.max {
		w.buf = append(w.buf[:0], w.buf[len(w.buf)-w.max:]...)
	}
	return len(p), nil
}

func (w *tailWriter) String() string {
	if len(w.buf) > w.max {
		return string(w.buf[len(w.buf)-w.max:])
	}
	return string(w.buf)
}

// refused returns the document po4a's error message names, or "".
func refused(msg string, paths []string) string {
	best := ""
	for _, p := range paths {
		if strings.Contains(msg, p) && len(p) > len(best) {
			best = p
		}
	}
	return best
}

// fillPOFiles fills the PO file of each locale (fillPO).
func fillPOFiles(dir string, seed uint64, locales []string) error {
	for _, tag := range locales {
		path := filepath.Join(dir, "po", tag+".po")
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if err := os.WriteFile(path, fillPO(data, seed, tag), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// fillPO gives each entry of a PO file a pseudo-translation, fuzzy or
// none, as fate decides from the seed, the locale and the msgid.
func fillPO(data []byte, seed uint64, tag string) []byte {
	entries := bytes.Split(data, []byte("\n\n"))
	for i, e := range entries {
		lines := strings.Split(string(e), "\n")
		id, idEnd, strAt := readString(lines, "msgid ")
		if id == "" || strAt < 0 {
			continue // the header, or not an entry
		}
		h := fnv.New64a()
		fmt.Fprint(h, id)
		f := fate(seed, "po", tag, strconv.FormatUint(h.Sum64(), 16))
		if f == 2 {
			continue
		}
		var out []string
		flagged := false
		for _, l := range lines[:idEnd] {
			if f == 1 && strings.HasPrefix(l, "#,") {
				l += ", fuzzy"
				flagged = true
			}
			if f == 1 && !flagged && strings.HasPrefix(l, "msgid ") {
				out = append(out, "#, fuzzy")
				flagged = true
			}
			out = append(out, l)
		}
		// msgfmt wants a translation to start and end with the newlines
		// its msgid starts and ends with.
		core := strings.Trim(id, "\n")
		lead := id[:strings.Index(id, core)]
		trail := id[len(lead)+len(core):]
		out = append(out, "msgstr "+poQuote(lead+pipeline.PseudoText(core)+trail))
		entries[i] = []byte(strings.Join(out, "\n"))
	}
	return bytes.Join(entries, []byte("\n\n"))
}

// readString reads the PO string that starts at the line with the keyword
// and returns it, the index of the line after it, and the index of the
// msgstr line (-1 if none).
func readString(lines []string, keyword string) (string, int, int) {
	for i, l := range lines {
		if !strings.HasPrefix(l, keyword) {
			continue
		}
		var b strings.Builder
		b.WriteString(unquote(strings.TrimPrefix(l, keyword)))
		j := i + 1
		for ; j < len(lines) && strings.HasPrefix(lines[j], `"`); j++ {
			b.WriteString(unquote(lines[j]))
		}
		if j < len(lines) && strings.HasPrefix(lines[j], "msgstr ") {
			return b.String(), j, j
		}
		return b.String(), j, -1
	}
	return "", 0, -1
}

func unquote(s string) string {
	u, err := strconv.Unquote(s)
	if err != nil {
		return strings.Trim(s, `"`)
	}
	return u
}

// poQuote writes s as a PO string, one line per embedded newline.
func poQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\t", `\t`)
	parts := strings.SplitAfter(s, "\n")
	if len(parts) == 1 {
		return `"` + strings.ReplaceAll(r.Replace(s), "\n", `\n`) + `"`
	}
	var b strings.Builder
	b.WriteString(`""`)
	for _, p := range parts {
		if p == "" {
			continue
		}
		b.WriteString("\n\"" + strings.ReplaceAll(r.Replace(p), "\n", `\n`) + `"`)
	}
	return b.String()
}
