package exchange_test

import (
	"bytes"
	"encoding/csv"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"folio/internal/catalog"
	"folio/internal/coverage"
	"folio/internal/exchange"
	"folio/internal/pipeline"
	"folio/internal/project"
	"folio/internal/state"
)

// need skips the test when a program is missing, and fails it under CI.
func need(t *testing.T, prog string) string {
	t.Helper()
	path, err := exec.LookPath(prog)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required under CI=true (Debian packages translate-toolkit, gettext, libxml2-utils): %v", prog, err)
		}
		t.Skipf("%s not installed", prog)
	}
	return path
}

func run(t *testing.T, dir, prog string, args ...string) string {
	t.Helper()
	cmd := exec.Command(prog, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s%s", prog, strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String() + stderr.String()
}

// copyProject copies the real project (folio.toml, source/, locales/,
// .folio/history/) into a temporary folder.
func copyProject(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dst := t.TempDir()
	for _, rel := range []string{"folio.toml", "source", "locales", ".folio/history"} {
		err := filepath.WalkDir(filepath.Join(root, rel), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			r, _ := filepath.Rel(root, p)
			if d.IsDir() {
				return os.MkdirAll(filepath.Join(dst, r), 0o755)
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dst, r), data, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// snapshot reads every file under locales/ and .folio/.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	for _, sub := range []string{"locales", ".folio/history"} {
		filepath.WalkDir(filepath.Join(dir, sub), func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				data, _ := os.ReadFile(p)
				r, _ := filepath.Rel(dir, p)
				files[r] = string(data)
			}
			return nil
		})
	}
	return files
}

func load(t *testing.T, dir string) *project.Project {
	t.Helper()
	p, err := project.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// makeWork edits the copied source so the project has stale and
// untranslated messages besides current ones, and runs extract.
func makeWork(t *testing.T, dir string) {
	t.Helper()
	src := filepath.Join(dir, "source", "cyberspace.md")
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(data), "Jointly Build a Community", "Jointly Building a Community", 1)
	text = strings.Replace(text, "\n\n", "\n\nA new paragraph with *emphasis*, a [link](https://example.org/x \"t\") and `code`.\n\n", 1)
	if text == string(data) {
		t.Fatal("the source document no longer has the text this test edits")
	}
	if err := os.WriteFile(src, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := pipeline.Extract(load(t, dir))
	if err != nil || len(res.Errors) > 0 {
		t.Fatalf("extract: %v %v", err, res.Errors)
	}
}

func export(t *testing.T, dir, tag, format string, out string) string {
	t.Helper()
	res, err := exchange.Export(load(t, dir), exchange.ExportOptions{Locale: tag, Format: format, States: exchange.States{Untranslated: true, Stale: true, Current: true}, Out: out, Generator: "Folio test"})
	if err != nil || len(res.Errors) > 0 {
		t.Fatalf("export: %v %v", err, res.Errors)
	}
	if out == "" {
		out = filepath.Join(dir, exchange.DefaultOut)
	}
	return filepath.Join(out, exchange.FileName("cyberspace", tag, format))
}

func importFiles(t *testing.T, dir string, files ...string) *exchange.ImportResult {
	t.Helper()
	ins, probs := exchange.ReadInputs(files)
	if len(probs) > 0 {
		t.Fatalf("reading: %v", probs)
	}
	res, err := exchange.Import(load(t, dir), ins)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func docCounts(t *testing.T, dir, tag string) coverage.Tally {
	t.Helper()
	for _, l := range pipeline.Status(load(t, dir), []string{tag}) {
		for _, u := range l.Units {
			if u.Name == "cyberspace" {
				return u.Messages
			}
		}
	}
	t.Fatal("no coverage for cyberspace")
	return coverage.Tally{}
}

// TestRoundTripByteIdentical: export → import with no changes leaves every
// catalog byte-identical, for every locale and both formats, with current,
// stale and untranslated messages.
func TestRoundTripByteIdentical(t *testing.T) {
	dir := copyProject(t)
	makeWork(t, dir)
	before := snapshot(t, dir)
	p := load(t, dir)
	for _, tag := range p.Locales {
		for _, format := range []string{"po", "xliff"} {
			file := export(t, dir, tag, format, "")
			res := importFiles(t, dir, file)
			if len(res.Changes) > 0 || len(res.Refused) > 0 || len(res.Written) > 0 {
				t.Errorf("%s %s: import of an unchanged export changed %v, refused %v, wrote %v", tag, format, res.Changes, res.Refused, res.Written)
			}
		}
	}
	po, _ := os.ReadFile(filepath.Join(dir, exchange.DefaultOut, "cyberspace.fr.po"))
	if want := "#, fuzzy\n#| msgid \"Jointly Build a Community with a Shared Future in Cyberspace\"\nmsgctxt \"title\"\n"; !strings.Contains(string(po), want) {
		t.Errorf("the stale title is not fuzzy with its previous source (from .folio/history) in the PO file:\n%s", po)
	}
	after := snapshot(t, dir)
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s changed by export → import", k)
		}
	}
	if c := docCounts(t, dir, "fr"); c.Stale == 0 || c.Untranslated == 0 || c.Translated == 0 {
		t.Errorf("the test project should have current, stale and untranslated messages: %+v", c)
	}
}

