package fsutil

import (
	"cmp"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Spare files. Replacing a file by rename frees the old file's blocks,
// and on this project's benchmark machine (ext4 without a journal,
// mounted with discard) freeing a file's blocks waits for the disk to
// discard them: a tenth of a millisecond per file, where creating one
// costs a fiftieth. S10's 5 %-edit run replaces 445 catalogs, then 389
// editions (perf trace: 225 ms in renames, of a 265 ms run). While a run
// holds the project lock (Lock.Spares), a replacement therefore swaps the
// new file and the old one (renameat2's RENAME_EXCHANGE, atomic as the
// rename is) and keeps the old one, blocks and all, in the project's spare
// folder; a later temporary file is a spare of no more blocks than it
// needs, moved beside its target and written over, not a new file. In a
// steady project a run then frees few blocks: it writes over them.
//
// A file is kept only when it is a regular file with one link (another
// name for it, say a hard-linked deployed copy, keeps its content) that
// no other process has open (a write lease, F_SETLEASE, is granted only
// then): a reader of an old edition reads the old edition to its end.
// The folder is bounded (maxSpares files, maxSpareBytes bytes, none over
// maxSpareSize); a file that does not fit is removed, as before. On
// tmpfs, where freeing is cheap, and where the system cannot exchange
// files, there are no spares.
type sparePool struct {
	dir    string
	prefix string // this run's prefix for new spare names

	once  sync.Once // load
	made  sync.Once // the folder
	mu    sync.Mutex
	free  []spare // by size
	count int     // files in dir
	bytes int64   // their size
	seq   int
}

// A spare is a file in the spare folder. Its name is its size, a dot and
// a name unique to the run that kept it.
type spare struct {
	name string
	size int64
}

// The bounds of the spare folder (variables for the tests).
var (
	maxSpares     = 16384
	maxSpareBytes = int64(256 << 20)
	maxSpareSize  = int64(4 << 20)
)

var spares atomic.Pointer[sparePool]

// testAnyFS, when a test sets it, keeps spares on tmpfs too.
var testAnyFS bool

// testSpares, when a test sets it, is told of each spare taken (true) or
// kept (false).
var testSpares func(path string, taken bool)

// Spares lets the runs of this process keep and reuse spare files in dir
// while l is held; Release stops it. It does nothing on tmpfs or where
// the system cannot exchange files. The folder is read when the run
// first writes a file, and made when it first keeps one.
func (l *Lock) Spares(dir string) {
	if l == nil || l.f == nil || !canExchange || !(testAnyFS || sparesWorth(l.f)) {
		return
	}
	spares.Store(&sparePool{
		dir:    dir,
		prefix: strconv.Itoa(os.Getpid()) + "-" + strconv.FormatInt(time.Now().UnixNano(), 36) + "-",
	})
	l.spares = true
}

// load reads the spare folder once.
func (p *sparePool) load() {
	p.once.Do(func() {
		entries, _ := os.ReadDir(p.dir)
		p.mu.Lock()
		defer p.mu.Unlock()
		for _, e := range entries {
			p.count++
			sz, _, ok := strings.Cut(e.Name(), ".")
			size, err := strconv.ParseInt(sz, 10, 64)
			if !ok || err != nil || !e.Type().IsRegular() {
				continue
			}
			p.bytes += size
			p.free = append(p.free, spare{e.Name(), size})
		}
		slices.SortFunc(p.free, func(a, b spare) int { return cmp.Compare(a.size, b.size) })
	})
}

// blocks is the number of 4 KiB blocks n bytes take.
func blocks(n int64) int64 { return (n + 4095) >> 12 }

// takeSpare moves a spare of no more blocks than size bytes need beside
// path, the largest there is, and opens it for writing over; it returns
// nil when there is none it can use. Writing fewer bytes than the spare
// holds and truncating it would free blocks; writing more only adds some.
func takeSpare(path string, size int) (*os.File, int64, string) {
	p := spares.Load()
	if p == nil {
		return nil, 0, ""
	}
	p.load()
	dir := filepath.Dir(path)
	for {
		p.mu.Lock()
		i, _ := slices.BinarySearchFunc(p.free, blocks(int64(size))<<12+1, func(s spare, n int64) int { return cmp.Compare(s.size, n) })
		if i == 0 {
			p.mu.Unlock()
			return nil, 0, ""
		}
		sp := p.free[i-1]
		p.free = slices.Delete(p.free, i-1, i)
		p.count--
		p.bytes -= sp.size
		p.mu.Unlock()
		tmp := filepath.Join(dir, tempPrefix+"s"+sp.name+tempSuffix)
		if err := moveNew(filepath.Join(p.dir, sp.name), tmp); err != nil {
			// Gone, or on another file system than path: it stays where
			// it is (if it is), unused by this run.
			return nil, 0, ""
		}
		// Unshared when it was kept; unless someone linked it since, it
		// is still.
		f, err := os.OpenFile(tmp, os.O_WRONLY|noFollow, 0)
		if err == nil {
			if size, ok := soleName(f); ok {
				if testSpares != nil {
					testSpares(tmp, true)
				}
				return f, size, tmp
			}
			f.Close()
		}
		os.Remove(tmp)
	}
}

// replace puts the temporary file tmp in place at path, keeping the file
// it replaces as a spare when the pool is on.
func replace(tmp, path string) error {
	p := spares.Load()
	if p == nil {
		return os.Rename(tmp, path)
	}
	fi, err := os.Lstat(path)
	if err != nil || !fi.Mode().IsRegular() || links(fi) != 1 || !p.room(fi.Size()) {
		return os.Rename(tmp, path)
	}
	if err := exchange(tmp, path); err != nil {
		return os.Rename(tmp, path)
	}
	// tmp now holds the old file.
	p.keep(tmp)
	return nil
}

// room reports whether the spare folder has room for a file of size
// bytes.
func (p *sparePool) room(size int64) bool {
	p.load()
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.count < maxSpares && p.bytes+size <= maxSpareBytes && size <= maxSpareSize
}

// keep moves the old file at tmp into the spare folder, or removes it
// when it cannot be a spare: when it has another name, a process has it
// open (a reader of the old file reads it to the end), or the folder is
// full.
func (p *sparePool) keep(tmp string) {
	p.load()
	size, ok := soleUse(tmp)
	if ok {
		p.mu.Lock()
		if p.count < maxSpares && p.bytes+size <= maxSpareBytes && size <= maxSpareSize {
			p.count++
			p.bytes += size
			p.seq++
		} else {
			ok = false
		}
		name := strconv.FormatInt(size, 10) + "." + p.prefix + strconv.Itoa(p.seq)
		p.mu.Unlock()
		if ok {
			p.made.Do(func() { os.MkdirAll(p.dir, 0o755) })
			if moveNew(tmp, filepath.Join(p.dir, name)) == nil {
				p.mu.Lock()
				i, _ := slices.BinarySearchFunc(p.free, size, func(s spare, n int64) int { return cmp.Compare(s.size, n) })
				p.free = slices.Insert(p.free, i, spare{name, size})
				p.mu.Unlock()
				if testSpares != nil {
					testSpares(tmp, false)
				}
				return
			}
			p.mu.Lock()
			p.count--
			p.bytes -= size
			p.mu.Unlock()
		}
	}
	os.Remove(tmp)
}

// stopSpares turns the pool off (Release).
func stopSpares() { spares.Store(nil) }
