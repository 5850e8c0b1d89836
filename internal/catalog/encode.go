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
	data, _ := f.encode(header, false)
	return data
}

// EncodeParsed is Encode that also returns what Parse(f.Path, data) would
// return for the bytes it writes, positions included, when that follows
// from the encoding alone: every ID a plain key (ASCII letters, digits,
// '-', '_' and inner single dots, not a go-i18n field name), no ID twice, every text valid
// UTF-8. Otherwise the File is nil (parse the bytes to know).
func (f *File) EncodeParsed(header []string) ([]byte, *File) {
	seen := make(map[string]bool, len(f.Messages))
	track := true
	for _, m := range f.Messages {
		if !plainID(m.ID) || seen[m.ID] || !validTexts(m) {
			track = false
			break
		}
		seen[m.ID] = true
	}
	data, msgs := f.encode(header, track)
	if !track {
		return data, nil
	}
	return data, &File{Path: f.Path, Messages: msgs}
}

func plainID(id string) bool {
	if id == "" || isFieldName(id) || strings.EqualFold(id, "translation") {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return id[0] != '.' && id[len(id)-1] != '.' && !strings.Contains(id, "..")
}

func validTexts(m *Message) bool {
	for _, v := range []string{m.Description, m.Hash, m.LeftDelim, m.RightDelim} {
		if !utf8.ValidString(v) {
			return false
		}
	}
	for _, v := range m.Forms {
		if !utf8.ValidString(v) {
			return false
		}
	}
	return true
}

// encode writes the file and, when track is set, the messages Parse reads
// from it: a message starts at its table header, each value after
// "key = ".
func (f *File) encode(header []string, track bool) ([]byte, []*Message) {
	var b strings.Builder
	line, counted := 1, 0
	at := func() int {
		s := b.String()
		line += strings.Count(s[counted:], "\n")
		counted = len(s)
		return line
	}
	var parsed []*Message
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
		var pm *Message
		if track {
			pm = &Message{
				ID: m.ID, Description: m.Description, Hash: m.Hash,
				LeftDelim: m.LeftDelim, RightDelim: m.RightDelim,
				Forms: map[string]string{},
				Pos:   Pos{at(), 1},
			}
			parsed = append(parsed, pm)
		}
		b.WriteString("[" + Quote(m.ID) + "]\n")
		field := func(k, v string) {
			if pm != nil {
				pm.fields = append(pm.fields, fieldAt{strings.ToLower(k), Pos{at(), len(k) + 4}})
			}
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
				if pm != nil {
					pm.Forms[form] = v
				}
			}
		}
		if _, ok := m.Forms["other"]; !ok {
			field("other", "")
			if pm != nil {
				pm.Forms["other"] = ""
			}
		}
	}
	return []byte(b.String()), parsed
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
