package build

import (
	"bytes"
	"fmt"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/text"

	"folio/internal/segment"
)

// GitHubMarkdown is the edition's Markdown as a Markdown edition is
// written: for sites that give headings GitHub's anchors (GitHub, GitLab,
// most static site generators). An in-page link to a source heading
// (#usage) leads nowhere in a translated edition once the heading is
// translated, since the site derives the anchor from the text it shows
// ("Utilisation" is #utilisation): such links, in the pieces' text and in
// the link reference definitions between them, are pointed at the anchor
// of the heading as the edition shows it. A link the translator already
// pointed elsewhere is left alone, and so is the source-language edition,
// which is the source byte for byte. memo, if not nil, keeps the source
// headings' anchors for the document's other editions.
func (ed *Edition) GitHubMarkdown(memo *AnchorMemo) []byte {
	if ed.Tag == ed.Source || !ed.hasInPageLinks() {
		return ed.Markdown
	}
	moves := ed.anchorMoves(memo.of(ed))
	if len(moves) == 0 {
		return ed.Markdown
	}
	out := make([]byte, 0, len(ed.Markdown)+64)
	prev := 0
	for _, sp := range ed.Spans {
		if sp.Start < prev {
			continue
		}
		out = retargetDefinitions(out, ed.Markdown[prev:sp.Start], ed.definitions, moves)
		if piece := ed.Markdown[sp.Start:sp.End]; bytes.Contains(piece, []byte("](")) {
			out = retargetInline(out, piece, moves)
		} else {
			out = append(out, piece...)
		}
		prev = sp.End
	}
	return retargetDefinitions(out, ed.Markdown[prev:], ed.definitions, moves)
}

// hasInPageLinks reports whether the edition may link to a fragment of
// itself: an inline link whose destination starts with "#", or a link
// reference definition of the source whose destination does. Most
// documents have none, and are written as assembled without a look at
// their headings (which took a third of S10's first Markdown build).
func (ed *Edition) hasInPageLinks() bool {
	for _, d := range ed.definitions {
		if strings.HasPrefix(d.Destination, "#") {
			return true
		}
	}
	b := ed.Markdown
	for {
		i := bytes.Index(b, []byte("]("))
		if i < 0 {
			return false
		}
		b = b[i+2:]
		rest := bytes.TrimLeft(b, " \t<")
		if len(rest) > 0 && rest[0] == '#' {
			return true
		}
	}
}

// anchorMoves maps the GitHub anchor of each source heading (from, by
// piece) to the anchor of the same heading in the edition, where the two
// differ.
func (ed *Edition) anchorMoves(from []string) map[string]string {
	md := getMarkdown(false)
	defer putMarkdown(md, false)
	var moves map[string]string
	seen := map[string]int{}
	for i, p := range ed.Pieces {
		if p.Kind != segment.Heading || p.Omitted {
			continue
		}
		to := numberSlug(seen, headingSlug(md, p.Text))
		if from[i] == to {
			continue
		}
		if moves == nil {
			moves = map[string]string{}
		}
		if _, ok := moves[from[i]]; !ok {
			moves[from[i]] = to
		}
	}
	return moves
}

// sourceAnchors returns, for each piece of ed, the anchor GitHub gives it
// in the source when it is a heading ("" otherwise): the same for every
// locale's edition of a document.
func sourceAnchors(ed *Edition) []string {
	md := getMarkdown(false)
	defer putMarkdown(md, false)
	anchors := make([]string, len(ed.Pieces))
	seen := map[string]int{}
	for i, p := range ed.Pieces {
		if p.Kind == segment.Heading {
			anchors[i] = numberSlug(seen, headingSlug(md, p.Source))
		}
	}
	return anchors
}

// An AnchorMemo keeps the anchors of a document's source headings for its
// editions in every locale (a build wrote ten Markdown editions of each
// document, and took them ten times). The zero AnchorMemo is ready; a nil
// one keeps nothing.
type AnchorMemo struct {
	once    sync.Once
	anchors []string
}

func (m *AnchorMemo) of(ed *Edition) []string {
	if m == nil {
		return sourceAnchors(ed)
	}
	m.once.Do(func() { m.anchors = sourceAnchors(ed) })
	if len(m.anchors) != len(ed.Pieces) {
		return sourceAnchors(ed) // the memo holds another document's
	}
	return m.anchors
}

