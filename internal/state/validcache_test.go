package state

import (
	"encoding/binary"
	"hash/crc32"
	"os"
	"reflect"
	"strings"
	"testing"
)

// A catalog that parsed is read without the UTF-8 check by the next
// process while its bytes are the same; changed bytes are checked, and
// invalid UTF-8 in them is still an error.
func TestValidCache(t *testing.T) {
	if ExecutableHash() == "" {
		t.Skip("this test binary has no hash: no caches")
	}
	p := testProject(t, map[string]string{
		"folio.toml":          "source_language = \"en\"\nlocales = [\"fr\"]\n",
		"source/doc.md":       "# Title\n",
		"locales/doc/en.toml": "[\"title\"]\nhash = \"sha1-1\"\nother = \"Title\"\n",
		"locales/doc/fr.toml": "[\"title\"]\nhash = \"sha1-1\"\nother = \"Titre élevé\"\n",
	})
	load := func(what string, trusted int64) *Unit {
		t.Helper()
		ForgetCaches(p) // as a new process finds it
		trustedN.Store(0)
		u := Load(p, p.Locales).Units[0]
		SaveCaches(p)
		if got := trustedN.Load(); got != trusted {
			t.Errorf("%s: %d catalogs read without the check, want %d", what, got, trusted)
		}
		return u
	}
	load("first load", 0)
	u := load("unchanged", 2)
	if u.Locales["fr"].File == nil || u.Locales["fr"].File.Lookup("title").Other() != "Titre élevé" || !u.Locales["fr"].File.ValidUTF8 {
		t.Fatalf("the catalog read without the check reads %+v", u.Locales["fr"].File)
	}
	fr := p.Abs("locales/doc/fr.toml")
	if err := os.WriteFile(fr, []byte("[\"title\"]\nhash = \"sha1-1\"\nother = \"Titre \xff\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	u = load("fr changed", 1)
	if err := u.Locales["fr"].Err; err == nil || !strings.Contains(err.Error(), "UTF-8") {
		t.Errorf("invalid UTF-8 in a changed catalog: error %v", err)
	}
	load("fr still invalid", 1)
	// What extract notes as it writes a catalog is read without the check.
	data := []byte("[\"title\"]\nhash = \"sha1-1\"\nother = \"Titre\"\n")
	if err := os.WriteFile(fr, data, 0o644); err != nil {
		t.Fatal(err)
	}
	ForgetCaches(p)
	NoteValidCatalog(p, "locales/doc/fr.toml", data)
	SaveCaches(p)
	load("noted as written", 2)
}

// The catalog cache file reads back what was written, for this Folio
// only; any other bytes (given a valid checksum, so that the parser behind
// it is reached) are refused or read without panicking.
func FuzzDecodeValidCache(f *testing.F) {
	m := map[string][16]byte{"locales/a/fr.toml": {1, 2}, "locales/b/c/obsolete/de.toml": {3}}
	good := encodeValidCache(m, "exe1")
	if got, ok := decodeValidCache(good, "exe1"); !ok || !reflect.DeepEqual(got, m) {
		f.Fatalf("round trip: %v %v", got, ok)
	}
	if _, ok := decodeValidCache(good, "exe2"); ok {
		f.Fatal("read a file another Folio wrote")
	}
	if _, ok := decodeValidCache(good[:len(good)-1], "exe1"); ok {
		f.Fatal("decoded a truncated file")
	}
	f.Add(good[:len(good)-4])
	f.Add([]byte(validCacheMagic + "exe1\n"))
	f.Fuzz(func(t *testing.T, body []byte) {
		data := binary.LittleEndian.AppendUint32(append([]byte(nil), body...), crc32.Checksum(body, castagnoli()))
		m, ok := decodeValidCache(data, "exe1")
		if !ok {
			return
		}
		if again, ok := decodeValidCache(encodeValidCache(m, "exe1"), "exe1"); !ok || !reflect.DeepEqual(again, m) {
			t.Fatalf("what decoded does not survive another round trip")
		}
	})
}
