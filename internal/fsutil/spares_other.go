//go:build !linux

package fsutil

import (
	"errors"
	"io/fs"
	"os"
)

// canExchange: elsewhere files are replaced by rename, and no spare kept.
const canExchange = false

const noFollow = 0

var errNoExchange = errors.New("files cannot be exchanged here")

func exchange(a, b string) error        { return errNoExchange }
func moveNew(from, to string) error     { return errNoExchange }
func links(fi fs.FileInfo) uint64       { return 0 }
func sparesWorth(f *os.File) bool       { return false }
func soleName(f *os.File) (int64, bool) { return 0, false }
func soleUse(name string) (int64, bool) { return 0, false }
