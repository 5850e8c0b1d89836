// Package check validates catalogs: it runs a registry of named checks over
// each locale catalog of each document and component against its source
// catalog and returns diagnostics that point at the exact file, line and
// column. Checks parse rather than guess: Markdown is compared as goldmark
// trees, templates with text/template, plural forms with go-i18n's own
// rules. A CleanMemo (clean.go) lets a build skip the translations its
// checks found clean before.
//
// The package imports state, catalog, segment, locale, tomlpos, lazyre, go-i18n, goldmark,
// BurntSushi/toml (the term base), sergi/go-diff (stale word diffs),
// xxh3 (the clean keys), golang.org/x/text and the standard library.
package check

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"folio/internal/catalog"
	"folio/internal/locale"
	"folio/internal/state"
)

// Severity of a diagnostic.
type Severity string

// Severities.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// Diagnostic is one finding.
type Diagnostic struct {
	File     string   `json:"file"`
	Line     int      `json:"line"`
	Column   int      `json:"column"`
	Severity Severity `json:"severity"`
	Check    string   `json:"check"`
	Locale   string   `json:"locale"`
	ID       string   `json:"id"`
	Message  string   `json:"message"`
}

func (d Diagnostic) String() string {
	loc := d.File
	if d.Line > 0 {
		loc = fmt.Sprintf("%s:%d:%d", d.File, d.Line, d.Column)
	}
	return fmt.Sprintf("%s: %s: [%s] %s", loc, d.Severity, d.Check, d.Message)
}

// Check is a registered check.
type Check struct {
	Name     string
	Severity Severity
	Doc      string
}

// Registry lists every check, in the order --list prints them.
var Registry = []Check{
	{"catalog-syntax", Error, "The catalog is not valid TOML (raw control characters included), not valid UTF-8, contains NUL bytes, or has keys go-i18n rejects (a table mixing message keys with other keys, a value that is not a string). The file cannot be loaded; extract leaves it untouched. Also a document's history (.folio/history/<doc>.toml) that does not load: extract stops on it, and stale translations lose their old text."},
	{"locale-tag", Error, "A catalog file whose name is not a locale declared in folio.toml, or not a valid BCP 47 tag. go-i18n derives a catalog's language from its file name; a name that gives it no valid tag silently becomes `und` there, so the file's messages would never be shown. Such a name is an error; a valid tag that folio.toml does not declare is a warning (go-i18n loads the file, but no edition uses it)."},
	{"unknown-id", Warning, "A locale catalog holds an ID that the source catalog does not have. Run `folio extract` to move it to the obsolete store."},
	{"untranslated", Warning, "A source message has no translation (missing entry or empty text)."},
	{"stale", Warning, "The translation was made from an older source text (its hash differs). The diagnostic shows the word diff between that text and the current one when Folio's history has it; revise and run `folio accept`. Until then, a document's stale translation is checked against the text it was made from, and editions show the source in its place."},
	{"markdown-parity", Error, "The translation drops, adds or changes a link destination, reference label, image, autolink, code span or inline HTML of its source. Both texts are parsed with goldmark and the trees compared."},
	{"unsafe-markup", Error, "The translation adds raw HTML, an event-handler attribute, or a javascript:, vbscript: or data: link that its source does not have."},
	{"template-syntax", Error, "A message of a catalog-only component is not a valid Go template with its delimiters."},
	{"placeholders", Error, "A component message's template actions ({{.Name}}) differ from the source's: one added, dropped or renamed."},
	{"plural-forms", Error, "A plural message lacks a form the locale's CLDR rules require, as go-i18n applies them (probed through its Localizer; go-i18n returns an error for such counts and falls back to other). A missing form that only counts such as 1000000 need (the many of French, Spanish, Italian, Portuguese) is a warning, and so is a form for a category the locale does not have: go-i18n ignores it. In a document's catalog, any form but other is a warning: editions show only other."},
	{"control-chars", Error, "The translation contains a control character (C0 or C1, other than line feed and tab) that its source does not have, typically written with a TOML escape such as \\u0007: invisible in an editor, it corrupts terminals, HTML and EPUB."},
	{"identical", Warning, "The translation equals the source text although the text has letters and is not a do-not-translate term. A single word left as it is in a locale of the source's script (\"Section\", \"Archives\") and a single acronym (\"URL\") are taken as the same word in both languages."},
	{"numbers", Warning, "A number of the source is missing from the translation or changed (locale digits such as Arabic-Indic, and forms such as 2015年, are accepted)."},
	{"whitespace", Warning, "Leading or trailing whitespace, or doubled spaces, that the source does not have."},
	{"end-punctuation", Warning, "The sentence-end punctuation of the translation does not correspond to the source's, in the locale's own marks (。！？ ؟ …): one has it and the other not, or a question or exclamation became something else. An abbreviation's period (\"мин.\") is not a sentence end."},
	{"typography", Warning, "Locale typography: French spacing before ; : ! ? and inside « »; Latin punctuation between Han characters; Latin comma, semicolon or question mark in Arabic; unpaired Spanish ¿ ¡; unbalanced brackets and quotes (straight quotes when the source's balance)."},
	{"glossary", Warning, "A source term of the glossary (locales/glossary.toml) whose approved rendering is absent from the translation, or a forbidden variant present."},
	{"nfc", Warning, "The translation is not in Unicode NFC, in a part it does not copy from the source (a name the source spells decomposed is the source's to fix)."},
	{"emphasis", Warning, "Emphasis (*, **, _, ~~) of the translation does not balance against the source: a different number of emphasized spans."},
	{"doubled-word", Warning, "A word written twice in a row (\"the the\"), unless the language doubles it by grammar (French \"nous nous\", English \"had had\", German \"die die\") or the source has the same doubling. Scripts written without spaces (Han, kana, Thai) are not split into words, so 谢谢 is not a doubled word."},
	{"length", Warning, "The translation's length is far outside the expected ratio to the source for the language pair (sources of 40 characters or more; placeholders and tokens both texts share are not counted)."},
}

