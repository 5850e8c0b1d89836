// Package xxh3 holds the XXH3 hash (64 and 128 bits, the default secret,
// seed 0) that Folio's caches key and check their contents with: one-shot
// (Hash, Hash128) and streaming (Hasher).
//
// It replaces github.com/zeebo/xxh3, whose results it gives bit for bit
// (the tests compare the two on every length through three blocks and on
// random splits of a stream), so that caches written before read the
// same. That package picks its vector code with klauspost/cpuid, whose
// package initialisation probes the processor with dozens of CPUID
// instructions — each trapped by the hypervisor in a virtual machine — in
// every Folio process, whatever the command: 0.8 ms of a start that took
// 7 ms on this project's machine. This one needs no probe: its loop over
// long inputs is SSE2 assembly (stripes_amd64.s), which every amd64
// processor has, at about 12 GB/s against zeebo's 40 GB/s with AVX2 — a
// few milliseconds of CPU for a first run that reads tens of megabytes,
// against the 0.7 ms every process saves — and plain Go elsewhere
// (6 GB/s).
//
// The algorithm is XXH3 as its authors specify it (github.com/Cyan4973/
// xxHash, doc/xxhash_spec.md); the comments name its steps.
//
// The package imports the standard library.
package xxh3

import (
	"encoding/binary"
	"math/bits"
)

const (
	prime32_1 = 0x9E3779B1
	prime32_2 = 0x85EBCA77
	prime32_3 = 0xC2B2AE3D
	prime64_1 = 0x9E3779B185EBCA87
	prime64_2 = 0xC2B2AE3D27D4EB4F
	prime64_3 = 0x165667B19E3779F9
	prime64_4 = 0x85EBCA77C2B2AE63
	prime64_5 = 0x27D4EB2F165667C5
	primeMX1  = 0x165667919E3779F9
	primeMX2  = 0x9FB21C651E98DF25

	stripeLen   = 64
	secretSize  = 192
	stripesPerB = (secretSize - stripeLen) / 8 // stripes in a block: 16
	blockLen    = stripesPerB * stripeLen      // 1024
	midMax      = 240                          // longest input hashed without accumulators
)

// secret is XXH3's default secret (kSecret).
var secret = [secretSize]byte{
	0xb8, 0xfe, 0x6c, 0x39, 0x23, 0xa4, 0x4b, 0xbe, 0x7c, 0x01, 0x81, 0x2c, 0xf7, 0x21, 0xad, 0x1c,
	0xde, 0xd4, 0x6d, 0xe9, 0x83, 0x90, 0x97, 0xdb, 0x72, 0x40, 0xa4, 0xa4, 0xb7, 0xb3, 0x67, 0x1f,
	0xcb, 0x79, 0xe6, 0x4e, 0xcc, 0xc0, 0xe5, 0x78, 0x82, 0x5a, 0xd0, 0x7d, 0xcc, 0xff, 0x72, 0x21,
	0xb8, 0x08, 0x46, 0x74, 0xf7, 0x43, 0x24, 0x8e, 0xe0, 0x35, 0x90, 0xe6, 0x81, 0x3a, 0x26, 0x4c,
	0x3c, 0x28, 0x52, 0xbb, 0x91, 0xc3, 0x00, 0xcb, 0x88, 0xd0, 0x65, 0x8b, 0x1b, 0x53, 0x2e, 0xa3,
	0x71, 0x64, 0x48, 0x97, 0xa2, 0x0d, 0xf9, 0x4e, 0x38, 0x19, 0xef, 0x46, 0xa9, 0xde, 0xac, 0xd8,
	0xa8, 0xfa, 0x76, 0x3f, 0xe3, 0x9c, 0x34, 0x3f, 0xf9, 0xdc, 0xbb, 0xc7, 0xc7, 0x0b, 0x4f, 0x1d,
	0x8a, 0x51, 0xe0, 0x4b, 0xcd, 0xb4, 0x59, 0x31, 0xc8, 0x9f, 0x7e, 0xc9, 0xd9, 0x78, 0x73, 0x64,
	0xea, 0xc5, 0xac, 0x83, 0x34, 0xd3, 0xeb, 0xc3, 0xc5, 0x81, 0xa0, 0xff, 0xfa, 0x13, 0x63, 0xeb,
	0x17, 0x0d, 0xdd, 0x51, 0xb7, 0xf0, 0xda, 0x49, 0xd3, 0x16, 0x55, 0x26, 0x29, 0xd4, 0x68, 0x9e,
	0x2b, 0x16, 0xbe, 0x58, 0x7d, 0x47, 0xa1, 0xfc, 0x8f, 0xf8, 0xb8, 0xd1, 0x7a, 0xd0, 0x31, 0xce,
	0x45, 0xcb, 0x3a, 0x8f, 0x95, 0x16, 0x04, 0x28, 0xaf, 0xd7, 0xfb, 0xca, 0xbb, 0x4b, 0x40, 0x7e,
}

