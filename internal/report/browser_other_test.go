//go:build !unix

package report

import "os/exec"

// ownGroup does nothing where there are no process groups: a cancelled
// cmd is killed alone.
func ownGroup(cmd *exec.Cmd) {}
