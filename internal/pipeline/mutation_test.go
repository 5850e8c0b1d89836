package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"folio/internal/catalog"
	"folio/internal/check"
	"folio/internal/project"
)

// The mutation test: take the committed, clean catalogs, inject one defect
// at a time in every locale, and require `check` to report exactly that
// defect — the expected check, in the mutated file, at the mutated line,
// and nothing else. The detection rate per check is logged.

// mutant is one project copy with one injected defect.
type mutant struct {
	t    *testing.T
	dir  string
	tag  string
	unit string
	g    *check.Glossary
	// want: the check, file and line (0: the whole file) the defect must
	// be reported at.
	file string
	line int
	// want, when set, must be in the diagnostic's message.
	want string
}

type mutation struct {
	name  string
	check string
	unit  string // "cyberspace" (a document) or "ui" (a catalog-only component)
	// apply injects the defect and sets m.file and m.line; false: the
	// defect does not apply to this locale's text (reported as n/a).
	apply func(m *mutant) bool
}

func (m *mutant) rel() string { return "locales/" + m.unit + "/" + m.tag + ".toml" }

func (m *mutant) read(rel string) string {
	data, err := os.ReadFile(filepath.Join(m.dir, rel))
	if err != nil {
		m.t.Fatal(err)
	}
	return string(data)
}

func (m *mutant) write(rel, data string) {
	if err := os.WriteFile(filepath.Join(m.dir, rel), []byte(data), 0o644); err != nil {
		m.t.Fatal(err)
	}
}

func (m *mutant) parse(rel string) *catalog.File {
	f, err := catalog.Parse(rel, []byte(m.read(rel)))
	if err != nil {
		m.t.Fatalf("%s: %v", rel, err)
	}
	return f
}

// pick returns the first message (in file order) whose source and
// translation texts satisfy ok, with the translation catalog.
func (m *mutant) pick(ok func(src, tr string) bool) (*catalog.Message, bool) {
	src := m.parse("locales/" + m.unit + "/en.toml")
	tr := m.parse(m.rel())
	for _, tm := range tr.Messages {
		sm := src.Lookup(tm.ID)
		if sm == nil || tm.Other() == "" {
			continue
		}
		if ok(sm.Other(), tm.Other()) {
			return tm, true
		}
	}
	return nil, false
}

// editLine replaces line n (1-based) of the locale catalog by f(line).
func (m *mutant) editLine(n int, f func(string) string) {
	lines := strings.Split(m.read(m.rel()), "\n")
	lines[n-1] = f(lines[n-1])
	m.write(m.rel(), strings.Join(lines, "\n"))
	m.file, m.line = m.rel(), n
}

// setOther rewrites the "other" value of a message picked by ok with
// change(src, tr).
func (m *mutant) setOther(ok func(src, tr string) bool, change func(src, tr string) string) bool {
	tm, found := m.pick(ok)
	if !found {
		return false
	}
	srcMsg := m.parse("locales/" + m.unit + "/en.toml").Lookup(tm.ID)
	n := tm.FieldPos("other").Line
	newText := change(srcMsg.Other(), tm.Other())
	m.editLine(n, func(string) string { return "other = " + catalog.Quote(newText) })
	return true
}

func any_(string, string) bool { return true }

// firstWord returns the byte range of the first run of letters of s that
// is at least min runes long and not in skip (lower-cased).
func firstWord(s string, min int, skip ...string) (int, int, bool) {
	rs := []rune(s)
	for i := 0; i < len(rs); {
		if !unicode.IsLetter(rs[i]) {
			i++
			continue
		}
		j := i
		for j < len(rs) && (unicode.IsLetter(rs[j]) || unicode.Is(unicode.Mn, rs[j])) {
			j++
		}
		w := strings.ToLower(string(rs[i:j]))
		skipped := false
		for _, x := range skip {
			skipped = skipped || w == x
		}
		if j-i >= min && !skipped && !unicode.Is(unicode.Han, rs[i]) {
			return len(string(rs[:i])), len(string(rs[:j])), true
		}
		if unicode.Is(unicode.Han, rs[i]) && min <= 2 {
			// Han: a two-character word.
			return len(string(rs[:i])), len(string(rs[:i+min])), true
		}
		i = j
	}
	return 0, 0, false
}

