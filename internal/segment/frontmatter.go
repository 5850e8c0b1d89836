package segment

import (
	"bytes"
	"strings"
)

// frontMatter finds YAML (---) or TOML (+++) front matter at offset off of
// src and returns the segments of its translatable keys and the offset where
// the Markdown body begins. Only simple one-line `key: value` (YAML) and
// `key = "value"` (TOML) entries at the top level are translated; everything
// else in the front matter is kept as it is.
func frontMatter(src []byte, off int, keys []string) ([]Segment, int) {
	var delim string
	switch {
	case bytes.HasPrefix(src[off:], []byte("---")):
		delim = "---"
	case bytes.HasPrefix(src[off:], []byte("+++")):
		delim = "+++"
	default:
		return nil, off
	}
	first, ok := lineAt(src, off)
	if !ok || strings.TrimRight(string(src[first.start:first.end]), " \t") != delim {
		return nil, off
	}
	want := map[string]bool{}
	for _, k := range keys {
		want[k] = true
	}
	var segs []Segment
	for pos := first.next; pos < len(src); {
		l, ok := lineAt(src, pos)
		if !ok {
			break
		}
		line := src[l.start:l.end]
		if strings.TrimRight(string(line), " \t") == delim {
			return segs, l.next
		}
		if s, ok := frontMatterEntry(src, l.start, l.end, delim == "+++", want); ok {
			segs = append(segs, s)
		}
		pos = l.next
	}
	// Unterminated: not front matter after all.
	return nil, off
}

type lineBounds struct{ start, end, next int }

// lineAt returns the line starting at pos: its content end (without line
// ending) and the start of the next line.
func lineAt(src []byte, pos int) (lineBounds, bool) {
	if pos >= len(src) {
		return lineBounds{}, false
	}
	i := bytes.IndexByte(src[pos:], '\n')
	if i < 0 {
		return lineBounds{pos, len(src), len(src)}, true
	}
	end := pos + i
	if end > pos && src[end-1] == '\r' {
		end--
	}
	return lineBounds{pos, end, pos + i + 1}, true
}

func frontMatterEntry(src []byte, start, end int, toml bool, want map[string]bool) (Segment, bool) {
	line := string(src[start:end])
	sep := ":"
	if toml {
		sep = "="
	}
	i := strings.Index(line, sep)
	if i <= 0 || line[0] == ' ' || line[0] == '\t' || line[0] == '#' {
		return Segment{}, false
	}
	key := strings.TrimSpace(line[:i])
	if !want[key] {
		return Segment{}, false
	}
	vs, ve := trimSpan(src, start+i+1, end)
	if vs == ve {
		return Segment{}, false
	}
	raw := string(src[vs:ve])
	var text string
	var quote byte
	switch {
	case len(raw) >= 2 && raw[0] == '"' && raw[len(raw)-1] == '"':
		quote = '"'
		t, ok := unquoteDouble(raw[1 : len(raw)-1])
		if !ok {
			return Segment{}, false
		}
		text = t
	case len(raw) >= 2 && raw[0] == '\'' && raw[len(raw)-1] == '\'':
		quote = '\''
		if toml {
			text = raw[1 : len(raw)-1]
		} else {
			text = strings.ReplaceAll(raw[1:len(raw)-1], "''", "'")
		}
	case toml:
		return Segment{}, false // not a string
	default:
		if strings.ContainsAny(raw[:1], "[{&*!|>%@`") || strings.Contains(raw, " #") {
			return Segment{}, false // YAML we do not rewrite
		}
		text = raw
	}
	if strings.TrimSpace(text) == "" {
		return Segment{}, false
	}
	return Segment{Kind: FrontMatter, Key: key, Text: text, Lines: []Span{{vs, ve}}, quote: quote, toml: toml}, true
}

// unquoteDouble decodes the escapes of a YAML or TOML double-quoted string
// that Folio understands; anything else is refused.
func unquoteDouble(s string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '"' {
			return "", false
		}
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(s) {
			return "", false
		}
		switch s[i] {
		case '"', '\\', '/':
			b.WriteByte(s[i])
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		default:
			return "", false
		}
	}
	return b.String(), true
}

// quoteFrontMatter renders a translated value with the quoting its syntax
// needs.
func quoteFrontMatter(s Segment, text string) string {
	if s.toml {
		if s.quote == '\'' && !strings.ContainsAny(text, "'\n\r") {
			return "'" + text + "'"
		}
		return doubleQuote(text)
	}
	switch s.quote {
	case '\'':
		if !strings.ContainsAny(text, "\n\r") {
			return "'" + strings.ReplaceAll(text, "'", "''") + "'"
		}
		return doubleQuote(text)
	case '"':
		return doubleQuote(text)
	}
	if plainYAMLSafe(text) {
		return text
	}
	return doubleQuote(text)
}

func plainYAMLSafe(s string) bool {
	if s == "" || s != strings.TrimSpace(s) {
		return false
	}
	if strings.ContainsAny(s[:1], "-?:,[]{}#&*!|>'\"%@`") {
		return false
	}
	if strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.ContainsAny(s, "\n\r\t") || strings.HasSuffix(s, ":") {
		return false
	}
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "null", "~":
		return false
	}
	return true
}

func doubleQuote(s string) string {
	var b strings.Builder
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
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
