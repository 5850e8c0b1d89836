package pipeline

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"sort"
	"strings"
	"sync"

	"folio/internal/catalog"
	"folio/internal/fsutil"
	"folio/internal/msgid"
	par "folio/internal/parallel"
	"folio/internal/project"
	"folio/internal/segment"
	"folio/internal/state"
)

// ExtractResult says what extract did.
type ExtractResult struct {
	// Written are the files written (project-relative), in order.
	Written []string
	// Errors are the units that could not be extracted, with why; their
	// files were left untouched.
	Errors []error
}

// Extract segments every document, writes its source catalog and brings
// each locale catalog up to date: new segments get entries, translations
// keep their text (and turn stale when their source changed), translations
// of removed segments move to the obsolete store, and identical source text
// translated elsewhere in the project is reused. Locale catalogs are written
// first and the source catalog last, each by atomic rename.
func Extract(p *project.Project) (*ExtractResult, error) {
	return ExtractWith(p, ExtractOptions{})
}

// ExtractOptions tune Extract.
type ExtractOptions struct {
	// Progress, if set, is called as documents are done: done of total.
	Progress func(done, total int)
}

// ExtractWith is Extract with options.
func ExtractWith(p *project.Project, opts ExtractOptions) (*ExtractResult, error) {
	res := &ExtractResult{}
	ec := newExtractCache(p)
	if !ec.anyDirty() {
		return res, nil
	}
	// Documents are extracted in parallel, each loaded by the goroutine
	// that extracts it and dropped when its files are written, so that
	// memory holds a few documents, not the project. A document with a
	// new segment that its catalogs and obsolete stores cannot fill needs
	// the translation memory (every translation of the project): it is
	// put off, untouched, and extracted after the others (below).
	var names []string
	for _, d := range p.Documents {
		if ec.dirty(d.Name) {
			names = append(names, d.Name)
		}
	}
	written := make([][]string, len(names))
	errs := make([]error, len(names))
	later := make([]bool, len(names))
	units := make([]*state.Unit, len(names))
	var mu sync.Mutex
	done := 0
	progress := func() {
		mu.Lock()
		if done++; opts.Progress != nil {
			opts.Progress(done, len(names))
		}
		mu.Unlock()
	}
	// In a project without a single translation (a first extract, say)
	// the memory would be empty: such documents need not wait for it.
	translated := sync.OnceValue(func() bool { return anyTranslation(p) })
	// Files are written through a batch: the disk is waited for once per
	// pass, not once per file, and a document's cache entry is recorded
	// once its files are in place.
	batch := fsutil.NewBatch()
	asked := newRecorder()
	var finished []int
	// The workers that find no document left help the others with their
	// locales (a project of one long document otherwise ran on one core).
	pool := par.New()
	pool.For(extractWorkers, len(names), func(i int) {
		u := ec.load(pool, names[i])
		written[i], errs[i] = extractUnit(p, u, nil, batch, ec.h, pool)
		if errors.Is(errs[i], errNeedMemory) && !translated() {
			written[i], errs[i] = extractUnit(p, u, newMemory(), batch, ec.h, pool)
		}
		if errors.Is(errs[i], errNeedMemory) {
			// What it will ask the memory, so that the memory need hold
			// only what can answer (narrowMemory); nothing is written.
			later[i], errs[i] = true, nil
			extractUnit(p, u, asked, batch, ec.h, pool)
			return
		}
		mu.Lock()
		finished = append(finished, i)
		mu.Unlock()
		units[i] = &state.Unit{Name: u.Name, Doc: u.Doc}
		progress()
	})
	commit := func() {
		failed := batch.Commit()
		for _, i := range finished {
			for _, w := range written[i] {
				if err := failed[p.Abs(w)]; err != nil && errs[i] == nil {
					errs[i] = fmt.Errorf("%s: %w", w, err)
				}
			}
			ec.done(units[i], written[i], errs[i])
		}
		finished = nil
	}
	commit()
	// The documents put off: the memory is gathered from the whole project
	// as the first pass left it (which wrote no translation the memory
	// would not also find in the files it read), once; they are then
	// extracted as above, in parallel, the memory only read.
	put := map[string]bool{}
	for i, n := range names {
		if later[i] {
			put[n] = true
		}
	}
	if len(put) > 0 {
		// The memory needs the catalogs and histories, not the documents:
		// those are segmented only for the documents put off, each in its
		// worker as in the first pass.
		tm := newMemory()
		if testFullMemory || !narrowMemory(tm, p, asked.asked) {
			fillMemory(tm, state.LoadCatalogs(p, p.Locales))
		}
		pool.For(extractWorkers, len(names), func(i int) {
			if !later[i] {
				return
			}
			u := ec.load(pool, names[i])
			written[i], errs[i] = extractUnit(p, u, tm, batch, ec.h, pool)
			mu.Lock()
			finished = append(finished, i)
			mu.Unlock()
			units[i] = &state.Unit{Name: u.Name, Doc: u.Doc}
			progress()
		})
		commit()
	}
	for i := range names {
		res.Written = append(res.Written, written[i]...)
		if errs[i] != nil {
			res.Errors = append(res.Errors, errs[i])
		}
	}
	// The extract cache and the segment and validity caches are files of
	// their own, written at once (M1's first extract spent its last 10 ms
	// on one core writing them); the stamp table after them, as build does.
	var saves sync.WaitGroup
	saves.Go(ec.c.save)
	saves.Go(func() { state.SaveCaches(p) })
	saves.Wait()
	ec.h.stamps.save()
	return res, nil
}

