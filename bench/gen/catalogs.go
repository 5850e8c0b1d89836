package main

import (
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"

	"folio/internal/catalog"
	"folio/internal/fsutil"
	"folio/internal/pipeline"
	"folio/internal/project"
	"folio/internal/state"
)

// Shares of the locale entries that are left untranslated or made stale;
// the rest are current pseudo-translations.
const (
	untranslatedPerMille = 70
	stalePerMille        = 60
)

// fate decides, from the seed alone, what a locale entry holds: 0
// current, 1 stale, 2 untranslated.
func fate(seed uint64, doc, tag, id string) int {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d\x00%s\x00%s\x00%s", seed, doc, tag, id)
	switch v := h.Sum64() % 1000; {
	case v < untranslatedPerMille:
		return 2
	case v < untranslatedPerMille+stalePerMille:
		return 1
	}
	return 0
}

// fillCatalogs runs Folio's extract to write the source and (empty) locale
// catalogs, fills the locale catalogs with pseudo-translations, and runs
// extract again so that every file is in the exact form extract writes
// (its comments included): the next extract then has nothing to change.
func fillCatalogs(dir string, seed uint64, locales []string) error {
	p, err := project.Load(dir)
	if err != nil {
		return err
	}
	if err := extract(p); err != nil {
		return err
	}
	st := state.Load(p, p.Locales)
	for _, u := range st.Units {
		if u.Doc == nil || u.Source == nil {
			continue
		}
		for _, tag := range locales {
			f := &catalog.File{}
			for _, sm := range u.Source.Messages {
				m := &catalog.Message{ID: sm.ID, Hash: sm.Hash, Forms: catalog.OtherForm("")}
				switch fate(seed, u.Name, tag, sm.ID) {
				case 0:
					m.Forms.Set("other", pipeline.PseudoText(sm.Other()))
				case 1:
					m.Forms.Set("other", pipeline.PseudoText(sm.Other()))
					m.Hash = catalog.Hash(sm.Other() + " (an older text)")
				}
				f.Add(m)
			}
			if _, err := fsutil.WriteFile(filepath.Join(dir, filepath.FromSlash(project.CatalogPath(u.Name, tag))), f.Encode(nil)); err != nil {
				return err
			}
		}
	}
	p, err = project.Load(dir)
	if err != nil {
		return err
	}
	if err := extract(p); err != nil {
		return err
	}
	// The set starts without a build or extract cache: a first run.
	return os.RemoveAll(filepath.Join(dir, ".folio", "cache"))
}

func extract(p *project.Project) error {
	res, err := pipeline.Extract(p)
	if err != nil {
		return err
	}
	if len(res.Errors) > 0 {
		return res.Errors[0]
	}
	return nil
}
