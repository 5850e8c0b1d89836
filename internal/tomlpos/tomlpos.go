// Package tomlpos finds where keys and values of a TOML file start: a small
// scanner over the file's lines, enough for the shapes Folio reads (table
// headers, key/value lines with bare, quoted or dotted keys, multi-line
// strings). BurntSushi/toml reports positions only for syntax errors; this
// package places everything else, and places BurntSushi's syntax errors
// by their byte offset, where its own line and column can be off
// (SyntaxError).
//
// The package imports only the standard library.
package tomlpos

import (
	"strings"
	"unicode/utf8"
)

// Pos is a 1-based line and column (in code points).
type Pos struct{ Line, Column int }

// Positions maps a key path to where its key and its value start.
type Positions struct {
	keys   map[string]Pos
	values map[string]Pos
	// fields indexes values by their table's path and their lower-cased
	// last key, so that Message does not scan every value per message.
	fields map[string]map[string]Pos
}

func joinPath(path []string) string { return strings.Join(path, "\x00") }

// Key returns the position of the key at path, or of its nearest enclosing
// table, or 1:1.
func (p Positions) Key(path []string) Pos {
	for n := len(path); n > 0; n-- {
		if pos, ok := p.keys[joinPath(path[:n])]; ok {
			return pos
		}
	}
	return Pos{1, 1}
}

// Value returns the position of the value at path, or of its key.
func (p Positions) Value(path []string) Pos {
	if pos, ok := p.values[joinPath(path)]; ok {
		return pos
	}
	return p.Key(path)
}

// Message returns the position of go-i18n message id and of each of its
// fields. An ID is a dotted path whose components may themselves contain
// dots (["a.b"] versus [a] b = …); the split the file uses is searched for.
func (p Positions) Message(id string) (Pos, map[string]Pos) {
	fields := map[string]Pos{}
	for _, path := range splits(id) {
		k := joinPath(path)
		pos, ok := p.keys[k]
		if !ok {
			continue
		}
		if v, ok := p.values[k]; ok {
			// A simple `id = "text"` message: the value is its "other".
			fields["other"] = v
		}
		for _, f := range []string{"id", "description", "hash", "leftdelim", "rightdelim", "zero", "one", "two", "few", "many", "other", "translation"} {
			if v, ok := p.fields[k][f]; ok {
				fields[f] = v
			}
		}
		return pos, fields
	}
	return Pos{}, fields
}

// splits returns the ways to split a dotted ID into key components, the
// whole ID first.
func splits(id string) [][]string {
	parts := strings.Split(id, ".")
	if len(parts) > 12 {
		return [][]string{{id}, parts}
	}
	var out [][]string
	n := len(parts) - 1
	for mask := 0; mask < 1<<n; mask++ {
		var path []string
		cur := parts[0]
		for i := 1; i < len(parts); i++ {
			if mask&(1<<(i-1)) != 0 {
				path = append(path, cur)
				cur = parts[i]
			} else {
				cur += "." + parts[i]
			}
		}
		out = append(out, append(path, cur))
	}
	return out
}

// Scan reads the positions of a TOML file.
func Scan(data []byte) Positions {
	p := Positions{keys: map[string]Pos{}, values: map[string]Pos{}, fields: map[string]map[string]Pos{}}
	// A byte-order mark is not a column an editor shows.
	lines := strings.Split(strings.TrimPrefix(string(data), "\ufeff"), "\n")
	var table []string
	for i := 0; i < len(lines); i++ {
		line := strings.TrimRight(lines[i], "\r")
		trimmed := strings.TrimLeft(line, " \t")
		indent := utf8.RuneCountInString(line[:len(line)-len(trimmed)])
		if trimmed == "" || trimmed[0] == '#' {
			continue
		}
		if trimmed[0] == '[' {
			inner := strings.TrimPrefix(trimmed, "[")
			inner = strings.TrimPrefix(inner, "[")
			keys, _ := parseKey(inner)
			table = keys
			if _, ok := p.keys[joinPath(table)]; !ok {
				p.keys[joinPath(table)] = Pos{i + 1, indent + 1}
			}
			continue
		}
		keys, rest := parseKey(trimmed)
		if len(keys) == 0 {
			continue
		}
		full := append(append([]string{}, table...), keys...)
		k := joinPath(full)
		p.keys[k] = Pos{i + 1, indent + 1}
		// A dotted key (locale.es.length = …) also places the tables it
		// names, where no header did.
		for n := len(table) + 1; n < len(full); n++ {
			if _, ok := p.keys[joinPath(full[:n])]; !ok {
				p.keys[joinPath(full[:n])] = Pos{i + 1, indent + 1}
			}
		}
		eq := strings.Index(rest, "=")
		if eq < 0 {
			continue
		}
		val := strings.TrimLeft(rest[eq+1:], " \t")
		col := indent + utf8.RuneCountInString(trimmed[:len(trimmed)-len(val)]) + 1
		p.values[k] = Pos{i + 1, col}
		parent := joinPath(full[:len(full)-1])
		if p.fields[parent] == nil {
			p.fields[parent] = map[string]Pos{}
		}
		p.fields[parent][strings.ToLower(full[len(full)-1])] = Pos{i + 1, col}
		// Skip the lines of a multi-line string.
		for _, delim := range []string{`"""`, `'''`} {
			if strings.HasPrefix(val, delim) && !strings.Contains(val[3:], delim) {
				for i+1 < len(lines) && !strings.Contains(lines[i+1], delim) {
					i++
				}
				i++
			}
		}
	}
	return p
}

