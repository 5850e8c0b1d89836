package fsutil

import (
	"bytes"
	"os"
	"sync"
)

// A Batch writes many files as WriteFile writes one — each into a
// temporary file beside its target, renamed into place, and on disk
// before the rename — but waits for the disk once for all of them rather
// than once per file: Write leaves each file's data in its temporary file,
// and Commit flushes the file systems they are on (syncfs on Linux, an
// fsync per file elsewhere) and then renames them all. A run that writes a
// thousand catalogs waited a thousand times for the disk.
//
// Until Commit, readers see the old files. A run killed before Commit
// leaves temporary files that RemoveTemps removes.
type Batch struct {
	mu      sync.Mutex
	pending []pendingFile
}

type pendingFile struct {
	tmp, path string
	dev       uint64
}

// NewBatch returns an empty batch.
func NewBatch() *Batch { return &Batch{} }

// Write puts data in a temporary file beside path, to be renamed into
// place by Commit. It reports false, and writes nothing, when path
// already holds data. It is safe for concurrent use.
func (b *Batch) Write(path string, data []byte) (bool, error) {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return false, nil
	}
	return true, b.Replace(path, data)
}

// Replace is Write for a caller that knows path does not hold data
// already: it does not read the file to compare.
func (b *Batch) Replace(path string, data []byte) error {
	name, info, err := writeTemp(path, data, !canSyncFS)
	if err != nil {
		return err
	}
	b.mu.Lock()
	b.pending = append(b.pending, pendingFile{name, path, info.dev})
	b.mu.Unlock()
	return nil
}

// Commit gets the batch's files onto the disk and renames each into
// place. It returns the targets that could not be put in place, with why
// (nil when all were); their temporary files are removed. The batch is
// empty afterwards and can be used again.
func (b *Batch) Commit() map[string]error {
	b.mu.Lock()
	pending := b.pending
	b.pending = nil
	b.mu.Unlock()
	if len(pending) == 0 {
		return nil
	}
	failed := map[string]error{}
	if canSyncFS {
		synced := map[uint64]bool{}
		for _, f := range pending {
			if synced[f.dev] {
				continue
			}
			if err := syncFS(f.tmp); err != nil {
				// No file-system flush here: one fsync per file, as
				// WriteFile does.
				for _, g := range pending {
					if g.dev == f.dev {
						if err := fsyncPath(g.tmp); err != nil {
							failed[g.path] = err
						}
					}
				}
			}
			synced[f.dev] = true
		}
	}
	for _, f := range pending {
		if err, ok := failed[f.path]; ok && err != nil {
			os.Remove(f.tmp)
			continue
		}
		if err := os.Rename(f.tmp, f.path); err != nil {
			os.Remove(f.tmp)
			failed[f.path] = err
		}
	}
	if len(failed) == 0 {
		return nil
	}
	return failed
}

// Abort removes the batch's temporary files: nothing it held is written.
func (b *Batch) Abort() {
	b.mu.Lock()
	pending := b.pending
	b.pending = nil
	b.mu.Unlock()
	for _, f := range pending {
		os.Remove(f.tmp)
	}
}

func fsyncPath(name string) error {
	f, err := os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
