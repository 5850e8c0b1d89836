package catalog

import (
	"bytes"
	"strings"
)

// ParseStringTable reads a TOML file of top-level "key" = "string" lines,
// with comments and blank lines, as Folio writes its history files: the
// map a TOML decoder reads from it into a map[string]string. ok is false,
// and the map nil, for anything else — bare or empty keys, a key twice,
// tables, values other than one-line basic strings, TOML 1.1 escapes,
// control characters, invalid UTF-8, a byte-order mark — which a TOML
// decoder must then read, and report errors for. It never fails itself.
func ParseStringTable(data []byte) (table map[string]string, ok bool) {
	n := len(data)
	table = make(map[string]string, bytes.Count(data, []byte("\n")))
	// Keys and values share one copy of the file (a history file is all
	// keys and values but for a line of comment).
	text := string(data)
	str := func(start, end int, escaped bool) string {
		if !escaped {
			return text[start:end]
		}
		var b strings.Builder
		b.Grow(end - start)
		unescape(&b, data[start:end])
		return b.String()
	}
	for i := 0; i < n; {
		for i < n && (data[i] == ' ' || data[i] == '\t') {
			i++
		}
		if i == n {
			break
		}
		switch c := data[i]; {
		case c == '\n' || c == '\r':
		case c == '#':
			if i = skipComment(data, i, false); i < 0 {
				return nil, false
			}
		case c == '"':
			keyEnd, keyEscaped, ok := scanString(data, i, false)
			if !ok || keyEnd == i+1 {
				return nil, false
			}
			key := str(i+1, keyEnd, keyEscaped)
			i = keyEnd + 1
			if i = valueQuote(data, i); i < 0 {
				return nil, false
			}
			end, escaped, ok := scanString(data, i, false)
			if !ok {
				return nil, false
			}
			if _, dup := table[key]; dup {
				return nil, false
			}
			table[key] = str(i+1, end, escaped)
			if i = endOfLine(data, end+1, false); i < 0 {
				return nil, false
			}
		default:
			return nil, false
		}
		if i = nextLine(data, i); i < 0 {
			return nil, false
		}
	}
	return table, true
}

// nextLine steps over the line ending (LF or CRLF) at i, where a line's
// content ends, and returns where the next line starts: len(data) at the
// end of the file, -1 when anything else is at i.
func nextLine(data []byte, i int) int {
	switch n := len(data); {
	case i == n:
		return i
	case data[i] == '\n':
		return i + 1
	case data[i] == '\r' && i+1 < n && data[i+1] == '\n':
		return i + 2
	}
	return -1
}

// valueQuote skips " = " (blanks around an equals sign) from i, where a
// key ends, and returns the index of the value's opening double quote, or
// -1 when the line is not key = "…".
func valueQuote(data []byte, i int) int {
	n := len(data)
	for i < n && (data[i] == ' ' || data[i] == '\t') {
		i++
	}
	if i == n || data[i] != '=' {
		return -1
	}
	i++
	for i < n && (data[i] == ' ' || data[i] == '\t') {
		i++
	}
	if i == n || data[i] != '"' {
		return -1
	}
	return i
}
