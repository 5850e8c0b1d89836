// Package exchange carries a project's translations out to CAT tools and
// back: it writes and reads gettext PO and XLIFF 1.2 exchange files, one per
// document and locale, and merges the translations they carry into the
// locale catalogs. The catalogs stay the source of truth: an exchange file
// is a working copy that import checks against the current source before
// anything is written.
//
// Markdown inline syntax (emphasis, links, code spans, inline HTML) is
// carried as plain text in both formats, exactly as the catalogs hold it;
// check's markdown-parity and unsafe-markup checks guard it on import.
//
// The package imports pipeline (EncodeLocale, CheckState), state, catalog,
// check, project, fsutil and the standard library (encoding/xml for XLIFF).
package exchange

import (
	"fmt"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"folio/internal/catalog"
	"folio/internal/fsutil"
	"folio/internal/project"
	"folio/internal/state"
)

// Formats are the exchange formats, with their file extensions.
var Formats = map[string]string{"po": ".po", "xliff": ".xlf"}

// Entry is one message of an exchange file.
type Entry struct {
	ID string
	// AltID is what may name the message when ID is empty: an XLIFF id
	// without resname, a PO reference without msgctxt (xliff2po puts the
	// XLIFF id there).
	AltID  string
	Source string
	Target string
	// Fuzzy is set when the translation is not confirmed: PO "fuzzy",
	// XLIFF states new and needs-*, or approved="no".
	Fuzzy bool
	// Previous is the source text a stale translation was made from (PO
	// "#| msgid").
	Previous    string
	Description string
	// Location is "path:line" of the segment in its source document.
	Location string
	// State is the catalog state at export (not read back).
	State catalog.State
	// Plural is set for an entry with plural forms (import refuses it).
	Plural bool
	// Line is where the entry starts in the exchange file (import);
	// TargetLine and TargetColumn where its translation does (PO: the
	// msgstr string's opening quote; XLIFF: the end of the <target> tag),
	// 0 when it has none.
	Line                     int
	TargetLine, TargetColumn int
}

// File is the content of an exchange file.
type File struct {
	// Document names the document (PO X-Folio-Document); Original is
	// XLIFF's original attribute or a PO reference's path.
	Document, Original string
	SourceLanguage     string
	Language           string
	// Date (YYYY-MM-DD) is the PO revision date: the project's edition
	// date, so that exports are reproducible.
	Date    string
	Entries []Entry
}

// States selects the entries to export.
type States struct{ Untranslated, Stale, Current bool }

// ParseStates reads a comma-separated list of untranslated, stale, current
// (or translated) and all.
func ParseStates(s string) (States, error) {
	var st States
	for _, x := range strings.Split(s, ",") {
		switch strings.TrimSpace(x) {
		case "untranslated":
			st.Untranslated = true
		case "stale", "fuzzy":
			st.Stale = true
		case "current", "translated":
			st.Current = true
		case "all":
			st = States{true, true, true}
		case "":
		default:
			return st, fmt.Errorf("unknown state %q (known: untranslated, stale, current, all)", x)
		}
	}
	if st == (States{}) {
		return st, fmt.Errorf("no state selected")
	}
	return st, nil
}

func (s States) has(c catalog.State) bool {
	switch c {
	case catalog.Untranslated:
		return s.Untranslated
	case catalog.Stale:
		return s.Stale
	}
	return s.Current
}

// FileName is the name of the exchange file of document doc in locale tag,
// relative to the export folder: <doc>.<tag>.po or <doc>.<tag>.xlf.
func FileName(doc, tag, format string) string {
	return doc + "." + tag + Formats[format]
}

// Collect returns the exchange file of one document unit and locale, with
// the entries in the selected states, in document order.
func Collect(p *project.Project, u *state.Unit, tag string, sel States) (*File, error) {
	if u.Doc == nil {
		return nil, fmt.Errorf("%s is a catalog-only component; export covers documents", u.Name)
	}
	if u.SourceErr != nil {
		return nil, fmt.Errorf("%v (run `folio extract` first)", u.SourceErr)
	}
	c := u.Locales[tag]
	if c == nil {
		return nil, fmt.Errorf("%s is not a locale of this project", tag)
	}
	if c.Err != nil {
		return nil, c.Err
	}
	f := &File{Document: u.Name, Original: u.Doc.Path, SourceLanguage: p.SourceLanguage, Language: tag}
	lines := segmentLines(u)
	for _, sm := range u.Source.Messages {
		tm := c.File.Lookup(sm.ID)
		st := catalog.StateOf(sm, tm)
		if !sel.has(st) {
			continue
		}
		e := Entry{ID: sm.ID, Source: sm.Other(), Description: sm.Description, State: st, Fuzzy: st == catalog.Stale}
		if sm.Forms.Len() > 1 {
			e.Plural = true
		}
		if tm != nil {
			e.Target = tm.Other()
		}
		if st == catalog.Stale {
			e.Previous, _ = u.HistoryText(tm.Hash)
		}
		if l, ok := lines[sm.ID]; ok {
			e.Location = fmt.Sprintf("%s:%d", u.Doc.Path, l)
		}
		f.Entries = append(f.Entries, e)
	}
	return f, nil
}

