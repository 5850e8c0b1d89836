package exchange

import (
	"reflect"
	"strings"
	"testing"

	"folio/internal/catalog"
)

// trickyEntries exercise what the formats must carry exactly.
var trickyEntries = []Entry{
	{ID: "title", Source: "Plain heading", Target: "Titre simple", Description: "Heading (level 1)", Location: "source/doc.md:1"},
	{ID: "p.quotes", Source: `She said "yes" \ and left`, Target: `Elle a dit « oui » \ et est partie`, Location: "source/doc.md:3"},
	{ID: "p.markdown", Source: "Read *this* and [the guide](https://example.org/a?b=1&c=2 \"Title\") or `x < y && z > 1` <br/>", Target: "Lisez *ceci* et [le guide](https://example.org/a?b=1&c=2 \"Titre\") ou `x < y && z > 1` <br/>"},
	{ID: "p.breaks", Source: "First line\nSecond line\n", Target: "Première ligne\nDeuxième ligne\n"},
	{ID: "p.spaces", Source: "  leading and trailing  \t", Target: "  au début et à la fin  \t"},
	{ID: "p.cjk", Source: "Cyberspace", Target: "网络空间命运共同体"},
	{ID: "p.rtl", Source: "Cyberspace", Target: "الفضاء الإلكتروني\r\nسطر"},
	{ID: "p.hash", Source: "# not a comment", Target: "msgstr \"\"", Fuzzy: true, Previous: "# not\na comment"},
	{ID: "p.empty", Source: "Untranslated one", Target: ""},
}

func trickyFile() *File {
	return &File{Document: "guides/doc", Original: "source/guides/doc.md", SourceLanguage: "en", Language: "fr", Entries: trickyEntries}
}

// comparable strips what the formats do not carry back.
func comparable(es []Entry, keepPrevious bool) []Entry {
	var out []Entry
	for _, e := range es {
		e.Line, e.TargetLine, e.TargetColumn = 0, 0, 0
		e.State = 0
		e.Description = ""
		e.Location = ""
		if e.Target == "" {
			e.Fuzzy = false
		}
		if !keepPrevious {
			e.Previous = ""
		}
		out = append(out, e)
	}
	return out
}

func TestPORoundTrip(t *testing.T) {
	data := EncodePO(trickyFile(), "Folio test")
	f, err := ParsePO("doc.fr.po", data)
	if err != nil {
		t.Fatalf("ParsePO: %v\n%s", err, data)
	}
	if f.Document != "guides/doc" || f.Language != "fr" || f.SourceLanguage != "en" || f.Original != "source/doc.md" {
		t.Errorf("header read as document %q language %q source %q original %q", f.Document, f.Language, f.SourceLanguage, f.Original)
	}
	got, want := comparable(f.Entries, true), comparable(trickyEntries, true)
	for i := range got {
		got[i].AltID = ""
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("PO round trip differs:\n got %+v\nwant %+v\nfile:\n%s", got, want, data)
	}
	if f.Entries[0].Description != "Heading (level 1)" || f.Entries[0].Location != "source/doc.md:1" {
		t.Errorf("comments read as %q %q", f.Entries[0].Description, f.Entries[0].Location)
	}
}

func TestXLIFFRoundTrip(t *testing.T) {
	data, err := EncodeXLIFF(trickyFile(), "Folio test")
	if err != nil {
		t.Fatal(err)
	}
	f, err := ParseXLIFF("doc.fr.xlf", data)
	if err != nil {
		t.Fatalf("ParseXLIFF: %v\n%s", err, data)
	}
	if f.Document != "guides/doc" || f.Language != "fr" || f.SourceLanguage != "en" || f.Original != "source/guides/doc.md" {
		t.Errorf("file element read as document %q language %q source %q original %q", f.Document, f.Language, f.SourceLanguage, f.Original)
	}
	got, want := comparable(f.Entries, false), comparable(trickyEntries, false)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("XLIFF round trip differs:\n got %+v\nwant %+v\nfile:\n%s", got, want, data)
	}
}

func TestXLIFFStates(t *testing.T) {
	unit := func(attrs, state string) string {
		return `<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="x" source-language="en" target-language="fr" datatype="plaintext"><body>` +
			`<trans-unit id="a" resname="a"` + attrs + `><source>S</source><target` + state + `>T</target></trans-unit></body></file></xliff>`
	}
	for _, c := range []struct {
		attrs, state string
		fuzzy        bool
	}{
		{``, ` state="translated"`, false},
		{``, ` state="final"`, false},
		{``, ` state="signed-off"`, false},
		{` approved="yes"`, ``, false},
		{``, ``, false},
		{` approved="no"`, ``, true},
		{` approved="no"`, ` state="translated"`, true},
		{``, ` state="needs-review-translation"`, true},
		{``, ` state="needs-translation"`, true},
		{``, ` state="new"`, true},
	} {
		f, err := ParseXLIFF("x.xlf", []byte(unit(c.attrs, c.state)))
		if err != nil {
			t.Fatal(err)
		}
		if got := f.Entries[0].Fuzzy; got != c.fuzzy {
			t.Errorf("trans-unit%s target%s: fuzzy %v, want %v", c.attrs, c.state, got, c.fuzzy)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, c := range []struct {
		name, data, want string
	}{
		{"a.po", "msgid \"x\"\nmsgstr \"unterminated\n", "a.po:2:"},
		{"a.po", "msgid \"x\"\n\"orphan\"\n\nfoo \"bar\"\n", "a.po:4:"},
		{"a.po", "msgid \"x\"\nmsgstr \"\\q\"\n", "unknown escape"},
		{"a.po", "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=ISO-8859-1\\n\"\n", "UTF-8 only"},
		{"a.po", "msgid \"x\xff\"\nmsgstr \"\"\n", "UTF-8"},
		{"a.xlf", "<xliff version=\"1.2\"><file><body><trans-unit>\n<source>x</target>", "a.xlf:2:"},
		{"a.xlf", "<xliff version=\"2.0\"><file/></xliff>", "XLIFF version 2.0"},
		{"a.xlf", "<xliff version=\"1.2\"></xliff>", "no XLIFF <file>"},
	} {
		_, err := Parse(c.name, []byte(c.data))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%q): error %v, want one containing %q", c.data, err, c.want)
		}
	}
}

