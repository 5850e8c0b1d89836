package main

import (
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// editSuffix is appended to each edited paragraph: a small edit, so that
// the paragraph keeps its message ID and its translations turn stale (and
// po4a's msgmerge finds it as a fuzzy match).
const editSuffix = " This behaviour changed in the latest release."

// editProject appends a sentence to pct % of the prose paragraphs of the
// project's source documents (at least one), chosen from the seed, and
// returns how many it edited out of how many.
func editProject(dir string, seed uint64, pct float64) (int, int, error) {
	var files []string
	root := filepath.Join(dir, "source")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".md") || strings.HasSuffix(path, ".markdown")) {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		return 0, 0, err
	}
	sort.Strings(files)
	type para struct{ file, line int }
	var paras []para
	contents := make([][]string, len(files))
	for i, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return 0, 0, err
		}
		lines := strings.Split(string(data), "\n")
		contents[i] = lines
		fence := false
		for j, l := range lines {
			if strings.HasPrefix(l, "```") {
				fence = !fence
				continue
			}
			if !fence && l != "" && l[0] >= 'A' && l[0] <= 'Z' {
				paras = append(paras, para{i, j})
			}
		}
	}
	// At least one paragraph where there is one: a corpus of a few short
	// documents (5 % of 8 paragraphs rounds to none) would otherwise have
	// no 5 %-edit run to time.
	n := max(int(float64(len(paras))*pct/100+0.5), min(1, len(paras)))
	r := rand.New(rand.NewPCG(seed, 0xed17))
	perm := r.Perm(len(paras))[:n]
	changed := map[int]bool{}
	for _, k := range perm {
		p := paras[k]
		contents[p.file][p.line] += editSuffix
		changed[p.file] = true
	}
	for i := range files {
		if changed[i] {
			if err := os.WriteFile(files[i], []byte(strings.Join(contents[i], "\n")), 0o644); err != nil {
				return 0, 0, err
			}
		}
	}
	return n, len(paras), nil
}
