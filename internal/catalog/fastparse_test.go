package catalog

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rogpeppe/go-internal/txtar"
)

// parseBoth parses data the fast way and the full way, as Parse would.
func parseBoth(path string, data []byte) (fast *File, ok bool, full *File, err error) {
	bom := bytes.HasPrefix(data, []byte("\xEF\xBB\xBF"))
	if bom {
		data = data[3:]
	}
	crlf := bytes.Contains(data, []byte("\r\n"))
	fast, ok = parseFast(path, data, bom, crlf, ParseOptions{})
	full, err = parseFull(path, data, bom, crlf)
	return
}

// sameAsFull fails when the fast path accepts data but reads something
// other than the full path; it reports whether the fast path accepted.
func sameAsFull(t testing.TB, name string, data []byte) bool {
	t.Helper()
	fast, ok, full, err := parseBoth(name, data)
	if !ok {
		if fast != nil {
			t.Fatalf("%s: the fast path gave up but returned a file", name)
		}
		return false
	}
	if err != nil {
		t.Fatalf("%s: the fast path accepts what the full path rejects: %v\n%q", name, err, data)
	}
	if !reflect.DeepEqual(fast, full) {
		for i := range max(len(fast.Messages), len(full.Messages)) {
			if i >= len(fast.Messages) || i >= len(full.Messages) || !reflect.DeepEqual(fast.Messages[i], full.Messages[i]) {
				var f, g any
				if i < len(fast.Messages) {
					f = *fast.Messages[i]
				}
				if i < len(full.Messages) {
					g = *full.Messages[i]
				}
				t.Fatalf("%s: message %d:\nfast %+v\nfull %+v", name, i, f, g)
			}
		}
		t.Fatalf("%s: files differ:\nfast %+v\nfull %+v", name, fast, full)
	}
	return true
}

// catalogsUnder returns the .toml files under dir, by path.
func catalogsUnder(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(path, ".toml") {
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			out[path] = data
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// needGo returns the go command, skipping the test without it (failing
// when CI=true).
func needGo(t *testing.T) string {
	t.Helper()
	goCmd, err := exec.LookPath("go")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	return goCmd
}

// folioWritten checks catalogs that Folio wrote: the fast path must take
// every one and read what the full path reads, and also each re-encoded
// with comments and a header, with CRLF line endings and with a BOM.
func folioWritten(t *testing.T, files map[string][]byte) {
	t.Helper()
	if len(files) == 0 {
		t.Fatal("no catalogs")
	}
	for name, data := range files {
		if !sameAsFull(t, name, data) {
			t.Errorf("%s: Folio wrote it, but the fast path does not read it", name)
			continue
		}
		f, err := Parse(name, data)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range f.Messages {
			m.Comments = []string{"source: " + m.Other(), "", "two\nlines\tand \x01 control"}
		}
		out := f.Encode([]string{"A header", "", "second"})
		variants := map[string][]byte{
			"re-encoded": out,
			"crlf":       bytes.ReplaceAll(out, []byte("\n"), []byte("\r\n")),
			"bom":        append([]byte("\xEF\xBB\xBF"), out...),
		}
		for v, data := range variants {
			if !sameAsFull(t, name+" "+v, data) {
				t.Errorf("%s %s: Folio's encoding, but the fast path does not read it", name, v)
			}
		}
	}
}

// The committed catalogs are Folio's output: the fast path reads them, as
// the full path does.
func TestFastPathReadsCommittedCatalogs(t *testing.T) {
	// locales/glossary.toml is a term base, not a catalog.
	dirs, _ := filepath.Glob("../../locales/*")
	files := map[string][]byte{}
	for _, dir := range dirs {
		if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
			for name, data := range catalogsUnder(t, dir) {
				files[name] = data
			}
		}
	}
	if len(files) < 12 {
		t.Fatalf("only %d committed catalogs", len(files))
	}
	folioWritten(t, files)
}

// A generated benchmark set (bench/gen, with stale and untranslated
// entries and obsolete stores) is Folio's output too, catalogs and history
// files. FOLIO_CATALOG_DIRS and FOLIO_HISTORY_DIRS (lists of folders) add
// catalogs and history files from elsewhere, such as a larger set.
func TestFastPathReadsGeneratedSets(t *testing.T) {
	goCmd := needGo(t)
	dir := filepath.Join(t.TempDir(), "set")
	cmd := exec.Command(goCmd, "run", "./bench/gen", "-docs", "6", "-seed", "7", "-out", dir)
	cmd.Dir = "../.."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("bench/gen: %v\n%s", err, out)
	}
	files := catalogsUnder(t, filepath.Join(dir, "locales"))
	if len(files) < 6*11 {
		t.Fatalf("bench/gen wrote only %d catalogs", len(files))
	}
	histories := catalogsUnder(t, filepath.Join(dir, ".folio", "history"))
	for _, extra := range filepath.SplitList(os.Getenv("FOLIO_CATALOG_DIRS")) {
		for name, data := range catalogsUnder(t, extra) {
			files[name] = data
		}
	}
	for _, extra := range filepath.SplitList(os.Getenv("FOLIO_HISTORY_DIRS")) {
		for name, data := range catalogsUnder(t, extra) {
			histories[name] = data
		}
	}
	folioWritten(t, files)
	historiesWritten(t, histories)
}

