package fsutil

import (
	"io/fs"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// canExchange: Linux swaps two files atomically (renameat2).
const canExchange = true

// exchange swaps the files at a and b.
func exchange(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}

// moveNew renames from to to, failing when to exists.
func moveNew(from, to string) error {
	return unix.Renameat2(unix.AT_FDCWD, from, unix.AT_FDCWD, to, unix.RENAME_NOREPLACE)
}

// noFollow: a spare is never a symbolic link's target, and opening it
// never waits (for a reader, were it a named pipe).
const noFollow = syscall.O_NOFOLLOW | syscall.O_NONBLOCK

// links returns the number of names fi's file has.
func links(fi fs.FileInfo) uint64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Nlink)
	}
	return 0
}

// sparesWorth reports whether the file system f is on frees blocks at a
// cost: not tmpfs or ramfs, which free pages of memory.
func sparesWorth(f *os.File) bool {
	var st unix.Statfs_t
	if err := unix.Fstatfs(int(f.Fd()), &st); err != nil {
		return false
	}
	switch st.Type {
	case unix.TMPFS_MAGIC, unix.RAMFS_MAGIC:
		return false
	}
	return true
}

// soleName returns the size of f and whether it is a regular file with one
// name.
func soleName(f *os.File) (int64, bool) {
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() || links(fi) != 1 {
		return 0, false
	}
	return fi.Size(), true
}

// soleUse returns the size of the file at name, and whether it is a
// regular file with one name that no other open file description refers
// to: a write lease is granted only then.
func soleUse(name string) (int64, bool) {
	f, err := os.OpenFile(name, os.O_WRONLY|noFollow, 0)
	if err != nil {
		return 0, false
	}
	defer f.Close()
	size, ok := soleName(f)
	if !ok {
		return 0, false
	}
	fd := uintptr(f.Fd())
	if _, err := unix.FcntlInt(fd, unix.F_SETLEASE, unix.F_WRLCK); err != nil {
		return 0, false
	}
	_, err = unix.FcntlInt(fd, unix.F_SETLEASE, unix.F_UNLCK)
	return size, err == nil
}
