package pipeline

import (
	"fmt"
	"path"
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"

	"folio/internal/build"
	"folio/internal/catalog"
	"folio/internal/check"
	"folio/internal/chrome"
	"folio/internal/coverage"
	"folio/internal/fsutil"
	"folio/internal/locale"
	par "folio/internal/parallel"
	"folio/internal/project"
	"folio/internal/state"
)

// Check loads the project and runs every check for the locales. Units
// whose diagnostics the check cache holds for the same inputs are not
// loaded again (checkcache.go): the state returned holds the units
// checked.
func Check(p *project.Project, locales []string) (*check.Result, *state.State, error) {
	opts, err := checkOptions(p, locales)
	if err != nil {
		return nil, nil, err
	}
	res := &check.Result{}
	st, _, _, err := cachedCheck(p, locales, opts, func(d check.Diagnostic) error {
		res.Diagnostics = append(res.Diagnostics, d)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return res, st, nil
}

// CheckStream is Check for a large project: it hands each diagnostic to f,
// in Check's order, without holding them all, and returns the number of
// errors and warnings. An error of f ends it.
func CheckStream(p *project.Project, locales []string, f func(check.Diagnostic) error) (errs, warns int, err error) {
	opts, err := checkOptions(p, locales)
	if err != nil {
		return 0, 0, err
	}
	_, errs, warns, err = cachedCheck(p, locales, opts, f)
	return errs, warns, err
}

// checkWith is Check; errorsOnly skips the checks that can only warn.
func checkWith(p *project.Project, locales []string, errorsOnly bool) (*check.Result, *state.State, error) {
	opts, err := checkOptions(p, locales)
	if err != nil {
		return nil, nil, err
	}
	st := state.Load(p, p.Locales)
	opts.ErrorsOnly = errorsOnly
	return check.Run(st, opts), st, nil
}

// CheckState runs every check for the locales over an already loaded (and
// possibly modified, not yet written) state, with the project's check
// configuration and glossary.
func CheckState(st *state.State, locales []string) (*check.Result, error) {
	opts, err := checkOptions(st.Project, locales)
	if err != nil {
		return nil, err
	}
	return check.Run(st, opts), nil
}

func checkOptions(p *project.Project, locales []string) (check.Options, error) {
	var cfg check.Config
	if err := p.DecodeChecks(&cfg); err != nil {
		return check.Options{}, fmt.Errorf("folio.toml [checks]: %v", err)
	}
	if err := cfg.Validate(); err != nil {
		return check.Options{}, fmt.Errorf("folio.toml %v", err)
	}
	glossary, err := state.Contained(p, check.GlossaryPath)
	if err != nil {
		return check.Options{}, err
	}
	if testGlossaryLoaded != nil {
		testGlossaryLoaded(check.GlossaryPath)
	}
	g, err := check.LoadGlossary(glossary, check.GlossaryPath)
	if err != nil {
		return check.Options{}, err
	}
	return check.Options{Locales: locales, Glossary: g, Config: cfg}, nil
}

// testChecked, when a test sets it, is told the locales Build checks each
// document in.
var testChecked func(unit string, locales []string)

// testLoaded, when a test sets it, is told the locales Build loads each
// unit in (from several goroutines).
var testLoaded func(unit string, locales []string)

// testGlossaryLoaded, when a test sets it, is told each time checkOptions
// loads the glossary.
var testGlossaryLoaded func(rel string)

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
	// Skipped explains each edition that was not built because of errors.
	Skipped []string
	// UnderMin explains each edition left out by policy: less translated
	// than build.min_percent. That is not an error.
	UnderMin []string
	Check    *check.Result
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
	// checked and built (cache.go), a unit per worker at a time: memory
	// holds a few documents, not the project.
	bc := newBuildCache(p, opts, tags, formats)
	// The check options (the glossary parsed) and the chrome strings
	// only when an edition is to be built: with nothing to do, the white
	// paper's build spent half its time on its glossary, and S1's a
	// twentieth of its CPU parsing the chrome strings. Both are inputs of
	// every edition's key (projectKey), so they have not changed since the
	// build that used them. The chrome strings load while the glossary is
	// parsed and the clean cache read.
	var copts check.Options
	var clean *cleanCache
	var chromeDone chan *chrome.Strings
	if len(bc.docs) > 0 {
		chromeDone = make(chan *chrome.Strings, 1)
		go func() { chromeDone <- chrome.Load(p.Root, p.SourceLanguage, p.Locales) }()
		var err error
		if copts, err = checkOptions(p, p.Locales); err != nil {
			<-chromeDone
			return nil, err
		}
		copts.ErrorsOnly = true
		copts.Shown = true
		// The translations the last build found clean are not checked
		// again (cleancache.go).
		if clean = loadCleanCache(p); clean != nil {
			copts.Clean = check.NewCleanMemo(clean.known)
		}
	}
	rep := newReportRun(p, bc.base, opts.Out, bc.h, bc.docs)
	out := &BuildResult{Check: &check.Result{}}
	b := &builder{p: p, opts: opts, bc: bc, tags: tags, out: out}
	if chromeDone != nil {
		b.chrome = <-chromeDone
	}
	if d := p.EditionDate(); !d.IsZero() {
		b.date = d.Format("2006-01-02")
	}
	for _, d := range p.Documents {
		for _, tag := range tags {
			if bc.stale(d.Name, tag) {
				b.total++
			}
		}
	}
	// The units to load: the documents with editions to build, and while
	// the status report is out of date, the units whose counts status's
	// cache does not hold.
	var docs []string
	for _, d := range p.Documents {
		if bc.docs[d.Name] || rep.needs(d.Name) {
			docs = append(docs, d.Name)
		}
	}
	var comps []string
	for _, c := range p.Components {
		if rep.needs(c) {
			comps = append(comps, c)
		}
	}
	// The loader sums what it reads: the keys of the editions and of the
	// report's counts left unmade are made from those sums (keyUnit), and
	// the report keeps the counts of the units it needs when what was
	// loaded is what its keys hashed.
	load := func(pool *par.Pool, p *project.Project, locales []string) *state.State {
		// A unit is loaded in the locales whose editions are built and
		// those the report misses counts in: after one catalog
		// changed, that catalog (and the source), not every locale's.
		// eachUnit hands it a project of one unit.
		var name string
		if len(p.Documents) > 0 {
			name = p.Documents[0].Name
		} else {
			name = p.Components[0]
		}
		missing := rep.missing(name)
		var tags []string
		for _, tag := range locales {
			if bc.stale(name, tag) || slices.Contains(missing, tag) {
				tags = append(tags, tag)
			}
		}
		if testLoaded != nil {
			testLoaded(name, tags)
		}
		st := state.LoadSummedOn(pool, p, tags)
		for _, u := range st.Units {
			bc.keyUnit(u)
		}
		return st
	}
	// Each unit is loaded, checked, built and counted by one worker, which
	// then takes the next: no stage waits for a batch of units to finish
	// the stage before (on S10's 5 %-edit build, batches of 16 documents
	// kept the second core idle for a quarter of the run), and memory
	// holds a unit per worker, not the project.
	var diagMu sync.Mutex
	// The status report is written as soon as the last unit it needs is
	// counted, while editions still render: after one catalog changed,
	// the one unit loaded is counted before its editions are built, and
	// the report (0.7 ms of S1's 12.7 ms build) is written on the core
	// the rendering leaves idle.
	var report struct {
		written []string
		skipped string
		err     error
	}
	var reported sync.WaitGroup
	finish := func() {
		// A panic here would end the process past run's recover.
		defer func() {
			if r := recover(); r != nil {
				report.err = fmt.Errorf("status report: internal error: %v (a bug in Folio; please report it)", r)
			}
		}()
		report.written, report.skipped, report.err = rep.finish()
	}
	var uncounted atomic.Int64
	uncounted.Store(int64(len(docs) + len(comps)))
	if len(docs)+len(comps) == 0 {
		reported.Go(finish)
	}
	eachUnit(load, p, docs, comps, func(st *state.State) {
		rep.add(st)
		if uncounted.Add(-1) == 0 {
			reported.Go(finish)
		}
		u := st.Units[0]
		if u.Doc != nil && bc.docs[u.Name] {
			// The document is checked in the locales whose editions this
			// build makes: the others are up to date, checked by the
			// build that made them (a document whose French catalog
			// changed was checked in all ten locales, a third of that
			// build).
			uopts := copts
			uopts.Locales = nil
			for _, tag := range copts.Locales {
				if bc.stale(u.Name, tag) {
					uopts.Locales = append(uopts.Locales, tag)
				}
			}
			if testChecked != nil {
				testChecked(u.Name, uopts.Locales)
			}
			res := check.Run(st, uopts)
			diagMu.Lock()
			out.Check.Diagnostics = append(out.Check.Diagnostics, res.Diagnostics...)
			diagMu.Unlock()
			b.build(st, res)
		}
	})
	// Each unit's diagnostics are sorted as check.Run sorts them and
	// appended together; the same stable sort over them all gives what one
	// run over every unit gives, whatever order the units finished in
	// (equal positions are in one file, one unit).
	sort.SliceStable(out.Check.Diagnostics, func(i, j int) bool {
		a, b := out.Check.Diagnostics[i], out.Check.Diagnostics[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	// The build cache, the segment and catalog caches and the report
	// (with status's cache) are files of their own, written at once; the
	// stamp table after the report, which may hash files for its key.
	var saves sync.WaitGroup
	saves.Go(bc.save)
	saves.Go(func() { state.SaveCaches(p) })
	if clean != nil {
		saves.Go(func() { clean.save(p, copts.Clean) })
	}
	firstErr := b.firstErr
	reported.Wait()
	written, skipped, err := report.written, report.skipped, report.err
	saves.Wait()
	bc.h.stamps.save()
	if err != nil && firstErr == nil {
		firstErr = err
	} else {
		out.Written = append(out.Written, written...)
		if skipped != "" {
			out.Skipped = append(out.Skipped, skipped)
		}
	}
	sort.Strings(out.Written)
	sort.Strings(out.Skipped)
	sort.Strings(out.UnderMin)
	return out, firstErr
}

// buildBatch is how many units Build loads at a time: enough to keep
// every core busy, few enough that memory does not grow with the project.
func buildBatch() int {
	if testBatch > 0 {
		return testBatch
	}
	return max(16, 8*runtime.GOMAXPROCS(0))
}

// testBatch, when set by a test, is buildBatch.
var testBatch int

// inBatchesWith loads, with load, the named documents and components of p
// (in that order) a batch of buildBatch units at a time, and hands each
// batch to f.
func inBatchesWith(load func(*project.Project, []string) *state.State, p *project.Project, docs, comps []string, f func(*state.State)) {
	n, batch := len(docs)+len(comps), buildBatch()
	for start := 0; start < n; start += batch {
		var names, cs []string
		for i := start; i < min(start+batch, n); i++ {
			if i < len(docs) {
				names = append(names, docs[i])
			} else {
				cs = append(cs, comps[i-len(docs)])
			}
		}
		f(load(subProject(p, names, cs), p.Locales))
	}
}

// eachUnit loads, with load, each named document and component of p on
// its own, and hands it to f: GOMAXPROCS workers, each taking the next
// unit (documents first, in order) when done with its last, and helping
// load the catalogs of the units still loading when none is left (load
// is given the workers' pool). f is called concurrently.
func eachUnit(load func(*par.Pool, *project.Project, []string) *state.State, p *project.Project, docs, comps []string, f func(*state.State)) {
	pool := par.New()
	pool.For(runtime.GOMAXPROCS(0), len(docs)+len(comps), func(i int) {
		var q *project.Project
		if i < len(docs) {
			q = subProject(p, docs[i:i+1], nil)
		} else {
			q = subProject(p, nil, comps[i-len(docs):i-len(docs)+1])
		}
		f(load(pool, q, p.Locales))
	})
}

// subProject is the project limited to the named documents and components.
func subProject(p *project.Project, docs, comps []string) *project.Project {
	want := map[string]bool{}
	for _, n := range docs {
		want[n] = true
	}
	q := onlyDocuments(p, want)
	q.Components = comps
	return q
}

// builder writes the editions of one build, unit by unit.
type builder struct {
	p      *project.Project
	opts   BuildOptions
	bc     *buildCache
	tags   []string
	out    *BuildResult
	chrome *chrome.Strings
	date   string
	// anchors holds a build.AnchorMemo for each document.
	anchors sync.Map
	// total and done count the editions (document × locale) to build,
	// for progress; mu guards done, firstErr and out's lists.
	total, done int
	mu          sync.Mutex
	firstErr    error
}

// progress counts one more edition done (built or skipped).
func (b *builder) progress() {
	b.mu.Lock()
	b.done++
	if b.opts.Progress != nil {
		b.opts.Progress(b.done, b.total)
	}
	b.mu.Unlock()
}

// build writes the stale editions of the loaded units st, whose check
// result is res. An edition whose catalogs have check errors is skipped
// (unless Force), and so is one under the project's minimum percentage.
func (b *builder) build(st *state.State, res *check.Result) {
	opts, bc, out := b.opts, b.bc, b.out
	type job struct {
		u   *state.Unit
		tag string
	}
	var jobs []job
	for _, u := range st.Units {
		if u.SegErr != nil {
			b.mu.Lock()
			out.Skipped = append(out.Skipped, u.SegErr.Error())
			b.mu.Unlock()
			for _, tag := range b.tags {
				if bc.stale(u.Name, tag) {
					b.progress()
				}
			}
			continue
		}
		for _, tag := range b.tags {
			if !bc.stale(u.Name, tag) {
				continue
			}
			// For the source language this is the errors of the document
			// and its source catalog.
			if errs := res.ErrorsFor(u.Name, tag); len(errs) > 0 && !opts.Force {
				b.mu.Lock()
				out.Skipped = append(out.Skipped, fmt.Sprintf("%s (%s): not built: %d check error(s), first: %s", u.Name, tag, len(errs), errs[0]))
				b.mu.Unlock()
				b.progress()
				continue
			}
			jobs = append(jobs, job{u, tag})
		}
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for _, j := range jobs {
		wg.Add(1)
		go func(j job) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			// A panic here would end the process past run's recover.
			defer func() {
				if r := recover(); r != nil {
					b.mu.Lock()
					if b.firstErr == nil {
						b.firstErr = fmt.Errorf("%s (%s): internal error: %v (a bug in Folio; please report it)", j.u.Name, j.tag, r)
					}
					b.mu.Unlock()
				}
			}()
			defer b.progress()
			b.edition(j.u, j.tag)
		}(j)
	}
	wg.Wait()
}

// edition writes one document's edition in one locale, in each format
// whose inputs changed.
func (b *builder) edition(u *state.Unit, tag string) {
	p, bc, out := b.p, b.bc, b.out
	ed := build.Assemble(u, tag, p.SourceLanguage, p.FallbackOmits())
	if tag != p.SourceLanguage && ed.Total > 0 {
		pct := float64(ed.Translated) * 100 / float64(ed.Total)
		if pct < p.Config.Build.MinPercent {
			b.mu.Lock()
			out.UnderMin = append(out.UnderMin, fmt.Sprintf("%s (%s): not built: %.1f%% translated, under build.min_percent %g%%", u.Name, tag, pct, p.Config.Build.MinPercent))
			b.mu.Unlock()
			return
		}
	}
	pg := build.Page{Chrome: b.chrome, Date: b.date, Links: links(p, u.Name, tag, b.tags)}
	formats := bc.formats(u.Name, tag)
	ed.ShareRenders(build.Renderings{
		HTML: slices.Contains(formats, "html") || slices.Contains(formats, "review"),
		EPUB: slices.Contains(formats, "epub"),
		Text: slices.Contains(formats, "txt"),
		Wrap: p.Config.Build.Wrap,
	})
	if b.total >= runtime.GOMAXPROCS(0) || len(formats) < 2 {
		for _, f := range formats {
			b.format(u, tag, ed, pg, f)
		}
		return
	}
	// Fewer editions to build than cores (the build after one catalog
	// changed): each format on a goroutine of its own, where one core
	// would render the EPUB, HTML, text and Markdown one after another
	// while the others wait (C1's one-locale build: 7.5 ms of rendering
	// on one core).
	var wg sync.WaitGroup
	for _, f := range formats {
		wg.Go(func() {
			// A panic here would end the process past run's recover.
			defer func() {
				if r := recover(); r != nil {
					b.mu.Lock()
					if b.firstErr == nil {
						b.firstErr = fmt.Errorf("%s (%s, %s): internal error: %v (a bug in Folio; please report it)", u.Name, tag, f, r)
					}
					b.mu.Unlock()
				}
			}()
			b.format(u, tag, ed, pg, f)
		})
	}
	wg.Wait()
}

// format renders and writes one format of an edition.
func (b *builder) format(u *state.Unit, tag string, ed *build.Edition, pg build.Page, f string) {
	p, opts, bc, out := b.p, b.opts, b.bc, b.out
	var data []byte
	ext := f
	switch f {
	case "md":
		memo, _ := b.anchors.LoadOrStore(u.Name, &build.AnchorMemo{})
		data = ed.GitHubMarkdown(memo.(*build.AnchorMemo))
	case "html":
		data = ed.HTML(pg)
	case "txt":
		data = ed.Text(p.Config.Build.Wrap)
	case "epub":
		data = ed.EPUB(pg, p.EditionDate())
	case "review":
		if tag == p.SourceLanguage {
			return // nothing to review against itself
		}
		data, ext = ed.Review(pg), "review.html"
	}
	rel := path.Join("output", tag, u.Name+"."+ext)
	if opts.Out != "" {
		rel = path.Join(tag, u.Name+"."+ext)
	}
	abs, err := outPath(p, opts.Out, rel)
	changed, stamp := false, fsutil.Stamp{}
	if err == nil {
		changed, stamp, err = fsutil.WriteOutputStamp(abs, data)
	}
	bc.written(u.Name, tag, f, abs, data, stamp, err)
	b.mu.Lock()
	if err != nil && b.firstErr == nil {
		b.firstErr = err
	}
	if changed {
		out.Written = append(out.Written, rel)
	}
	b.mu.Unlock()
}

// outPath is where an edition goes: under --out, or under the project's
// output/ folder, which must not lead outside the project.
func outPath(p *project.Project, out, rel string) (string, error) {
	if out != "" {
		return path.Join(out, rel), nil
	}
	return state.Contained(p, rel)
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
			accepted = append(accepted, sm.ID)
			changed = true
		}
		if changed {
			// The comments extract would write, so that the next extract
			// changes nothing.
			for _, sm := range u.Source.Messages {
				if tm := c.File.Lookup(sm.ID); tm != nil {
					annotate(tm, sm, sourceNote(sm), unitHistory{unit: u})
				}
			}
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
