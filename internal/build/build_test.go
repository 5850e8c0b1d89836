package build

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func need(t *testing.T, name string) string {
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not installed (CI installs it)", name)
		}
		t.Skipf("%s is not installed", name)
	}
	return p
}

// Every committed EPUB passes epubcheck with no error and no warning.
func TestEPUBCheck(t *testing.T) {
	bin := need(t, "epubcheck")
	files, _ := filepath.Glob("../../output/*/*.epub")
	if len(files) < 6 {
		t.Fatalf("only %d EPUBs under output/", len(files))
	}
	for _, f := range files {
		// Debian's /usr/bin/epubcheck is the jar itself.
		out, err := exec.Command("java", "-jar", bin, f).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "0 fatals / 0 errors / 0 warnings") {
			t.Errorf("%s: epubcheck: %v\n%s", f, err, out)
		}
	}
}

func TestWrap(t *testing.T) {
	cases := []struct {
		in    string
		width int
		want  string
	}{
		{"the quick brown fox jumps", 10, "the quick\nbrown fox\njumps"},
		{"一二三四五。六七八", 6, "一二三\n四五。\n六七八"},
		{"supercalifragilistic word", 5, "supercalifragilistic\nword"},
		{"无空格，标点不在行首。", 4, "无空\n格，\n标点\n不在\n行\n首。"},
	}
	for _, c := range cases {
		if got := Wrap(c.in, c.width, ""); got != c.want {
			t.Errorf("Wrap(%q, %d) = %q, want %q", c.in, c.width, got, c.want)
		}
	}
	if Columns("中文ab") != 6 {
		t.Errorf("Columns counts East Asian wide characters as two")
	}
}
