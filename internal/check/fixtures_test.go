package check

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"folio/internal/catalog"
	"folio/internal/locale"
	"folio/internal/project"
	"folio/internal/state"
)

// fixture is one catalog snippet a check must flag or leave alone. It is
// run through the whole loader: a project on disk with one unit (a
// document, or a catalog-only component), its source catalog and one
// locale catalog, checked by Run.
type fixture struct {
	tag string
	// src and tr are the source and translation texts of message "m"
	// (written as `["m"]` then `other = …`, so the value is on line 2);
	// srcTOML and trTOML, when set, are whole catalogs instead.
	src, tr         string
	srcTOML, trTOML string
	// file names the locale catalog (default: the tag).
	file      string
	component bool
	flag      bool
	// line is where a flagged diagnostic must be (default 2; -1: the
	// whole file, line 0).
	line int
}

func (f fixture) String() string {
	if f.trTOML != "" {
		return fmt.Sprintf("%s %q", f.tag, f.trTOML)
	}
	return fmt.Sprintf("%s %q → %q", f.tag, f.src, f.tr)
}

func flag(tag, src, tr string) fixture { return fixture{tag: tag, src: src, tr: tr, flag: true} }
func pass(tag, src, tr string) fixture { return fixture{tag: tag, src: src, tr: tr} }

func comp(f fixture) fixture { f.component = true; return f }

const hello = "[\"m\"]\nother = \"Hello\"\n"