// Uint128 is a 128-bit hash: Hi<<64 | Lo.
type Uint128 struct {
	Hi, Lo uint64
}

// Bytes returns u in XXH3's canonical form (big-endian).
func (u Uint128) Bytes() [16]byte {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], u.Hi)
	binary.BigEndian.PutUint64(b[8:], u.Lo)
	return b
}

// Hash returns the 64-bit XXH3 of b.
func Hash(b []byte) uint64 {
	switch n := len(b); {
	case n <= 16:
		return hash64Short(b)
	case n <= 128:
		return hash64Upto128(b)
	case n <= midMax:
		return hash64Upto240(b)
	default:
		acc := initAccs
		accumulateAll(&acc, b)
		return merge64(&acc, uint64(n))
	}
}

// Hash128 returns the 128-bit XXH3 of b.
func Hash128(b []byte) Uint128 {
	switch n := len(b); {
	case n <= 16:
		return hash128Short(b)
	case n <= 128:
		return hash128Upto128(b)
	case n <= midMax:
		return hash128Upto240(b)
	default:
		acc := initAccs
		accumulateAll(&acc, b)
		return merge128(&acc, uint64(n))
	}
}

func u32(b []byte, i int) uint64 { return uint64(binary.LittleEndian.Uint32(b[i:])) }
func u64(b []byte, i int) uint64 { return binary.LittleEndian.Uint64(b[i:]) }
func s32(i int) uint64           { return u32(secret[:], i) }
func s64(i int) uint64           { return u64(secret[:], i) }

// fold64 is mul128_fold64: the 128-bit product's halves xored.
func fold64(x, y uint64) uint64 {
	hi, lo := bits.Mul64(x, y)
	return hi ^ lo
}

// avalanche is XXH3_avalanche.
func avalanche(h uint64) uint64 {
	h ^= h >> 37
	h *= primeMX1
	return h ^ h>>32
}

// avalanche64 is XXH64's final mix.
func avalanche64(h uint64) uint64 {
	h ^= h >> 33
	h *= prime64_2
	h ^= h >> 29
	h *= prime64_3
	return h ^ h>>32
}

// rrmxmx is the final mix of 4-to-8-byte inputs.
func rrmxmx(h, n uint64) uint64 {
	h ^= bits.RotateLeft64(h, 49) ^ bits.RotateLeft64(h, 24)
	h *= primeMX2
	h ^= h>>35 + n
	h *= primeMX2
	return h ^ h>>28
}

// words returns the two little-endian words of b at i (one bounds check).
func words(b []byte, i int) (uint64, uint64) {
	w := (*[16]byte)(b[i:])
	return binary.LittleEndian.Uint64(w[:8]), binary.LittleEndian.Uint64(w[8:])
}

// mix16 is mix16B: 16 bytes of input against 16 of the secret.
func mix16(b []byte, i, s int) uint64 {
	lo, hi := words(b, i)
	return fold64(lo^s64(s), hi^s64(s+8))
}

// small3 combines the bytes of a 1-to-3-byte input.
func small3(b []byte) uint64 {
	n := len(b)
	return uint64(b[0])<<16 | uint64(b[n>>1])<<24 | uint64(b[n-1]) | uint64(n)<<8
}

func hash64Short(b []byte) uint64 {
	n := len(b)
	switch {
	case n > 8:
		lo := u64(b, 0) ^ (s64(24) ^ s64(32))
		hi := u64(b, n-8) ^ (s64(40) ^ s64(48))
		return avalanche(uint64(n) + bits.ReverseBytes64(lo) + hi + fold64(lo, hi))
	case n >= 4:
		in := u32(b, n-4) + u32(b, 0)<<32
		return rrmxmx(in^(s64(8)^s64(16)), uint64(n))
	case n > 0:
		return avalanche64(small3(b) ^ (s32(0) ^ s32(4)))
	default:
		return avalanche64(s64(56) ^ s64(64))
	}
}

