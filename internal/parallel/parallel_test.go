package parallel

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestForRunsEachIndexOnce(t *testing.T) {
	for _, workers := range []int{0, 1, 3, 8} {
		for _, n := range []int{0, 1, 2, 100} {
			counts := make([]atomic.Int32, n)
			For(workers, n, func(i int) { counts[i].Add(1) })
			var p *Pool // nil: no helpers
			p.For(workers, n, func(i int) { counts[i].Add(1) })
			New().For(workers, n, func(i int) { counts[i].Add(1) })
			for i := range counts {
				if c := counts[i].Load(); c != 3 {
					t.Fatalf("workers %d, n %d: index %d ran %d times in three loops", workers, n, i, c)
				}
			}
		}
	}
}

// TestSplitRunsEachPartOnceBeforeReturning: every part of every item runs
// once, and an item's Split returns only after all its parts have.
func TestSplitRunsEachPartOnceBeforeReturning(t *testing.T) {
	p := New()
	const items, parts = 5, 40
	var ran [items][parts]atomic.Int32
	p.For(3, items, func(i int) {
		p.Split(parts, func(k int) {
			time.Sleep(time.Duration(k%3) * 100 * time.Microsecond)
			ran[i][k].Add(1)
		})
		for k := range parts {
			if ran[i][k].Load() != 1 {
				t.Errorf("item %d: Split returned with part %d run %d times", i, k, ran[i][k].Load())
			}
		}
	})
	var nilPool *Pool
	count := 0
	nilPool.Split(4, func(int) { count++ })
	if count != 4 {
		t.Errorf("a nil Pool's Split ran %d of 4 parts", count)
	}
}

// TestIdleWorkersHelp: the one item of a For on three goroutines has its
// parts run by the other two as well: two parts wait for each other, which
// only a helper can let happen (the item runs the parts it keeps in turn).
func TestIdleWorkersHelp(t *testing.T) {
	p := New()
	var met atomic.Int32 // parts that saw the other one arrive
	p.For(3, 1, func(int) {
		// Let the other goroutines reach their help loop.
		time.Sleep(20 * time.Millisecond)
		var arrived sync.WaitGroup
		arrived.Add(2)
		p.Split(2, func(int) {
			arrived.Done()
			wait := make(chan struct{})
			go func() { arrived.Wait(); close(wait) }()
			select {
			case <-wait:
				met.Add(1)
			case <-time.After(2 * time.Second):
			}
		})
	})
	if met.Load() != 2 {
		t.Fatal("the two parts of the only item never ran at the same time: no idle goroutine helped")
	}
}
