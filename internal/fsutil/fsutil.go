// Package fsutil writes files safely: each file goes to a temporary file in
// its folder and is renamed into place, so a reader or an interrupted run
// sees either the old or the new complete file (while a run holds the
// project lock, the file it replaces is kept as a spare, to be written
// over later: see Lock.Spares); it says what a file's
// metadata says of its content (Stamp: size and modification time, which
// the build cache compares for the outputs it wrote); and it holds the
// project lock, an OS file lock that a killed run releases with its
// process.
//
// The package imports the standard library and golang.org/x/sys/unix
// (syncfs; renameat2 and file leases for the spares).
package fsutil

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// WriteFile writes data to path atomically, creating folders as needed. It
// leaves the file alone (and reports false) when it already holds data.
func WriteFile(path string, data []byte) (bool, error) {
	changed, _, err := writeFile(path, data, true)
	return changed, err
}

// WriteOutput is WriteFile without the fsync before the rename: for files
// that a run can always make again (editions, caches), where waiting for
// the disk on each of thousands of files costs more than it protects. The
// rename keeps it atomic for readers and for an interrupted process.
func WriteOutput(path string, data []byte) (bool, error) {
	changed, _, err := writeFile(path, data, false)
	return changed, err
}

// WriteOutputStamp is WriteOutput that also returns the Stamp of the file
// it leaves at path (the zero Stamp when it cannot tell).
func WriteOutputStamp(path string, data []byte) (bool, Stamp, error) {
	return writeFile(path, data, false)
}

// Stamp is what a file's metadata says of its content: its size and
// modification time. A program that changes the file changes its
// modification time, short of setting it back; the build cache takes an
// output whose Stamp is the one it recorded as unchanged without reading
// it (as Bazel and Git do), and reads one whose Stamp differs. The
// zero Stamp says nothing.
type Stamp struct {
	Size  int64
	Mtime int64 // nanoseconds since 1970
}

func stampOf(fi fs.FileInfo) Stamp {
	if !fi.Mode().IsRegular() {
		return Stamp{}
	}
	return Stamp{Size: fi.Size(), Mtime: fi.ModTime().UnixNano()}
}

// StampOf returns the Stamp of the regular file at path (a symbolic link
// is not followed), or the zero Stamp.
func StampOf(path string) Stamp {
	fi, err := os.Lstat(path)
	if err != nil {
		return Stamp{}
	}
	return stampOf(fi)
}

func writeFile(path string, data []byte, sync bool) (bool, Stamp, error) {
	if same, st := holds(path, data); same {
		return false, st, nil
	}
	name, st, err := writeTemp(path, data, sync)
	if err != nil {
		return false, Stamp{}, err
	}
	if err := replace(name, path); err != nil {
		os.Remove(name)
		return false, Stamp{}, err
	}
	return true, st.stamp, nil
}

