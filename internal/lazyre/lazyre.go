// Package lazyre holds regular expressions compiled on first use rather
// than when the program starts: a Folio command that never needs one (a
// run with nothing to do) does not pay for compiling it, and each command
// is a new process.
//
// The package imports the standard library.
package lazyre

import (
	"regexp"
	"sync"
)

// New returns a function giving the expression compiled (once, on its
// first call; it panics there if the expression does not compile, as
// regexp.MustCompile does).
func New(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
