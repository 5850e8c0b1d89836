package pipeline

import (
	"bytes"
	"encoding/gob"
	"os"
	"path"
	"strconv"
	"strings"

	"folio/internal/check"
	"folio/internal/fsutil"
	"folio/internal/project"
	"folio/internal/state"
)

// The check cache (.folio/cache/check.gob) keeps the diagnostics of each
// unit (document or component) with the key of everything they were
// computed from: the Folio executable, folio.toml (check configuration,
// locales, documents), the glossary, the locales asked and whether only
// errors were, and the unit's files: document, source catalog, history,
// every locale catalog and obsolete store, and the names in its catalog
// folder (stray catalogs). Keys are hashes of file contents, as
// for the build and extract caches. A unit whose key matches is neither
// loaded nor checked; a missing or unreadable cache is an empty one.

const checkCacheFile = "check.gob"

type checkCacheEntry struct {
	Key         string
	Diagnostics []check.Diagnostic
}

type checkCache struct {
	p       *project.Project
	names   []string // every unit, in state.Load's order
	keys    []string // their keys; "" = not cacheable
	entries map[string]checkCacheEntry
	hits    map[string]bool
}

// newCheckCache computes the units' keys and finds those whose cached
// diagnostics are current. It is off (every unit missed) when the Folio
// executable cannot be identified.
func newCheckCache(p *project.Project, locales []string, errorsOnly bool) *checkCache {
	cc := &checkCache{p: p, entries: map[string]checkCacheEntry{}, hits: map[string]bool{}}
	for _, d := range p.Documents {
		cc.names = append(cc.names, d.Name)
	}
	cc.names = append(cc.names, p.Components...)
	cc.keys = make([]string, len(cc.names))
	if state.ExecutableHash() == "" {
		return cc
	}
	if data, err := os.ReadFile(p.Abs(path.Join(cacheDir, checkCacheFile))); err == nil {
		if gob.NewDecoder(bytes.NewReader(data)).Decode(&cc.entries) != nil {
			cc.entries = map[string]checkCacheEntry{}
		}
	}
	h := newFileHasher(p)
	base := key(projectKey(p, h), "check", strconv.FormatBool(errorsOnly), strings.Join(locales, ","))
	parallel(len(cc.names), func(i int) {
		var doc *project.Document
		if i < len(p.Documents) {
			doc = &p.Documents[i]
		}
		cc.keys[i] = checkKey(p, h, base, cc.names[i], doc)
	})
	for i, name := range cc.names {
		if e, ok := cc.entries[name]; ok && cc.keys[i] != "" && e.Key == cc.keys[i] {
			cc.hits[name] = true
		}
	}
	return cc
}

// checkKey hashes a unit's check inputs, or returns "" when one of them
// cannot be told by its content (a file that exists but does not read, a
// path leading outside the project).
func checkKey(p *project.Project, h *fileHasher, base, name string, doc *project.Document) string {
	parts := []string{base, name}
	file := func(rel string) bool {
		v := h.hash(rel)
		if strings.HasPrefix(v, "outside ") {
			return false
		}
		if v == "-" {
			// Missing is an input; there but unreadable is not cacheable.
			if _, err := os.Lstat(p.Abs(rel)); err == nil || !os.IsNotExist(err) {
				return false
			}
		}
		parts = append(parts, rel, v)
		return true
	}
	if doc != nil {
		parts = append(parts, "document", doc.Path)
		if !file(doc.Path) {
			return ""
		}
	}
	if !file(state.HistoryPath(name)) || !file(project.CatalogPath(name, p.SourceLanguage)) {
		return ""
	}
	for _, tag := range p.Locales {
		if !file(project.CatalogPath(name, tag)) || !file(project.ObsoletePath(name, tag)) {
			return ""
		}
	}
	// The catalog folder's names: stray catalogs are diagnostics.
	dir, err := state.Contained(p, "locales/"+name)
	if err != nil {
		return ""
	}
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		return ""
	}
	for _, e := range entries {
		parts = append(parts, "entry", e.Name(), strconv.FormatBool(e.IsDir()))
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".toml") {
			if !file("locales/" + name + "/" + e.Name()) {
				return ""
			}
		}
	}
	return key(parts...)
}

// project is the project limited to the units to check.
func (cc *checkCache) project() *project.Project {
	q := *cc.p
	q.Documents = nil
	for _, d := range cc.p.Documents {
		if !cc.hits[d.Name] {
			q.Documents = append(q.Documents, d)
		}
	}
	q.Components = nil
	for _, c := range cc.p.Components {
		if !cc.hits[c] {
			q.Components = append(q.Components, c)
		}
	}
	return &q
}

// merge returns every unit's diagnostics in the order a full run gives,
// those of st (the units checked) from perUnit, the others from the
// cache, and saves the cache when a unit was checked.
func (cc *checkCache) merge(st *state.State, perUnit [][]check.Diagnostic) *check.Result {
	fresh := map[string][]check.Diagnostic{}
	for i, u := range st.Units {
		fresh[u.Name] = perUnit[i]
	}
	all := make([][]check.Diagnostic, len(cc.names))
	next := map[string]checkCacheEntry{}
	for i, name := range cc.names {
		if ds, ok := fresh[name]; ok {
			all[i] = ds
			if cc.keys[i] != "" {
				next[name] = checkCacheEntry{Key: cc.keys[i], Diagnostics: ds}
			}
			continue
		}
		e := cc.entries[name]
		all[i] = e.Diagnostics
		next[name] = e
	}
	if len(st.Units) > 0 && state.ExecutableHash() != "" {
		var buf bytes.Buffer
		if gob.NewEncoder(&buf).Encode(next) == nil {
			fsutil.WriteOutput(cc.p.Abs(path.Join(cacheDir, checkCacheFile)), buf.Bytes())
		}
	}
	return check.Merge(all)
}

// cachedCheck is checkWith for folio check: units whose check inputs are
// unchanged since a run cached their diagnostics are not loaded again, and
// the others are loaded and checked a batch at a time (buildBatch), so
// that memory holds a batch, not the project. The state it returns names
// the units it checked (their loaded data is dropped with their batch).
func cachedCheck(p *project.Project, locales []string, opts check.Options) (*check.Result, *state.State) {
	cc := newCheckCache(p, locales, opts.ErrorsOnly)
	q := cc.project()
	var docs []string
	for _, d := range q.Documents {
		docs = append(docs, d.Name)
	}
	checked := &state.State{Project: p}
	var perUnit [][]check.Diagnostic
	inBatches(p, docs, q.Components, func(st *state.State) {
		perUnit = append(perUnit, check.RunUnits(st, opts)...)
		for _, u := range st.Units {
			checked.Units = append(checked.Units, &state.Unit{Name: u.Name, Doc: u.Doc})
		}
	})
	return cc.merge(checked, perUnit), checked
}
