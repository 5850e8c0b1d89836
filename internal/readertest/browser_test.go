package readertest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// browser starts headless Chromium and returns a context for opening tabs.
func browser(t *testing.T) context.Context {
	t.Helper()
	bin := need(t, "chromium", "chromium-browser", "google-chrome")
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.NoSandbox, // CI runs as root
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("font-render-hinting", "none"),
		// Chromium's own temporary folders (its singleton socket), which
		// a browser that is stopped rather than closed leaves behind.
		chromedp.Env("TMPDIR="+t.TempDir()),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelB := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelB(); cancelA() })
	// Start the browser on the context that lives as long as the test.
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	return bctx
}

// screenshotDir is where full-page screenshots go: $FOLIO_SCREENSHOTS,
// kept, or one new temporary folder per test run, kept for a person to
// look at when a test failed and removed when every test passed (TestMain:
// each run left 59 MB behind).
func screenshotDir(t *testing.T) string {
	t.Helper()
	shotsOnce.Do(func() {
		shots.dir = os.Getenv("FOLIO_SCREENSHOTS")
		if shots.dir == "" {
			shots.dir, shots.err = os.MkdirTemp("", "folio-screenshots-")
			shots.temporary = shots.err == nil
		} else {
			shots.err = os.MkdirAll(shots.dir, 0o755)
		}
	})
	if shots.err != nil {
		t.Fatal(shots.err)
	}
	t.Logf("screenshots in %s", shots.dir)
	return shots.dir
}

var (
	shotsOnce sync.Once
	shots     struct {
		dir       string
		temporary bool // made by screenshotDir, not named by the user
		err       error
	}
)

func TestMain(m *testing.M) {
	code := m.Run()
	if shots.temporary {
		if code == 0 {
			os.RemoveAll(shots.dir)
		} else {
			fmt.Fprintf(os.Stderr, "readertest: screenshots kept in %s\n", shots.dir)
		}
	}
	os.Exit(code)
}

// page is what a test learns from a live page.
type page struct {
	Dir, SrcDir, TrDir string
	ScrollWidth        int
	InnerWidth         int
	Overflows          []string
	TOCLinks           int
	BrokenTOC          []string
	Switcher           []string
	Dangerous          []string
	Pwned              string
	Title              string
	Text               string
	Probe              bool
	Marker             string // ::before content of the first stale block
}

// inspect runs in the page. Elements inside a box that scrolls or clips
// horizontally (pre, tables) may be wider than the viewport; nothing else.
const inspect = `(() => {
  const W = window.innerWidth, r = {};
  r.Dir = getComputedStyle(document.querySelector('main') || document.body).direction;
  const src = document.querySelector('.folio-seg-src'), tr = document.querySelector('.folio-seg-tr[lang]');
  r.SrcDir = src ? getComputedStyle(src).direction : '';
  r.TrDir = tr ? getComputedStyle(tr).direction : '';
  r.ScrollWidth = document.scrollingElement.scrollWidth;
  r.InnerWidth = W;
  const clipped = el => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return true;
    }
    return false;
  };
  r.Overflows = [];
  for (const el of document.body.querySelectorAll('*')) {
    const b = el.getBoundingClientRect();
    if (b.width === 0 && b.height === 0) continue;
    if ((b.right > W + 0.5 || b.left < -0.5) && !clipped(el)) {
      r.Overflows.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className ? '.' + el.className : '') +
        ' [' + Math.round(b.left) + ', ' + Math.round(b.right) + ']');
    }
  }
  const toc = document.querySelectorAll('nav.folio-toc a');
  r.TOCLinks = toc.length;
  r.BrokenTOC = [];
  for (const a of toc) {
    const h = a.getAttribute('href') || '';
    if (!h.startsWith('#') || !document.getElementById(decodeURIComponent(h.slice(1)))) r.BrokenTOC.push(h);
  }
  r.Switcher = [...document.querySelectorAll('nav.folio-languages a')].map(a => a.href);
  r.Dangerous = [];
  for (const el of document.querySelectorAll('script,iframe,frame,object,embed,form,style:not(head style),base,meta[http-equiv],link:not([rel=stylesheet])')) {
    r.Dangerous.push(el.outerHTML.slice(0, 120));
  }
  for (const el of document.querySelectorAll('*')) {
    for (const at of el.attributes) {
      const v = at.value.trim().toLowerCase();
      if (at.name.startsWith('on') || ((at.name === 'href' || at.name === 'src' || at.name === 'action' || at.name === 'data' || at.name === 'srcdoc') &&
          (v.startsWith('javascript:') || v.startsWith('vbscript:') || v.startsWith('data:text/html') || at.name === 'srcdoc'))) {
        r.Dangerous.push(el.tagName.toLowerCase() + ' ' + at.name + '=' + at.value.slice(0, 80));
      }
    }
  }
  for (const a of document.querySelectorAll('a[href]')) {
    if (a.protocol === 'javascript:') r.Dangerous.push('a href ' + a.href);
  }
  r.Pwned = String(window.__pwned === undefined ? '' : window.__pwned);
  r.Title = document.title;
  const stale = document.querySelector('.folio-stale');
  r.Marker = stale ? getComputedStyle(stale, '::before').content : '';
  r.Text = document.body.innerText;
  console.log('folio-probe');
  return r;
})()`

