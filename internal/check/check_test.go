package check

import (
	"strings"
	"testing"

	"folio/internal/catalog"
	"folio/internal/state"
)

// runMessage checks translation tr of src (each a map of plural forms, or a
// single "other" text) in locale tag, as a document message or (component)
// a catalog-only component message.
func runMessage(t *testing.T, tag string, src, tr map[string]string, component bool, g *Glossary) []Diagnostic {
	t.Helper()
	ctx := &unitContext{unit: &state.Unit{Name: "doc"}, tag: tag, path: "locales/doc/" + tag + ".toml", source: "en", glossary: g, component: component}
	sm := &catalog.Message{ID: "m", Forms: catalog.FormsOf(src)}
	tm := &catalog.Message{ID: "m", Forms: catalog.FormsOf(tr), Fields: map[string]catalog.Pos{"other": {Line: 3, Column: 9}}}
	return ctx.checkMessage(sm, tm)
}

func other(s string) map[string]string { return map[string]string{"other": s} }

func byCheck(ds []Diagnostic, name string) []Diagnostic {
	var out []Diagnostic
	for _, d := range ds {
		if d.Check == name {
			out = append(out, d)
		}
	}
	return out
}

type textCase struct {
	name    string
	tag     string
	src, tr string
	want    string // substring of the message; "" means the check must stay silent
}

func runTextCases(t *testing.T, check string, cases []textCase, component bool, g *Glossary) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ds := byCheck(runMessage(t, tc.tag, other(tc.src), other(tc.tr), component, g), check)
			if tc.want == "" {
				if len(ds) != 0 {
					t.Fatalf("%s: src %q tr %q: unexpected %v", tc.tag, tc.src, tc.tr, ds)
				}
				return
			}
			if len(ds) == 0 {
				t.Fatalf("%s: src %q tr %q: no [%s] diagnostic, want one containing %q", tc.tag, tc.src, tc.tr, check, tc.want)
			}
			found := false
			for _, d := range ds {
				if strings.Contains(d.Message, tc.want) {
					found = true
				}
				reg, _ := Lookup(check)
				if d.Severity != reg.Severity && check != "plural-forms" {
					t.Errorf("severity %s, want %s", d.Severity, reg.Severity)
				}
				if d.ID != "m" || d.Locale != tc.tag || d.File != "locales/doc/"+tc.tag+".toml" {
					t.Errorf("diagnostic not located: %+v", d)
				}
			}
			if !found {
				t.Fatalf("%s: src %q tr %q: diagnostics %v, want message containing %q", tc.tag, tc.src, tc.tr, ds, tc.want)
			}
		})
	}
}

func TestMarkdownParity(t *testing.T) {
	runTextCases(t, "markdown-parity", []textCase{
		{"fr drops link", "fr", "See [the guide](https://example.org/guide).", "Voir le guide.", "drops link https://example.org/guide"},
		{"zh changes link", "zh-Hans", "See [the guide](https://example.org/guide).", "参见[指南](https://example.org/guide-zh)。", "adds link https://example.org/guide-zh"},
		{"ru drops code span", "ru", "Run `folio extract` now.", "Запустите folio extract сейчас.", "drops code `folio extract`"},
		{"ar changes image", "ar", "![logo](logo.png)", "![شعار](logo-ar.png)", "image logo-ar.png"},
		{"es drops autolink", "es", "Write to <https://example.org>.", "Escriba a example.org.", "drops autolink https://example.org"},
		{"fr keeps link", "fr", "See [the guide](https://example.org/guide).", "Voir [le guide](https://example.org/guide).", ""},
		{"zh keeps code span", "zh-Hans", "Run `folio extract` now.", "现在运行 `folio extract`。", ""},
		{"ar keeps link", "ar", "See [the guide](https://example.org/guide).", "انظر [الدليل](https://example.org/guide).", ""},
		{"ru reordered links", "ru", "[a](x.html) and [b](y.html)", "[б](y.html) и [а](x.html)", ""},
	}, false, nil)
}