// anyTranslation reports whether some locale catalog or obsolete store of
// the project may hold a translation, reading bytes without parsing: a
// line "form = \"\"" (an empty plural form), a hash or description, a
// table header, a comment or a blank line is none; anything else may be
// one (it errs on the side of yes).
func anyTranslation(p *project.Project) bool {
	units := append([]string{}, p.Components...)
	for _, d := range p.Documents {
		units = append(units, d.Name)
	}
	for _, name := range units {
		for _, tag := range p.Locales {
			for _, rel := range []string{project.CatalogPath(name, tag), project.ObsoletePath(name, tag)} {
				data, err := state.ReadFile(p, rel)
				if errors.Is(err, os.ErrNotExist) {
					continue
				}
				if err != nil || mayHoldTranslation(data) {
					return true
				}
			}
		}
	}
	return false
}

// mayHoldTranslation is anyTranslation's test of one catalog's bytes.
func mayHoldTranslation(data []byte) bool {
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' || line[0] == '[' {
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		if !ok {
			return true
		}
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		switch key {
		case "hash", "description", "leftDelim", "rightDelim", "id":
			continue
		}
		if value != `""` {
			return true
		}
	}
	return false
}

// extractWorkers is how many goroutines extract documents: more than
// this machine's two cores, so that one waiting for the disk leaves the
// others work.
const extractWorkers = 4

// errNeedMemory is extractUnit's answer, without a memory, for a document
// that needs one; it has written nothing.
var errNeedMemory = errors.New("needs the translation memory")

