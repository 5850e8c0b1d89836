package pipeline

import (
	"fmt"
	"math/rand"
	"os"
	"strings"
	"testing"
)

// A long series of random revisions of the white paper (deterministic
// seeds): after each, every translation is still somewhere, text found once
// before and once after keeps its ID and its state, extract is idempotent.
func TestRandomRevisions(t *testing.T) {
	steps := 12
	if testing.Short() {
		steps = 4
	}
	for _, seed := range []int64{1, 2, 3} {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			rng := rand.New(rand.NewSource(seed))
			p := whitePaper(t)
			path := p.Abs("source/cyberspace.md")
			var deleted []string
			for step := 0; step < steps; step++ {
				data, _ := os.ReadFile(path)
				blocks := strings.Split(strings.TrimRight(string(data), "\n"), "\n\n")
				var what string
				blocks, deleted, what = randomRevision(rng, blocks, deleted, step)
				before := takeSnapshot(t, p, "cyberspace")
				os.WriteFile(path, []byte(strings.Join(blocks, "\n\n")+"\n"), 0o644)
				if res, err := Extract(p); err != nil || len(res.Errors) > 0 {
					t.Fatal(err, res.Errors)
				}
				after := takeSnapshot(t, p, "cyberspace")
				nothingLost(t, p, before, after)
				once := func(s snapshotSource) map[string]string {
					n, id := map[string]int{}, map[string]string{}
					for _, m := range s {
						n[m[1]]++
						id[m[1]] = m[0]
					}
					for text, c := range n {
						if c > 1 {
							delete(id, text)
						}
					}
					return id
				}
				b, a := once(sourceOf(before)), once(sourceOf(after))
				for text, id := range b {
					if aid, ok := a[text]; ok {
						if aid != id {
							t.Errorf("step %d (%s): %q moved from ID %s to %s", step, what, clip(text), id, aid)
							continue
						}
						for _, tag := range p.Locales {
							if bs, as := before.stateOf(tag, id, before), after.stateOf(tag, id, before); bs != as && bs != sSuggestion {
								t.Errorf("step %d (%s): %s (%s) went from %s to %s", step, what, id, tag, bs, as)
							}
						}
					}
				}
				if res, _ := Extract(p); len(res.Written) > 0 {
					t.Errorf("step %d (%s): second extract wrote %v", step, what, res.Written)
				}
				if t.Failed() {
					return
				}
			}
		})
	}
}

type snapshotSource [][2]string

func sourceOf(s snapshot) snapshotSource {
	var out snapshotSource
	for _, m := range s.src.Messages {
		out = append(out, [2]string{m.ID, m.Other()})
	}
	return out
}

func randomRevision(rng *rand.Rand, blocks, deleted []string, step int) ([]string, []string, string) {
	pick := func() int { return 1 + rng.Intn(len(blocks)-1) } // never the title
	isPara := func(b string) bool { return !strings.HasPrefix(b, "#") && b != "---" }
	for {
		switch rng.Intn(7) {
		case 0: // delete
			i := pick()
			deleted = append(deleted, blocks[i])
			return append(blocks[:i:i], blocks[i+1:]...), deleted, "delete"
		case 1: // insert
			i := pick()
			b := fmt.Sprintf("Inserted paragraph number %d about topic %d.", step, rng.Intn(1000))
			return append(blocks[:i:i], append([]string{b}, blocks[i:]...)...), deleted, "insert"
		case 2: // edit one word
			i := pick()
			words := strings.Split(blocks[i], " ")
			if !isPara(blocks[i]) || len(words) < 8 {
				continue
			}
			words[3+rng.Intn(len(words)-4)] = fmt.Sprintf("edited%d", step)
			blocks[i] = strings.Join(words, " ")
			return blocks, deleted, "edit"
		case 3: // move
			i, j := pick(), pick()
			b := blocks[i]
			blocks = append(blocks[:i:i], blocks[i+1:]...)
			if j > len(blocks) {
				j = len(blocks)
			}
			return append(blocks[:j:j], append([]string{b}, blocks[j:]...)...), deleted, "move"
		case 4: // split at a sentence
			i := pick()
			k := strings.Index(blocks[i], ". ")
			if !isPara(blocks[i]) || k < 0 {
				continue
			}
			a, b := blocks[i][:k+1], blocks[i][k+2:]
			return append(blocks[:i:i], append([]string{a, b}, blocks[i+1:]...)...), deleted, "split"
		case 5: // merge with the next block
			i := pick()
			if i+1 >= len(blocks) || !isPara(blocks[i]) || !isPara(blocks[i+1]) {
				continue
			}
			blocks[i] += " " + blocks[i+1]
			return append(blocks[:i+1:i+1], blocks[i+2:]...), deleted, "merge"
		case 6: // a deleted block returns
			if len(deleted) == 0 {
				continue
			}
			k := rng.Intn(len(deleted))
			i := pick()
			b := deleted[k]
			deleted = append(deleted[:k:k], deleted[k+1:]...)
			return append(blocks[:i:i], append([]string{b}, blocks[i:]...)...), deleted, "restore"
		}
	}
}