func TestUnsafeMarkup(t *testing.T) {
	runTextCases(t, "unsafe-markup", []textCase{
		{"fr adds raw html", "fr", "Hello world.", "Bonjour <b>le monde</b>.", "adds raw HTML"},
		{"zh adds event handler", "zh-Hans", "Hello world.", `你好<img src="x" onerror="alert(1)">世界。`, "event handler"},
		{"ar javascript link", "ar", "See [here](https://example.org).", "انظر [هنا](javascript:alert(1)).", "scheme that runs code"},
		{"ru data link", "ru", "See [here](https://example.org).", "См. [здесь](data:text/html,hi).", "scheme that runs code"},
		{"es script", "es", "Hello.", "Hola <script>alert(1)</script>.", "HTML"},
		{"fr html kept", "fr", "Press <kbd>Enter</kbd>.", "Appuyez sur <kbd>Entrée</kbd>.", ""},
		{"zh plain", "zh-Hans", "Hello world.", "你好，世界。", ""},
		{"ar https link", "ar", "See [here](https://example.org).", "انظر [هنا](https://example.org).", ""},
		{"ru text mentions javascript", "ru", "JavaScript: a language.", "JavaScript: язык.", ""},
	}, false, nil)
	// Adding a javascript: link must not also count as mere parity.
	ds := runMessage(t, "fr", other("See [here](https://example.org)."), other("Voir [ici](javascript:alert(1))."), false, nil)
	if len(byCheck(ds, "unsafe-markup")) != 1 {
		t.Errorf("javascript link: %v", ds)
	}
}

func TestNumbers(t *testing.T) {
	runTextCases(t, "numbers", []textCase{
		{"fr missing", "fr", "In 2015, 30 countries signed.", "En 2015, des pays ont signé.", "number 30 of the source is missing"},
		{"es changed", "es", "It has 12 parts.", "Tiene 13 partes.", "the translation has 13"},
		{"zh changed year", "zh-Hans", "Since 2015.", "自2016年以来。", "2015"},
		{"ar wrong indic", "ar", "There are 42 items.", "هناك ٤٣ عنصرا.", "42"},
		{"ru missing", "ru", "Chapter 7 of 9.", "Глава 7.", "number 9"},
		{"fr grouping", "fr", "1,000 people", "1.000 personnes", ""},
		{"zh year suffix", "zh-Hans", "In 2015 the forum met.", "2015年，论坛召开。", ""},
		{"ar indic digits", "ar", "There are 42 items.", "هناك ٤٢ عنصرا.", ""},
		{"fa extended digits", "ar", "Page 17", "صفحة ۱۷", ""},
		{"ru reordered", "ru", "From 3 to 5.", "От 3 до 5.", ""},
		{"es number in code ignored", "es", "Run `v2` now.", "Ejecute `v3` ahora.", ""},
	}, false, nil)
	// The unexported helper directly.
	if m, e := compareNumbers("10 and 20", "10 y 21"); m != "20" || e != "21" {
		t.Errorf("compareNumbers = %q, %q", m, e)
	}
	if m, _ := compareNumbers("١٢٣", "123"); m != "" {
		t.Errorf("Arabic-Indic folding: missing %q", m)
	}
}