// fixtures holds, for every registered check, the snippets it must flag
// and those it must leave alone. TestFixturesCoverRegistry keeps it
// complete.
var fixtures = map[string][]fixture{
	"catalog-syntax": {
		{tag: "fr", srcTOML: hello, trTOML: "[\"m\"]\nother = \"Bonjour\n", flag: true},
		{tag: "zh-Hans", srcTOML: hello, trTOML: "[\"m\"]\nother = \"你好\xff\"\n", flag: true},
		{tag: "ar", srcTOML: hello, trTOML: "[\"m\"]\nother = \"مرحبا\"\ncolour = \"أحمر\"\n", flag: true, line: 3},
		{tag: "ru", srcTOML: hello, trTOML: "[\"m\"]\nother = \"При\x00вет\"\n", flag: true},
		{tag: "es", srcTOML: hello, trTOML: "[\"m\"]\nother = 5\n", flag: true},
		{tag: "fr", srcTOML: hello, trTOML: "[\"m\"]\nother = \"Bonjour\"\n"},
		{tag: "zh-Hans", srcTOML: hello, trTOML: "\xEF\xBB\xBF[\"m\"]\r\nother = \"你好\"\r\n"},
		{tag: "ar", srcTOML: hello, trTOML: "m = \"مرحبا\"\n"},
		{tag: "ru", srcTOML: "[a]\nb = \"Hello\"\n", trTOML: "[a]\nb = \"Привет\"\n"},
	},
	"locale-tag": {
		{tag: "ar", srcTOML: hello, trTOML: "[\"m\"]\nother = \"مرحبا\"\n", file: "arabic", flag: true, line: -1},
		{tag: "zh-Hans", srcTOML: hello, trTOML: "[\"m\"]\nother = \"你好\"\n", file: "zh-Hant", flag: true, line: -1},
		{tag: "ru", srcTOML: hello, trTOML: "[\"m\"]\nother = \"Привет\"\n", file: "active.ru", flag: true, line: -1},
		{tag: "fr", srcTOML: hello, trTOML: "[\"m\"]\nother = \"Bonjour\"\n", file: "und", flag: true, line: -1},
		{tag: "ar", srcTOML: hello, trTOML: "[\"m\"]\nother = \"مرحبا\"\n"},
		{tag: "zh-Hans", srcTOML: hello, trTOML: "[\"m\"]\nother = \"你好\"\n"},
		{tag: "ru", srcTOML: hello, trTOML: "[\"m\"]\nother = \"Привет\"\n"},
		// A pseudo-locale catalog written by `folio pseudo`.
		{tag: "fr", srcTOML: hello, trTOML: "[\"m\"]\nother = \"⟦Héllo ··⟧\"\n", file: "en-XA"},
	},
	"unknown-id": {
		{tag: "fr", srcTOML: hello, trTOML: "[\"m\"]\nother = \"Bonjour\"\n\n[\"gone\"]\nother = \"Parti\"\n", flag: true, line: 4},
		{tag: "zh-Hans", srcTOML: hello, trTOML: "[\"x\"]\nother = \"你好\"\n", flag: true, line: 1},
		{tag: "ar", srcTOML: hello, trTOML: "[\"m\"]\nother = \"مرحبا\"\n[\"M\"]\nother = \"مرحبا\"\n", flag: true, line: 3},
		{tag: "fr", srcTOML: hello, trTOML: "[\"m\"]\nother = \"Bonjour\"\n"},
		{tag: "zh-Hans", srcTOML: hello, trTOML: ""},
		{tag: "ru", srcTOML: hello, trTOML: "m = \"Привет\"\n"},
	},
	"untranslated": {
		{tag: "fr", srcTOML: hello, trTOML: "[\"m\"]\nother = \"\"\n", flag: true},
		{tag: "zh-Hans", srcTOML: hello + "[\"n\"]\nother = \"World\"\n", trTOML: "[\"m\"]\nother = \"你好\"\n[\"n\"]\nother = \"\"\n", flag: true, line: 4},
		{tag: "ar", srcTOML: hello, trTOML: "[\"m\"]\ndescription = \"تحية\"\nother = \"\"\n", flag: true, line: 3},
		{tag: "ru", srcTOML: hello, trTOML: "", flag: true, line: -1},
		{tag: "fr", srcTOML: hello, trTOML: "[\"m\"]\nother = \"Bonjour\"\n"},
		{tag: "zh-Hans", srcTOML: hello, trTOML: "m = \"你好\"\n"},
		{tag: "ar", srcTOML: hello, trTOML: "[\"m\"]\nother = \"مرحبا\"\n"},
	},
	"stale": {
		{tag: "fr", srcTOML: "[\"m\"]\nhash = \"sha1-1111111111111111111111111111111111111111\"\nother = \"Hello\"\n", trTOML: "[\"m\"]\nhash = \"sha1-2222222222222222222222222222222222222222\"\nother = \"Bonjour\"\n", flag: true},
		{tag: "zh-Hans", srcTOML: hello, trTOML: "[\"m\"]\nhash = \"sha1-2222222222222222222222222222222222222222\"\nother = \"你好\"\n", flag: true},
		{tag: "ru", srcTOML: "[\"m\"]\ndescription = \"greeting\"\nother = \"Hello\"\n", trTOML: "[\"m\"]\nother = \"Привет\"\nhash = \"" + catalog.Hash("Hello") + "\"\n", flag: true, line: 3},
		{tag: "fr", srcTOML: "[\"m\"]\nhash = \"sha1-1111111111111111111111111111111111111111\"\nother = \"Hello\"\n", trTOML: "[\"m\"]\nhash = \"sha1-1111111111111111111111111111111111111111\"\nother = \"Bonjour\"\n"},
		{tag: "zh-Hans", srcTOML: hello, trTOML: "[\"m\"]\nhash = \"" + catalog.Hash("Hello") + "\"\nother = \"你好\"\n"},
		{tag: "ar", srcTOML: hello, trTOML: "[\"m\"]\nother = \"مرحبا\"\n"},
	},
	"markdown-parity": {
		flag("fr", "See [the guide](https://example.org/guide).", "Voir le guide."),
		flag("zh-Hans", "See [the guide](https://example.org/guide).", "参见[指南](https://example.org/guide-zh)。"),
		flag("ru", "Run `folio extract` now.", "Запустите folio extract сейчас."),
		flag("ar", "![logo](logo.png)", "![شعار](logo-ar.png)"),
		pass("fr", "See [the guide](https://example.org/guide).", "Voir [le guide](https://example.org/guide)."),
		pass("zh-Hans", "Run `folio extract` now.", "现在运行 `folio extract`。"),
		pass("ar", "See [the guide](https://example.org/guide).", "انظر [الدليل](https://example.org/guide)."),
		pass("ru", "[a](x.html) and [b](y.html)", "[б](y.html) и [а](x.html)"),
	},
	"unsafe-markup": {
		flag("fr", "Hello world.", "Bonjour <b>le monde</b>."),
		flag("zh-Hans", "Hello world.", `你好<img src="x" onerror="alert(1)">世界。`),
		flag("ar", "See [here](https://example.org).", "انظر [هنا](javascript:alert(1))."),
		flag("ru", "See [here](https://example.org).", "См. [здесь](data:text/html,hi)."),
		flag("es", "Hello.", "Hola <script>alert(1)</script>."),
		pass("fr", "Press <kbd>Enter</kbd>.", "Appuyez sur <kbd>Entrée</kbd>."),
		pass("zh-Hans", "Hello world.", "你好，世界。"),
		pass("ar", "See [here](https://example.org).", "انظر [هنا](https://example.org)."),
		pass("ru", "JavaScript: a language.", "JavaScript: язык."),
	},
	"template-syntax": {
		comp(flag("fr", "Hello {{.Name}}", "Bonjour {{.Name")),
		comp(flag("zh-Hans", "Hello {{.Name}}", "你好 {{.Name}}{{end}}")),
		comp(flag("ar", "{{if .A}}Admin{{end}}", "{{if .A}}مسؤول")),
		comp(flag("ru", "Hello {{.Name}}", "Привет {{ .Name | nosuchfunc }}")),
		comp(pass("fr", "Hello {{.Name}}", "Bonjour {{.Name}}")),
		comp(pass("zh-Hans", "Hello {{.Name}}", "{{.Name}}，你好")),
		comp(pass("ar", "{{if .A}}Admin{{end}}", "{{if .A}}مسؤول{{end}}")),
		// Documents are text, not templates: a literal {{ .Title }} is kept verbatim.
		pass("ru", "Write {{ .Title }} in the layout.", "Напишите {{ .Title в макете."),
	},
	"placeholders": {
		comp(flag("fr", "Hello {{.Name}}!", "Bonjour\u202f!")),
		comp(flag("zh-Hans", "Hello {{.Name}}!", "你好 {{.Nom}}！")),
		comp(flag("ru", "Hello!", "Привет, {{.Name}}!")),
		comp(flag("ar", "{{if .Admin}}Admin{{end}}", "{{if .User}}مسؤول{{end}}")),
		comp(pass("fr", "Hello {{.Name}}!", "Bonjour {{.Name}}\u202f!")),
		comp(pass("zh-Hans", "{{.A}} and {{.B}}", "{{.B}}和{{.A}}")),
		comp(pass("ar", "Hello {{.Name}}!", "مرحبا {{.Name}}!")),
		comp(pass("ru", "Hello!", "Привет!")),
	},
	"plural-forms": {
		comp(fixture{tag: "ru", srcTOML: pluralSrc, trTOML: "[\"m\"]\none = \"{{.Count}} файл\"\nother = \"{{.Count}} файла\"\n", flag: true, line: 1}),
		comp(fixture{tag: "ar", srcTOML: pluralSrc, trTOML: "[\"m\"]\none = \"ملف\"\nother = \"{{.Count}} ملفات\"\n", flag: true, line: 1}),
		comp(fixture{tag: "fr", srcTOML: pluralSrc, trTOML: "[\"m\"]\nother = \"{{.Count}} fichiers\"\n", flag: true, line: 1}),
		comp(fixture{tag: "zh-Hans", srcTOML: pluralSrc, trTOML: "[\"m\"]\none = \"{{.Count}} 个文件\"\nother = \"{{.Count}} 个文件\"\n", flag: true}),
		comp(fixture{tag: "zh-Hans", srcTOML: pluralSrc, trTOML: "[\"m\"]\nother = \"{{.Count}} 个文件\"\n"}),
		comp(fixture{tag: "ru", srcTOML: pluralSrc, trTOML: "[\"m\"]\none = \"{{.Count}} файл\"\nfew = \"{{.Count}} файла\"\nmany = \"{{.Count}} файлов\"\nother = \"{{.Count}} файла\"\n"}),
		comp(fixture{tag: "ar", srcTOML: pluralSrc, trTOML: "[\"m\"]\nzero = \"لا ملفات\"\none = \"ملف\"\ntwo = \"ملفان\"\nfew = \"{{.Count}} ملفات\"\nmany = \"{{.Count}} ملفًا\"\nother = \"{{.Count}} ملف\"\n"}),
		comp(fixture{tag: "es", srcTOML: pluralSrc, trTOML: "[\"m\"]\none = \"{{.Count}} archivo\"\nmany = \"{{.Count}} de archivos\"\nother = \"{{.Count}} archivos\"\n"}),
	},
	"control-chars": {
		flag("fr", "Hello.", "Bonjour\u0007."),
		flag("zh-Hans", "Hello.", "你好\u001b[31m。"),
		flag("ar", "Hello.", "مرحبا\u0085."),
		flag("ru", "Hello.", "При\u0008вет."),
		pass("fr", "Hello.", "Bonjour."),
		pass("zh-Hans", "Line one\nline two", "第一行\n第二行"),
		pass("ar", "Col\tumn", "عمود\tعمود"),
		pass("ru", "Bell\u0007.", "Звонок\u0007."),
	},
	"identical": {
		flag("fr", "Cyberspace governance.", "Cyberspace governance."),
		flag("zh-Hans", "Peace and security.", "Peace and security."),
		flag("ar", "Digital economy", "Digital economy"),
		flag("ru", "Shared future.", "Shared future."),
		pass("fr", "2019", "2019"),
		pass("zh-Hans", "`folio extract`", "`folio extract`"),
		pass("ar", "Digital economy", "الاقتصاد الرقمي"),
		pass("ru", "https://example.org", "https://example.org"),
		// One word in the source's script is often the same word.
		pass("fr", "Archives", "Archives"),
		comp(pass("es", "{{.Count}} Section", "{{.Count}} Section")),
		flag("ru", "Archives", "Archives"),
	},
	"numbers": {
		flag("fr", "In 2015, 30 countries signed.", "En 2015, des pays ont signé."),
		flag("zh-Hans", "Since 2015.", "自2016年以来。"),
		flag("ar", "There are 42 items.", "هناك ٤٣ عنصرا."),
		flag("ru", "Chapter 7 of 9.", "Глава 7."),
		pass("fr", "1,000 people", "1.000 personnes"),
		pass("zh-Hans", "In 2015 the forum met.", "2015年，论坛召开。"),
		pass("ar", "There are 42 items.", "هناك ٤٢ عنصرا."),
		pass("ru", "From 3 to 5.", "От 3 до 5."),
	},
	"whitespace": {
		flag("fr", "Hello.", "Bonjour. "),
		flag("zh-Hans", "Hello.", " 你好。"),
		flag("ru", "Hello world.", "Привет  мир."),
		flag("ar", "Hello world.", "مرحبا  بالعالم."),
		pass("fr", "Hello world.", "Bonjour le monde."),
		pass("zh-Hans", "Hello world.", "你好，世界。"),
		pass("ar", " Hello  world. ", " مرحبا  بالعالم. "),
		pass("ru", "Hello world.", "Привет\u00a0 мир."),
	},
	"end-punctuation": {
		flag("fr", "This is it.", "C’est tout"),
		flag("zh-Hans", "This is it.", "就是这样"),
		flag("ar", "Title", "عنوان."),
		flag("ru", "Title", "Заголовок…"),
		pass("fr", "This is it.", "C’est tout."),
		pass("zh-Hans", "Why?", "为什么？"),
		pass("ar", "Why?", "لماذا؟"),
		pass("ru", "He said \"yes.\"", "Он сказал «да.»"),
		flag("zh-Hans", "Is it ready?", "准备好了。"),
		flag("ar", "It is ready.", "هل هو جاهز؟"),
		pass("fr", "Steps:", "Étapes."),
		pass("el", "Why?", "Γιατί;"),
		pass("ur", "It is ready.", "یہ تیار ہے۔"),
		pass("hi", "It is ready.", "यह तैयार है।"),
		comp(pass("ru", "{{.Count}} minutes read", "Время чтения: {{.Count}} мин.")),
		flag("ru", "Reading time", "Время чтения."),
	},
	"typography": {
		flag("fr", "Note: this.", "Remarque : ceci."),
		flag("zh-Hans", "Peace, security.", "和平,安全。"),
		flag("ar", "Peace, security.", "السلام, الأمن."),
		flag("ru", "A (note).", "Примечание (важно."),
		flag("es", "Why?", "Por qué?"),
		flag("ru", `Press "Save".`, `Нажмите "Сохранить.`),
		pass("ar", `Press "Save".`, `اضغط "حفظ".`),
		pass("ru", `12" screen`, `экран 12"`),
		pass("fr", "Note: this. Why?", "Remarque\u00a0: ceci. Pourquoi\u202f?"),
		pass("zh-Hans", "Peace, security.", "和平，安全。"),
		pass("ar", "Peace, security?", "السلام، الأمن؟"),
		pass("ru", "Note: this (really).", "Примечание: это (правда)."),
		pass("ar", "See [the guide](https://example.org/g).", "انظر [الدليل](https://example.org/g)."),
		pass("zh-Hans", "Run `folio check` first.", "先运行`folio check`命令。"),
		pass("ru", "See [Go](https://en.wikipedia.org/wiki/Go_(language)).", "См. [Go](https://en.wikipedia.org/wiki/Go_(language))."),
		pass("fr", "Run `folio check`: it helps.", "Lancez `folio check`\u00a0: cela aide."),
	},
	"glossary": {
		flag("fr", "Protect critical information infrastructure.", "Protéger les infrastructures critiques d’information."),
		flag("zh-Hans", "Protect critical information infrastructure.", "保护重要信息基础设施。"),
		flag("ar", "Protect critical information infrastructure.", "حماية الشبكات."),
		flag("ru", "Protect critical information infrastructures.", "Защита сетей."),
		pass("fr", "Protect critical information infrastructure.", "Protéger l’infrastructure d’information critique."),
		pass("zh-Hans", "Protect critical information infrastructure.", "保护关键信息基础设施。"),
		pass("ar", "Protect critical information infrastructure.", "حماية البنية التحتية الحيوية للمعلومات."),
		pass("ru", "Protect the network.", "Защита сети."),
		// A decomposed é is still the approved rendering (nfc reports it).
		pass("ru", "Protect critical information infrastructure.", "Защита критическои\u0306 информационнои\u0306 инфраструктуры."),
	},
	"nfc": {
		flag("fr", "Summer.", "E\u0301te\u0301."),
		flag("ru", "Mode.", "Режи\u0306м."),
		flag("zh-Hans", "Cafe.", "咖啡 cafe\u0301。"),
		flag("ar", "Peace.", "سلا\u0653م."), // alef + combining maddah: NFC composes it to آ
		pass("fr", "Summer.", "Été."),
		pass("ru", "Mode.", "Режим."),
		pass("zh-Hans", "Peace.", "和平。"),
		pass("ar", "Peace.", "سَلَام."),
	},
	"emphasis": {
		flag("fr", "This is **important**.", "C’est **important."),
		flag("zh-Hans", "This is *new*.", "这是新的。"),
		flag("ar", "Plain text.", "نص *مهم* هنا."),
		flag("ru", "Both ~~old~~ and *new*.", "И старое, и *новое*."),
		pass("fr", "This is **important**.", "C’est **important**."),
		pass("zh-Hans", "This is *new*.", "这是*新的*。"),
		pass("ar", "Plain text.", "نص عادي."),
		pass("ru", "Both ~~old~~ and *new*.", "И ~~старое~~, и *новое*."),
	},
	"doubled-word": {
		flag("fr", "The text is ready.", "Le le texte est prêt."),
		flag("ru", "The text is ready.", "Текст текст готов."),
		flag("ar", "The text is ready.", "النص النص جاهز."),
		flag("zh-Hans", "Use Go now.", "现在使用 Go go 语言。"),
		flag("es", "The text is ready.", "El texto está está listo."),
		pass("fr", "We get up early.", "Nous nous levons tôt."),
		pass("zh-Hans", "Thank you, often.", "谢谢，常常。"),
		pass("ar", "Step by step.", "خطوة، خطوة."),
		pass("ru", "Very very good.", "Очень очень хорошо."),
		pass("es", "I know that that works.", "Sé que eso funciona."),
	},
	"length": {
		flag("fr", "This is a reasonably long sentence about the future of cyberspace.", "Oui."),
		flag("zh-Hans", "This is a reasonably long sentence about the future of cyberspace.", "这是一个关于网络空间未来的相当长的句子，这是一个关于网络空间未来的相当长的句子，这是一个关于网络空间未来的相当长的句子，这是一个关于网络空间未来的相当长的句子。"),
		flag("ar", "This is a reasonably long sentence about the future of cyberspace.", "نعم."),
		flag("ru", "This is a reasonably long sentence about the future of cyberspace.", strings.Repeat("Это очень длинное предложение. ", 8)),
		pass("fr", "This is a reasonably long sentence about the future of cyberspace.", "Voici une phrase assez longue sur l’avenir du cyberespace."),
		pass("zh-Hans", "This is a reasonably long sentence about the future of cyberspace.", "这是一个关于网络空间未来的相当长的句子。"),
		pass("ar", "This is a reasonably long sentence about the future of cyberspace.", "هذه جملة طويلة نسبيا حول مستقبل الفضاء الإلكتروني."),
		pass("ru", "Short.", "Очень длинное объяснение."),
		// Shared identifiers and placeholders say nothing about length.
		comp(pass("zh-Hans", "#PAGES_COUNT pages (#TIME_SECONDS seconds) {{.Theme}} {{.DesignedBy}}", "#PAGES_COUNT 个结果 （用时 #TIME_SECONDS 秒） {{.Theme}} {{.DesignedBy}}")),
	},
}