// pocountCSV runs pocount --csv and returns the row for file.
func pocountCSV(t *testing.T, dir, file string) map[string]int {
	t.Helper()
	out := run(t, dir, need(t, "pocount"), "--csv", file)
	r := csv.NewReader(strings.NewReader(out))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	recs, err := r.ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("pocount --csv output: %v\n%s", err, out)
	}
	row := map[string]int{}
	for i, h := range recs[0] {
		if i < len(recs[1]) {
			row[strings.TrimSpace(h)], _ = strconv.Atoi(strings.TrimSpace(recs[1][i]))
		}
	}
	return row
}

// TestPocountMatchesStatus: Translate Toolkit's pocount reads both formats
// and counts what folio status counts.
func TestPocountMatchesStatus(t *testing.T) {
	need(t, "pocount")
	dir := copyProject(t)
	makeWork(t, dir)
	for _, tag := range []string{"fr", "zh-Hans", "ar"} {
		want := docCounts(t, dir, tag)
		for _, format := range []string{"po", "xliff"} {
			file := export(t, dir, tag, format, "")
			row := pocountCSV(t, dir, file)
			got := coverage.Tally{Total: row["Total Message"], Translated: row["Translated Messages"], Stale: row["Fuzzy Messages"], Untranslated: row["Untranslated Messages"]}
			want.Obsolete = 0
			if got != want {
				t.Errorf("%s %s: pocount counts %+v, folio status %+v", tag, format, got, want)
			}
		}
	}
}

// TestPofilter: pofilter reads both formats without errors.
func TestPofilter(t *testing.T) {
	pofilter := need(t, "pofilter")
	dir := copyProject(t)
	makeWork(t, dir)
	for _, format := range []string{"po", "xliff"} {
		file := export(t, dir, "fr", format, "")
		out := run(t, dir, pofilter, "--progress=none", file, filepath.Join(t.TempDir(), "out"+filepath.Ext(file)))
		if strings.Contains(out, "Traceback") || strings.Contains(strings.ToLower(out), "error") {
			t.Errorf("pofilter on %s: %s", format, out)
		}
	}
}

// TestMsgfmtCheck: gettext's msgfmt --check accepts the PO files of every
// locale.
func TestMsgfmtCheck(t *testing.T) {
	msgfmt := need(t, "msgfmt")
	dir := copyProject(t)
	makeWork(t, dir)
	for _, tag := range load(t, dir).Locales {
		file := export(t, dir, tag, "po", "")
		out := run(t, dir, msgfmt, "--check", "-o", os.DevNull, file)
		if strings.TrimSpace(out) != "" {
			t.Errorf("msgfmt --check %s: %s", tag, out)
		}
	}
}

// TestXmllint: the XLIFF files are well-formed XML. Debian ships no XLIFF
// 1.2 schema (no package holds xliff-core-1.2*.xsd), so validation against
// it is done when XLIFF_XSD names one.
func TestXmllint(t *testing.T) {
	xmllint := need(t, "xmllint")
	dir := copyProject(t)
	makeWork(t, dir)
	for _, tag := range load(t, dir).Locales {
		file := export(t, dir, tag, "xliff", "")
		run(t, dir, xmllint, "--noout", file)
		if xsd := os.Getenv("XLIFF_XSD"); xsd != "" {
			run(t, dir, xmllint, "--noout", "--schema", xsd, file)
		}
	}
}