func TestTypography(t *testing.T) {
	runTextCases(t, "typography", []textCase{
		{"fr plain space before colon", "fr", "Note: this.", "Remarque : ceci.", "no-break space (U+00A0 or U+202F) before :"},
		{"fr no space before question", "fr", "Why?", "Pourquoi?", "a no-break space belongs before ?"},
		{"fr guillemets", "fr", `He said "yes".`, "Il a dit «oui».", "after «"},
		{"es unpaired question", "es", "Why?", "Por qué?", "¿ and ? do not pair"},
		{"es unpaired exclamation", "es", "Go!", "Vamos!", "¡ and ! do not pair"},
		{"zh latin comma between han", "zh-Hans", "Peace, security.", "和平,安全。", "Latin punctuation , between Han"},
		{"zh space between han", "zh-Hans", "Peace and security.", "和平 安全。", "space between Han"},
		{"ar latin comma", "ar", "Peace, security.", "السلام, الأمن.", "use ،"},
		{"ar latin question", "ar", "Why?", "لماذا?", "use ؟"},
		{"ru unbalanced", "ru", "A (note).", "Примечание (важно.", "unbalanced ( )"},
		{"fr nbsp", "fr", "Note: this. Why?", "Remarque\u00a0: ceci. Pourquoi\u202f?", ""},
		{"fr url and time", "fr", "At 10:30, see https://x.org.", "À 10:30, voir https://x.org.", ""},
		{"fr guillemets nbsp", "fr", `"yes"`, "«\u00a0oui\u00a0»", ""},
		{"es paired", "es", "Why? Go!", "¿Por qué? ¡Vamos!", ""},
		{"zh fullwidth", "zh-Hans", "Peace, security.", "和平，安全。", ""},
		{"zh latin word spacing", "zh-Hans", "Use Go now.", "现在使用 Go 语言。", ""},
		{"ar arabic comma", "ar", "Peace, security?", "السلام، الأمن؟", ""},
		{"ar number comma", "ar", "1,000", "1,000", ""},
		{"ru plain", "ru", "Note: this (really).", "Примечание: это (правда).", ""},
	}, false, nil)
}

func TestTypographyHelper(t *testing.T) {
	if got := typography("fr-CA", "Oui!"); len(got) != 1 || !strings.Contains(got[0], "French") {
		t.Errorf("fr-CA: %v", got)
	}
	if got := typography("zh-Hant", "和平,安全"); len(got) != 1 || !strings.Contains(got[0], "CJK") {
		t.Errorf("zh-Hant: %v", got)
	}
	if got := typography("en", "Why? Go!"); len(got) != 0 {
		t.Errorf("en: %v", got)
	}
}

const glossaryTOML = `
[cii]
source = "critical information infrastructure"
variants = ["critical infrastructure of information"]
[cii.fr]
approved = ["infrastructures d’information critiques", "infrastructure d’information critique"]
forbidden = ["infrastructures critiques d’information"]
[cii.es]
approved = ["infraestructura crítica de información"]
[cii.zh-Hans]
approved = ["关键信息基础设施"]
forbidden = ["重要信息基础设施"]
[cii.ru]
approved = ["критической информационной инфраструктуры", "критическая информационная инфраструктура"]
[cii.ar]
approved = ["البنية التحتية الحيوية للمعلومات"]

[cyberspace]
source = "cyberspace"
[cyberspace.fr]
approved = ["cyberespace"]

[folio]
source = "Folio"
dnt = true
`

