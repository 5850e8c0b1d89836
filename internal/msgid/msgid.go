// Package msgid gives segments their message IDs: readable keys derived
// from the document's structure and the segment's words
// ("fundamental-principles.respecting-sovereignty-cyberspace"), unique within
// a document, made of a-z 0-9 - and ., never using a go-i18n reserved word as
// a dotted component, with a structural fallback ("background.p3") where the
// words give nothing usable.
//
// IDs are stable: Assign first gives each segment the ID of a previous
// segment with identical text, then of a previous segment with similar text
// (an edited paragraph keeps its ID), and only then a new ID that collides
// with no previous or obsolete one.
//
// The package imports segment, lazyre, golang.org/x/text and the standard
// library.
package msgid

import (
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"folio/internal/lazyre"
	"folio/internal/segment"
)

// Previous is a message of the previous source catalog, or an obsolete
// message whose translations wait in the obsolete store.
type Previous struct {
	ID   string
	Text string
	// Kind is the segment kind the message was made from ("" when
	// unknown: any kind matches).
	Kind segment.Kind
	// Obsolete marks a message that is no longer in the source catalog:
	// it takes back its ID only when its exact text returns.
	Obsolete bool
}

// Reserved are the keys go-i18n reads as message fields; no dotted component
// of an ID may be one of them.
var Reserved = map[string]bool{
	"id": true, "description": true, "hash": true, "leftdelim": true, "rightdelim": true,
	"zero": true, "one": true, "two": true, "few": true, "many": true, "other": true, "translation": true,
}

// MinSimilarity is the word similarity (0–1) above which an edited segment
// keeps the ID of the previous segment it most resembles.
const MinSimilarity = 0.5

// Assign returns an ID for each segment. prev is the previous source
// catalog in document order, optionally followed by obsolete messages
// (Previous.Obsolete); taken holds further IDs that must not be reused for
// new segments.
//
// Alignment runs in four passes:
//  1. identical text keeps its ID (a moved segment), live messages first,
//     then obsolete ones (a removed segment whose text returns), a message
//     of the same kind first;
//  2. similar text keeps its ID (an edited segment): the pairs of unmatched
//     new and previous segments whose word similarity reaches MinSimilarity
//     are taken best first, so that when one paragraph is split in two the
//     larger half keeps the ID;
//  3. a rewritten segment keeps its ID: where a run of unmatched new
//     segments lies between two aligned neighbours (or a document end) whose
//     previous counterparts enclose a run of as many unmatched previous
//     messages of the same kinds, they are paired in order (a renamed heading,
//     a paragraph rewritten in place);
//  4. every other segment gets a new ID that is not the ID of any previous
//     or obsolete message nor in taken.
func Assign(segs []segment.Segment, prev []Previous, taken map[string]bool) []string {
	ids := make([]string, len(segs))
	used := make(map[string]bool, len(segs))
	match := make([]int, len(segs)) // index into prev, or -1
	for i := range match {
		match[i] = -1
	}
	prevUsed := make([]bool, len(prev))
	take := func(i, j int) {
		ids[i], match[i], prevUsed[j], used[prev[j].ID] = prev[j].ID, j, true, true
	}
	// 1. Identical text keeps its ID. The previous messages of a text, in
	// order, are first[text], then next of each (-1 ends): one map, not a
	// slice for each text (half of Assign's allocations).
	next := make([]int, len(prev))
	obsoletes := 0
	for _, p := range prev {
		if p.Obsolete {
			obsoletes++
		}
	}
	for _, obsolete := range []bool{false, true} {
		n := len(prev) - obsoletes
		if obsolete {
			n = obsoletes
		}
		first := make(map[string]int, n)
		for j := len(prev) - 1; j >= 0; j-- {
			if p := prev[j]; p.Obsolete == obsolete {
				next[j] = -1
				if k, ok := first[p.Text]; ok {
					next[j] = k
				}
				first[p.Text] = j
			}
		}
		for _, anyKind := range []bool{false, true} {
			for i, s := range segs {
				if ids[i] != "" {
					continue
				}
				j, ok := first[s.Text]
				for ; ok && j >= 0; j = next[j] {
					if !prevUsed[j] && !used[prev[j].ID] && (anyKind || prev[j].Kind == "" || prev[j].Kind == s.Kind) {
						take(i, j)
						break
					}
				}
			}
		}
	}
	// 2. Similar text keeps its ID (an edited segment).
	for _, pr := range similarPairs(segs, prev, ids, prevUsed) {
		if ids[pr.seg] == "" && !prevUsed[pr.prev] && !used[prev[pr.prev].ID] {
			take(pr.seg, pr.prev)
		}
	}
	// 3. A segment rewritten in place keeps its ID.
	alignGaps(segs, prev, match, prevUsed, used, take)
	// 4. New segments get new IDs (most often there are none).
	if !slices.Contains(ids, "") {
		return ids
	}
	reserved := map[string]bool{}
	for k := range taken {
		reserved[k] = true
	}
	for _, p := range prev {
		reserved[p.ID] = true
	}
	sec := sections{segs: segs, title: titleIndex(segs), names: map[int]string{}, number: map[int]int{}}
	for i, s := range segs {
		if s.Kind == segment.Heading && i != sec.title {
			sec.number[i] = len(sec.number) + 1
		}
	}
	ordinal := map[string]int{}
	for i, s := range segs {
		section := sec.of(i)
		ordinal[section]++
		if ids[i] != "" {
			continue
		}
		opens := ""
		if s.Kind == segment.Heading && i != sec.title {
			opens = sec.name(i)
		}
		base := baseID(s, i == sec.title, section, opens, ordinal[section])
		id := base
		for n := 2; used[id] || reserved[id]; n++ {
			id = base + "-" + strconv.Itoa(n)
		}
		ids[i], used[id] = id, true
	}
	return ids
}

