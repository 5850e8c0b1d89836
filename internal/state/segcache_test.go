package state

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// segFile writes m as a segment cache file and returns a segCache on it,
// its index loaded.
func segFile(t *testing.T, data []byte) *segCache {
	t.Helper()
	path := filepath.Join(t.TempDir(), "segments.cache")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	c := &segCache{path: path, made: map[string]segEntry{}}
	c.once.Do(c.load)
	t.Cleanup(func() {
		if c.file != nil {
			c.file.Close()
		}
	})
	return c
}

// The file reads back each document's key and encoding, through an index
// read a block at a time (one of 3,000 documents is longer than the first
// block); a damaged encoding is that document's loss alone, and a damaged
// index or a file cut short is an empty cache.
func TestSegCacheFile(t *testing.T) {
	m := map[string]segEntry{}
	for i := range 3000 {
		name := fmt.Sprintf("section-%02d/a-rather-long-document-name-%04d", i%7, i)
		m[name] = segEntry{key: [16]byte{byte(i), byte(i >> 8)}, enc: bytes.Repeat([]byte{byte(i)}, i%50)}
	}
	m["empty"] = segEntry{key: [16]byte{9}}
	data := encodeSegCache(m)
	c := segFile(t, data)
	if len(c.loaded) != len(m) {
		t.Fatalf("the index holds %d documents, want %d", len(c.loaded), len(m))
	}
	for name, e := range m {
		r := c.loaded[name]
		if got := c.read(r); r.key != e.key || got == nil || !bytes.Equal(got, e.enc) {
			t.Fatalf("%s: key %x, encoding %q; want %x, %q", name, r.key, got, e.key, e.enc)
		}
	}

	// One byte of one encoding damaged: that document only.
	victim := "section-03/a-rather-long-document-name-2999"
	r := m[victim]
	damaged := bytes.Clone(data)
	damaged[c.loaded[victim].off] ^= 0x20
	c = segFile(t, damaged)
	if len(r.enc) == 0 {
		t.Fatal("the victim has no encoding to damage")
	}
	for name := range m {
		if got := c.read(c.loaded[name]); (got == nil) != (name == victim) {
			t.Fatalf("%s: read %v after damaging %s", name, got != nil, victim)
		}
	}

	// The index damaged, the file cut short, another format: empty.
	for what, d := range map[string][]byte{
		"index damaged": append(append(bytes.Clone(data[:len(segCacheMagic)+3]), data[len(segCacheMagic)+3]^1), data[len(segCacheMagic)+4:]...),
		"cut short":     data[:len(data)-1],
		"index only":    data[:c.loaded["empty"].off],
		"older format":  append([]byte("folio segments 2\n"), data[len(segCacheMagic):]...),
		"empty file":    nil,
	} {
		if c := segFile(t, d); len(c.loaded) != 0 || c.file != nil {
			t.Errorf("%s: %d documents loaded", what, len(c.loaded))
		}
	}
}

// decodeSegIndex asks for more of the file until it has the whole index,
// and answers the same for the whole file and any longer prefix.
func TestSegIndexPrefixes(t *testing.T) {
	m := map[string]segEntry{"a": {key: [16]byte{1}, enc: []byte("xyz")}, "b/c": {key: [16]byte{2}}}
	data := encodeSegCache(m)
	end := len(data) - 3
	for n := 0; n <= len(data); n++ {
		got, ok, more := decodeSegIndex(data[:n])
		if n < end && (ok || !more) {
			t.Fatalf("prefix of %d bytes (index ends at %d): ok %v, more %v", n, end, ok, more)
		}
		if n >= end && (!ok || len(got) != 2 || got["a"].off != int64(end) || got["a"].n != 3) {
			t.Fatalf("prefix of %d bytes: %v, %v", n, got, ok)
		}
	}
}

// Any bytes are refused or read without panicking, and an index that reads
// back names encodings after itself.
func FuzzDecodeSegIndex(f *testing.F) {
	good := encodeSegCache(map[string]segEntry{"a": {key: [16]byte{1}, enc: []byte("xyz")}, "b/c": {key: [16]byte{2}}})
	f.Add(good)
	f.Add(good[:len(good)-4])
	f.Add([]byte(segCacheMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, ok, _ := decodeSegIndex(data)
		if !ok {
			return
		}
		for name, r := range m {
			if r.off < int64(len(segCacheMagic)) || r.n < 0 {
				t.Fatalf("%s: at %d, %d bytes", name, r.off, r.n)
			}
		}
	})
}
