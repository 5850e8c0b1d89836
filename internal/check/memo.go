package check

import (
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"

	"folio/internal/segment"
)

// unitMemo holds what checking a unit computes once for all its locales:
// the document's link reference definitions, one Markdown parser, and the
// Markdown tokens of each source text. Run makes one per unit and uses it
// from one goroutine.
type unitMemo struct {
	md       goldmark.Markdown
	refs     []parser.Reference
	refsDone bool
	src      map[string]mdTokens
	facts    map[string]*srcFacts
}

type mdTokens struct {
	tokens   []string
	emphasis int
}

func newUnitMemo() *unitMemo {
	return &unitMemo{md: segment.NewMarkdown(), src: map[string]mdTokens{}, facts: map[string]*srcFacts{}}
}

// references returns the unit's reference definitions, parsed once.
func (c *unitContext) references(src []byte) []parser.Reference {
	if c.memo == nil {
		return references(src)
	}
	if !c.memo.refsDone {
		c.memo.refs, c.memo.refsDone = references(src), true
	}
	return c.memo.refs
}

// tokens returns the Markdown tokens of a text; a source text's are kept
// for the unit's other locales.
func (c *unitContext) tokens(s string, source bool) ([]string, int) {
	if c.memo == nil {
		return markdownTokens(s, c.refs)
	}
	if source {
		if t, ok := c.memo.src[s]; ok {
			return t.tokens, t.emphasis
		}
	}
	toks, em := markdownTokensWith(c.memo.md, s, c.refs)
	if source {
		c.memo.src[s] = mdTokens{toks, em}
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
	length      lengthSource
}

// sourceFacts returns the facts of a source text, kept for the unit's
// other locales.
func (c *unitContext) sourceFacts(src string) *srcFacts {
	if c.memo != nil {
		if f, ok := c.memo.facts[src]; ok {
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
	if c.memo != nil {
		c.memo.facts[src] = f
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
