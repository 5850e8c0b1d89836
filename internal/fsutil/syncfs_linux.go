package fsutil

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// canSyncFS: Linux flushes a whole file system with one syncfs(2).
const canSyncFS = true

// syncFS flushes the file system that holds the file name.
func syncFS(name string) error {
	fd, err := syscall.Open(name, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer syscall.Close(fd)
	return unix.Syncfs(fd)
}
