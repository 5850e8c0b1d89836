package catalog

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// quoteByRune is Quote without its fast path for plain text.
func quoteByRune(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// Quote's fast path (text with nothing to escape) gives what quoting rune
// by rune gives, including for invalid UTF-8, which becomes U+FFFD.
func TestQuoteFastPathMatchesRuneByRune(t *testing.T) {
	for _, s := range []string{
		"", "plain text", "é 字 🙂 ⏎", "a \"quote\"", `back\slash`, "tab\there", "nl\n", "cr\r",
		"del\x7f", "nul\x00", "bell\x07", "caf\xe9", "\xff\xfe", "ok then \xc3", "\u2028 line sep", "'''",
	} {
		if got, want := Quote(s), quoteByRune(s); got != want {
			t.Errorf("Quote(%q) = %s, want %s", s, got, want)
		}
	}
}

// Comment lines go out one "# " line each; control characters other than
// tab become spaces and invalid UTF-8 becomes U+FFFD, so that no comment
// can end its line early or make the file unreadable.
func TestAppendComment(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "#\n"},
		{"plain", "# plain\n"},
		{"two\nlines", "# two\n# lines\n"},
		{"trailing\n", "# trailing\n#\n"},
		{"tab\there", "# tab\there\n"},
		{"cr\rbell\x07del\x7f", "# cr bell del \n"},
		{"bad \xff byte", "# bad \uFFFD byte\n"},
		{"源 — ok", "# 源 — ok\n"},
	} {
		// Appending keeps what the buffer held.
		b := appendComment([]byte("x"), tc.in, false)
		if string(b) != "x"+tc.want {
			t.Errorf("appendComment(%q) = %q, want %q", tc.in, b[1:], tc.want)
		}
	}
}

// plainSlow is plain as first written: a byte loop, then UTF-8 validation.
func plainSlow(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c == 0x7f {
			return false
		}
	}
	return utf8.ValidString(s)
}

// plain's eight-bytes-at-a-time path agrees with the byte loop, at every
// position of every byte value, and on whatever the fuzzer finds.
func TestPlainWords(t *testing.T) {
	for c := 0; c < 256; c++ {
		for pos := 0; pos < 17; pos++ {
			b := []byte(strings.Repeat("abcdefgh", 3))
			b[pos] = byte(c)
			for _, s := range []string{string(b), string(b[:pos+1]), "é" + string(b), string(b) + "中"} {
				if plain(s) != plainSlow(s) {
					t.Fatalf("plain(%q) = %v, want %v", s, plain(s), plainSlow(s))
				}
			}
		}
	}
}

func FuzzPlain(f *testing.F) {
	for _, s := range []string{"plain text here", "a \"quote\"", "é\xff", "tab\there", "中文 \x7f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if plain(s) != plainSlow(s) {
			t.Fatalf("plain(%q) = %v, want %v", s, plain(s), plainSlow(s))
		}
	})
}

// Quoting copies the runs between escapes whole, eight bytes at a time;
// unescaping copies the text between backslashes whole. Random texts of
// escapes, ASCII, multi-byte characters and (for Quote) invalid bytes, at
// every offset from the eight-byte words: Quote and appendQuote give what
// quoting rune by rune gives, and unescaping what Quote wrote gives the
// text back.
func TestQuoteAndUnescapeRandomText(t *testing.T) {
	pieces := []string{"a", "bc", "0123456789", "\"", "\\", "\n", "\t", "\r", "\x00", "\x1b", "\x7f", "é", "字", "🙂", "\u2028", " ", "\\u0041"}
	rng := rand.New(rand.NewPCG(18, 9))
	for n := range 4000 {
		var sb strings.Builder
		for range rng.IntN(40) {
			sb.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := sb.String()
		if n%10 == 0 {
			s += "\xff tail"
		}
		want := quoteByRune(s)
		if got := Quote(s); got != want {
			t.Fatalf("Quote(%q) = %s, want %s", s, got, want)
		}
		if got := appendQuote([]byte("x"), s, false); string(got) != "x"+want {
			t.Fatalf("appendQuote(%q) = %s, want x%s", s, got, want)
		}
		if !utf8.ValidString(s) {
			continue
		}
		if got := appendQuote(nil, s, true); string(got) != want {
			t.Fatalf("appendQuote(%q, valid) = %s, want %s", s, got, want)
		}
		var b strings.Builder
		unescape(&b, []byte(want[1:len(want)-1]))
		if b.String() != s {
			t.Fatalf("unescape(%s) = %q, want %q", want, b.String(), s)
		}
	}
}

// TestCommentSafeRandomText: commentSafe, which looks at eight bytes at a
// time, gives what looking at each byte gives.
func TestCommentSafeRandomText(t *testing.T) {
	pieces := []string{"a", "bc", "source: text ", "\t", "\x00", "\x1f", "\x7f", "\r", "é", "字", "\xff", "\"", "\\"}
	rng := rand.New(rand.NewPCG(19, 3))
	safe := 0
	for range 20000 {
		var sb strings.Builder
		for range rng.IntN(30) {
			if rng.IntN(5) == 0 {
				sb.WriteString(pieces[rng.IntN(len(pieces))])
			} else {
				sb.WriteString("text")
			}
		}
		s := sb.String()
		want := utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 && r != '\t' || r == 0x7f })
		if got := commentSafe(s, false); got != want {
			t.Fatalf("commentSafe(%q) = %v, want %v", s, got, want)
		}
		if want {
			safe++
		}
	}
	if safe < 2000 || safe > 18000 {
		t.Fatalf("%d safe comments of 20,000", safe)
	}
}
