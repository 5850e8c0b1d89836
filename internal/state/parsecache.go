package state

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"os"
	"unicode/utf8"

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

// cacheKey is the parse cache's path for the bytes of file rel decoded as
// kind ("" for a catalog, "history" for a history file), or "" when the
// cache is off.
func cacheKey(p *project.Project, kind, rel string, data []byte) string {
	exe := ExecutableHash()
	if exe == "" {
		return ""
	}
	h := sha256.New()
	if kind == "" {
		h.Write([]byte(exe + "\x00" + rel + "\x00"))
	} else {
		h.Write([]byte(exe + "\x00" + kind + "\x00" + rel + "\x00"))
	}
	h.Write(data)
	key := hex.EncodeToString(h.Sum(nil))
	return p.Abs(".folio/cache/parsed/" + key[:2] + "/" + key + ".gob")
}

// catalogKey is the parse cache's path for a catalog's bytes.
func catalogKey(p *project.Project, rel string, data []byte) string {
	return cacheKey(p, "", rel, data)
}

// PrimeCatalog records in the parse cache that the catalog rel, whose
// bytes are data, parses to f: extract calls it with what
// catalog.EncodeParsed returned for the file it has just written, so that
// the next load does not parse it again. f must be what catalog.Parse
// returns for data.
func PrimeCatalog(p *project.Project, rel string, data []byte, f *catalog.File) {
	path := catalogKey(p, rel, data)
	if path == "" || f == nil || f.Path != rel {
		return
	}
	var buf bytes.Buffer
	if gob.NewEncoder(&buf).Encode(f) == nil {
		fsutil.WriteOutput(path, buf.Bytes())
	}
}

func parseCached(p *project.Project, rel string, data []byte) (*catalog.File, error) {
	path := catalogKey(p, rel, data)
	if path == "" {
		return catalog.Parse(rel, data)
	}
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
