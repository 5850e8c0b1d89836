package state

import (
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

// goBuildID reads the build ID that go tool buildid reads, and
// ExecutableHash is made of it.
func TestGoBuildID(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the build ID is read from ELF executables only")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("go", "tool", "buildid", exe).Output()
	if err != nil {
		t.Fatalf("go tool buildid: %v", err)
	}
	want := strings.TrimSpace(string(out))
	if got := goBuildID(exe); got != want || want == "" {
		t.Errorf("goBuildID = %q, go tool buildid says %q", got, want)
	}
	if got := ExecutableHash(); got != "go-buildid:"+want {
		t.Errorf("ExecutableHash = %q, want the build ID %q", got, want)
	}
	// A file that is no executable has no build ID.
	if got := goBuildID("executable_test.go"); got != "" {
		t.Errorf("goBuildID of a Go source file = %q", got)
	}
}
