package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"folio/internal/project"
)

// statusBenchProject makes a project of copies of the white paper (its
// source document and catalogs in six languages, under new names) in a
// temporary folder.
func statusBenchProject(b *testing.B, copies int) *project.Project {
	b.Helper()
	dir := b.TempDir()
	for _, sub := range []string{"source", "locales", ".folio/history"} {
		if err := os.CopyFS(filepath.Join(dir, sub), os.DirFS(filepath.Join("../..", sub))); err != nil {
			b.Fatal(err)
		}
	}
	toml, err := os.ReadFile("../../folio.toml")
	if err != nil || os.WriteFile(filepath.Join(dir, "folio.toml"), toml, 0o644) != nil {
		b.Fatal(err)
	}
	for i := 0; i < copies; i++ {
		name := fmt.Sprintf("paper%02d", i)
		data, err := os.ReadFile(filepath.Join(dir, "source/cyberspace.md"))
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "source", name+".md"), data, 0o644); err != nil {
			b.Fatal(err)
		}
		if err := os.CopyFS(filepath.Join(dir, "locales", name), os.DirFS(filepath.Join(dir, "locales/cyberspace"))); err != nil {
			b.Fatal(err)
		}
	}
	p, err := project.Load(dir)
	if err != nil {
		b.Fatal(err)
	}
	return p
}

// BenchmarkStatus times status's work (loading and counting) on 20
// copies of the white paper in six languages: "warm" with the caches of
// an earlier run, "cold" without .folio/cache.
func BenchmarkStatus(b *testing.B) {
	p := statusBenchProject(b, 20)
	run := func(b *testing.B) {
		cov, problems := StatusReport(p, p.Locales)
		if len(problems) != 0 || len(cov) != len(p.Locales) || cov[0].Words.Total == 0 {
			b.Fatalf("status: %v", problems)
		}
	}
	b.Run("warm", func(b *testing.B) {
		run(b)
		for b.Loop() {
			run(b)
		}
	})
	b.Run("cold", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			os.RemoveAll(p.Abs(".folio/cache"))
			b.StartTimer()
			run(b)
		}
	})
}
