package build

import (
	"bytes"
	"math/rand/v2"
	"os"
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