func hash64Upto128(b []byte) uint64 {
	// Rounds from the outside in: the first and last 16 bytes, then
	// the 16 within each while they do not overlap (the reference's
	// nested tests on the length, which only add).
	n := len(b)
	acc := uint64(n) * prime64_1
	for r := range (n-1)/32 + 1 {
		i0, i1 := words(b, 16*r)
		j0, j1 := words(b, n-16-16*r)
		k := (*[32]byte)(secret[32*r:])
		acc += fold64(i0^binary.LittleEndian.Uint64(k[0:8]), i1^binary.LittleEndian.Uint64(k[8:16]))
		acc += fold64(j0^binary.LittleEndian.Uint64(k[16:24]), j1^binary.LittleEndian.Uint64(k[24:32]))
	}
	return avalanche(acc)
}

func hash64Upto240(b []byte) uint64 {
	n := len(b)
	acc := uint64(n) * prime64_1
	head := (*[128]byte)(b)
	for i := range 8 {
		k := (*[16]byte)(secret[16*i:])
		v := (*[16]byte)(head[16*i:])
		acc += fold64(binary.LittleEndian.Uint64(v[0:8])^binary.LittleEndian.Uint64(k[0:8]),
			binary.LittleEndian.Uint64(v[8:16])^binary.LittleEndian.Uint64(k[8:16]))
	}
	acc = avalanche(acc)
	for i := 8; i < n/16; i++ {
		acc += mix16(b, 16*i, 16*(i-8)+3)
	}
	acc += mix16(b, n-16, 136-17)
	return avalanche(acc)
}

func hash128Short(b []byte) Uint128 {
	n := len(b)
	switch {
	case n > 8:
		lo, hi := u64(b, 0), u64(b, n-8)
		mh, ml := bits.Mul64(lo^hi^(s64(32)^s64(40)), prime64_1)
		ml += uint64(n-1) << 54
		hi ^= s64(48) ^ s64(56)
		mh += hi + uint64(uint32(hi))*(prime32_2-1)
		ml ^= bits.ReverseBytes64(mh)
		h, l := bits.Mul64(ml, prime64_2)
		h += mh * prime64_2
		return Uint128{Hi: avalanche(h), Lo: avalanche(l)}
	case n >= 4:
		in := u32(b, 0) + u32(b, n-4)<<32
		h, l := bits.Mul64(in^(s64(16)^s64(24)), prime64_1+uint64(n)<<2)
		h += l << 1
		l ^= h >> 3
		l ^= l >> 35
		l *= primeMX2
		l ^= l >> 28
		return Uint128{Hi: avalanche(h), Lo: l}
	case n > 0:
		c := small3(b)
		ch := uint64(bits.RotateLeft32(bits.ReverseBytes32(uint32(c)), 13))
		return Uint128{Hi: avalanche64(ch ^ (s32(8) ^ s32(12))), Lo: avalanche64(c ^ (s32(0) ^ s32(4)))}
	default:
		return Uint128{Hi: avalanche64(s64(80) ^ s64(88)), Lo: avalanche64(s64(64) ^ s64(72))}
	}
}

// mix32 is mix32B: two 16-byte pieces of input (at i and j) against 32
// bytes of the secret from s, into both halves of acc. Too big for Go to
// inline, it costs a call per 32 bytes; hash128Upto128 has it written
// out (100 bytes in 30 ns instead of 48).
func mix32(acc *Uint128, b []byte, i, j, s int) {
	i0, i1 := words(b, i)
	j0, j1 := words(b, j)
	acc.Lo += fold64(i0^s64(s), i1^s64(s+8))
	acc.Lo ^= j0 + j1
	acc.Hi += fold64(j0^s64(s+16), j1^s64(s+24))
	acc.Hi ^= i0 + i1
}

// final128 is the last step of the 17-to-240-byte 128-bit hashes.
func final128(acc Uint128, n int) Uint128 {
	lo := acc.Lo + acc.Hi
	hi := acc.Lo*prime64_1 + acc.Hi*prime64_4 + uint64(n)*prime64_2
	return Uint128{Hi: -avalanche(hi), Lo: avalanche(lo)}
}

func hash128Upto128(b []byte) Uint128 {
	// Rounds from the inside out, as the reference's nested tests on
	// the length make them (here the order matters: they add and xor).
	n := len(b)
	lo, hi := uint64(n)*prime64_1, uint64(0)
	for r := (n - 1) / 32; r >= 0; r-- {
		// mix32(&acc, b, 16*r, n-16-16*r, 32*r)
		i0, i1 := words(b, 16*r)
		j0, j1 := words(b, n-16-16*r)
		k := (*[32]byte)(secret[32*r:])
		lo += fold64(i0^binary.LittleEndian.Uint64(k[0:8]), i1^binary.LittleEndian.Uint64(k[8:16]))
		lo ^= j0 + j1
		hi += fold64(j0^binary.LittleEndian.Uint64(k[16:24]), j1^binary.LittleEndian.Uint64(k[24:32]))
		hi ^= i0 + i1
	}
	return final128(Uint128{Hi: hi, Lo: lo}, n)
}