// segmentLines maps each source message ID to its segment's first line,
// when the source catalog is in step with the document.
func segmentLines(u *state.Unit) map[string]int {
	m := map[string]int{}
	if u.Segments == nil || u.Source == nil || len(u.Segments.Segments) != len(u.Source.Messages) {
		return m
	}
	for i, s := range u.Segments.Segments {
		sm := u.Source.Messages[i]
		if s.Text != sm.Other() {
			return map[string]int{}
		}
		m[sm.ID] = s.Line
	}
	return m
}

// ExportOptions select what Export writes.
type ExportOptions struct {
	Locale string
	Format string // po or xliff
	States States
	// Out is the absolute folder the files go to.
	Out       string
	Generator string // e.g. "Folio 0.1.0"
}

// ExportResult says what Export did.
type ExportResult struct {
	// Written are the files written, relative to Out; Unchanged those
	// that already held the same content.
	Written, Unchanged []string
	// Counts are the entries per file, by name relative to Out.
	Counts map[string]int
	// Components are the catalog-only components, which are not exported.
	Components []string
	Errors     []error
}

// Documents returns the document units of st, sorted by name.
func Documents(st *state.State) []*state.Unit {
	var us []*state.Unit
	for _, u := range st.Units {
		if u.Doc != nil {
			us = append(us, u)
		}
	}
	sort.Slice(us, func(i, j int) bool { return us[i].Name < us[j].Name })
	return us
}

// Encode encodes f in the format.
func Encode(f *File, format, generator string) ([]byte, error) {
	switch format {
	case "po":
		return EncodePO(f, generator), nil
	case "xliff":
		return EncodeXLIFF(f, generator)
	}
	return nil, fmt.Errorf("unknown format %q (known: po, xliff)", format)
}

// Parse reads an exchange file, choosing the format by content.
func Parse(name string, data []byte) (*File, error) {
	trimmed := strings.TrimLeft(strings.TrimPrefix(string(data), "\uFEFF"), " \t\r\n")
	if strings.HasPrefix(trimmed, "<") {
		return ParseXLIFF(name, data)
	}
	return ParsePO(name, data)
}

// guessFromName reads <doc>.<tag>.<ext> from a file name (its base name;
// the folder is not part of the document name).
func guessFromName(name string) (doc, tag string) {
	base := path.Base(strings.ReplaceAll(name, "\\", "/"))
	ext := path.Ext(base)
	stem := strings.TrimSuffix(base, ext)
	i := strings.LastIndex(stem, ".")
	if i <= 0 {
		return stem, ""
	}
	return stem[:i], stem[i+1:]
}

// Export writes one exchange file per document for the locale into
// opts.Out (or, when Out is empty, the project's exchange/ folder, which
// must stay inside the project).
func Export(p *project.Project, opts ExportOptions) (*ExportResult, error) {
	if _, ok := Formats[opts.Format]; !ok {
		return nil, fmt.Errorf("unknown format %q (known: po, xliff)", opts.Format)
	}
	st := state.Load(p, []string{opts.Locale})
	res := &ExportResult{Counts: map[string]int{}}
	for _, u := range st.Units {
		if u.Doc == nil {
			res.Components = append(res.Components, u.Name)
		}
	}
	sort.Strings(res.Components)
	for _, u := range Documents(st) {
		f, err := Collect(p, u, opts.Locale, opts.States)
		if err != nil {
			res.Errors = append(res.Errors, fmt.Errorf("%s: %v", u.Name, err))
			continue
		}
		if d := p.EditionDate(); !d.IsZero() {
			f.Date = d.Format("2006-01-02")
		}
		data, err := Encode(f, opts.Format, opts.Generator)
		if err != nil {
			res.Errors = append(res.Errors, fmt.Errorf("%s: %v", u.Name, err))
			continue
		}
		rel := FileName(u.Name, opts.Locale, opts.Format)
		var abs string
		if opts.Out == "" {
			abs, err = state.Contained(p, DefaultOut+"/"+rel)
		} else {
			abs, err = within(opts.Out, rel)
		}
		if err != nil {
			res.Errors = append(res.Errors, err)
			continue
		}
		changed, err := fsutil.WriteFile(abs, data)
		if err != nil {
			res.Errors = append(res.Errors, err)
			continue
		}
		if changed {
			res.Written = append(res.Written, rel)
		} else {
			res.Unchanged = append(res.Unchanged, rel)
		}
		res.Counts[rel] = len(f.Entries)
	}
	return res, nil
}

// DefaultOut is the project-relative folder export writes to without --out.
const DefaultOut = "exchange"

// within joins rel to dir, refusing a result outside dir.
func within(dir, rel string) (string, error) {
	abs := filepath.Join(dir, filepath.FromSlash(rel))
	r, err := filepath.Rel(dir, abs)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("%s: leads outside %s", rel, dir)
	}
	return abs, nil
}
