package state

import (
	"encoding/binary"
	"hash/crc32"
	"reflect"
	"testing"
)

// The segment cache file reads back what was written, and any other bytes
// (given a valid checksum, so that the parser behind it is reached) are
// refused or read without panicking.
func FuzzDecodeSegCache(f *testing.F) {
	m := map[string]segEntry{"a": {key: [16]byte{1}, enc: []byte("xyz")}, "b/c": {key: [16]byte{2}, enc: nil}}
	good := encodeSegCache(m)
	got, ok := decodeSegCache(good)
	if !ok || len(got) != 2 || got["a"].key != m["a"].key || string(got["a"].enc) != "xyz" || len(got["b/c"].enc) != 0 {
		f.Fatalf("round trip: %v %v", got, ok)
	}
	if _, ok := decodeSegCache(good[:len(good)-1]); ok {
		f.Fatal("decoded a truncated file")
	}
	f.Add(good[:len(good)-4])
	f.Add([]byte(segCacheMagic))
	f.Fuzz(func(t *testing.T, body []byte) {
		data := binary.LittleEndian.AppendUint32(append([]byte(nil), body...), crc32.Checksum(body, castagnoli()))
		m, ok := decodeSegCache(data)
		if !ok {
			return
		}
		if again, ok := decodeSegCache(encodeSegCache(m)); !ok || !reflect.DeepEqual(normal(again), normal(m)) {
			t.Fatalf("what decoded does not survive another round trip")
		}
	})
}

// normal makes empty encodings nil, as decoding gives back nothing else.
func normal(m map[string]segEntry) map[string]segEntry {
	out := map[string]segEntry{}
	for k, e := range m {
		if len(e.enc) == 0 {
			e.enc = nil
		}
		out[k] = e
	}
	return out
}
