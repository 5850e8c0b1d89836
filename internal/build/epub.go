package build

import (
	"archive/zip"
	"bytes"
	"crypto/sha1"
	"fmt"
	"html"
	"io"
	"reflect"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/klauspost/compress/flate"

	"folio/internal/locale"
)

// EPUB renders the edition as an EPUB 3 book: a title page, the text, a
// navigation document, dc:language from the locale and right-to-left page
// progression for right-to-left scripts. The zip is reproducible: fixed
// entry order and timestamps from the edition date.
func (ed *Edition) EPUB(pg Page, modified time.Time) []byte {
	r := ed.render(true)
	label, notice, coverage := ed.notice(pg)
	c := pg.Chrome
	e := html.EscapeString
	dir := locale.Dir(ed.Tag)
	if modified.IsZero() {
		modified = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	sum := sha1.Sum([]byte(ed.Unit + "\x00" + ed.Tag))
	uuid := fmt.Sprintf("%x-%x-5%x-%x-%x", sum[0:4], sum[4:6], sum[6:8][0:2][1:], sum[8:10], sum[10:16])
	head := func(title string) string {
		return fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="%s" xml:lang="%s" dir="%s">
<head>
<meta charset="utf-8"/>
<title>%s</title>
<link rel="stylesheet" type="text/css" href="style.css"/>
</head>
`, e(ed.Tag), e(ed.Tag), dir, e(title))
	}
	var cover strings.Builder
	cover.WriteString(head(r.Title))
	fmt.Fprintf(&cover, "<body>\n<section epub:type=\"titlepage\" class=\"folio-cover\">\n<h1>%s</h1>\n<p class=\"folio-label\">%s</p>\n<p class=\"folio-notice\">%s</p>\n", e(r.Title), e(label), e(notice))
	if coverage != "" {
		fmt.Fprintf(&cover, "<p class=\"folio-coverage\">%s</p>\n", e(coverage))
	}
	cover.WriteString("</section>\n</body>\n</html>\n")

	var body strings.Builder
	body.WriteString(head(r.Title))
	body.WriteString("<body>\n<section epub:type=\"bodymatter\">\n")
	body.WriteString(r.TitleHTML)
	body.WriteString(r.Body)
	body.WriteString("</section>\n</body>\n</html>\n")

	var nav strings.Builder
	tocLabel := c.T(ed.Tag, "toc.label", nil, nil)
	nav.WriteString(head(tocLabel))
	fmt.Fprintf(&nav, "<body>\n<nav epub:type=\"toc\" id=\"toc\">\n<h1>%s</h1>\n<ol>\n<li><a href=\"cover.xhtml\">%s</a></li>\n<li><a href=\"text.xhtml\">%s</a>", e(tocLabel), e(label), e(r.Title))
	writeNavTree(&nav, r.TOC)
	nav.WriteString("</li>\n</ol>\n</nav>\n</body>\n</html>\n")

	progression := ""
	if dir == "rtl" {
		progression = ` page-progression-direction="rtl"`
	}
	opf := fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="bookid" xml:lang="%s" dir="%s">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="bookid">urn:uuid:%s</dc:identifier>
<dc:title>%s</dc:title>
<dc:language>%s</dc:language>
<meta property="dcterms:modified">%s</meta>
</metadata>
<manifest>
<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
<item id="cover" href="cover.xhtml" media-type="application/xhtml+xml"/>
<item id="text" href="text.xhtml" media-type="application/xhtml+xml"/>
<item id="css" href="style.css" media-type="text/css"/>
</manifest>
<spine%s>
<itemref idref="cover"/>
<itemref idref="text"/>
</spine>
</package>
`, e(ed.Tag), dir, uuid, e(r.Title), e(ed.Tag), modified.UTC().Format("2006-01-02T15:04:05Z"), progression)

	container := `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles>
<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
</rootfiles>
</container>
`
	css := styleFor(ed.Tag) + ".folio-cover{text-align:center;margin-top:30%}\n.folio-cover p{text-align:center}\n"
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, newDeflater)
	add := func(name, content string, store bool) {
		// MS-DOS timestamps only: Go writes an extra field for Modified,
		// which EPUB forbids on the mimetype entry.
		h := &zip.FileHeader{Name: name, Method: zip.Deflate, ModifiedDate: dosDate(modified), ModifiedTime: dosTime(modified)}
		if store {
			h.Method = zip.Store
		}
		w, _ := zw.CreateHeader(h)
		_, _ = w.Write([]byte(xmlChars(content)))
	}
	add("mimetype", "application/epub+zip", true)
	add("META-INF/container.xml", container, false)
	add("OEBPS/content.opf", opf, false)
	add("OEBPS/nav.xhtml", nav.String(), false)
	add("OEBPS/cover.xhtml", cover.String(), false)
	add("OEBPS/text.xhtml", body.String(), false)
	add("OEBPS/style.css", css, false)
	_ = zw.Close()
	return buf.Bytes()
}

