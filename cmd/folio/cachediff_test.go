package main

import (
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestCachesNeverChangeResults runs long random series of edits and
// commands on a project that keeps its caches (.folio/cache: stamps,
// segments, build, check, status and report caches), and before each
// command copies the project without its caches: the command run on both
// must give the same exit status, the same output and the same files.
// What a run keeps for the next may make it faster, never different.
//
// The edits are a user's and a translator's (sources and catalogs edited,
// documents added and removed, a catalog broken and mended, a hash
// changed or accepted, an edition deleted or edited by hand, a file
// touched, the term base and the configuration changed);
// their files get modification times from a clock an hour behind, a
// second further at each edit, so that the stamp table, which records only
// files older than a few seconds, takes part; now and then the files a
// run wrote are aged the same way.
func TestCachesNeverChangeResults(t *testing.T) {
	steps := 60
	if testing.Short() {
		steps = 15
	}
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			t.Parallel()
			r := &cacheRun{t: t, rng: rand.New(rand.NewPCG(seed, 7)), clock: time.Now().Add(-time.Hour)}
			_, r.dir = fixture(t)
			r.scratch = t.TempDir()
			r.setUp()
			for step := range steps {
				what := r.edit()
				if r.rng.IntN(2) == 0 {
					// Status, which reads the stamp table and its
					// own cache, sees the edit first.
					r.compare(fmt.Sprintf("step %d (%s, then status)", step, what), []string{"status", "--format", "json"})
				}
				args := r.command()
				r.compare(fmt.Sprintf("step %d (%s, then %s)", step, what, strings.Join(args, " ")), args)
				if r.rng.IntN(2) == 0 {
					r.age()
				}
			}
		})
	}
}

// cacheRun is one random series of TestCachesNeverChangeResults.
type cacheRun struct {
	t       *testing.T
	rng     *rand.Rand
	dir     string // the project that keeps its caches
	scratch string // where the copies without caches go
	copies  int
	clock   time.Time         // the modification time of the next edit
	broken  map[string]string // catalogs broken by an edit: their last good text
	docs    int               // documents added so far
	oneLoc  bool              // the configuration lists fr alone
	mdOnly  bool              // the configuration builds md and html alone
}

// cacheWords are the words of the random texts: some with Markdown
// (emphasis, a link, code) and a number, which the checks compare
// between a source text and its translation.
var cacheWords = []string{"alpha", "beta", "gamma", "delta", "the", "of", "translation",
	"*stress*", "[link](https://example.org/a)", "`code`", "2024", "42", "réseau", "l’outil"}