func TestParseStates(t *testing.T) {
	if s, err := ParseStates("untranslated,stale"); err != nil || s != (States{Untranslated: true, Stale: true}) {
		t.Errorf("ParseStates(untranslated,stale) = %+v, %v", s, err)
	}
	if s, _ := ParseStates("all"); s != (States{true, true, true}) {
		t.Errorf("ParseStates(all) = %+v", s)
	}
	if _, err := ParseStates("done"); err == nil {
		t.Error("ParseStates(done): no error")
	}
}

func TestInsertKeepsSourceOrder(t *testing.T) {
	src := &catalog.File{}
	for _, id := range []string{"a", "b", "c", "d"} {
		src.Add(&catalog.Message{ID: id})
	}
	f := &catalog.File{}
	for _, id := range []string{"x", "b", "d"} {
		f.Add(&catalog.Message{ID: id})
	}
	insert(f, &catalog.Message{ID: "c"}, src)
	insert(f, &catalog.Message{ID: "a"}, src)
	var got []string
	for _, m := range f.Messages {
		got = append(got, m.ID)
	}
	if strings.Join(got, " ") != "a x b c d" {
		t.Errorf("order %v, want a x b c d", got)
	}
	if f.Lookup("c") == nil || f.Lookup("a") == nil {
		t.Error("inserted messages not found by Lookup")
	}
}

// FuzzParse: no input makes the parsers panic, and whatever ParsePO reads
// it writes back to the same entries.
func FuzzParse(f *testing.F) {
	f.Add(EncodePO(trickyFile(), "Folio test"))
	x, _ := EncodeXLIFF(trickyFile(), "Folio test")
	f.Add(x)
	f.Add([]byte("msgid \"\"\nmsgstr \"\"\n\"Language: fr\\n\"\n\n#~ msgid \"a\"\n#~ msgstr \"b\"\n#| msgid \"\"\n#| \"x\"\nmsgctxt \"c\"\nmsgid \"a\"\nmsgid_plural \"as\"\nmsgstr[0] \"\\x41\\101\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		pf, err := Parse("fuzz", data)
		if err != nil || pf == nil || len(pf.Entries) == 0 || data[0] == '<' {
			return
		}
		pf.Document, pf.Language, pf.SourceLanguage = "doc", "fr", "en"
		back, err := ParsePO("back", EncodePO(pf, "Folio test"))
		if err != nil {
			t.Fatalf("re-reading an encoded file: %v", err)
		}
		if len(back.Entries) != len(pf.Entries) {
			t.Fatalf("%d entries read back, want %d", len(back.Entries), len(pf.Entries))
		}
		for i := range back.Entries {
			a, b := back.Entries[i], pf.Entries[i]
			if a.ID != b.ID || a.Source != b.Source || a.Target != b.Target {
				t.Fatalf("entry %d read back as %q/%q/%q, want %q/%q/%q", i, a.ID, a.Source, a.Target, b.ID, b.Source, b.Target)
			}
		}
	})
}

// An entry's translation is placed for import's diagnostics: PO at the
// msgstr string's opening quote, XLIFF just after the <target> tag, in
// code points.
func TestTargetPositions(t *testing.T) {
	po := "msgid \"\"\nmsgstr \"Language: fr\\n\"\n\n#. note\nmsgctxt \"a\"\nmsgid \"S\"\nmsgstr  \"T\"\n\nmsgctxt \"b\"\nmsgid \"S2\"\nmsgstr \"\"\n\"T2\"\n"
	f, err := ParsePO("x.fr.po", []byte(po))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Entries) != 2 || f.Entries[0].Line != 4 || f.Entries[0].TargetLine != 7 || f.Entries[0].TargetColumn != 9 || f.Entries[1].TargetLine != 11 || f.Entries[1].TargetColumn != 8 {
		t.Errorf("PO entries %+v", f.Entries)
	}
	xlf := "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\"><file original=\"x\" source-language=\"en\" target-language=\"fr\" datatype=\"plaintext\"><body>\n" +
		"<trans-unit id=\"a\" resname=\"a\"><source>é—S</source><target state=\"translated\">T</target></trans-unit>\n</body></file></xliff>"
	f, err = ParseXLIFF("x.fr.xlf", []byte(xlf))
	if err != nil {
		t.Fatal(err)
	}
	col := len([]rune(`<trans-unit id="a" resname="a"><source>é—S</source><target state="translated">`)) + 1
	if len(f.Entries) != 1 || f.Entries[0].TargetLine != 2 || f.Entries[0].TargetColumn != col {
		t.Errorf("XLIFF entries %+v, want the target at 2:%d", f.Entries, col)
	}
}
