package pipeline

// Scenario tests for source revisions: a translated project goes through
// revisions it has never seen, and after each one every entry of every
// locale is checked against what the revision should do to it.

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"folio/internal/catalog"
	"folio/internal/project"
	"folio/internal/state"
)

// Entry states as the scenarios name them.
const (
	sCurrent      = "current"
	sStale        = "stale"      // an edited segment: the ID kept its translation
	sSuggestion   = "suggestion" // a new ID filled from a similar text
	sUntranslated = "untranslated"
)

// snapshot is one document's catalogs.
type snapshot struct {
	src  *catalog.File
	loc  map[string]*catalog.File // tag → locale catalog
	obs  map[string]*catalog.File // tag → obsolete store (nil: none)
	raw  map[string]string        // tag → locale catalog file text
	hist map[string]string
}

func takeSnapshot(t *testing.T, p *project.Project, doc string) snapshot {
	t.Helper()
	st := state.Load(p, p.Locales)
	for _, u := range st.Units {
		if u.Name != doc {
			continue
		}
		if u.SourceErr != nil {
			t.Fatal(u.SourceErr)
		}
		s := snapshot{src: u.Source, loc: map[string]*catalog.File{}, obs: map[string]*catalog.File{}, raw: map[string]string{}, hist: loadedHistory(t, u)}
		for _, tag := range p.Locales {
			c := u.Locales[tag]
			if c.Err != nil {
				t.Fatal(c.Err)
			}
			s.loc[tag], s.obs[tag] = c.File, c.Obsolete
			data, _ := os.ReadFile(p.Abs(c.Path))
			s.raw[tag] = string(data)
		}
		return s
	}
	t.Fatalf("no document %s", doc)
	return snapshot{}
}

// stateOf names the state of id's entry in tag's catalog.
func (s snapshot) stateOf(tag, id string, before snapshot) string {
	sm, m := s.src.Lookup(id), s.loc[tag].Lookup(id)
	switch catalog.StateOf(sm, m) {
	case catalog.Untranslated:
		return sUntranslated
	case catalog.Current:
		return sCurrent
	}
	if before.src.Lookup(id) != nil {
		return sStale
	}
	return sSuggestion
}

// revision is what a scenario expects of one source revision.
type revision struct {
	name string
	// revise returns the revised document.
	revise func(t *testing.T, doc string) string
	// edited: IDs whose text changed; they keep their ID and translations,
	// which turn stale.
	edited []string
	// removed: IDs whose segment is gone; their translations move to the
	// obsolete store.
	removed []string
	// added: new segments, by the start of their text, with the state
	// their entries take in every locale.
	added map[string]string
	// restored: IDs that come back from the obsolete store, current.
	restored []string
	// nothingWritten: the revision changes no message (whitespace only).
	nothingWritten bool
}

// replace returns a reviser that replaces old by new exactly once.
func replace(old, new string) func(*testing.T, string) string {
	return func(t *testing.T, doc string) string {
		t.Helper()
		if strings.Count(doc, old) != 1 {
			t.Fatalf("%q occurs %d times in the document", old, strings.Count(doc, old))
		}
		return strings.Replace(doc, old, new, 1)
	}
}

func chain(fs ...func(*testing.T, string) string) func(*testing.T, string) string {
	return func(t *testing.T, doc string) string {
		for _, f := range fs {
			doc = f(t, doc)
		}
		return doc
	}
}

// paragraphOf returns the paragraph (with its blank line) that starts with
// prefix.
func paragraphOf(t *testing.T, doc, prefix string) string {
	t.Helper()
	i := strings.Index(doc, "\n"+prefix)
	if i < 0 {
		t.Fatalf("no paragraph starts with %q", prefix)
	}
	rest := doc[i+1:]
	j := strings.Index(rest, "\n\n")
	if j < 0 {
		return rest
	}
	return rest[:j+2]
}

