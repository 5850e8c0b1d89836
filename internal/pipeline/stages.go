package pipeline

import (
	"fmt"
	"path"
	"sort"
	"sync"

	"folio/internal/build"
	"folio/internal/catalog"
	"folio/internal/check"
	"folio/internal/chrome"
	"folio/internal/coverage"
	"folio/internal/fsutil"
	"folio/internal/locale"
	"folio/internal/project"
	"folio/internal/state"
)

// Check loads the project and runs every check for the locales.
func Check(p *project.Project, locales []string) (*check.Result, *state.State, error) {
	return checkWith(p, locales, false)
}

// checkWith is Check; errorsOnly skips the checks that can only warn.
func checkWith(p *project.Project, locales []string, errorsOnly bool) (*check.Result, *state.State, error) {
	var cfg check.Config
	if err := p.DecodeChecks(&cfg); err != nil {
		return nil, nil, fmt.Errorf("folio.toml [checks]: %v", err)
	}
	if err := cfg.Validate(); err != nil {
		return nil, nil, fmt.Errorf("folio.toml %v", err)
	}
	g, err := check.LoadGlossary(p.Abs(check.GlossaryPath))
	if err != nil {
		return nil, nil, err
	}
	st := state.Load(p, p.Locales)
	return check.Run(st, check.Options{Locales: locales, Glossary: g, Config: cfg, ErrorsOnly: errorsOnly}), st, nil
}

// Status computes coverage for the locales.
func Status(p *project.Project, locales []string) []coverage.Locale {
	st := state.Load(p, p.Locales)
	return coverage.Compute(st, locales)
}

// BuildOptions select what folio build makes.
type BuildOptions struct {
	Locales []string // default: source language and every locale
	Formats []string // default: the project's
	Out     string   // absolute output folder
	Force   bool     // build despite check errors
	// Progress, if set, is called as editions are done (from several
	// goroutines, one call at a time): done of total.
	Progress func(done, total int)
}

// BuildResult says what build did.
type BuildResult struct {
	Written []string
	// Skipped explains each edition that was not built.
	Skipped []string
	Check   *check.Result
}

