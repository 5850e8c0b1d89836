package check

import (
	"testing"

	"folio/internal/catalog"
	"folio/internal/project"
	"folio/internal/segment"
	"folio/internal/state"
)

const fuzzSourceDoc = "# Title\n\nSee the [guide](https://example.org) and `code`, *now*.\n\n- {{.Name}} has %d items\n- ![logo](logo.png)\n"

// fuzzState is a project with one document and one catalog-only
// component, in en with locales fr, ar and ja, whose fr, ar and ja catalogs
// are all the catalog parsed from data.
func fuzzState(t *testing.T, data []byte, translation string) *state.State {
	p := &project.Project{Root: "/nonexistent/folio-fuzz", SourceLanguage: "en", Locales: []string{"fr", "ar", "ja"}}
	segs := segment.Markdown([]byte(fuzzSourceDoc), segment.Options{})
	src := &catalog.File{Path: "locales/doc/en.toml"}
	for i, s := range segs.Segments {
		id := []string{"title", "see-guide", "name-items", "logo", "x", "y", "z"}[i%7]
		src.Add(&catalog.Message{ID: id, Hash: catalog.Hash(s.Text), Forms: catalog.OtherForm(s.Text), Pos: catalog.Pos{Line: i + 1, Column: 1}})
	}
	comp := &catalog.File{Path: "locales/ui/en.toml"}
	comp.Add(&catalog.Message{ID: "count", Forms: catalog.FormsOf(map[string]string{"one": "{{.Count}} item", "other": "{{.Count}} items"})})
	comp.Add(&catalog.Message{ID: "hello", LeftDelim: "<<", RightDelim: ">>", Forms: catalog.OtherForm("Hello <<.Name>>")})
	parsed, perr := catalog.Parse("locales/doc/fr.toml", data)
	// A second catalog: every message of the source translated as the
	// fuzzed text.
	forced := &catalog.File{Path: "locales/doc/fr.toml"}
	for _, f := range []*catalog.File{src, comp} {
		for _, m := range f.Messages {
			forms := map[string]string{}
			for k := range m.Forms.All() {
				forms[k] = translation
			}
			forced.Add(&catalog.Message{ID: m.ID, Hash: "sha1-stale", LeftDelim: m.LeftDelim, RightDelim: m.RightDelim, Forms: catalog.FormsOf(forms)})
		}
	}
	doc := &project.Document{Name: "doc", Path: "source/doc.md"}
	st := &state.State{Project: p}
	mk := func(name string, d *project.Document, source *catalog.File, segs *segment.Document) *state.Unit {
		u := &state.Unit{Name: name, Doc: d, Segments: segs, Source: source, Locales: map[string]*state.Catalog{}, Strays: []string{"xx"}}
		for i, tag := range p.Locales {
			c := &state.Catalog{Tag: tag, Path: "locales/" + name + "/" + tag + ".toml", Exists: true}
			switch {
			case i == 0 && perr == nil:
				c.File = parsed
			case i == 0:
				c.Err = perr
			default:
				c.File = forced
				c.Obsolete = parsed
			}
			u.Locales[tag] = c
		}
		return u
	}
	st.Units = append(st.Units, mk("doc", doc, src, segs), mk("ui", nil, comp, nil))
	return st
}

// FuzzCheck: check never panics, whatever the catalogs hold, and every
// diagnostic names a file and a registered check.
func FuzzCheck(f *testing.F) {
	f.Add([]byte("[title]\nother = \"Titre\"\n"), "Titre")
	f.Add([]byte("[see-guide]\nhash = \"sha1-0\"\nother = \"Voir le [guide](javascript:alert(1)) <script>x</script>\"\n"), "<img src=x onerror=alert(1)>")
	f.Add([]byte("[count]\none = \"{{.Count}} élément\"\nother = \"{{.Count\"\n"), "{{.Name}} {{end}}")
	f.Add([]byte("[hello]\nleftDelim = \"<<\"\nrightDelim = \">>\"\nother = \"Bonjour <<.Name\"\n"), "<<")
	f.Add([]byte("[name-items]\nother = \"%s %d %[3]d {{.Nom}}\"\n"), "%")
	f.Add([]byte("[logo]\nother = \"![](data:image/png;base64,xx)\"\n"), "")
	f.Add([]byte("other = 5\n"), "\u202e\u0000\uFFFD")
	f.Add([]byte(""), "[a](<b> \"c\")  \n# h\n| x |")
	f.Fuzz(func(t *testing.T, data []byte, translation string) {
		st := fuzzState(t, data, translation)
		g := &Glossary{}
		r := Run(st, Options{Locales: st.Project.Locales, Glossary: g})
		for _, d := range r.Diagnostics {
			if d.File == "" {
				t.Fatalf("diagnostic without a file: %+v", d)
			}
			if _, ok := Lookup(d.Check); !ok {
				t.Fatalf("diagnostic of an unregistered check: %+v", d)
			}
		}
	})
}