// TestConverters: po2xliff and xliff2po convert Folio's files, and Folio
// imports what they make (an unchanged round trip changes nothing; an
// edit made in the converted file arrives).
func TestConverters(t *testing.T) {
	po2xliff, xliff2po := need(t, "po2xliff"), need(t, "xliff2po")
	dir := copyProject(t)
	makeWork(t, dir)
	before := snapshot(t, dir)
	conv := t.TempDir()

	po := export(t, dir, "fr", "po", "")
	xlf := filepath.Join(conv, "from-po.xlf")
	run(t, dir, po2xliff, "--progress=none", po, xlf)
	// xliff2po drops the PO header: the file name says document and locale.
	xlfExport := export(t, dir, "fr", "xliff", "")
	po2 := filepath.Join(conv, "cyberspace.fr.po")
	run(t, dir, xliff2po, "--progress=none", xlfExport, po2)

	res := importFiles(t, dir, xlf, po2)
	if len(res.Changes) > 0 || len(res.Refused) > 0 {
		t.Errorf("converted unchanged files: changes %v, refused %v", res.Changes, res.Refused)
	}
	for k, v := range snapshot(t, dir) {
		if before[k] != v {
			t.Errorf("%s changed by importing converted unchanged files", k)
		}
	}

	// Edit the converted PO as a translator would, and import it.
	data, err := os.ReadFile(po2)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(data), "Internet se développant", "Internet progressant", 1)
	if edited == string(data) {
		t.Fatalf("xliff2po output lacks the text to edit:\n%s", data)
	}
	os.WriteFile(po2, []byte(edited), 0o644)
	res = importFiles(t, dir, po2)
	if len(res.Changes) != 1 || len(res.Written) != 1 || len(res.Refused) > 0 {
		t.Fatalf("import of edited xliff2po file: changes %v, written %v, refused %v", res.Changes, res.Written, res.Refused)
	}
	if tr := translation(t, dir, "fr", res.Changes[0].ID); !strings.Contains(tr, "Internet progressant") {
		t.Errorf("catalog has %q after import", tr)
	}
}

func translation(t *testing.T, dir, tag, id string) string {
	t.Helper()
	st := state.Load(load(t, dir), []string{tag})
	for _, u := range st.Units {
		if u.Name == "cyberspace" {
			m := u.Locales[tag].File.Lookup(id)
			if m == nil {
				t.Fatalf("%s has no %s", tag, id)
			}
			if sm := u.Source.Lookup(id); catalog.StateOf(sm, m) != catalog.Current {
				t.Errorf("%s %s is %s after import, want current", tag, id, catalog.StateOf(sm, m))
			}
			return m.Other()
		}
	}
	t.Fatal("no cyberspace unit")
	return ""
}

// TestEditWithGettext: a translator confirms the fuzzy entries
// (msgattrib --clear-fuzzy) and rewrites a translation (msgfilter sed);
// import gives the catalog the edited, current text, and a following
// extract changes nothing (import writes as extract does).
func TestEditWithGettext(t *testing.T) {
	msgattrib, msgfilter := need(t, "msgattrib"), need(t, "msgfilter")
	dir := copyProject(t)
	makeWork(t, dir)
	po := export(t, dir, "fr", "po", "")
	work := t.TempDir()
	cleared := filepath.Join(work, "cleared.po")
	run(t, dir, msgattrib, "--clear-fuzzy", "--clear-previous", "-o", cleared, po)
	final := filepath.Join(work, "final.po")
	run(t, dir, msgfilter, "-i", cleared, "-o", final, "sed", "-e", "s/Construire ensemble/Bâtir ensemble/")
	before := docCounts(t, dir, "fr")
	res := importFiles(t, dir, final)
	if len(res.Refused) > 0 || len(res.Rejected) > 0 {
		t.Fatalf("refused %v, rejected %v", res.Refused, res.Rejected)
	}
	if tr := translation(t, dir, "fr", "title"); !strings.HasPrefix(tr, "Bâtir ensemble") {
		t.Errorf("title is %q after import, want the edited text", tr)
	}
	after := docCounts(t, dir, "fr")
	if after.Stale != 0 || after.Translated != before.Translated+before.Stale {
		t.Errorf("after confirming every fuzzy entry: %+v (before %+v)", after, before)
	}
	snap := snapshot(t, dir)
	res2, err := pipeline.Extract(load(t, dir))
	if err != nil || len(res2.Written) > 0 {
		t.Errorf("extract after import wrote %v (%v): import must write catalogs as extract does", res2.Written, err)
	}
	for k, v := range snapshot(t, dir) {
		if snap[k] != v {
			t.Errorf("%s changed by extract after import", k)
		}
	}
}

