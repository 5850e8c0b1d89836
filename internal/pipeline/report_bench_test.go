package pipeline

import (
	"os"
	"testing"
)

// BenchmarkBuildAfterCatalogEdit times a build (every format) after one
// locale's catalog of one document changed, on 20 copies of the white
// paper in six languages: the editions of that document in that locale
// and the status report are redone.
func BenchmarkBuildAfterCatalogEdit(b *testing.B) {
	p := statusBenchProject(b, 20)
	opts := BuildOptions{Formats: []string{"md", "html", "txt", "epub"}}
	if _, err := Build(p, opts); err != nil {
		b.Fatal(err)
	}
	cat := p.Abs("locales/paper00/fr.toml")
	data, err := os.ReadFile(cat)
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for b.Loop() {
		b.StopTimer()
		n++
		edited := append(append([]byte{}, data...), make([]byte, n%2)...)
		if n%2 == 1 {
			edited[len(edited)-1] = '\n'
		}
		if err := os.WriteFile(cat, edited, 0o644); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := Build(p, opts); err != nil {
			b.Fatal(err)
		}
	}
}
