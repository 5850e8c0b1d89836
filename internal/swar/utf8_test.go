package swar_test

import (
	"bytes"
	"math/rand/v2"
	"os"
	"testing"
	"unicode/utf8"

	"folio/internal/pipeline"
	. "folio/internal/swar"
)

// TestValidRandom: Valid agrees with utf8.Valid on random texts made of
// pieces near the edges of the encoding (every lead and continuation
// range, overlong forms, surrogates, code points past U+10FFFF, truncated
// sequences), at every alignment against the eight-byte words.
func TestValidRandom(t *testing.T) {
	pieces := []string{"a", "text ", "é", "·", "\u0080", "\u07ff", "\u0800", "\uffff", "\U00010000", "\U0010ffff", "中文", "’", "⟦",
		"\xc0\x80", "\xc1\xbf", "\xc2", "\x80", "\xbf", "\xdf", "\xe0\x80\x80", "\xe0\xa0", "\xed\xa0\x80", "\xed\x9f\xbf", "\xf0\x8f\xbf\xbf",
		"\xf4\x90\x80\x80", "\xf4\x8f\xbf\xbf", "\xf5\x80\x80\x80", "\xff", "\xfe", "\xe2\x80", "\xf0\x9f\x99"}
	r := rand.New(rand.NewPCG(19, 4))
	valid := 0
	for range 300000 {
		var b []byte
		for range r.IntN(24) {
			if r.IntN(3) == 0 {
				b = append(b, pieces[r.IntN(len(pieces))]...)
			} else {
				b = append(b, pieces[r.IntN(13)]...)
			}
		}
		want := utf8.Valid(b)
		if got := Valid(b); got != want {
			t.Fatalf("Valid(%q) = %v, want %v", b, got, want)
		}
		if want {
			valid++
		}
	}
	if valid < 30000 || valid > 270000 {
		t.Fatalf("%d valid texts of 300,000", valid)
	}
}

// TestValidEveryPair: every two bytes after six ASCII ones and before
// eight more (a word's last byte and the next word's first, and each
// inside a word), and every pair of bytes alone.
func TestValidEveryPair(t *testing.T) {
	for a := range 256 {
		for b := range 256 {
			for _, p := range [][]byte{
				{'x', 'x', 'x', 'x', 'x', 'x', 'x', byte(a), byte(b), 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x'},
				{'x', 'x', 'x', byte(a), byte(b), 'x', 'x', 'x', 'x', 'x'},
				{byte(a), byte(b)},
				{byte(a), byte(b), 0x80, 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x'},
				{'x', 'x', 'x', 'x', 'x', 'x', byte(a), byte(b), 0xbf, 0xbf, 'x', 'x', 'x', 'x', 'x', 'x'},
			} {
				if got, want := Valid(p), utf8.Valid(p); got != want {
					t.Fatalf("Valid(%q) = %v, want %v", p, got, want)
				}
			}
		}
	}
}

// BenchmarkValid: Valid against utf8.Valid on each string and comment
// of the white paper's catalogs (English, French, Spanish, Russian,
// Arabic, Chinese), as the catalog reader checks them, and on the English
// strings pseudo-translated as bench/gen fills its catalogs (accented
// letters, U+00B7 padding, brackets of three bytes).
func BenchmarkValid(b *testing.B) {
	texts := func(tag string) [][]byte {
		data, err := os.ReadFile("../../locales/cyberspace/" + tag + ".toml")
		if err != nil {
			b.Fatal(err)
		}
		var out [][]byte
		for _, line := range bytes.Split(data, []byte("\n")) {
			if i := bytes.IndexByte(line, '"'); i >= 0 && bytes.HasSuffix(line, []byte(`"`)) {
				out = append(out, line[i+1:len(line)-1])
			} else if bytes.HasPrefix(line, []byte("# ")) {
				out = append(out, line[2:])
			}
		}
		return out
	}
	sets := map[string][][]byte{}
	tags := []string{"en", "fr", "es", "ru", "ar", "zh-Hans"}
	for _, tag := range tags {
		sets[tag] = texts(tag)
	}
	for _, t := range sets["en"] {
		sets["pseudo"] = append(sets["pseudo"], []byte(pipeline.PseudoText(string(t))))
	}
	for _, tag := range append(tags, "pseudo") {
		n := 0
		for _, t := range sets[tag] {
			n += len(t)
		}
		for _, v := range []struct {
			name  string
			valid func([]byte) bool
		}{{"utf8", utf8.Valid}, {"swar", Valid}} {
			b.Run(tag+"/"+v.name, func(b *testing.B) {
				b.SetBytes(int64(n))
				for b.Loop() {
					for _, t := range sets[tag] {
						v.valid(t)
					}
				}
			})
		}
	}
}

// FuzzValid: Valid agrees with utf8.Valid on any bytes.
func FuzzValid(f *testing.F) {
	for _, s := range []string{"", "ascii only, long enough for a word", "é·⟦中文⟧ ÿ", "\xc0\x80 overlong", "\xed\xa0\x80", "Время чтения: 5 мин.", "مرحبا بالعالم"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, p []byte) {
		if got, want := Valid(p), utf8.Valid(p); got != want {
			t.Fatalf("Valid(%q) = %v, want %v", p, got, want)
		}
	})
}
