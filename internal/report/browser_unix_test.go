//go:build unix

package report

import (
	"os/exec"
	"syscall"
)

// ownGroup makes cmd the leader of a process group of its own and has a
// cancelled cmd killed with the whole group: Chromium's helper processes
// would outlive it otherwise.
func ownGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}