// fillMemory gathers into tm every translation in the project — current,
// stale and obsolete — under the hash of the source text it was made from.
//
// The translations are the catalogs' in order (units, locales, current
// then obsolete), the first for a hash and locale winning, and the texts
// are indexed in the order they were first met (the memory's ties go to
// the text recorded first). What each translation needs — its hash and
// source text checked, the text's words and their shards of the index —
// is made for each unit on a worker; the translations and texts are then
// recorded in order, and the word index filled shard by shard on several
// workers. Done one translation at a time, this was a quarter of a
// 5 %-edit extract of 105 real documents (55 of 200 ms: a map per text to
// count its words, the index's maps growing on one core).
func fillMemory(tm *memory, st *state.State) {
	// A unit's translations of one text (in every locale, current, stale
	// or obsolete), in the order met; the text's words are split and
	// sharded once, where the hash of the text is checked.
	type text struct {
		hash, text string
		ts         []tagged
		indexed    bool     // text is the one hash was made from
		words      []string // the text's words
		shards     []uint8  // the index shard of each
	}
	type unitTexts struct {
		texts   []text
		indexed []int // texts with indexed set, in the order they were set
	}
	per := make([]unitTexts, len(st.Units))
	parallel(len(st.Units), func(i int) {
		u := st.Units[i]
		var ut unitTexts
		at := map[string]int{}
		put := func(tag string, m *catalog.Message, hash, s string, hasText bool) {
			if m == nil || !m.Translated() || hash == "" {
				return
			}
			j, ok := at[hash]
			if !ok {
				j = len(ut.texts)
				at[hash] = j
				ut.texts = append(ut.texts, text{hash: hash})
			}
			t := &ut.texts[j]
			t.ts = append(t.ts, tagged{tag, m})
			if hasText && !t.indexed && catalog.Hash(s) == hash {
				t.indexed, t.text = true, s
				t.words = strings.Fields(s)
				t.shards = make([]uint8, len(t.words))
				for k, w := range t.words {
					t.shards[k] = shardOf(w)
				}
				ut.indexed = append(ut.indexed, j)
			}
		}
		for _, tag := range st.Project.Locales {
			c := u.Locales[tag]
			if c == nil {
				continue
			}
			if c.File != nil && u.Source != nil {
				for j, m := range c.File.Messages {
					src := u.Source.LookupAt(m.ID, j)
					switch {
					case src != nil && catalog.StateOf(src, m) == catalog.Current:
						put(tag, m, catalog.ExpectedHash(src), src.Other(), true)
					case m.Hash != "":
						text, ok := u.HistoryText(m.Hash)
						put(tag, m, m.Hash, text, ok)
					}
				}
			}
			if c.Obsolete != nil {
				for _, m := range c.Obsolete.Messages {
					text, ok := u.HistoryText(m.Hash)
					put(tag, m, m.Hash, text, ok)
				}
			}
		}
		per[i] = ut
	})
	// Each word of each text recorded, by shard: the text and the word's
	// place in it.
	type occurrence struct{ text, word int32 }
	var occ [indexShards][]occurrence
	for _, ut := range per {
		for _, t := range ut.texts {
			tm.keepAll(t.hash, t.ts)
		}
		for _, j := range ut.indexed {
			t := &ut.texts[j]
			if i, ok := tm.record(t.hash, t.text, t.words); ok {
				for k, sh := range t.shards {
					occ[sh] = append(occ[sh], occurrence{int32(i), int32(k)})
				}
			}
		}
	}
	parallel(indexShards, func(sh int) {
		x := &tm.index[sh]
		for _, o := range occ[sh] {
			x.add(tm.texts[o.text].words[o.word], int(o.text))
		}
	})
}

