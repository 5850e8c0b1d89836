package catalog

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// The white paper's catalogs as benchmark input (go test -bench .
// ./internal/catalog): a source catalog, a Latin-script and a CJK locale.
var benchFiles = []string{"en", "fr", "zh-Hans"}

// codeCatalog is a catalog whose texts are code, as a technical
// document's code blocks make them: this package's own Go source in
// blocks of ten lines (quotes, backslashes, tabs and line breaks to
// escape), with its encoding.
func codeCatalog(b *testing.B) (*File, []byte) {
	var lines []string
	for _, name := range []string{"encode.go", "fastparse.go", "catalog.go"} {
		data, err := os.ReadFile(name)
		if err != nil {
			b.Fatal(err)
		}
		lines = append(lines, strings.Split(string(data), "\n")...)
	}
	f := &File{Path: "code.toml"}
	for i := 0; i < len(lines); i += 10 {
		text := strings.Join(lines[i:min(i+10, len(lines))], "\n")
		f.Add(&Message{ID: fmt.Sprintf("code-%d", i), Hash: Hash(text), Forms: OtherForm(text)})
	}
	return f, f.Encode(nil)
}

func BenchmarkParse(b *testing.B) {
	b.Run("code", func(b *testing.B) {
		_, data := codeCatalog(b)
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if f, err := Parse("code.toml", data); err != nil || len(f.Messages) == 0 {
				b.Fatal(err)
			}
		}
	})
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
	b.Run("code", func(b *testing.B) {
		f, data := codeCatalog(b)
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if out := f.Encode([]string{"header"}); len(out) == 0 {
				b.Fatal("empty")
			}
		}
	})
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

// BenchmarkCommentSafe times commentSafe, which looks at eight bytes at a
// time, against a byte-by-byte loop, on the comment lines of the white
// paper's French catalog (each message's English text, as extract writes
// it).
func BenchmarkCommentSafe(b *testing.B) {
	data, err := os.ReadFile("../../locales/cyberspace/fr.toml")
	if err != nil {
		b.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(l, "# ") {
			lines = append(lines, l[2:])
		}
	}
	bytewise := func(line string, valid bool) bool {
		for i := 0; i < len(line); i++ {
			if c := line[i]; c < 0x20 && c != '\t' || c == 0x7f {
				return false
			}
		}
		return valid || utf8.ValidString(line)
	}
	for _, f := range []struct {
		name string
		safe func(string, bool) bool
	}{{"bytes", bytewise}, {"words", commentSafe}} {
		b.Run(f.name, func(b *testing.B) {
			for b.Loop() {
				for _, l := range lines {
					f.safe(l, true)
				}
			}
		})
	}
}
