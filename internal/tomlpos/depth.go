package tomlpos

import "unicode/utf8"

// MaxNesting is how deeply arrays and inline tables may nest in a file
// Folio reads. BurntSushi/toml parses them recursively, and a file of
// millions of "[" (well under the size limit) overflows the stack, a
// fatal error no recover can catch; no catalog nests them at all.
const MaxNesting = 64

// TooDeep reports where the first array or inline table opens past
// MaxNesting levels, skipping strings and comments; ok is false when the
// file nests no deeper.
func TooDeep(data []byte) (at Pos, ok bool) {
	line, col, depth := 1, 1, 0
	advance := func(i int) {
		r, _ := utf8.DecodeRune(data[i:])
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	// skip advances over n bytes from i, keeping the position.
	skip := func(i, n int) int {
		end, j := min(i+n, len(data)), i
		for j < end {
			_, size := utf8.DecodeRune(data[j:])
			advance(j)
			j += size
		}
		return j
	}
	has := func(i int, s string) bool { return len(data)-i >= len(s) && string(data[i:i+len(s)]) == s }
	for i := 0; i < len(data); {
		switch c := data[i]; {
		case c == '#':
			for i < len(data) && data[i] != '\n' {
				i = skip(i, 1)
			}
		case has(i, `"""`) || has(i, `'''`):
			q := string(data[i : i+3])
			i = skip(i, 3)
			for i < len(data) && !has(i, q) {
				if q == `"""` && data[i] == '\\' {
					i = skip(i, 1)
				}
				i = skip(i, 1)
			}
			i = skip(i, 3)
		case c == '"' || c == '\'':
			i = skip(i, 1)
			for i < len(data) && data[i] != c && data[i] != '\n' {
				if c == '"' && data[i] == '\\' {
					i = skip(i, 1)
				}
				i = skip(i, 1)
			}
			i = skip(i, 1)
		case c == '[' || c == '{':
			depth++
			if depth > MaxNesting {
				return Pos{line, col}, true
			}
			i = skip(i, 1)
		case c == ']' || c == '}':
			if depth > 0 {
				depth--
			}
			i = skip(i, 1)
		default:
			i = skip(i, 1)
		}
	}
	return Pos{}, false
}