// Lookup returns a registered check.
func Lookup(name string) (Check, bool) {
	for _, c := range Registry {
		if c.Name == name {
			return c, true
		}
	}
	return Check{}, false
}

// Result is the outcome of a run.
type Result struct {
	Diagnostics []Diagnostic
}

// Count returns the number of errors and warnings.
func (r *Result) Count() (errs, warns int) {
	for _, d := range r.Diagnostics {
		if d.Severity == Error {
			errs++
		} else {
			warns++
		}
	}
	return
}

// ErrorsFor reports whether any error concerns the unit's locale (or the
// unit as a whole).
func (r *Result) ErrorsFor(unit, tag string) []Diagnostic {
	var out []Diagnostic
	prefix := "locales/" + unit + "/"
	for _, d := range r.Diagnostics {
		if d.Severity == Error && strings.HasPrefix(d.File, prefix) && (d.Locale == tag || d.Locale == "") {
			out = append(out, d)
		}
	}
	return out
}

// Options select what to check.
type Options struct {
	Locales  []string
	Glossary *Glossary
	Config   Config
	// ErrorsOnly skips the checks that can only warn (the text checks and
	// the stale diff) unless the configuration makes one of them an error:
	// for build, which only needs to know whether an edition has errors.
	ErrorsOnly bool
	// Shown checks only what a reader edition shows, for build: a
	// document's stale translations are left out, since editions show
	// the source text (or nothing) in their place.
	Shown bool
	// Clean, when set with ErrorsOnly and Shown, skips the translations
	// of documents that the memo knows clean and records those found
	// clean (clean.go).
	Clean *CleanMemo
}

// Run checks every unit of st for the given locales.
func Run(st *state.State, opts Options) *Result {
	return Merge(RunUnits(st, opts))
}

// RunUnits checks every unit of st for the given locales and returns the
// diagnostics of each unit (in st.Units order), configuration applied.
// Each unit's own files and each of its locale catalogs are checked in
// parallel (they share nothing but read-only options and the unit's memo
// of source texts), their diagnostics gathered in that order.
func RunUnits(st *state.State, opts Options) [][]Diagnostic {
	// A job is a unit's files (part 0) or a run of up to checkChunk of
	// its source messages in locale part-1: a long document is checked on
	// every core, not on one per locale.
	type job struct{ unit, part, chunk int }
	parts := make([][][][]Diagnostic, len(st.Units)) // unit, part, chunk
	memos := make([]*unitMemo, len(st.Units))
	// Locale by locale, so that two goroutines seldom work on the same
	// unit at once (and the first locale fills the memo for the others).
	var jobs []job
	for i, u := range st.Units {
		parts[i] = make([][][]Diagnostic, len(opts.Locales)+1)
		parts[i][0] = make([][]Diagnostic, 1)
		for k := 1; k <= len(opts.Locales); k++ {
			parts[i][k] = make([][]Diagnostic, chunks(u))
		}
		texts := 0
		if u.Source != nil {
			texts = len(u.Source.Messages)
		}
		memos[i] = newUnitMemo(texts, len(opts.Locales))
	}
	for k := 0; k <= len(opts.Locales); k++ {
		for i := range st.Units {
			for c := range parts[i][k] {
				jobs = append(jobs, job{i, k, c})
			}
		}
	}
	next := make(chan job)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				u := st.Units[j.unit]
				if j.part == 0 {
					parts[j.unit][0][0] = checkUnitFiles(st, u, opts)
				} else {
					parts[j.unit][j.part][j.chunk] = checkLocale(st, u, opts.Locales[j.part-1], memos[j.unit], opts, j.chunk)
				}
			}
		}()
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
	perUnit := make([][]Diagnostic, len(st.Units))
	for i, ps := range parts {
		var ds []Diagnostic
		for _, p := range ps {
			for _, c := range p {
				ds = append(ds, c...)
			}
		}
		ds = opts.Config.apply(ds)
		// A message's ID (and a text quoted in a message) may be a slice
		// of its catalog's bytes, which it would keep in memory after the
		// unit is dropped: copies keep only themselves.
		for k := range ds {
			ds[k].ID = strings.Clone(ds[k].ID)
			ds[k].Message = strings.Clone(ds[k].Message)
		}
		perUnit[i] = ds
	}
	return perUnit
}

