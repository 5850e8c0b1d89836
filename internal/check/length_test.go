package check

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestLengthRatioShared: lengthRatio gives lengthRatioRef's result for
// texts drawn from a small vocabulary, so that they share many words
// (repeated too), below and above maxScan source words, in scripts whose
// ratios differ.
func TestLengthRatioShared(t *testing.T) {
	vocab := strings.Fields("a the of and to in is it that for on with as was be at by this an are from or have not réseau données 数据 网络 безопасность сеть `code` [link](u) 1,000 {{.N}} — x")
	r := rand.New(rand.NewPCG(3, 4))
	text := func(n int) string {
		ws := make([]string, n)
		for i := range ws {
			ws[i] = vocab[r.IntN(len(vocab))]
		}
		return strings.Join(ws, " ")
	}
	diff, long := 0, 0
	for range 3000 {
		ns := 1 + r.IntN(2*maxScan+10)
		src, tr := text(ns), text(1+r.IntN(2*maxScan+10))
		if ns > maxScan {
			long++
		}
		for _, tags := range [][2]string{{"en", "fr"}, {"en", "zh-Hans"}, {"zh-Hans", "en"}} {
			got, want := lengthRatio(tags[0], tags[1], src, tr), lengthRatioRef(tags[0], tags[1], src, tr)
			if got != want {
				t.Fatalf("lengthRatio(%q, %q) = %q, want %q", src, tr, got, want)
			}
			if got != "" {
				diff++
			}
		}
	}
	if diff < 100 || long < 100 {
		t.Fatalf("only %d warnings, %d long sources", diff, long)
	}
}
