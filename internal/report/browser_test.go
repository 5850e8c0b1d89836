package report

import (
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// chromium returns the path of a Chromium to run headless, skipping the
// test when there is none (failing under CI=true).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium (Debian package chromium) is needed with CI=true")
	}
	t.Skip("chromium not installed")
	return ""
}

// headless runs Chromium headless with args and returns what it printed.
// Chromium sometimes never finishes a screenshot (seen in session 24: a
// badge's, with no CPU used for four minutes, until go test's timeout
// would have failed the whole CI run): a run gets browserWait, then is
// killed and tried again, three times in all.
func headless(t *testing.T, browser string, args ...string) []byte {
	t.Helper()
	var err error
	for attempt := 1; attempt <= 3; attempt++ {
		base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
			"--user-data-dir=" + t.TempDir()}
		ctx, cancel := context.WithTimeout(context.Background(), browserWait)
		cmd := exec.CommandContext(ctx, browser, append(base, args...)...)
		// Chromium's helper processes keep its output open: they are
		// killed with it, and not waited for long.
		ownGroup(cmd)
		// Chromium's own temporary folders (its singleton socket), left
		// behind when it is killed.
		cmd.Env = append(os.Environ(), "TMPDIR="+t.TempDir())
		cmd.WaitDelay = 5 * time.Second
		var out []byte
		out, err = cmd.Output()
		hung := ctx.Err() != nil
		cancel()
		if err == nil {
			return out
		}
		if !hung {
			break
		}
		t.Logf("%s %v: no result in %v (attempt %d of 3)", browser, args, browserWait, attempt)
	}
	t.Fatalf("%s %v: %v", browser, args, err)
	return nil
}

// browserWait bounds one Chromium run: a page or a badge takes it about a
// second.
const browserWait = 60 * time.Second

// TestReportInBrowser loads the report in Chromium and checks the DOM it
// built: the charts are SVG with their bars, titles and language marks.
func TestReportInBrowser(t *testing.T) {
	browser := chromium(t)
	path := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(path, HTML(sample(), Options{SourceLanguage: "en", Date: "2019-10-16"}), 0o644); err != nil {
		t.Fatal(err)
	}
	dom := string(headless(t, browser, "--dump-dom", "file://"+path))
	for what, want := range map[string]int{
		`<svg xmlns="http://www.w3.org/2000/svg" class="chart"`: 4, // all, guide, ui, empty
		`<rect class="stale"`:            2, // fr: all documents, guide
		`<tspan lang="ar" class="name">`: 4,
		`<span lang="ar" dir="rtl">`:     4, // one per table
		`<title id="chart-all-t">`:       1,
		`<desc id="chart-all-d">`:        1,
		`<table>`:                        4,
		`<script`:                        0,
	} {
		if got := strings.Count(dom, what); got != want {
			t.Errorf("Chromium's DOM has %d of %s, want %d", got, what, want)
		}
	}
}

// TestBadgeInBrowser renders badges in Chromium and checks the colours
// where the label and the value are drawn.
func TestBadgeInBrowser(t *testing.T) {
	browser := chromium(t)
	dir := t.TempDir()
	for _, c := range []struct {
		tag     string
		percent float64
		rgb     [3]int
	}{{"fr", 100, [3]int{0x44, 0xcc, 0x11}}, {"zh-Hans", 10, [3]int{0xe0, 0x5d, 0x44}}} {
		svg := filepath.Join(dir, c.tag+".svg")
		if err := os.WriteFile(svg, Badge(c.tag, c.percent), 0o644); err != nil {
			t.Fatal(err)
		}
		shot := filepath.Join(dir, c.tag+".png")
		headless(t, browser, "--screenshot="+shot, "--window-size=200,40", "--default-background-color=ffffffff", "file://"+svg)
		f, err := os.Open(shot)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		lw := textWidth(c.tag) + 10
		near := func(p image.Point, want [3]int) {
			r, g, b, _ := img.At(p.X, p.Y).RGBA()
			got := [3]int{int(r >> 8), int(g >> 8), int(b >> 8)}
			for i := range got {
				if d := got[i] - want[i]; d < -24 || d > 24 {
					t.Errorf("%s badge: pixel %v is %v, want about %v", c.tag, p, got, want)
					return
				}
			}
		}
		near(image.Pt(2, 3), [3]int{0x55, 0x55, 0x55})                      // label field, above the text
		near(image.Pt(lw+2, 3), c.rgb)                                      // value field
		near(image.Pt(lw+textWidth("100 %")+30, 10), [3]int{255, 255, 255}) // past the badge
	}
}
