package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"
)

// progress draws a progress bar on stderr for a long run: only when stderr
// is a terminal, and only once the work has taken more than progressDelay,
// so that quick runs, tests and pipes see nothing.
type progress struct {
	w     io.Writer
	label string
	start time.Time
	mu    sync.Mutex
	last  time.Time
	drawn bool
}

const (
	progressDelay = time.Second
	progressEvery = 100 * time.Millisecond
	progressWidth = 30
)

// newProgress returns a progress bar for stderr, or nil when stderr is not
// a terminal (a nil *progress does nothing).
func newProgress(stderr io.Writer, label string) *progress {
	f, ok := stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) || os.Getenv("TERM") == "dumb" {
		return nil
	}
	return &progress{w: stderr, label: label, start: time.Now()}
}

// update is the pipeline's progress callback: done of total items.
func (p *progress) update(done, total int) {
	if p == nil || total <= 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if now.Sub(p.start) < progressDelay || (now.Sub(p.last) < progressEvery && done < total) {
		return
	}
	p.last = now
	p.drawn = true
	n := done * progressWidth / total
	fmt.Fprintf(p.w, "\r%s [%s%s] %d/%d %s", p.label, strings.Repeat("=", n), strings.Repeat(" ", progressWidth-n), done, total,
		now.Sub(p.start).Round(100*time.Millisecond))
}

// callback returns update as a function, nil when there is no bar.
func (p *progress) callback() func(done, total int) {
	if p == nil {
		return nil
	}
	return p.update
}

// finish erases the bar, if one was drawn, before the command's output.
func (p *progress) finish() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