// epubDeflateLevel is the compression level of an EPUB's entries, with
// klauspost/compress's deflate. The standard library's, which
// archive/zip uses, compressed at 35 MB/s here and was a quarter of an
// all-format build's CPU (S10); klauspost's at the same level takes a
// fourth of the time for 1-3 % more bytes (the text of a 30 KB document:
// 689 → 175 µs, 8,785 → 8,908 bytes; of a 5.5 MB one, 164 → 35 ms,
// 1,142,523 → 1,173,468 bytes).
const epubDeflateLevel = 6

// deflaters are flate writers at epubDeflateLevel, reused (each holds
// its tables), as archive/zip reuses its own.
var deflaters sync.Pool

// warmDeflater holds the writer prewarmDeflater made, until an EPUB
// takes it.
var warmDeflater = make(chan *flate.Writer, 1)

// prewarmDeflater makes the process's first deflate writer on a goroutine
// of its own, once, when an edition is about to be rendered in EPUB. A
// writer's tables (about 700 KB) are fresh memory that its first entries
// touch page by page: in a build of one edition (after one catalog
// changed) the EPUB's small entries took 0.8 ms after the rendering,
// while the other core was idle, and 0.1 ms with a warmed writer. (Its
// hash tables are written first, by writeFirst, so that touching them
// costs no copy of the zero page; the rest, its history and Huffman
// tables, the warm-up faults in.)
var prewarmDeflater = sync.OnceFunc(func() {
	go func() {
		if fw, err := warmedDeflater(); err == nil {
			warmDeflater <- fw
		}
	}()
})

// warmedDeflater is a writer at epubDeflateLevel that has compressed
// deflateNoise. What it writes after Reset is what a new writer writes
// (TestWarmedDeflater).
func warmedDeflater() (*flate.Writer, error) {
	fw, err := newFlateWriter(io.Discard)
	if err != nil {
		return nil, err
	}
	_, _ = fw.Write(deflateNoise())
	return fw, fw.Close()
}

// deflateNoise is 64 KB of xorshift bytes: they hash all over a deflate
// writer's tables.
func deflateNoise() []byte {
	noise := make([]byte, 64<<10)
	x := uint64(0x9e3779b97f4a7c15)
	for i := range noise {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		noise[i] = byte(x)
	}
	return noise
}

// newDeflater is the zip.Compressor of EPUB entries: a writer from the
// pool, or the one prewarmDeflater made when it is ready, or a new one.
func newDeflater(w io.Writer) (io.WriteCloser, error) {
	if fw, ok := deflaters.Get().(*flate.Writer); ok {
		fw.Reset(w)
		return &pooledDeflater{fw}, nil
	}
	select {
	case fw := <-warmDeflater:
		fw.Reset(w)
		return &pooledDeflater{fw}, nil
	default:
	}
	fw, err := newFlateWriter(w)
	if err != nil {
		return nil, err
	}
	return &pooledDeflater{fw}, nil
}

// newFlateWriter is a new writer at epubDeflateLevel whose hash tables
// are written before they are read (writeFirst).
func newFlateWriter(w io.Writer) (*flate.Writer, error) {
	fw, err := flate.NewWriter(w, epubDeflateLevel)
	if err == nil {
		writeFirst(fw)
	}
	return fw, err
}

