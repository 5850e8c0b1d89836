package exchange

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// EncodePO writes f as a gettext PO file: msgctxt is the message ID, msgid
// the source text, msgstr the translation; a stale translation is marked
// fuzzy with the source text it was made from as "#| msgid"; "#." holds the
// description and "#:" the segment's place in its source document.
func EncodePO(f *File, generator string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s translation of %s (%s), exported by Folio.\n", f.Language, f.Document, f.Original)
	b.WriteString("# Translate each msgstr. Keep msgctxt (the message ID) and msgid (the source\n")
	b.WriteString("# text) as they are. A fuzzy entry was translated from an older source text\n")
	b.WriteString("# (shown as #| msgid): revise it and remove the fuzzy flag to confirm it.\n")
	b.WriteString("# Markdown inline syntax (*emphasis*, [links](url), `code`) must be kept.\n")
	b.WriteString("# Bring it back with: folio import FILE\n")
	b.WriteString("msgid \"\"\n")
	date := f.Date
	if date == "" {
		date = "1970-01-01"
	}
	header := []string{
		"Project-Id-Version: " + f.Document,
		"PO-Revision-Date: " + date + " 00:00+0000",
		"Last-Translator: none",
		"Language-Team: " + f.Language,
		"Language: " + f.Language,
		"MIME-Version: 1.0",
		"Content-Type: text/plain; charset=UTF-8",
		"Content-Transfer-Encoding: 8bit",
		"X-Generator: " + generator,
		"X-Folio-Document: " + f.Document,
		"X-Folio-Source-Language: " + f.SourceLanguage,
	}
	b.WriteString("msgstr \"\"\n")
	for _, h := range header {
		b.WriteString(poQuote(h+"\n") + "\n")
	}
	for _, e := range f.Entries {
		b.WriteByte('\n')
		if e.Description != "" {
			for _, l := range strings.Split(e.Description, "\n") {
				b.WriteString(strings.TrimRight("#. "+l, " ") + "\n")
			}
		}
		if e.Location != "" {
			b.WriteString("#: " + e.Location + "\n")
		}
		if e.Fuzzy && e.Target != "" {
			b.WriteString("#, fuzzy\n")
			if e.Previous != "" {
				writePOString(&b, "#| msgid", e.Previous, "#| ")
			}
		}
		writePOString(&b, "msgctxt", e.ID, "")
		writePOString(&b, "msgid", e.Source, "")
		writePOString(&b, "msgstr", e.Target, "")
	}
	return []byte(b.String())
}

// poKeyword reports whether kw opens a line of a PO entry: msgctxt,
// msgid, msgid_plural, msgstr or msgstr[N] (N checked where it is read).
func poKeyword(kw string) bool {
	switch kw {
	case "msgctxt", "msgid", "msgid_plural", "msgstr":
		return true
	}
	return strings.HasPrefix(kw, "msgstr[") && strings.HasSuffix(kw, "]")
}

// writePOString writes `keyword "text"`, splitting text after each
// newline onto continuation lines as gettext does.
func writePOString(b *strings.Builder, keyword, s, prefix string) {
	parts := splitAfterNewlines(s)
	if len(parts) == 1 {
		b.WriteString(keyword + " " + poQuote(s) + "\n")
		return
	}
	b.WriteString(keyword + " \"\"\n")
	for _, p := range parts {
		b.WriteString(prefix + poQuote(p) + "\n")
	}
}

func splitAfterNewlines(s string) []string {
	var parts []string
	for {
		i := strings.IndexByte(s, '\n')
		if i < 0 || i == len(s)-1 {
			break
		}
		parts = append(parts, s[:i+1])
		s = s[i+1:]
	}
	return append(parts, s)
}

