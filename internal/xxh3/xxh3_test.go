package xxh3

import (
	"math/rand/v2"
	"strconv"
	"testing"

	zeebo "github.com/zeebo/xxh3"
)

// randomBytes returns n bytes from r.
func randomBytes(r *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// The one-shot hashes are github.com/zeebo/xxh3's (the package Folio's
// caches were written with) on every length through three blocks and a
// bit, which takes every path: the short inputs, 17 to 240 bytes, one
// block or several, a last stripe inside the last block or reaching into
// the one before.
func TestSameAsZeebo(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := 0; n <= 3*blockLen+2*stripeLen+1; n++ {
		for range 3 {
			b := randomBytes(r, n)
			if got, want := Hash(b), zeebo.Hash(b); got != want {
				t.Fatalf("Hash of %d bytes = %#x, zeebo/xxh3 gives %#x", n, got, want)
			}
			got, want := Hash128(b), zeebo.Hash128(b)
			if got.Hi != want.Hi || got.Lo != want.Lo {
				t.Fatalf("Hash128 of %d bytes = %#x, zeebo/xxh3 gives %#x", n, got.Bytes(), want.Bytes())
			}
			if got.Bytes() != want.Bytes() {
				t.Fatalf("Bytes of %d bytes' hash = %x, zeebo/xxh3 gives %x", n, got.Bytes(), want.Bytes())
			}
		}
	}
	// Longer inputs, and bytes that are all the same (zeros and 0xff,
	// where a carry or a sign would show).
	for _, n := range []int{10 << 10, 64<<10 + 13, 1<<20 + 1} {
		for _, b := range [][]byte{randomBytes(r, n), make([]byte, n), filled(n, 0xff)} {
			if got, want := Hash(b), zeebo.Hash(b); got != want {
				t.Fatalf("Hash of %d bytes = %#x, zeebo/xxh3 gives %#x", n, got, want)
			}
			if got, want := Hash128(b), zeebo.Hash128(b); got.Bytes() != want.Bytes() {
				t.Fatalf("Hash128 of %d bytes = %x, zeebo/xxh3 gives %x", n, got.Bytes(), want.Bytes())
			}
		}
	}
}

func filled(n int, c byte) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = c
	}
	return b
}

// pattern returns n bytes that xxhsum can be given as well:
// python3 -c 'import sys; sys.stdout.buffer.write(bytes((i*7+i//256)%256 for i in range(N)))'.
func pattern(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte((i*7 + i/256) % 256)
	}
	return string(b)
}

// Known answers, independent of any Go package: XXH3's reference
// implementation (Debian's xxhsum -H3 and -H2) on the empty input,
// "abc", 200 bytes and 2,500 (two blocks and some).
func TestKnownAnswers(t *testing.T) {
	for _, c := range []struct {
		in     string
		h64    uint64
		h128hi uint64
		h128lo uint64
	}{
		{"", 0x2d06800538d394c2, 0x99aa06d3014798d8, 0x6001c324468d497f},
		{"abc", 0x78af5f94892f3950, 0x06b05ab6733a6185, 0x78af5f94892f3950},
		{pattern(200), 0x7c64f3b17285e96a, 0xdbfff5e13c798ab9, 0x0497bdb3d145ccd6},
		{pattern(2500), 0xeeeccc52e5ec4b99, 0xbdcce4182f01851e, 0xeeeccc52e5ec4b99},
	} {
		if got := Hash([]byte(c.in)); got != c.h64 {
			t.Errorf("Hash(%q) = %#x, want %#x", c.in, got, c.h64)
		}
		if got := Hash128([]byte(c.in)); got.Hi != c.h128hi || got.Lo != c.h128lo {
			t.Errorf("Hash128(%q) = %#x %#x, want %#x %#x", c.in, got.Hi, got.Lo, c.h128hi, c.h128lo)
		}
	}
}

