package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Each of FOLIO_CPUPROFILE, FOLIO_TRACE and FOLIO_MEMPROFILE gets its file,
// in its format (pprof's gzip, the trace's "go 1.N trace" header), and
// nothing is written when none is set.
func TestProfiles(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"FOLIO_CPUPROFILE": filepath.Join(dir, "cpu.prof"),
		"FOLIO_TRACE":      filepath.Join(dir, "run.trace"),
		"FOLIO_MEMPROFILE": filepath.Join(dir, "mem.prof"),
	}
	for env, path := range files {
		t.Setenv(env, path)
	}
	stop := startProfile()
	var b strings.Builder
	for i := range 10000 {
		b.WriteString(strings.Repeat("x", i%50))
	}
	stop()
	for env, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%s: %v", env, err)
		}
		if env == "FOLIO_TRACE" {
			if !bytes.HasPrefix(data, []byte("go 1.")) {
				t.Errorf("%s: %q is not a trace's header", env, data[:min(len(data), 16)])
			}
		} else if !bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
			t.Errorf("%s: not a gzipped pprof profile", env)
		}
	}

	for env := range files {
		t.Setenv(env, "")
	}
	empty := t.TempDir()
	t.Chdir(empty)
	rate := runtime.MemProfileRate
	defer func() { runtime.MemProfileRate = rate }()
	startProfile()()
	if entries, _ := os.ReadDir(empty); len(entries) != 0 {
		t.Fatalf("no variable set, yet %d files written", len(entries))
	}
	// Nobody asked for a heap profile: allocations are not sampled.
	if runtime.MemProfileRate != 0 {
		t.Errorf("MemProfileRate = %d without FOLIO_MEMPROFILE, want 0", runtime.MemProfileRate)
	}
}
