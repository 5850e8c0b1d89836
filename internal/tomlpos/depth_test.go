package tomlpos

import (
	"fmt"
	"strings"
	"testing"
)

func TestTooDeep(t *testing.T) {
	deep := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	cases := []struct {
		src  string
		want Pos // zero: not too deep
	}{
		{"a = " + deep(MaxNesting) + "\n", Pos{}},
		{"a = " + deep(MaxNesting+1) + "\n", Pos{1, 5 + MaxNesting}},
		{"# " + deep(500) + "\na = 1\n", Pos{}},
		{"a = \"" + strings.Repeat("[", 500) + "\"\n", Pos{}},
		{"a = '" + strings.Repeat("{", 500) + "'\n", Pos{}},
		{"a = \"\"\"\n" + strings.Repeat("[", 500) + "\\\"\"\"\n\"\"\"\nb = " + deep(MaxNesting+1), Pos{4, 5 + MaxNesting}},
		{"[t]\n[[u]]\nx = {a = [1, {b = 2}]}\n", Pos{}},
		{"é = " + strings.Repeat("{x=", MaxNesting+1), Pos{1, 5 + 3*MaxNesting}},
	}
	for i, c := range cases {
		at, ok := TooDeep([]byte(c.src))
		if ok != (c.want != Pos{}) || at != c.want {
			t.Errorf("case %d: got %v %v, want %v", i, at, ok, c.want)
		}
	}
}

// BenchmarkScanMessages loads the positions of every message of a large
// catalog; Message used to scan every value of the file per message.
func BenchmarkScanMessages(b *testing.B) {
	var sb strings.Builder
	for i := 0; i < 5000; i++ {
		fmt.Fprintf(&sb, "[\"m%d\"]\nhash = \"h\"\nother = \"t\"\n", i)
	}
	data := []byte(sb.String())
	for b.Loop() {
		p := Scan(data)
		for i := 0; i < 5000; i++ {
			p.Message(fmt.Sprintf("m%d", i))
		}
	}
}
