package swar

import (
	"math/rand/v2"
	"testing"
)

// check compares the mask got of a test on x with what looking at each
// byte gives: want says which bytes match.
func check(t *testing.T, name string, x, got uint64, want func(byte) bool) {
	t.Helper()
	first := -1
	for k := range 8 {
		if want(byte(x >> (8 * k))) {
			first = k
			break
		}
	}
	switch {
	case first < 0 && got != 0:
		t.Fatalf("%s(%#016x) = %#016x, want 0", name, x, got)
	case first >= 0 && (got == 0 || got&-got != 0x80<<(8*first)):
		t.Fatalf("%s(%#016x) = %#016x, want its lowest bit on byte %d", name, x, got, first)
	case got&^highs != 0:
		t.Fatalf("%s(%#016x) = %#016x: bits other than the bytes' high ones", name, x, got)
	}
	// Every matching byte is flagged.
	for k := range 8 {
		if want(byte(x>>(8*k))) && got&(0x80<<(8*k)) == 0 {
			t.Fatalf("%s(%#016x) = %#016x: byte %d not flagged", name, x, got, k)
		}
	}
}

// words returns random words, most of them made of bytes near the ones
// the tests look for (so that matches, borrows and near misses are
// frequent), and a byte at each position of an otherwise plain word.
func words(r *rand.Rand) []uint64 {
	near := []byte{0x00, 0x01, 0x09, 0x0a, 0x1f, 0x20, 0x21, '"', '[', '\\', ']', '^', 0x7e, 0x7f, 0x80, 0x81, 0x9f, 0xa0, 0xc1, 0xc2, 0xc3, 0xfe, 0xff}
	var ws []uint64
	for range 200000 {
		var x uint64
		for k := range 8 {
			var b byte
			if r.IntN(3) == 0 {
				b = byte(r.Uint32())
			} else {
				b = near[r.IntN(len(near))]
			}
			x |= uint64(b) << (8 * k)
		}
		ws = append(ws, x)
	}
	for b := range 256 {
		for k := range 8 {
			ws = append(ws, 0x6161616161616161&^(0xff<<(8*k))|uint64(b)<<(8*k))
		}
	}
	return ws
}

func TestLessAndEqual(t *testing.T) {
	ws := words(rand.New(rand.NewPCG(19, 1)))
	for _, n := range []byte{0, 1, 0x20, 0x21, 0x5b, 0x7e, 0x7f} {
		for _, x := range ws {
			check(t, "Less", x, Less(x, n), func(b byte) bool { return b < n })
		}
	}
	for _, c := range []byte{0, 1, 0x7f, 0x80, 0xc2, 0xff, '[', ']'} {
		for _, x := range ws {
			check(t, "Equal", x, Equal(x, c), func(b byte) bool { return b == c })
		}
	}
}

func TestWord(t *testing.T) {
	s := "\x01\x02\x03\x04\x05\x06\x07\x08\x09"
	if got := Word(s, 0); got != 0x0807060504030201 {
		t.Fatalf("Word(s, 0) = %#x", got)
	}
	if got := Word(s, 1); got != 0x0908070605040302 {
		t.Fatalf("Word(s, 1) = %#x", got)
	}
}
