package catalog

import (
	"bytes"
	"encoding/binary"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
	"unsafe"

	"folio/internal/swar"
)

// The fast path: a single-pass reader for the subset of TOML that Folio
// itself writes (see encode.go), which gives up — never fails — on
// anything else, so that the full path (BurntSushi/toml, tomlpos,
// validateShape and go-i18n) stays the authority for meaning and for every
// error. What it accepts:
//
//   - lines ending in "\n" or "\r\n" (the last one may have no ending);
//   - blank lines (spaces and tabs) and comment lines;
//   - table headers ["quoted id"] or [bare-id] at the start of a line,
//     optionally followed by a comment, naming a new message: the ID has
//     no escape and no control character, is not empty and is not a
//     go-i18n field name or "translation" in any case;
//   - inside a table, key = "basic string" lines, optionally indented and
//     followed by a comment, the key spelled as Folio writes it
//     (description, hash, leftDelim, rightDelim, zero, one, two, few, many,
//     other), each at most once per table, the string using only TOML
//     1.0's escapes (\b \t \n \f \r \" \\ \uXXXX \UXXXXXXXX);
//   - every table has at least one key, and no ID comes twice.
//
// Text anywhere must be valid UTF-8 without control characters other than
// tab. Within that subset a message is a table, its ID the table's key,
// its fields the table's keys, which is what go-i18n reads; positions are
// those tomlpos gives (the header's start, each value's opening quote).

// fastParses counts the catalogs the fast path has read, so that tests can
// tell it is taken.
var fastParses atomic.Int64

// fastKey is a message field the fast path reads.
type fastKey uint8

const (
	keyDescription fastKey = iota
	keyHash
	keyLeftDelim
	keyRightDelim
	keyZero // keyZero…keyOther follow PluralForms' order
	keyOne
	keyTwo
	keyFew
	keyMany
	keyOther
	numKeys
)

// fieldNames are the fields' names as written, lowerNames as FieldPos
// keys them.
var (
	fieldNames = [numKeys]string{"description", "hash", "leftDelim", "rightDelim", "zero", "one", "two", "few", "many", "other"}
	lowerNames = [numKeys]string{"description", "hash", "leftdelim", "rightdelim", "zero", "one", "two", "few", "many", "other"}
)

func fieldKey(name []byte) (fastKey, bool) {
	for k, n := range fieldNames {
		if string(name) == n {
			return fastKey(k), true
		}
	}
	return 0, false
}

// fastMsg and fastField record what the first pass found.
type fastMsg struct {
	idStart, idEnd int
	line, col      int
	fields         int // index of its first field in the fields slice
	seen           uint16
}

type fastField struct {
	key        fastKey
	start, end int // the string's content, between the quotes
	escaped    bool
	line, col  int
}

// scratch is what parseFast needs only while it reads: the records of
// its first pass, and where each ID and value lies. Kept for the next
// catalog, they were a third of what reading one allocated.
type scratch struct {
	msgs              []fastMsg
	fields            []fastField
	idSpans, valSpans []span
}

// span is where an ID or a value lies: in the text, or among the decoded
// escaped values.
type span struct {
	start, end int
	decoded    bool // in dec, not in text
}

var scratches = sync.Pool{New: func() any { return new(scratch) }}

