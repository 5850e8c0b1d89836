package build

import (
	"bytes"
	"math/rand/v2"
	"os"
	"reflect"
	"testing"

	"github.com/klauspost/compress/flate"
)

// A warmed writer, reset, writes what a new one writes: the white paper's
// English source, text the noise's matches could reach (the noise
// itself), and random lengths of both, one after the other through the
// same writer as the EPUB's entries go.
func TestWarmedDeflater(t *testing.T) {
	paper, err := os.ReadFile("../../source/cyberspace.md")
	if err != nil {
		t.Fatal(err)
	}
	noise := deflateNoise()
	inputs := [][]byte{paper, noise, paper[:100], nil}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		src := [][]byte{paper, noise}[rng.IntN(2)]
		inputs = append(inputs, src[:rng.IntN(len(src))])
	}
	compress := func(fw *flate.Writer, data []byte) []byte {
		var b bytes.Buffer
		fw.Reset(&b)
		if _, err := fw.Write(data); err != nil {
			t.Fatal(err)
		}
		if err := fw.Close(); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	warm, err := warmedDeflater()
	if err != nil {
		t.Fatal(err)
	}
	for i, data := range inputs {
		fresh, err := flate.NewWriter(nil, epubDeflateLevel)
		if err != nil {
			t.Fatal(err)
		}
		if want, got := compress(fresh, data), compress(warm, data); !bytes.Equal(got, want) {
			t.Fatalf("input %d (%d bytes): the warmed writer wrote %d bytes, a new one %d", i, len(data), len(got), len(want))
		}
	}
}

// writeFirst finds the level's hash tables (384 KB at level 6: a version
// of klauspost/compress that moves them makes it find nothing, and this
// test says so), and a writer it went over compresses as a new one (a
// version whose new tables are not all zeros would fail here).
func TestWriteFirst(t *testing.T) {
	plain, err := flate.NewWriter(nil, epubDeflateLevel)
	if err != nil {
		t.Fatal(err)
	}
	touched, err := flate.NewWriter(nil, epubDeflateLevel)
	if err != nil {
		t.Fatal(err)
	}
	if n := writeFirst(touched); n < 384<<10 {
		t.Fatalf("writeFirst wrote %d bytes of the encoder's tables, want at least %d", n, 384<<10)
	}
	paper, err := os.ReadFile("../../source/cyberspace.md")
	if err != nil {
		t.Fatal(err)
	}
	for i, data := range [][]byte{paper, deflateNoise(), paper[:1000], nil} {
		var a, b bytes.Buffer
		for _, c := range []struct {
			fw  *flate.Writer
			out *bytes.Buffer
		}{{plain, &a}, {touched, &b}} {
			c.fw.Reset(c.out)
			if _, err := c.fw.Write(data); err != nil {
				t.Fatal(err)
			}
			if err := c.fw.Close(); err != nil {
				t.Fatal(err)
			}
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatalf("input %d: %d bytes after writeFirst, %d from a new writer", i, b.Len(), a.Len())
		}
	}
}

// pointerFree tells the tables writeFirst may clear from anything the
// garbage collector must see.
func TestPointerFree(t *testing.T) {
	type entry struct{ a, b int32 }
	for _, c := range []struct {
		v    any
		want bool
	}{
		{[4]entry{}, true},
		{[2][3]uint16{}, true},
		{[4]*int{}, false},
		{[2]struct {
			a int
			s []byte
		}{}, false},
		{[1]string{}, false},
	} {
		if got := pointerFree(reflect.TypeOf(c.v)); got != c.want {
			t.Errorf("pointerFree(%T) = %v, want %v", c.v, got, c.want)
		}
	}
}
