package catalog

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"folio/internal/swar"
)

// Encode writes the file in the layout Folio uses: an optional header
// comment, then one table per message in order, IDs always as quoted keys,
// fields in go-i18n's order. Comments are Folio's own and regenerated on
// every write.
func (f *File) Encode(header []string) []byte {
	return f.AppendEncode(nil, header)
}

// AppendEncode is Encode appending to dst, for a caller that reuses its
// buffers (extract encodes a dozen catalogs per document and writes them
// straight away).
func (f *File) AppendEncode(dst []byte, header []string) []byte {
	return f.encode(dst, header)
}

// encode writes the file into one buffer sized for it up front, so that
// encoding a catalog allocates its bytes once (the size is exact unless
// quoting or a comment's control characters add bytes).
func (f *File) encode(dst []byte, header []string) []byte {
	n := 0
	for _, h := range header {
		n += len(h) + 4
	}
	for _, m := range f.Messages {
		n += 8 + len(m.ID)
		for _, c := range m.Comments {
			n += len(c) + 4
		}
		for _, v := range [...]string{m.Description, m.Hash, m.LeftDelim, m.RightDelim} {
			if v != "" {
				n += 16 + len(v)
			}
		}
		for _, v := range m.Forms.All() {
			n += 10 + len(v)
		}
		n += 12 // an absent "other"
	}
	start := len(dst)
	b := slices.Grow(dst, n)
	for _, h := range header {
		b = appendComment(b, h, false)
	}
	// The messages' text is checked for valid UTF-8 unless the file
	// vouches for it (ValidUTF8); the header, which may name a file,
	// always is.
	valid := f.ValidUTF8
	field := func(k, v string) {
		b = append(b, k...)
		b = append(b, " = "...)
		b = appendQuote(b, v, valid)
		b = append(b, '\n')
	}
	for _, m := range f.Messages {
		if len(b) > start {
			b = append(b, '\n')
		}
		for _, c := range m.Comments {
			b = appendComment(b, c, valid)
		}
		b = append(b, '[')
		b = appendQuote(b, m.ID, valid)
		b = append(b, "]\n"...)
		for _, kv := range [...][2]string{{"description", m.Description}, {"hash", m.Hash}, {"leftDelim", m.LeftDelim}, {"rightDelim", m.RightDelim}} {
			if kv[1] != "" {
				field(kv[0], kv[1])
			}
		}
		for _, form := range PluralForms {
			if v, ok := m.Forms.Get(form); ok && (v != "" || form == "other") {
				field(form, v)
			}
		}
		if !m.Forms.Has("other") {
			field("other", "")
		}
	}
	return b
}

// AppendQuote appends Quote(s) to b.
func AppendQuote(b []byte, s string) []byte {
	return appendQuote(b, s, false)
}

// appendQuote is AppendQuote; valid says s is known to be valid UTF-8.
func appendQuote(b []byte, s string, valid bool) []byte {
	if plainOf(s, valid) {
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	if valid || utf8.ValidString(s) {
		return appendEscaped(b, s)
	}
	return append(b, Quote(s)...)
}

// appendEscaped appends s, valid UTF-8, as a TOML basic string: the runs
// of bytes that need no escape are copied whole, eight bytes at a time
// while none can need one (mayStop). Quoting rune by rune, into a string
// of its own, was 7.5 % of a first run on a corpus of real documents
// whose code blocks fill their catalogs with quotes, backslashes and
// line breaks.
func appendEscaped(b []byte, s string) []byte {
	b = slices.Grow(b, len(s)+len(s)/8+2)
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if i+8 <= len(s) && !mayStop(swar.Word(s, i)) {
			i += 8
			continue
		}
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c != 0x7f {
			i++
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"':
			b = append(b, `\"`...)
		case '\\':
			b = append(b, `\\`...)
		case '\n':
			b = append(b, `\n`...)
		case '\t':
			b = append(b, `\t`...)
		case '\r':
			b = append(b, `\r`...)
		default:
			const hexDigits = "0123456789ABCDEF"
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		i++
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendComment appends c as comment lines, one "# " line per line of c;
// valid says c is known to be valid UTF-8.
func appendComment(b []byte, c string, valid bool) []byte {
	for {
		line, rest, more := strings.Cut(c, "\n")
		if line == "" {
			b = append(b, "#\n"...)
		} else {
			b = append(b, "# "...)
			if commentSafe(line, valid) {
				b = append(b, line...)
			} else {
				b = append(b, strings.Map(func(r rune) rune {
					if r < 0x20 && r != '\t' || r == 0x7f {
						return ' '
					}
					return r
				}, line)...)
			}
			b = append(b, '\n')
		}
		if !more {
			return b
		}
		c = rest
	}
}

// commentSafe reports whether a comment line goes out as it is: valid
// UTF-8 without control characters other than tab (writeComment turns
// those into spaces, and invalid bytes into U+FFFD, as strings.Map does).
func commentSafe(line string, valid bool) bool {
	for i := 0; i < len(line); i++ {
		// Eight bytes at a time while none is below 0x20 or DEL (a tab
		// stops the run too, and is passed over below).
		for i+8 <= len(line) {
			x := swar.Word(line, i)
			if swar.Less(x, 0x20)|swar.Equal(x, 0x7f) != 0 {
				break
			}
			i += 8
		}
		if i == len(line) {
			break
		}
		if c := line[i]; c < 0x20 && c != '\t' || c == 0x7f {
			return false
		}
	}
	return valid || utf8.ValidString(line)
}

// Quote returns s as a TOML basic string.
func Quote(s string) string {
	if plain(s) {
		return "\"" + s + "\""
	}
	if utf8.ValidString(s) {
		return string(appendEscaped(nil, s))
	}
	// Invalid UTF-8: each bad byte becomes U+FFFD, as ranging over the
	// string gives it.
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
// so that quoting it is only adding the quotes. It looks at eight bytes at
// a time for a byte below 0x20, '"', '\\' or 0x7f (only a word with one
// is looked at byte by byte), noting whether any byte is not ASCII; only
// then does utf8.ValidString read the text again.
func plain(s string) bool { return plainOf(s, false) }

// plainOf is plain; valid says s is known to be valid UTF-8.
func plainOf(s string, valid bool) bool {
	const highs = 0x8080808080808080
	var high uint64
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := swar.Word(s, i)
		high |= x
		if mayStop(x) {
			for _, c := range []byte(s[i : i+8]) {
				if c < 0x20 || c == '"' || c == '\\' || c == 0x7f {
					return false
				}
			}
		}
	}
	for ; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == '"' || c == '\\' || c == 0x7f {
			return false
		}
		high |= uint64(c)
	}
	return high&highs == 0 || valid || utf8.ValidString(s)
}