// Other catalogs — hand-written application catalogs, go-i18n's own
// examples, the catalogs of the command's test scripts (many of them
// broken on purpose) and the fuzz corpus — need not be in the subset, but
// when the fast path takes one it reads what the full path reads.
func TestFastPathAgreesOnOtherCatalogs(t *testing.T) {
	files := map[string][]byte{}
	for _, dir := range []string{"../check/testdata", "../chrome", "../../.folio/history"} {
		for name, data := range catalogsUnder(t, dir) {
			files[name] = data
		}
	}
	scripts, _ := filepath.Glob("../../cmd/folio/testdata/script/*.txtar")
	if len(scripts) == 0 {
		t.Fatal("no test scripts")
	}
	for _, s := range scripts {
		ar, err := txtar.ParseFile(s)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range ar.Files {
			if strings.HasSuffix(f.Name, ".toml") {
				files[s+":"+f.Name] = f.Data
			}
		}
	}
	goCmd := needGo(t)
	out, err := exec.Command(goCmd, "list", "-m", "-f", "{{.Dir}}", "github.com/nicksnyder/go-i18n/v2").Output()
	if dir := strings.TrimSpace(string(out)); err != nil || dir == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("go-i18n's module directory: %v", err)
		}
		t.Logf("go-i18n's module is not in the module cache: %v", err)
	} else {
		for name, data := range catalogsUnder(t, dir) {
			files[name] = data
		}
	}
	taken := 0
	for name, data := range files {
		if sameAsFull(t, name, data) {
			taken++
		}
	}
	t.Logf("the fast path read %d of %d catalogs", taken, len(files))
	if taken == 0 || taken == len(files) {
		t.Errorf("the fast path read %d of %d catalogs: these include both kinds", taken, len(files))
	}
}

