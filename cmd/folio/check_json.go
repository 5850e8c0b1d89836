package main

import (
	"bufio"
	"encoding/json"
	"io"
	"strconv"

	"folio/internal/check"
)

// writeCheckJSON writes folio check's JSON report: exactly what
// json.MarshalIndent of {"errors", "warnings", "diagnostics"} with a
// two-space indent writes, and a newline, without building the whole
// document and indenting it again (tens of megabytes for a large set).
// check_json_test.go compares the two.
func writeCheckJSON(w io.Writer, errs, warns int, diags []check.Diagnostic) error {
	cj := newCheckJSON(w)
	for _, d := range diags {
		cj.add(d)
	}
	return cj.finish(errs, warns)
}

// checkJSON writes the same report as the diagnostics come (folio check
// streams them): each one is written once the next, or the end, tells
// how it ends, and the counts come last. Write errors show at finish.
type checkJSON struct {
	b    *bufio.Writer
	some bool
}

func newCheckJSON(w io.Writer) *checkJSON {
	return &checkJSON{b: bufio.NewWriterSize(w, 64<<10)}
}

func (cj *checkJSON) add(d check.Diagnostic) error {
	b := cj.b
	if cj.some {
		b.WriteString("\n    },\n")
	} else {
		b.WriteString("{\n  \"diagnostics\": [\n")
		cj.some = true
	}
	b.WriteString("    {\n      \"file\": ")
	jsonString(b, d.File)
	b.WriteString(",\n      \"line\": ")
	b.WriteString(strconv.Itoa(d.Line))
	b.WriteString(",\n      \"column\": ")
	b.WriteString(strconv.Itoa(d.Column))
	b.WriteString(",\n      \"severity\": ")
	jsonString(b, string(d.Severity))
	b.WriteString(",\n      \"check\": ")
	jsonString(b, d.Check)
	b.WriteString(",\n      \"locale\": ")
	jsonString(b, d.Locale)
	b.WriteString(",\n      \"id\": ")
	jsonString(b, d.ID)
	b.WriteString(",\n      \"message\": ")
	jsonString(b, d.Message)
	return nil
}

func (cj *checkJSON) finish(errs, warns int) error {
	b := cj.b
	if cj.some {
		b.WriteString("\n    }\n  ],\n")
	} else {
		b.WriteString("{\n  \"diagnostics\": [],\n")
	}
	b.WriteString("  \"errors\": " + strconv.Itoa(errs) + ",\n  \"warnings\": " + strconv.Itoa(warns) + "\n}\n")
	return b.Flush()
}

// jsonString writes s as encoding/json does: printable ASCII other than
// " \ < > & as it is, anything else through json.Marshal.
func jsonString(b *bufio.Writer, s string) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7F || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s)
			b.Write(q)
			return
		}
	}
	b.WriteByte('"')
	b.WriteString(s)
	b.WriteByte('"')
}
