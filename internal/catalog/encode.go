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
	b.Grow(256 * (len(f.Messages) + 1))
	for _, h := range header {
		writeComment(&b, h)
	}
	field := func(k, v string) {
		b.WriteString(k)
		b.WriteString(" = ")
		quoteTo(&b, v)
		b.WriteByte('\n')
	}
	for _, m := range f.Messages {
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		for _, c := range m.Comments {
			writeComment(&b, c)
		}
		b.WriteByte('[')
		quoteTo(&b, m.ID)
		b.WriteString("]\n")
		for _, kv := range [...][2]string{{"description", m.Description}, {"hash", m.Hash}, {"leftDelim", m.LeftDelim}, {"rightDelim", m.RightDelim}} {
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

// quoteTo writes Quote(s) to b.
func quoteTo(b *strings.Builder, s string) {
	if plain(s) {
		b.WriteByte('"')
		b.WriteString(s)
		b.WriteByte('"')
		return
	}
	b.WriteString(Quote(s))
}

func writeComment(b *strings.Builder, c string) {
	for {
		line, rest, more := strings.Cut(c, "\n")
		if line == "" {
			b.WriteString("#\n")
		} else {
			b.WriteString("# ")
			if commentSafe(line) {
				b.WriteString(line)
			} else {
				b.WriteString(strings.Map(func(r rune) rune {
					if r < 0x20 && r != '\t' || r == 0x7f {
						return ' '
					}
					return r
				}, line))
			}
			b.WriteByte('\n')
		}
		if !more {
			return
		}
		c = rest
	}
}

// commentSafe reports whether a comment line goes out as it is: valid
// UTF-8 without control characters other than tab (writeComment turns
// those into spaces, and invalid bytes into U+FFFD, as strings.Map does).
func commentSafe(line string) bool {
	for i := 0; i < len(line); i++ {
		if c := line[i]; c < 0x20 && c != '\t' || c == 0x7f {
			return false
		}
	}
	return utf8.ValidString(line)
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
