package tomlpos

import (
	"errors"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

func TestMessagePositions(t *testing.T) {
	src := "# comment\n" +
		"[\"intro.p1\"]\n" + // 2
		"hash = \"sha1-1\"\n" + // 3
		"other = \"Bonjour\"\n" + // 4
		"\n" +
		"[principles]\n" + // 6
		"  [principles.sovereignty]\n" + // 7
		"  other = \"\"\"\n" + // 8
		"multi\n" +
		"line\"\"\"\n" +
		"simple = \"été\" # x\n" + // 11
		"\"quoted.key\" = 'lit'\n" + // 12
		"dotted.key = \"v\"\n" + // 13
		"[plural]\n" + // 14
		"one   =   \"un\"\n" + // 15
		"other = \"des\"\n" // 16
	p := Scan([]byte(src))
	cases := []struct {
		id    string
		key   Pos
		field string
		value Pos
	}{
		{"intro.p1", Pos{2, 1}, "other", Pos{4, 9}},
		{"intro.p1", Pos{2, 1}, "hash", Pos{3, 8}},
		{"principles.sovereignty", Pos{7, 3}, "other", Pos{8, 11}},
		{"plural", Pos{14, 1}, "one", Pos{15, 11}},
		{"plural", Pos{14, 1}, "other", Pos{16, 9}},
	}
	for _, c := range cases {
		key, fields := p.Message(c.id)
		if key != c.key {
			t.Errorf("Message(%q) key at %v, want %v", c.id, key, c.key)
		}
		if fields[c.field] != c.value {
			t.Errorf("Message(%q).%s at %v, want %v", c.id, c.field, fields[c.field], c.value)
		}
	}
	if got := p.Value([]string{"principles", "sovereignty", "simple"}); got != (Pos{11, 10}) {
		t.Errorf("simple value at %v, want 11:10", got)
	}
	if got := p.Key([]string{"principles", "sovereignty", "quoted.key"}); got != (Pos{12, 1}) {
		t.Errorf("quoted key at %v, want 12:1", got)
	}
	if got := p.Key([]string{"principles", "sovereignty", "dotted", "key"}); got != (Pos{13, 1}) {
		t.Errorf("dotted key at %v, want 13:1", got)
	}
	// An unknown key falls back to its nearest table.
	if got := p.Key([]string{"plural", "nope"}); got != (Pos{14, 1}) {
		t.Errorf("unknown key at %v, want its table 14:1", got)
	}
}

// Columns count code points, not bytes.
func TestColumnsAreCodePoints(t *testing.T) {
	p := Scan([]byte("[\"é\"]\nother = \"x\"\n\"中文\" = \"y\"\n"))
	if got := p.Value([]string{"é", "中文"}); got != (Pos{3, 8}) {
		t.Errorf("value after a CJK key at %v, want 3:8", got)
	}
}

func TestBOMAndCRLF(t *testing.T) {
	p := Scan([]byte("\ufeff[a]\r\nother = \"x\"\r\n"))
	if _, f := p.Message("a"); f["other"] != (Pos{2, 9}) {
		t.Errorf("other at %v, want 2:9", f["other"])
	}
}

// TestSyntaxError places BurntSushi/toml's own syntax errors: at a line's
// first byte (where BurntSushi counts from the line before), mid-line
// after multi-byte characters (columns are code points), with CRLF, and
// errors that come without a line.
func TestSyntaxError(t *testing.T) {
	cases := []struct {
		src  string
		want Pos
	}{
		{"a = \"x\"\n<<<<<<< HEAD\n", Pos{2, 1}},
		{"a = \"x\"\r\n<<<<<<< HEAD\r\n", Pos{2, 1}},
		{"<<<<<<< HEAD\n", Pos{1, 1}},
		{"a = \"x\"\nb = = 1\n", Pos{2, 5}},
		{"\"é\" = \"ü\"\n\"ö\" = = 1\n", Pos{2, 7}},
		{"a = \"x\n", Pos{1, 7}}, // where the string is cut
		{"[t\n", Pos{1, 3}},      // the newline that cuts the header
		{"a = 1\n[t\nb = 2\n", Pos{2, 3}},
	}
	for _, c := range cases {
		var v map[string]any
		_, err := toml.Decode(c.src, &v)
		var pe toml.ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("%q: %v is not a ParseError", c.src, err)
		}
		p := pe.Position
		if got := SyntaxError([]byte(c.src), p.Line, p.Col, p.Start); got != c.want {
			t.Errorf("%q (%s; BurntSushi: line %d, column %d, start %d): got %v, want %v", c.src, pe.Message, p.Line, p.Col, p.Start, got, c.want)
		}
	}
	// No line (some errors at the end of the input): start places it, or
	// the end of the data.
	if got := SyntaxError([]byte("ab\ncd"), 0, 0, 4); got != (Pos{2, 2}) {
		t.Errorf("no line, start 4: got %v, want 2:2", got)
	}
	if got := SyntaxError([]byte("ab\ncd"), 0, 0, -1); got != (Pos{2, 3}) {
		t.Errorf("no line, no start: got %v, want 2:3 (the end)", got)
	}
	// An offset of 0 past line 1 is none: the line and column stand.
	if got := SyntaxError([]byte("ab\ncd"), 2, 2, 0); got != (Pos{2, 2}) {
		t.Errorf("line 2, start 0: got %v, want 2:2", got)
	}
}

