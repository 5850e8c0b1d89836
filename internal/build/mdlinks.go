package build

import (
	"bytes"
	"fmt"
	"strings"

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
// which is the source byte for byte.
func (ed *Edition) GitHubMarkdown() []byte {
	if ed.Tag == ed.Source {
		return ed.Markdown
	}
	moves := ed.anchorMoves()
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
		out = retargetInline(out, ed.Markdown[sp.Start:sp.End], moves)
		prev = sp.End
	}
	return retargetDefinitions(out, ed.Markdown[prev:], ed.definitions, moves)
}

// anchorMoves maps the GitHub anchor of each source heading to the anchor
// of the same heading in the edition, where the two differ.
func (ed *Edition) anchorMoves() map[string]string {
	md := getMarkdown(false)
	defer putMarkdown(md, false)
	slug := func(s string) string {
		// Parsed as a heading, as it is in the source ("1. Scope" is no
		// list there).
		src := []byte("# " + s)
		return GitHubSlug(plainText(md.Parser().Parse(text.NewReader(src)), src))
	}
	var moves map[string]string
	fromSeen, toSeen := map[string]int{}, map[string]int{}
	for _, p := range ed.Pieces {
		if p.Kind != segment.Heading {
			continue
		}
		base := slug(p.Source)
		from := numberSlug(fromSeen, base)
		if p.Omitted {
			continue
		}
		if p.Text != p.Source {
			base = slug(p.Text)
		}
		to := numberSlug(toSeen, base)
		if from == to {
			continue
		}
		if moves == nil {
			moves = map[string]string{}
		}
		if _, ok := moves[from]; !ok {
			moves[from] = to
		}
	}
	return moves
}

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
			out = append(out, b[i])
			i++
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
