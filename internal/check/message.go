package check

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"golang.org/x/text/unicode/norm"

	"folio/internal/catalog"
	"folio/internal/locale"
	"folio/internal/segment"
	"folio/internal/state"
)

// unitContext is what checking one locale catalog of one unit needs.
type unitContext struct {
	unit      *state.Unit
	tag       string
	path      string
	source    string
	glossary  *Glossary
	component bool
	refs      []parser.Reference
	memo      *unitMemo // nil: nothing shared between locales
	// errorsOnly skips the checks that can only warn (Options.ErrorsOnly).
	errorsOnly bool
}

func (c *unitContext) diag(m *catalog.Message, field, check string, format string, args ...any) Diagnostic {
	reg, _ := Lookup(check)
	d := Diagnostic{File: c.path, Severity: reg.Severity, Check: check, Locale: c.tag, Message: fmt.Sprintf(format, args...)}
	if m != nil {
		d.ID = m.ID
		p := m.FieldPos(field)
		d.Line, d.Column = p.Line, p.Column
	}
	return d
}

func (c *unitContext) checkCatalog(src, file *catalog.File) []Diagnostic {
	var ds []Diagnostic
	if c.unit.Segments != nil {
		c.refs = c.references(c.unit.Segments.Source)
	}
	for _, m := range file.Messages {
		if src.Lookup(m.ID) == nil {
			ds = append(ds, c.diag(m, "", "unknown-id", "%q is not in the source catalog; run `folio extract` to move it to the obsolete store", m.ID))
		}
	}
	for _, sm := range src.Messages {
		tm := file.Lookup(sm.ID)
		switch catalog.StateOf(sm, tm) {
		case catalog.Untranslated:
			d := c.diag(tm, "other", "untranslated", "%q is not translated", sm.ID)
			d.ID = sm.ID
			ds = append(ds, d)
			continue
		case catalog.Stale:
			if !c.errorsOnly {
				ds = append(ds, c.diag(tm, "hash", "stale", "%s", c.staleMessage(sm, tm)))
			}
		}
		ds = append(ds, c.checkMessage(sm, tm)...)
	}
	return ds
}

func (c *unitContext) staleMessage(sm, tm *catalog.Message) string {
	msg := fmt.Sprintf("%q was translated from an older source text", sm.ID)
	if was, ok := c.unit.History[tm.Hash]; ok {
		msg += "; source changes: " + WordDiff(was, sm.Other())
	}
	return msg + fmt.Sprintf("; revise it, then run `folio accept --locale %s %s`", c.tag, sm.ID)
}

// checkMessage runs the per-message checks on each form of a translation.
func (c *unitContext) checkMessage(sm, tm *catalog.Message) []Diagnostic {
	var ds []Diagnostic
	if c.component {
		ds = append(ds, c.checkTemplates(sm, tm)...)
		ds = append(ds, c.checkPlurals(sm, tm)...)
	}
	for _, form := range catalog.PluralForms {
		tr, ok := tm.Forms[form]
		if !ok || tr == "" {
			continue
		}
		srcText := sm.Forms[form]
		if srcText == "" {
			srcText = sm.Other()
		}
		field := form
		if !c.component {
			ds = append(ds, c.checkMarkdown(tm, field, srcText, tr)...)
		}
		if !c.errorsOnly {
			ds = append(ds, c.checkText(tm, field, srcText, tr)...)
		}
	}
	return ds
}

// checkText runs the checks that read text: identical, numbers,
// whitespace, end punctuation, typography, glossary, NFC, length.
func (c *unitContext) checkText(tm *catalog.Message, field, src, tr string) []Diagnostic {
	var ds []Diagnostic
	add := func(check, format string, args ...any) {
		ds = append(ds, c.diag(tm, field, check, format, args...))
	}
	psrc, ptr := plain(src), plain(tr)
	if tr == src && hasLetters(psrc) && !c.glossary.DoNotTranslate(psrc) && baseLang(c.tag) != baseLang(c.source) {
		add("identical", "the translation is identical to the source text")
	}
	if missing, extra := compareNumbers(psrc, ptr); missing != "" {
		if extra != "" {
			add("numbers", "number %s of the source is missing or changed (the translation has %s)", missing, extra)
		} else {
			add("numbers", "number %s of the source is missing from the translation", missing)
		}
	}
	if strings.TrimSpace(tr) != tr && strings.TrimSpace(src) == src {
		add("whitespace", "leading or trailing whitespace")
	}
	if strings.Contains(tr, "  ") && !strings.Contains(src, "  ") {
		add("whitespace", "doubled space")
	}
	if !norm.NFC.IsNormalString(tr) {
		add("nfc", "the text is not in Unicode NFC (normalize it, e.g. with `uconv -x any-nfc`)")
	}
	if s, t := endMark(src), endMark(tr); (s == "") != (t == "") {
		if s != "" {
			add("end-punctuation", "the source ends with %q but the translation has no sentence-end punctuation", s)
		} else {
			add("end-punctuation", "the translation ends with %q but the source has no sentence-end punctuation", t)
		}
	}
	for _, msg := range typography(c.tag, ptr) {
		add("typography", "%s", msg)
	}
	for _, msg := range c.glossary.Check(c.tag, psrc, ptr) {
		add("glossary", "%s", msg)
	}
	if msg := lengthRatio(c.source, c.tag, src, tr); msg != "" {
		add("length", "%s", msg)
	}
	return ds
}