// wrapWord rewrites the first word w of tr as format(w).
func wrapWord(format string) func(src, tr string) string {
	return func(_, tr string) string {
		a, b, _ := firstWord(tr, 2)
		return tr[:a] + fmt.Sprintf(format, tr[a:b]) + tr[b:]
	}
}

func hasWord(_, tr string) bool { _, _, ok := firstWord(tr, 2); return ok }

var (
	digitRe     = regexp.MustCompile(`[0-9٠-٩]`)
	placeholder = regexp.MustCompile(`\{\{\.(\w+)\}\}`)
)

var stopMarks = []string{".", "。"}

func endsWithStop(s string) bool {
	for _, m := range stopMarks {
		if strings.HasSuffix(s, m) {
			return true
		}
	}
	return false
}

// questionMark is the locale's own question mark, written as its
// typography wants it.
func questionMark(tag string) (prefix, mark string) {
	switch tag {
	case "zh-Hans":
		return "", "？"
	case "ar":
		return "", "؟"
	case "fr":
		return "", "\u202f?"
	case "es":
		return "¿", "?"
	}
	return "", "?"
}

// compatIdeograph maps a unified Han character to a CJK compatibility
// ideograph whose NFC form it is.
func compatIdeograph() map[rune]rune {
	m := map[rune]rune{}
	for r := rune(0xF900); r <= 0xFAD9; r++ {
		if n := []rune(norm.NFC.String(string(r))); len(n) == 1 && n[0] != r {
			if _, ok := m[n[0]]; !ok {
				m[n[0]] = r
			}
		}
	}
	return m
}

// denormalize replaces the first character of s that has a non-NFC
// spelling (a precomposed letter, or a Han character with a compatibility
// ideograph) by it.
func denormalize(s string) (string, bool) {
	compat := compatIdeograph()
	for i, r := range s {
		if d := norm.NFD.String(string(r)); d != string(r) {
			return s[:i] + d + s[i+len(string(r)):], true
		}
		if c, ok := compat[r]; ok {
			return s[:i] + string(c) + s[i+len(string(r)):], true
		}
	}
	return s, false
}