func hash128Upto240(b []byte) Uint128 {
	n := len(b)
	acc := Uint128{Lo: uint64(n) * prime64_1}
	for i := range 4 {
		mix32(&acc, b, 32*i, 32*i+16, 32*i)
	}
	acc.Lo, acc.Hi = avalanche(acc.Lo), avalanche(acc.Hi)
	for i := 4; i < n/32; i++ {
		mix32(&acc, b, 32*i, 32*i+16, 32*(i-4)+3)
	}
	mix32(&acc, b, n-16, n-32, 136-17-16)
	return final128(acc, n)
}

// initAccs are the accumulators' starting values for long inputs.
var initAccs = [8]uint64{prime32_3, prime64_1, prime64_2, prime64_3, prime64_4, prime32_2, prime64_5, prime32_1}

// stripesGeneric is XXH3_accumulate_512 over count 64-byte stripes of b,
// the secret read from s on, 8 bytes further for each stripe: each lane's
// input word goes to its neighbour's accumulator, and the product of the
// halves of input xor secret to its own. Written out lane by lane, with
// the accumulators in registers: a loop over lanes cost a bounds check
// per load and ran at 3 GB/s instead of 6. On amd64, stripes is the same
// in SSE2 (stripes_amd64.s).
func stripesGeneric(acc *[8]uint64, b []byte, s, count int) {
	a0, a1, a2, a3, a4, a5, a6, a7 := acc[0], acc[1], acc[2], acc[3], acc[4], acc[5], acc[6], acc[7]
	for i := range count {
		p := (*[stripeLen]byte)(b[i*stripeLen:])
		k := (*[stripeLen]byte)(secret[s+8*i:])
		v0 := binary.LittleEndian.Uint64(p[0:8])
		v1 := binary.LittleEndian.Uint64(p[8:16])
		v2 := binary.LittleEndian.Uint64(p[16:24])
		v3 := binary.LittleEndian.Uint64(p[24:32])
		v4 := binary.LittleEndian.Uint64(p[32:40])
		v5 := binary.LittleEndian.Uint64(p[40:48])
		v6 := binary.LittleEndian.Uint64(p[48:56])
		v7 := binary.LittleEndian.Uint64(p[56:64])
		k0 := v0 ^ binary.LittleEndian.Uint64(k[0:8])
		k1 := v1 ^ binary.LittleEndian.Uint64(k[8:16])
		k2 := v2 ^ binary.LittleEndian.Uint64(k[16:24])
		k3 := v3 ^ binary.LittleEndian.Uint64(k[24:32])
		k4 := v4 ^ binary.LittleEndian.Uint64(k[32:40])
		k5 := v5 ^ binary.LittleEndian.Uint64(k[40:48])
		k6 := v6 ^ binary.LittleEndian.Uint64(k[48:56])
		k7 := v7 ^ binary.LittleEndian.Uint64(k[56:64])
		a0 += v1 + uint64(uint32(k0))*(k0>>32)
		a1 += v0 + uint64(uint32(k1))*(k1>>32)
		a2 += v3 + uint64(uint32(k2))*(k2>>32)
		a3 += v2 + uint64(uint32(k3))*(k3>>32)
		a4 += v5 + uint64(uint32(k4))*(k4>>32)
		a5 += v4 + uint64(uint32(k5))*(k5>>32)
		a6 += v7 + uint64(uint32(k6))*(k6>>32)
		a7 += v6 + uint64(uint32(k7))*(k7>>32)
	}
	acc[0], acc[1], acc[2], acc[3], acc[4], acc[5], acc[6], acc[7] = a0, a1, a2, a3, a4, a5, a6, a7
}

// scramble is XXH3_scrambleAcc, with the secret's last 64 bytes.
func scramble(acc *[8]uint64) {
	for l := range acc {
		a := acc[l]
		a ^= a >> 47
		a ^= s64(secretSize - stripeLen + 8*l)
		acc[l] = a * prime32_1
	}
}

// block accumulates one 1024-byte block of b and scrambles.
func block(acc *[8]uint64, b []byte) {
	stripes(acc, b[:blockLen], 0, stripesPerB)
	scramble(acc)
}

