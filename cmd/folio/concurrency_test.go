package main

import (
	"bufio"
	"io"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"folio/internal/catalog"
	"folio/internal/fsutil"
)

// TestRunWaitsForTheLock: a run that writes waits, saying so, while
// another holds the project lock, writes nothing meanwhile, and finishes
// the job once the lock is released.
func TestRunWaitsForTheLock(t *testing.T) {
	bin := folioBinary(t)
	for _, c := range []struct{ cmd, rel string }{
		{"extract", "source/doc.md"},
		{"build", frCatalog},
	} {
		t.Run(c.cmd, func(t *testing.T) {
			_, proj := fixture(t)
			if c.cmd == "extract" {
				writeFile(t, proj, c.rel, readFile(t, proj, c.rel)+"\nA new paragraph.\n")
			} else {
				writeFile(t, proj, c.rel, strings.Replace(readFile(t, proj, c.rel), fixtureTitleFR, "Pour commencer", 1))
			}
			want := filepath.Join(t.TempDir(), "p")
			copyTree(t, proj, want)
			runToCompletion(t, bin, want, c.cmd)
			wantTree := treeHash(t, want)

			held, err := fsutil.Acquire(filepath.Join(proj, ".folio/lock"), 0, nil)
			if err != nil {
				t.Fatal(err)
			}
			held.Describe("the test, holding the lock")
			before := treeHash(t, proj)
			cmd := exec.Command(bin, "-C", proj, c.cmd)
			stderr, _ := cmd.StderrPipe()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			r := bufio.NewReader(stderr)
			line, err := r.ReadString('\n')
			if err != nil {
				t.Fatalf("no message while waiting: %v", err)
			}
			if !strings.Contains(line, "waiting") || !strings.Contains(line, "another folio run") || !strings.Contains(line, "the test, holding the lock") {
				t.Errorf("unclear message while waiting: %q", line)
			}
			if d := treeDiff(before, treeHash(t, proj)); d != "" {
				t.Fatalf("the waiting run wrote while the lock was held: %s", d)
			}
			held.Release()
			rest, _ := io.ReadAll(r)
			if err := cmd.Wait(); err != nil {
				t.Fatalf("the run failed after the lock was released: %v\n%s", err, rest)
			}
			if d := treeDiff(wantTree, treeHash(t, proj)); d != "" {
				t.Errorf("after waiting, the run did not do its job: %s", d)
			}
		})
	}
}

// TestRunGivesUpOnTheLock: past FOLIO_LOCK_WAIT a run gives up with a
// message that says why and what to do, and writes nothing.
func TestRunGivesUpOnTheLock(t *testing.T) {
	_, proj := fixture(t)
	writeFile(t, proj, "source/doc.md", readFile(t, proj, "source/doc.md")+"\nA new paragraph.\n")
	held, err := fsutil.Acquire(filepath.Join(proj, ".folio/lock"), 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Release()
	held.Describe("folio build, pid 1")
	t.Setenv("FOLIO_LOCK_WAIT", "100ms")
	for _, cmd := range []string{"extract", "build", "accept --locale fr --all", "pseudo"} {
		before := treeHash(t, proj)
		code, _, stderr := folioIn(proj, strings.Fields(cmd)...)
		if code == 0 {
			t.Errorf("folio %s succeeded while another run held the lock", cmd)
		}
		for _, want := range []string{"another folio run holds the project lock", "folio build, pid 1", "try again"} {
			if !strings.Contains(stderr, want) {
				t.Errorf("folio %s: message lacks %q:\n%s", cmd, want, stderr)
			}
		}
		if d := treeDiff(before, treeHash(t, proj)); d != "" {
			t.Errorf("folio %s wrote without the lock: %s", cmd, d)
		}
	}
	// Reading commands need no lock.
	if code, _, stderr := folioIn(proj, "check"); code != 0 {
		t.Errorf("check waits for the lock: %d\n%s", code, stderr)
	}
}

// TestConcurrentRunsLoseNoUpdate runs two commands that each rewrite the
// same catalog at the same time, many times: accept of one stale ID and
// accept of another. Each reads the catalog, changes one entry and writes
// it back; without the lock one would overwrite the other's change.
func TestConcurrentRunsLoseNoUpdate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs folio 40 times")
	}
	bin := folioBinary(t)
	_, start := fixture(t)
	// Edit two source paragraphs: their fr translations turn stale.
	doc := readFile(t, start, "source/doc.md")
	doc = strings.Replace(doc, "Install the tool.", "Install the tool now.", 1)
	doc = strings.Replace(doc, "Run **extract** on the project.", "Run **extract** on the whole project.", 1)
	writeFile(t, start, "source/doc.md", doc)
	runToCompletion(t, bin, start, "extract")
	stale := staleIDs(t, start)
	if len(stale) != 2 {
		t.Fatalf("want 2 stale fr translations, have %v", stale)
	}
	for i := 0; i < 20; i++ {
		proj := filepath.Join(t.TempDir(), "p")
		copyTree(t, start, proj)
		var wg sync.WaitGroup
		outs := make([]string, 2)
		for j, id := range stale {
			wg.Add(1)
			go func(j int, id string) {
				defer wg.Done()
				out, err := exec.Command(bin, "-C", proj, "accept", "--locale", "fr", id).CombinedOutput()
				outs[j] = string(out)
				if err != nil {
					outs[j] += " [" + err.Error() + "]"
				}
			}(j, id)
		}
		wg.Wait()
		if left := staleIDs(t, proj); len(left) > 0 {
			t.Fatalf("iteration %d: an accept was lost; still stale: %v\n%s\n%s", i, left, outs[0], outs[1])
		}
	}
}

// staleIDs lists the stale translations of the fr catalog.
func staleIDs(t *testing.T, proj string) []string {
	t.Helper()
	src, err := catalog.Parse("en.toml", []byte(readFile(t, proj, "locales/doc/en.toml")))
	if err != nil {
		t.Fatal(err)
	}
	fr, err := catalog.Parse("fr.toml", []byte(readFile(t, proj, frCatalog)))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range src.Messages {
		if catalog.StateOf(m, fr.Lookup(m.ID)) == catalog.Stale {
			out = append(out, m.ID)
		}
	}
	return out
}
