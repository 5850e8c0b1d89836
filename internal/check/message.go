package check

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"folio/internal/catalog"
	"folio/internal/lazyre"
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
	refs      refDefs
	memo      *unitMemo // nil: nothing shared between locales
	// validUTF8: the source and locale catalogs came from Parse, so
	// their text needs no UTF-8 check (catalog.File.ValidUTF8).
	validUTF8 bool
	// errorsOnly skips the checks that can only warn (Options.ErrorsOnly).
	errorsOnly bool
	// shown leaves out a document's stale translations (Options.Shown).
	shown bool
	// pseudo: the locale is a pseudo-locale (en-XA, ar-XB), whose text
	// `folio pseudo` makes: accented, padded and bracketed, it is no
	// translation for the text checks to read (every message would end
	// without the source's full stop), only for the checks of what it
	// must keep (Markdown, placeholders, markup).
	pseudo bool
	// clean, when set, knows the translations the last build found
	// clean (Options.Clean).
	clean *CleanMemo
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

// checkCatalog checks the translations in file of src's messages lo to
// hi (not included) and, when lo is 0, the messages of file src lacks.
func (c *unitContext) checkCatalog(src, file *catalog.File, lo, hi int) []Diagnostic {
	var ds []Diagnostic
	if c.unit.Segments != nil {
		c.refs = c.references(c.unit.Segments)
	}
	var run *cleanRun
	if c.clean != nil {
		run = &cleanRun{known: c.clean.known(c.unit.Name, c.tag), refs: c.refsKey()}
		defer func() { c.clean.add(c.unit.Name, c.tag, run.found) }()
	}
	if lo == 0 {
		for i, m := range file.Messages {
			if src.LookupAt(m.ID, i) == nil {
				ds = append(ds, c.diag(m, "", "unknown-id", "%q is not in the source catalog; run `folio extract` to move it to the obsolete store", m.ID))
			}
		}
	}
	for i := lo; i < hi; i++ {
		sm := src.Messages[i]
		tm := file.LookupAt(sm.ID, i)
		switch catalog.StateOf(sm, tm) {
		case catalog.Untranslated:
			d := c.diag(tm, "other", "untranslated", "%q is not translated", sm.ID)
			d.ID = sm.ID
			ds = append(ds, d)
			continue
		case catalog.Stale:
			if c.shown && !c.component {
				continue
			}
			if !c.errorsOnly {
				ds = append(ds, c.diag(tm, "hash", "stale", "%s", c.staleMessage(sm, tm)))
			}
			// A document's stale translation (or a suggestion from the
			// translation memory) translates the text its hash names,
			// which the history keeps: checked against the current
			// source, every code span or link the edit changed would be
			// an error the stale warning already covers. A component's
			// is checked against the current source: go-i18n uses it as
			// it is, with the data the code passes now.
			if was, ok := c.unit.HistoryText(tm.Hash); ok && !c.component {
				for _, d := range c.checkMessageFrom(sm, tm, was) {
					d.Message += " (the stale translation is checked against the text it was translated from)"
					ds = append(ds, d)
				}
				continue
			}
		}
		if run != nil {
			// Stale translations went on above (the memo is only for
			// Shown checks): tm is current.
			k := run.key(sm, tm, "")
			if run.isKnown(k) {
				run.found = append(run.found, k)
				continue
			}
			found := c.checkMessage(sm, tm)
			if len(found) == 0 {
				run.found = append(run.found, k)
			}
			ds = append(ds, found...)
			continue
		}
		ds = append(ds, c.checkMessage(sm, tm)...)
	}
	return ds
}

func (c *unitContext) staleMessage(sm, tm *catalog.Message) string {
	if tm.Hash == catalog.UnconfirmedHash {
		return fmt.Sprintf("%q was imported unconfirmed (fuzzy or needing review in the exchange file); review it, then run `folio accept --locale %s %s`", sm.ID, c.tag, sm.ID)
	}
	msg := fmt.Sprintf("%q was translated from an older source text", sm.ID)
	if was, ok := c.unit.HistoryText(tm.Hash); ok {
		msg += "; source changes: " + WordDiff(was, sm.Other())
	}
	return msg + fmt.Sprintf("; revise it, then run `folio accept --locale %s %s`", c.tag, sm.ID)
}

