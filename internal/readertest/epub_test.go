package readertest

import (
	"archive/zip"
	"io"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The EPUBs of a white paper whose translations are hostile, built with
// --force, pass epubcheck with no error and no warning, and their XHTML
// holds no script, event handler, frame or javascript: link.
func TestHostileEPUBs(t *testing.T) {
	bin := need(t, "epubcheck")
	need(t, "java")
	out := build(t, hostileProject(t), true, "epub")
	files, _ := filepath.Glob(filepath.Join(out, "*", "cyberspace.epub"))
	if len(files) != 6 {
		t.Fatalf("%d EPUBs built, want 6", len(files))
	}
	active := regexp.MustCompile(`(?i)<script|<iframe|<object|<embed|<form|\son[a-z]+\s*=|(href|src)\s*=\s*"\s*(javascript|vbscript|data):`)
	for _, f := range files {
		// Debian's /usr/bin/epubcheck is the jar itself.
		msg, err := exec.Command("java", "-jar", bin, f).CombinedOutput()
		if err != nil || !strings.Contains(string(msg), "0 fatals / 0 errors / 0 warnings") {
			t.Errorf("%s: epubcheck: %v\n%s", f, err, msg)
		}
		zr, err := zip.OpenReader(f)
		if err != nil {
			t.Fatal(err)
		}
		sawMarker := false
		for _, zf := range zr.File {
			if !strings.HasSuffix(zf.Name, ".xhtml") {
				continue
			}
			rc, _ := zf.Open()
			data, _ := io.ReadAll(rc)
			rc.Close()
			if m := active.Find(data); m != nil {
				t.Errorf("%s: %s holds active content: %s", f, zf.Name, m)
			}
			if strings.Contains(string(data), "HOSTILE-SCRIPT") {
				sawMarker = true
			}
		}
		zr.Close()
		tag := filepath.Base(filepath.Dir(f))
		if tag != "en" && !sawMarker {
			t.Errorf("%s: the hostile translation is not in the book", f)
		}
	}
}