func extractUnit(p *project.Project, u *state.Unit, tm *memory, batch *fsutil.Batch, h *fileHasher, pool *par.Pool) ([]string, error) {
	if u.SegErr != nil {
		return nil, u.SegErr
	}
	if u.SourceErr != nil && !errors.Is(u.SourceErr, os.ErrNotExist) {
		return nil, fmt.Errorf("%w (extract leaves %s untouched until it loads)", u.SourceErr, u.Doc.Path)
	}
	for _, tag := range p.Locales {
		if c := u.Locales[tag]; c.Err != nil {
			return nil, fmt.Errorf("%w (extract leaves the catalogs of %s untouched until it loads)", c.Err, u.Name)
		} else if c.ObsoleteErr != nil {
			return nil, fmt.Errorf("%w (extract leaves the catalogs of %s untouched until it loads)", c.ObsoleteErr, u.Name)
		}
	}
	// The history as state.Load read it, shared with the memory: what
	// this extract adds to it goes into grown (the source's new texts)
	// and each locale's added (the source texts of the memory's
	// suggestions).
	hist, err := u.LoadedHistory()
	if err != nil {
		return nil, err
	}
	var prev []msgid.Previous
	if u.Source != nil {
		prev = make([]msgid.Previous, 0, len(u.Source.Messages))
		for _, m := range u.Source.Messages {
			prev = append(prev, msgid.Previous{ID: m.ID, Text: m.Other(), Kind: kindOf(m.Description)})
		}
	}
	// Obsolete messages take back their ID when their text returns; their
	// IDs are never given to a new segment.
	taken := map[string]bool{}
	for _, tag := range p.Locales {
		c := u.Locales[tag]
		if c.Obsolete == nil {
			continue
		}
		for _, m := range c.Obsolete.Messages {
			if text, ok := hist[m.Hash]; ok && !taken[m.ID] && u.Source.Lookup(m.ID) == nil {
				prev = append(prev, msgid.Previous{ID: m.ID, Text: text, Obsolete: true})
			}
			taken[m.ID] = true
		}
	}
	segs := u.Segments.Segments
	ids := msgid.Assign(segs, prev, taken)

	// Every text these catalogs hold is valid UTF-8: the segments' (state
	// refuses a source that is not, and the segment cache an entry that
	// is not) and the loaded catalogs' and history's (Parse checked them;
	// a unit with one that did not load stopped above). Encode need not
	// check it again (catalog.File.ValidUTF8).
	src := &catalog.File{Path: project.CatalogPath(u.Name, p.SourceLanguage), ValidUTF8: true}
	for i, s := range segs {
		src.Add(&catalog.Message{
			ID:          ids[i],
			Description: describe(s),
			Hash:        catalog.Hash(s.Text),
			Forms:       catalog.OtherForm(s.Text),
		})
	}
	histPath := state.HistoryPath(u.Name)
	var grown map[string]string
	grow := func(hash, text string) {
		if old, ok := hist[hash]; !ok || old != text {
			if grown == nil {
				grown = map[string]string{}
			}
			grown[hash] = text
		}
	}
	for _, m := range src.Messages {
		grow(m.Hash, m.Other())
	}

	// The catalogs are encoded into buffers from a pool and written
	// straight away (batch.Replace copies them to a temporary file): a
	// 5 %-edit extract of S10 allocated a fifth of its bytes encoding.
	type out struct {
		rel    string
		data   []byte
		pooled bool
	}
	var outs []out
	defer func() {
		for _, o := range outs {
			if o.pooled {
				putBuffer(o.data)
			}
		}
	}()
	// Each locale is merged and encoded on its own (in parallel when the
	// pool's workers have no document left); the source texts of the
	// memory's suggestions a locale takes are added to the history after.
	type merged struct {
		outs  []out
		added map[string]string
		ok    bool
	}
	per := make([]merged, len(p.Locales))
	// Each message's "source:" comment, made once for every locale's
	// catalog (annotate): made per locale, it copied the document's text
	// once per locale.
	notes := make([][]string, len(src.Messages))
	for i, sm := range src.Messages {
		notes[i] = sourceNote(sm)
	}
	pool.Split(len(p.Locales), func(k int) {
		tag := p.Locales[k]
		c := u.Locales[tag]
		m := &per[k]
		m.added = map[string]string{}
		loc, obs, ok := mergeLocale(src, notes, u.Source, c, tm, tag, unitHistory{base: hist, grown: grown, added: m.added})
		if m.ok = ok; !ok || (tm != nil && tm.asked != nil) {
			return // recording what the memory is asked
		}
		loc.ValidUTF8 = true
		if obs != nil {
			obs.ValidUTF8 = true
		}
		m.outs = append(m.outs, out{c.Path, loc.AppendEncode(getBuffer(), localeHeader(u.Name, tag, p.SourceLanguage)), true})
		if obs != nil && (len(obs.Messages) > 0 || c.Obsolete != nil) {
			obsPath := project.ObsoletePath(u.Name, tag)
			p.ObsoleteWritten(u.Name)
			obs.Path = obsPath
			m.outs = append(m.outs, out{obsPath, obs.AppendEncode(getBuffer(), obsoleteHeader(u.Name, tag)), true})
		}
	})
	needMemory := false
	for _, m := range per {
		outs = append(outs, m.outs...)
		for hash, text := range m.added {
			grow(hash, text)
		}
		needMemory = needMemory || !m.ok
	}
	if needMemory || (tm != nil && tm.asked != nil) {
		return nil, errNeedMemory
	}
	// A history that already holds every text is left as it is: encoding
	// it to find the same bytes took 4 % of M1's first extract. An empty
	// one is written, so that the file exists.
	if len(grown) > 0 || len(hist) == 0 {
		all := make(map[string]string, len(hist)+len(grown))
		maps.Copy(all, hist)
		maps.Copy(all, grown)
		outs = append(outs, out{histPath, encodeHistory(all), false})
	}
	if u.Source != nil && revised(u.Source, src) {
		// The source catalog before this revision, for folio diff.
		if data, err := state.ReadFile(p, src.Path); err == nil {
			outs = append(outs, out{PreviousPath(u.Name), data, false})
		}
	}
	outs = append(outs, out{src.Path, src.AppendEncode(getBuffer(), sourceHeader(u.Name, u.Doc.Path, p.SourceLanguage)), true})
	var written []string
	for _, o := range outs {
		abs, err := state.Contained(p, o.rel)
		if err != nil {
			return written, err
		}
		// The hasher read every input before the run: a file whose new
		// bytes hash as its old ones is left alone without reading it
		// again, and the hash of one written is known without reading it
		// back.
		sum := contentHash(o.data)
		if h.hash(o.rel) == sum {
			continue
		}
		if err := batch.Replace(u.Name, abs, o.data); err != nil {
			return written, err
		}
		h.set(o.rel, sum)
		if strings.HasPrefix(o.rel, "locales/") {
			state.NoteValidCatalog(p, o.rel, o.data) // build reads it next
		}
		written = append(written, o.rel)
	}
	return written, nil
}

