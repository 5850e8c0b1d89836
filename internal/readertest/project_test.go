package readertest

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"folio/internal/pipeline"
	"folio/internal/project"
)

// need returns the path of an external program, skipping the test when
// it is missing (failing when CI=true).
func need(t *testing.T, names ...string) string {
	t.Helper()
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not installed (CI installs it)", names[0])
	}
	t.Skipf("%s is not installed", names[0])
	return ""
}

// copyProject copies the repository's project files into a temporary
// folder.
func copyProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, sub := range []string{"folio.toml", "source", "locales", ".folio/history"} {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(sub)), 0o755); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("cp", "-r", filepath.Join("../..", sub), filepath.Join(dir, filepath.Dir(sub)))
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %s", err, out)
		}
	}
	return dir
}

// build builds the project in dir into dir/out and returns that folder.
func build(t *testing.T, dir string, force bool, formats ...string) string {
	t.Helper()
	p, err := project.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	res, err := pipeline.Build(p, pipeline.BuildOptions{Out: out, Formats: formats, Force: force})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Skipped) > 0 {
		t.Fatalf("editions not built: %v", res.Skipped)
	}
	return out
}

// Hostile translations: each holds a marker that must reach the page as
// text, and markup that must not become an element, attribute or script.
// Code that runs sets window.__pwned and logs "__pwned".
var hostile = map[string]string{
	"title":                              `HOSTILE-TITLE <script>window.__pwned='title';console.log('__pwned')</script>"><img src=x onerror="window.__pwned='t-img'">`,
	"intro.chinese-president-xi-jinping": `HOSTILE-SCRIPT <script>window.__pwned='script';console.log('__pwned')</script> <SCRIPT SRC=data:text/javascript,window.__pwned='src'></SCRIPT>`,
	"intro.response-expectations-parties-jointly": `HOSTILE-IMG <img src=x onerror="window.__pwned='img';console.log('__pwned')"> <svg onload="window.__pwned='svg'"></svg> <body onload="window.__pwned='body'">`,
	"intro.internet-developing-amazing-speed":     `HOSTILE-LINK [x](javascript:alert(1)) [y](JAVASCRIPT:window.__pwned='link') [z](&#106;avascript:alert(1)) ![i](javascript:alert(1)) <javascript:alert(2)> [d](data:text/html,<script>alert(1)</script>) [v](vbscript:msgbox)`,
	"background": `HOSTILE-HEADING <iframe src="javascript:parent.__pwned='iframe'"></iframe><a href="javascript:alert(1)" onclick="window.__pwned='a'">a</a>`,
	"intro.organizing-committee-world-internet": `HOSTILE-RAW <iframe srcdoc="<script>parent.__pwned='srcdoc'</script>"></iframe><object data="javascript:alert(1)"></object><embed src="javascript:alert(1)"><style>body{display:none}</style><form action="javascript:alert(1)"><button>b</button></form>`,
}

// Hostile edition chrome strings (locales/ui): Folio's own escaping of
// what it adds around the document, CSS content strings included.
var hostileUI = map[string]string{
	"edition.notice": `HOSTILE-NOTICE <script>window.__pwned='notice'</script>{{.Date}}`,
	"toc.label":      `HOSTILE-TOC <img src=x onerror="window.__pwned='toc'">`,
	"switcher.label": `HOSTILE-SWITCHER "><script>window.__pwned='switcher'</script>`,
	"stale.marker":   `HOSTILE-MARKER"}</style><script>window.__pwned='css'</script><style>{`,
	"review.title":   `HOSTILE-REVIEW <iframe src="javascript:parent.__pwned='review'"></iframe>`,
	"state.stale":    `HOSTILE-STATE <script>window.__pwned='state'</script>`,
}

// staleID is made stale (its hash names another history text) so the
// review edition shows its word diff, with a hostile translation.
const staleID = "intro.internet-today-growing-incredible"

var tableRE = regexp.MustCompile(`(?m)^\["([^"]+)"\]\n((?:[a-z]+ = .*\n)*)`)

// hostileProject is a copy of the white paper whose five translations
// hold the hostile strings.
func hostileProject(t *testing.T) string {
	t.Helper()
	dir := copyProject(t)
	p, err := project.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, tag := range p.Locales {
		path := filepath.Join(dir, "locales", "cyberspace", tag+".toml")
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		s := tableRE.ReplaceAllStringFunc(string(data), func(tbl string) string {
			m := tableRE.FindStringSubmatch(tbl)
			id, body := m[1], m[2]
			if h, ok := hostile[m[1]]; ok {
				n++
				body = regexp.MustCompile(`(?m)^other = .*$`).ReplaceAllString(body, "other = "+strconv.Quote(h))
			}
			if id == staleID {
				n++
				// A hash the history holds, of another paragraph.
				body = regexp.MustCompile(`(?m)^hash = .*$`).ReplaceAllString(body, `hash = "sha1-0c7b107c1cae898238c8570549182ae05e061dff"`)
				body = regexp.MustCompile(`(?m)^other = .*$`).ReplaceAllString(body, "other = "+strconv.Quote(`HOSTILE-STALE <script>window.__pwned='stale'</script>`))
			}
			return `["` + id + `"]` + "\n" + body
		})
		if n != len(hostile)+1 {
			t.Fatalf("%s: replaced %d of %d messages", path, n, len(hostile)+1)
		}
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		path = filepath.Join(dir, "locales", "ui", tag+".toml")
		if data, err = os.ReadFile(path); err != nil {
			t.Fatal(err)
		}
		n = 0
		s = tableRE.ReplaceAllStringFunc(string(data), func(tbl string) string {
			m := tableRE.FindStringSubmatch(tbl)
			h, ok := hostileUI[m[1]]
			if !ok {
				return tbl
			}
			n++
			return `["` + m[1] + `"]` + "\n" + regexp.MustCompile(`(?m)^other = .*$`).ReplaceAllString(m[2], "other = "+strconv.Quote(h))
		})
		if n != len(hostileUI) {
			t.Fatalf("%s: replaced %d of %d messages", path, n, len(hostileUI))
		}
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// hostileMarkers are the texts that must appear on a hostile page.
func hostileMarkers() []string {
	var ms []string
	for _, h := range hostile {
		ms = append(ms, strings.Fields(h)[0])
	}
	return append(ms, "HOSTILE-TOC")
}
