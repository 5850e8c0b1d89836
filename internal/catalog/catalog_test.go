package catalog

import (
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
)

func TestParseAcceptsWhatGoI18nAccepts(t *testing.T) {
	cases := map[string]string{
		"empty":    "",
		"bom+crlf": "\uFEFF[\"a.b\"]\r\nother = \"x\"\r\n",
		"simple":   "hello = \"Hello\"\nbye = \"Bye\"\n",
		"nested":   "[menu]\nopen = \"Open\"\n[menu.file]\nother = \"File\"\n",
		"plural":   "[cats]\none = \"one cat\"\nother = \"{{.Count}} cats\"\n",
		"id key":   "[x]\nid = \"x\"\nother = \"X\"\n",
	}
	for name, src := range cases {
		f, err := Parse("fr.toml", []byte(src))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		want, err := i18n.ParseMessageBytes([]byte(strings.TrimPrefix(src, "\uFEFF")), toml.Unmarshal)
		if err != nil {
			t.Fatalf("%s: go-i18n: %v", name, err)
		}
		if len(f.Messages) != len(want) {
			t.Errorf("%s: %d messages, go-i18n has %d", name, len(f.Messages), len(want))
		}
		for _, m := range f.Messages {
			if m.Pos.Line == 0 {
				t.Errorf("%s: message %q has no position", name, m.ID)
			}
		}
	}
	f, _ := Parse("fr.toml", []byte("[menu]\nopen = \"Open\"\n[menu.file]\nother = \"File\"\n"))
	if m := f.Lookup("menu.file"); m == nil || m.Other() != "File" || m.Pos.Line != 3 {
		t.Errorf("nested message: %+v", m)
	}
	if m := f.Lookup("menu.open"); m == nil || m.FieldPos("other") != (Pos{2, 8}) {
		t.Errorf("simple message value position: %+v", m)
	}
}

func TestParseErrorsHavePositions(t *testing.T) {
	cases := []struct {
		name, src string
		line, col int
		msg       string
	}{
		{"syntax", "[a]\nother = \"x\n", 2, 0, "TOML syntax"},
		{"integer", "[a]\nother = 5\n", 2, 9, "must be a string"},
		{"array", "[a]\nother = [\"x\"]\n", 2, 9, "must be a string"},
		{"mixed keys", "[a]\nother = \"x\"\nfoo = \"y\"\n", 3, 1, "not a go-i18n message key"},
		{"invalid utf-8", "[a]\nother = \"\xff\"\n", 2, 10, "invalid UTF-8"},
		{"nul", "[a]\nother = \"\x00\"\n", 2, 10, "NUL"},
		{"duplicate", "[a]\nother = \"x\"\n[a]\nother = \"y\"\n", 3, 0, "TOML syntax"},
		// BurntSushi counts the column of an error at a line's first
		// byte from the line before: a merge conflict's marker.
		{"conflict marker", "[a]\nother = \"x\"\n<<<<<<< HEAD\n", 3, 1, "TOML syntax"},
		{"conflict marker, CRLF", "[a]\r\nother = \"x\"\r\n<<<<<<< HEAD\r\n", 3, 1, "TOML syntax"},
		{"value expected", "[a]\nother = = \"x\"\n", 2, 9, "TOML syntax"},
		{"after a two-byte character", "[a]\n\"é\" = = \"x\"\n", 2, 7, "TOML syntax"},
		{"inline table as other", "[a]\nother = {x = \"y\"}\n", 2, 1, "must be a string, not a table"},
		{"table as other", "[a.other]\nx = \"y\"\n", 1, 0, "must be a string, not a table"},
		{"table as description", "[a]\n[a.description]\nx = \"y\"\n", 2, 0, "must be a string, not a table"},
	}
	for _, c := range cases {
		_, err := Parse("locales/doc/fr.toml", []byte(c.src))
		var ce *Error
		if !errors.As(err, &ce) {
			t.Errorf("%s: got %v, want a positioned error", c.name, err)
			continue
		}
		if ce.Line != c.line || (c.col != 0 && ce.Column != c.col) || !strings.Contains(ce.Msg, c.msg) {
			t.Errorf("%s: got %d:%d %q, want %d:%d %q", c.name, ce.Line, ce.Column, ce.Msg, c.line, c.col, c.msg)
		}
	}
}

func TestEncodeLoadsWithGoI18nAndRoundTrips(t *testing.T) {
	f := &File{}
	f.Add(&Message{ID: "description", Description: "ctx", Hash: Hash("a"), Forms: OtherForm("tab\tquote\" back\\ nl\n ctrl\x01")})
	f.Add(&Message{ID: "x.other", Forms: FormsOf(map[string]string{"one": "1", "other": "{{.Count}}"}), Comments: []string{"a comment", "two\nlines"}})
	data := f.Encode([]string{"header"})
	mf, err := i18n.ParseMessageFileBytes(data, filepath.Join("locales", "doc", "fr.toml"), map[string]i18n.UnmarshalFunc{"toml": toml.Unmarshal})
	if err != nil {
		t.Fatalf("go-i18n rejects what Folio writes: %v\n%s", err, data)
	}
	if len(mf.Messages) != 2 {
		t.Fatalf("go-i18n reads %d messages", len(mf.Messages))
	}
	g, err := Parse("fr.toml", data)
	if err != nil {
		t.Fatal(err)
	}
	// Comments are Folio's own and regenerated; everything else is kept.
	g.Messages[1].Comments = f.Messages[1].Comments
	if string(g.Encode([]string{"header"})) != string(data) {
		t.Errorf("decode/encode is not stable:\n%s", data)
	}
	if got := g.Lookup("description").Other(); got != f.Messages[0].Other() {
		t.Errorf("text changed: %q", got)
	}
}