// Parse takes the fast path for Folio's own output, and gives up on
// everything outside the subset, leaving the full path to read it or to
// report its error.
func TestParseTakesTheFastPath(t *testing.T) {
	data, err := os.ReadFile("../../locales/cyberspace/fr.toml")
	if err != nil {
		t.Fatal(err)
	}
	before := fastParses.Load()
	if _, err := Parse("fr.toml", data); err != nil {
		t.Fatal(err)
	}
	if fastParses.Load() != before+1 {
		t.Fatal("Parse did not take the fast path for a committed catalog")
	}
	// Positions are kept without a map per message: FieldPos reads them.
	f, err := Parse("x.toml", []byte("[\"a\"]\nleftDelim = \"<<\"\n  other =  \"x\"\n"))
	if err != nil || f.Messages[0].Fields != nil {
		t.Fatalf("%v %+v", err, f)
	}
	for key, want := range map[string]Pos{"leftDelim": {2, 13}, "leftdelim": {2, 13}, "Other": {3, 12}, "hash": {1, 1}} {
		if got := f.Messages[0].FieldPos(key); got != want {
			t.Errorf("FieldPos(%q) = %v, want %v", key, got, want)
		}
	}
	in := []string{
		"",
		"# only a comment\n\n  \t\n",
		"[\"a\"]\nother = \"x\"",
		"[\"a\"]\r\nother = \"x\"\r\n",
		"[a-b_1]\nother = \"x\"\n",
		"  [\"a.b\"]  # c\n  other\t=\t\"x\"  # c\n",
		"[\"a\"]\ndescription = \"d\"\nhash = \"h\"\nleftDelim = \"<<\"\nrightDelim = \">>\"\nzero = \"\"\none = \"1\"\ntwo = \"2\"\nfew = \"3\"\nmany = \"4\"\nother = \"5\"\n",
		"[\"a\"]\nhash = \"h\"\n",
		"[\"é 字\"]\nother = \"\\b\\t\\n\\f\\r\\\"\\\\\\u00e9\\U0001F600\\u0000 tab\t\"\n",
	}
	out := []string{
		"a = \"x\"\n", // a top-level key
		"[a]\n",       // an empty table
		"[\"a\"]\nother = \"x\"\n[a]\nother = \"y\"\n", // a duplicate table
		"[a]\nother = \"x\"\nother = \"y\"\n",          // a duplicate key
		"[a]\nOther = \"x\"\n",                         // unusual case
		"[a]\nid = \"b\"\nother = \"x\"\n",             // id renames the message
		"[a]\ntranslation = \"x\"\n",
		"[a]\nfoo = \"x\"\n",
		"[other]\nother = \"x\"\n",
		"[Translation]\nother = \"x\"\n",
		"[a.b]\nother = \"x\"\n",
		"[\"a\".b]\nother = \"x\"\n",
		"[[a]]\nother = \"x\"\n",
		"[\"\"]\nother = \"x\"\n",
		"[\"a\\u0062\"]\nother = \"x\"\n",
		"[a]\nother.x = \"x\"\n",
		"[a]\nother = 'x'\n",
		"[a]\nother = \"\"\"x\"\"\"\n",
		"[a]\nother = \"\"\"\nx\"\"\"\n",
		"[a]\nother = 5\n",
		"[a]\nother = [\"x\"]\n",
		"[a]\nother = {x = \"y\"}\n",
		"[a]\nother = \"x\" y\n",
		"[a]\nother = \"x\n",
		"[a]\nother = \"\\e\"\n",
		"[a]\nother = \"\\x41\"\n",
		"[a]\nother = \"\\uD800\"\n",
		"[a]\nother = \"\\U00110000\"\n",
		"[a]\nother = \"\\q\"\n",
		"[a]\nother = \"\x01\"\n",
		"[a]\nother = \"\x7f\"\n",
		"[a]\nother = \"caf\xe9\"\n",
		"[a]\nother = \"x\"\r",
		"[a]\rother = \"x\"\n",
		"# \x01\n[a]\nother = \"x\"\n",
		"[a]\nother = \"x\" # \xff\n",
	}
	for _, src := range in {
		if !sameAsFull(t, "in", []byte(src)) {
			t.Errorf("the fast path gives up on %q", src)
		}
	}
	for _, src := range out {
		if _, ok := parseFast("x.toml", []byte(src), false, false, ParseOptions{}); ok {
			t.Errorf("the fast path reads %q", src)
		}
	}
}