var mutations = []mutation{
	// catalog-syntax: the file does not load.
	{"corrupt the TOML (unterminated string)", "catalog-syntax", "cyberspace", func(m *mutant) bool {
		tm, _ := m.pick(any_)
		m.editLine(tm.FieldPos("other").Line, func(l string) string { return strings.TrimSuffix(l, `"`) })
		return true
	}},
	{"invalid UTF-8", "catalog-syntax", "cyberspace", func(m *mutant) bool {
		tm, _ := m.pick(any_)
		m.editLine(tm.FieldPos("other").Line, func(l string) string { return strings.Replace(l, `"`, "\"\xff", 1) })
		return true
	}},
	{"NUL byte", "catalog-syntax", "ui", func(m *mutant) bool {
		tm, _ := m.pick(any_)
		m.editLine(tm.FieldPos("other").Line, func(l string) string { return strings.Replace(l, `"`, "\"\x00", 1) })
		return true
	}},
	{"key go-i18n rejects", "catalog-syntax", "ui", func(m *mutant) bool {
		tm, _ := m.pick(any_)
		m.editLine(tm.FieldPos("other").Line, func(l string) string { return l + "\ncolour = \"red\"" })
		m.line++
		return true
	}},
	{"control character (\\u0007 escape)", "control-chars", "cyberspace", func(m *mutant) bool {
		tm, _ := m.pick(any_)
		m.editLine(tm.FieldPos("other").Line, func(l string) string { return strings.Replace(l, `"`, `"\u0007`, 1) })
		return true
	}},
	{"misnamed catalog file", "locale-tag", "ui", func(m *mutant) bool {
		m.file = "locales/ui/" + m.tag + "-backup.toml"
		m.write(m.file, m.read(m.rel()))
		m.line = 0
		return true
	}},
	{"ID the source does not have", "unknown-id", "cyberspace", func(m *mutant) bool {
		data := m.read(m.rel())
		m.line = strings.Count(data, "\n") + 2
		m.write(m.rel(), data+"\n[\"no.such.message\"]\nother = \"x\"\n")
		m.file = m.rel()
		return true
	}},
	{"emptied translation", "untranslated", "cyberspace", func(m *mutant) bool {
		return m.setOther(any_, func(_, _ string) string { return "" })
	}},
	{"hash of another source text", "stale", "cyberspace", func(m *mutant) bool {
		tm, _ := m.pick(any_)
		m.editLine(tm.FieldPos("hash").Line, func(string) string { return `hash = "` + catalog.Hash("an older text") + `"` })
		return true
	}},
	{"translated from an older source text (in the history)", "stale", "cyberspace", func(m *mutant) bool {
		tm, _ := m.pick(func(src, _ string) bool { return strings.Contains(src, " the ") })
		src := m.parse("locales/cyberspace/en.toml").Lookup(tm.ID).Other()
		older := strings.Replace(src, " the ", " the whole ", 1)
		hist := ".folio/history/cyberspace.toml"
		m.write(hist, m.read(hist)+catalog.Quote(catalog.Hash(older))+" = "+catalog.Quote(older)+"\n")
		m.editLine(tm.FieldPos("hash").Line, func(string) string { return `hash = "` + catalog.Hash(older) + `"` })
		m.want = "source changes: "
		return true
	}},
	{"add a link", "markdown-parity", "cyberspace", func(m *mutant) bool {
		return m.setOther(hasWord, wrapWord("[%s](https://example.org/)"))
	}},
	{"add a code span", "markdown-parity", "cyberspace", func(m *mutant) bool {
		return m.setOther(hasWord, wrapWord("`%s`"))
	}},
	{"insert <script>", "unsafe-markup", "cyberspace", func(m *mutant) bool {
		return m.setOther(hasWord, wrapWord("%s<script>alert(1)</script>"))
	}},
	{"add a javascript: link", "unsafe-markup", "cyberspace", func(m *mutant) bool {
		return m.setOther(hasWord, wrapWord("[%s](javascript:alert(1))"))
	}},
	{"add a data: link", "unsafe-markup", "cyberspace", func(m *mutant) bool {
		return m.setOther(hasWord, wrapWord("[%s](data:text/html;base64,PHNjcmlwdD4=)"))
	}},
	{"add an event handler", "unsafe-markup", "cyberspace", func(m *mutant) bool {
		return m.setOther(hasWord, wrapWord(`%s<img src="x" onerror="alert(1)">`))
	}},
	{"change a number", "numbers", "cyberspace", func(m *mutant) bool {
		return m.setOther(func(src, tr string) bool { return digitRe.MatchString(src) && digitRe.MatchString(tr) }, func(_, tr string) string {
			loc := digitRe.FindStringIndex(tr)
			r := []rune(tr[loc[0]:loc[1]])[0]
			next := r + 1
			if r == '9' || r == '٩' {
				next = r - 1
			}
			return tr[:loc[0]] + string(next) + tr[loc[1]:]
		})
	}},
	{"drop the full stop", "end-punctuation", "cyberspace", func(m *mutant) bool {
		return m.setOther(func(src, tr string) bool { return strings.HasSuffix(src, ".") && endsWithStop(tr) }, func(_, tr string) string {
			for _, s := range stopMarks {
				tr = strings.TrimSuffix(tr, s)
			}
			return tr
		})
	}},
	{"swap a full stop for a question mark", "end-punctuation", "cyberspace", func(m *mutant) bool {
		return m.setOther(func(src, tr string) bool { return strings.HasSuffix(src, ".") && endsWithStop(tr) }, func(_, tr string) string {
			for _, s := range stopMarks {
				tr = strings.TrimSuffix(tr, s)
			}
			pre, q := questionMark(m.tag)
			return pre + tr + q
		})
	}},
	{"trailing space", "whitespace", "cyberspace", func(m *mutant) bool {
		return m.setOther(any_, func(_, tr string) string { return tr + " " })
	}},
	{"doubled space", "whitespace", "cyberspace", func(m *mutant) bool {
		return m.setOther(func(_, tr string) bool { return strings.ContainsAny(tr, " ，") }, func(_, tr string) string {
			if strings.Contains(tr, " ") {
				return strings.Replace(tr, " ", "  ", 1)
			}
			return strings.Replace(tr, "，", "，  ", 1)
		})
	}},
	{"locale typography", "typography", "cyberspace", func(m *mutant) bool {
		switch m.tag {
		case "fr": // a plain space before a colon or question mark
			nb := regexp.MustCompile("[\u00a0\u202f]([;:!?»])")
			return m.setOther(func(_, tr string) bool { return nb.MatchString(tr) }, func(_, tr string) string {
				loc := nb.FindStringIndex(tr)
				return tr[:loc[0]] + " " + tr[loc[0]+len(string([]rune(tr[loc[0]:])[0])):]
			})
		case "zh-Hans": // a Latin comma between Han characters
			return m.setOther(func(_, tr string) bool { return strings.Contains(tr, "，") }, func(_, tr string) string {
				return strings.Replace(tr, "，", ",", 1)
			})
		case "ar": // a Latin comma in Arabic
			return m.setOther(func(_, tr string) bool { return strings.Contains(tr, "،") }, func(_, tr string) string {
				return strings.Replace(tr, "،", ",", 1)
			})
		case "es": // an opening ¡ without its !
			return m.setOther(hasWord, wrapWord("¡%s"))
		default: // an unclosed guillemet
			return m.setOther(hasWord, wrapWord("«%s"))
		}
	}},
	{"forbidden glossary variant", "glossary", "cyberspace", func(m *mutant) bool {
		for _, term := range m.g.Terms {
			r := term.Locales[m.tag]
			if r == nil || len(r.Forbidden) == 0 || len(r.Approved) == 0 {
				continue
			}
			approved := r.Approved[0]
			if m.setOther(func(_, tr string) bool { return strings.Contains(tr, approved) }, func(_, tr string) string {
				return strings.Replace(tr, approved, r.Forbidden[0], -1)
			}) {
				return true
			}
		}
		return false
	}},
	{"not NFC", "nfc", "cyberspace", func(m *mutant) bool {
		return m.setOther(func(_, tr string) bool { _, ok := denormalize(tr); return ok }, func(_, tr string) string {
			s, _ := denormalize(tr)
			return s
		})
	}},
	{"source text left as translation", "identical", "cyberspace", func(m *mutant) bool {
		return m.setOther(func(src, _ string) bool {
			// One word in the source's script may be the same word in the
			// translation ("Section"), which identical leaves alone.
			return len(src) < 40 && len(strings.Fields(src)) >= 2 && !digitRe.MatchString(src) && !strings.ContainsAny(src, "*:;!?") && len(m.g.Check(m.tag, src, "")) == 0
		}, func(src, _ string) string { return src })
	}},
	{"unclosed strong emphasis", "emphasis", "cyberspace", func(m *mutant) bool {
		return m.setOther(func(_, tr string) bool { return strings.Count(tr, "**") >= 2 }, func(_, tr string) string {
			i := strings.Index(tr, "**")
			j := strings.Index(tr[i+2:], "**") + i + 2
			return tr[:j] + tr[j+2:]
		})
	}},
	{"doubled word", "doubled-word", "cyberspace", func(m *mutant) bool {
		ok := func(_, tr string) bool { _, _, f := firstWord(tr, 3, "nous", "vous", "que", "что"); return f }
		return m.setOther(ok, func(_, tr string) string {
			a, b, _ := firstWord(tr, 3, "nous", "vous", "que", "что")
			return tr[:b] + " " + strings.ToLower(tr[a:b]) + tr[b:]
		})
	}},
	{"pasted twice over", "length", "cyberspace", func(m *mutant) bool {
		return m.setOther(func(src, tr string) bool {
			return len(src) > 200 && !strings.ContainsAny(src+tr, "*[`") && !strings.ContainsAny(tr, "«»“”（）()")
		}, func(_, tr string) string {
			sep := " "
			if m.tag == "zh-Hans" {
				sep = ""
			}
			return strings.Join([]string{tr, tr, tr, tr}, sep)
		})
	}},
	// The catalog-only component: go-i18n templates and plural forms.
	{"rename a placeholder", "placeholders", "ui", func(m *mutant) bool {
		return m.setOther(func(_, tr string) bool { return placeholder.MatchString(tr) }, func(_, tr string) string {
			return placeholder.ReplaceAllString(tr, "{{.${1}X}}")
		})
	}},
	{"drop a placeholder", "placeholders", "ui", func(m *mutant) bool {
		return m.setOther(func(_, tr string) bool { return strings.Contains(tr, "{{.Source}}") }, func(_, tr string) string {
			return strings.Replace(strings.Replace(tr, "{{.Source}}", "", 1), "  ", " ", 1)
		})
	}},
	{"break template syntax", "template-syntax", "ui", func(m *mutant) bool {
		return m.setOther(func(_, tr string) bool { return placeholder.MatchString(tr) }, func(_, tr string) string {
			return strings.Replace(tr, "}}", "}", 1)
		})
	}},
	{"delete or add a plural form", "plural-forms", "ui", func(m *mutant) bool {
		f := m.parse(m.rel())
		for _, tm := range f.Messages {
			if tm.Forms.Has("one") {
				m.editLine(tm.FieldPos("one").Line, func(string) string { return "" })
				m.line = tm.Pos.Line
				return true
			}
		}
		// A locale without "one" (zh-Hans): a form go-i18n ignores.
		tm, _ := m.pick(func(src, _ string) bool { return strings.Contains(src, "{{.Count}}") })
		m.editLine(tm.FieldPos("other").Line, func(l string) string { return "one = " + catalog.Quote(tm.Other()) + "\n" + l })
		return true
	}},
}

