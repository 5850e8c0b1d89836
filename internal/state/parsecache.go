package state

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"os"
	"sync"
	"unicode/utf8"

	"folio/internal/catalog"
	"folio/internal/fsutil"
	"folio/internal/project"
)

// The parse cache keeps each history file Folio has decoded, in gob form,
// under .folio/cache/parsed/ (git-ignored), keyed by the SHA-256 of the
// Folio executable, the file's path and its bytes: a later run that reads
// the same bytes with the same Folio decodes the gob instead of decoding
// TOML. A missing or unreadable entry is decoded again, so the cache can be
// deleted at any time.
//
// Catalogs are not cached: catalog.Parse reads the TOML Folio writes as
// fast as gob decoded it, without hashing the bytes, reading a second file
// or writing one on a first run.

var (
	exeOnce sync.Once
	exeHash string
)

// ExecutableHash identifies the running Folio: the hex SHA-256 of its
// executable ("" when it cannot be read, which turns the caches off).
func ExecutableHash() string {
	exeOnce.Do(func() {
		if exe, err := os.Executable(); err == nil {
			if data, err := os.ReadFile(exe); err == nil {
				sum := sha256.Sum256(data)
				exeHash = hex.EncodeToString(sum[:])
			}
		}
	})
	return exeHash
}

// cacheKey is the parse cache's path for the bytes of file rel decoded as
// kind ("history" for a history file), or "" when the cache is off.
func cacheKey(p *project.Project, kind, rel string, data []byte) string {
	exe := ExecutableHash()
	if exe == "" {
		return ""
	}
	h := sha256.New()
	h.Write([]byte(exe + "\x00" + kind + "\x00" + rel + "\x00"))
	h.Write(data)
	key := hex.EncodeToString(h.Sum(nil))
	return p.Abs(".folio/cache/parsed/" + key[:2] + "/" + key + ".gob")
}

// PrimeCatalog did record a parsed catalog in the parse cache, which no
// longer keeps catalogs; it does nothing, and is kept only so that its
// callers build.
//
// Deprecated: loading a catalog Folio wrote is as fast as the cache was.
func PrimeCatalog(p *project.Project, rel string, data []byte, f *catalog.File) {}

// historyKey is the parse cache's path for a history file's bytes.
func historyKey(p *project.Project, rel string, data []byte) string {
	return cacheKey(p, "history", rel, data)
}

// historyCached returns the history decoded from these bytes, when the
// parse cache has it.
func historyCached(p *project.Project, rel string, data []byte) (map[string]string, bool) {
	path := historyKey(p, rel, data)
	if path == "" {
		return nil, false
	}
	cached, err := os.ReadFile(path)
	if err != nil {
		return nil, false
	}
	hist := map[string]string{}
	if gob.NewDecoder(bytes.NewReader(cached)).Decode(&hist) != nil {
		return nil, false
	}
	return hist, true
}

// PrimeHistory records in the parse cache that the history file rel, whose
// bytes are data, decodes to hist: LoadHistory after a successful parse,
// and extract for the history it has just written (data must then be what
// TOML-decodes to hist; texts that are not valid UTF-8, which the encoding
// could not carry unchanged, are never recorded).
func PrimeHistory(p *project.Project, rel string, data []byte, hist map[string]string) {
	path := historyKey(p, rel, data)
	if path == "" {
		return
	}
	for k, v := range hist {
		if !utf8.ValidString(k) || !utf8.ValidString(v) {
			return
		}
	}
	var buf bytes.Buffer
	if gob.NewEncoder(&buf).Encode(hist) == nil {
		fsutil.WriteOutput(path, buf.Bytes())
	}
}
