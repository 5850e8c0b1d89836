package check

import (
	"math/rand/v2"
	"testing"
)

// plain's shortcut for text with nothing to strip changes no result.
func TestPlainMatchesRegexp(t *testing.T) {
	cases := []string{
		"", "plain text", "a `code` b", "``", "a ` b", "see [x](http://a.b/c) now", "](", "]()", "a ](b",
		"<b>bold</b>", "a < b > c", "<", "go to https://example.org/x?y=1, then http://a.b", "https:// x", "http://",
		"https://", "httpx://a", "hhttp://a", "`a` `b` `c", "x <a href=\"u\">y</a> `z` [w](v)", "tab\thttp://a\tb",
		"中文 `代码` https://例子.中国/路径 结束", "[link](dest (with) parens) after", "`unclosed <tag> and](paren) text",
	}
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"`", "]", "(", ")", "<", ">", "h", "http://", "https://", " ", "\t", "\n", "a", "é", "x"}
	for n := 0; n < 2000; n++ {
		var s string
		for k := r.IntN(12); k > 0; k-- {
			s += alphabet[r.IntN(len(alphabet))]
		}
		cases = append(cases, s)
	}
	for _, c := range cases {
		if got, want := plain(c), plainStrip.ReplaceAllString(plainLink.ReplaceAllString(c, "$1"), "\uFFFC"); got != want {
			t.Errorf("plain(%q) = %q, want %q", c, got, want)
		}
	}
}
