package pipeline

import (
	"errors"
	"io/fs"
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"

	"folio/internal/catalog"
	"folio/internal/project"
	"folio/internal/state"
)

// Change kinds of a diff entry.
const (
	ChangeAdded   = "added"   // a segment the last revision added
	ChangeRemoved = "removed" // a segment the last revision removed
	ChangeEdited  = "edited"  // a segment whose text the last revision changed
	ChangeEarlier = "earlier" // a translation still stale from an earlier revision
)

// DiffEntry is one change a source revision made, seen from one locale.
type DiffEntry struct {
	ID     string `json:"id"`
	Change string `json:"change"`
	// Old is the source text before (for a suggestion: the similar text
	// its translation was made from); New the text now.
	Old string `json:"old,omitempty"`
	New string `json:"new,omitempty"`
	// Diff is the word diff from Old to New.
	Diff []DiffOp `json:"diff,omitempty"`
	// State is the locale's translation now: current, stale, suggestion,
	// untranslated, obsolete (a removed segment's translation kept in the
	// obsolete store) or none (a removed segment that was not translated).
	State       string `json:"state"`
	Translation string `json:"translation,omitempty"`
}

// DiffOp is one run of a word diff: Op is "=" (unchanged), "-" (removed)
// or "+" (inserted).
type DiffOp struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// DiffDocument is what the last revision of one document changed.
type DiffDocument struct {
	Document string `json:"document"`
	// Recorded is false when extract has recorded no revision of the
	// document yet (then only earlier stale translations are listed).
	Recorded bool        `json:"recorded"`
	Changes  []DiffEntry `json:"changes"`
}

// DiffResult is folio diff's answer for one locale.
type DiffResult struct {
	Locale    string         `json:"locale"`
	Documents []DiffDocument `json:"documents"`
}

// Diff reports, for one locale, what the last source revision of each
// document changed and what it did to the locale's translations.
//
// The last revision is the difference between the source catalog extract
// kept before the last extract that added, removed or edited a segment
// (PreviousPath) and the source catalog now: segments added, removed and
// edited, matched by ID (IDs stay with their segments). Stale translations
// that the last revision did not touch are listed too, as "earlier", with
// the diff from the text they were made from (.folio/history). docs limits
// the report to these documents (all when empty).
func Diff(p *project.Project, tag string, docs []string) (*DiffResult, error) {
	st := state.Load(p, []string{tag})
	res := &DiffResult{Locale: tag}
	for _, u := range st.Units {
		if u.Doc == nil || (len(docs) > 0 && !containsID(docs, u.Name)) {
			continue
		}
		if u.SourceErr != nil {
			return nil, u.SourceErr
		}
		c := u.Locales[tag]
		if c.Err != nil {
			return nil, c.Err
		}
		prev, err := state.LoadCatalog(p, PreviousPath(u.Name))
		if err != nil && !isNotExist(err) {
			return nil, err
		}
		res.Documents = append(res.Documents, diffUnit(u, c, prev))
	}
	return res, nil
}

func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }

func diffUnit(u *state.Unit, c *state.Catalog, prev *catalog.File) DiffDocument {
	d := DiffDocument{Document: u.Name, Recorded: prev != nil, Changes: []DiffEntry{}}
	touched := map[string]bool{}
	stateOf := func(sm *catalog.Message) (string, *catalog.Message) {
		m := c.File.Lookup(sm.ID)
		switch catalog.StateOf(sm, m) {
		case catalog.Untranslated:
			return "untranslated", m
		case catalog.Current:
			return "current", m
		}
		if prev.Lookup(sm.ID) == nil && prev != nil {
			return "suggestion", m
		}
		return "stale", m
	}
	entry := func(change string, sm *catalog.Message, old string) DiffEntry {
		st, m := stateOf(sm)
		e := DiffEntry{ID: sm.ID, Change: change, New: sm.Other(), State: st}
		if m != nil {
			e.Translation = m.Other()
			if st == "suggestion" {
				old, _ = u.HistoryText(m.Hash)
			}
		}
		if old != "" {
			e.Old, e.Diff = old, WordDiff(old, sm.Other())
		}
		return e
	}
	for _, sm := range u.Source.Messages {
		var was *catalog.Message
		if prev != nil {
			was = prev.Lookup(sm.ID)
		}
		switch {
		case prev == nil:
			continue
		case was == nil:
			d.Changes = append(d.Changes, entry(ChangeAdded, sm, ""))
		case was.Other() != sm.Other():
			d.Changes = append(d.Changes, entry(ChangeEdited, sm, was.Other()))
		default:
			continue
		}
		touched[sm.ID] = true
	}
	if prev != nil {
		for _, pm := range prev.Messages {
			if u.Source.Lookup(pm.ID) != nil {
				continue
			}
			e := DiffEntry{ID: pm.ID, Change: ChangeRemoved, Old: pm.Other(), State: "none"}
			if om := c.Obsolete.Lookup(pm.ID); om != nil && om.Translated() {
				e.State, e.Translation = "obsolete", om.Other()
			}
			d.Changes = append(d.Changes, e)
		}
	}
	for _, sm := range u.Source.Messages {
		if touched[sm.ID] {
			continue
		}
		m := c.File.Lookup(sm.ID)
		if catalog.StateOf(sm, m) != catalog.Stale {
			continue
		}
		e := DiffEntry{ID: sm.ID, Change: ChangeEarlier, New: sm.Other(), State: "stale", Translation: m.Other()}
		if old, ok := u.HistoryText(m.Hash); ok {
			e.Old, e.Diff = old, WordDiff(old, sm.Other())
		}
		d.Changes = append(d.Changes, e)
	}
	return d
}

// WordDiff returns the word-level diff from old to new: runs of unchanged,
// removed and inserted words, each run's words joined by one space.
func WordDiff(old, new string) []DiffOp {
	dmp := diffmatchpatch.New()
	lines := func(s string) string { return strings.Join(strings.Fields(s), "\n") + "\n" }
	a, b, table := dmp.DiffLinesToRunes(lines(old), lines(new))
	diffs := dmp.DiffCharsToLines(dmp.DiffMainRunes(a, b, false), table)
	var ops []DiffOp
	for _, df := range diffs {
		text := strings.Join(strings.Fields(df.Text), " ")
		if text == "" {
			continue
		}
		op := "="
		switch df.Type {
		case diffmatchpatch.DiffDelete:
			op = "-"
		case diffmatchpatch.DiffInsert:
			op = "+"
		}
		if n := len(ops); n > 0 && ops[n-1].Op == op {
			ops[n-1].Text += " " + text
			continue
		}
		ops = append(ops, DiffOp{op, text})
	}
	return ops
}
