package catalog

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Encode writes the file in the layout Folio uses: an optional header
// comment, then one table per message in order, IDs always as quoted keys,
// fields in go-i18n's order. Comments are Folio's own and regenerated on
// every write.
func (f *File) Encode(header []string) []byte {
	return f.encode(header)
}

// encode writes the file.
func (f *File) encode(header []string) []byte {
	var b strings.Builder
	for _, h := range header {
		writeComment(&b, h)
	}
	for _, m := range f.Messages {
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		for _, c := range m.Comments {
			writeComment(&b, c)
		}
		b.WriteString("[" + Quote(m.ID) + "]\n")
		field := func(k, v string) {
			b.WriteString(k + " = " + Quote(v) + "\n")
		}
		for _, kv := range [][2]string{{"description", m.Description}, {"hash", m.Hash}, {"leftDelim", m.LeftDelim}, {"rightDelim", m.RightDelim}} {
			if kv[1] != "" {
				field(kv[0], kv[1])
			}
		}
		for _, form := range PluralForms {
			if v, ok := m.Forms[form]; ok && (v != "" || form == "other") {
				field(form, v)
			}
		}
		if _, ok := m.Forms["other"]; !ok {
			field("other", "")
		}
	}
	return []byte(b.String())
}

func writeComment(b *strings.Builder, c string) {
	for _, line := range strings.Split(c, "\n") {
		line = strings.Map(func(r rune) rune {
			if r < 0x20 && r != '\t' || r == 0x7f {
				return ' '
			}
			return r
		}, line)
		if line == "" {
			b.WriteString("#\n")
		} else {
			b.WriteString("# " + line + "\n")
		}
	}
}

// Quote returns s as a TOML basic string.
func Quote(s string) string {
	if plain(s) {
		return "\"" + s + "\""
	}
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// plain reports whether s is valid UTF-8 without a character Quote escapes,
// so that quoting it is only adding the quotes.
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c == 0x7f {
			return false
		}
	}
	return utf8.ValidString(s)
}