func TestGlossary(t *testing.T) {
	g, err := ParseGlossary("locales/glossary.toml", []byte(glossaryTOML))
	if err != nil {
		t.Fatal(err)
	}
	const src = "Protect critical information infrastructure."
	runTextCases(t, "glossary", []textCase{
		{"fr missing approved", "fr", src, "Protéger les infrastructures vitales.", `its approved rendering "infrastructures d’information critiques" is missing`},
		{"fr forbidden", "fr", src, "Protéger les infrastructures critiques d’information.", "is a forbidden rendering"},
		{"zh forbidden", "zh-Hans", src, "保护重要信息基础设施。", `"重要信息基础设施" is a forbidden rendering`},
		{"ar missing", "ar", src, "حماية الشبكات.", "approved rendering"},
		{"ru plural source form", "ru", "Protect critical information infrastructures.", "Защита сетей.", "approved rendering"},
		{"fr hyphenated source", "fr", "Protect critical-information infrastructure.", "Protéger les réseaux.", "approved rendering"},
		{"fr approved inflected", "fr", src, "Protéger l’infrastructure d’information critique.", ""},
		{"zh approved", "zh-Hans", src, "保护关键信息基础设施。", ""},
		{"ru approved inflected", "ru", src, "Защита критической информационной инфраструктуры.", ""},
		{"ar approved", "ar", src, "حماية البنية التحتية الحيوية للمعلومات.", ""},
		{"es term absent from source", "es", "Protect the network.", "Proteger la red.", ""},
		{"fr partial word not a term", "fr", "Cyberspaceship design.", "Conception de vaisseaux.", ""},
		{"de no rendering", "de", src, "Schutz der Netze.", ""},
	}, false, g)

	if !g.DoNotTranslate(" folio ") || g.DoNotTranslate("cyberspace") {
		t.Error("DoNotTranslate")
	}
	ds := runMessage(t, "fr", other("Folio"), other("Folio"), false, g)
	if len(byCheck(ds, "identical")) != 0 {
		t.Errorf("a do-not-translate term is reported identical: %v", ds)
	}
	ds = runMessage(t, "fr", other("Cyberspace governance"), other("Cyberspace governance"), false, g)
	if len(byCheck(ds, "identical")) != 1 {
		t.Errorf("identical not reported: %v", ds)
	}
	var nilG *Glossary
	if nilG.Check("fr", src, "x") != nil {
		t.Error("nil glossary")
	}
	for bad, at := range map[string]string{
		"[t]\nnote = \"no source\"\n":         "g.toml:1:1: ",
		"[t]\nsource = \"x\"\nweird = 3\n":    "g.toml:3:1: ",
		"[t\n":                                "g.toml:1:3: ",
		"[t]\nsource = \"x\"\n<<<<<<< HEAD\n": "g.toml:3:1: ",
	} {
		if _, err := ParseGlossary("g.toml", []byte(bad)); err == nil || !strings.HasPrefix(err.Error(), at) {
			t.Errorf("ParseGlossary(%q) = %v, want an error at %s", bad, err, at)
		}
	}
}

func TestPluralForms(t *testing.T) {
	src := map[string]string{"one": "{{.Count}} file", "other": "{{.Count}} files"}
	cases := []struct {
		name string
		tag  string
		tr   map[string]string
		want []string // substrings; nil: silent
		sev  Severity
	}{
		{"ru lacks few and many", "ru", map[string]string{"one": "{{.Count}} файл", "other": "{{.Count}} файла"}, []string{`plural forms few, many are missing`}, Error},
		{"ar lacks zero two few many", "ar", map[string]string{"one": "ملف", "other": "{{.Count}} ملفات"}, []string{`plural forms zero, two, few, many are missing`}, Error},
		{"fr lacks one", "fr", map[string]string{"many": "{{.Count}} de fichiers", "other": "{{.Count}} fichiers"}, []string{`plural form "one" is missing; fr needs one, many, other`}, Error},
		{"fr empty one", "fr", map[string]string{"one": "", "many": "{{.Count}} de fichiers", "other": "{{.Count}} fichiers"}, []string{`"one" is missing`}, Error},
		// go-i18n's French "many" is only for counts such as 1000000.
		{"fr lacks many", "fr", map[string]string{"one": "{{.Count}} fichier", "other": "{{.Count}} fichiers"}, []string{`"many" is missing; in fr only counts such as 1000000 need it`}, Warning},
		{"es lacks many", "es", map[string]string{"one": "{{.Count}} archivo", "other": "{{.Count}} archivos"}, []string{`"many" is missing`}, Warning},
		{"zh extra one", "zh-Hans", map[string]string{"one": "{{.Count}} 个文件", "other": "{{.Count}} 个文件"}, []string{`plural form "one" is not used in zh-Hans`}, Warning},
		{"zh complete", "zh-Hans", map[string]string{"other": "{{.Count}} 个文件"}, nil, ""},
		{"ru complete", "ru", map[string]string{"one": "{{.Count}} файл", "few": "{{.Count}} файла", "many": "{{.Count}} файлов", "other": "{{.Count}} файла"}, nil, ""},
		{"es complete", "es", map[string]string{"one": "{{.Count}} archivo", "many": "{{.Count}} de archivos", "other": "{{.Count}} archivos"}, nil, ""},
		{"ar complete", "ar", map[string]string{"zero": "لا ملفات", "one": "ملف", "two": "ملفان", "few": "{{.Count}} ملفات", "many": "{{.Count}} ملفًا", "other": "{{.Count}} ملف"}, nil, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ds := byCheck(runMessage(t, tc.tag, src, tc.tr, true, nil), "plural-forms")
			if tc.want == nil {
				if len(ds) != 0 {
					t.Fatalf("unexpected %v", ds)
				}
				return
			}
			all := ""
			for _, d := range ds {
				all += d.Message + "\n"
				if d.Severity != tc.sev {
					t.Errorf("severity %s, want %s: %s", d.Severity, tc.sev, d.Message)
				}
			}
			for _, w := range tc.want {
				if !strings.Contains(all, w) {
					t.Errorf("diagnostics %q lack %q", all, w)
				}
			}
		})
	}
	// A singular source message needs no plural forms.
	if ds := byCheck(runMessage(t, "ru", other("Files"), other("Файлы"), true, nil), "plural-forms"); len(ds) != 0 {
		t.Errorf("singular: %v", ds)
	}
	for tag, want := range map[string]string{
		"zh-Hans": "other", "fr": "one many other", "ru": "one few many other",
		"ar": "zero one two few many other", "en": "one other",
	} {
		got := strings.Join(sortedKeys(PluralCategories(tag)), " ")
		if got != want {
			t.Errorf("PluralCategories(%s) = %s, want %s", tag, got, want)
		}
	}
}

