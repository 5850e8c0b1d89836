package build

import "testing"

func TestWordDiffHTML(t *testing.T) {
	cases := []struct{ old, new, want string }{
		{"Second paragraph about cherries.", "Second paragraph about pears.", "Second paragraph about <del>cherries</del> <ins>pears</ins>."},
		{"a b c", "a c", "a <del>b </del>c"},
		{"x <b> & y", "x <i> & y", "x &lt;<del>b</del> <ins>i</ins>&gt; &amp; y"},
		{"互联网发展日新月异", "互联网发展很快", "互联网发展<del>日新月异</del> <ins>很快</ins>"},
		{"same", "same", "same"},
	}
	for _, c := range cases {
		if got := wordDiffHTML(c.old, c.new); got != c.want {
			t.Errorf("wordDiffHTML(%q, %q) = %q, want %q", c.old, c.new, got, c.want)
		}
	}
}
