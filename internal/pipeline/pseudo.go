package pipeline

import (
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"folio/internal/catalog"
	"folio/internal/fsutil"
	"folio/internal/lazyre"
	"folio/internal/project"
	"folio/internal/segment"
	"folio/internal/state"
)

// Pseudo writes a pseudo-translated catalog for tag (a pseudo-locale such
// as en-XA) for every document: accented letters, about 30 % longer, each
// message wrapped in ⟦ ⟧, with placeholders and Markdown inline syntax kept.
func Pseudo(p *project.Project, tag string) ([]string, error) {
	st := state.Load(p, nil)
	var written []string
	for _, u := range st.Units {
		if u.Source == nil {
			if u.SourceErr != nil && u.Doc != nil {
				return written, fmt.Errorf("%v (run folio extract first)", u.SourceErr)
			}
			continue
		}
		f := &catalog.File{}
		for _, sm := range u.Source.Messages {
			m := &catalog.Message{ID: sm.ID, Hash: catalog.ExpectedHash(sm), LeftDelim: sm.LeftDelim, RightDelim: sm.RightDelim}
			for k, v := range sm.Forms.All() {
				m.Forms.Set(k, PseudoText(v))
			}
			f.Add(m)
		}
		rel := project.CatalogPath(u.Name, tag)
		abs, err := state.Contained(p, rel)
		if err != nil {
			return written, err
		}
		header := []string{fmt.Sprintf("Pseudo-translation (%s) of %s, written by `folio pseudo`.", tag, u.Name), ""}
		changed, err := fsutil.WriteFile(abs, f.Encode(header))
		if err != nil {
			return written, err
		}
		if changed {
			written = append(written, rel)
		}
	}
	return written, nil
}

// protected is what PseudoText leaves alone even where goldmark reads
// text: anything in square brackets not followed by "(" (a reference
// link's text is its label, and "[x][]" or "[x]" is a link with the
// document's definitions, which PseudoText does not see), a
// {{placeholder}}, an address, an entity, a backslash escape.
var protected = lazyre.New(`\[[^\]]*\]|\{\{.*?\}\}|[a-z]+://\S+|&#?[A-Za-z0-9]+;|\\.`)

var accents = strings.NewReplacer(
	"a", "á", "e", "é", "i", "í", "o", "ó", "u", "ú", "y", "ý", "c", "ç", "n", "ñ", "s", "š", "z", "ž",
	"A", "Á", "E", "É", "I", "Í", "O", "Ó", "U", "Ú", "Y", "Ý", "C", "Ç", "N", "Ñ", "S", "Š", "Z", "Ž",
)

var pseudoParsers = sync.Pool{New: func() any { return segment.NewMarkdown().Parser() }}

// PseudoText pseudo-translates one message text: it accents the letters
// of what goldmark reads as text, and only those, so that code spans,
// link destinations, autolinks, raw HTML and reference labels come out
// as they went in (check's markdown-parity finds nothing to report); it
// pads the text by about 30 % and wraps it in ⟦ ⟧.
func PseudoText(s string) string {
	if s == "" {
		return s
	}
	src := []byte(s)
	p := pseudoParsers.Get().(parser.Parser)
	root := p.Parse(text.NewReader(src))
	pseudoParsers.Put(p)
	// accent[i] holds for the bytes of text to accent.
	accent := make([]bool, len(s))
	first, startsWithLink := true, false
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *ast.AutoLink:
			// GFM's addresses without <> want a space or the start of a
			// line before them, which ⟦ is not. (Only the first node
			// decides: a later link once reset it, and the address that
			// opens "a@b.org <a@b.org>" lost its link.)
			if first {
				startsWithLink = !strings.HasPrefix(strings.TrimSpace(s), "<")
			}
			first = false
			return ast.WalkSkipChildren, nil
		case *ast.CodeSpan, *ast.RawHTML, *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock:
			first = false
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			if seg := t.Segment; seg.Start >= 0 && seg.Start <= seg.Stop && seg.Stop <= len(s) {
				for i := seg.Start; i < seg.Stop; i++ {
					accent[i] = true
				}
				first = first && seg.Len() == 0
			}
		}
		return ast.WalkContinue, nil
	})
	for _, m := range protected().FindAllStringIndex(s, -1) {
		if s[m[0]] == '[' && m[1] < len(s) && s[m[1]] == '(' {
			continue // an inline link's text
		}
		for i := m[0]; i < m[1]; i++ {
			accent[i] = false
		}
	}
	// A letter the source follows with a combining mark ("e\u0328" in a
	// name spelt decomposed) keeps its spelling: accented, it would make
	// a sequence that NFC changes and the source does not have (check's
	// nfc warning).
	for i := 0; i+1 < len(s); i++ {
		if accent[i] && s[i] < utf8.RuneSelf {
			if r, _ := utf8.DecodeRuneInString(s[i+1:]); unicode.Is(unicode.Mn, r) {
				accent[i] = false
			}
		}
	}
	var b strings.Builder
	letters := 0
	for i := 0; i < len(s); {
		j := i + 1
		for j < len(s) && accent[j] == accent[i] {
			j++
		}
		if accent[i] {
			b.WriteString(accents.Replace(s[i:j]))
			letters += j - i
		} else {
			b.WriteString(s[i:j])
		}
		i = j
	}
	pad := max(1, (letters*3+9)/10)
	open := "⟦"
	if startsWithLink {
		open = "⟦ "
	}
	return open + b.String() + " " + strings.Repeat("·", pad) + "⟧"
}
