package exchange

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// xliffNS is the XLIFF 1.2 namespace.
const xliffNS = "urn:oasis:names:tc:xliff:document:1.2"

// EncodeXLIFF writes f as an XLIFF 1.2 file: one <file> whose original is
// the source document's path, one <trans-unit> per message with id and
// resname the message ID. A current translation has state "translated"
// and approved="yes", a stale one "needs-review-translation" (with a note
// giving the source text it was made from), an untranslated one an empty
// target with state "new". Text is plain: Markdown inline syntax is kept as
// characters, XML-escaped, and xml:space="preserve" keeps whitespace.
func EncodeXLIFF(f *File, generator string) ([]byte, error) {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<xliff version="1.2" xmlns="` + xliffNS + `">` + "\n")
	fmt.Fprintf(&b, `  <file original="%s" source-language="%s" target-language="%s" datatype="plaintext" product-name="%s">`+"\n",
		xmlEsc(f.Original, true), xmlEsc(f.SourceLanguage, true), xmlEsc(f.Language, true), xmlEsc(f.Document, true))
	b.WriteString("    <header>\n")
	fmt.Fprintf(&b, `      <tool tool-id="folio" tool-name="Folio" tool-version="%s"/>`+"\n", xmlEsc(strings.TrimPrefix(generator, "Folio "), true))
	fmt.Fprintf(&b, "      <note from=\"folio\">%s translation of %s, exported by Folio. Translate each target; keep Markdown inline syntax (*emphasis*, [links](url), `code`) as it is. A target in state needs-review-translation was made from an older source text: revise it and set its state to translated. Bring the file back with: folio import FILE</note>\n",
		xmlEsc(f.Language, false), xmlEsc(f.Document, false))
	b.WriteString("    </header>\n    <body>\n")
	for _, e := range f.Entries {
		for _, s := range []string{e.ID, e.Source, e.Target, e.Previous} {
			if err := xmlRepresentable(s); err != nil {
				return nil, fmt.Errorf("%s: %v", e.ID, err)
			}
		}
		approved := ""
		state := "new"
		switch {
		case e.Target == "":
		case e.Fuzzy:
			state = "needs-review-translation"
			approved = ` approved="no"`
		default:
			state = "translated"
			approved = ` approved="yes"`
		}
		fmt.Fprintf(&b, `      <trans-unit id="%s" resname="%s"%s xml:space="preserve">`+"\n", xmlEsc(e.ID, true), xmlEsc(e.ID, true), approved)
		fmt.Fprintf(&b, "        <source>%s</source>\n", xmlEsc(e.Source, false))
		fmt.Fprintf(&b, "        <target state=\"%s\">%s</target>\n", state, xmlEsc(e.Target, false))
		if e.Location != "" {
			file, line, _ := strings.Cut(e.Location, ":")
			fmt.Fprintf(&b, `        <context-group purpose="location"><context context-type="sourcefile">%s</context><context context-type="linenumber">%s</context></context-group>`+"\n", xmlEsc(file, false), xmlEsc(line, false))
		}
		if e.Description != "" {
			fmt.Fprintf(&b, "        <note from=\"folio\">%s</note>\n", xmlEsc(e.Description, false))
		}
		if e.Previous != "" {
			fmt.Fprintf(&b, "        <note from=\"folio\" annotates=\"source\">Translated from an older source text: %s</note>\n", xmlEsc(e.Previous, false))
		}
		b.WriteString("      </trans-unit>\n")
	}
	b.WriteString("    </body>\n  </file>\n</xliff>\n")
	return []byte(b.String()), nil
}

// xmlRepresentable rejects characters XML 1.0 cannot carry.
func xmlRepresentable(s string) error {
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF {
			return fmt.Errorf("character U+%04X cannot be written in XML", r)
		}
	}
	return nil
}

// xmlEsc escapes text for element content, or for an attribute value.
// Carriage returns and (in attributes) tabs and newlines are written as
// character references so XML parsers do not normalize them.
func xmlEsc(s string, attr bool) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\r':
			b.WriteString("&#xD;")
		case '"':
			if attr {
				b.WriteString("&quot;")
			} else {
				b.WriteRune(r)
			}
		case '\n', '\t':
			if attr {
				fmt.Fprintf(&b, "&#x%X;", r)
			} else {
				b.WriteRune(r)
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ParseXLIFF reads an XLIFF 1.2 (or 1.1) file. Inline elements in source
// and target (<g>, <x/>, <ph>, <bpt>…, <mrk>) are read as their text
// content; Folio itself writes none. Only the first <file> is read; more
// than one is an error.
func ParseXLIFF(name string, data []byte) (*File, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	f := &File{}
	files := 0
	var unit *xliffUnit
	var text *strings.Builder // the source or target being read
	depth := 0                // inline element depth inside text
	var header strings.Builder
	inHeaderUnit := false
	errAt := func(format string, args ...any) error {
		line, _ := d.InputPos()
		return fmt.Errorf("%s:%d: %s", name, line, fmt.Sprintf(format, args...))
	}
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return nil, fmt.Errorf("%s:%d: XML: %s", name, se.Line, se.Msg)
			}
			return nil, fmt.Errorf("%s: XML: %v", name, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if text != nil {
				depth++
				continue
			}
			switch t.Name.Local {
			case "xliff":
				if v := attr(t, "version"); v != "" && v != "1.2" && v != "1.1" {
					return nil, errAt("XLIFF version %s: Folio reads XLIFF 1.2 (and 1.1)", v)
				}
			case "file":
				files++
				if files > 1 {
					return nil, errAt("more than one <file>: Folio reads one document per XLIFF file")
				}
				f.Original = attr(t, "original")
				f.SourceLanguage = attr(t, "source-language")
				f.Language = attr(t, "target-language")
				f.Document = attr(t, "product-name")
			case "trans-unit":
				line, _ := d.InputPos()
				unit = &xliffUnit{line: line, id: attr(t, "id"), resname: attr(t, "resname"), approved: attr(t, "approved")}
				inHeaderUnit = attr(t, "restype") == "x-gettext-domain-header"
			case "source":
				if unit != nil && !unit.hasSource {
					unit.hasSource = true
					text = &unit.source
				}
			case "target":
				if unit != nil && !unit.hasTarget {
					unit.hasTarget = true
					unit.state = attr(t, "state")
					// The column in code points: InputPos counts bytes.
					line, _ := d.InputPos()
					off := int(d.InputOffset())
					start := bytes.LastIndexByte(data[:off], '\n') + 1
					unit.targetLine, unit.targetColumn = line, utf8.RuneCount(data[start:off])+1
					text = &unit.target
				}
			case "group", "bin-unit":
				if attr(t, "restype") == "x-gettext-plurals" {
					return nil, errAt("plural group: Folio documents have no plural messages")
				}
			}
		case xml.EndElement:
			if text != nil {
				if depth > 0 {
					depth--
					continue
				}
				text = nil
				continue
			}
			if t.Name.Local == "trans-unit" && unit != nil {
				if inHeaderUnit {
					header.WriteString(unit.target.String())
					if unit.target.Len() == 0 {
						header.WriteString(unit.source.String())
					}
				} else {
					f.Entries = append(f.Entries, unit.entry())
				}
				unit = nil
			}
		case xml.CharData:
			if text != nil {
				text.Write(t)
			}
		}
	}
	if files == 0 {
		return nil, fmt.Errorf("%s: no XLIFF <file> element", name)
	}
	if header.Len() > 0 {
		// A PO header carried over by po2xliff.
		h := parsePOHeader(header.String())
		// Its Folio fields win over what po2xliff made up for <file>
		// (original is the PO file's name, source-language en-US).
		if v := h["x-folio-document"]; v != "" {
			f.Document = v
		}
		if v := h["x-folio-source-language"]; v != "" {
			f.SourceLanguage = v
		}
		if v := h["language"]; v != "" && f.Language == "" {
			f.Language = v
		}
	}
	return f, nil
}

type xliffUnit struct {
	line                     int
	targetLine, targetColumn int // just after the <target> tag
	id, resname              string
	approved, state          string
	source, target           strings.Builder
	hasSource, hasTarget     bool
}

// entry reads the unit's translation and whether it is confirmed: a
// target state of translated, signed-off or final, or without a state
// approved="yes" or no approved attribute at all; approved="no" always
// means not confirmed.
func (u *xliffUnit) entry() Entry {
	e := Entry{ID: u.resname, Source: u.source.String(), Target: u.target.String(), Line: u.line, TargetLine: u.targetLine, TargetColumn: u.targetColumn}
	if e.ID == "" {
		e.AltID = u.id
	}
	confirmed := false
	switch u.state {
	case "translated", "signed-off", "final":
		confirmed = true
	case "":
		confirmed = u.approved != "no"
	}
	if u.approved == "no" {
		confirmed = false
	}
	e.Fuzzy = !confirmed
	return e
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}