// headingSlug returns the GitHub slug of a heading whose text is s (the
// number a repeated one gets aside): the slug of the text a reader reads,
// as md parses it. Text without any character of Markdown's inline syntax
// reads as it is written, and is not parsed.
func headingSlug(md goldmark.Markdown, s string) string {
	if !strings.ContainsAny(s, markupChars) {
		return GitHubSlug(strings.TrimSpace(s))
	}
	if plain, ok := codeSpansOnly(s); ok {
		return GitHubSlug(strings.TrimSpace(plain))
	}
	// Parsed as a heading, as it is in the source ("1. Scope" is no list
	// there).
	src := []byte("# " + s)
	return GitHubSlug(plainText(md.Parser().Parse(text.NewReader(src)), src))
}

// codeSpansOnly returns the text a reader reads in s, a one-line text
// whose only inline syntax is code spans (API references' headings:
// "`buf.toString()`"), and true; false for any other text. A span's
// content is read as CommonMark reads it: one space stripped from each
// end when both ends have one and it is not all spaces; backticks with no
// closing run of the same length are text.
func codeSpansOnly(s string) (string, bool) {
	if strings.ContainsAny(s, markupButCode) {
		return "", false
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] != '`' {
			j := strings.IndexByte(s[i:], '`')
			if j < 0 {
				j = len(s) - i
			}
			b.WriteString(s[i : i+j])
			i += j
			continue
		}
		n := 1
		for i+n < len(s) && s[i+n] == '`' {
			n++
		}
		end := closingTicks([]byte(s), i+n, n)
		if end < 0 {
			b.WriteString(s[i : i+n])
			i += n
			continue
		}
		code := s[i+n : end-n]
		if len(code) >= 2 && code[0] == ' ' && code[len(code)-1] == ' ' && strings.Trim(code, " ") != "" {
			code = code[1 : len(code)-1]
		}
		b.WriteString(code)
		i = end
	}
	return b.String(), true
}

// markupChars are the characters that may make a heading's text read
// otherwise than it is written: emphasis, links, images, code, raw HTML,
// entities, strikethrough, a closing sequence, escapes, line breaks.
const markupChars = markupButCode + "`"

// markupButCode are markupChars but the code span's backtick.
const markupButCode = "*_[]<>!&~#|\\\n\r"

// numberSlug returns the anchor of a heading whose slug is s, given the
// anchors of the headings before it (seen, which it updates): a repeated
// slug is numbered -1, -2…, skipping any that an earlier heading took
// (github-slugger's rule).
func numberSlug(seen map[string]int, s string) string {
	result := s
	for {
		if _, taken := seen[result]; !taken {
			break
		}
		seen[s]++
		result = fmt.Sprintf("%s-%d", s, seen[s])
	}
	seen[result] = 0
	return result
}

// movedAnchor returns where moves sends the in-page fragment frag, if
// anywhere (GitHub's anchors are lower case; a link may not be).
func movedAnchor(moves map[string]string, frag string) (string, bool) {
	if to, ok := moves[frag]; ok {
		return to, true
	}
	to, ok := moves[strings.ToLower(frag)]
	return to, ok
}

// retargetInline appends b to out with the fragments of its inline links
// (](#frag), ](<#frag>), ](#frag "title")) moved; code spans are left as
// they are.
func retargetInline(out, b []byte, moves map[string]string) []byte {
	for i := 0; i < len(b); {
		switch {
		case b[i] == '`':
			n := 1
			for i+n < len(b) && b[i+n] == '`' {
				n++
			}
			end := closingTicks(b, i+n, n)
			if end < 0 {
				out = append(out, b[i:i+n]...) // no closing run: literal backticks
				i += n
			} else {
				out = append(out, b[i:end]...)
				i = end
			}
		case b[i] == '\\' && i+1 < len(b):
			out = append(out, b[i:i+2]...)
			i += 2
		case b[i] == ']' && i+1 < len(b) && b[i+1] == '(':
			j := i + 2
			for j < len(b) && (b[j] == ' ' || b[j] == '\t') {
				j++
			}
			angle := j < len(b) && b[j] == '<'
			if angle {
				j++
			}
			out = append(out, b[i:j]...)
			i = j
			if j < len(b) && b[j] == '#' {
				k := j + 1
				for k < len(b) && !fragmentEnd(b[k], angle) {
					k++
				}
				if to, ok := movedAnchor(moves, string(b[j+1:k])); ok && k < len(b) {
					out = append(append(out, '#'), to...)
					i = k
				}
			}
		default:
			// Up to the next byte that may start a code span, an escape
			// or a link's end.
			j := bytes.IndexAny(b[i+1:], "`\\]")
			if j < 0 {
				return append(out, b[i:]...)
			}
			out = append(out, b[i:i+1+j]...)
			i += 1 + j
		}
	}
	return out
}