// parseFast reads data (without its byte-order mark) when it lies in the
// subset above; ok is false, and the File nil, when it does not.
func parseFast(path string, data []byte, bom, crlf bool, o ParseOptions) (f *File, ok bool) {
	valid := o.ValidUTF8
	// Folio writes a header line and two or three fields per message.
	headers := bytes.Count(data, []byte("\n[")) + 1
	sc := scratches.Get().(*scratch)
	defer scratches.Put(sc)
	msgs := slices.Grow(sc.msgs[:0], headers)
	fields := slices.Grow(sc.fields[:0], 3*headers)
	defer func() { sc.msgs, sc.fields = msgs[:0], fields[:0] }()
	line := 1
	textLen := 0
	i, n := 0, len(data)
	for i < n {
		lineStart := i
		for i < n && (data[i] == ' ' || data[i] == '\t') {
			i++
		}
		indent := i - lineStart
		if i == n {
			break
		}
		switch c := data[i]; {
		case c == '\n' || c == '\r':
		case c == '#':
			i = skipComment(data, i, valid)
			if i < 0 {
				return nil, false
			}
		case c == '[':
			if len(msgs) > 0 && msgs[len(msgs)-1].fields == len(fields) {
				return nil, false // an empty table is no message
			}
			i++
			var idStart, idEnd int
			if i < n && data[i] == '"' {
				i++
				idStart = i
				i = skipText(data, i)
				if i == n || data[i] != '"' || !valid && !swar.Valid(data[idStart:i]) {
					return nil, false // an escape, a control character or invalid UTF-8
				}
				idEnd = i
				i++
			} else {
				idStart = i
				for i < n && isBareByte(data[i]) {
					i++
				}
				idEnd = i
			}
			if idEnd == idStart || i == n || data[i] != ']' {
				return nil, false
			}
			i++
			id := data[idStart:idEnd]
			if reservedID(id) {
				return nil, false
			}
			textLen += idEnd - idStart
			msgs = append(msgs, fastMsg{idStart: idStart, idEnd: idEnd, line: line, col: indent + 1, fields: len(fields)})
			if i = endOfLine(data, i, valid); i < 0 {
				return nil, false
			}
		case isBareByte(c):
			if len(msgs) == 0 {
				return nil, false // a top-level key
			}
			keyStart := i
			for i < n && isBareByte(data[i]) {
				i++
			}
			key, known := fieldKey(data[keyStart:i])
			m := &msgs[len(msgs)-1]
			if !known || m.seen&(1<<key) != 0 {
				return nil, false
			}
			m.seen |= 1 << key
			if i = valueQuote(data, i); i < 0 {
				return nil, false
			}
			// Everything before the quote is ASCII: bytes are columns.
			fd := fastField{key: key, line: line, col: i - lineStart + 1}
			fd.start = i + 1
			var ok bool
			if fd.end, fd.escaped, ok = scanString(data, i, valid); !ok {
				return nil, false
			}
			i = fd.end + 1
			textLen += fd.end - fd.start
			fields = append(fields, fd)
			if i = endOfLine(data, i, valid); i < 0 {
				return nil, false
			}
		default:
			return nil, false
		}
		// i is at the line's end.
		if i < n {
			line++
		}
		if i = nextLine(data, i); i < 0 {
			return nil, false
		}
	}
	if len(msgs) > 0 && msgs[len(msgs)-1].fields == len(fields) {
		return nil, false
	}
	f = &File{Path: path, BOM: bom, CRLF: crlf, ValidUTF8: true}
	if len(msgs) == 0 {
		fastParses.Add(1)
		return f, true
	}
	// Second pass: every ID and value goes into one string (data itself
	// when the caller hands it over), each message into one array;
	// escaped values are decoded (they only shrink), into a string of
	// their own when the rest is data.
	idSpans := slices.Grow(sc.idSpans[:0], len(msgs))[:len(msgs)]
	valSpans := slices.Grow(sc.valSpans[:0], len(fields))[:len(fields)]
	defer func() { sc.idSpans, sc.valSpans = idSpans[:0], valSpans[:0] }()
	var text string
	var b strings.Builder
	if o.Owned {
		text = unsafe.String(unsafe.SliceData(data), len(data))
		decLen := 0
		for _, fd := range fields {
			if fd.escaped {
				decLen += fd.end - fd.start
			}
		}
		b.Grow(decLen)
		for mi, fm := range msgs {
			idSpans[mi] = span{fm.idStart, fm.idEnd, false}
		}
		for fi, fd := range fields {
			if fd.escaped {
				at := b.Len()
				unescape(&b, data[fd.start:fd.end])
				valSpans[fi] = span{at, b.Len(), true}
			} else {
				valSpans[fi] = span{fd.start, fd.end, false}
			}
		}
	} else {
		b.Grow(textLen)
		for mi, fm := range msgs {
			at := b.Len()
			b.Write(data[fm.idStart:fm.idEnd])
			idSpans[mi] = span{at, b.Len(), false}
		}
		for fi, fd := range fields {
			at := b.Len()
			if fd.escaped {
				unescape(&b, data[fd.start:fd.end])
			} else {
				b.Write(data[fd.start:fd.end])
			}
			valSpans[fi] = span{at, b.Len(), false}
		}
		text = b.String()
	}
	dec := b.String()
	str := func(sp span) string {
		if sp.decoded {
			return dec[sp.start:sp.end]
		}
		return text[sp.start:sp.end]
	}
	// The index Lookup uses, made here to find a repeated ID.
	byID := make(map[string]*Message, len(msgs))
	backing := make([]Message, len(msgs))
	positions := make([]fieldAt, len(fields))
	f.Messages = make([]*Message, len(msgs))
	for mi, fm := range msgs {
		m := &backing[mi]
		f.Messages[mi] = m
		m.ID = str(idSpans[mi])
		if _, dup := byID[m.ID]; dup {
			return nil, false
		}
		byID[m.ID] = m
		m.Pos = Pos{fm.line, fm.col}
		end := len(fields)
		if mi+1 < len(msgs) {
			end = msgs[mi+1].fields
		}
		m.fields = positions[fm.fields:end:end]
		for fi := fm.fields; fi < end; fi++ {
			fd := fields[fi]
			v := str(valSpans[fi])
			switch fd.key {
			case keyDescription:
				m.Description = v
			case keyHash:
				m.Hash = v
			case keyLeftDelim:
				m.LeftDelim = v
			case keyRightDelim:
				m.RightDelim = v
			default:
				m.Forms.setFresh(int(fd.key-keyZero), v)
			}
			positions[fi] = fieldAt{lowerNames[fd.key], Pos{fd.line, fd.col}}
		}
	}
	f.byID = byID
	fastParses.Add(1)
	return f, true
}

