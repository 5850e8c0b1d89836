package main

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// fakePO4A puts on PATH a po4a that, as Debian's 0.69 does on a Markdown
// file with an unterminated code fence (its bug #558), never finishes a
// configuration naming a document that holds "LOOPS", writing a warning
// per turn, and otherwise writes a POT and a PO file per locale.
func fakePO4A(t *testing.T) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the fake po4a is a shell script")
	}
	bin := t.TempDir()
	script := `#!/bin/sh
cfg=""
for a in "$@"; do cfg=$a; done
langs=$(sed -n 's/^\[po4a_langs\] //p' "$cfg")
for doc in $(sed -n 's/^\[type: text\] \([^ ]*\) .*/\1/p' "$cfg"); do
	if grep -q LOOPS "$doc"; then
		while :; do echo "Use of uninitialized value \$nextline in pattern match (m//) at Text.pm line 758." >&2; done
	fi
done
mkdir -p po
printf 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n' >po/docs.pot
for l in $langs; do cp po/docs.pot po/$l.po; done
`
	if err := os.WriteFile(filepath.Join(bin, "po4a"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
}

// A document po4a never finishes is found by running po4a on each
// document alone, and left out; the others make the set.
func TestFromFolderLeavesOutWhatPO4ANeverFinishes(t *testing.T) {
	fakePO4A(t)
	base, perMiB := po4aBase, po4aPerMiB
	po4aBase, po4aPerMiB = 2*time.Second, 0
	t.Cleanup(func() { po4aBase, po4aPerMiB = base, perMiB })

	src := t.TempDir()
	docs := map[string]string{
		"a.md":       "# A\n\nSome text.\n",
		"loops.md":   "# B\n\n```sh\necho LOOPS\n\nNever closed.\n",
		"sub/c.md":   "# C\n\nMore text.\n",
		"sub/d.md":   "# D\n\nLOOPS too.\n",
		"notes.text": "not Markdown\n",
	}
	for name, text := range docs {
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dir := filepath.Join(t.TempDir(), "set")
	start := time.Now()
	if err := fromFolder(dir, src, 1, []string{"fr"}, true); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > time.Minute {
		t.Errorf("took %v", d)
	}
	var kept []string
	for _, name := range []string{"a.md", "loops.md", "sub/c.md", "sub/d.md"} {
		if _, err := os.Stat(filepath.Join(dir, "source", filepath.FromSlash(name))); err == nil {
			kept = append(kept, name)
		}
	}
	if want := []string{"a.md", "sub/c.md"}; !slices.Equal(kept, want) {
		t.Errorf("set holds %v, want %v", kept, want)
	}
	cfg, err := os.ReadFile(filepath.Join(dir, "po4a.cfg"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(cfg), "loops.md") || strings.Contains(string(cfg), "d.md") || !strings.Contains(string(cfg), "source/sub/c.md") {
		t.Errorf("po4a.cfg:\n%s", cfg)
	}
	if _, err := os.Stat(filepath.Join(dir, "po", "fr.po")); err != nil {
		t.Error(err)
	}
}

// tailWriter keeps the end of what is written, in bounded memory.
func TestTailWriter(t *testing.T) {
	w := &tailWriter{max: 10}
	var all []byte
	for i := range 1000 {
		b := []byte{byte('a' + i%26), byte('0' + i%10)}
		all = append(all, b...)
		w.Write(b)
	}
	if got, want := w.String(), string(all[len(all)-10:]); got != want {
		t.Errorf("kept %q, want %q", got, want)
	}
	if cap(w.buf) > 64 {
		t.Errorf("buffer grew to %d bytes", cap(w.buf))
	}
}
