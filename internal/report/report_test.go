package report

import (
	"bytes"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"folio/internal/coverage"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run go test ./internal/report -update and review the diff)", path)
	}
}

func tally(total, current, stale int) coverage.Tally {
	return coverage.Tally{Total: total, Translated: current, Stale: stale, Untranslated: total - current - stale}
}

// sample is coverage with every state: a complete locale, one with stale
// and untranslated messages, a right-to-left one with a catalog that does
// not load, and a document with no messages.
func sample() []coverage.Locale {
	unit := func(name string, m, w, c coverage.Tally, obsolete int, broken bool) coverage.Unit {
		m.Obsolete = obsolete
		return coverage.Unit{Name: name, Counts: coverage.Counts{Messages: m, Words: w, Chars: c}, Broken: broken}
	}
	loc := func(tag string, units ...coverage.Unit) coverage.Locale {
		l := coverage.Locale{Tag: tag, Units: units}
		for _, u := range units {
			for _, p := range []struct{ dst, src *coverage.Tally }{{&l.Messages, &u.Messages}, {&l.Words, &u.Words}, {&l.Chars, &u.Chars}} {
				p.dst.Total += p.src.Total
				p.dst.Translated += p.src.Translated
				p.dst.Stale += p.src.Stale
				p.dst.Untranslated += p.src.Untranslated
				p.dst.Obsolete += p.src.Obsolete
			}
		}
		return l
	}
	return []coverage.Locale{
		loc("zh-Hans", unit("guide", tally(10, 10, 0), tally(120, 120, 0), tally(600, 600, 0), 0, false),
			unit("ui", tally(4, 4, 0), tally(9, 9, 0), tally(50, 50, 0), 0, false),
			unit("empty", tally(0, 0, 0), tally(0, 0, 0), tally(0, 0, 0), 0, false)),
		loc("fr", unit("guide", tally(10, 6, 3), tally(120, 70, 30), tally(600, 350, 150), 2, false),
			unit("ui", tally(4, 1, 0), tally(9, 2, 0), tally(50, 10, 0), 0, false),
			unit("empty", tally(0, 0, 0), tally(0, 0, 0), tally(0, 0, 0), 0, false)),
		loc("ar", unit("guide", tally(10, 9, 0), tally(120, 110, 0), tally(600, 560, 0), 0, false),
			unit("ui", tally(4, 0, 0), tally(9, 0, 0), tally(50, 0, 0), 0, true),
			unit("empty", tally(0, 0, 0), tally(0, 0, 0), tally(0, 0, 0), 0, false)),
	}
}

func TestHTMLGolden(t *testing.T) {
	got := HTML(sample(), Options{SourceLanguage: "en", Date: "2019-10-16"})
	golden(t, "report.html", got)
}

func TestHTMLContent(t *testing.T) {
	page := string(HTML(sample(), Options{SourceLanguage: "en", Date: "2019-10-16"}))
	for _, want := range []string{
		`<span lang="zh-Hans" dir="ltr">简体中文</span>`,
		`<span lang="ar" dir="rtl">العربية</span>`,
		`<span lang="fr" dir="ltr">français</span>`,
		`<time datetime="2019-10-16">`,
		`role="img" aria-labelledby="chart-all-t chart-all-d"`,
		`<title id="chart-all-t">`,
		// fr overall: 7 of 14 current, 3 stale, 4 untranslated; 50 %.
		`français (fr): 50.0 % current; 7 current, 3 stale, 4 untranslated of 14 messages`,
		// The stale segment of fr's guide bar: 3/10 of 440 units wide.
		`width="132" height="20" fill="#d29922"><title>français (fr): 3 stale of 10 messages</title>`,
		"catalogs do not load",
		"no messages",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(page, "<script") || strings.Contains(page, "javascript:") {
		t.Error("report has JavaScript")
	}
	// Namespace names aside, nothing is fetched from the network.
	if rest := strings.ReplaceAll(page, `xmlns="http://www.w3.org/`, ""); strings.Contains(rest, "http:") || strings.Contains(rest, "https:") {
		t.Error("report refers to the network")
	}
}

// TestWellFormed parses the report and badges as XML with Go's parser and,
// where installed, with xmllint.
func TestWellFormed(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{
		"report.html": HTML(sample(), Options{SourceLanguage: "en"}),
		"empty.html":  HTML(nil, Options{}),
		"fr.svg":      Badge("fr", 100),
		"zh-Hans.svg": Badge("zh-Hans", 42.5),
		"amp.svg":     Badge("x-<&>", 0),
	}
	var paths []string
	for name, data := range files {
		d := xml.NewDecoder(bytes.NewReader(data))
		d.Strict = true
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Errorf("%s is not well-formed XML: %v", name, err)
				break
			}
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("xmllint (Debian package libxml2-utils) is needed with CI=true")
		}
		t.Skip("xmllint not installed (Debian package libxml2-utils)")
	}
	if out, err := exec.Command(xmllint, append([]string{"--noout"}, paths...)...).CombinedOutput(); err != nil {
		t.Errorf("xmllint --noout: %v\n%s", err, out)
	}
}

func TestBadgeGolden(t *testing.T) {
	golden(t, "badge-fr-100.svg", Badge("fr", 100))
	golden(t, "badge-zh-Hans-66.svg", Badge("zh-Hans", 200.0/3))
}

func TestBadge(t *testing.T) {
	for _, c := range []struct {
		percent float64
		text    string
		color   string
	}{
		{100, "100\u00a0%", "#4c1"},
		{99.95, "99\u00a0%", "#97ca00"}, // never rounded up to 100
		{90, "90\u00a0%", "#97ca00"},
		{75, "75\u00a0%", "#a4a61d"},
		{50, "50\u00a0%", "#dfb317"},
		{25, "25\u00a0%", "#fe7d37"},
		{0.4, "0\u00a0%", "#e05d44"},
	} {
		b := string(Badge("fr", c.percent))
		if !strings.Contains(b, ">"+c.text+"</text>") || !strings.Contains(b, `fill="`+c.color+`"`) {
			t.Errorf("Badge(fr, %v) lacks %q in %s:\n%s", c.percent, c.text, c.color, b)
		}
	}
	// Wider text makes a wider badge.
	if w1, w2 := textWidth("fr"), textWidth("zh-Hans"); w1 >= w2 {
		t.Errorf("textWidth(fr) = %d, textWidth(zh-Hans) = %d", w1, w2)
	}
	if !strings.Contains(string(Badge("fr", 100)), `width="66"`) {
		t.Errorf("fr badge width changed: %s", Badge("fr", 100))
	}
}

func TestPercent(t *testing.T) {
	for _, c := range []struct {
		p    float64
		d    int
		want string
	}{{100, 1, "100.0"}, {99.99, 1, "99.9"}, {200.0 / 3, 1, "66.6"}, {0, 0, "0"}, {12.5, 0, "12"}, {57.14285714, 1, "57.1"}} {
		if got := Percent(c.p, c.d); got != c.want {
			t.Errorf("Percent(%v, %d) = %q, want %q", c.p, c.d, got, c.want)
		}
	}
}