// SplitKey returns the components of a dotted TOML key as written in a
// file or in BurntSushi's messages (checks.ignore."intro.p1").
func SplitKey(s string) []string {
	keys, _ := parseKey(s)
	return keys
}

// parseKey reads a dotted TOML key (bare or quoted components) from the
// start of s and returns its components and the rest of s.
func parseKey(s string) ([]string, string) {
	var keys []string
	for {
		s = strings.TrimLeft(s, " \t")
		if s == "" {
			return keys, s
		}
		var k string
		switch s[0] {
		case '"':
			end := 1
			var b strings.Builder
			for end < len(s) && s[end] != '"' {
				if s[end] == '\\' && end+1 < len(s) {
					switch s[end+1] {
					case 'n':
						b.WriteByte('\n')
					case 't':
						b.WriteByte('\t')
					default:
						b.WriteByte(s[end+1])
					}
					end += 2
					continue
				}
				b.WriteByte(s[end])
				end++
			}
			k = b.String()
			if end < len(s) {
				end++
			}
			s = s[end:]
		case '\'':
			end := strings.IndexByte(s[1:], '\'')
			if end < 0 {
				return keys, ""
			}
			k = s[1 : end+1]
			s = s[end+2:]
		default:
			end := 0
			for end < len(s) && (isBare(s[end])) {
				end++
			}
			if end == 0 {
				return keys, s
			}
			k = s[:end]
			s = s[end:]
		}
		keys = append(keys, k)
		s = strings.TrimLeft(s, " \t")
		if !strings.HasPrefix(s, ".") {
			return keys, s
		}
		s = s[1:]
	}
}

func isBare(c byte) bool {
	return c == '-' || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

// SyntaxError places a syntax error that BurntSushi/toml reported in
// data: its line, its column in bytes and the byte offset where it
// starts (ParseError's Position). It returns the line and the column in
// code points. The offset is the offending byte, and the line and column
// are counted from it: BurntSushi counts the column of an error at a
// line's first byte from the start of the line before (a merge conflict's
// "<<<<<<<" was put at column 50 of line 17 of a catalog whose line 16 is
// 48 bytes long), and gives an unexpected newline the line after it. An
// offset of 0 past line 1 is taken for none; errors without a line or an
// offset (some at the end of the input) are placed at the end of data.
func SyntaxError(data []byte, line, col, start int) Pos {
	if start < 0 || start > len(data) || (start == 0 && line > 1) {
		if line >= 1 {
			return runeColumn(data, line, max(col, 1))
		}
		start = len(data)
	} else if line < 1 && start == 0 {
		start = len(data)
	}
	line = strings.Count(string(data[:start]), "\n") + 1
	col = start - (strings.LastIndexByte(string(data[:start]), '\n') + 1) + 1
	return runeColumn(data, line, col)
}

// runeColumn is the position of byte column col of line in code points.
func runeColumn(data []byte, line, col int) Pos {
	lines := strings.Split(string(data), "\n")
	if line >= 1 && line <= len(lines) && col >= 1 && col-1 <= len(lines[line-1]) {
		col = utf8.RuneCountInString(lines[line-1][:col-1]) + 1
	}
	return Pos{line, col}
}

// Element returns where the n-th element (from 0) of the array whose value
// starts at at begins, for an array of strings or numbers as folio.toml
// holds them: elements, commas, comments and newlines between them. It
// returns at when the array is not found there or has no n-th element.
func Element(data []byte, at Pos, n int) Pos {
	lines := strings.Split(strings.TrimPrefix(string(data), "\ufeff"), "\n")
	if at.Line < 1 || at.Line > len(lines) {
		return at
	}
	// The byte offset of at's column (columns count code points).
	line := lines[at.Line-1]
	off := 0
	for c := 1; c < at.Column && off < len(line); c++ {
		_, size := utf8.DecodeRuneInString(line[off:])
		off += size
	}
	if off >= len(line) || line[off] != '[' {
		return at
	}
	off++
	depth, k := 0, 0
	for l := at.Line - 1; l < len(lines); l, off = l+1, 0 {
		s := strings.TrimRight(lines[l], "\r")
		for off < len(s) {
			switch c := s[off]; {
			case c == ' ' || c == '\t':
				off++
			case c == '#':
				off = len(s)
			case c == ',':
				if depth == 0 {
					k++
				}
				off++
			case c == ']':
				if depth == 0 {
					return at
				}
				depth--
				off++
			default:
				if depth == 0 && k == n {
					return Pos{l + 1, utf8.RuneCountInString(s[:off]) + 1}
				}
				if c == '[' {
					depth++
					off++
					continue
				}
				if c == '"' || c == '\'' {
					// A one-line string: to its closing quote.
					end := off + 1
					for end < len(s) && s[end] != c {
						if c == '"' && s[end] == '\\' {
							end++
						}
						end++
					}
					off = end + 1
					continue
				}
				off++
			}
		}
	}
	return at
}
