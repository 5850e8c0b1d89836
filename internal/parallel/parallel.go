// Package parallel runs a run's independent work on the machine's cores.
//
// For hands the items of a loop (documents, say) to a few goroutines,
// which take the next index from a counter. A Pool does the same, and its
// goroutines that find no item left help with the parts of the items
// still running (a document's locales) that those items offer through
// Split: a project of one long document in ten locales otherwise merged
// its catalogs one after another on one core while the other had nothing
// to do, and a run of many documents waited for its last one the same way.
package parallel

import (
	"sync"
	"sync/atomic"
)

// For runs f(i) for each i in [0, n) on at most workers goroutines, which
// take the next index from a counter (handing each index over a channel
// woke a goroutine per item: thousands of futex and nanosleep calls in a
// run that only hashes files). It returns when every call has.
func For(workers, n int, f func(i int)) {
	workers = min(workers, n)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var wg sync.WaitGroup
	var next atomic.Int64
	for range workers {
		wg.Go(func() { drain(&next, n, f) })
	}
	wg.Wait()
}

// drain calls f with each index below n it takes from next, until none is
// left.
func drain(next *atomic.Int64, n int, f func(i int)) {
	for {
		i := int(next.Add(1)) - 1
		if i >= n {
			return
		}
		f(i)
	}
}

// A Pool lends the goroutines of its For that have no item left to the
// items still running, for the parts they Split. The zero Pool is not
// usable; a nil *Pool is (For and Split then run without helpers).
type Pool struct {
	help chan func()
}

// New returns a Pool.
func New() *Pool { return &Pool{help: make(chan func())} }

// For is the package's For on workers goroutines (all of them, even when
// n is smaller): once no index is left, each helps with the parts that
// running items Split, until every item is done.
func (p *Pool) For(workers, n int, f func(i int)) {
	if p == nil {
		For(workers, n, f)
		return
	}
	if n == 0 {
		return
	}
	var next atomic.Int64
	var left atomic.Int64 // items not yet done
	left.Store(int64(n))
	done := make(chan struct{})
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Go(func() {
			drain(&next, n, func(i int) {
				f(i)
				if left.Add(-1) == 0 {
					close(done)
				}
			})
			for {
				select {
				case part := <-p.help:
					part()
				case <-done:
					return
				}
			}
		})
	}
	wg.Wait()
}

// Split runs f(k) for each k in [0, n): each part is handed to a helper of
// the Pool's For when one is waiting, and run by the caller otherwise. It
// returns when every part has. The parts must be independent of one
// another: which goroutine runs which, and in what order, is not fixed.
func (p *Pool) Split(n int, f func(k int)) {
	if p == nil || n <= 1 {
		for k := range n {
			f(k)
		}
		return
	}
	var wg sync.WaitGroup
	for k := range n {
		wg.Add(1)
		part := func() {
			defer wg.Done()
			f(k)
		}
		select {
		case p.help <- part:
		default:
			part()
		}
	}
	wg.Wait()
}
