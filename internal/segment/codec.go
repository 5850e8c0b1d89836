package segment

import (
	"encoding/binary"
	"errors"
	"slices"
	"unicode/utf8"
)

// Segmenting a document means parsing it with goldmark; reading the
// segments back from bytes that AppendBinary wrote costs a fraction of that,
// so that a segmentation can be kept between runs (folio's cache keys it by
// the document's content). The encoding is internal: varints and
// length-prefixed strings, a heading that repeats the previous segment's
// written once.

// CodecVersion changes whenever the encoding changes, so that a file
// written in an older encoding is not read as this one (folio's cache also
// keys every entry by the executable that made it).
const CodecVersion = "segments 2"

var kinds = []Kind{Heading, Paragraph, TableCell, FrontMatter}

// AppendBinary appends d's segmentation (not its Source) and its link
// reference definitions to b.
func (d *Document) AppendBinary(b []byte) []byte {
	b = slices.Grow(b, d.binarySize())
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	flags := uint64(0)
	if d.plain {
		flags |= 1
	}
	if d.DefinitionsKnown {
		flags |= 2
	}
	b = binary.AppendUvarint(b, flags)
	str(d.Newline)
	b = binary.AppendUvarint(b, uint64(len(d.Segments)))
	prevHeading := ""
	for i, s := range d.Segments {
		k := 0
		for k < len(kinds) && kinds[k] != s.Kind {
			k++
		}
		b = binary.AppendUvarint(b, uint64(k))
		b = binary.AppendUvarint(b, uint64(s.Level))
		str(s.Text)
		b = binary.AppendUvarint(b, uint64(len(s.Lines)))
		for _, l := range s.Lines {
			b = binary.AppendUvarint(b, uint64(l.Start))
			b = binary.AppendUvarint(b, uint64(l.End-l.Start))
		}
		str(s.Prefix)
		b = binary.AppendUvarint(b, uint64(s.Line))
		b = binary.AppendUvarint(b, uint64(s.EndLine-s.Line))
		if i > 0 && s.Heading == prevHeading {
			b = append(b, 0)
		} else {
			b = append(b, 1)
			str(s.Heading)
		}
		prevHeading = s.Heading
		str(s.Key)
		b = append(b, s.quote)
		if s.toml {
			b = append(b, 1)
		} else {
			b = append(b, 0)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(d.Definitions)))
	for _, def := range d.Definitions {
		str(def.Label)
		str(def.Destination)
		str(def.Title)
	}
	return b
}

// binarySize is at least the number of bytes AppendBinary appends for a
// document of lines under 3 bytes of varint (2 MiB) apart, and not far
// above it: grown from nothing, the buffer was allocated four times over
// (29 MB for M1's 7.5 MB of segment cache).
func (d *Document) binarySize() int {
	n := 2 + binary.MaxVarintLen64 + len(d.Newline)
	for i, s := range d.Segments {
		n += 12 + len(s.Text) + 6*len(s.Lines) + len(s.Prefix) + len(s.Key)
		if i == 0 || s.Heading != d.Segments[i-1].Heading {
			n += len(s.Heading)
		}
	}
	for _, def := range d.Definitions {
		n += 3 + len(def.Label) + len(def.Destination) + len(def.Title)
	}
	return n
}

var errCorrupt = errors.New("segment: corrupt encoding")

// DecodeBinary reads back, for the document src, the segmentation that
// AppendBinary wrote into data. Bytes it cannot have written — a kind it
// does not know, a line outside src, text that is not UTF-8, data left
// over — are an error; it never panics.
func DecodeBinary(src, data []byte) (*Document, error) {
	bad := false
	num := func() int {
		v, n := binary.Uvarint(data)
		if n <= 0 || v > uint64(len(src))+uint64(len(data))+1<<20 {
			bad = true
			return 0
		}
		data = data[n:]
		return int(v)
	}
	str := func() string {
		n := num()
		if bad || n > len(data) {
			bad = true
			return ""
		}
		s := string(data[:n])
		data = data[n:]
		return s
	}
	byte1 := func() byte {
		if len(data) == 0 {
			bad = true
			return 0
		}
		c := data[0]
		data = data[1:]
		return c
	}
	d := &Document{Source: src}
	flags := num()
	d.plain = flags&1 != 0
	d.DefinitionsKnown = flags&2 != 0
	d.Newline = str()
	n := num()
	if bad || flags > 3 || n > len(data) {
		return nil, errCorrupt
	}
	if n > 0 {
		d.Segments = make([]Segment, n)
	}
	prevHeading := ""
	for i := range d.Segments {
		s := &d.Segments[i]
		k := num()
		if k >= len(kinds) {
			return nil, errCorrupt
		}
		s.Kind = kinds[k]
		s.Level = num()
		s.Text = str()
		nl := num()
		if bad || nl == 0 || nl > len(data) {
			return nil, errCorrupt
		}
		s.Lines = make([]Span, nl)
		last := 0
		for j := range s.Lines {
			start := num()
			end := start + num()
			if bad || start < last || end > len(src) {
				return nil, errCorrupt
			}
			s.Lines[j] = Span{start, end}
			last = end
		}
		s.Prefix = str()
		s.Line = num()
		s.EndLine = s.Line + num()
		switch byte1() {
		case 0:
			if i == 0 {
				return nil, errCorrupt
			}
			s.Heading = prevHeading
		case 1:
			s.Heading = str()
		default:
			return nil, errCorrupt
		}
		prevHeading = s.Heading
		s.Key = str()
		s.quote = byte1()
		toml := byte1()
		s.toml = toml == 1
		if bad || toml > 1 || !utf8.ValidString(s.Text) {
			return nil, errCorrupt
		}
	}
	nd := num()
	if bad || nd > len(data) || nd > 0 && !d.DefinitionsKnown {
		return nil, errCorrupt
	}
	if nd > 0 {
		d.Definitions = make([]Definition, nd)
	}
	for i := range d.Definitions {
		def := &d.Definitions[i]
		def.Label, def.Destination, def.Title = str(), str(), str()
		if bad || !utf8.ValidString(def.Label) || !utf8.ValidString(def.Destination) || !utf8.ValidString(def.Title) {
			return nil, errCorrupt
		}
	}
	if bad || len(data) != 0 {
		return nil, errCorrupt
	}
	// Segments follow one another through the source.
	for i := 1; i < len(d.Segments); i++ {
		if d.Segments[i].Lines[0].Start < d.Segments[i-1].Lines[len(d.Segments[i-1].Lines)-1].End {
			return nil, errCorrupt
		}
	}
	return d, nil
}
