package catalog

import (
	"os"
	"testing"
)

// The white paper's catalogs as benchmark input (go test -bench .
// ./internal/catalog): a source catalog, a Latin-script and a CJK locale.
var benchFiles = []string{"en", "fr", "zh-Hans"}

func BenchmarkParse(b *testing.B) {
	for _, tag := range benchFiles {
		path := "../../locales/cyberspace/" + tag + ".toml"
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(tag, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if f, err := Parse(path, data); err != nil || len(f.Messages) == 0 {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkParseFull parses the same catalogs the full way (BurntSushi,
// tomlpos, go-i18n), as Parse does outside the subset fastparse.go reads.
func BenchmarkParseFull(b *testing.B) {
	for _, tag := range benchFiles {
		path := "../../locales/cyberspace/" + tag + ".toml"
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(tag, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if f, err := parseFull(path, data, false, false); err != nil || len(f.Messages) == 0 {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkEncode(b *testing.B) {
	for _, tag := range benchFiles {
		path := "../../locales/cyberspace/" + tag + ".toml"
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		f, err := Parse(path, data)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(tag, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if out := f.Encode([]string{"header"}); len(out) == 0 {
					b.Fatal("empty")
				}
			}
		})
	}
}

func BenchmarkHash(b *testing.B) {
	text := "Cyberspace is the common space of activities for mankind. The future of cyberspace should be in the hands of all countries."
	for b.Loop() {
		Hash(text)
	}
}