// checkMessage runs the per-message checks on each form of a translation.
func (c *unitContext) checkMessage(sm, tm *catalog.Message) []Diagnostic {
	return c.checkMessageFrom(sm, tm, "")
}

// checkMessageFrom is checkMessage against the source text from (a
// document's message has one form) instead of the source message's, when
// from is not "".
func (c *unitContext) checkMessageFrom(sm, tm *catalog.Message, from string) []Diagnostic {
	var ds []Diagnostic
	if c.component {
		ds = append(ds, c.checkTemplates(sm, tm)...)
		ds = append(ds, c.checkPlurals(sm, tm)...)
	} else if !c.errorsOnly {
		// A document's editions show a translation's "other" form: a
		// "one" a translator wrote (as in an application's catalog) would
		// never appear.
		for _, f := range catalog.PluralForms {
			if f != "other" && tm.Forms.Text(f) != "" {
				d := c.diag(tm, f, "plural-forms", "plural form %q is never shown: a document's editions use only \"other\"", f)
				d.Severity = Warning
				ds = append(ds, d)
			}
		}
	}
	eachForm(sm, tm, from, func(form, srcText, tr string) {
		field := form
		if !c.component {
			ds = append(ds, c.checkMarkdown(tm, field, srcText, tr)...)
		}
		if !c.errorsOnly && !c.pseudo {
			ds = append(ds, c.checkText(tm, field, srcText, tr)...)
		} else if msg := controlChars(srcText, tr); msg != "" {
			// The one text check that is an error: build, which asks for
			// errors only, let an edition with a BEL in it through (and
			// an EPUB whose XHTML no XML parser accepts).
			ds = append(ds, c.diag(tm, field, "control-chars", "%s; remove it", msg))
		}
	})
	return ds
}

// eachForm calls f with each form tm translates and the source text it
// is checked against: from when it is not "", else the source message's
// form (its "other" form when it has not that one).
func eachForm(sm, tm *catalog.Message, from string, f func(form, src, tr string)) {
	for _, form := range catalog.PluralForms {
		tr, ok := tm.Forms.Get(form)
		if !ok || tr == "" {
			continue
		}
		src := sm.Forms.Text(form)
		if from != "" {
			src = from
		} else if src == "" {
			src = sm.Other()
		}
		f(form, src, tr)
	}
}

