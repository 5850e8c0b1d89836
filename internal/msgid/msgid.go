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
// The package imports segment, golang.org/x/text and the standard library.
package msgid

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"folio/internal/segment"
)

// Previous is a message of the previous source catalog.
type Previous struct {
	ID   string
	Text string
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
// catalog in document order; taken holds IDs that must not be reused for
// new segments (obsolete ones).
func Assign(segs []segment.Segment, prev []Previous, taken map[string]bool) []string {
	ids := make([]string, len(segs))
	used := map[string]bool{}
	byText := map[string][]int{}
	for i, p := range prev {
		byText[p.Text] = append(byText[p.Text], i)
	}
	prevUsed := make([]bool, len(prev))
	// 1. Identical text keeps its ID.
	for i, s := range segs {
		for _, j := range byText[s.Text] {
			if !prevUsed[j] && !used[prev[j].ID] {
				ids[i], prevUsed[j], used[prev[j].ID] = prev[j].ID, true, true
				break
			}
		}
	}
	// 2. Similar text keeps its ID (an edited segment).
	matchSimilar(segs, prev, ids, prevUsed, used)
	// 3. New segments get new IDs.
	reserved := map[string]bool{}
	for k := range taken {
		reserved[k] = true
	}
	for _, p := range prev {
		reserved[p.ID] = true
	}
	title := titleIndex(segs)
	ordinal := map[string]int{}
	for i, s := range segs {
		section := sectionOf(segs, i, title)
		ordinal[section]++
		if ids[i] != "" {
			continue
		}
		base := baseID(s, i == title, section, ordinal[section])
		id := base
		for n := 2; used[id] || reserved[id]; n++ {
			id = base + "-" + strconv.Itoa(n)
		}
		ids[i], used[id] = id, true
	}
	return ids
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

func sectionOf(segs []segment.Segment, i, title int) string {
	for j := i; j >= 0; j-- {
		if segs[j].Kind != segment.Heading || (j == i && segs[i].Kind == segment.Heading) {
			continue
		}
		if j == title {
			return "intro"
		}
		if s := Slug(segs[j].Text, 3); s != "" {
			return safe(s)
		}
		return "section"
	}
	return ""
}

func baseID(s segment.Segment, isTitle bool, section string, ordinal int) string {
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
		return join(section, "h"+strconv.Itoa(ordinal))
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
	linkDest = regexp.MustCompile(`\]\([^)]*\)|\]\[[^\]]*\]`)
	htmlTag  = regexp.MustCompile(`<[^>]*>`)
	urlText  = regexp.MustCompile(`[a-z]+://\S+`)
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

// Slug returns up to n content words of text's first sentence, folded to
// a-z0-9 and joined by "-"; "" when the text has no usable words.
func Slug(text string, n int) string {
	text = linkDest.ReplaceAllString(text, "]")
	text = htmlTag.ReplaceAllString(text, " ")
	text = urlText.ReplaceAllString(strings.ToLower(text), " ")
	folded := norm.NFKD.String(text)
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