// Merge gathers the diagnostics of units, sorted by file, line and
// column (a unit's own order kept for equal positions: no two units
// share a file).
func Merge(perUnit [][]Diagnostic) *Result {
	r := &Result{}
	for _, ds := range perUnit {
		r.Diagnostics = append(r.Diagnostics, ds...)
	}
	sort.SliceStable(r.Diagnostics, func(i, j int) bool {
		a, b := r.Diagnostics[i], r.Diagnostics[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	return r
}

// checkUnitFiles reports what is wrong with a unit's source catalog,
// document, history and stray catalogs. The history is read only for a
// check that may show what it holds (build's, which checks only what
// editions show, leaves stale translations out and does not need it).
func checkUnitFiles(st *state.State, u *state.Unit, opts Options) []Diagnostic {
	var ds []Diagnostic
	if !opts.Shown && u.Doc != nil {
		// A history that does not load (a merge conflict left in it)
		// would only make stale translations lose their old text here,
		// and stop extract: say so now.
		if _, err := u.LoadedHistory(); err != nil && !errors.Is(err, os.ErrNotExist) {
			ds = append(ds, fileError(state.HistoryPath(u.Name), "", err))
		}
	}
	srcPath := "locales/" + u.Name + "/" + st.Project.SourceLanguage + ".toml"
	if u.SourceErr != nil {
		if !errors.Is(u.SourceErr, os.ErrNotExist) {
			ds = append(ds, fileError(srcPath, "", u.SourceErr))
		} else if u.Doc == nil {
			ds = append(ds, Diagnostic{File: srcPath, Severity: Error, Check: "catalog-syntax", Message: "source catalog missing"})
		}
	}
	if u.SegErr != nil {
		ds = append(ds, fileError(u.Doc.Path, "", u.SegErr))
	}
	for _, tag := range u.Strays {
		if locale.IsPseudo(tag) {
			continue // written by `folio pseudo`, not a locale to declare
		}
		ds = append(ds, strayDiagnostic(st, u, tag))
	}
	return ds
}

// checkLocale runs the checks of one locale catalog of a unit.
func checkLocale(st *state.State, u *state.Unit, tag string, memo *unitMemo, opts Options, chunk int) []Diagnostic {
	var ds []Diagnostic
	c := u.Locales[tag]
	if c == nil {
		return nil
	}
	if chunk > 0 && (c.Err != nil || u.Source == nil) {
		return nil // said by chunk 0
	}
	if c.ObsoleteErr != nil && chunk == 0 {
		ds = append(ds, fileError("locales/"+u.Name+"/obsolete/"+tag+".toml", tag, c.ObsoleteErr))
	}
	if c.Err != nil {
		return append(ds, fileError(c.Path, tag, c.Err))
	}
	if u.Source == nil {
		return ds
	}
	ctx := &unitContext{unit: u, tag: tag, path: c.Path, source: st.Project.SourceLanguage, glossary: opts.Glossary, component: u.Doc == nil, memo: memo,
		errorsOnly: opts.ErrorsOnly && !opts.Config.raisesAny(warningOnly),
		shown:      opts.Shown,
		pseudo:     locale.IsPseudo(tag),
		validUTF8:  u.Source.ValidUTF8 && c.File != nil && c.File.ValidUTF8}
	if opts.Clean != nil && ctx.errorsOnly && ctx.shown && !ctx.component {
		ctx.clean = opts.Clean
	}
	lo := chunk * checkChunk
	return append(ds, ctx.checkCatalog(u.Source, c.File, lo, min(lo+checkChunk, len(u.Source.Messages)))...)
}

// checkChunk is how many source messages of a locale one job checks.
const checkChunk = 2000

// chunks is the number of jobs that check a locale of u.
func chunks(u *state.Unit) int {
	if u.Source == nil {
		return 1
	}
	return max(1, (len(u.Source.Messages)+checkChunk-1)/checkChunk)
}

func fileError(path, tag string, err error) Diagnostic {
	d := Diagnostic{File: path, Severity: Error, Check: "catalog-syntax", Locale: tag, Message: err.Error()}
	var ce *catalog.Error
	if errors.As(err, &ce) {
		d.Line, d.Column, d.Message = ce.Line, ce.Column, ce.Msg
	} else if rest, ok := strings.CutPrefix(d.Message, path+":"); ok {
		// "path:line:col: msg" or "path: msg" from state.ReadFile.
		if parts := strings.SplitN(rest, ":", 3); len(parts) == 3 {
			line, lerr := strconv.Atoi(parts[0])
			col, cerr := strconv.Atoi(parts[1])
			if lerr == nil && cerr == nil {
				d.Line, d.Column, rest = line, col, parts[2]
			}
		}
		d.Message = strings.TrimSpace(rest)
	}
	return d
}