// swapSections swaps the two "## " sections with these headings.
func swapSections(t *testing.T, doc, h1, h2 string) string {
	t.Helper()
	parts := strings.Split(doc, "\n## ")
	i, j := -1, -1
	for k, part := range parts {
		parts[k] = strings.TrimRight(part, "\n")
		switch {
		case k > 0 && strings.HasPrefix(part, h1+"\n"):
			i = k
		case k > 0 && strings.HasPrefix(part, h2+"\n"):
			j = k
		}
	}
	if i < 0 || j < 0 {
		t.Fatalf("no sections %q and %q", h1, h2)
	}
	parts[i], parts[j] = parts[j], parts[i]
	return strings.Join(parts, "\n\n## ") + "\n"
}

// applyRevision revises the document, extracts, and checks every entry of
// every locale against the revision's expectations.
func applyRevision(t *testing.T, p *project.Project, doc string, r revision) {
	t.Helper()
	before := takeSnapshot(t, p, doc)
	path := p.Abs("source/" + doc + ".md")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	revised := r.revise(t, string(data))
	if revised == string(data) {
		t.Fatal("the revision changes nothing")
	}
	if err := os.WriteFile(path, []byte(revised), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Extract(p)
	if err != nil || len(res.Errors) > 0 {
		t.Fatal(err, res.Errors)
	}
	if r.nothingWritten && len(res.Written) > 0 {
		t.Errorf("extract wrote %v", res.Written)
	}
	after := takeSnapshot(t, p, doc)
	checkRevision(t, p, r, before, after)
	if len(r.edited)+len(r.removed)+len(r.added)+len(r.restored) > 0 {
		checkDiff(t, p, doc, r, before, after)
	}

	// Idempotent: a second extract writes nothing.
	if res, _ := Extract(p); len(res.Written) > 0 {
		t.Errorf("second extract wrote %v", res.Written)
	}
	// Every catalog loads with go-i18n.
	files, _ := filepath.Glob(p.Abs("locales/" + doc + "/*.toml"))
	obsFiles, _ := filepath.Glob(p.Abs("locales/" + doc + "/obsolete/*.toml"))
	for _, f := range append(files, obsFiles...) {
		data, _ := os.ReadFile(f)
		if _, err := i18n.ParseMessageFileBytes(data, f, map[string]i18n.UnmarshalFunc{"toml": toml.Unmarshal}); err != nil {
			t.Errorf("go-i18n: %v", err)
		}
	}
}

func checkRevision(t *testing.T, p *project.Project, r revision, before, after snapshot) {
	t.Helper()
	edited, removed, restored := set(r.edited), set(r.removed), set(r.restored)
	addedSeen := map[string]string{}
	oldIDs := map[string]bool{}
	for _, m := range before.src.Messages {
		oldIDs[m.ID] = true
	}
	for _, tag := range p.Locales {
		if before.obs[tag] != nil {
			for _, m := range before.obs[tag].Messages {
				oldIDs[m.ID] = true
			}
		}
	}
	for _, sm := range after.src.Messages {
		id, text := sm.ID, sm.Other()
		old := before.src.Lookup(id)
		switch {
		case old != nil && old.Other() == text:
			if edited[id] {
				t.Errorf("%s: expected edited, but its text is unchanged", id)
			}
			for _, tag := range p.Locales {
				want := before.stateOf(tag, id, before)
				if want == sSuggestion {
					want = sStale
				}
				if got := after.stateOf(tag, id, before); got != want {
					t.Errorf("%s (%s): untouched entry turned %s, was %s", id, tag, got, want)
				}
				sameTranslation(t, tag, id, before.loc[tag].Lookup(id), after.loc[tag].Lookup(id))
			}
		case old != nil:
			if !edited[id] {
				t.Errorf("%s: text changed unexpectedly from %q to %q", id, clip(old.Other()), clip(text))
			}
			delete(edited, id)
			for _, tag := range p.Locales {
				bm, am := before.loc[tag].Lookup(id), after.loc[tag].Lookup(id)
				sameTranslation(t, tag, id, bm, am)
				if bm == nil || !bm.Translated() {
					if got := after.stateOf(tag, id, before); got != sUntranslated {
						t.Errorf("%s (%s): edited untranslated entry is %s", id, tag, got)
					}
					continue
				}
				if got := after.stateOf(tag, id, before); got != sStale {
					t.Errorf("%s (%s): edited entry is %s, want stale", id, tag, got)
				}
				// The comments show the current source text and the text
				// the translation was made from.
				from, ok := after.hist[am.Hash]
				if !ok {
					t.Errorf("%s (%s): no history for hash %s", id, tag, am.Hash)
				}
				comments := "# source: " + oneLine(text) + "\n# STALE — translated from: " + oneLine(from) + "\n[\"" + id + "\"]"
				if !strings.Contains(after.raw[tag], comments) {
					t.Errorf("%s (%s): comments do not show the current and previous source texts", id, tag)
				}
			}
		default:
			if oldIDs[id] && !restored[id] {
				t.Errorf("new segment %q got previous or obsolete ID %s", clip(text), id)
			}
			if restored[id] {
				delete(restored, id)
				for _, tag := range p.Locales {
					want := sUntranslated // nothing to restore
					if before.obs[tag].Lookup(id) != nil {
						want = sCurrent
						sameTranslation(t, tag, id, before.obs[tag].Lookup(id), after.loc[tag].Lookup(id))
					}
					if got := after.stateOf(tag, id, before); got != want {
						t.Errorf("%s (%s): restored entry is %s, want %s", id, tag, got, want)
					}
					if after.obs[tag].Lookup(id) != nil {
						t.Errorf("%s (%s): restored entry still in the obsolete store", id, tag)
					}
				}
				continue
			}
			want, prefix := "", ""
			for pre, st := range r.added {
				if strings.HasPrefix(text, pre) {
					want, prefix = st, pre
				}
			}
			if want == "" {
				t.Errorf("unexpected new segment %s: %q", id, clip(text))
				continue
			}
			if addedSeen[prefix] != "" {
				t.Errorf("two new segments start with %q", prefix)
			}
			addedSeen[prefix] = id
			for _, tag := range p.Locales {
				if got := after.stateOf(tag, id, before); got != want {
					t.Errorf("new %s (%s): %s, want %s", id, tag, got, want)
				}
				if want == sSuggestion {
					m := after.loc[tag].Lookup(id)
					from, ok := after.hist[m.Hash]
					if !ok || WordSimilarity(from, text) < MinFuzzy {
						t.Errorf("new %s (%s): suggestion from %q (in history: %v)", id, tag, clip(from), ok)
					}
					if !strings.Contains(after.raw[tag], "# STALE — translated from: "+oneLine(from)+"\n[\""+id+"\"]") {
						t.Errorf("new %s (%s): the suggestion's comment does not show its source text", id, tag)
					}
				}
			}
		}
	}
	for id := range edited {
		t.Errorf("%s: expected an edited segment with this ID", id)
	}
	for id := range restored {
		t.Errorf("%s: expected a restored segment with this ID", id)
	}
	for pre := range r.added {
		if addedSeen[pre] == "" {
			t.Errorf("no new segment starts with %q", pre)
		}
	}
	for _, m := range before.src.Messages {
		if after.src.Lookup(m.ID) != nil {
			continue
		}
		if !removed[m.ID] {
			t.Errorf("%s: removed unexpectedly", m.ID)
			continue
		}
		delete(removed, m.ID)
		for _, tag := range p.Locales {
			bm := before.loc[tag].Lookup(m.ID)
			if bm == nil || !bm.Translated() {
				continue
			}
			om := after.obs[tag].Lookup(m.ID)
			if om == nil {
				t.Errorf("%s (%s): removed translation is not in the obsolete store", m.ID, tag)
				continue
			}
			sameTranslation(t, tag, m.ID, bm, om)
			if om.Hash != bm.Hash || after.hist[om.Hash] == "" {
				t.Errorf("%s (%s): obsolete entry's hash %s does not name its source text", m.ID, tag, om.Hash)
			}
		}
	}
	for id := range removed {
		t.Errorf("%s: expected removed, still there", id)
	}
	nothingLost(t, p, before, after)
}

// checkDiff checks that folio diff reports the revision: the edited,
// removed and added IDs, each with its entry's state in every locale.
func checkDiff(t *testing.T, p *project.Project, doc string, r revision, before, after snapshot) {
	t.Helper()
	for _, tag := range p.Locales {
		res, err := Diff(p, tag, []string{doc})
		if err != nil || len(res.Documents) != 1 || !res.Documents[0].Recorded {
			t.Fatalf("diff (%s): %v, %+v", tag, err, res)
		}
		got := map[string][]string{}
		for _, c := range res.Documents[0].Changes {
			if c.Change == ChangeEarlier {
				continue
			}
			got[c.Change] = append(got[c.Change], c.ID)
			want := "obsolete"
			switch {
			case c.Change == ChangeRemoved:
				if bm := before.loc[tag].Lookup(c.ID); bm == nil || !bm.Translated() {
					want = "none"
				}
			default:
				want = after.stateOf(tag, c.ID, before)
			}
			if c.State != want {
				t.Errorf("diff (%s): %s %s is %s, want %s", tag, c.Change, c.ID, c.State, want)
			}
		}
		var added []string
		for _, sm := range after.src.Messages {
			if before.src.Lookup(sm.ID) == nil {
				added = append(added, sm.ID)
			}
		}
		for change, want := range map[string][]string{ChangeEdited: r.edited, ChangeRemoved: r.removed, ChangeAdded: added} {
			g, w := append([]string{}, got[change]...), append([]string{}, want...)
			sort.Strings(g)
			sort.Strings(w)
			if strings.Join(g, " ") != strings.Join(w, " ") {
				t.Errorf("diff (%s): %s %v, want %v", tag, change, g, w)
			}
		}
	}
}

// nothingLost checks that every translation text of before is still in
// after's catalog or obsolete store of the same locale.
func nothingLost(t *testing.T, p *project.Project, before, after snapshot) {
	t.Helper()
	for _, tag := range p.Locales {
		have := map[string]bool{}
		for _, f := range []*catalog.File{after.loc[tag], after.obs[tag]} {
			if f != nil {
				for _, m := range f.Messages {
					have[formsKey(m)] = true
				}
			}
		}
		for _, f := range []*catalog.File{before.loc[tag], before.obs[tag]} {
			if f == nil {
				continue
			}
			for _, m := range f.Messages {
				if m.Translated() && !have[formsKey(m)] {
					t.Errorf("%s (%s): translation lost: %q", m.ID, tag, clip(m.Other()))
				}
			}
		}
	}
}

func formsKey(m *catalog.Message) string {
	var keys []string
	for k, v := range m.Forms.All() {
		keys = append(keys, k+"="+v)
	}
	sort.Strings(keys)
	return strings.Join(keys, "\x00")
}

func sameTranslation(t *testing.T, tag, id string, was, is *catalog.Message) {
	t.Helper()
	if was == nil || !was.Translated() {
		return
	}
	if is == nil || formsKey(is) != formsKey(was) {
		t.Errorf("%s (%s): translation changed by extract", id, tag)
	} else if is.Hash != was.Hash && was.Hash != "" {
		t.Errorf("%s (%s): hash changed from %s to %s", id, tag, was.Hash, is.Hash)
	}
}

func set(l []string) map[string]bool {
	m := map[string]bool{}
	for _, x := range l {
		m[x] = true
	}
	return m
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

// The white paper's revisions. Before each, a translator has revised one
// French translation by hand and left one Spanish entry empty; extract must
// keep both as they are.
var whitePaperRevisions = []revision{
	{
		name:   "insert",
		revise: replace("## Background\n\n", "## Background\n\nQuantum links and low-orbit satellites will soon carry a large share of traffic.\n\n"),
		added:  map[string]string{"Quantum links and low-orbit satellites": sUntranslated},
	},
	{
		name:    "delete",
		revise:  replace("October 2019\n\n", ""),
		removed: []string{"intro.october-2019"},
	},
	{
		name:   "edit one word",
		revise: replace("growing at an incredible speed", "growing at an astonishing speed"),
		edited: []string{"intro.internet-today-growing-incredible"},
	},
	{
		name: "rewrite a paragraph",
		revise: func(t *testing.T, doc string) string {
			return strings.Replace(doc, paragraphOf(t, doc, "Internet companies are key actors"),
				"Firms that run online services shape much of what people do on the network; they ought to obey the law, share what works and talk to one another.\n\n", 1)
		},
		edited: []string{"governance-framework.internet-companies-key-actors"},
	},
	{
		name: "move a paragraph to another section",
		revise: func(t *testing.T, doc string) string {
			para := paragraphOf(t, doc, "**Building a sound order.**")
			doc = strings.Replace(doc, para, "", 1)
			return strings.Replace(doc, "## Governance Framework\n\n", "## Governance Framework\n\n"+para, 1)
		},
	},
	{
		name: "split a paragraph in two",
		revise: replace("have become more evident in the field of the Internet. Hegemony",
			"have become more evident in the field of the Internet.\n\nHegemony"),
		edited: []string{"background.meantime-problems-unbalanced-development"},
		added:  map[string]string{"In the meantime, such problems": sUntranslated},
	},
	{
		name: "merge two paragraphs",
		revise: replace("and share the benefits.\n\nAs the Internet is developing",
			"and share the benefits. As the Internet is developing"),
		edited:  []string{"intro.response-expectations-parties-jointly"},
		removed: []string{"intro.internet-developing-amazing-speed"},
	},
	{
		name:   "rename a heading",
		revise: replace("## Governance Framework\n", "## Who Governs Cyberspace\n"),
		edited: []string{"governance-framework"},
	},
	{
		name: "reorder sections",
		revise: func(t *testing.T, doc string) string {
			return swapSections(t, doc, "Background", "Fundamental Principles")
		},
	},
	{
		name: "rewrap and whitespace",
		revise: func(t *testing.T, doc string) string {
			para := paragraphOf(t, doc, "Today's world is undergoing")
			wrapped := wrap(strings.TrimSpace(para), 50) + "   \n\n\n"
			return strings.Replace(doc, para, wrapped, 1)
		},
		nothingWritten: true,
	},
	{
		name:   "insert a near copy (suggestion)",
		revise: replace("## Background\n\n", "## Background\n\nToday's world is undergoing profound development, adjustment and transformation. A new round of technological and industrial revolution is gaining momentum. Emerging markets and developing countries are rising rapidly. The exponential growth of the Internet has created an unprecedented opportunity for the progress of human civilization.\n\n"),
		added:  map[string]string{"Today's world is undergoing profound": sSuggestion},
	},
	{
		name:   "insert an identical copy (reuse)",
		revise: replace("## Background\n\n", "## Background\n\nOrganizing Committee of the World Internet Conference\n\n"),
		added:  map[string]string{"Organizing Committee": sCurrent},
	},
}

func wrap(s string, width int) string {
	var b strings.Builder
	n := 0
	for _, w := range strings.Fields(s) {
		if n > 0 && n+1+len(w) > width {
			b.WriteString("\n")
			n = 0
		} else if n > 0 {
			b.WriteString(" ")
			n++
		}
		b.WriteString(w)
		n += len(w)
	}
	return b.String()
}

// whitePaper copies the white paper project, applies a translator's edits,
// and extracts once.
func whitePaper(t *testing.T) *project.Project {
	t.Helper()
	dir := copyProject(t)
	p, err := project.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	editCatalog(t, p.Abs("locales/cyberspace/fr.toml"), `other = "Comité d’organisation de la Conférence mondiale de l’Internet"`, `other = "Comité d’organisation de la Conférence mondiale de l’Internet (révisé)"`)
	setTranslation(t, p.Abs("locales/cyberspace/es.toml"), "intro.october-2019", "")
	if res, err := Extract(p); err != nil || len(res.Errors) > 0 {
		t.Fatal(err, res.Errors)
	}
	return p
}

func setTranslation(t *testing.T, path, id, text string) {
	t.Helper()
	data, _ := os.ReadFile(path)
	f, err := catalog.Parse(path, data)
	if err != nil || f.Lookup(id) == nil {
		t.Fatalf("%s: %v, or no %s", path, err, id)
	}
	f.Lookup(id).Forms.Set("other", text)
	os.WriteFile(path, f.Encode(nil), 0o644)
}

func editCatalog(t *testing.T, path, old, new string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(data), old) {
		t.Fatalf("%s: %v, or no %q", path, err, old)
	}
	os.WriteFile(path, []byte(strings.Replace(string(data), old, new, 1)), 0o644)
}

func TestWhitePaperRevisions(t *testing.T) {
	for _, r := range whitePaperRevisions {
		t.Run(r.name, func(t *testing.T) {
			applyRevision(t, whitePaper(t), "cyberspace", r)
		})
	}
}

// The same revisions one after another on one project, as a document's
// life goes; then the deleted paragraph comes back.
func TestWhitePaperRevisionSeries(t *testing.T) {
	p := whitePaper(t)
	for _, r := range whitePaperRevisions {
		if r.name == "insert an identical copy (reuse)" || r.name == "insert a near copy (suggestion)" {
			continue // both would insert at the same place as "insert"
		}
		t.Run(r.name, func(t *testing.T) { applyRevision(t, p, "cyberspace", r) })
	}
	t.Run("restore deleted", func(t *testing.T) {
		applyRevision(t, p, "cyberspace", revision{
			revise:   replace("Organizing Committee of the World Internet Conference\n\n", "Organizing Committee of the World Internet Conference\n\nOctober 2019\n\n"),
			restored: []string{"intro.october-2019"},
		})
	})
}

var idSyntax = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*$`)

// A small document with a list, a table and front matter, in two locales
// filled by a stand-in translator.
func smallProject(t *testing.T, docs map[string]string) *project.Project {
	t.Helper()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "folio.toml"), []byte("source_language = \"en\"\nlocales = [\"fr\", \"de\"]\n[build]\nformats = [\"md\"]\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, "source"), 0o755)
	for name, text := range docs {
		os.WriteFile(filepath.Join(dir, "source", name+".md"), []byte(text), 0o644)
	}
	p, err := project.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if res, err := Extract(p); err != nil || len(res.Errors) > 0 {
		t.Fatal(err, res.Errors)
	}
	for name := range docs {
		translateAll(t, p, name)
	}
	return p
}

// translateAll fills every empty entry of every locale with a stand-in
// translation made from the source text.
func translateAll(t *testing.T, p *project.Project, doc string) {
	t.Helper()
	st := state.Load(p, p.Locales)
	for _, u := range st.Units {
		if u.Name != doc {
			continue
		}
		for _, tag := range p.Locales {
			f := u.Locales[tag].File
			for _, sm := range u.Source.Messages {
				m := f.Lookup(sm.ID)
				if m == nil {
					m = &catalog.Message{ID: sm.ID}
					f.Add(m)
				}
				if !m.Translated() {
					m.Hash = sm.Hash
					m.Forms.Set("other", "["+tag+"] "+sm.Other())
				}
			}
			os.WriteFile(p.Abs(u.Locales[tag].Path), f.Encode(nil), 0o644)
		}
	}
	if res, err := Extract(p); err != nil || len(res.Errors) > 0 {
		t.Fatal(err, res.Errors)
	}
}

const guide = `---
title: Installing the tool
---

# Installing the tool

Download the archive for your system from the release page.

## Requirements

- A computer with at least two gigabytes of memory.
- A recent operating system with current security updates.

| Item | Size |
| --- | --- |
| Archive | Small |

## Steps

Unpack the archive into a folder of your choice and open a terminal there.

Run the installer and follow the questions it asks about your setup.

> Keep the archive until the installer has finished its work.
`

func TestSmallDocumentRevisions(t *testing.T) {
	revisions := []revision{
		{
			name:   "insert a list item",
			revise: replace("- A recent", "- A network connection for the first start.\n- A recent"),
			added:  map[string]string{"A network connection": sUntranslated},
		},
		{
			name:    "delete the quote",
			revise:  replace("\n> Keep the archive until the installer has finished its work.\n", ""),
			removed: []string{"steps.keep-archive-until-installer"},
		},
		{
			name:   "edit one word of a table cell and of front matter",
			revise: chain(replace("| Small |", "| Tiny |"), replace("title: Installing the tool", "title: Installing the program")),
			edited: []string{"requirements.cell-small", "meta.title"},
		},
		{
			name:   "rename a heading",
			revise: replace("## Steps\n", "## What to Do\n"),
			edited: []string{"steps"},
		},
		{
			name: "reorder sections and rewrap",
			revise: func(t *testing.T, doc string) string {
				doc = swapSections(t, doc, "Requirements", "Steps")
				return strings.Replace(doc, "into a folder of your choice and", "into a folder\nof your choice and", 1)
			},
		},
		{
			name:   "insert a near copy",
			revise: replace("## Steps\n\n", "## Steps\n\nUnpack the archive into a folder of your choice and open a shell there.\n\n"),
			added:  map[string]string{"Unpack the archive into a folder of your choice and open a shell": sSuggestion},
		},
	}
	for _, r := range revisions {
		t.Run(r.name, func(t *testing.T) {
			p := smallProject(t, map[string]string{"guide": guide})
			applyRevision(t, p, "guide", r)
		})
	}
}

// Translation memory across documents: identical text in a new document
// is reused, current; similar text is a suggestion; text that only an
// obsolete entry had is reused too.
func TestMemoryAcrossDocuments(t *testing.T) {
	p := smallProject(t, map[string]string{"guide": guide})
	// Remove a paragraph from the guide: its translations become obsolete.
	path := p.Abs("source/guide.md")
	data, _ := os.ReadFile(path)
	os.WriteFile(path, []byte(strings.Replace(string(data), "Run the installer and follow the questions it asks about your setup.\n\n", "", 1)), 0o644)
	if res, err := Extract(p); err != nil || len(res.Errors) > 0 {
		t.Fatal(err, res.Errors)
	}
	notes := "# Notes\n\nDownload the archive for your system from the release page.\n\nRun the installer and follow the questions it asks about your setup.\n\nUnpack the archive into a folder of your choice and open a shell there.\n\nSomething nobody has translated yet.\n"
	os.WriteFile(p.Abs("source/notes.md"), []byte(notes), 0o644)
	if err := reloadDocs(p); err != nil {
		t.Fatal(err)
	}
	if res, err := Extract(p); err != nil || len(res.Errors) > 0 {
		t.Fatal(err, res.Errors)
	}
	s := takeSnapshot(t, p, "notes")
	want := map[string]string{
		"Notes":                                sUntranslated,
		"Download the archive":                 sCurrent,
		"Run the installer":                    sCurrent,
		"Unpack the archive":                   sSuggestion,
		"Something nobody has translated yet.": sUntranslated,
	}
	empty := snapshot{src: &catalog.File{}}
	for _, sm := range s.src.Messages {
		st, ok := "", false
		for pre, w := range want {
			if strings.HasPrefix(sm.Other(), pre) {
				st, ok = w, true
			}
		}
		if !ok {
			t.Fatalf("unexpected segment %q", sm.Other())
		}
		for _, tag := range p.Locales {
			if got := s.stateOf(tag, sm.ID, empty); got != st {
				t.Errorf("%s (%s): %s, want %s", sm.ID, tag, got, st)
			}
			if m := s.loc[tag].Lookup(sm.ID); st != sUntranslated && !strings.HasPrefix(m.Other(), "["+tag+"] ") {
				t.Errorf("%s (%s): reused %q, not a %s translation", sm.ID, tag, m.Other(), tag)
			}
			// The text a suggestion was translated from is in the
			// document's history, for the stale diff.
			if m := s.loc[tag].Lookup(sm.ID); st == sSuggestion {
				if text, ok := s.hist[m.Hash]; !ok || catalog.Hash(text) != m.Hash {
					t.Errorf("%s (%s): the history has %q (%v) for the suggestion's %s", sm.ID, tag, text, ok, m.Hash)
				}
			}
		}
	}
}

// reloadDocs re-reads folio.toml so that a new source file becomes a
// document.
func reloadDocs(p *project.Project) error {
	q, err := project.Load(p.Root)
	if err != nil {
		return err
	}
	*p = *q
	return nil
}

// New IDs never collide with previous or obsolete IDs, even when the new
// text would derive the same readable ID.
func TestNewIDsAvoidObsoleteIDs(t *testing.T) {
	p := smallProject(t, map[string]string{"guide": guide})
	path := p.Abs("source/guide.md")
	data, _ := os.ReadFile(path)
	// Remove "Run the installer…": its ID goes to the obsolete store.
	v2 := strings.Replace(string(data), "Run the installer and follow the questions it asks about your setup.\n\n", "", 1)
	os.WriteFile(path, []byte(v2), 0o644)
	Extract(p)
	// A different paragraph whose words derive the same ID.
	v3 := strings.Replace(v2, "> Keep", "Run the installer follow questions differently, whatever it asks.\n\n> Keep", 1)
	os.WriteFile(path, []byte(v3), 0o644)
	Extract(p)
	s := takeSnapshot(t, p, "guide")
	obsID := "steps.run-installer-follow-questions"
	if s.obs["fr"].Lookup(obsID) == nil {
		t.Fatalf("%s is not in the obsolete store", obsID)
	}
	for _, m := range s.src.Messages {
		if !idSyntax.MatchString(m.ID) {
			t.Errorf("bad ID %q", m.ID)
		}
		if strings.HasPrefix(m.Other(), "Run the installer follow") && m.ID == obsID {
			t.Errorf("new segment reuses the obsolete ID %s", obsID)
		}
	}
}

// An obsolete hand-written translation without a hash keeps the hash of
// the source text it was made from, so it comes back current.
func TestObsoleteWithoutHashComesBack(t *testing.T) {
	p := smallProject(t, map[string]string{"guide": guide})
	id := "steps.run-installer-follow-questions"
	fr := p.Abs("locales/guide/fr.toml")
	data, _ := os.ReadFile(fr)
	f, err := catalog.Parse("fr.toml", data)
	if err != nil {
		t.Fatal(err)
	}
	f.Lookup(id).Hash = ""
	os.WriteFile(fr, f.Encode(nil), 0o644)
	path := p.Abs("source/guide.md")
	src, _ := os.ReadFile(path)
	para := "Run the installer and follow the questions it asks about your setup.\n\n"
	os.WriteFile(path, []byte(strings.Replace(string(src), para, "", 1)), 0o644)
	Extract(p)
	s := takeSnapshot(t, p, "guide")
	if om := s.obs["fr"].Lookup(id); om == nil || om.Hash != catalog.Hash(strings.TrimSpace(para)) {
		t.Fatalf("obsolete entry %+v does not name its source text", om)
	}
	os.WriteFile(path, src, 0o644)
	Extract(p)
	s = takeSnapshot(t, p, "guide")
	if got := s.stateOf("fr", id, s); got != sCurrent {
		t.Errorf("restored entry is %s", got)
	}
}

// An obsolete translation already stored under the ID of a translation
// that becomes obsolete is kept under another ID.
func TestObsoleteKeepsBothTranslations(t *testing.T) {
	p := smallProject(t, map[string]string{"guide": guide})
	id := "steps.run-installer-follow-questions"
	os.MkdirAll(p.Abs("locales/guide/obsolete"), 0o755)
	older := &catalog.File{}
	older.Add(&catalog.Message{ID: id, Hash: catalog.Hash("An older text."), Forms: catalog.OtherForm("[fr] An older translation.")})
	os.WriteFile(p.Abs("locales/guide/obsolete/fr.toml"), older.Encode(nil), 0o644)
	path := p.Abs("source/guide.md")
	src, _ := os.ReadFile(path)
	para := "Run the installer and follow the questions it asks about your setup.\n\n"
	os.WriteFile(path, []byte(strings.Replace(string(src), para, "", 1)), 0o644)
	if res, err := Extract(p); err != nil || len(res.Errors) > 0 {
		t.Fatal(err, res.Errors)
	}
	s := takeSnapshot(t, p, "guide")
	got := map[string]string{}
	for _, m := range s.obs["fr"].Messages {
		got[m.Other()] = m.ID
	}
	if got["[fr] Run the installer and follow the questions it asks about your setup."] != id {
		t.Errorf("latest translation not stored under %s: %v", id, got)
	}
	if was := got["[fr] An older translation."]; was == "" || was == id || !idSyntax.MatchString(was) {
		t.Errorf("older obsolete translation lost or badly keyed: %v", got)
	}
}

// loadedHistory is u's history, which must load.
func loadedHistory(t *testing.T, u *state.Unit) map[string]string {
	t.Helper()
	hist, err := u.LoadedHistory()
	if err != nil {
		t.Fatal(err)
	}
	return hist
}