// buffers are extract's encoding buffers (extractUnit).
var buffers sync.Pool

func getBuffer() []byte {
	if b, ok := buffers.Get().(*[]byte); ok {
		return (*b)[:0]
	}
	return nil
}

func putBuffer(b []byte) {
	if cap(b) > 0 {
		buffers.Put(&b)
	}
}

// mergeLocale brings one locale catalog up to date with the new source
// catalog and returns it with the locale's obsolete store. notes[i] is
// the "source:" comment of src.Messages[i], shared by every locale.
//
// A new entry is filled, in this order, from the obsolete store (its text
// returned: current), from a translation of identical source text anywhere
// in the project (current), or from the translation of the most similar
// source text (a suggestion: stale, its hash naming that text, which is
// added to hist); otherwise it is left empty. With no memory (tm nil), ok
// is false when an entry would have needed it.
func mergeLocale(src *catalog.File, notes [][]string, prevSrc *catalog.File, c *state.Catalog, tm *memory, tag string, hist unitHistory) (loc, obsStore *catalog.File, ok bool) {
	old := c.File
	obs := &catalog.File{Path: c.Path}
	if c.Obsolete != nil {
		// Shallow copies: their ID and comments are rewritten below, and
		// the memory (read from other documents' goroutines) may hold the
		// loaded messages.
		for _, m := range c.Obsolete.Messages {
			cm := *m
			obs.Messages = append(obs.Messages, &cm)
		}
	}
	loc = &catalog.File{Path: c.Path}
	for i, sm := range src.Messages {
		hash := sm.Hash
		m := old.LookupAt(sm.ID, i)
		switch {
		case m != nil:
			m = copyMessage(m)
			if !m.Translated() && m.Hash != hash {
				// An empty entry simply follows its source.
				m.Hash = hash
			}
		default:
			m = restore(obs, sm.ID, hash)
			if m == nil && tm == nil {
				return nil, nil, false
			}
			if m == nil {
				if t := tm.exact(hash, tag); t != nil {
					m = copyMessage(t)
					m.Hash = hash
				}
			}
			if m == nil {
				if t, text := tm.similar(sm.Other(), tag); t != nil {
					m = copyMessage(t)
					m.Hash = catalog.Hash(text)
					hist.added[m.Hash] = text
				}
			}
			if m == nil {
				m = &catalog.Message{Hash: hash, Forms: catalog.OtherForm("")}
			}
			m.ID = sm.ID
			m.Description = ""
		}
		annotate(m, sm, notes[i], hist)
		loc.Add(m)
	}
	// Translations whose segment is gone move to the obsolete store.
	// (An index, not a search per message: a catalog of n removed
	// messages took n² time.)
	obsIndex := make(map[string]int, len(obs.Messages))
	for i, m := range obs.Messages {
		if _, dup := obsIndex[m.ID]; !dup {
			obsIndex[m.ID] = i
		}
	}
	for _, m := range old.Messages {
		if src.Lookup(m.ID) != nil || !m.Translated() {
			continue
		}
		om := copyMessage(m)
		om.Comments = nil
		if om.Hash == "" {
			// A hand-written translation without a hash was current: it
			// was made from the previous source text.
			if ps := prevSrc.Lookup(m.ID); ps != nil {
				om.Hash = catalog.ExpectedHash(ps)
			}
		}
		if i, ok := obsIndex[m.ID]; ok {
			if !sameForms(obs.Messages[i], om) {
				// An older obsolete translation under the same ID keeps
				// its text under a free ID.
				older := obs.Messages[i]
				older.ID = freeID(m.ID, src, obs)
				obsIndex[older.ID] = len(obs.Messages)
				obs.Messages = append(obs.Messages, older)
			}
			obs.Messages[i] = om
		} else {
			obsIndex[m.ID] = len(obs.Messages)
			obs.Messages = append(obs.Messages, om)
		}
	}
	for _, m := range obs.Messages {
		if was, ok := hist.get(m.Hash); ok {
			m.Comments = []string{"source: " + oneLine(was)}
		}
	}
	return loc, obs, true
}

