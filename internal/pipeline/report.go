package pipeline

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"sync"

	"folio/internal/coverage"
	"folio/internal/fsutil"
	"folio/internal/project"
	"folio/internal/report"
	"folio/internal/state"
)

// ReportOptions are the status report's options for a project.
func ReportOptions(p *project.Project) report.Options {
	date := ""
	if d := p.EditionDate(); !d.IsZero() {
		date = d.Format("2006-01-02")
	}
	return report.Options{SourceLanguage: p.SourceLanguage, Date: date}
}

// writeReport writes the status report (status.html) and a badge per
// locale (badges/<tag>.svg) beside the editions. They cover every locale of
// the project, whatever --locale selected, so that a partial build leaves
// them as a full one does. It returns the paths it changed.
func writeReport(p *project.Project, cov []coverage.Locale, out string) (written []string, outputs map[string]string, stamps map[string]fsutil.Stamp, err error) {
	files := map[string][]byte{"status.html": report.HTML(cov, ReportOptions(p))}
	for _, l := range cov {
		files[path.Join("badges", l.Tag+".svg")] = report.Badge(l.Tag, l.Percent())
	}
	outputs, stamps = map[string]string{}, map[string]fsutil.Stamp{}
	for name, data := range files {
		rel := name
		if out == "" {
			rel = path.Join("output", name)
		}
		abs, err := outPath(p, out, rel)
		if err != nil {
			return written, nil, nil, err
		}
		changed, stamp, err := fsutil.WriteOutputStamp(abs, data)
		if err != nil {
			return written, nil, nil, err
		}
		outputs[name] = contentHash(data)
		if stamp != (fsutil.Stamp{}) {
			stamps[name] = stamp
		}
		if changed {
			written = append(written, rel)
		}
	}
	return written, outputs, stamps, nil
}

// reportKey hashes everything the status report reads: the project key
// (base), and every document, catalog and obsolete store of every
// document and component in every locale. h holds the hashes build has
// already taken (the files build reads are not changed by it). The key
// begins with reportSources and a slash, so that a report whose documents
// changed is seen to be stale without hashing the catalogs.
func reportKey(p *project.Project, base, out string, h *fileHasher) string {
	parts := []string{base, out}
	units := append([]string{}, p.Components...)
	for _, d := range p.Documents {
		units = append(units, d.Name)
		parts = append(parts, h.hash(d.Path))
	}
	// Hash the catalogs on every core first, then join them in order.
	parallel(len(units), func(i int) {
		h.hash(project.CatalogPath(units[i], p.SourceLanguage))
		for _, tag := range p.Locales {
			h.hash(project.CatalogPath(units[i], tag))
			h.hash(project.ObsoletePath(units[i], tag))
		}
	})
	for _, name := range units {
		parts = append(parts, name, h.hash(project.CatalogPath(name, p.SourceLanguage)))
		for _, tag := range p.Locales {
			parts = append(parts, h.hash(project.CatalogPath(name, tag)), h.hash(project.ObsoletePath(name, tag)))
		}
	}
	return reportSources(p, base, out, h) + "/" + key(parts...)
}

// reportSources hashes the project key, the output folder and the
// documents' sources: build hashes the sources anyway.
func reportSources(p *project.Project, base, out string, h *fileHasher) string {
	parts := []string{base, out}
	for _, d := range p.Documents {
		parts = append(parts, d.Name, h.hash(d.Path))
	}
	return key(parts...)
}

// reportRun writes the status report and badges at the end of a build,
// unless their inputs are what they were when the cache last saw them
// written. While they are out of date (stale), the report needs the counts
// of every unit of the project in every locale, whatever the build
// selected: it takes those whose key status's cache holds (statuscache.go;
// the keys are made of the hashes build takes anyway), and build loads,
// with the documents it builds, the units with counts still missing in the
// locales they are missing in (needs, missing), whose counts add keeps and
// puts in the cache. The report is not
// rewritten from catalogs that do not load (it would show them as
// untranslated, and bad input must leave the project as it was).
type reportRun struct {
	p     *project.Project
	base  string // projectKey, as build made it
	out   string
	c     *cache
	h     *fileHasher
	key   string
	stale bool
	// While stale: the units in project order (documents, then
	// components), their index by name, and status's cache.
	units   []reportUnit
	index   map[string]int
	exeID   string
	entries map[string]statusEntry
	changed bool // entries to save
	// mu guards units' counts and problems, entries and changed: Build
	// adds units from several workers.
	mu sync.Mutex
}