// open loads file in a new tab at the given width, inspects it, saves a
// full-page screenshot, and reports console messages and exceptions.
func open(t *testing.T, bctx context.Context, file string, width int64, shot string) (page, []string) {
	t.Helper()
	ctx, cancel := chromedp.NewContext(bctx)
	defer cancel()
	var mu sync.Mutex
	var events []string
	probe := false
	if err := chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			var args []string
			for _, a := range e.Args {
				args = append(args, string(a.Value)+a.Description)
			}
			msg := strings.Join(args, " ")
			if strings.Contains(msg, "folio-probe") {
				probe = true
				return
			}
			events = append(events, "console."+string(e.Type)+": "+msg)
		case *runtime.EventExceptionThrown:
			events = append(events, "exception: "+e.ExceptionDetails.Text)
		}
	}); err != nil {
		t.Fatal(err)
	}
	tctx, cancelT := context.WithTimeout(ctx, 60*time.Second)
	defer cancelT()
	u := (&url.URL{Scheme: "file", Path: file}).String()
	if err := chromedp.Do(tctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(u)); err != nil {
		t.Fatalf("%s: %v", u, err)
	}
	// Fonts first, so that measurements and screenshots use them.
	if _, err := chromedp.Run(tctx, chromedp.Evaluate[bool](`document.fonts.ready.then(() => true)`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatalf("%s: fonts: %v", u, err)
	}
	pg, err := chromedp.Run(tctx, chromedp.Evaluate[page](inspect))
	if err != nil {
		t.Fatalf("%s: %v", u, err)
	}
	png, err := chromedp.Run(tctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("%s: screenshot: %v", u, err)
	}
	if err := os.WriteFile(shot, png, 0o644); err != nil {
		t.Fatal(err)
	}
	// The probe is logged last: once it has arrived, so has every earlier
	// console message of the page.
	for i := 0; i < 100; i++ {
		mu.Lock()
		done := probe
		mu.Unlock()
		if done {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	pg.Probe = probe
	return pg, events
}

var widths = []int64{375, 1280}

// The white paper's HTML and review editions, as built, in a real browser:
// direction from the locale, nothing wider than the viewport on a phone or
// a desktop, table-of-contents links that resolve, language-switcher links
// to editions that exist, no script running.
func TestEditionsInChromium(t *testing.T) {
	bctx := browser(t)
	shots := screenshotDir(t)
	out := build(t, copyProject(t), false, "html", "review")
	cases := []struct{ tag, file, dir string }{
		{"ar", "cyberspace.html", "rtl"},
		{"zh-Hans", "cyberspace.html", "ltr"},
		{"ru", "cyberspace.html", "ltr"},
		{"en", "cyberspace.html", "ltr"},
		{"fr", "cyberspace.html", "ltr"},
		{"es", "cyberspace.html", "ltr"},
		{"ar", "cyberspace.review.html", "rtl"},
		{"zh-Hans", "cyberspace.review.html", "ltr"},
		{"ru", "cyberspace.review.html", "ltr"},
		{"fr", "cyberspace.review.html", "ltr"},
		{"es", "cyberspace.review.html", "ltr"},
	}
	for _, c := range cases {
		for _, w := range widths {
			name := fmt.Sprintf("%s-%s-%d", c.tag, strings.TrimSuffix(c.file, ".html"), w)
			t.Run(name, func(t *testing.T) {
				file := filepath.Join(out, c.tag, c.file)
				pg, events := open(t, bctx, file, w, filepath.Join(shots, name+".png"))
				if !pg.Probe {
					t.Errorf("the console listener saw nothing: it cannot vouch that no script ran")
				}
				if pg.Dir != c.dir {
					t.Errorf("computed direction %q, want %q", pg.Dir, c.dir)
				}
				if strings.HasSuffix(c.file, ".review.html") {
					if pg.SrcDir != "ltr" || pg.TrDir != c.dir {
						t.Errorf("review columns: source %q, translation %q; want ltr, %s", pg.SrcDir, pg.TrDir, c.dir)
					}
				}
				if pg.InnerWidth != int(w) {
					t.Errorf("viewport is %d px wide, want %d", pg.InnerWidth, w)
				}
				if pg.ScrollWidth > pg.InnerWidth {
					t.Errorf("page scrolls sideways: scrollWidth %d > %d", pg.ScrollWidth, pg.InnerWidth)
				}
				for _, o := range pg.Overflows {
					t.Errorf("overflows the %d px viewport: %s", w, o)
				}
				if pg.TOCLinks < 4 {
					t.Errorf("table of contents has %d links", pg.TOCLinks)
				}
				for _, h := range pg.BrokenTOC {
					t.Errorf("table of contents link %q has no target", h)
				}
				if c.file == "cyberspace.html" && len(pg.Switcher) != 5 {
					t.Errorf("language switcher has %d links, want 5", len(pg.Switcher))
				}
				for _, s := range pg.Switcher {
					u, err := url.Parse(s)
					if err != nil || u.Scheme != "file" {
						t.Errorf("switcher link %q", s)
						continue
					}
					if _, err := os.Stat(u.Path); err != nil {
						t.Errorf("switcher link %q: %v", s, err)
					}
				}
				for _, d := range pg.Dangerous {
					t.Errorf("active content: %s", d)
				}
				for _, e := range events {
					t.Errorf("page ran code: %s", e)
				}
			})
		}
	}
}

// Hostile translations built with --force: no script runs, no element or
// attribute that can run one exists, and the hostile text still reaches
// the reader as text.
func TestHostileTranslationsInChromium(t *testing.T) {
	bctx := browser(t)
	shots := screenshotDir(t)
	out := build(t, hostileProject(t), true, "html", "review")
	for _, tag := range []string{"ar", "zh-Hans", "ru", "fr", "es"} {
		for _, file := range []string{"cyberspace.html", "cyberspace.review.html"} {
			name := "hostile-" + tag + "-" + strings.TrimSuffix(file, ".html")
			t.Run(name, func(t *testing.T) {
				pg, events := open(t, bctx, filepath.Join(out, tag, file), 1280, filepath.Join(shots, name+".png"))
				if !pg.Probe {
					t.Errorf("the console listener saw nothing: it cannot vouch that no script ran")
				}
				if pg.Pwned != "" {
					t.Errorf("hostile code ran: window.__pwned = %q", pg.Pwned)
				}
				for _, e := range events {
					t.Errorf("page ran code: %s", e)
				}
				for _, d := range pg.Dangerous {
					t.Errorf("active content: %s", d)
				}
				for _, m := range hostileMarkers() {
					if !strings.Contains(pg.Text, m) {
						t.Errorf("hostile translation %s is not on the page: was it built at all?", m)
					}
				}
				if !strings.Contains(pg.Title, "HOSTILE-TITLE") {
					t.Errorf("title %q does not hold the hostile title as text", pg.Title)
				}
				if strings.HasSuffix(file, ".review.html") {
					for _, m := range []string{"HOSTILE-STALE", "HOSTILE-STATE"} {
						if !strings.Contains(pg.Text, m) {
							t.Errorf("the review edition does not show %s", m)
						}
					}
				} else {
					for _, m := range []string{"HOSTILE-NOTICE", "HOSTILE-SWITCHER"} {
						if !strings.Contains(pg.Text, m) {
							t.Errorf("the edition does not show %s", m)
						}
					}
					// The stale marker is CSS content: it must stay one string.
					if !strings.Contains(pg.Marker, "HOSTILE-MARKER") || !strings.Contains(pg.Marker, "</style><script>") {
						t.Errorf("stale marker content is %q, want the hostile marker as text", pg.Marker)
					}
				}
			})
		}
	}
}

// The inspector sees what it is meant to catch: a page that runs a script,
// holds active content, is wider than a phone and has a broken contents
// link fails every check the tests above make.
func TestInspectorCatchesBadPages(t *testing.T) {
	bctx := browser(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "bad.html")
	bad := `<!DOCTYPE html><html lang="ar" dir="ltr"><head><meta charset="utf-8"><title>t</title></head><body><main>
<nav class="folio-toc"><a href="#nowhere">x</a></nav>
<div style="width:2000px">wide</div>
<script>window.__pwned='yes';console.log('__pwned')</script>
<a href="javascript:alert(1)">j</a><img src="x" onerror="void 0"><iframe></iframe>
<script>throw new Error('boom')</script>
</main></body></html>`
	if err := os.WriteFile(file, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	pg, events := open(t, bctx, file, 375, filepath.Join(dir, "bad.png"))
	if !pg.Probe {
		t.Errorf("probe not seen")
	}
	if pg.Dir != "ltr" {
		t.Errorf("direction %q", pg.Dir)
	}
	if pg.Pwned != "yes" {
		t.Errorf("window.__pwned = %q, want yes", pg.Pwned)
	}
	if pg.ScrollWidth <= pg.InnerWidth || len(pg.Overflows) == 0 {
		t.Errorf("overflow not seen: scrollWidth %d, innerWidth %d, %v", pg.ScrollWidth, pg.InnerWidth, pg.Overflows)
	}
	if len(pg.BrokenTOC) != 1 {
		t.Errorf("broken contents links: %v", pg.BrokenTOC)
	}
	joined := strings.Join(pg.Dangerous, "\n")
	for _, want := range []string{"<script", "<iframe", "onerror", "javascript:"} {
		if !strings.Contains(joined, want) {
			t.Errorf("active content %q not seen in %v", want, pg.Dangerous)
		}
	}
	ev := strings.Join(events, "\n")
	if !strings.Contains(ev, "__pwned") || !strings.Contains(ev, "exception") {
		t.Errorf("console and exception events not seen: %v", events)
	}
}
