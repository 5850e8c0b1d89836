package pipeline

import (
	"bufio"
	"container/heap"
	"encoding/binary"
	"errors"
	"io"
	"os"

	"folio/internal/check"
)

// folio check streams its diagnostics: a large project has millions of
// them (warnings mostly), more than memory should hold. Each unit's
// diagnostics are sorted as check.Merge sorts them and, beyond the first
// checkMemLimit of a run, written to a file (the new check cache, or a
// temporary spill file when the cache is off) as one record; a unit that
// the cache holds is a record of the cache read. A k-way merge of the
// units' records (container/heap), by file, line and column and then by
// unit order, then gives exactly the order of check.Merge over every
// unit: a stable sort of the units' diagnostics concatenated in unit
// order. Memory holds the per-unit index, a buffer per unit and a batch.

// checkMemLimit is how many diagnostics of the units checked in a run are
// kept in memory (they are also written when the cache is saved); the
// others are read back from the file they were written to. A small
// project never reads back its own diagnostics. Tests lower it.
var checkMemLimit = 50000

// errCheckCorrupt is a record that does not decode (a cache read is
// verified first, so this is a file changed under the run).
var errCheckCorrupt = errors.New("a record of .folio/cache/" + checkCacheFile + " or of a spill file does not decode (changed during the run?)")

// A record's body is its diagnostics one after the other. File, severity,
// check and locale are strings of the record's table: an index, and the
// string itself after an index one past the table's end (its first use).
// Line and column are zig-zag varints; ID and message are a length and
// their bytes.

// diagEncoder encodes one record.
type diagEncoder struct{ table map[string]uint64 }

func encodeDiagnostics(ds []check.Diagnostic) []byte {
	e := diagEncoder{table: map[string]uint64{}}
	// The record's size, near enough: grown from nothing, the buffer was
	// copied a dozen times for a unit of a thousand warnings (2 % of
	// M10's check with its cache empty).
	n := 0
	for _, d := range ds {
		n += len(d.ID) + len(d.Message) + 16
	}
	b := make([]byte, 0, n)
	for _, d := range ds {
		b = e.tabled(b, d.File)
		b = e.tabled(b, string(d.Severity))
		b = e.tabled(b, d.Check)
		b = e.tabled(b, d.Locale)
		b = binary.AppendVarint(b, int64(d.Line))
		b = binary.AppendVarint(b, int64(d.Column))
		b = appendString(b, d.ID)
		b = appendString(b, d.Message)
	}
	return b
}

func (e *diagEncoder) tabled(b []byte, s string) []byte {
	if i, ok := e.table[s]; ok {
		return binary.AppendUvarint(b, i)
	}
	i := uint64(len(e.table))
	e.table[s] = i
	return appendString(binary.AppendUvarint(b, i), s)
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// diagDecoder decodes one record from r, which ends where the record ends.
type diagDecoder struct {
	r     *bufio.Reader
	size  uint64 // the record's size: no string is longer
	table []string
	buf   []byte
}

func (d *diagDecoder) next() (check.Diagnostic, error) {
	var x check.Diagnostic
	var sev string
	var err error
	for _, s := range []*string{&x.File, &sev, &x.Check, &x.Locale} {
		if *s, err = d.tabled(); err != nil {
			return x, err
		}
	}
	x.Severity = check.Severity(sev)
	for _, n := range []*int{&x.Line, &x.Column} {
		v, err := binary.ReadVarint(d.r)
		if err != nil {
			return x, errCheckCorrupt
		}
		*n = int(v)
	}
	if x.ID, err = d.str(); err != nil {
		return x, err
	}
	x.Message, err = d.str()
	return x, err
}

func (d *diagDecoder) tabled() (string, error) {
	i, err := binary.ReadUvarint(d.r)
	switch {
	case err != nil:
		return "", errCheckCorrupt
	case i < uint64(len(d.table)):
		return d.table[i], nil
	case i > uint64(len(d.table)):
		return "", errCheckCorrupt
	}
	s, err := d.str()
	if err == nil {
		d.table = append(d.table, s)
	}
	return s, err
}

func (d *diagDecoder) str() (string, error) {
	n, err := binary.ReadUvarint(d.r)
	if err != nil || n > d.size {
		return "", errCheckCorrupt
	}
	if uint64(cap(d.buf)) < n {
		d.buf = make([]byte, n)
	}
	b := d.buf[:n]
	if _, err := io.ReadFull(d.r, b); err != nil {
		return "", errCheckCorrupt
	}
	return string(b), nil
}

// unitRun is where a unit's sorted diagnostics are: in memory, or n of
// them in a record of file.
type unitRun struct {
	mem  []check.Diagnostic
	file *os.File
	rec  checkRecord
}

// runCursor walks one unit's diagnostics in the merge.
type runCursor struct {
	unit int
	mem  []check.Diagnostic
	dec  *diagDecoder
	left int // diagnostics left to decode
	cur  check.Diagnostic
}

// advance moves to the next diagnostic; false at the end.
func (c *runCursor) advance() (bool, error) {
	if c.dec == nil {
		if len(c.mem) == 0 {
			return false, nil
		}
		c.cur, c.mem = c.mem[0], c.mem[1:]
		return true, nil
	}
	if c.left == 0 {
		return false, nil
	}
	c.left--
	var err error
	c.cur, err = c.dec.next()
	return err == nil, err
}

// runHeap orders cursors as check.Merge orders diagnostics: file, line,
// column, and then unit order (a unit's own order is its record's).
type runHeap []*runCursor

func (h runHeap) Len() int { return len(h) }
func (h runHeap) Less(i, j int) bool {
	a, b := &h[i].cur, &h[j].cur
	if a.File != b.File {
		return a.File < b.File
	}
	if a.Line != b.Line {
		return a.Line < b.Line
	}
	if a.Column != b.Column {
		return a.Column < b.Column
	}
	return h[i].unit < h[j].unit
}
func (h runHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *runHeap) Push(x any)   { *h = append(*h, x.(*runCursor)) }
func (h *runHeap) Pop() any {
	old := *h
	c := old[len(old)-1]
	*h = old[:len(old)-1]
	return c
}

// mergeRuns hands every unit's diagnostics to f in check.Merge's order
// and counts them.
func mergeRuns(runs []unitRun, f func(check.Diagnostic) error) (errs, warns int, err error) {
	files := 0
	for _, r := range runs {
		if r.file != nil && r.rec.n > 0 {
			files++
		}
	}
	// A read buffer per unit read from a file: a few megabytes in all.
	bufSize := 64 << 10
	if files > 0 {
		bufSize = min(bufSize, max(4096, (8<<20)/files))
	}
	var h runHeap
	for i, r := range runs {
		c := &runCursor{unit: i, mem: r.mem}
		if r.file != nil {
			if r.rec.n == 0 {
				continue
			}
			c.dec = &diagDecoder{r: bufio.NewReaderSize(io.NewSectionReader(r.file, r.rec.off, r.rec.size), bufSize), size: uint64(r.rec.size)}
			c.left = r.rec.n
		}
		ok, err := c.advance()
		if err != nil {
			return 0, 0, err
		}
		if ok {
			h = append(h, c)
		}
	}
	heap.Init(&h)
	for len(h) > 0 {
		c := h[0]
		if c.cur.Severity == check.Error {
			errs++
		} else {
			warns++
		}
		if err := f(c.cur); err != nil {
			return errs, warns, err
		}
		ok, err := c.advance()
		if err != nil {
			return errs, warns, err
		}
		if ok {
			heap.Fix(&h, 0)
		} else {
			heap.Pop(&h)
		}
	}
	return errs, warns, nil
}
