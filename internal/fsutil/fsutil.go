// Package fsutil writes files safely: each file goes to a temporary file in
// its folder and is renamed into place, so a reader or an interrupted run
// sees either the old or the new complete file; and it holds the project
// lock, an OS file lock that a killed run releases with its process.
//
// The package imports only the standard library.
package fsutil

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// WriteFile writes data to path atomically, creating folders as needed. It
// leaves the file alone (and reports false) when it already holds data.
func WriteFile(path string, data []byte) (bool, error) { return writeFile(path, data, true) }

// WriteOutput is WriteFile without the fsync before the rename: for files
// that a run can always make again (editions, caches), where waiting for
// the disk on each of thousands of files costs more than it protects. The
// rename keeps it atomic for readers and for an interrupted process.
func WriteOutput(path string, data []byte) (bool, error) { return writeFile(path, data, false) }

func writeFile(path string, data []byte, sync bool) (bool, error) {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return false, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return false, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".folio-*.tmp")
	if err != nil {
		return false, err
	}
	name := tmp.Name()
	_, werr := tmp.Write(data)
	if werr == nil && sync {
		werr = tmp.Sync()
	}
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(name, 0o644)
	}
	if werr == nil {
		werr = os.Rename(name, path)
	}
	if werr != nil {
		os.Remove(name)
		return false, werr
	}
	return true, nil
}

// Lock is a held project lock.
type Lock struct{ f *os.File }

// ErrLocked is returned when another run holds the lock past the wait.
var ErrLocked = errors.New("another folio run holds the project lock")

// Acquire takes the exclusive lock file at path, waiting up to wait for
// another run to release it; notify is called once if it has to wait.
func Acquire(path string, wait time.Duration, notify func()) (*Lock, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(wait)
	notified := false
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return &Lock{f}, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			f.Close()
			return nil, fmt.Errorf("locking %s: %w", path, err)
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, ErrLocked
		}
		if !notified && notify != nil {
			notify()
			notified = true
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Release releases the lock.
func (l *Lock) Release() {
	if l != nil && l.f != nil {
		syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
		l.f.Close()
	}
}
