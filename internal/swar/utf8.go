package swar

import (
	"encoding/binary"
	"unicode/utf8"
)

// Valid reports whether p is valid UTF-8, as utf8.Valid does, a word of
// eight bytes at a time where the text is ASCII and two-byte characters
// (Latin letters with accents, Greek, Cyrillic, Armenian, Hebrew,
// Arabic): Go's validator goes rune by rune through such text and
// mispredicts a branch at each change between ASCII and not. Where a
// word holds the lead byte of a longer sequence (CJK, typographic
// punctuation), the next 16 to 128 bytes are left to utf8.Valid, so that
// text in those scripts costs about what it costs utf8.Valid.
//
// In a word, with hi, b6 and b5 the bytes' three top bits: a continuation
// byte is 10xxxxxx, a two-byte lead 110xxxxx (C0 and C1, overlong, are
// invalid), a longer lead 111xxxxx. Without a longer lead, the word is
// valid when its continuation bytes are exactly the bytes after its
// two-byte leads, its first byte one when the word before ended on a
// lead (carry). The words' loads do not wait for the tests: the next word
// is always eight bytes on.
func Valid(p []byte) bool {
	i := 0
	var carry uint64 // 0x80 when the word before ended on a two-byte lead
	span := 16       // the bytes left to utf8.Valid (below)
	for i+8 <= len(p) {
		x := binary.LittleEndian.Uint64(p[i:])
		hi := x & highs
		if hi == 0 {
			if carry != 0 {
				return false
			}
			// ASCII, probably more of it: 32 bytes at a time.
			q := p[i+8:]
			for len(q) >= 32 && ((binary.LittleEndian.Uint64(q)|binary.LittleEndian.Uint64(q[8:]))|
				(binary.LittleEndian.Uint64(q[16:])|binary.LittleEndian.Uint64(q[24:])))&highs == 0 {
				q = q[32:]
			}
			i = len(p) - len(q)
			continue
		}
		b6, b5 := x<<1&highs, x<<2&highs
		if hi&b6&b5 != 0 {
			// A lead of three or four bytes (or an invalid byte): from
			// the rune this word is in, up to the first rune boundary
			// after span bytes (a byte that is not a continuation; that
			// many in a row are invalid anyway). span doubles while
			// words need this (CJK text), and is 16 again after one
			// that does not (a dash or a curly quote in Latin text).
			start := i - int(carry>>7)
			end := min(start+span, len(p))
			span = min(2*span, 128)
			for end < len(p) && p[end]&0xC0 == 0x80 {
				if end--; end == start {
					return false
				}
			}
			if !utf8.Valid(p[start:end]) {
				return false
			}
			i, carry = end, 0
			continue
		}
		span = 16
		lead := hi & b6
		// C0 and C1: a two-byte lead whose bits 4 to 1 are all zero.
		if lead&^(x&0x1E1E1E1E1E1E1E1E+0x7F7F7F7F7F7F7F7F) != 0 {
			return false
		}
		// The continuation bytes are the bytes after the leads, the
		// first one after the last word's last byte.
		if lead<<8|carry != hi&^b6 {
			return false
		}
		carry = lead >> 56
		i += 8
	}
	if carry == 0 {
		for i < len(p) && p[i] < 0x80 {
			i++
		}
		if i == len(p) {
			return true
		}
	}
	return utf8.Valid(p[i-int(carry>>7):])
}