// unitHistory is what a merge knows of a unit's source texts by hash:
// those one locale's merge adds (added: the sources of the memory's
// suggestions it takes) and those extract adds (grown: the source's new
// texts), over the history as extract loaded it (base, only read while
// locales merge) or, outside extract, the unit's own, read only if a
// stale translation asks.
type unitHistory struct {
	base, grown, added map[string]string
	unit               *state.Unit
}

func (h unitHistory) get(hash string) (string, bool) {
	if text, ok := h.added[hash]; ok {
		return text, true
	}
	if text, ok := h.grown[hash]; ok {
		return text, true
	}
	if h.unit != nil {
		return h.unit.HistoryText(hash)
	}
	text, ok := h.base[hash]
	return text, ok
}

// sourceNote is the comment above every locale's entry for sm: its
// source text on one line.
func sourceNote(sm *catalog.Message) []string {
	return []string{"source: " + oneLine(sm.Other())}
}

// annotate writes Folio's comments above a locale entry: the current source
// text and, for a stale translation, the text it was made from.
//
// note is the "source:" comment, shared by the locales' entries for sm
// (its length is its capacity, so that appending to it copies it).
func annotate(m, sm *catalog.Message, note []string, hist unitHistory) {
	m.Comments = note[:len(note):len(note)]
	if catalog.StateOf(sm, m) == catalog.Stale {
		if m.Hash == catalog.UnconfirmedHash {
			m.Comments = append(m.Comments, "STALE — imported unconfirmed (fuzzy or needing review): review it, then accept it")
		} else if was, ok := hist.get(m.Hash); ok {
			m.Comments = append(m.Comments, "STALE — translated from: "+oneLine(was))
		} else {
			m.Comments = append(m.Comments, "STALE — the source changed since this translation")
		}
	}
}

// restore takes the obsolete translation of id back when its source text
// has returned (same hash).
func restore(obs *catalog.File, id, hash string) *catalog.Message {
	for i, m := range obs.Messages {
		if m.ID == id && m.Hash == hash {
			obs.Messages = append(obs.Messages[:i:i], obs.Messages[i+1:]...)
			return copyMessage(m)
		}
	}
	for i, m := range obs.Messages {
		if m.Hash == hash {
			obs.Messages = append(obs.Messages[:i:i], obs.Messages[i+1:]...)
			return copyMessage(m)
		}
	}
	return nil
}