// writeFirst writes zeros over the hash tables of fw's encoder, which are
// zero already, and returns how many bytes it wrote. A new writer's
// tables (384 KB at level 6) are fresh memory, and the encoder reads a
// table entry before it writes it: each page is first mapped to the
// kernel's zero page, then copied on its first write, and that copy
// flushes the page from every core's TLB, an interrupt on the other core
// and, in a virtual machine, an exit to the host for each of 96 pages.
// Compressing 64 KB took a new writer 0.9–4.8 ms with another thread
// busy, and 0.1–0.3 ms after writeFirst (which takes 0.4 ms). The tables
// are unexported fields of klauspost/compress's encoder: writeFirst
// finds them by reflection and clears only arrays of 4 KB or more that
// hold no pointers. A version that moves them makes it clear nothing, and
// one whose new writer holds anything but zeros in such an array would
// compress differently: TestWriteFirst fails either way.
func writeFirst(fw *flate.Writer) int {
	v := reflect.ValueOf(fw).Elem().FieldByName("d")
	if !v.IsValid() || v.Kind() != reflect.Struct {
		return 0
	}
	enc := v.FieldByName("fast")
	if !enc.IsValid() || enc.Kind() != reflect.Interface || enc.IsNil() {
		return 0
	}
	enc = enc.Elem()
	if enc.Kind() != reflect.Pointer || enc.IsNil() || enc.Elem().Kind() != reflect.Struct {
		return 0
	}
	enc = enc.Elem()
	n := 0
	for i := range enc.NumField() {
		f := enc.Field(i)
		if f.Kind() != reflect.Array || f.Type().Size() < 4096 || !pointerFree(f.Type()) {
			continue
		}
		clear(unsafe.Slice((*byte)(unsafe.Pointer(f.UnsafeAddr())), f.Type().Size()))
		n += int(f.Type().Size())
	}
	return n
}

// pointerFree reports whether a value of type t holds no pointer: the
// garbage collector need not know that writeFirst wrote it.
func pointerFree(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return true
	case reflect.Array:
		return pointerFree(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if !pointerFree(t.Field(i).Type) {
				return false
			}
		}
		return true
	}
	return false
}

// pooledDeflater returns its writer to deflaters once closed.
type pooledDeflater struct{ *flate.Writer }

func (d *pooledDeflater) Close() error {
	err := d.Writer.Close()
	deflaters.Put(d.Writer)
	d.Writer = nil
	return err
}

// writeNavTree writes the headings as nested ordered lists, as the EPUB
// navigation document requires (each level one deeper than its parent).
func writeNavTree(b *strings.Builder, toc []tocEntry) {
	if len(toc) == 0 {
		return
	}
	e := html.EscapeString
	depth := 0
	base := toc[0].Level
	for _, t := range toc {
		if t.Level < base {
			base = t.Level
		}
	}
	for i, t := range toc {
		lvl := t.Level - base + 1
		if lvl > depth+1 {
			lvl = depth + 1
		}
		switch {
		case lvl > depth:
			b.WriteString("\n<ol>\n")
			depth = lvl
		case lvl == depth && i > 0:
			b.WriteString("</li>\n")
		default:
			for depth > lvl {
				b.WriteString("</li>\n</ol>\n")
				depth--
			}
			b.WriteString("</li>\n")
		}
		fmt.Fprintf(b, "<li><a href=\"text.xhtml#%s\">%s</a>", e(t.ID), e(t.Text))
	}
	for depth > 0 {
		b.WriteString("</li>\n</ol>\n")
		depth--
	}
}

func dosDate(t time.Time) uint16 {
	if t.Year() < 1980 {
		t = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9)
}

func dosTime(t time.Time) uint16 {
	return uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11)
}

// xmlChars drops what XML 1.0 does not allow in a document (C0 controls
// but tab and line endings, U+FFFE, U+FFFF, invalid UTF-8): a translation
// holding one would otherwise make the book unreadable.
func xmlChars(s string) string {
	ok := func(r rune) bool {
		return r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || r >= 0x10000
	}
	clean := true
	for i, r := range s {
		if !ok(r) || (r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD")) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		if ok(r) && (r != utf8.RuneError || strings.HasPrefix(s[i:], "\uFFFD")) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