// holds reports whether the file at path holds exactly data, and if so
// its Stamp. A file of another size is not read (an edition that changed
// seldom keeps its size); one of the same size is compared a chunk at a
// time, through a buffer shared between calls, so that comparing does not
// allocate a copy of every file a run writes (8.7 MB of S10's 5 %-edit
// build, a fifth of its page faults).
func holds(path string, data []byte) (bool, Stamp) {
	f, err := os.Open(path)
	if err != nil {
		return false, Stamp{}
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != int64(len(data)) {
		return false, Stamp{}
	}
	bp := chunks.Get().(*[]byte)
	defer chunks.Put(bp)
	buf := *bp
	rest := data
	for {
		n, err := f.Read(buf)
		if n > len(rest) || !bytes.Equal(buf[:n], rest[:n]) {
			return false, Stamp{}
		}
		rest = rest[n:]
		if err == io.EOF {
			if len(rest) > 0 {
				return false, Stamp{}
			}
			return true, stampOf(fi)
		}
		if err != nil {
			return false, Stamp{}
		}
	}
}

// chunks are holds's read buffers.
var chunks = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// tempFile is what writeTemp says of the file it wrote: the device it is
// on and its Stamp (which the rename keeps).
type tempFile struct {
	dev   uint64
	stamp Stamp
}

// writeTemp writes data to a new temporary file beside path (creating
// its folders), with mode 0644, on disk before it returns when sync is
// set, and returns the file's name, the device it is on and its Stamp. On
// an error nothing is left behind.
func writeTemp(path string, data []byte, sync bool) (name string, info tempFile, err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", info, err
	}
	tmp, spareSize, name := takeSpare(path, len(data))
	if tmp == nil {
		tmp, err = os.CreateTemp(filepath.Dir(path), tempPrefix+"*"+tempSuffix)
		if err != nil {
			return "", info, err
		}
		name = tmp.Name()
	}
	_, werr := tmp.Write(data)
	if werr == nil && spareSize > int64(len(data)) {
		// Written over a spare of as many blocks: its tail goes.
		werr = tmp.Truncate(int64(len(data)))
	}
	if werr == nil {
		if fi, err := tmp.Stat(); err == nil {
			if st, ok := fi.Sys().(*syscall.Stat_t); ok {
				info.dev = uint64(st.Dev)
			}
			info.stamp = stampOf(fi)
		}
		if sync {
			werr = tmp.Sync()
		}
	}
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(name, 0o644)
	}
	if werr != nil {
		os.Remove(name)
		return "", tempFile{}, werr
	}
	return name, info, nil
}

// The names of WriteFile's temporary files.
const tempPrefix, tempSuffix = ".folio-", ".tmp"

// RemoveTemps removes the temporary files that runs killed before their
// rename left under root (their targets still hold the old complete
// version). Call it only while holding the project lock, so that no live
// run's temporary file is taken. Folders named .git are skipped.
func RemoveTemps(root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		if d.Type().IsRegular() && strings.HasPrefix(d.Name(), tempPrefix) && strings.HasSuffix(d.Name(), tempSuffix) {
			os.Remove(p)
		}
		return nil
	})
}

// Lock is a held project lock.
type Lock struct {
	f      *os.File
	spares bool // Spares turned the spare pool on
}

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
			return &Lock{f: f}, nil
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

// Unfinished reports whether the last holder of the lock ended without
// releasing it (it was killed, or the machine stopped): Describe's record
// is still there, since Release empties it. Call it before Describe. A run
// that finds it true removes the temporary files the killed run may have
// left (RemoveTemps); a run after a clean one need not walk the project.
func (l *Lock) Unfinished() bool {
	if l == nil || l.f == nil {
		return false
	}
	fi, err := l.f.Stat()
	return err != nil || fi.Size() > 0
}

// Describe records who holds the lock (for example "folio extract, pid
// 42") in the lock file, for Holder.
func (l *Lock) Describe(who string) {
	if l == nil || l.f == nil {
		return
	}
	if err := l.f.Truncate(0); err == nil {
		l.f.WriteAt([]byte(who+"\n"), 0)
	}
}

// Written returns the lock file's modification time (nanoseconds) and
// device as the file system gives them: after Describe, a time from the
// file system's own clock that precedes whatever the holder reads next.
func (l *Lock) Written() (mtime int64, dev uint64, ok bool) {
	if l == nil || l.f == nil {
		return 0, 0, false
	}
	var st syscall.Stat_t
	if err := syscall.Fstat(int(l.f.Fd()), &st); err != nil {
		return 0, 0, false
	}
	return st.Mtim.Nano(), uint64(st.Dev), true
}

// Holder returns what the holder of the lock at path recorded with
// Describe, or "" when nothing is known.
func Holder(path string) string {
	data, err := os.ReadFile(path)
	if err != nil || len(data) > 200 {
		return ""
	}
	return strings.TrimSpace(string(data))
}

// Release releases the lock.
func (l *Lock) Release() {
	if l != nil && l.f != nil {
		if l.spares {
			stopSpares()
		}
		l.f.Truncate(0)
		syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
		l.f.Close()
	}
}