// reservedID reports whether an ID is a go-i18n field name or
// "translation", in any case (isFieldName without a string to lower-case).
func reservedID(id []byte) bool {
	if len(id) > len("description") {
		return false
	}
	for _, n := range lowerNames {
		if bytes.EqualFold(id, []byte(n)) {
			return true
		}
	}
	return bytes.EqualFold(id, []byte("id")) || bytes.EqualFold(id, []byte("translation"))
}

func isBareByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

// scanString reads the basic string whose opening quote is at data[i]: it
// returns the position of the closing quote and whether the string holds
// escapes; ok is false when it is not a TOML 1.0 basic string on one line
// of valid UTF-8 without control characters (valid: the caller knows the
// data is valid UTF-8).
func scanString(data []byte, i int, valid bool) (end int, escaped, ok bool) {
	start := i + 1
	i = start
	for {
		i = skipText(data, i)
		if i == len(data) {
			return 0, false, false
		}
		if data[i] == '"' {
			break
		}
		if data[i] != '\\' {
			return 0, false, false // a control character
		}
		escaped = true
		size := escapeLen(data[i:])
		if size == 0 {
			return 0, false, false
		}
		i += size
	}
	// Escapes are ASCII: the raw text is valid UTF-8 when what lies
	// between them is.
	if !valid && !swar.Valid(data[start:i]) {
		return 0, false, false
	}
	return i, escaped, true
}

// skipComment returns the end of the comment starting at i (before its
// line ending), or -1 when it holds a control character or invalid UTF-8
// (not looked for when valid).
func skipComment(data []byte, i int, valid bool) int {
	start := i
	for {
		i = skipText(data, i)
		if i == len(data) || data[i] == '\n' || data[i] == '\r' {
			break
		}
		if data[i] != '"' && data[i] != '\\' {
			return -1
		}
		i++ // quotes and backslashes are text in a comment
	}
	if !valid && !swar.Valid(data[start:i]) {
		return -1
	}
	return i
}

