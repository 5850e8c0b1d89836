package check

import (
	"testing"

	"folio/internal/catalog"
	"folio/internal/project"
	"folio/internal/state"
)

// Benchmarks of each check family over the white paper's catalogs (go test
// -bench . ./internal/check): the whole run, and each family on every
// message pair of the French, Chinese and Arabic catalogs.

func benchState(b *testing.B) (*state.State, *Glossary) {
	p, err := project.Load("../..")
	if err != nil {
		b.Fatal(err)
	}
	g, err := LoadGlossary(p.Abs(GlossaryPath), GlossaryPath)
	if err != nil {
		b.Fatal(err)
	}
	return state.Load(p, p.Locales), g
}

type pair struct {
	c      *unitContext
	sm, tm *catalog.Message
}

func benchPairs(b *testing.B) []pair {
	st, g := benchState(b)
	var ps []pair
	for _, u := range st.Units {
		if u.Doc == nil || u.Source == nil {
			continue
		}
		for _, tag := range []string{"fr", "zh-Hans", "ar"} {
			c := u.Locales[tag]
			ctx := &unitContext{unit: u, tag: tag, path: c.Path, source: st.Project.SourceLanguage, glossary: g}
			for _, sm := range u.Source.Messages {
				if tm := c.File.Lookup(sm.ID); tm != nil && tm.Translated() {
					ps = append(ps, pair{ctx, sm, tm})
				}
			}
		}
	}
	if len(ps) == 0 {
		b.Fatal("no message pairs")
	}
	return ps
}

func BenchmarkRun(b *testing.B) {
	st, g := benchState(b)
	for b.Loop() {
		Run(st, Options{Locales: st.Project.Locales, Glossary: g})
	}
}

func BenchmarkFamilies(b *testing.B) {
	ps := benchPairs(b)
	families := []struct {
		name string
		f    func(p pair)
	}{
		{"markdown", func(p pair) { p.c.checkMarkdown(p.tm, "other", p.sm.Other(), p.tm.Other()) }},
		{"text", func(p pair) { p.c.checkText(p.tm, "other", p.sm.Other(), p.tm.Other()) }},
		{"typography", func(p pair) { typography(p.c.tag, plain(p.tm.Other())) }},
		{"glossary", func(p pair) { p.c.glossary.Check(p.c.tag, plain(p.sm.Other()), plain(p.tm.Other())) }},
		{"templates", func(p pair) { p.c.checkTemplates(p.sm, p.tm) }},
		{"plurals", func(p pair) { p.c.checkPlurals(p.sm, p.tm) }},
		{"stale-diff", func(p pair) { WordDiff(p.sm.Other(), p.tm.Other()) }},
		{"plain", func(p pair) { plain(p.sm.Other()); plain(p.tm.Other()) }},
		{"markdown-tokens", func(p pair) { markdownTokens(p.tm.Other(), nil) }},
		{"numbers", func(p pair) { compareNumbers(plain(p.sm.Other()), plain(p.tm.Other())) }},
		{"doubled-word", func(p pair) { doubledWord(p.c.tag, plain(p.sm.Other()), plain(p.tm.Other())) }},
		{"end-punctuation", func(p pair) { endMark(p.sm.Other()); endMark(p.tm.Other()); abbreviationEnd(p.c.tag, p.tm.Other()) }},
		{"length", func(p pair) { lengthRatio(p.c.source, p.c.tag, p.sm.Other(), p.tm.Other()) }},
		{"nfc", func(p pair) { isNFC(p.tm.Other()) }},
		{"message", func(p pair) { p.c.checkMessage(p.sm, p.tm) }},
	}
	for _, fam := range families {
		b.Run(fam.name, func(b *testing.B) {
			for b.Loop() {
				for _, p := range ps {
					fam.f(p)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ps)), "ns/message")
		})
	}
}

// BenchmarkRunGenerated checks a bench/gen set (10 documents, about 1,000
// messages, in 3 locales: headings, lists, tables, code, links, emphasis;
// pseudo-translations, some stale or untranslated), as folio check does
// and as build does (errors only).
func BenchmarkRunGenerated(b *testing.B) {
	p, err := project.Load(generatedSet(b, 10, 3))
	if err != nil {
		b.Fatal(err)
	}
	st := state.Load(p, p.Locales)
	for _, errorsOnly := range []bool{false, true} {
		name := "full"
		if errorsOnly {
			name = "errors-only"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Run(st, Options{Locales: p.Locales, ErrorsOnly: errorsOnly})
			}
		})
	}
	// One locale, as a one-locale project's build checks it: nothing is
	// shared between locales.
	b.Run("errors-only-one-locale", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			Run(st, Options{Locales: p.Locales[:1], ErrorsOnly: true})
		}
	})
}

// BenchmarkByteScans times the scans that look at eight bytes at a time
// (words) against their byte-by-byte versions (bytes), on the generated
// set's translations: pseudo-translations, dense in two-byte characters.
func BenchmarkByteScans(b *testing.B) {
	p, err := project.Load(generatedSet(b, 10, 3))
	if err != nil {
		b.Fatal(err)
	}
	var texts []string
	stateTexts(b, state.Load(p, p.Locales), func(_, tr string, _ refDefs) { texts = append(texts, tr) })
	for _, scan := range []struct {
		name string
		f    func(string) bool
	}{
		{"control/bytes", func(s string) bool { return controlAt(s, 0, len(s)) }},
		{"control/words", hasControl},
		{"tokenizable/bytes", tokenizableBytesRef},
		{"tokenizable/words", tokenizableBytes},
	} {
		b.Run(scan.name, func(b *testing.B) {
			for b.Loop() {
				for _, s := range texts {
					scan.f(s)
				}
			}
		})
	}
}