// accumulateAll is hashLong's accumulation over a whole input of more
// than 240 bytes: every block but the last, scrambled after each; the
// stripes of the last; then its last 64 bytes, which may overlap them.
func accumulateAll(acc *[8]uint64, b []byte) {
	n := len(b)
	blocks := (n - 1) / blockLen
	for i := range blocks {
		block(acc, b[i*blockLen:])
	}
	tail(acc, b[blocks*blockLen:], b[n-stripeLen:])
}

// tail accumulates the stripes of the last block (rest, 1 to 1024 bytes)
// but its last, then last, the input's final 64 bytes.
func tail(acc *[8]uint64, rest, last []byte) {
	stripes(acc, rest, 0, (len(rest)-1)/stripeLen)
	stripes(acc, last, secretSize-stripeLen-7, 1)
}

// mergeAccs folds the accumulators into 64 bits.
func mergeAccs(acc *[8]uint64, s int, start uint64) uint64 {
	r := start
	for i := range 4 {
		r += fold64(acc[2*i]^s64(s+16*i), acc[2*i+1]^s64(s+16*i+8))
	}
	return avalanche(r)
}

// mergeStart is where in the secret the low (and 64-bit) merge reads;
// the high half's merge reads as far from the secret's last stripe.
const mergeStart = 11

// merge64 is the 64-bit hash of n bytes from its accumulators.
func merge64(acc *[8]uint64, n uint64) uint64 {
	return mergeAccs(acc, mergeStart, n*prime64_1)
}

// merge128 is the 128-bit hash of n bytes from its accumulators: its low
// half is merge64's.
func merge128(acc *[8]uint64, n uint64) Uint128 {
	return Uint128{
		Hi: mergeAccs(acc, secretSize-stripeLen-mergeStart, ^(n * prime64_2)),
		Lo: merge64(acc, n),
	}
}

// Hasher computes XXH3 over a stream: its sums are Hash's and Hash128's
// of everything written, in one piece.
type Hasher struct {
	acc   [8]uint64
	buf   [blockLen]byte // the current block, buf[:n] written
	n     int
	total uint64
	// prev holds the last 64 bytes of the last block accumulated: the
	// input's final stripe reaches into it when fewer than 64 bytes
	// follow.
	prev [stripeLen]byte
}

// New returns a Hasher with nothing written.
func New() *Hasher {
	h := &Hasher{}
	h.Reset()
	return h
}

// Reset forgets everything written.
func (h *Hasher) Reset() {
	h.acc, h.n, h.total = initAccs, 0, 0
}

// Write adds p to the stream; it never fails.
func (h *Hasher) Write(p []byte) (int, error) {
	written := len(p)
	h.total += uint64(len(p))
	// A full block is accumulated only once a byte follows it: the last
	// block of the input, full or not, is tail's.
	if h.n > 0 {
		k := copy(h.buf[h.n:], p)
		h.n += k
		p = p[k:]
		if len(p) == 0 {
			return written, nil
		}
		block(&h.acc, h.buf[:])
		copy(h.prev[:], h.buf[blockLen-stripeLen:])
		h.n = 0
	}
	for len(p) > blockLen {
		block(&h.acc, p)
		copy(h.prev[:], p[blockLen-stripeLen:blockLen])
		p = p[blockLen:]
	}
	h.n = copy(h.buf[:], p)
	return written, nil
}

// WriteString is Write of a string.
func (h *Hasher) WriteString(s string) (int, error) {
	written := len(s)
	for len(s) > 0 {
		var chunk [256]byte
		k := copy(chunk[:], s)
		h.Write(chunk[:k])
		s = s[k:]
	}
	return written, nil
}

// long returns the accumulators of the whole stream (of more than 240
// bytes), leaving h as it is.
func (h *Hasher) long() [8]uint64 {
	acc := h.acc
	rest := h.buf[:h.n]
	var last [stripeLen]byte
	if h.n >= stripeLen {
		copy(last[:], rest[h.n-stripeLen:])
	} else {
		copy(last[:], h.prev[h.n:])
		copy(last[stripeLen-h.n:], rest)
	}
	tail(&acc, rest, last[:])
	return acc
}

// Sum64 returns Hash of everything written.
func (h *Hasher) Sum64() uint64 {
	if h.total <= midMax {
		return Hash(h.buf[:h.n])
	}
	acc := h.long()
	return merge64(&acc, h.total)
}

// Sum128 returns Hash128 of everything written.
func (h *Hasher) Sum128() Uint128 {
	if h.total <= midMax {
		return Hash128(h.buf[:h.n])
	}
	acc := h.long()
	return merge128(&acc, h.total)
}