// alignGaps pairs, in order, runs of unmatched new segments with runs of
// unmatched live previous messages of the same length and kinds that lie
// between the same aligned neighbours.
func alignGaps(segs []segment.Segment, prev []Previous, match []int, prevUsed []bool, used map[string]bool, take func(i, j int)) {
	live := 0
	for _, p := range prev {
		if !p.Obsolete {
			live++
		}
	}
	for a := 0; a < len(segs); {
		if match[a] >= 0 {
			a++
			continue
		}
		b := a
		for b < len(segs) && match[b] < 0 {
			b++
		}
		// The previous counterparts of the neighbours; a neighbour that
		// took back an obsolete ID anchors nothing.
		lo, hi, anchored := -1, live, true
		if a > 0 {
			lo = match[a-1]
			anchored = !prev[lo].Obsolete
		}
		if b < len(segs) {
			hi = match[b]
			anchored = anchored && !prev[hi].Obsolete
		}
		if anchored && lo < hi {
			var gap []int
			for j := lo + 1; j < hi; j++ {
				if !prevUsed[j] && !prev[j].Obsolete {
					gap = append(gap, j)
				}
			}
			if len(gap) == b-a && sameKinds(segs[a:b], prev, gap) {
				for k, j := range gap {
					if !used[prev[j].ID] {
						take(a+k, j)
					}
				}
			}
		}
		a = b
	}
}

func sameKinds(segs []segment.Segment, prev []Previous, gap []int) bool {
	for k, j := range gap {
		if prev[j].Kind != "" && prev[j].Kind != segs[k].Kind {
			return false
		}
	}
	return true
}

// titleIndex returns the index of the document's title — its only level-1
// heading when that is its first heading — or -1.
func titleIndex(segs []segment.Segment) int {
	title, firstHeading := -1, -1
	for i, s := range segs {
		if s.Kind != segment.Heading {
			continue
		}
		if firstHeading < 0 {
			firstHeading = i
		}
		if s.Level == 1 {
			if title >= 0 {
				return -1
			}
			title = i
		}
	}
	if title != firstHeading {
		return -1
	}
	return title
}

// sections names the sections of a document's segments.
type sections struct {
	segs  []segment.Segment
	title int // titleIndex
	// names caches each heading's section name, computed once per
	// heading rather than once per segment under it; number is each
	// heading's place among the document's headings after the title.
	names  map[int]string
	number map[int]int
}

