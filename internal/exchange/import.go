package exchange

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"

	"folio/internal/catalog"
	"folio/internal/check"
	"folio/internal/fsutil"
	"folio/internal/pipeline"
	"folio/internal/project"
	"folio/internal/state"
)

// Input is an exchange file to import.
type Input struct {
	Name string // as given on the command line, for messages
	Data []byte
}

// Change is one translation import changed.
type Change struct {
	Catalog  string // project-relative catalog path
	ID       string
	Old, New string
	// OldState and NewState are the translation's states before and after.
	OldState, NewState catalog.State
}

// Problem is an entry or a file that import refused.
type Problem struct {
	File string
	Line int
	ID   string
	Msg  string
}

// parseProblem is a parser's error about file name as a Problem: the
// parsers begin their messages with "NAME: " or "NAME:LINE: ", which
// String puts back.
func parseProblem(name string, err error) Problem {
	p := Problem{File: name, Msg: err.Error()}
	rest, ok := strings.CutPrefix(p.Msg, name+":")
	if !ok {
		return p
	}
	if num, msg, ok := strings.Cut(rest, ": "); ok {
		if n, err := strconv.Atoi(num); err == nil && n > 0 {
			p.Line, p.Msg = n, msg
			return p
		}
	}
	p.Msg = strings.TrimPrefix(rest, " ")
	return p
}