func poQuote(s string) string {
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
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\%03o`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// poEntry is an entry being read.
type poEntry struct {
	line                  int
	strLine, strColumn    int // where msgstr's string starts
	ctxt, id, idPlural    *string
	str                   map[int]*string
	prevID                *string
	flags                 []string
	extracted, references []string
	obsolete              bool
}

// ParsePO reads a PO file. name is used in errors. The header's Language
// and X-Folio-Document name the locale and document; without them the
// file name (<doc>.<tag>.po) is used.
func ParsePO(name string, data []byte) (*File, error) {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("%s: not valid UTF-8 (Folio reads PO files in UTF-8 only)", name)
	}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	lines := strings.Split(text, "\n")
	var entries []*poEntry
	cur := &poEntry{str: map[int]*string{}}
	started := false // cur has keywords
	var last *string // the string continuation lines append to
	flush := func() {
		if started {
			entries = append(entries, cur)
		}
		cur = &poEntry{str: map[int]*string{}}
		started = false
		last = nil
	}
	errAt := func(n int, format string, args ...any) error {
		return fmt.Errorf("%s:%d: %s", name, n, fmt.Sprintf(format, args...))
	}
	for i, raw := range lines {
		n := i + 1
		l := strings.TrimSpace(raw)
		switch {
		case l == "":
			if started {
				flush()
			}
			continue
		case strings.HasPrefix(l, "#~"):
			// Obsolete entries are not imported.
			if started && !cur.obsolete {
				flush()
			}
			cur.obsolete = true
			started = true
			last = nil
			continue
		case strings.HasPrefix(l, "#|"):
			if started && cur.id != nil {
				flush()
			}
			rest := strings.TrimSpace(l[2:])
			switch {
			case strings.HasPrefix(rest, "msgid "):
				s, err := poUnquote(strings.TrimSpace(rest[len("msgid "):]))
				if err != nil {
					return nil, errAt(n, "%v", err)
				}
				cur.prevID = &s
				last = cur.prevID
			case strings.HasPrefix(rest, `"`):
				if last != cur.prevID || last == nil {
					last = nil
					continue
				}
				s, err := poUnquote(rest)
				if err != nil {
					return nil, errAt(n, "%v", err)
				}
				*last += s
			default:
				last = nil // #| msgctxt and #| msgid_plural are not used
			}
			continue
		case strings.HasPrefix(l, "#"):
			if started && cur.id != nil {
				flush()
			}
			if cur.line == 0 {
				cur.line = n
			}
			switch {
			case strings.HasPrefix(l, "#,"):
				for _, f := range strings.Split(l[2:], ",") {
					cur.flags = append(cur.flags, strings.TrimSpace(f))
				}
			case strings.HasPrefix(l, "#."):
				cur.extracted = append(cur.extracted, strings.TrimSpace(l[2:]))
			case strings.HasPrefix(l, "#:"):
				cur.references = append(cur.references, strings.Fields(l[2:])...)
			}
			last = nil
			continue
		case strings.HasPrefix(l, `"`):
			if last == nil {
				return nil, errAt(n, "string without a keyword before it")
			}
			s, err := poUnquote(l)
			if err != nil {
				return nil, errAt(n, "%v", err)
			}
			*last += s
			continue
		}
		kw, rest, _ := strings.Cut(l, " ")
		if strings.HasPrefix(kw, "msgstr[") && !strings.HasSuffix(kw, "]") {
			kw, rest = l[:strings.Index(l, "]")+1], l[strings.Index(l, "]")+1:]
		}
		if !poKeyword(kw) {
			return nil, errAt(n, "unknown keyword %q: not a PO entry (Folio imports PO and XLIFF 1.2 files)", kw)
		}
		s, err := poUnquote(strings.TrimSpace(rest))
		if err != nil {
			return nil, errAt(n, "%s: %v", kw, err)
		}
		if (kw == "msgctxt" || kw == "msgid") && cur.id != nil && len(cur.str) > 0 {
			flush()
		}
		if cur.line == 0 {
			cur.line = n
		}
		started = true
		v := &s
		switch {
		case kw == "msgctxt":
			cur.ctxt = v
		case kw == "msgid":
			cur.id = v
		case kw == "msgid_plural":
			cur.idPlural = v
		case kw == "msgstr":
			cur.str[0] = v
			q := strings.IndexByte(raw, '"')
			cur.strLine, cur.strColumn = n, utf8.RuneCountInString(raw[:max(q, 0)])+1
		case strings.HasPrefix(kw, "msgstr[") && strings.HasSuffix(kw, "]"):
			k, err := strconv.Atoi(kw[len("msgstr[") : len(kw)-1])
			if err != nil || k < 0 || k > 16 {
				return nil, errAt(n, "bad plural index in %s", kw)
			}
			cur.str[k] = v
		default:
			return nil, errAt(n, "unknown keyword %q", kw)
		}
		last = v
	}
	flush()

	f := &File{}
	var header map[string]string
	for _, e := range entries {
		if e.obsolete {
			continue
		}
		if e.id == nil {
			if e.ctxt != nil || len(e.str) > 0 {
				return nil, errAt(e.line, "entry without msgid")
			}
			continue
		}
		if len(e.str) == 0 {
			return nil, errAt(e.line, "entry without msgstr")
		}
		if *e.id == "" && e.ctxt == nil {
			if header != nil {
				return nil, errAt(e.line, "a second header entry")
			}
			header = parsePOHeader(deref(e.str[0]))
			continue
		}
		en := Entry{Source: *e.id, Target: deref(e.str[0]), Line: e.line, TargetLine: e.strLine, TargetColumn: e.strColumn, Plural: e.idPlural != nil}
		if e.ctxt != nil {
			en.ID = *e.ctxt
		}
		for _, fl := range e.flags {
			if fl == "fuzzy" {
				en.Fuzzy = true
			}
		}
		if e.prevID != nil {
			en.Previous = *e.prevID
		}
		en.Description = strings.Join(e.extracted, "\n")
		if len(e.references) > 0 {
			en.Location = e.references[0]
			if en.ID == "" {
				en.AltID = e.references[0]
			}
		}
		f.Entries = append(f.Entries, en)
	}
	if header != nil {
		if ct := header["content-type"]; ct != "" {
			if _, cs, ok := strings.Cut(strings.ToLower(ct), "charset="); ok && strings.TrimSpace(cs) != "utf-8" && strings.TrimSpace(cs) != "charset" {
				return nil, fmt.Errorf("%s: charset %s: Folio reads PO files in UTF-8 only (convert with msgconv --to-code=UTF-8)", name, strings.TrimSpace(cs))
			}
		}
		f.Language = header["language"]
		f.Document = header["x-folio-document"]
		f.SourceLanguage = header["x-folio-source-language"]
	}
	for _, e := range f.Entries {
		if e.Location != "" {
			p, _, _ := strings.Cut(e.Location, ":")
			f.Original = p
			break
		}
	}
	return f, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func parsePOHeader(s string) map[string]string {
	h := map[string]string{}
	for _, l := range strings.Split(s, "\n") {
		k, v, ok := strings.Cut(l, ":")
		if !ok {
			continue
		}
		h[strings.ToLower(strings.TrimSpace(k))] = strings.TrimSpace(v)
	}
	return h
}

