package catalog

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// EncodeParsed's File must be exactly what Parse reads from the bytes:
// checked on every committed catalog (re-encoded, with comments) and on
// messages with plural forms, delimiters, escapes and empty values; IDs
// that are not plain keys, duplicates and invalid UTF-8 give no File.
func TestEncodeParsedIsWhatParseReads(t *testing.T) {
	files, _ := filepath.Glob("../../locales/*/*.toml")
	if len(files) < 12 {
		t.Fatalf("only %d committed catalogs", len(files))
	}
	var inputs []*File
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := Parse(name, data)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range f.Messages {
			m.Comments = []string{"source: " + m.Other(), "second\nline"}
		}
		inputs = append(inputs, f)
	}
	inputs = append(inputs, &File{Path: "empty.toml"}, &File{Path: "x.toml", Messages: []*Message{
		{ID: "a-1", Description: "Paragraph in “x”", Hash: "sha1-0", Forms: map[string]string{"other": "quote \" back \\ tab\t nl\n cr\r del\x7f nul\x00 字"}},
		{ID: "B_2", LeftDelim: "<<", RightDelim: ">>", Forms: map[string]string{"one": "{{.N}} file", "other": "{{.N}} files", "few": ""}},
		{ID: "sec.other", Forms: map[string]string{"other": "dotted"}},
		{ID: "sec", Forms: map[string]string{"other": "prefix of a dotted ID"}},
		{ID: "c3", Forms: map[string]string{"other": ""}},
		{ID: "d4", Hash: "h", Forms: map[string]string{}},
		{ID: "e5", Forms: map[string]string{"zero": "z", "two": "t", "many": "m", "other": "o"}, Comments: []string{"STALE — x"}},
	}})
	header := []string{"A header", "", "two\nlines"}
	for _, f := range inputs {
		data, got := f.EncodeParsed(header)
		if string(data) != string(f.Encode(header)) {
			t.Fatalf("%s: EncodeParsed writes other bytes than Encode", f.Path)
		}
		if got == nil {
			t.Fatalf("%s: no parsed file for plain IDs", f.Path)
		}
		want, err := Parse(f.Path, data)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Messages) != len(want.Messages) || got.Path != want.Path || got.BOM != want.BOM || got.CRLF != want.CRLF {
			t.Fatalf("%s: %d messages, want %d", f.Path, len(got.Messages), len(want.Messages))
		}
		for i := range want.Messages {
			if !reflect.DeepEqual(got.Messages[i], want.Messages[i]) {
				t.Errorf("%s: message %d:\n got %+v\nwant %+v", f.Path, i, *got.Messages[i], *want.Messages[i])
			}
		}
	}
	for _, f := range []*File{
		{Messages: []*Message{{ID: "a..b", Forms: map[string]string{"other": "x"}}}},
		{Messages: []*Message{{ID: "a b", Forms: map[string]string{"other": "x"}}}},
		{Messages: []*Message{{ID: "other", Forms: map[string]string{"other": "x"}}}},
		{Messages: []*Message{{ID: "a", Forms: map[string]string{"other": "x"}}, {ID: "a", Forms: map[string]string{"other": "y"}}}},
		{Messages: []*Message{{ID: "a", Forms: map[string]string{"other": "caf\xe9"}}}},
	} {
		if _, got := f.EncodeParsed(nil); got != nil {
			t.Errorf("%q: a parsed file without parsing", f.Messages[0].ID)
		}
	}
}
