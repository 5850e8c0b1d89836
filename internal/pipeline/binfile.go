package pipeline

import "encoding/binary"

// binReader reads the length-prefixed strings and varints of Folio's
// binary cache files (build.cache, extract.cache, stamps.cache,
// status.cache). A read past the end or of a malformed varint marks the
// reader bad, and every later read gives a zero value: a decoder reads
// on and checks ok once.
type binReader struct {
	rest []byte
	bad  bool
}

// ok reports whether every read so far was whole.
func (r *binReader) ok() bool { return !r.bad }

// more reports whether bytes are left and every read so far was whole.
func (r *binReader) more() bool { return !r.bad && len(r.rest) > 0 }

func (r *binReader) uvarint() uint64 {
	if r.bad {
		return 0
	}
	n, k := binary.Uvarint(r.rest)
	if k <= 0 {
		r.bad = true
		return 0
	}
	r.rest = r.rest[k:]
	return n
}

func (r *binReader) varint() int64 {
	if r.bad {
		return 0
	}
	n, k := binary.Varint(r.rest)
	if k <= 0 {
		r.bad = true
		return 0
	}
	r.rest = r.rest[k:]
	return n
}

// fixed reads the next n bytes.
func (r *binReader) fixed(n int) []byte {
	if r.bad || n > len(r.rest) {
		r.bad = true
		return nil
	}
	b := r.rest[:n:n]
	r.rest = r.rest[n:]
	return b
}

// count reads a length or a number of entries, which cannot exceed the
// bytes left.
func (r *binReader) count() int {
	n := r.uvarint()
	if n > uint64(len(r.rest)) {
		r.bad = true
		return 0
	}
	return int(n)
}

// str reads a length-prefixed string.
func (r *binReader) str() string { return string(r.fixed(r.count())) }

// appendStr appends s, length-prefixed, as binReader.str reads it.
func appendStr(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}
