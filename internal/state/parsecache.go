package state

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"os"
	"sync"

	"folio/internal/catalog"
	"folio/internal/fsutil"
	"folio/internal/project"
)

// The parse cache keeps each catalog Folio has parsed, in gob form, under
// .folio/cache/parsed/ (git-ignored), keyed by the SHA-256 of the Folio
// executable, the catalog's path and its bytes: a later run that reads the
// same bytes with the same Folio decodes the gob instead of parsing TOML
// (extract, then build, then check read the same catalogs). Only successful
// parses are kept; a missing or unreadable entry is parsed again, so the
// cache can be deleted at any time.

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

func parseCached(p *project.Project, rel string, data []byte) (*catalog.File, error) {
	exe := ExecutableHash()
	if exe == "" {
		return catalog.Parse(rel, data)
	}
	h := sha256.New()
	h.Write([]byte(exe + "\x00" + rel + "\x00"))
	h.Write(data)
	key := hex.EncodeToString(h.Sum(nil))
	path := p.Abs(".folio/cache/parsed/" + key[:2] + "/" + key + ".gob")
	if cached, err := os.ReadFile(path); err == nil {
		var f catalog.File
		if gob.NewDecoder(bytes.NewReader(cached)).Decode(&f) == nil && f.Path == rel {
			for _, m := range f.Messages {
				// gob leaves empty maps nil; callers may write to them.
				if m.Forms == nil {
					m.Forms = map[string]string{}
				}
				if m.Fields == nil {
					m.Fields = map[string]catalog.Pos{}
				}
			}
			return &f, nil
		}
	}
	f, err := catalog.Parse(rel, data)
	if err != nil {
		return f, err
	}
	var buf bytes.Buffer
	if gob.NewEncoder(&buf).Encode(f) == nil {
		fsutil.WriteOutput(path, buf.Bytes())
	}
	return f, nil
}
