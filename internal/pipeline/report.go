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
func writeReport(p *project.Project, cov []coverage.Locale, out string) (written []string, outputs map[string]string, err error) {
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

// reportRun writes the status report and badges at the end of a build,
// unless their inputs are what they were when the cache last saw them
// written. While they are out of date (stale), build loads every unit of
// the project, batch by batch, and add keeps each batch's counts; the
// report covers the whole project, whatever the build selected. It is not
// rewritten from catalogs that do not load (it would show them as
// untranslated, and bad input must leave the project as it was).
type reportRun struct {
	p        *project.Project
	out      string
	c        *cache
	key      string
	stale    bool
	cov      []coverage.Locale
	problems []error
}

func newReportRun(p *project.Project, out string, h *fileHasher) *reportRun {
	r := &reportRun{p: p, out: out, c: loadCache(p, "report")}
	r.key = reportKey(p, out, h)
	e, ok := r.c.get(out)
	r.stale = !ok || e.Key != r.key || !outputsCurrent(e, r.abs)
	return r
}

func (r *reportRun) abs(rel string) string {
	if r.out == "" {
		return r.p.Abs(path.Join("output", rel))
	}
	return path.Join(r.out, rel)
}

// add counts a batch of loaded units (in project order).
func (r *reportRun) add(st *state.State) {
	if !r.stale {
		return
	}
	if r.problems = append(r.problems, LoadProblems(st, r.p.Locales)...); len(r.problems) > 0 {
		return
	}
	cov := coverage.Compute(st, r.p.Locales)
	if r.cov == nil {
		r.cov = cov
		return
	}
	for i := range cov {
		r.cov[i].Add(cov[i])
	}
}

// finish writes the report when it is stale and every unit loaded; skipped
// says why it was not.
func (r *reportRun) finish() (written []string, skipped string, err error) {
	if !r.stale {
		return nil, "", nil
	}
	if len(r.problems) > 0 {
		r.c.drop(r.out)
		r.c.save()
		return nil, fmt.Sprintf("status report and badges: not updated while %d file(s) do not load, first: %v", len(r.problems), r.problems[0]), nil
	}
	cov := r.cov
	if cov == nil {
		// A project with no unit at all.
		cov = coverage.Compute(&state.State{Project: r.p}, r.p.Locales)
	}
	written, outputs, err := writeReport(r.p, cov, r.out)
	if err != nil {
		r.c.drop(r.out)
	} else {
		r.c.put(r.out, cacheEntry{Key: r.key, Outputs: outputs})
	}
	r.c.save()
	return written, "", err
}