func TestPlaceholders(t *testing.T) {
	runTextCases(t, "placeholders", []textCase{
		{"fr drops", "fr", "Hello {{.Name}}!", "Bonjour\u202f!", "drops {{"},
		{"zh renames", "zh-Hans", "Hello {{.Name}}!", "你好 {{.Nom}}！", "adds {{"},
		{"ru adds", "ru", "Hello!", "Привет, {{.Name}}!", "adds {{"},
		{"ar changed if", "ar", "{{if .Admin}}Admin{{end}}", "{{if .User}}مسؤول{{end}}", "if .User"},
		{"fr kept", "fr", "Hello {{.Name}}!", "Bonjour {{.Name}}\u202f!", ""},
		{"zh reordered", "zh-Hans", "{{.A}} and {{.B}}", "{{.B}}和{{.A}}", ""},
		{"ar kept", "ar", "Hello {{.Name}}!", "مرحبا {{.Name}}!", ""},
		{"ru no template", "ru", "Hello!", "Привет!", ""},
	}, true, nil)
	t.Run("message braces", func(t *testing.T) {
		ds := byCheck(runMessage(t, "fr", other("Hello {{.Name}}!"), other("Bonjour\u202f!"), true, nil), "placeholders")
		if len(ds) != 1 {
			t.Fatalf("%v", ds)
		}
		if !strings.Contains(ds[0].Message, "drops {{.Name}} of the source") {
			t.Errorf("message %q", ds[0].Message)
		}
	})
	// Template syntax errors are their own check.
	ds := runMessage(t, "fr", other("Hello {{.Name}}"), other("Bonjour {{.Name"), true, nil)
	if d := byCheck(ds, "template-syntax"); len(d) != 1 || len(byCheck(ds, "placeholders")) != 0 {
		t.Errorf("broken template: %v", ds)
	}
	// Custom delimiters.
	ctx := &unitContext{unit: &state.Unit{}, tag: "fr", component: true}
	sm := &catalog.Message{ID: "m", LeftDelim: "<<", RightDelim: ">>", Forms: catalog.OtherForm("Hi <<.Name>>")}
	tm := &catalog.Message{ID: "m", LeftDelim: "<<", RightDelim: ">>", Forms: catalog.OtherForm("Salut <<.Nom>>")}
	if d := byCheck(ctx.checkMessage(sm, tm), "placeholders"); len(d) != 2 {
		t.Errorf("custom delimiters: %v", d)
	}
	// Plural forms other than "other" may drop the count.
	sm = &catalog.Message{ID: "m", Forms: catalog.FormsOf(map[string]string{"one": "{{.Count}} file", "other": "{{.Count}} files"})}
	tm = &catalog.Message{ID: "m", Forms: catalog.FormsOf(map[string]string{"one": "un fichier", "many": "{{.Count}} de fichiers", "other": "{{.Count}} fichiers"})}
	if d := byCheck(ctx.checkMessage(sm, tm), "placeholders"); len(d) != 0 {
		t.Errorf("one form without count: %v", d)
	}
	got, err := actions("{{.A}} {{range .L}}{{.}}{{end}}", "", "")
	if err != nil || strings.Join(got, "|") != "range .L|{{.A}}|{{.}}" {
		t.Errorf("actions = %q, %v", got, err)
	}
	// Documents are not templates.
	if ds := byCheck(runMessage(t, "fr", other("Use {{.Name}}."), other("Utilisez {{.Nom}}."), false, nil), "placeholders"); len(ds) != 0 {
		t.Errorf("document: %v", ds)
	}
}