func TestElement(t *testing.T) {
	data := []byte("\ufeffa = 1\r\nlocales = [\"fr\", 'de' , \"a\\\"b\", # comment, with a comma\r\n  \"é\", [1, 2],\r\n\t\"ru\"]\r\nafter = [\"x\"]\r\n")
	at := Scan(data).Value([]string{"locales"})
	if at != (Pos{2, 11}) {
		t.Fatalf("Value(locales) = %v", at)
	}
	want := []Pos{{2, 12}, {2, 18}, {2, 25}, {3, 3}, {3, 8}, {4, 2}}
	for n, w := range want {
		if got := Element(data, at, n); got != w {
			t.Errorf("Element(%d) = %v, want %v", n, got, w)
		}
	}
	// No such element, or no array there: the array's own position.
	if got := Element(data, at, len(want)); got != at {
		t.Errorf("Element past the end = %v, want %v", got, at)
	}
	if got := Element(data, Pos{1, 1}, 0); got != (Pos{1, 1}) {
		t.Errorf("Element of a key = %v", got)
	}
	if got := Element(data, Pos{9, 1}, 0); got != (Pos{9, 1}) {
		t.Errorf("Element past the file = %v", got)
	}
}

// A dotted key places the tables it names where no header did; SplitKey
// reads the keys BurntSushi's messages quote.
func TestDottedKeyTablesAndSplitKey(t *testing.T) {
	p := Scan([]byte("[checks]\n  locale.es.length = \"off\"\n[checks.severity]\nlength = \"off\"\n"))
	for _, c := range []struct {
		path []string
		want Pos
	}{
		{[]string{"checks", "locale"}, Pos{2, 3}},
		{[]string{"checks", "locale", "es"}, Pos{2, 3}},
		{[]string{"checks", "locale", "es", "length"}, Pos{2, 3}},
		{[]string{"checks", "severity"}, Pos{3, 1}},
		{[]string{"checks"}, Pos{1, 1}},
	} {
		if got := p.Key(c.path); got != c.want {
			t.Errorf("Key(%q) = %v, want %v", c.path, got, c.want)
		}
	}
	for in, want := range map[string][]string{
		`checks.ignore."x.y"`: {"checks", "ignore", "x.y"},
		`status.min.fr`:       {"status", "min", "fr"},
		`a."q\"uote".'lit.x'`: {"a", `q"uote`, "lit.x"},
	} {
		if got := SplitKey(in); strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("SplitKey(%s) = %q, want %q", in, got, want)
		}
	}
}