const pluralSrc = "[\"m\"]\none = \"{{.Count}} file\"\nother = \"{{.Count}} files\"\n"

// runFixture writes the fixture as a project and checks it.
func runFixture(t *testing.T, f fixture, g *Glossary) []Diagnostic {
	t.Helper()
	dir := t.TempDir()
	unit := "doc"
	if f.component {
		unit = "comp"
	}
	write := func(rel, data string) { writeFiles(t, dir, map[string]string{rel: data}) }
	write("folio.toml", fmt.Sprintf("source_language = \"en\"\nlocales = [%q]\n", f.tag))
	src, tr := f.srcTOML, f.trTOML
	if src == "" {
		src = "[\"m\"]\nother = " + catalog.Quote(f.src) + "\n"
		tr = "[\"m\"]\nother = " + catalog.Quote(f.tr) + "\n"
	}
	if !f.component {
		write("source/doc.md", "Text.\n")
	}
	write("locales/"+unit+"/en.toml", src)
	file := f.file
	if file == "" {
		file = f.tag
	}
	if tr != "" || f.file != "" {
		write("locales/"+unit+"/"+file+".toml", tr)
	}
	p, err := project.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	st := state.Load(p, p.Locales)
	return Run(st, Options{Locales: p.Locales, Glossary: g}).Diagnostics
}