// of names the section of segment i after the nearest heading before it
// ("intro" for the title's, "" before any heading).
func (c sections) of(i int) string {
	for j := i; j >= 0; j-- {
		if c.segs[j].Kind != segment.Heading || (j == i && c.segs[i].Kind == segment.Heading) {
			continue
		}
		if j == c.title {
			return "intro"
		}
		return c.name(j)
	}
	return ""
}

// name is the name of the section heading j opens: its first words, or
// where they give nothing usable (a Chinese heading, "Why?"),
// "section-N" for the document's N-th heading after the title.
func (c sections) name(j int) string {
	name, ok := c.names[j]
	if !ok {
		name = "section-" + strconv.Itoa(c.number[j])
		if s := Slug(c.segs[j].Text, 3); s != "" {
			name = safe(s)
		}
		c.names[j] = name
	}
	return name
}

// baseID is the ID segment s would have before it is made unique: in
// section, at the ordinal-th place of it; a heading's is its own words, or
// where they give nothing usable the name of the section it opens.
func baseID(s segment.Segment, isTitle bool, section, opens string, ordinal int) string {
	join := func(parts ...string) string {
		var out []string
		for _, p := range parts {
			if p != "" {
				out = append(out, p)
			}
		}
		return strings.Join(out, ".")
	}
	switch s.Kind {
	case segment.FrontMatter:
		return join("meta", safe(Slug(s.Key, 3)))
	case segment.Heading:
		if isTitle {
			return "title"
		}
		if w := Slug(s.Text, 4); w != "" {
			return safe(w)
		}
		return opens
	case segment.TableCell:
		if w := Slug(s.Text, 3); w != "" {
			return join(section, "cell-"+w)
		}
		return join(section, "cell"+strconv.Itoa(ordinal))
	}
	if w := Slug(s.Text, 4); w != "" {
		return join(section, safe(w))
	}
	return join(section, "p"+strconv.Itoa(ordinal))
}

func safe(component string) string {
	if Reserved[component] {
		return component + "-part"
	}
	return component
}

var (
	linkDest = lazyre.New(`\]\([^)]*\)|\]\[[^\]]*\]`)
	htmlTag  = lazyre.New(`<[^>]*>`)
	urlText  = lazyre.New(`[a-z]+://\S+`)
)

var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an the of in on at to for from by with and or but nor is are was were be been
		being it its this that these those as into than then there their our your we you they he she i not no
		so such can could should would will shall may might must do does did has have had all any each both
		which who whom whose what when where why how also very more most other some only own same too just`) {
		stopWords[w] = true
	}
}

// isASCII reports whether s is all ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// Slug returns up to n content words of text's first sentence, folded to
// a-z0-9 and joined by "-"; "" when the text has no usable words.
func Slug(text string, n int) string {
	// Each pattern runs only where its literal part occurs (it cannot
	// match elsewhere), and ASCII is its own NFKD form: most texts skip
	// all four passes over their whole length.
	if strings.Contains(text, "](") || strings.Contains(text, "][") {
		text = linkDest().ReplaceAllString(text, "]")
	}
	if strings.IndexByte(text, '<') >= 0 {
		text = htmlTag().ReplaceAllString(text, " ")
	}
	text = strings.ToLower(text)
	if strings.Contains(text, "://") {
		text = urlText().ReplaceAllString(text, " ")
	}
	if !isASCII(text) {
		text = norm.NFKD.String(text)
	}
	return slugWords(text, n)
}

// slugWords is Slug's word picking over the cleaned, lower-cased, NFKD
// text.
func slugWords(folded string, n int) string {
	var words []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			w := cur.String()
			cur.Reset()
			if !stopWords[w] && len(words) < n {
				words = append(words, w)
			}
		}
	}
	for _, r := range folded {
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			cur.WriteRune(r)
		case unicode.Is(unicode.Mn, r):
			// combining mark of a folded letter
		case r == '\'' || r == '’':
			// keep contractions together
		default:
			flush()
			if (r == '.' || r == '!' || r == '?' || r == ':' || r == ';' || r == '。') && len(words) >= 2 {
				return strings.Join(words, "-")
			}
			if r >= 128 && unicode.IsLetter(r) {
				// A letter of a script with no a-z folding: not usable.
				continue
			}
		}
		if len(words) >= n {
			break
		}
	}
	flush()
	return strings.Join(words, "-")
}
