package main

import (
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// folioBinary builds the command once per test run.
func folioBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := sharedTempDir("folio-bin-")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "folio")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// bigDoc is a source long enough that extract and build take a while
// and write many files.
func bigDoc() string {
	var b strings.Builder
	b.WriteString(fixtureDoc)
	for i := 0; i < 40; i++ {
		if i%10 == 0 {
			fmt.Fprintf(&b, "\n## Section %d\n", i/10)
		}
		fmt.Fprintf(&b, "\nParagraph %d says something *different* about segment %d, with a [link](https://example.org/%d).\n", i, i*7, i)
	}
	return b.String()
}

// versions maps each file of a project to the set of its known-good
// contents (by hash).
type versions map[string]map[string]bool

func (v versions) add(tree map[string]string) {
	for k, h := range tree {
		if v[k] == nil {
			v[k] = map[string]bool{}
		}
		v[k][h] = true
	}
}

// runToCompletion runs the binary and fails unless it exits 0.
func runToCompletion(t *testing.T, bin, dir string, args ...string) time.Duration {
	t.Helper()
	start := time.Now()
	cmd := exec.Command(bin, append([]string{"-C", dir}, args...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("folio %v: %v\n%s", args, err, out)
	}
	return time.Since(start)
}

// TestKilledRunsLoseNothing kills folio extract and folio build with
// SIGKILL at random moments and requires every file afterwards to be its
// old or its new complete version — never truncated, never a mix — with
// no temporary file left once the next run is done, and the next run to
// finish the job without help.
func TestKilledRunsLoseNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("kills folio 60 times")
	}
	bin := folioBinary(t)
	for _, step := range []struct {
		cmd string
		// change makes the project need the command's work.
		change func(t *testing.T, proj string)
	}{
		{"extract", func(t *testing.T, proj string) {
			writeFile(t, proj, "source/doc.md", strings.Replace(bigDoc(), "Install the tool.", "Install the tool first.", 1))
		}},
		{"build", func(t *testing.T, proj string) {
			writeFile(t, proj, frCatalog, strings.Replace(readFile(t, proj, frCatalog), fixtureTitleFR, "Pour commencer", 1))
		}},
	} {
		t.Run(step.cmd, func(t *testing.T) {
			// The old state: the big document extracted and built.
			_, start := fixture(t)
			writeFile(t, start, "source/doc.md", bigDoc())
			runToCompletion(t, bin, start, "extract")
			runToCompletion(t, bin, start, "build")
			step.change(t, start)
			old := treeHash(t, start)
			// The new state, from an uninterrupted run.
			done := filepath.Join(t.TempDir(), "done")
			copyTree(t, start, done)
			took := runToCompletion(t, bin, done, step.cmd)
			newTree := treeHash(t, done)
			if d := treeDiff(old, newTree); d == "" {
				t.Fatalf("%s changes nothing; the test would prove nothing", step.cmd)
			}
			good := versions{}
			good.add(old)
			good.add(newTree)

			seed := time.Now().UnixNano()
			rng := rand.New(rand.NewSource(seed))
			t.Logf("seed %d; an uninterrupted %s takes %v", seed, step.cmd, took)
			// Kill anywhere from before the first write to after the last.
			maxDelay := max(took+took/4, 5*time.Millisecond)
			killedMidway, partial, withTemps := 0, 0, 0
			for i := 0; i < 30; i++ {
				proj := filepath.Join(t.TempDir(), "p")
				copyTree(t, start, proj)
				cmd := exec.Command(bin, "-C", proj, step.cmd)
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				time.Sleep(time.Duration(rng.Int63n(int64(maxDelay))))
				cmd.Process.Signal(syscall.SIGKILL)
				if err := cmd.Wait(); err != nil {
					killedMidway++
				}
				temps := 0
				after := treeHash(t, proj)
				for path, h := range after {
					base := filepath.Base(path)
					if strings.HasPrefix(base, ".folio-") && strings.HasSuffix(base, ".tmp") {
						temps++
						continue
					}
					if !good[path][h] {
						t.Fatalf("iteration %d: %s is neither its old nor its new version (truncated or mixed)", i, path)
					}
				}
				for path := range old {
					if _, ok := newTree[path]; ok {
						if _, err := os.Lstat(filepath.Join(proj, path)); err != nil {
							t.Fatalf("iteration %d: %s is gone", i, path)
						}
					}
				}
				if treeDiff(old, after) != "" && treeDiff(newTree, after) != "" {
					partial++
				}
				if temps > 0 {
					withTemps++
				}
				// The next run recovers without help: its result is the
				// uninterrupted run's, and no temporary file is left.
				runToCompletion(t, bin, proj, step.cmd)
				if d := treeDiff(newTree, treeHash(t, proj)); d != "" {
					t.Fatalf("iteration %d (%d temporary files left by the kill): the run after the kill does not recover: %s", i, temps, d)
				}
			}
			t.Logf("%d of 30 runs killed before they finished; %d left some files old and some new, %d left temporary files", killedMidway, partial, withTemps)
			if killedMidway == 0 {
				t.Errorf("no run was killed midway; the test proved nothing")
			}
		})
	}
}