// closingTicks returns the end of the run of exactly n backticks that
// closes a code span whose text starts at from, or -1.
func closingTicks(b []byte, from, n int) int {
	for i := from; i < len(b); {
		if b[i] != '`' {
			i++
			continue
		}
		m := 1
		for i+m < len(b) && b[i+m] == '`' {
			m++
		}
		if m == n {
			return i + m
		}
		i += m
	}
	return -1
}

// fragmentEnd reports whether c ends a link destination's fragment.
func fragmentEnd(c byte, angle bool) bool {
	if angle {
		return c == '>' || c == '\n'
	}
	return c == ')' || c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

// retargetDefinitions appends b, text between pieces, to out with the
// destinations of its link reference definitions moved: only of lines
// the source's parse found to be definitions with that destination, and
// not inside a fenced code block (where a line may look like one).
func retargetDefinitions(out, b []byte, defs []segment.Definition, moves map[string]string) []byte {
	if len(defs) == 0 || !bytes.Contains(b, []byte("]:")) {
		return append(out, b...)
	}
	fence := "" // the fence of the code block the line is in
	for len(b) > 0 {
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line = b[:i+1]
		}
		b = b[len(line):]
		if f := fenceOf(line); f != "" && (fence == "" || f[0] == fence[0] && len(f) >= len(fence)) {
			if fence == "" {
				fence = f
			} else {
				fence = ""
			}
		} else if fence == "" {
			line = retargetDefinition(line, defs, moves)
		}
		out = append(out, line...)
	}
	return out
}

// fenceOf returns the run of backticks or tildes (three or more) that
// starts line after up to three spaces and block-quote markers, or "".
func fenceOf(line []byte) string {
	s := strings.TrimLeft(string(line), " >")
	n := 0
	for n < len(s) && (s[n] == '`' || s[n] == '~') && s[n] == s[0] {
		n++
	}
	if n < 3 {
		return ""
	}
	return s[:n]
}

// retargetDefinition returns line, a link reference definition
// ([label]: #frag) with its fragment moved, or line as it is.
func retargetDefinition(line []byte, defs []segment.Definition, moves map[string]string) []byte {
	if i := bytes.Index(line, []byte("]:")); i < 0 || bytes.IndexByte(line[i:], '#') < 0 {
		return line // no definition with a fragment
	}
	s := string(line)
	rest := strings.TrimLeft(s, " ")
	if len(s)-len(rest) > 3 || !strings.HasPrefix(rest, "[") {
		return line
	}
	label, after, ok := strings.Cut(rest[1:], "]:")
	if !ok {
		return line
	}
	dest := strings.TrimLeft(after, " \t")
	angle := strings.HasPrefix(dest, "<")
	if angle {
		dest = dest[1:]
	}
	frag, isFrag := strings.CutPrefix(dest, "#")
	if !isFrag {
		return line
	}
	end := 0
	for end < len(frag) && !fragmentEnd(frag[end], angle) {
		end++
	}
	frag = frag[:end]
	to, moved := movedAnchor(moves, frag)
	if !moved || !isDefinition(defs, label, "#"+frag) {
		return line
	}
	at := len(s) - len(dest) // where the fragment starts, after "#"
	return []byte(s[:at+1] + to + s[at+1+len(frag):])
}

// isDefinition reports whether defs hold a definition of label (matched
// as CommonMark matches labels: case and runs of spaces aside) with the
// destination dest.
func isDefinition(defs []segment.Definition, label, dest string) bool {
	norm := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
	label = norm(label)
	for _, d := range defs {
		if d.Destination == dest && norm(d.Label) == label {
			return true
		}
	}
	return false
}