// PreviousPath is the project-relative path where extract keeps a
// document's source catalog as it was before the last revision that changed
// a source text (added, removed or edited a segment).
func PreviousPath(name string) string { return ".folio/previous/" + name + ".toml" }

// revised reports whether the new source catalog adds, removes or edits a
// message of the old one (a move or a rewrap is not a revision).
func revised(old, new *catalog.File) bool {
	if len(old.Messages) != len(new.Messages) {
		return true
	}
	for _, m := range new.Messages {
		if o := old.Lookup(m.ID); o == nil || o.Other() != m.Other() {
			return true
		}
	}
	return false
}

func sameForms(a, b *catalog.Message) bool { return a.Forms.Equal(b.Forms) }

// freeID returns id with a "-was", "-was-2"… suffix that neither the source
// catalog nor the obsolete store uses.
func freeID(id string, src, obs *catalog.File) string {
	cand := id + "-was"
	for n := 2; src.Lookup(cand) != nil || indexOf(obs, cand) >= 0; n++ {
		cand = fmt.Sprintf("%s-was-%d", id, n)
	}
	return cand
}

// kindOf reads the segment kind back from a source catalog description.
func kindOf(description string) segment.Kind {
	switch {
	case strings.HasPrefix(description, "Heading"):
		return segment.Heading
	case strings.HasPrefix(description, "Table cell"):
		return segment.TableCell
	case strings.HasPrefix(description, "Front matter"):
		return segment.FrontMatter
	case strings.HasPrefix(description, "Paragraph"):
		return segment.Paragraph
	}
	return ""
}

func indexOf(f *catalog.File, id string) int {
	for i, m := range f.Messages {
		if m.ID == id {
			return i
		}
	}
	return -1
}

func copyMessage(m *catalog.Message) *catalog.Message {
	c := *m // Forms is a value: the copy's are its own
	c.Comments = nil
	return &c
}

func oneLine(s string) string {
	return strings.ReplaceAll(s, "\n", " ⏎ ")
}

func describe(s segment.Segment) string {
	in := ""
	if s.Heading != "" && s.Kind != segment.Heading {
		in = " in section “" + s.Heading + "”"
	}
	switch s.Kind {
	case segment.Heading:
		return fmt.Sprintf("Heading (level %d)", s.Level)
	case segment.TableCell:
		return "Table cell" + in
	case segment.FrontMatter:
		return "Front matter: " + s.Key
	}
	return "Paragraph" + in
}

func sourceHeader(name, path, lang string) []string {
	return []string{
		fmt.Sprintf("Source catalog of %s (%s), language %s.", name, path, lang),
		"Written by `folio extract` from the document: edit the document, not this file.",
		"",
	}
}

func localeHeader(name, tag, src string) []string {
	return []string{
		fmt.Sprintf("%s translation of %s. Translate each `other` value; keep `hash`.", tag, name),
		"Comments are Folio's and are rewritten by `folio extract`; your keys and values are kept.",
		"An entry marked STALE was translated from an older source text: revise it, then run",
		fmt.Sprintf("`folio accept --locale %s ID` (or set its hash to the source's).", tag),
		"",
	}
}

func obsoleteHeader(name, tag string) []string {
	return []string{
		fmt.Sprintf("Obsolete %s translations of %s: their segments were removed from the source.", tag, name),
		"Folio brings an entry back when its source text returns.",
		"",
	}
}

func encodeHistory(hist map[string]string) []byte {
	keys := make([]string, 0, len(hist))
	for k := range hist {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	const head = "# Every source text some translation was made from, by hash (folio extract keeps it).\n"
	n := len(head)
	for _, k := range keys {
		n += len(k) + len(hist[k]) + 8
	}
	b := make([]byte, 0, n)
	b = append(b, head...)
	for _, k := range keys {
		b = catalog.AppendQuote(b, k)
		b = append(b, " = "...)
		b = catalog.AppendQuote(b, hist[k])
		b = append(b, '\n')
	}
	return b
}
