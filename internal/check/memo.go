package check

import (
	"strings"
	"sync"

	"folio/internal/segment"
)

// unitMemo holds what checking a unit computes once for all its locales:
// the document's link reference definitions, and the Markdown tokens and
// text facts of each source text. RunUnits makes one per unit; the unit's
// locales, checked in parallel, share it (a value two goroutines compute
// at once is the same value). With one locale to check, no source text is
// looked up twice, and the texts are not kept (src and facts are nil): in
// M1's first build, filling and growing those maps for nothing took 4 %
// of the CPU time.
type unitMemo struct {
	refsOnce sync.Once
	refs     refDefs
	keyOnce  sync.Once
	refsKey  uint64 // refs.key(), for a CleanMemo
	mu       sync.Mutex
	src      map[string]mdTokens
	facts    map[string]*srcFacts
}

type mdTokens struct {
	tokens   []string
	emphasis int
}

// newUnitMemo returns a memo for a unit with texts source messages,
// checked in locales locales: it keeps the texts only when more than one
// locale reads them.
func newUnitMemo(texts, locales int) *unitMemo {
	if locales < 2 {
		return &unitMemo{}
	}
	return &unitMemo{src: make(map[string]mdTokens, texts), facts: make(map[string]*srcFacts, texts)}
}

// parsers are goldmark parsers with Folio's extensions, each used by one
// goroutine at a time.
var parsers = sync.Pool{New: func() any { return segment.NewMarkdown() }}

// definitionParsers are segment.NewDefinitionParser's parsers, for the
// link reference definitions of documents (references).
var definitionParsers = sync.Pool{New: func() any { return segment.NewDefinitionParser() }}

// references returns the unit's reference definitions, once per unit:
// those its segmentation found (build loads documents segmented), else
// those a parse of its body finds.
func (c *unitContext) references(doc *segment.Document) refDefs {
	get := func() refDefs {
		if doc.DefinitionsKnown {
			return definitionsOf(doc.Definitions)
		}
		return references(doc.Source[segment.BodyStart(doc.Source):])
	}
	if c.memo == nil {
		return get()
	}
	c.memo.refsOnce.Do(func() { c.memo.refs = get() })
	return c.memo.refs
}

// refsKey is c.refs.key(), once per unit.
func (c *unitContext) refsKey() uint64 {
	if c.memo == nil {
		return c.refs.key()
	}
	c.memo.keyOnce.Do(func() { c.memo.refsKey = c.refs.key() })
	return c.memo.refsKey
}

// tokens returns the Markdown tokens of a text; a source text's are kept
// for the unit's other locales.
func (c *unitContext) tokens(s string, source bool) ([]string, int) {
	if c.memo == nil || c.memo.src == nil {
		return markdownTokensOf(s, c.refs, c.validUTF8)
	}
	if source {
		c.memo.mu.Lock()
		t, ok := c.memo.src[s]
		c.memo.mu.Unlock()
		if ok {
			return t.tokens, t.emphasis
		}
	}
	toks, em := markdownTokensOf(s, c.refs, c.validUTF8)
	if source {
		c.memo.mu.Lock()
		c.memo.src[s] = mdTokens{toks, em}
		c.memo.mu.Unlock()
	}
	return toks, em
}

// warningOnly are the checks that ErrorsOnly skips: the text checks and
// the stale diff, all warnings by default.
var warningOnly = []string{"identical", "numbers", "whitespace", "nfc", "end-punctuation", "typography", "glossary", "length", "stale"}

// raisesAny reports whether the configuration makes one of the checks an
// error, for all locales or for one.
func (c Config) raisesAny(names []string) bool {
	for _, n := range names {
		if c.Severity[n] == "error" {
			return true
		}
		for _, m := range c.Locale {
			if m[n] == "error" {
				return true
			}
		}
	}
	return false
}

// srcFacts is what the text checks read of a source text, the same for
// every locale: computed once per unit and source text.
type srcFacts struct {
	plain       string // plain(src)
	letters     bool   // hasLetters(plain)
	trimmed     bool   // no leading or trailing whitespace
	doubleSpace bool   // has "  "
	doubled     int    // len(doubledWords(plain))
	quotes      int    // straight double quotes in plain
	end         string // endMark(src)
	numbers     numberCounts
	terms       []*Term // glossary terms of plain
	length      *lengthSource
}

// sourceFacts returns the facts of a source text, kept for the unit's
// other locales.
func (c *unitContext) sourceFacts(src string) *srcFacts {
	keep := c.memo != nil && c.memo.facts != nil
	if keep {
		c.memo.mu.Lock()
		f, ok := c.memo.facts[src]
		c.memo.mu.Unlock()
		if ok {
			return f
		}
	}
	ps := plain(src)
	f := &srcFacts{
		plain:       ps,
		letters:     hasLetters(ps),
		trimmed:     strings.TrimSpace(src) == src,
		doubleSpace: strings.Contains(src, "  "),
		doubled:     len(doubledWords(ps)),
		quotes:      strings.Count(ps, `"`),
		end:         endMark(src),
		numbers:     numbersOf(ps),
		terms:       c.glossary.termsIn(ps),
		length:      newLengthSource(proseOfPlain(ps)),
	}
	if keep {
		c.memo.mu.Lock()
		c.memo.facts[src] = f
		c.memo.mu.Unlock()
	}
	return f
}

// lengthRatio is the length check of translation tr.
func (f *srcFacts) lengthRatio(source, tag, tr string) string {
	if f.length.max < 40 {
		return ""
	}
	return f.length.ratio(source, tag, proseOfPlain(tr))
}

func (f *srcFacts) compareNumbers(tr string) (missing, extra string) { return f.numbers.compare(tr) }