func TestStateOf(t *testing.T) {
	src := &Message{ID: "a", Hash: Hash("text"), Forms: OtherForm("text")}
	cases := []struct {
		tr   *Message
		want State
	}{
		{nil, Untranslated},
		{&Message{Hash: src.Hash, Forms: OtherForm("")}, Untranslated},
		{&Message{Hash: src.Hash, Forms: OtherForm("texte")}, Current},
		{&Message{Forms: OtherForm("texte")}, Current},
		{&Message{Hash: Hash("old"), Forms: OtherForm("texte")}, Stale},
	}
	for i, c := range cases {
		if got := StateOf(src, c.tr); got != c.want {
			t.Errorf("case %d: %v, want %v", i, got, c.want)
		}
	}
	// goi18n's hash for a hand-written source without one.
	hand := &Message{Description: "d", Forms: OtherForm("o")}
	if ExpectedHash(hand) != Hash("do") {
		t.Errorf("expected hash of a hand-written source: %s", ExpectedHash(hand))
	}
}

// Parse vouches for the text of every file it returns, by either path;
// a File made in code does not.
func TestParseSetsValidUTF8(t *testing.T) {
	for name, data := range map[string]string{
		"fast":  "[\"a\"]\nhash = \"sha1-x\"\nother = \"Caf\\u00e9 ☕\"\n",
		"full":  "a = { other = 'Café', description = \"\"\"two\nlines\"\"\" }\n",
		"empty": "",
	} {
		f, err := Parse("fr.toml", []byte(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !f.ValidUTF8 {
			t.Errorf("%s: Parse left ValidUTF8 false", name)
		}
	}
	if _, err := Parse("fr.toml", []byte("a = \"caf\xe9\"\n")); err == nil {
		t.Error("Parse took invalid UTF-8")
	}
	if (&File{}).ValidUTF8 {
		t.Error("a File made in code claims valid text")
	}
}

// LookupAt finds a message wherever it is: at the index guessed, at
// another, or nowhere; and on a nil File.
func TestLookupAt(t *testing.T) {
	f := &File{}
	for _, id := range []string{"a", "b", "c"} {
		f.Add(&Message{ID: id, Forms: OtherForm(id + "!")})
	}
	for _, c := range []struct {
		id   string
		at   int
		want string
	}{
		{"b", 1, "b!"}, {"b", 0, "b!"}, {"c", -1, "c!"}, {"a", 7, "a!"}, {"z", 0, ""}, {"z", 9, ""},
	} {
		got := ""
		if m := f.LookupAt(c.id, c.at); m != nil {
			got = m.Other()
		}
		if got != c.want {
			t.Errorf("LookupAt(%q, %d) = %q, want %q", c.id, c.at, got, c.want)
		}
	}
	var none *File
	if m := none.LookupAt("a", 0); m != nil {
		t.Errorf("a nil File found %v", m)
	}
}

// Hash is "sha1-" and the lowercase hex SHA-1 of the text's bytes: known
// answers, and the plain formula on texts of every length up to 200 bytes,
// valid UTF-8 or not.
func TestHash(t *testing.T) {
	for text, want := range map[string]string{
		"":    "sha1-da39a3ee5e6b4b0d3255bfef95601890afd80709",
		"abc": "sha1-a9993e364706816aba3e25717850c26c9cd0d89d",
	} {
		if got := Hash(text); got != want {
			t.Errorf("Hash(%q) = %s, want %s", text, got, want)
		}
	}
	b := make([]byte, 0, 200)
	for n := 0; n <= 200; n++ {
		text := string(b)
		sum := sha1.Sum([]byte(text))
		if got, want := Hash(text), "sha1-"+hex.EncodeToString(sum[:]); got != want || !IsHash(got) {
			t.Fatalf("Hash of %d bytes = %s (IsHash %v), want %s", n, got, IsHash(got), want)
		}
		b = append(b, byte(n*131+7))
	}
	for _, h := range []string{"", "sha1-", "sha1-A9993e364706816aba3e25717850c26c9cd0d89d", "sha1-a9993e364706816aba3e25717850c26c9cd0d89", "sha256-a9993e364706816aba3e25717850c26c9cd0d8"} {
		if IsHash(h) {
			t.Errorf("IsHash(%q)", h)
		}
	}
}

// UnconfirmedHash is the hash of the empty text: no segment has it, so a
// translation carrying it is stale whatever its source says.
func TestUnconfirmedHash(t *testing.T) {
	if got := Hash(""); UnconfirmedHash != got {
		t.Errorf("UnconfirmedHash = %s, Hash(\"\") = %s", UnconfirmedHash, got)
	}
}
