package pipeline

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"folio/internal/catalog"
	"folio/internal/check"
	"folio/internal/state"
	"folio/internal/xxh3"
)

// TestBuildKeepsCleanTranslations: a build records, per document and
// locale, the translations its checks found clean (every current one of
// the white paper's), and the record survives only whole and of this
// executable.
func TestBuildKeepsCleanTranslations(t *testing.T) {
	dir := copyProject(t)
	p := loadProject(t, dir)
	if _, err := Build(p, BuildOptions{Formats: []string{"md"}}); err != nil {
		t.Fatal(err)
	}
	st := state.Load(p, p.Locales)
	current := 0
	for _, u := range st.Units {
		if u.Name != "cyberspace" {
			continue
		}
		for _, m := range u.Source.Messages {
			if catalog.StateOf(m, u.Locales["fr"].File.Lookup(m.ID)) == catalog.Current {
				current++
			}
		}
	}
	cc := loadCleanCache(p)
	keys := cc.known("cyberspace", "fr")
	if current < 20 || len(keys) != current {
		t.Fatalf("%d keys for the French catalog's %d current translations", len(keys), current)
	}
	for _, tag := range p.Locales {
		if len(cc.known("cyberspace", tag)) == 0 {
			t.Errorf("no key for %s", tag)
		}
	}

	file := filepath.Join(dir, ".folio/cache", cleanCacheFile)
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for name, bad := range map[string][]byte{
		"cut short":        data[:len(data)-20],
		"a byte changed":   append(append([]byte{}, data[:len(data)-30]...), append([]byte{data[len(data)-30] ^ 1}, data[len(data)-29:]...)...),
		"empty":            nil,
		"another magic":    append([]byte("FOLCLN00"), data[8:]...),
		"another Folio":    reencode(data, "go-buildid:another/one"),
		"a count too long": []byte("FOLCLN01\x00\x01a\x01b\xff\x01"),
	} {
		if err := os.WriteFile(file, bad, 0o644); err != nil {
			t.Fatal(err)
		}
		if n := len(loadCleanCache(p).sets); n != 0 {
			t.Errorf("%s: %d document locales read", name, n)
		}
	}
	// The control case: the file as written, re-encoded for this Folio.
	if err := os.WriteFile(file, reencode(data, state.ExecutableHash()), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := loadCleanCache(p).known("cyberspace", "fr"); !slices.Equal(got, keys) {
		t.Errorf("re-encoded: %d keys, want %d", len(got), len(keys))
	}
}

// reencode is a clean cache's content with another executable's identity
// (and a checksum that matches).
func reencode(data []byte, exe string) []byte {
	r := &binReader{rest: data[len(cleanCacheMagic) : len(data)-8]}
	r.str()
	b := appendStr(append([]byte{}, cleanCacheMagic...), exe)
	b = append(b, r.rest...)
	return binary.LittleEndian.AppendUint64(b, xxh3.Hash(b))
}

// TestBuildChecksAChangedTranslation: what the clean cache holds does not
// hide an error in a translation edited since: the edited Spanish
// translation is checked and its edition refused, then built once the
// error is gone, as without the cache.
func TestBuildChecksAChangedTranslation(t *testing.T) {
	for _, cached := range []bool{true, false} {
		testNoCleanCache = !cached
		dir := copyProject(t)
		p := loadProject(t, dir)
		if _, err := Build(p, BuildOptions{Formats: []string{"md"}}); err != nil {
			t.Fatal(err)
		}
		es := filepath.Join(dir, "locales/cyberspace/es.toml")
		orig, err := os.ReadFile(es)
		if err != nil {
			t.Fatal(err)
		}
		// The first translation gains a link its source does not have,
		// which Markdown parity refuses.
		editFile(t, es, func(s string) string {
			return strings.Replace(s, "\nother = \"", "\nother = \"[x](https://example.org) ", 1)
		})
		res, err := Build(p, BuildOptions{Formats: []string{"md"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Skipped) != 1 || !strings.Contains(res.Skipped[0], "(es): not built") {
			t.Errorf("cache %v: skipped %q, want the Spanish edition refused", cached, res.Skipped)
		}
		if err := os.WriteFile(es, orig, 0o644); err != nil {
			t.Fatal(err)
		}
		res, err = Build(p, BuildOptions{Formats: []string{"md"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Skipped) != 0 {
			t.Errorf("cache %v: once mended, skipped %q", cached, res.Skipped)
		}
	}
	testNoCleanCache = false
}

// TestCleanCacheDropsWhatTheProjectLost: the sets of a document or
// locale the project no longer has are not written again.
func TestCleanCacheDropsWhatTheProjectLost(t *testing.T) {
	dir := copyProject(t)
	p := loadProject(t, dir)
	cc := &cleanCache{sets: map[check.CleanSet][]byte{
		{Unit: "gone", Locale: "fr"}:       make([]byte, 8),
		{Unit: "cyberspace", Locale: "de"}: make([]byte, 16),
		{Unit: "cyberspace", Locale: "ru"}: make([]byte, 24),
	}}
	memo := check.NewCleanMemo(nil)
	st := state.Load(p, []string{"fr"})
	check.RunUnits(st, check.Options{Locales: []string{"fr"}, Glossary: &check.Glossary{}, ErrorsOnly: true, Shown: true, Clean: memo})
	cc.save(p, memo)
	got := loadCleanCache(p)
	var sets []string
	for s, keys := range got.sets {
		sets = append(sets, s.Unit+"/"+s.Locale+":"+strings.Repeat("k", len(keys)/8))
	}
	slices.Sort(sets)
	if len(sets) != 2 || !strings.HasPrefix(sets[0], "cyberspace/fr:kkkk") || sets[1] != "cyberspace/ru:kkk" {
		t.Errorf("sets written: %q", sets)
	}
}