// TestEditWithTranslateToolkit: the XLIFF edited through Translate
// Toolkit's Python API (a new translation, approved) is imported.
func TestEditWithTranslateToolkit(t *testing.T) {
	py := "/usr/bin/python3"
	if exec.Command(py, "-c", "import translate.storage.xliff").Run() != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("python3 with translate-toolkit's module is required under CI=true")
		}
		t.Skip("translate-toolkit's Python module not available")
	}
	dir := copyProject(t)
	makeWork(t, dir)
	xlf := export(t, dir, "fr", "xliff", "")
	script := `
import sys
from translate.storage import factory
store = factory.getobject(sys.argv[1])
n = 0
for u in store.units:
    if not u.target and u.source.startswith("A new paragraph"):
        u.target = "Un nouveau paragraphe avec *emphase*, un [lien](https://example.org/x \"t\") et ` + "`code`" + `."
        u.markfuzzy(False)
        n += 1
if n != 1:
    sys.exit("found %d units to translate" % n)
store.save()
`
	run(t, dir, py, "-c", script, xlf)
	res := importFiles(t, dir, xlf)
	if len(res.Changes) != 1 || len(res.Refused) > 0 || len(res.Rejected) > 0 {
		t.Fatalf("changes %v, refused %v, rejected %v", res.Changes, res.Refused, res.Rejected)
	}
	if tr := translation(t, dir, "fr", res.Changes[0].ID); !strings.HasPrefix(tr, "Un nouveau paragraphe avec *emphase*") {
		t.Errorf("catalog has %q", tr)
	}
}

// TestImportRefusals: unknown IDs, changed source text and broken
// Markdown are refused; the rest of the file is imported.
func TestImportRefusals(t *testing.T) {
	dir := copyProject(t)
	po := export(t, dir, "fr", "po", "")
	data, _ := os.ReadFile(po)
	text := string(data)
	for _, r := range [][2]string{
		{`msgctxt "title"`, `msgctxt "no-such-id"`},
		{`msgid "Organizing Committee of the World Internet Conference"`, `msgid "Organising Committee of the World Internet Conference"`},
		{"Comité d’organisation de la Conférence mondiale de l’Internet", "Comité d’organisation de la Conférence mondiale de l’Internet (édité)"},
	} {
		if !strings.Contains(text, r[0]) {
			t.Fatalf("export lacks %q", r[0])
		}
		text = strings.Replace(text, r[0], r[1], 1)
	}
	os.WriteFile(po, []byte(text), 0o644)
	before := snapshot(t, dir)
	res := importFiles(t, dir, po)
	if len(res.Refused) != 2 {
		t.Errorf("refused %v, want the unknown ID and the changed source", res.Refused)
	}
	if len(res.Changes) != 0 {
		t.Errorf("changes %v: the edited entry had a changed source and must be refused", res.Changes)
	}
	if after := snapshot(t, dir); after["locales/cyberspace/fr.toml"] != before["locales/cyberspace/fr.toml"] {
		t.Error("catalog written although nothing was importable")
	}

	// A translation that drops a link destination fails markdown-parity:
	// the catalog is not written.
	po = export(t, dir, "fr", "po", "")
	data, _ = os.ReadFile(po)
	f, err := exchange.ParsePO(po, data)
	if err != nil {
		t.Fatal(err)
	}
	var id string
	for _, e := range f.Entries {
		if strings.Contains(e.Target, "*") {
			id = e.ID
			text = strings.Replace(string(data), e.Target, strings.ReplaceAll(e.Target, "*", "")+" <script>x</script>", 1)
			break
		}
	}
	if id == "" {
		t.Fatal("no translation with emphasis to break")
	}
	os.WriteFile(po, []byte(text), 0o644)
	res = importFiles(t, dir, po)
	if len(res.Rejected) != 1 || len(res.Written) != 0 {
		t.Errorf("rejected %v, written %v: a check error must keep the catalog unwritten", res.Rejected, res.Written)
	}
	// Each error points at the translation in the PO file, where the
	// translator can mend it (the catalog's lines were never written):
	// the msgstr line, at its string's opening quote.
	var msgstr int
	for i, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, "msgstr ") && strings.Contains(l, "<script>") {
			msgstr = i + 1
		}
	}
	for _, ds := range res.Rejected {
		for _, d := range ds {
			if d.File != po || d.Line != msgstr || d.Column != len("msgstr ")+1 || d.ID != id {
				t.Errorf("rejected diagnostic at %s:%d:%d (%s), want %s:%d:%d (%s)", d.File, d.Line, d.Column, d.ID, po, msgstr, len("msgstr ")+1, id)
			}
		}
	}
	if snapshot(t, dir)["locales/cyberspace/fr.toml"] != before["locales/cyberspace/fr.toml"] {
		t.Error("catalog written despite check errors")
	}
}
