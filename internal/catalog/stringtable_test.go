package catalog

import (
	"bytes"
	"maps"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// sameTableAsTOML fails when ParseStringTable reads data but a TOML
// decoder reads something else (or nothing); it reports whether
// ParseStringTable read it.
func sameTableAsTOML(t testing.TB, name string, data []byte) bool {
	t.Helper()
	got, ok := ParseStringTable(data)
	if !ok {
		if got != nil {
			t.Fatalf("%s: ParseStringTable gave up but returned a map", name)
		}
		return false
	}
	want := map[string]string{}
	if _, err := toml.Decode(string(data), &want); err != nil {
		t.Fatalf("%s: ParseStringTable reads what TOML rejects: %v\n%q", name, err, data)
	}
	if !maps.Equal(got, want) {
		t.Fatalf("%s: ParseStringTable reads\n%q\nTOML reads\n%q", name, got, want)
	}
	return true
}

// historiesWritten checks history files Folio wrote: ParseStringTable must
// read each one, as a TOML decoder does.
func historiesWritten(t *testing.T, files map[string][]byte) {
	t.Helper()
	if len(files) == 0 {
		t.Fatal("no history files")
	}
	for name, data := range files {
		if !sameTableAsTOML(t, name, data) {
			t.Errorf("%s: Folio wrote it, but ParseStringTable does not read it", name)
		}
	}
}

// Folio's history files (written as pipeline's encodeHistory does: a
// comment, then Quote(hash) = Quote(text) lines) are read the fast way, to
// what a TOML decoder reads; anything else is left to the decoder.
func TestParseStringTable(t *testing.T) {
	historiesWritten(t, catalogsUnder(t, "../../.folio/history"))
	hard := map[string]string{
		"sha1-a":   "quote \" backslash \\ tab\t cr\r nl\n del\x7f nul\x00 bell\x07 ⏎ é 字 🙂 \\u00e9 '''",
		"sha1-b":   "",
		"k \"q\"":  "v",
		"sha1-c\n": "line\r\nline",
		"a.b":      "dotted # not a comment",
	}
	var b strings.Builder
	b.WriteString("# Every source text some translation was made from, by hash (folio extract keeps it).\n")
	for k, v := range hard {
		b.WriteString(Quote(k) + " = " + Quote(v) + "\n")
	}
	data := []byte(b.String())
	if !sameTableAsTOML(t, "hard", data) {
		t.Fatalf("ParseStringTable does not read %q", data)
	}
	if got, _ := ParseStringTable(data); !maps.Equal(got, hard) {
		t.Fatalf("ParseStringTable reads %q, not %q", got, hard)
	}
	if !sameTableAsTOML(t, "hard crlf", bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))) {
		t.Fatal("ParseStringTable does not read CRLF lines")
	}
	for _, src := range []string{"", "# c\n\n", "\"a\" = \"x\"", "  \"a\"\t=\t\"x\"  # c\n"} {
		if !sameTableAsTOML(t, "in", []byte(src)) {
			t.Errorf("ParseStringTable gives up on %q", src)
		}
	}
	for _, src := range []string{
		"a = \"x\"\n",
		"\"\" = \"x\"\n",
		"\"a\" = \"x\"\n\"a\" = \"y\"\n",
		"\"a\" = \"x\"\n\"\\u0061\" = \"y\"\n",
		"\"a\".b = \"x\"\n",
		"\"a\" = 'x'\n",
		"\"a\" = 5\n",
		"\"a\" = \"\"\"x\"\"\"\n",
		"\"a\" = \"\\e\"\n",
		"\"a\" = \"x\" y\n",
		"[t]\n\"a\" = \"x\"\n",
		"\uFEFF\"a\" = \"x\"\n",
		"\"a\" = \"x\"\r",
		"\"a\" = \"\x01\"\n",
		"\"a\" = \"caf\xe9\"\n",
	} {
		if got, ok := ParseStringTable([]byte(src)); ok {
			t.Errorf("ParseStringTable reads %q: %q", src, got)
		}
	}
}
