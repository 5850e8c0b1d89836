package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"folio/internal/check"
)

// formatProject writes a project whose catalogs give errors, warnings and
// a whole-file diagnostic, and returns its folder.
func formatProject(t *testing.T) string {
	dir := t.TempDir()
	files := map[string]string{
		"folio.toml":          "source_language = \"en\"\nlocales = [\"fr\", \"ar\"]\n",
		"locales/app/en.toml": "Hello = \"Hello {{.Name}}\"\nBye = \"Goodbye, friend.\"\n",
		// A renamed placeholder (error), a doubled space (warning).
		"locales/app/fr.toml": "Hello = \"Bonjour {{.Nom}}\"\nBye = \"Au revoir,  l’ami.\"\n",
		// A Latin comma in Arabic (warning) and a message with a comma,
		// a colon and a newline for the github escaping.
		"locales/app/ar.toml": "Hello = \"مرحبا {{.Name}}\"\nBye = \"وداعا, يا صديقي.\\n:%\"\n",
		// A file go-i18n would load as und: a diagnostic about the whole file.
		"locales/app/arabic.toml": "Hello = \"مرحبا\"\n",
	}
	for rel, data := range files {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func runFolio(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

// TestCheckJSONContract holds `check --format json` to DESIGN.md's
// contract: one object {"errors":N,"warnings":N,"diagnostics":[…]} whose
// diagnostics have exactly file, line, column, severity, check, locale,
// id and message; file relative with / separators; id "" and line 0 for a
// whole file.
func TestCheckJSONContract(t *testing.T) {
	dir := formatProject(t)
	code, out, _ := runFolio(t, "-C", dir, "check", "--format", "json")
	if code != 1 {
		t.Fatalf("exit %d, want 1 (errors found)", code)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &top); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, out)
	}
	if got := sortedJSONKeys(top); strings.Join(got, ",") != "diagnostics,errors,warnings" {
		t.Fatalf("top-level keys %v", got)
	}
	var errs, warns int
	if json.Unmarshal(top["errors"], &errs) != nil || json.Unmarshal(top["warnings"], &warns) != nil {
		t.Fatalf("errors/warnings are not integers: %s %s", top["errors"], top["warnings"])
	}
	var diags []map[string]json.RawMessage
	if err := json.Unmarshal(top["diagnostics"], &diags); err != nil {
		t.Fatal(err)
	}
	nErr, nWarn, wholeFile := 0, 0, 0
	for _, d := range diags {
		if got := sortedJSONKeys(d); strings.Join(got, ",") != "check,column,file,id,line,locale,message,severity" {
			t.Fatalf("diagnostic keys %v", got)
		}
		var file, sev, name, loc, id, msg string
		var line, col int
		for k, v := range map[string]any{"file": &file, "severity": &sev, "check": &name, "locale": &loc, "id": &id, "message": &msg, "line": &line, "column": &col} {
			if err := json.Unmarshal(d[k], v); err != nil {
				t.Fatalf("%s: %v (%s)", k, err, d[k])
			}
		}
		if filepath.IsAbs(file) || strings.Contains(file, `\`) || !strings.HasPrefix(file, "locales/app/") {
			t.Errorf("file %q is not project-relative with / separators", file)
		}
		if _, ok := check.Lookup(name); !ok {
			t.Errorf("unregistered check %q", name)
		}
		switch sev {
		case "error":
			nErr++
		case "warning":
			nWarn++
		default:
			t.Errorf("severity %q", sev)
		}
		if id == "" {
			wholeFile++
			if line != 0 {
				t.Errorf("whole-file diagnostic with line %d: %s", line, msg)
			}
		} else if line < 1 || col < 1 {
			t.Errorf("message diagnostic without position: %s %d:%d", id, line, col)
		}
		if msg == "" || loc == "" {
			t.Errorf("empty message or locale: %v", d)
		}
	}
	if nErr != errs || nWarn != warns {
		t.Errorf("counts %d/%d, diagnostics %d/%d", errs, warns, nErr, nWarn)
	}
	if errs < 2 || warns < 2 || wholeFile != 1 {
		t.Errorf("the project should give errors, warnings and one whole-file diagnostic: %s", out)
	}
	// A clean project prints an empty list, not null.
	clean := t.TempDir()
	os.WriteFile(filepath.Join(clean, "folio.toml"), []byte("source_language = \"en\"\nlocales = [\"fr\"]\n"), 0o644)
	if code, out, _ := runFolio(t, "-C", clean, "check", "--format", "json"); code != 0 || !regexp.MustCompile(`"diagnostics": \[\]`).MatchString(out) {
		t.Errorf("clean project: exit %d, %s", code, out)
	}
}

func sortedJSONKeys(m map[string]json.RawMessage) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// TestCheckGithubFormat: one workflow annotation per diagnostic, with
// properties and data escaped as GitHub's workflow commands require.
func TestCheckGithubFormat(t *testing.T) {
	dir := formatProject(t)
	_, jsonOut, _ := runFolio(t, "-C", dir, "check", "--format", "json")
	var res struct{ Diagnostics []check.Diagnostic }
	if err := json.Unmarshal([]byte(jsonOut), &res); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runFolio(t, "-C", dir, "check", "--format", "github")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != len(res.Diagnostics) {
		t.Fatalf("%d annotations for %d diagnostics:\n%s", len(lines), len(res.Diagnostics), out)
	}
	ann := regexp.MustCompile(`^::(error|warning) file=([^,:]+),line=(\d+),col=(\d+),title=([a-z-]+)::([^\r\n]+)$`)
	for i, l := range lines {
		m := ann.FindStringSubmatch(l)
		if m == nil {
			t.Errorf("not a workflow annotation: %q", l)
			continue
		}
		d := res.Diagnostics[i]
		if m[1] != string(d.Severity) || m[2] != d.File || m[5] != d.Check {
			t.Errorf("annotation %q does not match %+v", l, d)
		}
		if strings.Contains(d.Message, "\n") && !strings.Contains(m[6], "%0A") {
			t.Errorf("newline not escaped: %q", l)
		}
	}
}

// TestCheckTextFormat: gcc-style lines on stderr, no colour when stderr
// is not a terminal.
func TestCheckTextFormat(t *testing.T) {
	dir := formatProject(t)
	t.Setenv("NO_COLOR", "")
	code, out, errOut := runFolio(t, "-C", dir, "check")
	if code != 1 || out != "" {
		t.Errorf("exit %d, stdout %q", code, out)
	}
	if strings.Contains(errOut, "\x1b[") {
		t.Errorf("colour written to a non-terminal: %q", errOut)
	}
	gcc := regexp.MustCompile(`^locales/app/[a-z-]+\.toml(:\d+:\d+)?: (error|warning): \[[a-z-]+\] `)
	lines := strings.Split(strings.TrimSuffix(errOut, "\n"), "\n")
	for _, l := range lines[:len(lines)-1] {
		if !gcc.MatchString(l) {
			t.Errorf("not path:line:col: severity: [check] message: %q", l)
		}
	}
	if !regexp.MustCompile(`^\d+ error\(s\), \d+ warning\(s\)$`).MatchString(lines[len(lines)-1]) {
		t.Errorf("no summary line: %q", lines[len(lines)-1])
	}
}

func TestGithubEscaping(t *testing.T) {
	if got := ghProp("locales/a,b/x:y%.toml"); got != "locales/a%2Cb/x%3Ay%25.toml" {
		t.Errorf("ghProp = %q", got)
	}
	if got := ghEscape("50% done\r\nnext: a, b"); got != "50%25 done%0D%0Anext: a, b" {
		t.Errorf("ghEscape = %q", got)
	}
}
