package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"runtime/trace"
)

// startProfile starts a CPU profile when FOLIO_CPUPROFILE names a file,
// an execution trace (go tool trace: what runs on which core, and when)
// when FOLIO_TRACE does, and arranges a heap profile when
// FOLIO_MEMPROFILE does (for the benchmarks in bench/; see
// bench/README.md); without FOLIO_MEMPROFILE, allocations are not
// sampled at all. It returns the function that stops and writes them.
func startProfile() func() {
	var stops []func()
	for _, stop := range []func(){
		startTo("FOLIO_CPUPROFILE", pprof.StartCPUProfile, pprof.StopCPUProfile),
		startTo("FOLIO_TRACE", trace.Start, trace.Stop),
	} {
		if stop != nil {
			stops = append(stops, stop)
		}
	}
	path := os.Getenv("FOLIO_MEMPROFILE")
	if path == "" {
		// Go samples an allocation's stack every 512 KiB allocated,
		// for a heap profile nobody asks for unless FOLIO_MEMPROFILE
		// does: the samples' hash table is fresh memory every process
		// touches (first read, then written: two page faults and a TLB
		// shoot-down per page), 1.6 % of S1's first run.
		runtime.MemProfileRate = 0
	} else {
		stops = append(stops, func() {
			f, err := os.Create(path)
			if err != nil {
				fmt.Fprintf(os.Stderr, "folio: FOLIO_MEMPROFILE: %v\n", err)
				return
			}
			defer f.Close()
			runtime.GC()
			if err := pprof.WriteHeapProfile(f); err != nil {
				fmt.Fprintf(os.Stderr, "folio: FOLIO_MEMPROFILE: %v\n", err)
			}
		})
	}
	return func() {
		for _, s := range stops {
			s()
		}
	}
}

// startTo creates the file the environment variable env names and starts
// writing to it with start; it returns what stops the writing and closes
// the file, or nil when env is unset or the file cannot be written (said
// on stderr).
func startTo(env string, start func(io.Writer) error, stop func()) func() {
	path := os.Getenv(env)
	if path == "" {
		return nil
	}
	f, err := os.Create(path)
	if err == nil {
		if err = start(f); err != nil {
			f.Close()
		}
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "folio: %s: %v\n", env, err)
		return nil
	}
	return func() { stop(); f.Close() }
}

// tuneGC sets the garbage collector for a command that runs for a fraction
// of a second to a minute: a collection when the heap has grown by 400 %
// rather than 100 % (Go's default starts collecting at 4 MB, dozens of times
// in a run that allocates a few hundred), and a soft limit of 768 MiB,
// under which the collector works harder as the heap nears it, so that a
// large project stays under a gigabyte. GOGC and GOMEMLIMIT, when set,
// decide instead.
//
// On the S1 benchmark set (50 documents) the first extract took 137 ms of
// user CPU with Go's default and 64 ms with this.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(768 << 20)
	}
}