// stats counts, per check, the defects injected, detected (the check at
// the right file and line) and reported exactly (nothing else new).
type stats struct{ injected, detected, exact, na int }

func TestMutations(t *testing.T) {
	base := copyProject(t)
	p, err := project.Load(base)
	if err != nil {
		t.Fatal(err)
	}
	res, _, err := Check(p, p.Locales)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Diagnostics) != 0 {
		t.Fatalf("the committed catalogs are not clean: %v", res.Diagnostics)
	}
	g, err := check.LoadGlossary(p.Abs(check.GlossaryPath), check.GlossaryPath)
	if err != nil {
		t.Fatal(err)
	}
	byCheck := map[string]*stats{}
	for _, mu := range mutations {
		s := byCheck[mu.check]
		if s == nil {
			s = &stats{}
			byCheck[mu.check] = s
		}
		for _, tag := range p.Locales {
			t.Run(mu.name+"/"+tag, func(t *testing.T) {
				m := &mutant{t: t, dir: copyProject(t), tag: tag, unit: mu.unit, g: g}
				if !mu.apply(m) {
					s.na++
					t.Skipf("no text in %s to inject %q into", tag, mu.name)
				}
				s.injected++
				mp, err := project.Load(m.dir)
				if err != nil {
					t.Fatal(err)
				}
				res, _, err := Check(mp, []string{tag})
				if err != nil {
					t.Fatal(err)
				}
				detected, others := false, 0
				for _, d := range res.Diagnostics {
					if d.Check == mu.check && d.File == m.file && d.Line == m.line {
						if !strings.Contains(d.Message, m.want) {
							t.Errorf("%s: message %q lacks %q", mu.name, d.Message, m.want)
						}
						detected = true
						continue
					}
					others++
					t.Errorf("%s: unexpected diagnostic besides [%s] at %s:%d: %s", mu.name, mu.check, m.file, m.line, d)
				}
				if !detected {
					t.Errorf("%s in %s not reported as [%s] at %s:%d (got %v)", mu.name, tag, mu.check, m.file, m.line, res.Diagnostics)
					return
				}
				s.detected++
				if others == 0 {
					s.exact++
				}
			})
		}
	}
	names := make([]string, 0, len(byCheck))
	for n := range byCheck {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	fmt.Fprintf(&b, "\n%-16s %8s %8s %8s %6s %9s\n", "check", "injected", "detected", "exact", "n/a", "rate")
	for _, n := range names {
		s := byCheck[n]
		rate := 100.0
		if s.injected > 0 {
			rate = float64(s.detected) * 100 / float64(s.injected)
		}
		fmt.Fprintf(&b, "%-16s %8d %8d %8d %6d %8.0f%%\n", n, s.injected, s.detected, s.exact, s.na, rate)
		if s.detected < s.injected || s.exact < s.injected {
			t.Errorf("check %s: %d of %d injected defects detected, %d exactly", n, s.detected, s.injected, s.exact)
		}
	}
	t.Log(b.String())
}
