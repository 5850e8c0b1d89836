package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"testing"
	"unsafe"
)

// openPTY opens a pseudo-terminal pair (Linux).
func openPTY(t *testing.T) (master, slave *os.File) {
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	var unlock int32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		t.Skipf("unlockpt: %v", e)
	}
	var n uint32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		t.Skipf("ptsname: %v", e)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("open pts: %v", err)
	}
	return m, s
}

// checkOnTerminal runs `folio check` with stderr on a terminal and
// returns what the terminal received.
func checkOnTerminal(t *testing.T, dir string) string {
	master, slave := openPTY(t)
	defer master.Close()
	done := make(chan string)
	go func() {
		b, _ := io.ReadAll(master) // ends with EIO once the slave is closed
		done <- string(b)
	}()
	saved := os.Stderr
	os.Stderr = slave
	var stdout strings.Builder
	run([]string{"-C", dir, "check"}, &stdout, os.Stderr)
	os.Stderr = saved
	slave.Close()
	return <-done
}

// TestCheckColour: red errors and yellow warnings on a terminal, none
// when NO_COLOR is set (https://no-color.org).
func TestCheckColour(t *testing.T) {
	dir := formatProject(t)
	t.Setenv("NO_COLOR", "")
	got := checkOnTerminal(t, dir)
	if !strings.Contains(got, "\x1b[31merror:\x1b[0m") || !strings.Contains(got, "\x1b[33mwarning:\x1b[0m") {
		t.Errorf("no colour on a terminal: %q", got)
	}
	t.Setenv("NO_COLOR", "1")
	if got := checkOnTerminal(t, dir); strings.Contains(got, "\x1b[") || !strings.Contains(got, "error:") {
		t.Errorf("NO_COLOR=1: %q", got)
	}
}