// Build assembles and renders the editions, one goroutine per document
// and locale. An edition whose catalogs have check errors is skipped
// (unless Force), and so is one under the project's minimum percentage.
func Build(p *project.Project, opts BuildOptions) (*BuildResult, error) {
	tags := opts.Locales
	if len(tags) == 0 {
		tags = p.AllLocales()
	}
	formats := opts.Formats
	if len(formats) == 0 {
		formats = p.Formats
	}
	// Only the documents with an edition whose inputs changed are loaded,
	// checked and built (cache.go).
	bc := newBuildCache(p, opts, tags, formats)
	res, st, err := checkWith(bc.project(), p.Locales, true)
	if err != nil {
		return nil, err
	}
	out := &BuildResult{Check: res}
	strings := chrome.Load(p.Root, p.SourceLanguage, p.Locales)
	date := ""
	if d := p.EditionDate(); !d.IsZero() {
		date = d.Format("2006-01-02")
	}
	type job struct {
		u   *state.Unit
		tag string
	}
	var jobs []job
	for _, u := range st.Units {
		if u.Doc == nil {
			continue
		}
		if u.SegErr != nil {
			out.Skipped = append(out.Skipped, u.SegErr.Error())
			continue
		}
		for _, tag := range tags {
			if !bc.stale(u.Name, tag) {
				continue
			}
			if tag != p.SourceLanguage {
				if errs := res.ErrorsFor(u.Name, tag); len(errs) > 0 && !opts.Force {
					out.Skipped = append(out.Skipped, fmt.Sprintf("%s (%s): not built: %d check error(s), first: %s", u.Name, tag, len(errs), errs[0]))
					continue
				}
			}
			jobs = append(jobs, job{u, tag})
		}
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	var firstErr error
	done := 0
	report := func() {
		mu.Lock()
		done++
		if opts.Progress != nil {
			opts.Progress(done, len(jobs))
		}
		mu.Unlock()
	}
	sem := make(chan struct{}, 4)
	for _, j := range jobs {
		wg.Add(1)
		go func(j job) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			defer report()
			ed := build.Assemble(j.u, j.tag, p.SourceLanguage, p.FallbackOmits())
			if j.tag != p.SourceLanguage && ed.Total > 0 {
				pct := float64(ed.Translated) * 100 / float64(ed.Total)
				if pct < p.Config.Build.MinPercent {
					mu.Lock()
					out.Skipped = append(out.Skipped, fmt.Sprintf("%s (%s): not built: %.1f%% translated, under build.min_percent %.0f%%", j.u.Name, j.tag, pct, p.Config.Build.MinPercent))
					mu.Unlock()
					return
				}
			}
			pg := build.Page{Chrome: strings, Date: date, Links: links(p, j.u.Name, j.tag, tags)}
			for _, f := range bc.formats(j.u.Name, j.tag) {
				var data []byte
				switch f {
				case "md":
					data = ed.Markdown
				case "html":
					data = ed.HTML(pg)
				case "txt":
					w := p.Config.Build.Wrap
					data = ed.Text(w)
				case "epub":
					data = ed.EPUB(pg, p.EditionDate())
				}
				rel := path.Join("output", j.tag, j.u.Name+"."+f)
				if opts.Out != "" {
					rel = path.Join(j.tag, j.u.Name+"."+f)
				}
				abs := outPath(p, opts.Out, rel)
				changed, err := fsutil.WriteOutput(abs, data)
				bc.written(j.u.Name, j.tag, f, abs, data, err)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				if changed {
					out.Written = append(out.Written, rel)
				}
				mu.Unlock()
			}
		}(j)
	}
	wg.Wait()
	bc.save()
	sort.Strings(out.Written)
	sort.Strings(out.Skipped)
	return out, firstErr
}

func outPath(p *project.Project, out, rel string) string {
	if out != "" {
		return path.Join(out, rel)
	}
	return p.Abs(rel)
}

// links returns the language switcher's links from one edition of a
// document to its editions in the other built locales.
func links(p *project.Project, doc, tag string, tags []string) []build.Link {
	var ls []build.Link
	depth := 1
	for _, c := range doc {
		if c == '/' {
			depth++
		}
	}
	up := ""
	for i := 0; i < depth; i++ {
		up += "../"
	}
	for _, t := range p.AllLocales() {
		if t == tag {
			continue
		}
		ls = append(ls, build.Link{Tag: t, Name: locale.SelfName(t), Href: up + t + "/" + doc + ".html"})
	}
	return ls
}

// Accept marks translations reviewed: each given ID's translation gets the
// current source hash. It returns the IDs accepted.
func Accept(p *project.Project, tag string, ids []string, all bool) ([]string, error) {
	st := state.Load(p, []string{tag})
	var accepted []string
	for _, u := range st.Units {
		c := u.Locales[tag]
		if c == nil || u.Source == nil {
			continue
		}
		if c.Err != nil {
			return nil, c.Err
		}
		changed := false
		for _, sm := range u.Source.Messages {
			tm := c.File.Lookup(sm.ID)
			if tm == nil || catalog.StateOf(sm, tm) != catalog.Stale {
				continue
			}
			if !all && !containsID(ids, sm.ID) {
				continue
			}
			tm.Hash = catalog.ExpectedHash(sm)
			tm.Comments = []string{"source: " + oneLine(sm.Other())}
			accepted = append(accepted, sm.ID)
			changed = true
		}
		if changed {
			data := c.File.Encode(localeHeader(u.Name, tag, p.SourceLanguage))
			abs, err := state.Contained(p, c.Path)
			if err != nil {
				return nil, err
			}
			if _, err := fsutil.WriteFile(abs, data); err != nil {
				return nil, err
			}
		}
	}
	return accepted, nil
}

func containsID(ids []string, id string) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}
