package pipeline

import "testing"

// mayHoldTranslation errs on the side of yes: only a catalog whose every
// value line is an empty plural form or a field that is no translation
// holds none.
func TestMayHoldTranslation(t *testing.T) {
	for _, tc := range []struct {
		data string
		want bool
	}{
		{"", false},
		{"# header\n\n[\"a\"]\nhash = \"sha1-1\"\nother = \"\"\n", false},
		{"[a]\ndescription = \"x\"\nid = \"a\"\nleftDelim = \"<<\"\nrightDelim = \">>\"\none = \"\"\nother = \"\"\r\n", false},
		{"[\"a\"]\nhash = \"sha1-1\"\nother = \"Bonjour\"\n", true},
		{"[a]\none = \"un\"\nother = \"\"\n", true},
		{"[a]\nother = 'littéral'\n", true},
		{"[a]\nother = \"\"\"\nlong\"\"\"\n", true},
		{"a = \"top-level message\"\n", true},
		{"[a]\ntranslation = \"v1\"\n", true},
		{"not toml at all\n", true},
	} {
		if got := mayHoldTranslation([]byte(tc.data)); got != tc.want {
			t.Errorf("mayHoldTranslation(%q) = %v, want %v", tc.data, got, tc.want)
		}
	}
}
