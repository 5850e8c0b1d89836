package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(removingShared{m}, map[string]func(){
		"folio": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// removingShared runs the tests, then removes the temporary folders that
// tests share (the built command, the fixture project): t.TempDir cannot
// hold them, since they outlive the test that makes them, and each run
// left a 14 MB binary in the system's temporary folder.
type removingShared struct{ m *testing.M }

func (r removingShared) Run() int {
	code := r.m.Run()
	sharedDirs.Lock()
	defer sharedDirs.Unlock()
	for _, dir := range sharedDirs.list {
		if err := os.RemoveAll(dir); err != nil {
			fmt.Fprintf(os.Stderr, "removing %s: %v\n", dir, err)
		}
	}
	return code
}

// sharedDirs are the temporary folders removingShared removes.
var sharedDirs struct {
	sync.Mutex
	list []string
}

// sharedTempDir makes a temporary folder that lasts until the tests end.
func sharedTempDir(pattern string) (string, error) {
	dir, err := os.MkdirTemp("", pattern)
	if err == nil {
		sharedDirs.Lock()
		sharedDirs.list = append(sharedDirs.list, dir)
		sharedDirs.Unlock()
	}
	return dir, err
}

func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("SOURCE_DATE_EPOCH", "1700000000")
			env.Setenv("NO_COLOR", "1")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// exits N folio ARGS… runs folio and requires exit status N
			// (stdout and stderr are then available to stdout/stderr).
			"exits": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) < 1 {
					ts.Fatalf("usage: exits N ARGS…")
				}
				want, err := strconv.Atoi(args[0])
				if err != nil {
					ts.Fatalf("exits: %v", err)
				}
				code := 0
				if err := ts.Exec("folio", args[1:]...); err != nil {
					var ee *exec.ExitError
					if !errors.As(err, &ee) {
						ts.Fatalf("exits: %v", err)
					}
					code = ee.ExitCode()
				}
				if code != want {
					ts.Fatalf("folio exited with status %d, want %d", code, want)
				}
			},
		},
	})
}
