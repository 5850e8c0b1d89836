package pipeline

import (
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
func writeReport(p *project.Project, st *state.State, out string) ([]string, error) {
	cov := coverage.Compute(st, p.Locales)
	files := map[string][]byte{"status.html": report.HTML(cov, ReportOptions(p))}
	for _, l := range cov {
		files[path.Join("badges", l.Tag+".svg")] = report.Badge(l.Tag, l.Percent())
	}
	var written []string
	for rel, data := range files {
		if out == "" {
			rel = path.Join("output", rel)
		}
		abs, err := outPath(p, out, rel)
		if err != nil {
			return written, err
		}
		changed, err := fsutil.WriteFile(abs, data)
		if err != nil {
			return written, err
		}
		if changed {
			written = append(written, rel)
		}
	}
	return written, nil
}