func (p Problem) String() string {
	loc := p.File
	if p.Line > 0 {
		loc = fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	if p.ID != "" {
		return fmt.Sprintf("%s: %s: %s", loc, p.ID, p.Msg)
	}
	return fmt.Sprintf("%s: %s", loc, p.Msg)
}

// ImportResult says what Import did.
type ImportResult struct {
	// Changes are the translations changed, in catalog and document order
	// (including those of catalogs not written because of check errors:
	// see Rejected).
	Changes []Change
	// Written are the catalogs written (project-relative).
	Written []string
	// Refused are the entries and files not imported, with why.
	Refused []Problem
	// Rejected holds, per catalog not written, the check errors the merged
	// catalog would have had on the messages import changed, each placed
	// at the entry of the exchange file that carried the translation.
	Rejected map[string][]check.Diagnostic
	// Unchanged counts entries that matched the catalog already.
	Unchanged int
}

// Failed reports whether anything was refused or rejected.
func (r *ImportResult) Failed() bool { return len(r.Refused) > 0 || len(r.Rejected) > 0 }

// work is a catalog being merged.
type work struct {
	unit    *state.Unit
	tag     string
	path    string
	file    *catalog.File
	changed map[string]bool
	changes []Change
	// from is where each changed message's translation came from.
	from map[string]at
}

// at is a place in an exchange file.
type at struct {
	file         string
	line, column int
}

// Import merges the translations the files carry into the project's
// locale catalogs. Each file names its document and locale (PO header
// X-Folio-Document and Language, XLIFF original/product-name and
// target-language; the file name <doc>.<tag>.<ext> when they are missing).
// An entry is refused when its ID is not in the document's source catalog,
// when its source text differs from the current source (the document
// changed since the export), or when it has plural forms; the rest are
// imported. A confirmed translation gets the current source hash; an
// unconfirmed (fuzzy) one stays, or becomes, stale. An empty translation
// imports nothing. Entries the file does not carry are left alone. Each
// merged catalog is checked before it is written: if the check finds an
// error in a message the import changed, that catalog is not written.
// Catalogs are written with fsutil.WriteFile exactly as extract writes
// them; the caller holds the project lock.
func Import(p *project.Project, inputs []Input) (*ImportResult, error) {
	st := state.Load(p, p.Locales)
	res := &ImportResult{Rejected: map[string][]check.Diagnostic{}}
	works := map[string]*work{}
	var order []string
	for _, in := range inputs {
		f, err := Parse(in.Name, in.Data)
		if err != nil {
			res.Refused = append(res.Refused, parseProblem(in.Name, err))
			continue
		}
		u, tag, prob := resolve(p, st, in.Name, f)
		if prob != "" {
			res.Refused = append(res.Refused, Problem{File: in.Name, Msg: prob})
			continue
		}
		c := u.Locales[tag]
		w := works[c.Path]
		if w == nil {
			w = &work{unit: u, tag: tag, path: c.Path, file: copyFile(c.File), changed: map[string]bool{}, from: map[string]at{}}
			works[c.Path] = w
			order = append(order, c.Path)
		}
		merge(w, in.Name, f, res)
	}
	sort.Strings(order)
	for _, path := range order {
		w := works[path]
		res.Changes = append(res.Changes, w.changes...)
		if len(w.changed) == 0 {
			continue
		}
		data := pipeline.EncodeLocale(w.unit, w.tag, p.SourceLanguage, w.file)
		errs, err := validate(st, w, data)
		if err != nil {
			return res, err
		}
		if len(errs) > 0 {
			res.Rejected[path] = errs
			continue
		}
		abs, err := state.Contained(p, path)
		if err != nil {
			return res, err
		}
		written, err := fsutil.WriteFile(abs, data)
		if err != nil {
			return res, err
		}
		if written {
			res.Written = append(res.Written, path)
		}
	}
	return res, nil
}

// resolve finds the document unit and locale an exchange file is for.
func resolve(p *project.Project, st *state.State, name string, f *File) (*state.Unit, string, string) {
	docs := Documents(st)
	var u *state.Unit
	find := func(key string) *state.Unit {
		for _, d := range docs {
			if key != "" && (d.Name == key || d.Doc.Path == key) {
				return d
			}
		}
		return nil
	}
	guessDoc, guessTag := guessFromName(name)
	if f.Document != "" {
		// Folio's own marker names the document; nothing else may.
		if u = find(f.Document); u == nil {
			for _, c := range p.Components {
				if c == f.Document {
					return nil, "", fmt.Sprintf("%s is a catalog-only component: import covers documents (edit locales/%s/*.toml)", c, c)
				}
			}
			return nil, "", fmt.Sprintf("document %q is not a document of this project", f.Document)
		}
	}
	for _, key := range []string{f.Original, guessDoc} {
		if u == nil {
			u = find(key)
		}
	}
	if u == nil {
		for _, key := range []string{f.Document, f.Original} {
			if key != "" {
				return nil, "", fmt.Sprintf("document %q is not a document of this project", key)
			}
		}
		return nil, "", "the file does not say which document it is for (no X-Folio-Document header or XLIFF original, and its name is not <document>.<locale>.po/.xlf)"
	}
	lang := f.Language
	if lang == "" {
		lang = guessTag
	}
	if lang == "" {
		return nil, "", "the file does not say its language (PO header Language, XLIFF target-language)"
	}
	if f.SourceLanguage != "" && !sameTag(f.SourceLanguage, p.SourceLanguage) {
		return nil, "", fmt.Sprintf("source language %s is not the project's source language %s", f.SourceLanguage, p.SourceLanguage)
	}
	for _, t := range p.Locales {
		if sameTag(t, lang) {
			if u.SourceErr != nil {
				return nil, "", fmt.Sprintf("%v (run `folio extract` first)", u.SourceErr)
			}
			if c := u.Locales[t]; c.Err != nil {
				return nil, "", fmt.Sprintf("the catalog does not load: %v", c.Err)
			}
			return u, t, ""
		}
	}
	if sameTag(lang, p.SourceLanguage) {
		return nil, "", fmt.Sprintf("language %s is the project's source language; import takes translations", lang)
	}
	return nil, "", fmt.Sprintf("language %s is not a locale of this project (it has %s)", lang, strings.Join(p.Locales, ", "))
}

// sameTag compares BCP 47 tags as PO files write them (zh_Hans, fr-FR
// is not fr).
func sameTag(a, b string) bool {
	return strings.EqualFold(strings.ReplaceAll(a, "_", "-"), strings.ReplaceAll(b, "_", "-"))
}

func copyFile(f *catalog.File) *catalog.File {
	c := &catalog.File{Path: f.Path, BOM: f.BOM, CRLF: f.CRLF}
	for _, m := range f.Messages {
		cm := *m // Forms is a value: the copy's are its own
		c.Add(&cm)
	}
	return c
}

// merge applies one file's entries to a catalog.
func merge(w *work, name string, f *File, res *ImportResult) {
	src := w.unit.Source
	bySource := map[string][]*catalog.Message{}
	for _, sm := range src.Messages {
		bySource[sm.Other()] = append(bySource[sm.Other()], sm)
	}
	refuse := func(e Entry, id, format string, args ...any) {
		res.Refused = append(res.Refused, Problem{File: name, Line: e.Line, ID: id, Msg: fmt.Sprintf(format, args...)})
	}
	seen := map[string]int{}
	for _, e := range f.Entries {
		var sm *catalog.Message
		if e.ID != "" {
			sm = src.Lookup(e.ID)
			if sm == nil {
				refuse(e, e.ID, "unknown message ID: %s has no such message (not imported)", w.unit.Name)
				continue
			}
		} else if sm = src.Lookup(e.AltID); sm == nil {
			// A tool that dropped the IDs (po2xliff keeps no msgctxt): a
			// source text that occurs once in the document names its
			// message.
			switch ms := bySource[e.Source]; len(ms) {
			case 1:
				sm = ms[0]
			case 0:
				refuse(e, "", "entry without a message ID whose source text is not in %s (not imported): %q", w.unit.Name, short(e.Source))
				continue
			default:
				refuse(e, "", "entry without a message ID whose source text occurs %d times in %s (not imported): %q", len(ms), w.unit.Name, short(e.Source))
				continue
			}
		}
		if l, dup := seen[sm.ID]; dup {
			refuse(e, sm.ID, "second entry for this message (the first is on line %d; not imported)", l)
			continue
		}
		seen[sm.ID] = e.Line
		if e.Plural {
			refuse(e, sm.ID, "entry with plural forms: Folio documents have none (not imported)")
			continue
		}
		if e.Source != sm.Other() {
			refuse(e, sm.ID, "the source text changed since this file was exported (not imported; export again): file has %q, the document now has %q", short(e.Source), short(sm.Other()))
			continue
		}
		if e.Target == "" {
			res.Unchanged++
			continue
		}
		tm := w.file.Lookup(sm.ID)
		if tm == nil {
			tm = &catalog.Message{ID: sm.ID}
			insert(w.file, tm, src)
		}
		old, oldState := tm.Other(), catalog.StateOf(sm, tm)
		hash := tm.Hash
		if !e.Fuzzy {
			if oldState != catalog.Current {
				hash = catalog.ExpectedHash(sm)
			}
		} else if oldState != catalog.Stale {
			// Not confirmed: it must stay stale. Its hash names the text it
			// was translated from when the file says, else the empty text.
			hash = catalog.Hash(e.Previous)
			if hash == catalog.ExpectedHash(sm) {
				hash = catalog.UnconfirmedHash
			}
		}
		if old == e.Target && hash == tm.Hash {
			res.Unchanged++
			continue
		}
		tm.Forms.Set("other", e.Target)
		tm.Hash = hash
		w.changed[sm.ID] = true
		w.from[sm.ID] = at{name, e.TargetLine, e.TargetColumn}
		w.changes = append(w.changes, Change{Catalog: w.path, ID: sm.ID, Old: old, New: e.Target, OldState: oldState, NewState: catalog.StateOf(sm, tm)})
	}
}

// insert adds m to f after the messages that come before it in the source
// catalog, so that the catalog keeps document order.
func insert(f *catalog.File, m *catalog.Message, src *catalog.File) {
	index := map[string]int{}
	for i, sm := range src.Messages {
		index[sm.ID] = i
	}
	f.Add(m)
	at := 0
	for i, x := range f.Messages[:len(f.Messages)-1] {
		if j, ok := index[x.ID]; ok && j < index[m.ID] {
			at = i + 1
		}
	}
	copy(f.Messages[at+1:], f.Messages[at:len(f.Messages)-1])
	f.Messages[at] = m
}

func short(s string) string {
	r := []rune(s)
	if len(r) > 60 {
		return string(r[:57]) + "…"
	}
	return s
}

// validate checks the merged catalog as it would be written and returns
// the errors on messages the import changed, and on the file as a whole.
func validate(st *state.State, w *work, data []byte) ([]check.Diagnostic, error) {
	parsed, err := catalog.Parse(w.path, data)
	if err != nil {
		// Folio's encoder wrote something its parser rejects: a bug, but
		// never written.
		return []check.Diagnostic{{File: w.path, Severity: check.Error, Check: "catalog-syntax", Locale: w.tag, Message: err.Error()}}, nil
	}
	u := *w.unit
	u.Strays = nil
	u.Locales = map[string]*state.Catalog{}
	for t, c := range w.unit.Locales {
		cc := *c
		if t == w.tag {
			cc.File, cc.Err, cc.Exists = parsed, nil, true
		}
		u.Locales[t] = &cc
	}
	one := &state.State{Project: st.Project, Units: []*state.Unit{&u}}
	r, err := pipeline.CheckState(one, []string{w.tag})
	if err != nil {
		return nil, err
	}
	var errs []check.Diagnostic
	for _, d := range r.Diagnostics {
		if d.Severity == check.Error && (d.ID == "" || w.changed[d.ID]) && d.File == w.path {
			// The catalog is not written, so its lines are nowhere to
			// be seen: an imported translation's error points at its
			// entry in the exchange file, which the translator edits.
			if from, ok := w.from[d.ID]; ok {
				d.File, d.Line, d.Column = from.file, from.line, from.column
			}
			errs = append(errs, d)
		}
	}
	return errs, nil
}

// ReadInputs reads the named files (at most project.MaxFileSize each).
func ReadInputs(names []string) ([]Input, []Problem) {
	var ins []Input
	var probs []Problem
	for _, n := range names {
		fi, err := os.Stat(n)
		if err == nil && fi.Size() > project.MaxFileSize {
			err = fmt.Errorf("%d bytes is over Folio's limit of %d MiB per file", fi.Size(), project.MaxFileSize>>20)
		}
		var data []byte
		if err == nil {
			data, err = os.ReadFile(n)
		}
		if err != nil {
			probs = append(probs, Problem{File: n, Msg: strings.TrimPrefix(err.Error(), "open "+n+": ")})
			continue
		}
		ins = append(ins, Input{Name: n, Data: data})
	}
	return ins, probs
}
