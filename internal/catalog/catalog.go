// Package catalog reads and writes message catalogs in go-i18n v2 TOML
// format, keeping the position of every message and value so that
// diagnostics can point at them.
//
// go-i18n's own parser (i18n.ParseMessageBytes with BurntSushi/toml) decides
// what a catalog means; this package adds positions, document order and the
// errors go-i18n reports without a place. Catalogs in the plain subset of
// TOML that Folio writes are read by a single-pass reader instead
// (fastparse.go), which gives up on anything outside it and is tested to
// read exactly what the full path reads; ParseStringTable reads, the same
// way, the tables of strings Folio writes as history files. A message's
// plural forms are a value (Forms), not a map. Every file this package
// writes loads with go-i18n and BurntSushi/toml.
//
// The package imports tomlpos, go-i18n, BurntSushi/toml and the standard
// library.
package catalog

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"folio/internal/tomlpos"
)

// PluralForms are go-i18n's plural-form keys in CLDR order.
var PluralForms = []string{"zero", "one", "two", "few", "many", "other"}

// Pos is a 1-based line and column (in code points) of a file.
type Pos struct{ Line, Column int }

// Message is one message of a catalog.
type Message struct {
	ID          string
	Description string
	Hash        string
	LeftDelim   string
	RightDelim  string
	// Forms holds the plural forms present (zero, one, two, few, many,
	// other); a singular message has only "other".
	Forms Forms
	// Pos is where the message starts (its table header or key). FieldPos
	// returns where each value starts: Parse records that compactly,
	// without a map per message, and leaves Fields nil; a message made
	// by hand may set Fields, by lower-case key.
	Pos    Pos
	Fields map[string]Pos
	// Comments are lines written above the message (without "# ").
	Comments []string
	// fields are the positions of the values Parse read, in file order.
	fields []fieldAt
}

// fieldAt is where the value of a field (by lower-case key) starts.
type fieldAt struct {
	key string
	pos Pos
}

// Other returns the message's "other" form.
func (m *Message) Other() string { return m.Forms.other }

// FieldPos returns the position of a field's value, or of the message.
func (m *Message) FieldPos(key string) Pos {
	key = strings.ToLower(key)
	if p, ok := m.Fields[key]; ok {
		return p
	}
	for _, f := range m.fields {
		if f.key == key {
			return f.pos
		}
	}
	return m.Pos
}

// File is a parsed catalog.
type File struct {
	Path     string
	Messages []*Message
	// BOM and CRLF record the file's byte-order mark and line endings.
	BOM, CRLF bool
	// ValidUTF8 is set by Parse, which checks every byte of the file: each
	// string in it is valid UTF-8. Build and check then skip checking the
	// text again (a tenth of a build with a non-Latin locale). A File made
	// in code leaves it false; code that puts text from elsewhere into a
	// parsed File must set it to false.
	ValidUTF8 bool
	// byID indexes Messages, built on the first Lookup; mu guards it, since
	// checks read one file from several goroutines.
	mu   sync.Mutex
	byID map[string]*Message
}

// Lookup returns the message with the given ID, or nil.
func (f *File) Lookup(id string) *Message {
	if f == nil {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.byID == nil {
		f.byID = make(map[string]*Message, len(f.Messages))
		for _, m := range f.Messages {
			f.byID[m.ID] = m
		}
	}
	return f.byID[id]
}

// LookupAt is Lookup for a caller that expects the message at index i:
// a locale catalog lists its messages in the source catalog's order, so
// the i-th source message's translation is most often the i-th message.
// It costs one comparison of IDs instead of hashing one, and falls back
// to Lookup when the guess is wrong.
func (f *File) LookupAt(id string, i int) *Message {
	if f != nil && i >= 0 && i < len(f.Messages) && f.Messages[i].ID == id {
		return f.Messages[i]
	}
	return f.Lookup(id)
}

// Add appends a message.
func (f *File) Add(m *Message) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Messages = append(f.Messages, m)
	if f.byID != nil {
		f.byID[m.ID] = m
	}
}