// reportUnit is one unit's part of the report.
type reportUnit struct {
	name string
	doc  *project.Document
	// keys are its status cache keys in each locale of the project (nil
	// when the executable has no hash: nothing is cached); counts, in each
	// locale, known where known says.
	keys     []string
	counts   []coverage.Unit
	known    []bool
	problems []error
}

// newReportRun says whether the report is stale. The units build will
// load (loading) are counted, and their status keys made, as they load
// (add), when the report's sources changed (their catalogs are not hashed
// yet, and are hashed as they load); the others' keys are made now, and
// their counts taken from status's cache where it has them. A build after
// one catalog changed takes the counts of that document's other locales
// from the cache, and loads only the catalog that changed.
func newReportRun(p *project.Project, base, out string, h *fileHasher, loading map[string]bool) *reportRun {
	r := &reportRun{p: p, base: base, out: out, c: loadCache(p, "report"), h: h}
	// With no entry, or one for other sources, the report is stale before
	// the catalogs are hashed; its key is made when it is written.
	e, ok := r.c.get(out)
	r.stale = true
	if src, _, _ := strings.Cut(e.Key, "/"); ok && src == reportSources(p, base, out, h) {
		r.key = reportKey(p, base, out, h)
		r.stale = e.Key != r.key || !outputsCurrent(r.c, out, e, r.abs)
	}
	if !r.stale {
		return r
	}
	r.index = map[string]int{}
	for i := range p.Documents {
		r.units = append(r.units, reportUnit{name: p.Documents[i].Name, doc: &p.Documents[i]})
	}
	for _, c := range p.Components {
		r.units = append(r.units, reportUnit{name: c})
	}
	for i := range r.units {
		r.index[r.units[i].name] = i
		r.units[i].counts = make([]coverage.Unit, len(p.Locales))
		r.units[i].known = make([]bool, len(p.Locales))
	}
	r.exeID = state.ExecutableHash()
	if r.exeID == "" {
		return r // nothing is cached
	}
	r.entries = loadStatusCache(p)
	// reportKey hashed every catalog: keys cost no read.
	hashed := r.key != ""
	parallel(len(r.units), func(i int) {
		if hashed || !loading[r.units[i].name] {
			r.fromCache(&r.units[i])
		}
	})
	return r
}

// fromCache computes a unit's keys and takes its counts in each locale
// from status's cache where the locale's key is there.
func (r *reportRun) fromCache(u *reportUnit) {
	src, unsure := r.makeKeys(u)
	if src == "-" {
		return // never an entry's input
	}
	for _, rel := range unsure {
		if !r.h.missing(rel) {
			return
		}
	}
	for i, tag := range r.p.Locales {
		if e, ok := r.entries[statusJob(tag, u.name)]; ok && e.Key == u.keys[i] {
			u.counts[i] = coverage.Unit{Name: u.name, Counts: e.Counts}
			u.known[i] = true
		}
	}
}

// makeKeys makes a unit's status cache keys (u.keys) from the hasher, and
// returns its source catalog's hash and the inputs the hasher could not
// read (it says "-" for a file it cannot read, missing or not: only a
// missing one can be an entry's input).
func (r *reportRun) makeKeys(u *reportUnit) (src string, unsure []string) {
	p, h := r.p, r.h
	hash := func(rel string) string {
		v := h.hash(rel)
		if v == "-" {
			unsure = append(unsure, rel)
		}
		return v
	}
	doc := ""
	if u.doc != nil {
		doc = hash(u.doc.Path)
	}
	src = hash(project.CatalogPath(u.name, p.SourceLanguage))
	u.keys = make([]string, len(p.Locales))
	for i, tag := range p.Locales {
		u.keys[i] = statusKey(p, r.exeID, u.name, doc, src, tag, hash(project.CatalogPath(u.name, tag)), hash(project.ObsoletePath(u.name, tag)))
	}
	return src, unsure
}

// needs reports whether build must load a unit for the report.
func (r *reportRun) needs(name string) bool {
	return len(r.missing(name)) > 0
}

// missing returns the locales in which the report needs a unit's counts
// (none when the report is not stale).
func (r *reportRun) missing(name string) []string {
	if !r.stale {
		return nil
	}
	i, ok := r.index[name]
	if !ok {
		return nil
	}
	var tags []string
	for k, tag := range r.p.Locales {
		if !r.units[i].known[k] {
			tags = append(tags, tag)
		}
	}
	return tags
}

