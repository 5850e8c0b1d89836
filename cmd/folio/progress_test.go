package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"
)

// Not a terminal: no bar at all, and its methods do nothing.
func TestProgressSilentWithoutTerminal(t *testing.T) {
	var buf bytes.Buffer
	if p := newProgress(&buf, "build"); p != nil {
		t.Fatal("a progress bar on a buffer")
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	p := newProgress(w, "build")
	if p != nil {
		t.Fatal("a progress bar on a pipe")
	}
	p.update(1, 2)
	p.finish()
	if p.callback() != nil {
		t.Error("a callback without a bar")
	}
}

// On a terminal, nothing is drawn during the first second; then the bar
// is drawn and erased at the end.
func TestProgressDrawsAfterDelay(t *testing.T) {
	var buf bytes.Buffer
	p := &progress{w: &buf, label: "build", start: time.Now()}
	p.update(1, 10)
	if buf.Len() != 0 {
		t.Fatalf("drawn before the delay: %q", buf.String())
	}
	p.start = time.Now().Add(-2 * time.Second)
	p.update(5, 10)
	if !strings.Contains(buf.String(), "build [===============               ] 5/10") {
		t.Fatalf("bar = %q", buf.String())
	}
	p.finish()
	if !strings.HasSuffix(buf.String(), "\r\033[K") {
		t.Errorf("bar not erased: %q", buf.String())
	}
}