func baseLang(tag string) string {
	b, _ := locale.Tag(tag).Base()
	return b.String()
}

func hasLetters(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

var (
	plainStrip = regexp.MustCompile("`[^`]*`|\\]\\([^)]*\\)|<[^>]*>|https?://\\S+")
)

// plain removes code spans, link destinations, HTML tags and URLs: what the
// text checks must not read as prose.
//
// It does what plainStrip.ReplaceAllString(s, " ") does (the tests hold it
// to that), by hand: the regexp's backtracker was the check's hot spot.
func plain(s string) string {
	if !strings.ContainsAny(s, "`]<") && !strings.Contains(s, "http") {
		return s
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		end := plainMatch(s, i)
		if end < 0 {
			continue
		}
		b.WriteString(s[last:i])
		b.WriteByte(' ')
		last = end
		i = end - 1
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// plainMatch returns where a match of plainStrip starting at i ends, or -1.
// The alternatives start with different bytes, so at most one applies.
func plainMatch(s string, i int) int {
	switch s[i] {
	case '`':
		if j := strings.IndexByte(s[i+1:], '`'); j >= 0 {
			return i + 1 + j + 1
		}
	case ']':
		if i+1 < len(s) && s[i+1] == '(' {
			if j := strings.IndexByte(s[i+2:], ')'); j >= 0 {
				return i + 2 + j + 1
			}
		}
	case '<':
		if j := strings.IndexByte(s[i+1:], '>'); j >= 0 {
			return i + 1 + j + 1
		}
	case 'h':
		for _, scheme := range []string{"https://", "http://"} {
			if strings.HasPrefix(s[i:], scheme) {
				j := i + len(scheme)
				for j < len(s) && !strings.ContainsRune(" \t\n\f\r", rune(s[j])) {
					j++
				}
				if j > i+len(scheme) {
					return j
				}
			}
		}
	}
	return -1
}

// markdownTokens lists what the Markdown parity check compares: link and
// image destinations, autolinks, code spans, inline HTML.
func markdownTokens(s string, refs []parser.Reference) (tokens []string, emphasis int) {
	return markdownTokensWith(segment.NewMarkdown(), s, refs)
}

// markdownTokensWith is markdownTokens with a parser made beforehand.
func markdownTokensWith(md goldmark.Markdown, s string, refs []parser.Reference) (tokens []string, emphasis int) {
	ctx := parser.NewContext()
	for _, r := range refs {
		ctx.AddReference(r)
	}
	src := []byte(s)
	doc := md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *ast.Link:
			tokens = append(tokens, "link "+string(t.Destination))
		case *ast.Image:
			tokens = append(tokens, "image "+string(t.Destination))
		case *ast.AutoLink:
			tokens = append(tokens, "autolink "+string(t.URL(src)))
		case *ast.CodeSpan:
			var b strings.Builder
			for c := t.FirstChild(); c != nil; c = c.NextSibling() {
				if tx, ok := c.(*ast.Text); ok {
					b.Write(tx.Segment.Value(src))
				}
			}
			tokens = append(tokens, "code `"+b.String()+"`")
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			var b strings.Builder
			for i := 0; i < t.Segments.Len(); i++ {
				seg := t.Segments.At(i)
				b.Write(seg.Value(src))
			}
			tokens = append(tokens, "html "+b.String())
		case *ast.HTMLBlock:
			var b strings.Builder
			for i := 0; i < t.Lines().Len(); i++ {
				seg := t.Lines().At(i)
				b.Write(seg.Value(src))
			}
			tokens = append(tokens, "html "+strings.TrimSpace(b.String()))
		case *ast.Emphasis:
			emphasis++
		default:
			if n.Kind().String() == "Strikethrough" {
				emphasis++
			}
		}
		return ast.WalkContinue, nil
	})
	sort.Strings(tokens)
	return tokens, emphasis
}

// references returns the link reference definitions of a Markdown source.
func references(src []byte) []parser.Reference {
	ctx := parser.NewContext()
	segment.NewMarkdown().Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
	return ctx.References()
}

var dangerousScheme = regexp.MustCompile(`(?i)^\s*(javascript|vbscript|data):`)
var eventHandler = regexp.MustCompile(`(?i)\son[a-z]+\s*=`)