func TestEndPunctuation(t *testing.T) {
	runTextCases(t, "end-punctuation", []textCase{
		{"fr drops period", "fr", "This is it.", "C’est tout", `the source ends with "."`},
		{"zh drops", "zh-Hans", "This is it.", "就是这样", `the source ends with "."`},
		{"ar adds", "ar", "Title", "عنوان.", `the translation ends with "."`},
		{"ru adds ellipsis", "ru", "Title", "Заголовок…", `the translation ends with "…"`},
		{"es drops question", "es", "Why?", "¿Por qué", `"?"`},
		{"fr both", "fr", "This is it.", "C’est tout.", ""},
		{"zh ideographic stop", "zh-Hans", "This is it.", "就是这样。", ""},
		{"zh fullwidth question", "zh-Hans", "Why?", "为什么？", ""},
		{"ar question mark", "ar", "Why?", "لماذا؟", ""},
		{"ru inside quotes", "ru", "He said \"yes.\"", "Он сказал «да.»", ""},
		{"es bold end", "es", "**Done.**", "**Hecho.**", ""},
		{"ar neither", "ar", "Title", "عنوان", ""},
	}, false, nil)
}

func TestWhitespace(t *testing.T) {
	runTextCases(t, "whitespace", []textCase{
		{"fr trailing", "fr", "Hello.", "Bonjour. ", "leading or trailing whitespace"},
		{"zh leading", "zh-Hans", "Hello.", " 你好。", "leading or trailing whitespace"},
		{"ru doubled", "ru", "Hello world.", "Привет  мир.", "doubled space"},
		{"ar doubled", "ar", "Hello world.", "مرحبا  بالعالم.", "doubled space"},
		{"es newline trailing", "es", "Hello.", "Hola.\n", "leading or trailing"},
		{"fr clean", "fr", "Hello world.", "Bonjour le monde.", ""},
		{"zh clean", "zh-Hans", "Hello world.", "你好，世界。", ""},
		{"ar source has it", "ar", " Hello  world. ", " مرحبا  بالعالم. ", ""},
		{"ru nbsp not doubled", "ru", "Hello world.", "Привет\u00a0 мир.", ""},
	}, false, nil)
}