// stops marks the bytes text runs stop at: quotes, backslashes and control
// characters other than tab (line endings included).
var stops = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = c != '\t'
	}
	t[0x7f], t['"'], t['\\'] = true, true, true
	return
}()

// skipText returns the position of the first byte from i that stops a run
// of text, or len(data).
func skipText(data []byte, i int) int {
	for {
		// Eight bytes at a time while none of them can stop the text (a
		// tab makes mayStop say yes too, and is passed over below).
		for i+8 <= len(data) && !mayStop(binary.LittleEndian.Uint64(data[i:])) {
			i += 8
		}
		for end := min(i+8, len(data)); i < end; i++ {
			if stops[data[i]] {
				return i
			}
		}
		if i == len(data) {
			return i
		}
	}
}

// mayStop reports whether one of the eight bytes of x may be below 0x20,
// '"', '\\' or 0x7f: such a byte sets its high bit in the expression; a
// byte with its own high bit set does not (its complement clears it), and
// a borrow only carries on from a byte that set it. When it says yes, the
// caller looks at the eight bytes one by one. (swar's Less and Equal,
// written out with one mask at the end: as four calls it is too big for
// the compiler to inline, and parsing and encoding took 15 % longer.)
func mayStop(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	q, bs, del := x^'"'*ones, x^'\\'*ones, x^0x7f*ones
	return ((x-0x20*ones)&^x|(q-ones)&^q|(bs-ones)&^bs|(del-ones)&^del)&highs != 0
}

// endOfLine skips spaces, tabs and a comment after a header or value; it
// returns the position of the line ending, or -1 when something else
// follows.
func endOfLine(data []byte, i int, valid bool) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t') {
		i++
	}
	if i < len(data) && data[i] == '#' {
		return skipComment(data, i, valid)
	}
	if i < len(data) && data[i] != '\n' && data[i] != '\r' {
		return -1
	}
	return i
}

// escapeLen returns the length of the TOML 1.0 escape at the start of s, or
// 0 when it is not one (or encodes no Unicode scalar value).
func escapeLen(s []byte) int {
	if len(s) < 2 {
		return 0
	}
	switch s[1] {
	case 'b', 't', 'n', 'f', 'r', '"', '\\':
		return 2
	case 'u':
		if r, ok := hexRune(s[2:], 4); ok && utf8.ValidRune(r) {
			return 6
		}
	case 'U':
		if r, ok := hexRune(s[2:], 8); ok && utf8.ValidRune(r) {
			return 10
		}
	}
	return 0
}

// hexRune reads n hexadecimal digits from the start of s.
func hexRune(s []byte, n int) (rune, bool) {
	if len(s) < n {
		return 0, false
	}
	var r uint32
	for _, c := range s[:n] {
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | uint32(d)
	}
	if r > utf8.MaxRune {
		return 0, false
	}
	return rune(r), true
}

// unescape writes the decoded content of a basic string whose escapes
// escapeLen has accepted.
//
// The text between escapes is copied a run at a time: byte by byte, this
// was 4.7 % of a first run on a corpus whose catalogs hold code.
func unescape(b *strings.Builder, s []byte) {
	for i := 0; i < len(s); {
		j := bytes.IndexByte(s[i:], '\\')
		if j < 0 {
			b.Write(s[i:])
			return
		}
		b.Write(s[i : i+j])
		i += j
		switch s[i+1] {
		case 'b':
			b.WriteByte('\b')
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case 'f':
			b.WriteByte('\f')
		case 'r':
			b.WriteByte('\r')
		case '"':
			b.WriteByte('"')
		case '\\':
			b.WriteByte('\\')
		case 'u':
			r, _ := hexRune(s[i+2:], 4)
			b.WriteRune(r)
			i += 6
			continue
		case 'U':
			r, _ := hexRune(s[i+2:], 8)
			b.WriteRune(r)
			i += 10
			continue
		}
		i += 2
	}
}