func (r *cacheRun) words(n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = cacheWords[r.rng.IntN(len(cacheWords))]
	}
	s := strings.Join(w, " ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

// setUp adds two documents to the fixture and runs extract and build, so
// that the series starts from a project with caches.
func (r *cacheRun) setUp() {
	r.t.Helper()
	for range 2 {
		r.addDocument()
	}
	for _, cmd := range []string{"extract", "build"} {
		if code, out, errs := folioIn(r.dir, cmd); code != 0 {
			r.t.Fatalf("%s: exit %d\n%s%s", cmd, code, out, errs)
		}
	}
	r.age()
}

// tick returns the clock's time and moves it a second on.
func (r *cacheRun) tick() time.Time {
	r.clock = r.clock.Add(time.Second)
	return r.clock
}

// write writes a file of the project with the clock's time.
func (r *cacheRun) write(rel, text string) {
	r.t.Helper()
	p := filepath.Join(r.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		r.t.Fatal(err)
	}
	now := r.tick()
	if err := os.Chtimes(p, now, now); err != nil {
		r.t.Fatal(err)
	}
}

// files lists the project's files under dir whose names end in suffix.
func (r *cacheRun) files(dir, suffix string) []string {
	var out []string
	filepath.WalkDir(filepath.Join(r.dir, dir), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, suffix) {
			rel, _ := filepath.Rel(r.dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	slices.Sort(out)
	return out
}

func (r *cacheRun) pick(list []string) (string, bool) {
	if len(list) == 0 {
		return "", false
	}
	return list[r.rng.IntN(len(list))], true
}

// pickText picks one of files that no edit left broken, and reads it.
func (r *cacheRun) pickText(files []string) (rel, text string, ok bool) {
	rel, ok = r.pick(files)
	if !ok || r.broken[rel] != "" {
		return "", "", false
	}
	return rel, readFile(r.t, r.dir, rel), true
}

func (r *cacheRun) addDocument() string {
	r.docs++
	rel := fmt.Sprintf("source/part-%d.md", r.docs)
	r.write(rel, fmt.Sprintf("# Part %d\n\n%s\n\n- %s\n- %s\n\n%s\n", r.docs, r.words(8), r.words(3), r.words(4), r.words(10)))
	return rel
}

// otherLine matches a message's translation in a catalog.
var otherLine = regexp.MustCompile(`(?m)^other = ".*"$`)

// hashedMessage matches a message's ID and its hash in a catalog.
var hashedMessage = regexp.MustCompile(`(?m)^\["([^"]+)"\]\nhash = "(sha1-[0-9a-f]+)"$`)

// edit makes one random edit and says what it was. A broken catalog is
// mended after a few steps on average (extract and build stop at it).
func (r *cacheRun) edit() string {
	if rel, ok := r.pick(slices.Sorted(maps.Keys(r.broken))); ok && r.rng.IntN(3) == 0 {
		r.write(rel, r.broken[rel])
		delete(r.broken, rel)
		return "mended " + rel
	}
	for {
		if what, ok := r.tryEdit(r.rng.IntN(16)); ok {
			return what
		}
	}
}

func (r *cacheRun) tryEdit(kind int) (string, bool) {
	sources := r.files("source", ".md")
	catalogs := slices.DeleteFunc(r.files("locales", ".toml"), func(rel string) bool {
		return strings.HasSuffix(rel, "/en.toml") || strings.Contains(rel, "/obsolete/")
	})
	switch kind {
	case 0, 1: // a source paragraph rewritten, or one added
		rel, ok := r.pick(sources)
		if !ok {
			return "", false
		}
		blocks := strings.Split(strings.TrimRight(readFile(r.t, r.dir, rel), "\n"), "\n\n")
		if i := r.rng.IntN(len(blocks)); kind == 0 && i > 0 {
			blocks[i] = r.words(6 + r.rng.IntN(6))
		} else {
			blocks = slices.Insert(blocks, 1+r.rng.IntN(len(blocks)), r.words(5))
		}
		r.write(rel, strings.Join(blocks, "\n\n")+"\n")
		return "edited " + rel, true
	case 2: // a paragraph deleted
		rel, ok := r.pick(sources)
		if !ok {
			return "", false
		}
		blocks := strings.Split(strings.TrimRight(readFile(r.t, r.dir, rel), "\n"), "\n\n")
		if len(blocks) < 3 {
			return "", false
		}
		i := 1 + r.rng.IntN(len(blocks)-1)
		r.write(rel, strings.Join(slices.Delete(blocks, i, i+1), "\n\n")+"\n")
		return "deleted a paragraph of " + rel, true
	case 3:
		return "added " + r.addDocument(), true
	case 4: // a document removed
		if len(sources) < 2 {
			return "", false
		}
		rel, _ := r.pick(sources)
		if err := os.Remove(filepath.Join(r.dir, rel)); err != nil {
			r.t.Fatal(err)
		}
		return "removed " + rel, true
	case 5, 6: // a translation written, or emptied
		rel, text, ok := r.pickText(catalogs)
		if !ok {
			return "", false
		}
		lines := otherLine.FindAllStringIndex(text, -1)
		if len(lines) == 0 {
			return "", false
		}
		at := lines[r.rng.IntN(len(lines))]
		tr := ""
		if kind == 5 {
			tr = r.words(3 + r.rng.IntN(5))
		}
		if kind == 5 && r.rng.IntN(3) > 0 {
			// Mostly a translation the checks pass: plain words.
			tr = strings.Repeat("Traduction ", 1+r.rng.IntN(4)) + "française."
		}
		r.write(rel, text[:at[0]]+`other = "`+tr+`"`+text[at[1]:])
		return fmt.Sprintf("translation %q in %s", tr, rel), true
	case 7: // a catalog broken
		rel, text, ok := r.pickText(catalogs)
		if !ok {
			return "", false
		}
		if r.broken == nil {
			r.broken = map[string]string{}
		}
		r.broken[rel] = text
		r.write(rel, text+"\nthis = is = not TOML\n")
		return "broke " + rel, true
	case 8: // an edition deleted
		rel, ok := r.pick(r.files("output", ""))
		if !ok {
			return "", false
		}
		if err := os.Remove(filepath.Join(r.dir, rel)); err != nil {
			r.t.Fatal(err)
		}
		return "deleted " + rel, true
	case 9: // an edition edited by hand
		rel, ok := r.pick(append(r.files("output", ".md"), r.files("output", ".html")...))
		if !ok {
			return "", false
		}
		r.write(rel, readFile(r.t, r.dir, rel)+"Edited by hand.\n")
		return "edited " + rel, true
	case 10: // a file touched, its bytes the same
		rel, ok := r.pick(append(sources, catalogs...))
		if !ok {
			return "", false
		}
		now := r.tick()
		if err := os.Chtimes(filepath.Join(r.dir, rel), now, now); err != nil {
			r.t.Fatal(err)
		}
		return "touched " + rel, true
	case 11: // the configuration: the locales, or the formats
		if r.rng.IntN(2) == 0 {
			r.oneLoc = !r.oneLoc
		} else {
			r.mdOnly = !r.mdOnly
		}
		locales, formats := `["fr", "de"]`, `["md", "html", "txt", "epub"]`
		if r.oneLoc {
			locales = `["fr"]`
		}
		if r.mdOnly {
			formats = `["md", "html"]`
		}
		r.write("folio.toml", fmt.Sprintf("source_language = \"en\"\nlocales = %s\ndate = \"2024-01-02\"\n\n[build]\nformats = %s\n", locales, formats))
		return fmt.Sprintf("configuration: locales %s, formats %s", locales, formats), true
	case 12: // a letter changed: the file keeps its size
		rel, read, ok := r.pickText(append(sources, catalogs...))
		if !ok {
			return "", false
		}
		text := []byte(read)
		var at []int
		for _, loc := range regexp.MustCompile(`(?m)^other = ".+"$|^[A-Z][a-z].*$`).FindAllIndex(text, -1) {
			for i := loc[0]; i < loc[1]; i++ {
				if text[i] >= 'a' && text[i] <= 'y' && (i == 0 || text[i-1] != '{') {
					at = append(at, i)
				}
			}
		}
		if len(at) == 0 {
			return "", false
		}
		i := at[r.rng.IntN(len(at))]
		text[i]++
		r.write(rel, string(text))
		return fmt.Sprintf("changed a letter of %s (%d)", rel, i), true
	case 13: // a translation's hash changed (stale), or set to the source's (accepted): the size is kept
		rel, text, ok := r.pickText(catalogs)
		if !ok {
			return "", false
		}
		msgs := hashedMessage.FindAllStringSubmatchIndex(text, -1)
		if len(msgs) == 0 {
			return "", false
		}
		m := msgs[r.rng.IntN(len(msgs))]
		id, hash := text[m[2]:m[3]], text[m[4]:m[5]]
		src := readFile(r.t, r.dir, path.Join(path.Dir(rel), "en.toml"))
		for _, sm := range hashedMessage.FindAllStringSubmatch(src, -1) {
			if sm[1] == id && sm[2] != hash && r.rng.IntN(2) == 0 {
				r.write(rel, text[:m[4]]+sm[2]+text[m[5]:])
				return fmt.Sprintf("accepted %q in %s", id, rel), true
			}
		}
		h := []byte(hash)
		i := len("sha1-") + r.rng.IntN(len(h)-len("sha1-"))
		const hex = "0123456789abcdef"
		h[i] = hex[(strings.IndexByte(hex, h[i])+1)%len(hex)]
		r.write(rel, text[:m[4]]+string(h)+text[m[5]:])
		return fmt.Sprintf("changed the hash of %q in %s", id, rel), true
	case 14: // the term base: a rendering approved or forbidden, or none
		renderings := []string{"", `approved = ["traduction"]`, `approved = ["version"]`, `approved = ["traduction"]` + "\nforbidden = [\"française\"]"}
		fr := renderings[r.rng.IntN(len(renderings))]
		if fr == "" {
			if err := os.Remove(filepath.Join(r.dir, "locales/glossary.toml")); err != nil && !os.IsNotExist(err) {
				r.t.Fatal(err)
			}
			return "removed the term base", true
		}
		r.write("locales/glossary.toml", "[translation]\nsource = \"translation\"\n\n[translation.fr]\n"+fr+"\n")
		return "term base: " + fr, true
	default: // nothing: the command runs again on what the last one left
		return "no edit", true
	}
}

// command picks the command of a step.
func (r *cacheRun) command() []string {
	cmds := [][]string{
		{"extract"}, {"extract"}, {"extract"},
		{"build"}, {"build"}, {"build"}, {"build", "--format", "md"},
		{"check"}, {"check", "--format", "json"},
		{"status"}, {"status", "--format", "json"},
		{"accept", "--locale", "fr", "--all"}, {"diff", "--locale", "fr", "--format", "json"},
		{"export", "--locale", "de"},
	}
	return cmds[r.rng.IntN(len(cmds))]
}

// compare copies the project without its caches, runs args on both and
// fails when they differ.
func (r *cacheRun) compare(step string, args []string) {
	r.t.Helper()
	r.copies++
	cold := filepath.Join(r.scratch, fmt.Sprint(r.copies))
	copyTree(r.t, r.dir, cold)
	if err := os.RemoveAll(filepath.Join(cold, ".folio/cache")); err != nil {
		r.t.Fatal(err)
	}
	coldCode, coldOut, coldErr := folioIn(cold, args...)
	code, out, errs := folioIn(r.dir, args...)
	norm := func(s, dir string) string { return strings.ReplaceAll(s, dir, "PROJECT") }
	if code != coldCode || norm(out, r.dir) != norm(coldOut, cold) || norm(errs, r.dir) != norm(coldErr, cold) {
		r.t.Fatalf("%s: with its caches, exit %d\n%s%s\nwithout, exit %d\n%s%s", step, code, out, errs, coldCode, coldOut, coldErr)
	}
	if d := treeDiff(treeHash(r.t, cold), treeHash(r.t, r.dir)); d != "" {
		r.t.Fatalf("%s: the project with its caches differs from the one without: %s\noutput: %s%s", step, d, out, errs)
	}
	if err := os.RemoveAll(cold); err != nil {
		r.t.Fatal(err)
	}
}

// age gives the files the last run wrote (outside .folio/cache) the
// clock's time, as if they had been written a while ago.
func (r *cacheRun) age() {
	r.t.Helper()
	filepath.WalkDir(r.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && d.Name() == "cache" && filepath.Base(filepath.Dir(p)) == ".folio" {
			return filepath.SkipDir
		}
		if fi, err := d.Info(); err == nil && d.Type().IsRegular() && fi.ModTime().After(r.clock) {
			now := r.tick()
			os.Chtimes(p, now, now)
		}
		return nil
	})
}
