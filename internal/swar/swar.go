// Package swar holds word-at-a-time byte tests ("SIMD within a
// register"): eight bytes of a string read as one number and tested at
// once, so that a scan for rare bytes (control characters, quotes,
// brackets) looks at most text eight bytes at a step and only the words
// a test flags byte by byte; and a UTF-8 validator built the same way
// (utf8.go).
//
// Each test returns a mask with the high bit set in every byte it finds,
// possibly also in bytes after the first one found (a borrow carries on
// from a byte that matched, never from one that did not): the mask is
// zero exactly when no byte matches, and its lowest set bit marks the
// first match. Callers that need more than "none here" look at the
// flagged word byte by byte.
package swar

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// Word returns the eight bytes of s from i as a little-endian number (the
// compiler makes it one load). s must hold i+8 bytes.
func Word(s string, i int) uint64 {
	return uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
		uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
}

// Less flags the bytes of x below n, which must be at most 0x7F (with
// 0x80, a borrow could clear the flag of a zero byte after the first).
func Less(x uint64, n byte) uint64 {
	return (x - uint64(n)*ones) &^ x & highs
}

// Equal flags the bytes of x equal to b.
func Equal(x uint64, b byte) uint64 {
	y := x ^ uint64(b)*ones
	return (y - ones) &^ y & highs
}
