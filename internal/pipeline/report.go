package pipeline

import (
	"fmt"
	"path"

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
func writeReport(p *project.Project, st *state.State, out string) (written []string, outputs map[string]string, err error) {
	cov := coverage.Compute(st, p.Locales)
	files := map[string][]byte{"status.html": report.HTML(cov, ReportOptions(p))}
	for _, l := range cov {
		files[path.Join("badges", l.Tag+".svg")] = report.Badge(l.Tag, l.Percent())
	}
	outputs = map[string]string{}
	for name, data := range files {
		rel := name
		if out == "" {
			rel = path.Join("output", name)
		}
		abs, err := outPath(p, out, rel)
		if err != nil {
			return written, nil, err
		}
		changed, err := fsutil.WriteOutput(abs, data)
		if err != nil {
			return written, nil, err
		}
		outputs[name] = contentHash(data)
		if changed {
			written = append(written, rel)
		}
	}
	return written, outputs, nil
}

// reportKey hashes everything the status report reads: the project key,
// and every document, catalog and obsolete store of every document and
// component in every locale. h holds the hashes build has already taken
// (the files build reads are not changed by it).
func reportKey(p *project.Project, out string, h *fileHasher) string {
	parts := []string{projectKey(p, h), out}
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
	return key(parts...)
}

// buildReport writes the status report and badges unless their inputs are
// what they were when the cache last saw them written. It loads the whole
// project: a build may have loaded only the documents it had to rebuild.
// The report is not rewritten from catalogs that do not load (it would
// show them as untranslated, and bad input must leave the project as it
// was); that is reported in skipped.
//
// loaded, when not nil, holds units build has already loaded from this
// project with its locales (the files have not changed since): those are
// reused instead of loaded again.
func buildReport(p *project.Project, out string, loaded *state.State, h *fileHasher) (written []string, skipped string, err error) {
	c := loadCache(p, "report.json")
	if h == nil {
		h = newFileHasher(p)
	}
	k := reportKey(p, out, h)
	abs := func(rel string) string {
		if out == "" {
			return p.Abs(path.Join("output", rel))
		}
		return path.Join(out, rel)
	}
	if e, ok := c.get(out); ok && e.Key == k && outputsCurrent(e, abs) {
		return nil, "", nil
	}
	st := completeState(p, loaded)
	if problems := LoadProblems(st, p.Locales); len(problems) > 0 {
		c.drop(out)
		c.save()
		return nil, fmt.Sprintf("status report and badges: not updated while %d file(s) do not load, first: %v", len(problems), problems[0]), nil
	}
	written, outputs, err := writeReport(p, st, out)
	if err != nil {
		c.drop(out)
	} else {
		c.put(out, cacheEntry{Key: k, Outputs: outputs})
	}
	c.save()
	return written, "", err
}

// completeState is state.Load(p, p.Locales) that takes the documents
// loaded already holds from it instead of loading them a second time.
func completeState(p *project.Project, loaded *state.State) *state.State {
	have := map[string]*state.Unit{}
	if loaded != nil {
		for _, u := range loaded.Units {
			if u.Doc != nil {
				have[u.Name] = u
			}
		}
	}
	if len(have) == 0 {
		return state.Load(p, p.Locales)
	}
	q := *p
	q.Documents = nil
	for _, d := range p.Documents {
		if have[d.Name] == nil {
			q.Documents = append(q.Documents, d)
		}
	}
	rest := state.Load(&q, p.Locales)
	st := &state.State{Project: p}
	i := 0
	for _, d := range p.Documents {
		if u := have[d.Name]; u != nil {
			st.Units = append(st.Units, u)
		} else {
			st.Units = append(st.Units, rest.Units[i])
			i++
		}
	}
	// state.Load puts the components after the documents.
	st.Units = append(st.Units, rest.Units[i:]...)
	return st
}