// Error is a problem with a catalog file at a position (line 0: the whole file).
type Error struct {
	Path string
	Pos
	Msg string
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.Path, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Column, e.Msg)
}

// Hash returns the hash Folio writes for a source text: "sha1-" and the
// lower-case hex SHA-1 of the text.
func Hash(text string) string {
	// The text's bytes as they are (sha1.Sum only reads them) and the
	// result made in one array: one allocation, not four (a copy of the
	// text, the hex bytes, their string, the concatenation).
	sum := sha1.Sum(unsafe.Slice(unsafe.StringData(text), len(text)))
	var b [HashLen]byte
	copy(b[:], HashPrefix)
	hex.Encode(b[len(HashPrefix):], sum[:])
	return string(b[:])
}

// HashPrefix begins every hash Hash returns, and HashLen is their length
// (the prefix and 40 hexadecimal digits).
const (
	HashPrefix = "sha1-"
	HashLen    = len(HashPrefix) + 2*sha1.Size
)

// IsHash reports whether h is in the form Hash writes: HashPrefix and 40
// lowercase hexadecimal digits.
func IsHash(h string) bool {
	if len(h) != HashLen || !strings.HasPrefix(h, HashPrefix) {
		return false
	}
	for i := len(HashPrefix); i < len(h); i++ {
		if c := h[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// UnconfirmedHash is the hash `folio import` gives a translation that a
// CAT tool marks unconfirmed (fuzzy, needs review) without the source
// text it was made from: the hash of the empty text, which no segment
// has. The translation is stale so that it is reviewed, though no source
// change made it so. TestUnconfirmedHash holds it to Hash("").
const UnconfirmedHash = HashPrefix + "da39a3ee5e6b4b0d3255bfef95601890afd80709"

// ExpectedHash is the hash a translation of source message m must carry to
// be current: m's own hash, or for a hand-written source catalog without
// one, goi18n's definition (SHA-1 of description followed by other).
func ExpectedHash(m *Message) string {
	if m.Hash != "" {
		return m.Hash
	}
	return Hash(m.Description + m.Other())
}

// Parse reads a catalog. path is used in errors and, as go-i18n does, to
// name the file's language.
//
// A catalog in the subset of TOML that Folio writes is read in one pass
// (fastparse.go); anything else goes the full way.
func Parse(path string, data []byte) (*File, error) { return ParseWith(path, data, ParseOptions{}) }

// ParseOptions say what Parse's caller knows of the bytes it reads.
type ParseOptions struct {
	// ValidUTF8: data is known to be valid UTF-8 (bytes that parsed
	// before, known by their hash), and the one-pass reader does not
	// check it again (most of its work on translations outside ASCII).
	// Data that is not valid UTF-8 then gives strings that are not either.
	ValidUTF8 bool
	// Owned: the caller hands data over and never changes it again, and
	// the File's strings share its memory instead of a copy.
	Owned bool
}

// ParseWith is Parse with what the caller knows of data.
func ParseWith(path string, data []byte, o ParseOptions) (*File, error) {
	bom := bytes.HasPrefix(data, []byte("\xEF\xBB\xBF"))
	if bom {
		data = data[3:]
	}
	crlf := bytes.Contains(data, []byte("\r\n"))
	if f, ok := parseFast(path, data, bom, crlf, o); ok {
		return f, nil
	}
	return parseFull(path, data, bom, crlf)
}

// parseFull is Parse through BurntSushi/toml, tomlpos and go-i18n, for any
// catalog; data is without its byte-order mark.
func parseFull(path string, data []byte, bom, crlf bool) (*File, error) {
	f := &File{Path: path, BOM: bom, CRLF: crlf, ValidUTF8: true}
	if err := validText(path, data); err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return f, nil
	}
	if at, deep := tomlpos.TooDeep(data); deep {
		return nil, &Error{Path: path, Pos: Pos(at), Msg: fmt.Sprintf("arrays or inline tables nested more than %d deep", tomlpos.MaxNesting)}
	}
	var raw map[string]any
	if _, err := toml.Decode(string(data), &raw); err != nil {
		return nil, syntaxError(path, data, err)
	}
	positions := tomlpos.Scan(data)
	if err := validateShape(path, raw, nil, positions); err != nil {
		return nil, err
	}
	// go-i18n reads the table BurntSushi/toml has just decoded, instead of
	// decoding the file a second time (it only reads the value).
	msgs, err := i18n.ParseMessageBytes(data, func(b []byte, v any) error {
		if p, ok := v.(*any); ok {
			*p = raw
			return nil
		}
		return toml.Unmarshal(b, v)
	})
	if err != nil {
		return nil, &Error{Path: path, Msg: "go-i18n cannot load this catalog: " + err.Error()}
	}
	for _, im := range msgs {
		m := &Message{
			ID: im.ID, Description: im.Description, Hash: im.Hash,
			LeftDelim: im.LeftDelim, RightDelim: im.RightDelim,
		}
		forms := []string{im.Zero, im.One, im.Two, im.Few, im.Many, im.Other}
		table := lookupTable(raw, im.ID)
		for i, name := range PluralForms {
			if forms[i] != "" || hasKey(table, name) {
				m.Forms.Set(name, forms[i])
			}
		}
		p, fields := positions.Message(im.ID)
		m.Pos = Pos(p)
		for k, v := range fields {
			m.fields = append(m.fields, fieldAt{k, Pos(v)})
		}
		sort.Slice(m.fields, func(i, j int) bool {
			a, b := m.fields[i], m.fields[j]
			if a.pos != b.pos {
				return a.pos.Line < b.pos.Line || a.pos.Line == b.pos.Line && a.pos.Column < b.pos.Column
			}
			return a.key < b.key
		})
		f.Messages = append(f.Messages, m)
	}
	sort.SliceStable(f.Messages, func(i, j int) bool {
		a, b := f.Messages[i].Pos, f.Messages[j].Pos
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	// Indexed as the one-pass reader indexes (go-i18n has refused a
	// repeated ID).
	if len(f.Messages) > 0 {
		f.byID = make(map[string]*Message, len(f.Messages))
		for _, m := range f.Messages {
			f.byID[m.ID] = m
		}
	}
	return f, nil
}

// hasKey reports whether a message table has the key (go-i18n keys are
// case-insensitive).
func hasKey(table map[string]any, key string) bool {
	for k := range table {
		if strings.EqualFold(k, key) {
			return true
		}
	}
	return false
}

// lookupTable finds the table of message id in the decoded file, trying
// the quoted-key form first and nested tables second.
func lookupTable(raw map[string]any, id string) map[string]any {
	if t, ok := raw[id].(map[string]any); ok {
		return t
	}
	parts := strings.Split(id, ".")
	for i := 1; i < len(parts); i++ {
		if t, ok := raw[strings.Join(parts[:i], ".")].(map[string]any); ok {
			if r := lookupTable(t, strings.Join(parts[i:], ".")); r != nil {
				return r
			}
		}
	}
	return nil
}

// validText rejects invalid UTF-8 and NUL bytes with their position.
func validText(path string, data []byte) error {
	line, col := 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return &Error{Path: path, Pos: Pos{line, col}, Msg: fmt.Sprintf("invalid UTF-8 (byte 0x%02x)", data[i])}
		case r == 0:
			return &Error{Path: path, Pos: Pos{line, col}, Msg: "NUL byte"}
		case r == '\n':
			line, col = line+1, 0
		}
		col++
		i += size
	}
	return nil
}

func syntaxError(path string, data []byte, err error) error {
	if pe, ok := err.(toml.ParseError); ok {
		p := pe.Position
		return &Error{Path: path, Pos: Pos(tomlpos.SyntaxError(data, p.Line, p.Col, p.Start)), Msg: "TOML syntax: " + pe.Message}
	}
	return &Error{Path: path, Pos: Pos{1, 1}, Msg: "TOML: " + err.Error()}
}

// validateShape reports, with positions, what go-i18n would reject: a
// table mixing message keys with other keys, and values that are neither
// strings nor tables.
func validateShape(path string, v map[string]any, prefix []string, pos tomlpos.Positions) error {
	var reserved, other []string
	for k, val := range v {
		if isReservedKey(k, val) {
			reserved = append(reserved, k)
		} else {
			other = append(other, k)
		}
	}
	sort.Strings(reserved)
	sort.Strings(other)
	if len(reserved) > 0 && len(other) > 0 {
		p := Pos(pos.Key(append(prefix, other[0])))
		return &Error{Path: path, Pos: p, Msg: fmt.Sprintf("key %q is not a go-i18n message key, but its table also has %q (go-i18n rejects tables that mix them; allowed: id, description, hash, leftDelim, rightDelim, zero, one, two, few, many, other)", other[0], reserved[0])}
	}
	keys := append(reserved, other...)
	for _, k := range keys {
		val := v[k]
		path2 := append(append([]string{}, prefix...), k)
		switch t := val.(type) {
		case string:
		case map[string]any:
			if len(reserved) > 0 {
				return &Error{Path: path, Pos: Pos(pos.Key(path2)), Msg: fmt.Sprintf("message field %q must be a string, not a table", k)}
			}
			if isFieldName(k) && !holdsMessage(t) {
				// go-i18n would read other = {x = "…"} as a message
				// "….other.x": a table where a translation belongs is a
				// mistake. (A table of message fields under such a name,
				// ["x.other"] other = "…", is a message and fine.)
				return &Error{Path: path, Pos: Pos(pos.Key(path2)), Msg: fmt.Sprintf("%q is a message field and must be a string, not a table", k)}
			}
			if len(prefix) > 32 {
				return &Error{Path: path, Pos: Pos(pos.Key(path2)), Msg: "tables nested too deeply"}
			}
			if err := validateShape(path, t, path2, pos); err != nil {
				return err
			}
		default:
			return &Error{Path: path, Pos: Pos(pos.Value(path2)), Msg: fmt.Sprintf("value of %q must be a string, not %s", k, tomlType(val))}
		}
	}
	return nil
}

// holdsMessage reports whether a table has a go-i18n message field.
func holdsMessage(t map[string]any) bool {
	for k, v := range t {
		if isReservedKey(k, v) {
			return true
		}
	}
	return false
}

// isFieldName reports whether k names a go-i18n message field.
func isFieldName(k string) bool {
	switch strings.ToLower(k) {
	case "id", "description", "hash", "leftdelim", "rightdelim", "zero", "one", "two", "few", "many", "other":
		return true
	}
	return false
}

func isReservedKey(k string, v any) bool {
	switch strings.ToLower(k) {
	case "id", "description", "hash", "leftdelim", "rightdelim", "zero", "one", "two", "few", "many", "other":
		// A message field of the wrong type (other = 5) is still a
		// message field, reported as such; only a table under a reserved
		// name is read as nesting, as go-i18n does.
		_, isTable := v.(map[string]any)
		return !isTable
	case "translation":
		return k == "translation"
	}
	return false
}

func tomlType(v any) string {
	switch v.(type) {
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case bool:
		return "a boolean"
	case []any, []map[string]any:
		return "an array"
	default:
		return "a date or time"
	}
}

// State is the state of a translation against its source message.
type State int

// The states of a translation.
const (
	Untranslated State = iota
	Stale
	Current
)

func (s State) String() string {
	return [...]string{"untranslated", "stale", "current"}[s]
}

// StateOf returns the state of translation tr (nil: missing) of source
// message src: current when its hash is the source's expected hash or it has
// no hash, stale when the hash differs, untranslated when it is missing or
// empty.
func StateOf(src, tr *Message) State {
	if tr == nil || !tr.Translated() {
		return Untranslated
	}
	if tr.Hash == "" || tr.Hash == ExpectedHash(src) {
		return Current
	}
	return Stale
}

// Translated reports whether the message has a non-empty form.
func (m *Message) Translated() bool {
	if m.Forms.other != "" {
		return true
	}
	for _, v := range m.Forms.All() {
		if v != "" {
			return true
		}
	}
	return false
}