// poUnquote reads one C-style quoted PO string.
func poUnquote(s string) (string, error) {
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return "", fmt.Errorf("expected a quoted string, found %q", s)
	}
	s = s[1 : len(s)-1]
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '"' {
			return "", fmt.Errorf("unescaped quote in string")
		}
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(s) {
			return "", fmt.Errorf("string ends with a backslash")
		}
		switch c := s[i]; c {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case 'a':
			b.WriteByte('\a')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'v':
			b.WriteByte('\v')
		case '\\', '"', '\'', '?':
			b.WriteByte(c)
		case 'x':
			j := i + 1
			for j < len(s) && j < i+3 && isHex(s[j]) {
				j++
			}
			if j == i+1 {
				return "", fmt.Errorf(`\x without hex digits`)
			}
			v, _ := strconv.ParseUint(s[i+1:j], 16, 8)
			b.WriteByte(byte(v))
			i = j - 1
		default:
			if c >= '0' && c <= '7' {
				j := i
				for j < len(s) && j < i+3 && s[j] >= '0' && s[j] <= '7' {
					j++
				}
				v, _ := strconv.ParseUint(s[i:j], 8, 8)
				b.WriteByte(byte(v))
				i = j - 1
				continue
			}
			return "", fmt.Errorf("unknown escape \\%c", c)
		}
	}
	out := b.String()
	if !utf8.ValidString(out) {
		return "", fmt.Errorf("escapes give invalid UTF-8")
	}
	return out, nil
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