// A stream written in pieces of any size sums to the one-shot hash of
// the whole, whatever its length.
func TestHasherInPieces(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	lengths := []int{0, 1, 3, 16, 17, 128, 129, 240, 241, 1023, 1024, 1025, 1087, 1088, 1089, 2048, 2049, 5000, 70000}
	for range 200 {
		lengths = append(lengths, r.IntN(5*blockLen))
	}
	for _, n := range lengths {
		b := randomBytes(r, n)
		// Pieces of one size (the whole in one Write, whole blocks,
		// whole stripes, single bytes), then of random sizes up to
		// maxPiece, written with Write or WriteString at random.
		for _, maxPiece := range []int{-len(b), -blockLen, -stripeLen, 1, 7, 64, 1000, 1025, 4000} {
			h := New()
			for rest := b; len(rest) > 0; {
				k := min(len(rest), 1+r.IntN(max(maxPiece, 1)))
				if maxPiece <= 0 {
					k = min(len(rest), -maxPiece)
				}
				if maxPiece > 0 && r.IntN(2) == 0 {
					h.WriteString(string(rest[:k]))
				} else {
					h.Write(rest[:k])
				}
				rest = rest[k:]
			}
			if got, want := h.Sum64(), Hash(b); got != want {
				t.Fatalf("%d bytes in pieces of up to %d: Sum64 = %#x, Hash = %#x", n, maxPiece, got, want)
			}
			if got, want := h.Sum128(), Hash128(b); got != want {
				t.Fatalf("%d bytes in pieces of up to %d: Sum128 = %x, Hash128 = %x", n, maxPiece, got.Bytes(), want.Bytes())
			}
			// Summing leaves the stream as it was: more can follow.
			h.Write([]byte("more"))
			if got, want := h.Sum128(), Hash128(append(b[:n:n], "more"...)); got != want {
				t.Fatalf("%d bytes then 4: Sum128 = %x, Hash128 = %x", n, got.Bytes(), want.Bytes())
			}
		}
	}
	h := New()
	h.Write([]byte("something"))
	h.Reset()
	if h.Sum64() != Hash(nil) {
		t.Fatal("Reset kept what was written")
	}
}

func FuzzSameAsZeebo(f *testing.F) {
	f.Add([]byte("abc"), uint16(1))
	f.Fuzz(func(t *testing.T, b []byte, split uint16) {
		if got, want := Hash128(b), zeebo.Hash128(b); got.Bytes() != want.Bytes() {
			t.Fatalf("Hash128 = %x, zeebo/xxh3 gives %x", got.Bytes(), want.Bytes())
		}
		if got, want := Hash(b), zeebo.Hash(b); got != want {
			t.Fatalf("Hash = %#x, zeebo/xxh3 gives %#x", got, want)
		}
		k := int(split) % (len(b) + 1)
		h := New()
		h.Write(b[:k])
		h.Write(b[k:])
		if h.Sum64() != Hash(b) || h.Sum128() != Hash128(b) {
			t.Fatal("the stream's sums are not the one-shot hashes")
		}
	})
}

// benchmarkHashes times ours against zeebo's on inputs of the sizes.
func benchmarkHashes[T any](b *testing.B, sizes []int, ours, theirs func([]byte) T) {
	for _, n := range sizes {
		data := randomBytes(rand.New(rand.NewPCG(5, 6)), n)
		for _, h := range []struct {
			name string
			f    func([]byte) T
		}{{"", ours}, {"zeebo/", theirs}} {
			b.Run(h.name+strconv.Itoa(n), func(b *testing.B) {
				b.SetBytes(int64(n))
				for b.Loop() {
					h.f(data)
				}
			})
		}
	}
}

func BenchmarkHash(b *testing.B) {
	benchmarkHashes(b, []int{50, 100, 200, 1000}, Hash, zeebo.Hash)
}

func BenchmarkHash128(b *testing.B) {
	benchmarkHashes(b, []int{100, 1000, 30000, 1 << 20},
		func(d []byte) [16]byte { return Hash128(d).Bytes() },
		func(d []byte) [16]byte { return zeebo.Hash128(d).Bytes() })
}

// stripes (SSE2 assembly on amd64) and stripesGeneric (plain Go, what
// other architectures run) accumulate the same: the one the tests above
// do not reach on this machine is held to the other.
func TestStripesGeneric(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for count := 0; count <= stripesPerB; count++ {
		b := randomBytes(r, count*stripeLen)
		for _, s := range []int{0, 8, secretSize - stripeLen - 7 - 8*max(count-1, 0)} {
			if s < 0 {
				continue
			}
			var a, g [8]uint64
			for i := range a {
				a[i] = r.Uint64()
			}
			g = a
			stripes(&a, b, s, count)
			stripesGeneric(&g, b, s, count)
			if a != g {
				t.Fatalf("%d stripes from secret byte %d: stripes gives %x, stripesGeneric %x", count, s, a, g)
			}
		}
	}
}