func TestNFC(t *testing.T) {
	runTextCases(t, "nfc", []textCase{
		{"fr decomposed e", "fr", "Summer.", "E\u0301te\u0301.", "not in Unicode NFC"},
		{"es decomposed n", "es", "Year.", "An\u0303o.", "not in Unicode NFC"},
		{"ru decomposed short i", "ru", "Mode.", "Режи\u0306м.", "not in Unicode NFC"},
		{"zh compat-free but decomposed", "zh-Hans", "Cafe.", "咖啡 cafe\u0301。", "NFC"},
		{"fr composed", "fr", "Summer.", "Été.", ""},
		{"ru composed", "ru", "Mode.", "Режим.", ""},
		{"zh han", "zh-Hans", "Peace.", "和平。", ""},
		{"ar with harakat", "ar", "Peace.", "سَلَام.", ""},
		// A name the source spells decomposed, kept as it is: the
		// source's author normalizes it, not the translator.
		{"pl name as the source has it", "fr", "Thanks to Michał Gołe\u0328biowski.", "Merci à Michał Gołe\u0328biowski.", ""},
		{"decomposed beyond the source's", "fr", "Thanks to Gołe\u0328biowski.", "Merci à Gołe\u0328biowski, E\u0301te\u0301.", "not in Unicode NFC"},
		{"source decomposed, translation elsewhere", "fr", "Gołe\u0328biowski.", "E\u0301te\u0301.", "not in Unicode NFC"},
	}, false, nil)
}

func TestDiagnosticPosition(t *testing.T) {
	ds := byCheck(runMessage(t, "fr", other("Hello."), other("Bonjour"), false, nil), "end-punctuation")
	if len(ds) != 1 {
		t.Fatalf("%v", ds)
	}
	d := ds[0]
	if d.Line != 3 || d.Column != 9 {
		t.Errorf("position %d:%d, want 3:9", d.Line, d.Column)
	}
	if s := d.String(); !strings.HasPrefix(s, "locales/doc/fr.toml:3:9: warning: [end-punctuation] ") {
		t.Errorf("String() = %q", s)
	}
}

func TestMarkdownTokens(t *testing.T) {
	tokens, emph := markdownTokens("*a* [b](u) `c` <span>d</span> ![e](i.png) <https://x.org> ~~f~~", nil)
	want := []string{"autolink https://x.org", "code `c`", "html </span>", "html <span>", "image i.png", "link u"}
	if strings.Join(tokens, "|") != strings.Join(want, "|") {
		t.Errorf("tokens = %q, want %q", tokens, want)
	}
	if emph != 2 {
		t.Errorf("emphasis = %d, want 2", emph)
	}
	refs := references([]byte("See [the guide][g].\n\n[g]: https://example.org/g\n"))
	tokens, _ = markdownTokens("Voir [le guide][g].", refs)
	if len(tokens) != 1 || tokens[0] != "link https://example.org/g" {
		t.Errorf("reference link: %q", tokens)
	}
}

// A link's text keeps its closing bracket when the destination is
// removed: "[the guide](url)" is balanced.
func TestTypographyLinkIsBalanced(t *testing.T) {
	ds := byCheck(runMessage(t, "fr", other("See [the guide](https://example.org/guide)."), other("Voir [le guide](https://example.org/guide)."), false, nil), "typography")
	if len(ds) != 0 {
		t.Errorf("a link reads as unbalanced brackets: %v", ds)
	}
}

// A document's translation with a plural form besides "other" gets a
// warning: editions show only "other". A component's plural message is
// checked by the locale's rules instead.
func TestDocumentPluralFormsNeverShown(t *testing.T) {
	tr := map[string]string{"one": "un fichier", "other": "des fichiers"}
	ds := byCheck(runMessage(t, "fr", other("Files"), tr, false, nil), "plural-forms")
	if len(ds) != 1 || ds[0].Severity != Warning || !strings.Contains(ds[0].Message, `plural form "one" is never shown`) {
		t.Errorf("document: %v", ds)
	}
	if ds := byCheck(runMessage(t, "fr", other("Files"), other("Fichiers"), false, nil), "plural-forms"); len(ds) != 0 {
		t.Errorf("document with other only: %v", ds)
	}
	for _, d := range byCheck(runMessage(t, "fr", map[string]string{"one": "{{.N}} file", "other": "{{.N}} files"}, map[string]string{"one": "{{.N}} fichier", "other": "{{.N}} fichiers"}, true, nil), "plural-forms") {
		if strings.Contains(d.Message, "never shown") {
			t.Errorf("component's plural message: %v", d)
		}
	}
}
