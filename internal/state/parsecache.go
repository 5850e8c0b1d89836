package state

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"sync"

	"folio/internal/catalog"
	"folio/internal/project"
)

// Folio used to keep a parse cache of catalogs and history files, as gob,
// under .folio/cache/parsed/. It keeps none now: catalog.Parse and
// catalog.ParseStringTable read the TOML Folio writes faster than gob
// decoded it, without hashing the bytes, reading a second file or writing
// one on a first run. A folder left by an older Folio is never read.

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

// PrimeCatalog did record a parsed catalog in the parse cache, which is
// gone; it does nothing, and is kept only so that its callers build.
//
// Deprecated: loading a catalog Folio wrote is faster than the cache was.
func PrimeCatalog(p *project.Project, rel string, data []byte, f *catalog.File) {}

// PrimeHistory did record a decoded history file in the parse cache, which
// is gone; it does nothing, and is kept only so that its callers build.
//
// Deprecated: loading a history file Folio wrote is faster than the cache
// was.
func PrimeHistory(p *project.Project, rel string, data []byte, hist map[string]string) {}