// checkText runs the checks that read text: identical, numbers,
// whitespace, end punctuation, typography, glossary, NFC, length.
func (c *unitContext) checkText(tm *catalog.Message, field, src, tr string) []Diagnostic {
	var ds []Diagnostic
	add := func(check, format string, args ...any) {
		ds = append(ds, c.diag(tm, field, check, format, args...))
	}
	sf := c.sourceFacts(src)
	ps, pt := sf.plain, plain(tr)
	if tr == src && sf.letters && !c.glossary.DoNotTranslate(ps) && baseLang(c.tag) != baseLang(c.source) && !cognate(c.source, c.tag, src) {
		add("identical", "the translation is identical to the source text")
	}
	if missing, extra := sf.compareNumbers(pt); missing != "" {
		if extra != "" {
			add("numbers", "number %s of the source is missing or changed (the translation has %s)", missing, extra)
		} else {
			add("numbers", "number %s of the source is missing from the translation", missing)
		}
	}
	if strings.TrimSpace(tr) != tr && sf.trimmed {
		add("whitespace", "leading or trailing whitespace")
	}
	if strings.Contains(tr, "  ") && !sf.doubleSpace {
		add("whitespace", "doubled space")
	}
	if msg := controlChars(src, tr); msg != "" {
		add("control-chars", "%s; remove it", msg)
	}
	if w := doubledWordAllowing(c.tag, sf.doubled, pt); w != "" {
		add("doubled-word", "the word %q is doubled", w)
	}
	if !isNFC(tr) && !nfcAsSource(src, tr) {
		add("nfc", "the text is not in Unicode NFC (normalize it, e.g. with `uconv -x any-nfc`)")
	}
	if s, t := sf.end, endMark(tr); (s == "") != (t == "") && !(s == "" && abbreviationEnd(c.tag, tr)) {
		if s != "" {
			add("end-punctuation", "the source ends with %q but the translation has no sentence-end punctuation", s)
		} else {
			add("end-punctuation", "the translation ends with %q but the source has no sentence-end punctuation", t)
		}
	} else if markClass(c.source, s) != markClass(c.tag, t) {
		add("end-punctuation", "the source ends with %q (%s) but the translation with %q (%s)", s, markClass(c.source, s), t, markClass(c.tag, t))
	}
	for _, msg := range typography(c.tag, pt) {
		add("typography", "%s", msg)
	}
	if strings.Count(pt, `"`)%2 == 1 && sf.quotes%2 == 0 {
		add("typography", "unbalanced \" quotes")
	}
	for _, msg := range c.glossary.check(c.tag, sf.terms, pt) {
		add("glossary", "%s", msg)
	}
	if msg := sf.lengthRatio(c.source, c.tag, pt); msg != "" {
		add("length", "%s", msg)
	}
	return ds
}

func baseLang(tag string) string { return tagInfoOf(tag).base }

// scriptOf is locale.Script, remembered per tag.
func scriptOf(tag string) string { return tagInfoOf(tag).script }

// tagInfo is what the checks ask of a locale tag, parsed once per tag.
type tagInfo struct{ base, script string }

var tagInfos sync.Map

func tagInfoOf(tag string) tagInfo {
	if v, ok := tagInfos.Load(tag); ok {
		return v.(tagInfo)
	}
	b, _ := locale.Tag(tag).Base()
	info := tagInfo{b.String(), locale.Script(tag)}
	tagInfos.Store(tag, info)
	return info
}