func (c *unitContext) checkMarkdown(tm *catalog.Message, field, src, tr string) []Diagnostic {
	var ds []Diagnostic
	st, se := c.tokens(src, true)
	tt, te := c.tokens(tr, false)
	missing, added := diffMultiset(st, tt)
	for _, t := range added {
		kind, val, _ := strings.Cut(t, " ")
		switch {
		case kind == "html":
			what := "raw HTML"
			if eventHandler.MatchString(val) {
				what = "raw HTML with an event handler"
			}
			ds = append(ds, c.diag(tm, field, "unsafe-markup", "the translation adds %s %s that the source does not have", what, val))
		case (kind == "link" || kind == "image" || kind == "autolink") && dangerousScheme.MatchString(val):
			ds = append(ds, c.diag(tm, field, "unsafe-markup", "the translation adds a %s to %s, a scheme that runs code", kind, val))
		default:
			ds = append(ds, c.diag(tm, field, "markdown-parity", "the translation adds %s %s that the source does not have", kind, val))
		}
	}
	for _, t := range missing {
		kind, val, _ := strings.Cut(t, " ")
		ds = append(ds, c.diag(tm, field, "markdown-parity", "the translation drops %s %s of the source", kind, val))
	}
	// Raw HTML that goldmark does not parse as HTML still must not appear.
	if strings.Contains(strings.ToLower(tr), "<script") && !strings.Contains(strings.ToLower(src), "<script") && len(added) == 0 {
		ds = append(ds, c.diag(tm, field, "unsafe-markup", "the translation adds a <script> tag"))
	}
	if se != te {
		ds = append(ds, c.diag(tm, field, "emphasis", "the source has %d emphasized spans, the translation %d", se, te))
	}
	return ds
}

// diffMultiset returns the elements of a missing from b and of b not in a
// (both sorted).
func diffMultiset(a, b []string) (missing, added []string) {
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j >= len(b) || (i < len(a) && a[i] < b[j]):
			missing = append(missing, a[i])
			i++
		case i >= len(a) || b[j] < a[i]:
			added = append(added, b[j])
			j++
		default:
			i++
			j++
		}
	}
	return
}

var numberRe = regexp.MustCompile(`\d+(?:[.,]\d+)*`)

// compareNumbers returns the first number of src missing from tr (and the
// numbers tr has instead). Locale digits are folded to ASCII first.
func compareNumbers(src, tr string) (missing, extra string) {
	// Without a digit (of any script) in the source nothing can be missing.
	if strings.IndexFunc(src, unicode.IsDigit) < 0 {
		return "", ""
	}
	count := func(s string) map[string]int {
		m := map[string]int{}
		for _, n := range numberRe.FindAllString(foldDigits(s), -1) {
			m[strings.NewReplacer(",", "", ".", "").Replace(n)]++
		}
		return m
	}
	sn, tn := count(src), count(tr)
	var miss, ext []string
	for n, k := range sn {
		if tn[n] < k {
			miss = append(miss, n)
		}
	}
	for n, k := range tn {
		if sn[n] < k {
			ext = append(ext, n)
		}
	}
	if len(miss) == 0 {
		return "", ""
	}
	sort.Strings(miss)
	sort.Strings(ext)
	return miss[0], strings.Join(ext, ", ")
}

func foldDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) && r > '9' {
			return '0' + rune(digitValue(r))
		}
		return r
	}, s)
}

func digitValue(r rune) int {
	for _, base := range []rune{0x0660, 0x06F0, 0x0966, 0xFF10, 0x09E6} {
		if r >= base && r <= base+9 {
			return int(r - base)
		}
	}
	return 0
}

var trailingClose = "*_`)]}\"'’”»›」』》）"

// endMark returns the sentence-end punctuation a text ends with, or "".
func endMark(s string) string {
	s = strings.TrimRight(strings.TrimSpace(s), trailingClose)
	for _, m := range []string{"...", "…", ".", "!", "?", "。", "！", "？", "؟", "؛", ":", "：", ";", "；"} {
		if strings.HasSuffix(s, m) {
			return m
		}
	}
	return ""
}

func lengthRatio(source, tag, src, tr string) string {
	sl, tl := float64(len([]rune(plain(src)))), float64(len([]rune(plain(tr))))
	if sl < 40 {
		return ""
	}
	lo, hi := 0.5, 2.2
	switch locale.Script(tag) {
	case "Hans", "Hant", "Jpan", "Kore":
		lo, hi = 0.12, 0.9
	}
	switch locale.Script(source) {
	case "Hans", "Hant", "Jpan", "Kore":
		lo, hi = lo*2.5, hi*4
	}
	r := tl / sl
	if r < lo || r > hi {
		return fmt.Sprintf("the translation is %.0f%% of the source's length, outside the expected %.0f–%.0f%%; is something missing or added?", r*100, lo*100, hi*100)
	}
	return ""
}