func fixtureGlossary(t *testing.T) *Glossary {
	g, err := ParseGlossary("locales/glossary.toml", []byte(glossaryTOML))
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestFixtures runs every check's fixtures: each flag fixture must give a
// diagnostic of that check at the expected line, with the locale, and a
// hint to silence it; each pass fixture none of that check.
func TestFixtures(t *testing.T) {
	g := fixtureGlossary(t)
	names := make([]string, 0, len(fixtures))
	for name := range fixtures {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		for i, f := range fixtures[name] {
			kind := "pass"
			if f.flag {
				kind = "flag"
			}
			t.Run(fmt.Sprintf("%s/%s-%d-%s", name, kind, i, f.tag), func(t *testing.T) {
				ds := byCheck(runFixture(t, f, g), name)
				if !f.flag {
					if len(ds) != 0 {
						t.Fatalf("%v: unexpected %v", f, ds)
					}
					return
				}
				if len(ds) == 0 {
					t.Fatalf("%v: no [%s] diagnostic", f, name)
				}
				want := f.line
				if want == 0 {
					want = 2
				} else if want < 0 {
					want = 0
				}
				d := ds[0]
				if d.Line != want {
					t.Errorf("%v: line %d, want %d: %v", f, d.Line, want, d)
				}
				if d.Line > 0 && d.Column < 1 {
					t.Errorf("%v: no column: %v", f, d)
				}
				if !strings.HasPrefix(d.File, "locales/") || (d.Locale != f.tag && d.Locale != f.file) {
					t.Errorf("%v: not located: %+v", f, d)
				}
				if name != "catalog-syntax" && !strings.Contains(d.Message, "to silence") {
					t.Errorf("%v: no hint to silence it: %s", f, d.Message)
				}
			})
		}
	}
}

// TestFixturesCoverRegistry fails when a registered check has fewer than
// three fixtures it must flag or three it must leave alone, or when they
// span fewer than three scripts.
func TestFixturesCoverRegistry(t *testing.T) {
	for _, c := range Registry {
		fs := fixtures[c.Name]
		flags, passes := 0, 0
		flagScripts, passScripts := map[string]bool{}, map[string]bool{}
		for _, f := range fs {
			s := locale.Script(f.tag)
			if f.flag {
				flags++
				flagScripts[s] = true
			} else {
				passes++
				passScripts[s] = true
			}
		}
		t.Logf("%-16s flag %2d (%s)  pass %2d (%s)", c.Name, flags, keysOf(flagScripts), passes, keysOf(passScripts))
		if flags < 3 || passes < 3 {
			t.Errorf("check %s has %d flag and %d pass fixtures; want at least 3 of each", c.Name, flags, passes)
		}
		if len(flagScripts) < 3 || len(passScripts) < 3 {
			t.Errorf("check %s: flag fixtures span %d scripts, pass fixtures %d; want at least 3 each (Latin, Han, Arabic, Cyrillic)", c.Name, len(flagScripts), len(passScripts))
		}
	}
	for name := range fixtures {
		if _, ok := Lookup(name); !ok {
			t.Errorf("fixtures for unregistered check %q", name)
		}
	}
}

func keysOf(m map[string]bool) string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

// TestReferenceLinksThroughSegments: a translation that drops a reference
// link is flagged whether the document was loaded segmented (check takes
// its definitions from segmentation, as in a build) or not (check parses
// its body, as folio check does).
func TestReferenceLinksThroughSegments(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"folio.toml":          "source_language = \"en\"\nlocales = [\"fr\"]\n",
		"source/doc.md":       "---\ntitle: Doc\n---\nSee [the docs][d].\n\n[d]: https://example.org/docs\n",
		"locales/doc/en.toml": "[\"m\"]\nother = \"See [the docs][d].\"\n",
		"locales/doc/fr.toml": "[\"m\"]\nother = \"Voir la documentation.\"\n",
	})
	p, err := project.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	for name, st := range map[string]*state.State{"segmented": state.Load(p, p.Locales), "unsegmented": state.LoadUnsegmented(p, p.Locales)} {
		if name == "segmented" && !st.Units[0].Segments.DefinitionsKnown {
			t.Fatal("the segmented document does not carry its definitions")
		}
		ds := byCheck(Run(st, Options{Locales: p.Locales}).Diagnostics, "markdown-parity")
		if len(ds) != 1 || !strings.Contains(ds[0].Message, "https://example.org/docs") {
			t.Errorf("%s: markdown-parity diagnostics %v, want one for the dropped link", name, ds)
		}
	}
}

// writeFiles writes each file, by path relative to dir, with its folders.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for rel, data := range files {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