func hasLetters(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// plain removes code spans, link syntax and destinations (keeping link
// text, and destinations with balanced parentheses whole), HTML tags and
// URLs: what the text checks must not read as prose. What it removes
// becomes U+FFFC, neither a space nor punctuation nor a letter, so that
// "运行`folio`命令" has no space between Han characters and "`x`:" no
// space before the colon.
func plain(s string) string {
	// Every match needs one of these: most text has none (the regexps'
	// backtracker was the check's hot spot).
	if !strings.ContainsAny(s, "`]<") && !strings.Contains(s, "http") {
		return s
	}
	return stripMarkup(unlink(s))
}

// markdownTokens lists what the Markdown parity check compares: link and
// image destinations, autolinks, code spans, inline HTML.
func markdownTokens(s string, refs refDefs) (tokens []string, emphasis int) {
	return markdownTokensOf(s, refs, false)
}

// markdownTokensOf is markdownTokens; valid says that s is known to be
// valid UTF-8.
func markdownTokensOf(s string, refs refDefs, valid bool) (tokens []string, emphasis int) {
	if markdownInert(s) {
		return nil, 0
	}
	used := refs.usedBy(s)
	if toks, em, ok := fastTokensOf(s, used, valid); ok {
		return toks, em
	}
	md := parsers.Get().(goldmark.Markdown)
	defer parsers.Put(md)
	return parseTokens(md, s, used)
}

// markdownTokensWith is markdownTokens with a parser made beforehand.
func markdownTokensWith(md goldmark.Markdown, s string, refs refDefs) (tokens []string, emphasis int) {
	if markdownInert(s) {
		return nil, 0
	}
	used := refs.usedBy(s)
	if toks, em, ok := fastTokens(s, used); ok {
		return toks, em
	}
	return parseTokens(md, s, used)
}

// goldmarkTokens is markdownTokensWith always parsing, with every
// definition of the document.
func goldmarkTokens(md goldmark.Markdown, s string, refs refDefs) (tokens []string, emphasis int) {
	return parseTokens(md, s, refs.all())
}

// parseTokens parses s with the reference definitions refs.
func parseTokens(md goldmark.Markdown, s string, refs []parser.Reference) (tokens []string, emphasis int) {
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
			// A message that starts with a tag (a table cell "<ul><li>…")
			// parses as an HTML block, the same tags after a word as raw
			// inline HTML: compare tag by tag either way.
			for _, tag := range htmlTag().FindAllString(b.String(), -1) {
				tokens = append(tokens, "html "+tag)
			}
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

// refDefs are a document's link reference definitions, by label as
// goldmark looks them up (util.ToLinkReference: trimmed, case-folded,
// spaces collapsed).
type refDefs map[string]parser.Reference

// references returns the link reference definitions of a Markdown source.
func references(src []byte) refDefs {
	// A definition is "[label]:" (a label may span lines, but its "]" and
	// ":" are adjacent): without one, a parse finds none.
	if !bytes.Contains(src, []byte("]:")) {
		return nil
	}
	ctx := parser.NewContext()
	p := definitionParsers.Get().(parser.Parser)
	defer definitionParsers.Put(p)
	p.Parse(text.NewReader(src), parser.WithContext(ctx))
	refs := ctx.References()
	if len(refs) == 0 {
		return nil
	}
	defs := make(refDefs, len(refs))
	for _, r := range refs {
		defs[util.ToLinkReference(r.Label())] = r
	}
	return defs
}

// definitionsOf keys the definitions a segmentation found as references
// does.
func definitionsOf(defs []segment.Definition) refDefs {
	if len(defs) == 0 {
		return nil
	}
	m := make(refDefs, len(defs))
	for _, d := range defs {
		m[util.ToLinkReference([]byte(d.Label))] = parser.NewReference([]byte(d.Label), []byte(d.Destination), []byte(d.Title))
	}
	return m
}

// all returns every definition.
func (defs refDefs) all() []parser.Reference {
	all := make([]parser.Reference, 0, len(defs))
	for _, r := range defs {
		all = append(all, r)
	}
	return all
}

// usedBy returns the definitions a text may use (nil for none). goldmark
// looks a reference link up by its label, the text between a "[" and a
// "]" of the text, so only the definitions named by such a text, taken as
// goldmark takes it, can serve; a text on several lines (whose label
// goldmark may join across a block's markers) or with many brackets gets
// them all. Every parse of a message used to be given every definition of
// its document: a README with 300 definitions spent 40 % of its build in
// goldmark's AddReference, and no message with a bracket could take the
// fast path.
func (defs refDefs) usedBy(s string) []parser.Reference {
	if len(defs) == 0 || !strings.Contains(s, "]") {
		return nil
	}
	if strings.Count(s, "[") > 16 || strings.ContainsAny(s, "\n\r") {
		return defs.all()
	}
	// A label, in a definition (goldmark's FindClosure without nesting)
	// and so in any text that names one, holds no bracket that is not
	// escaped: each "[" has one candidate, the text up to the first such
	// "]", and none when a "[" comes first. Trying every "]" after each
	// "[" was a sixth of a build's check on real documents.
	var used []parser.Reference
	var seen map[string]bool
	for i := 0; i < len(s); i++ {
		if s[i] != '[' {
			continue
		}
	label:
		for j := i + 1; j < len(s); j++ {
			switch s[j] {
			case '\\':
				j++
			case '[':
				break label
			case ']':
				key := util.ToLinkReference([]byte(s[i+1 : j]))
				if r, ok := defs[key]; ok && !seen[key] {
					if seen == nil {
						seen = map[string]bool{}
					}
					seen[key] = true
					used = append(used, r)
				}
				break label
			}
		}
	}
	return used
}

var htmlTag = lazyre.New(`<[^<>]*>`)

var dangerousScheme = lazyre.New(`(?i)^\s*(javascript|vbscript|data):`)
var eventHandler = lazyre.New(`(?i)\son[a-z]+\s*=`)

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
			if eventHandler().MatchString(val) {
				what = "raw HTML with an event handler"
			}
			ds = append(ds, c.diag(tm, field, "unsafe-markup", "the translation adds %s %s that the source does not have", what, val))
		case (kind == "link" || kind == "image" || kind == "autolink") && dangerousScheme().MatchString(val):
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
	// (No rune lower-cases to "<": a text without one has no "<script".)
	if len(added) == 0 && strings.IndexByte(tr, '<') >= 0 && strings.Contains(strings.ToLower(tr), "<script") && !strings.Contains(strings.ToLower(src), "<script") {
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

var numberRe = lazyre.New(`\d+(?:[.,]\d+)*`)

// compareNumbers returns the first number of src missing from tr (and the
// numbers tr has instead). Locale digits are folded to ASCII first.
func compareNumbers(src, tr string) (missing, extra string) {
	return numbersOf(src).compare(tr)
}

// numberCounts counts the numbers of a text (separators removed); nil
// when the text has no digit of any script, so that nothing can be
// missing.
type numberCounts map[string]int

func numbersOf(src string) numberCounts {
	if strings.IndexFunc(src, unicode.IsDigit) < 0 {
		return nil
	}
	return countNumbers(src)
}

func countNumbers(s string) numberCounts {
	m := numberCounts{}
	for _, n := range numberRe().FindAllString(foldDigits(s), -1) {
		if strings.ContainsAny(n, ",.") {
			n = strings.NewReplacer(",", "", ".", "").Replace(n)
		}
		m[n]++
	}
	return m
}

func (sn numberCounts) compare(tr string) (missing, extra string) {
	if sn == nil {
		return "", ""
	}
	tn := countNumbers(tr)
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

// markClass names what a sentence-end mark does, whatever its script: a
// question (? ？ ؟) must stay a question, an exclamation an exclamation.
// A full stop, colon or semicolon may become one another (languages
// punctuate lists and headings differently), and so may an ellipsis.
// Greek writes its question mark as ";" (U+037E or the semicolon).
func markClass(tag, m string) string {
	switch m {
	case "?", "？", "؟", "፧", "՞", "\u037E":
		return "question"
	case "!", "！", "՜":
		return "exclamation"
	case ";":
		if baseLang(tag) == "el" {
			return "question"
		}
	}
	return "statement"
}

// endMark returns the sentence-end punctuation a text ends with, or "".
func endMark(s string) string {
	// A trailing escaped newline written as text (\n) is not punctuation.
	s = strings.TrimRight(strings.TrimSpace(s), trailingClose)
	for strings.HasSuffix(s, `\n`) {
		s = strings.TrimRight(strings.TrimSpace(strings.TrimSuffix(s, `\n`)), trailingClose)
	}
	for _, m := range []string{"...", "…", ".", "!", "?", "。", "！", "？", "؟", "؛", ":", "：", ";", "；",
		"۔", "।", "॥", "։", "።", "፧", "՞", "՜", "\u037E", "｡"} {
		if strings.HasSuffix(s, m) {
			return m
		}
	}
	return ""
}

func lengthRatio(source, tag, src, tr string) string {
	return newLengthSource(prose(src)).ratio(source, tag, prose(tr))
}

// lengthSource is what the length check needs of a source text: its
// space-separated words, their rune count, an upper bound of the rune
// count withoutShared can leave of them, and a signature of the words
// (wordBit). Locales checked in parallel share it.
type lengthSource struct {
	words []string
	runes int // runes of the words
	max   int
	bits  [4]uint64
	// counts, for a source of more than maxScan words, is how many
	// times each word occurs, made the first time it is needed.
	once   sync.Once
	counts map[string]int
}

// maxScan is the number of words up to which ratio finds a translation's
// words among the source's by scanning them rather than through counts.
const maxScan = 64

func newLengthSource(prose string) *lengthSource {
	ls := &lengthSource{}
	var buf [maxScan]string
	words := buf[:0]
	for i := 0; ; {
		start, end, runes := nextField(prose, i)
		if start < 0 {
			break
		}
		w := prose[start:end]
		words = append(words, w)
		ls.runes += runes
		b := wordBit(w)
		ls.bits[b>>6] |= 1 << (b & 63)
		i = end
	}
	ls.max = ls.runes + len(words) - 1
	if ls.max >= 40 { // else ratio reads no word
		ls.words = slices.Clone(words)
	}
	return ls
}

// wordBit is one of 256 bits chosen by a word's length and end bytes: a
// word whose bit a text's signature does not have is not one of its words.
func wordBit(w string) uint {
	return (uint(w[0])*31 + uint(w[len(w)-1])*7 + uint(len(w))) & 255
}

// has reports whether w may be one of the source's words.
func (ls *lengthSource) has(w string) bool {
	b := wordBit(w)
	return ls.bits[b>>6]&(1<<(b&63)) != 0
}

// count makes ls.counts.
func (ls *lengthSource) count() {
	ls.counts = make(map[string]int, len(ls.words))
	for _, w := range ls.words {
		ls.counts[w]++
	}
}

// ratio is the length check of a translation, whose prose is tr: it
// counts the runes withoutShared would leave of both texts (the same
// result without joining them): min(source, translation) occurrences of
// each word are shared.
func (ls *lengthSource) ratio(source, tag, tr string) string {
	if ls.max < 40 {
		return "" // sl < 40 whatever the translation
	}
	// A source word is shared with as many words of the translation as
	// equal it: min(source, translation) occurrences of each word. Up to
	// maxScan source words, each translation word takes the first equal
	// source word not taken yet; beyond, counts and seen count them.
	var takenBuf [maxScan]bool
	taken := takenBuf[:0]
	if len(ls.words) <= maxScan {
		taken = takenBuf[:len(ls.words)]
	} else {
		ls.once.Do(ls.count)
	}
	var seen map[string]int
	tRunes, tWords, shared, sharedRunes := 0, 0, 0, 0
	for i := 0; ; {
		start, end, k := nextField(tr, i)
		if start < 0 {
			break
		}
		i = end
		w := tr[start:end]
		tRunes += k
		tWords++
		if !ls.has(w) {
			continue // not a word of the source
		}
		if ls.counts == nil {
			for j, sw := range ls.words {
				if !taken[j] && sw == w {
					taken[j] = true
					shared++
					sharedRunes += k
					break
				}
			}
			continue
		}
		if ls.counts[w] == 0 {
			continue
		}
		if seen == nil {
			seen = map[string]int{}
		}
		if seen[w]++; seen[w] <= ls.counts[w] {
			shared++
			sharedRunes += k
		}
	}
	sRunes, sKept := ls.runes-sharedRunes, len(ls.words)-shared
	tRunes, tKept := tRunes-sharedRunes, tWords-shared
	if sKept > 0 {
		sRunes += sKept - 1
	}
	if tKept > 0 {
		tRunes += tKept - 1
	}
	sl, tl := float64(sRunes), float64(tRunes)
	if sl < 40 {
		return ""
	}
	lo, hi := 0.5, 2.2
	switch scriptOf(tag) {
	case "Hans", "Hant", "Jpan", "Kore":
		lo, hi = 0.1, 0.6
	}
	switch scriptOf(source) {
	case "Hans", "Hant", "Jpan", "Kore":
		lo, hi = lo*2.5, hi*4
	}
	r := tl / sl
	if r < lo || r > hi {
		return fmt.Sprintf("the translation is %.0f%% of the source's length, outside the expected %.0f–%.0f%%; is something missing or added?", r*100, lo*100, hi*100)
	}
	return ""
}