func (r *reportRun) abs(rel string) string {
	if r.out == "" {
		return r.p.Abs(path.Join("output", rel))
	}
	return path.Join(r.out, rel)
}

// add counts the units of st in the locales the report needs them in
// (those missing that the unit was loaded in), and puts their counts in
// status's cache when they are those of the files hashed for their keys
// (read again to see it: a file may have changed since).
func (r *reportRun) add(st *state.State) {
	if !r.stale {
		return
	}
	var todo []*state.Unit
	var tags [][]string
	for _, u := range st.Units {
		var loaded []string
		for _, tag := range r.missing(u.Name) {
			if u.Locales[tag] != nil {
				loaded = append(loaded, tag)
			}
		}
		if len(loaded) > 0 {
			todo = append(todo, u)
			tags = append(tags, loaded)
		}
	}
	type result struct {
		counts   []coverage.Unit
		problems []error
		keep     bool
	}
	results := make([]result, len(todo))
	parallel(len(todo), func(i int) {
		u := todo[i]
		ru := &r.units[r.index[u.Name]]
		if ru.keys == nil && r.exeID != "" {
			// A unit build loaded for itself: its files are hashed as
			// loaded (fileHasher.seed).
			r.makeKeys(ru)
		}
		one := &state.State{Project: r.p, Units: []*state.Unit{u}}
		res := result{counts: coverage.ComputeUnit(u, tags[i]), problems: LoadProblems(one, tags[i])}
		res.keep = r.exeID != "" && len(res.problems) == 0 && u.Source != nil && r.hashedAsLoaded(ru, u, tags[i])
		results[i] = res
	})
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, u := range todo {
		ru := &r.units[r.index[u.Name]]
		ru.problems = results[i].problems
		for k, tag := range tags[i] {
			j := slices.Index(r.p.Locales, tag)
			ru.counts[j], ru.known[j] = results[i].counts[k], true
			if results[i].keep {
				r.entries[statusJob(tag, u.Name)] = statusEntry{Key: ru.keys[j], Counts: ru.counts[j].Counts}
				countedCatalogs.Add(1)
				r.changed = true
			}
		}
	}
}

// hashedAsLoaded reports whether a unit's files in the locales (tags), as
// state loaded them (their Sums), are those hashed for its keys: a file
// may have changed between the hashing and the loading.
func (r *reportRun) hashedAsLoaded(ru *reportUnit, u *state.Unit, tags []string) bool {
	p := r.p
	if u.Sums == nil {
		return false
	}
	files := []string{project.CatalogPath(ru.name, p.SourceLanguage)}
	if ru.doc != nil {
		files = append(files, ru.doc.Path)
	}
	for _, tag := range tags {
		files = append(files, project.CatalogPath(ru.name, tag), project.ObsoletePath(ru.name, tag))
	}
	for _, rel := range files {
		loaded := "-"
		if sum, ok := u.Sums[rel]; ok {
			loaded = sumString(sum)
		}
		if loaded != r.h.hash(rel) {
			return false
		}
	}
	return len(ru.keys) == len(p.Locales)
}

// finish writes the report when it is stale and every unit loaded; skipped
// says why it was not.
func (r *reportRun) finish() (written []string, skipped string, err error) {
	if !r.stale {
		r.c.save() // outputs' new Stamps, if any
		return nil, "", nil
	}
	if r.changed {
		saveStatusCache(r.p, r.entries)
	}
	var problems []error
	byLocale := make([][]coverage.Unit, len(r.p.Locales))
	for _, u := range r.units {
		problems = append(problems, u.problems...)
		for i := range byLocale {
			if u.known[i] {
				byLocale[i] = append(byLocale[i], u.counts[i])
			}
		}
	}
	if len(problems) > 0 {
		r.c.drop(r.out)
		r.c.save()
		return nil, fmt.Sprintf("status report and badges: not updated while %d file(s) do not load, first: %v", len(problems), problems[0]), nil
	}
	var cov []coverage.Locale
	for i, tag := range r.p.Locales {
		cov = append(cov, coverage.Sum(tag, byLocale[i]))
	}
	written, outputs, stamps, err := writeReport(r.p, cov, r.out)
	if err != nil {
		r.c.drop(r.out)
	} else {
		if r.key == "" {
			// Every file is hashed by now: those of the units counted
			// from status's cache, and as loaded those of the others.
			r.key = reportKey(r.p, r.base, r.out, r.h)
		}
		r.c.put(r.out, cacheEntry{Key: r.key, Outputs: outputs, Stamps: stamps})
	}
	r.c.save()
	return written, "", err
}