// FuzzFastPath mutates catalogs and history files: whenever the fast path
// reads one, it reads what the full path reads; Parse, fast path or not,
// returns exactly what the full path returns, errors included; and
// whenever ParseStringTable reads one, a TOML decoder reads the same.
func FuzzFastPath(f *testing.F) {
	data, err := os.ReadFile("../../locales/cyberspace/fr.toml")
	if err != nil {
		f.Fatal(err)
	}
	// The header and the first message of a real catalog, so that
	// mutations start in the subset (small: the fuzzer minimizes what it
	// finds, and the full path is slow).
	parts := bytes.SplitAfter(data, []byte("\n\n"))
	f.Add(bytes.Join(parts[:min(2, len(parts))], nil))
	for _, s := range []string{
		"[\"a\"]\nhash = \"sha1-0\"\nother = \"x\"\n",
		"\uFEFF[\"a.b\"]\r\nother = \"x\\u00e9\\n\"\r\n",
		"# c\n\n[\"x\"]\ndescription = \"d\"\nleftDelim = \"<<\"\nrightDelim = \">>\"\none = \"1\"\nother = \"\"\n",
		"[a]\nother = \"x\" # c\n[b]\nzero = \"\\\"\"\n",
		"[a]\nother = \"x\"\n[a]\nother = \"y\"\n",
		"[a]\nother = 5\n",
	} {
		f.Add([]byte(s))
	}
	f.Add([]byte("# c\n\"sha1-0\" = \"text \\\"q\\\" \\u00e9\"\n\"sha1-1\" = \"\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sameTableAsTOML(t, "fuzz.toml", data)
		sameAsFull(t, "fuzz.toml", data)
		got, err := Parse("fuzz.toml", data)
		_, _, want, wantErr := parseBoth("fuzz.toml", data)
		if fmt.Sprint(err) != fmt.Sprint(wantErr) || !reflect.DeepEqual(got, want) {
			t.Fatalf("Parse: %v %v\nfull path: %v %v", got, err, want, wantErr)
		}
		// Told that valid UTF-8 is valid, or handed the bytes, the reader
		// reads the same.
		for _, o := range []ParseOptions{{Owned: true}, {ValidUTF8: true, Owned: true}, {ValidUTF8: true}} {
			if o.ValidUTF8 && !utf8.Valid(data) {
				continue
			}
			v, verr := ParseWith("fuzz.toml", bytes.Clone(data), o)
			if fmt.Sprint(verr) != fmt.Sprint(err) || !reflect.DeepEqual(v, got) {
				t.Fatalf("ParseWith %+v: %v %v\nParse: %v %v", o, v, verr, got, err)
			}
		}
	})
}

// ParseWith, told the bytes are valid UTF-8 and handed them, reads the
// test catalogs (in four scripts) as Parse does.
func TestParseWith(t *testing.T) {
	paths, _ := filepath.Glob("../../locales/*/*.toml")
	if len(paths) < 6 {
		t.Fatalf("found %d catalogs", len(paths))
	}
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		want, err := Parse(path, data)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ParseWith(path, bytes.Clone(data), ParseOptions{ValidUTF8: true, Owned: true})
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: ParseWith gave %v, %v", path, got, err)
		}
	}
}

// reservedID is isFieldName or "translation", in any case, without
// allocating.
func TestReservedID(t *testing.T) {
	ids := []string{"", "x", "ids", "otherx", "descriptions", "translations", "a.other"}
	for _, n := range append(fieldNames[:], "id", "translation") {
		ids = append(ids, n, strings.ToUpper(n), strings.ToUpper(n[:1])+n[1:])
	}
	for _, id := range ids {
		want := isFieldName(id) || strings.EqualFold(id, "translation")
		if got := reservedID([]byte(id)); got != want {
			t.Errorf("reservedID(%q) = %v, want %v", id, got, want)
		}
	}
}

// skipText, eight bytes at a time, stops where a byte at a time does:
// every byte value at every position of a 24-byte text, after ASCII and
// after non-ASCII text (which moves the eight-byte words).
func TestSkipTextWords(t *testing.T) {
	slow := func(data []byte, i int) int {
		for i < len(data) && !stops[data[i]] {
			i++
		}
		return i
	}
	for c := 0; c < 256; c++ {
		for pos := 0; pos < 24; pos++ {
			b := []byte(strings.Repeat("abcdefgh", 3))
			b[pos] = byte(c)
			for _, data := range [][]byte{b, b[:pos+1], append([]byte("é"), b...), append([]byte("\t中\t"), b...)} {
				for start := 0; start < 3 && start < len(data); start++ {
					if got, want := skipText(data, start), slow(data, start); got != want {
						t.Fatalf("skipText(%q, %d) = %d, want %d", data, start, got, want)
					}
				}
			}
		}
	}
}
