package catalog

import (
	"errors"
	"testing"
)

// FuzzParse: Parse never panics; every error it returns is a *Error with a
// line and column; and every catalog it accepts encodes to a file that
// parses back to the same messages (Folio never writes what it cannot
// read).
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"",
		"\uFEFF[\"a.b\"]\r\nother = \"x\"\r\n",
		"hello = \"Hello\"\nbye = \"Bye\"\n",
		"[menu]\nopen = \"Open\"\n[menu.file]\nother = \"File\"\n",
		"[cats]\none = \"one cat\"\nother = \"{{.Count}} cats\"\n",
		"[x]\nid = \"x\"\ndescription = \"d\"\nhash = \"sha1-0\"\nleftDelim = \"<<\"\nrightDelim = \">>\"\nother = \"X\"\n",
		"[a]\nother = 5\n",
		"[a]\nother = {x = \"y\"}\n",
		"[a.other]\nx = \"y\"\n",
		"[a]\nother = \"x\"\nfoo = \"y\"\n",
		"a = \"\"\"multi\nline\"\"\"\nb = '''lit'''\n",
		"[\"quoted.key\"]\nother = \"tab\\t\\u00e9\\U0001F600\"\n",
		"a.b.c = \"dotted\"\n",
		"[[arr]]\nother = \"x\"\n",
		"[a]\nother = \"x\"\n[a]\nother = \"y\"\n",
		"x = [\n1,\n2]\n",
		"\"\" = \"empty key\"\n",
		"[a]\ntranslation = \"v1\"\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse("locales/doc/fr.toml", data)
		if err != nil {
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("error without a position: %T %v", err, err)
			}
			if ce.Line < 1 || ce.Column < 1 {
				t.Fatalf("error without a line and column: %v", err)
			}
			return
		}
		out := file.Encode([]string{"header"})
		again, err := Parse("locales/doc/fr.toml", out)
		if err != nil {
			t.Fatalf("Folio cannot read what it wrote: %v\nin  %q\nout %q", err, data, out)
		}
		if len(again.Messages) != len(file.Messages) {
			t.Fatalf("%d messages, %d after a round trip\nin  %q\nout %q", len(file.Messages), len(again.Messages), data, out)
		}
		for _, m := range file.Messages {
			n := again.Lookup(m.ID)
			if n == nil {
				t.Fatalf("message %q lost in a round trip\nout %q", m.ID, out)
			}
			for k, v := range m.Forms.All() {
				if v != "" && n.Forms.Text(k) != v {
					t.Fatalf("message %q form %s: %q became %q", m.ID, k, v, n.Forms.Text(k))
				}
			}
		}
	})
}
