package pipeline

import (
	"fmt"
	"regexp"
	"strings"

	"folio/internal/catalog"
	"folio/internal/fsutil"
	"folio/internal/project"
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
			m := &catalog.Message{ID: sm.ID, Hash: catalog.ExpectedHash(sm), Forms: map[string]string{}, LeftDelim: sm.LeftDelim, RightDelim: sm.RightDelim}
			for k, v := range sm.Forms {
				m.Forms[k] = PseudoText(v)
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

var protected = regexp.MustCompile("`+[^`]*`+|\\]\\([^)]*\\)|\\]\\[[^\\]]*\\]|\\[\\^[^\\]]*\\]|\\[[^\\]]*\\](?:[^(\\[]|$)|<[^>]*>|\\{\\{.*?\\}\\}|[a-z]+://\\S+|&#?[A-Za-z0-9]+;|\\\\.")

var accents = strings.NewReplacer(
	"a", "á", "e", "é", "i", "í", "o", "ó", "u", "ú", "y", "ý", "c", "ç", "n", "ñ", "s", "š", "z", "ž",
	"A", "Á", "E", "É", "I", "Í", "O", "Ó", "U", "Ú", "Y", "Ý", "C", "Ç", "N", "Ñ", "S", "Š", "Z", "Ž",
)

// PseudoText pseudo-translates one message text.
func PseudoText(s string) string {
	if s == "" {
		return s
	}
	var b strings.Builder
	last := 0
	letters := 0
	for _, m := range protected.FindAllStringIndex(s, -1) {
		b.WriteString(accents.Replace(s[last:m[0]]))
		letters += m[0] - last
		b.WriteString(s[m[0]:m[1]])
		last = m[1]
	}
	b.WriteString(accents.Replace(s[last:]))
	letters += len(s) - last
	pad := (letters*3 + 9) / 10
	if pad < 1 {
		pad = 1
	}
	return "⟦" + b.String() + " " + strings.Repeat("·", pad) + "⟧"
}
