package check

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"folio/internal/catalog"
	"folio/internal/project"
	"folio/internal/segment"
	"folio/internal/state"
)

// Differential tests of fast.go: each fast path against the code it
// replaces (kept here as the reference), on every message of the
// repository's catalogs, the test fixtures, the app catalogs of testdata
// and a generated documentation set, and under fuzzing.

// The regexps plain was first written with: unlink and stripMarkup must
// give exactly their results.
var (
	plainStrip = regexp.MustCompile("`[^`]*`|\\]\\((?:[^()]|\\([^()]*\\))*\\)|<[^>]*>|https?://\\S+")
	plainLink  = regexp.MustCompile(`!?\[([^\[\]]*)\]\((?:[^()]|\([^()]*\))*\)`)
)

// plainRegexp is plain as first written.
func plainRegexp(s string) string {
	return plainStrip.ReplaceAllString(plainLink.ReplaceAllString(s, "$1"), "\uFFFC")
}

// compareNumbersRef is compareNumbers as first written.
func compareNumbersRef(src, tr string) (missing, extra string) {
	if strings.IndexFunc(src, unicode.IsDigit) < 0 {
		return "", ""
	}
	count := func(s string) map[string]int {
		m := map[string]int{}
		for _, n := range numberRe().FindAllString(foldDigits(s), -1) {
			m[strings.NewReplacer(",", "", ".", "").Replace(n)]++
		}
		return m
	}
	sn, tn := count(src), count(tr)
	var miss, ext []string
	for n, k := range sn {
		if tn[n] < k {
			miss = append(miss, n)
		}
	}
	for n, k := range tn {
		if sn[n] < k {
			ext = append(ext, n)
		}
	}
	if len(miss) == 0 {
		return "", ""
	}
	sort.Strings(miss)
	sort.Strings(ext)
	return miss[0], strings.Join(ext, ", ")
}

// withoutShared removes from both texts the space-separated tokens they
// share verbatim: the length check as first written.
func withoutShared(src, tr string) (string, string) {
	in := map[string]int{}
	for _, w := range strings.Fields(tr) {
		in[w]++
	}
	shared := map[string]int{}
	var s []string
	for _, w := range strings.Fields(src) {
		if in[w] > 0 {
			in[w]--
			shared[w]++
			continue
		}
		s = append(s, w)
	}
	var t []string
	for _, w := range strings.Fields(tr) {
		if shared[w] > 0 {
			shared[w]--
			continue
		}
		t = append(t, w)
	}
	return strings.Join(s, " "), strings.Join(t, " ")
}

// lengthRatioRef is lengthRatio as first written.
func lengthRatioRef(source, tag, src, tr string) string {
	src, tr = withoutShared(templateAction().ReplaceAllString(plainRegexp(src), " "), templateAction().ReplaceAllString(plainRegexp(tr), " "))
	sl, tl := float64(len([]rune(src))), float64(len([]rune(tr)))
	if sl < 40 {
		return ""
	}
	lo, hi := 0.5, 2.2
	switch scriptOf(tag) {
	case "Hans", "Hant", "Jpan", "Kore":
		lo, hi = 0.1, 0.6
	}
	switch scriptOf(source) {
	case "Hans", "Hant", "Jpan", "Kore":
		lo, hi = lo*2.5, hi*4
	}
	r := tl / sl
	if r < lo || r > hi {
		return fmt.Sprintf("the translation is %.0f%% of the source's length, outside the expected %.0f–%.0f%%; is something missing or added?", r*100, lo*100, hi*100)
	}
	return ""
}

// controlCharsRef is controlChars as first written.
func controlCharsRef(src, tr string) string {
	for i, r := range []rune(tr) {
		if r == '\n' || r == '\t' || !unicode.Is(unicode.Cc, r) {
			continue
		}
		if strings.ContainsRune(src, r) {
			continue
		}
		return fmt.Sprintf("control character U+%04X at code point %d of the text", r, i+1)
	}
	return ""
}

// checkFast compares every fast path with its reference on one text (and
// on the pair src, tr for those that read two), with the unit's link
// reference definitions.
func checkFast(t *testing.T, src, tr string, refs refDefs) {
	t.Helper()
	md := segment.NewMarkdown()
	for _, s := range []string{src, tr} {
		if got, want := plain(s), plainRegexp(s); got != want {
			t.Fatalf("plain(%q) = %q, want %q", s, got, want)
		}
		gt, ge := markdownTokensWith(md, s, refs)
		wt, we := goldmarkTokens(md, s, refs)
		if !reflect.DeepEqual(gt, wt) || ge != we {
			t.Fatalf("markdown tokens of %q: %q %d, goldmark %q %d", s, gt, ge, wt, we)
		}
		if got, want := doubledWordsFast(s), doubledWordsRunes(s); !reflect.DeepEqual(got, want) {
			t.Fatalf("doubledWords(%q) = %q, want %q", s, got, want)
		}
		if got, want := isNFC(s), norm.NFC.IsNormalString(s); got != want {
			t.Fatalf("isNFC(%q) = %v, want %v", s, got, want)
		}
		if got, want := prose(s), templateAction().ReplaceAllString(plainRegexp(s), " "); got != want {
			t.Fatalf("prose(%q) = %q, want %q", s, got, want)
		}
		for _, tag := range []string{"fr", "es", "zh-Hans", "ja", "ar", "ru"} {
			if got, want := typography(tag, s), typographyRef(tag, s); !reflect.DeepEqual(got, want) {
				t.Fatalf("typography(%s, %q) = %q, want %q", tag, s, got, want)
			}
		}
		var fields []string
		for i := 0; ; {
			start, end, runes := nextField(s, i)
			if start < 0 {
				break
			}
			if runes != utf8.RuneCountInString(s[start:end]) {
				t.Fatalf("nextField(%q) counts %d runes in %q", s, runes, s[start:end])
			}
			fields = append(fields, s[start:end])
			i = end
		}
		if want := strings.Fields(s); len(fields)+len(want) > 0 && !reflect.DeepEqual(fields, want) {
			t.Fatalf("fields of %q: %q, want %q", s, fields, want)
		}
	}
	for _, p := range [][2]string{{src, tr}, {tr, src}} {
		a, b := p[0], p[1]
		gm, ge := compareNumbers(plain(a), plain(b))
		wm, we := compareNumbersRef(plainRegexp(a), plainRegexp(b))
		if gm != wm || ge != we {
			t.Fatalf("compareNumbers(%q, %q) = %q %q, want %q %q", a, b, gm, ge, wm, we)
		}
		for _, tags := range [][2]string{{"en", "fr"}, {"en", "zh-Hans"}, {"zh-Hans", "en"}} {
			if got, want := lengthRatio(tags[0], tags[1], a, b), lengthRatioRef(tags[0], tags[1], a, b); got != want {
				t.Fatalf("lengthRatio(%q, %q) = %q, want %q", a, b, got, want)
			}
		}
		if got, want := controlChars(a, b), controlCharsRef(a, b); got != want {
			t.Fatalf("controlChars(%q, %q) = %q, want %q", a, b, got, want)
		}
		if got, want := sameLower(a, b), strings.ToLower(a) == strings.ToLower(b); got != want {
			t.Fatalf("sameLower(%q, %q) = %v, want %v", a, b, got, want)
		}
	}
}

// stateTexts calls f with every message pair of every locale of a loaded
// project, and the unit's reference definitions.
func stateTexts(t testing.TB, st *state.State, f func(src, tr string, refs refDefs)) int {
	n := 0
	for _, u := range st.Units {
		if u.Source == nil {
			continue
		}
		var refs refDefs
		if u.Segments != nil {
			refs = references(u.Segments.Source)
		}
		for _, c := range u.Locales {
			if c.File == nil {
				continue
			}
			for _, sm := range u.Source.Messages {
				tm := c.File.Lookup(sm.ID)
				for _, form := range catalog.PluralForms {
					s := sm.Forms.Text(form)
					tr := ""
					if tm != nil {
						tr = tm.Forms.Text(form)
					}
					if s == "" && tr == "" {
						continue
					}
					f(s, tr, refs)
					n++
				}
			}
		}
	}
	return n
}

func TestFastPathsOnRepository(t *testing.T) {
	p, err := project.Load("../..")
	if err != nil {
		t.Fatal(err)
	}
	n := stateTexts(t, state.Load(p, p.Locales), func(src, tr string, refs refDefs) { checkFast(t, src, tr, refs) })
	if n < 100 {
		t.Fatalf("only %d message pairs in the repository's catalogs", n)
	}
}

func TestFastPathsOnFixtures(t *testing.T) {
	n := 0
	for _, fs := range fixtures {
		for _, f := range fs {
			checkFast(t, f.src, f.tr, nil)
			checkFast(t, f.srcTOML, f.trTOML, nil)
			n++
		}
	}
	files, _ := filepath.Glob("testdata/app/*/*.toml")
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		c, err := catalog.Parse(path, data)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range c.Messages {
			for _, s := range m.Forms.All() {
				checkFast(t, s, s+" x", nil)
				n++
			}
		}
	}
	if n < 100 || len(files) == 0 {
		t.Fatalf("only %d fixtures and %d app catalogs", n, len(files))
	}
}

// TestFastPathsOnGeneratedSet runs bench/gen for a small documentation
// set in three locales (headings, lists, tables, code, links, emphasis;
// pseudo-translations, some stale or untranslated).
func TestFastPathsOnGeneratedSet(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a documentation set")
	}
	dir := generatedSet(t, 6, 3)
	p, err := project.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := stateTexts(t, state.Load(p, p.Locales), func(src, tr string, refs refDefs) { checkFast(t, src, tr, refs) })
	if n < 500 {
		t.Fatalf("only %d message pairs in the generated set", n)
	}
}

// TestFastPathsOnEdgeCases: texts at the edges of the patterns, in
// several scripts, with invalid UTF-8 and control characters.
func TestFastPathsOnEdgeCases(t *testing.T) {
	for _, s := range []string{
		"", "plain text", "a `code` b", "``", "a ` b", "see [x](http://a.b/c) now", "](", "]()", "a ](b",
		"<b>bold</b>", "a < b > c", "<", "go to https://example.org/x?y=1, then http://a.b", "https:// x", "http://",
		"https://", "httpx://a", "hhttp://a", "`a` `b` `c", "x <a href=\"u\">y</a> `z` [w](v)", "tab\thttp://a\tb",
		"![i](u)", "!![i](u)", "[a][b](c)", "[a](b(c)d)", "[a](b(c(d)))", "[a](b(c)", "](a(b)c)", "[](", "[]()",
		"http://\u00a0x", "https://\vx", "{{.Name}} {{", "{{a\n}}", "{{{}}}", "The the", "ſ s", "K k", "Die die die",
		"l’homme l’homme", "a-b a-B", "É é", "\xff\xfe", "a\xffb a\xffb", "E\u0301", "\u0307", "x\u0085y",
		"www.example.org", "mail me@example.org", "a ~~b~~ c", "snake_case", "2*3", "1,000 1.000 1000",
		"٤٢ 42", "Время чтения: 5 мин. 5 мин.", "谢谢 谢谢", "\u00a0\u202f", "⟦Ça va⟧ « oui »",
	} {
		for _, tr := range []string{s, "x " + s, strings.ToUpper(s)} {
			checkFast(t, s, tr, nil)
		}
	}
}

// FuzzFastPaths: every fast path of fast.go gives the result of the code
// it replaces, for any text.
func FuzzFastPaths(f *testing.F) {
	for _, s := range []string{
		"see [x](http://a.b/c) now", "`a` <b>c</b> https://x.y/z", "![i](u (v)) [w](x(y)z)", "The the the",
		"l’homme L’HOMME", "E\u0301 ⟦é⟧", "{{.Count}} pages 1,000", "www.x.org a@b.cd", "*a* _b_ ~~c~~",
		"\x00\x85\xff", "Время чтения: 5 мин.", "谢谢 谢谢。", "مرحبا, بالعالم؟",
	} {
		f.Add(s, s+" x")
	}
	f.Fuzz(func(t *testing.T, src, tr string) {
		checkFast(t, src, tr, nil)
	})
}

// TestNFCInertTable: every pair of tabulated code points, next to each
// other and to a sample of letters from many scripts, is in NFC exactly
// when x/text says so (the quick check isNFC relies on).
func TestNFCInertTable(t *testing.T) {
	samples := []rune{'e', 'A', 'é', 'ı', 'й', 'ا', 'が', 'か', 'ア', '中', '가', '각', 'ᄀ', 'अ', 'ก', '⟦', '’', '«'}
	inert := 0
	prev := rune('a')
	for r := rune(0); r <= 0xFFFF; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		if !nfcInert(r) {
			continue
		}
		inert++
		c := string(r)
		for _, s := range []string{c, c + c, string(prev) + c, c + string(prev)} {
			if !norm.NFC.IsNormalString(s) {
				t.Fatalf("%U is tabulated inert but %+q is not in NFC", r, s)
			}
		}
		for _, q := range samples {
			for _, s := range []string{c + string(q), string(q) + c} {
				if got, want := isNFC(s), norm.NFC.IsNormalString(s); got != want {
					t.Fatalf("isNFC(%+q) = %v, want %v", s, got, want)
				}
			}
		}
		prev = r
	}
	if inert < 30000 {
		t.Fatalf("only %d inert code points in the BMP", inert)
	}
}

// doubledWordsRunes is doubledWords as first written, over a rune slice:
// fast_test.go compares doubledWordsFast with it.
func doubledWordsRunes(s string) []string {
	var out []string
	rs := []rune(s)
	prev, prevEnd := "", -1
	for i := 0; i < len(rs); {
		if !isWordRuneSlow(rs[i]) {
			i++
			continue
		}
		j := i
		for j < len(rs) && (isWordRuneSlow(rs[j]) || isJoinerRef(rs, j)) {
			j++
		}
		w := strings.ToLower(string(rs[i:j]))
		spaced := prevEnd >= 0 && i > prevEnd && strings.TrimSpace(string(rs[prevEnd:i])) == ""
		if spaced && w == prev && !unspaced(rs[i]) && hasLetters(w) {
			out = append(out, w)
		}
		prev, prevEnd = w, j
		i = j
	}
	return out
}

// isJoinerRef is isJoiner as first written.
func isJoinerRef(rs []rune, j int) bool {
	return strings.ContainsRune("'’-", rs[j]) && j > 0 && j+1 < len(rs) && isWordRuneSlow(rs[j-1]) && isWordRuneSlow(rs[j+1])
}

// typographyRef is typography as first written.
// nearArabicRunes is nearArabic as first written, on the text's runes:
// whether one of the three runes before or after rs[i] is Arabic.
func nearArabicRunes(rs []rune, i int) bool {
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		if unicode.Is(unicode.Arabic, rs[j]) {
			return true
		}
	}
	for j := i + 1; j < len(rs) && j <= i+3; j++ {
		if unicode.Is(unicode.Arabic, rs[j]) {
			return true
		}
	}
	return false
}

func typographyRef(tag, text string) []string {
	var out []string
	rs := []rune(text)
	switch baseLang(tag) {
	case "fr":
		for i, r := range rs {
			if !strings.ContainsRune(";:!?", r) || i == 0 {
				continue
			}
			prev := rs[i-1]
			if prev == ' ' {
				out = append(out, "French typography: use a no-break space (U+00A0 or U+202F) before "+string(r))
			} else if unicode.IsLetter(prev) || unicode.IsDigit(prev) {
				if r == ':' && i+1 < len(rs) && (rs[i+1] == '/' || unicode.IsDigit(rs[i+1])) {
					continue // a URL or a time
				}
				out = append(out, "French typography: a no-break space belongs before "+string(r))
			}
		}
		for i, r := range rs {
			if r == '«' && i+1 < len(rs) && !isNoBreak(rs[i+1]) {
				out = append(out, "French typography: a no-break space belongs after «")
			}
			if r == '»' && i > 0 && !isNoBreak(rs[i-1]) {
				out = append(out, "French typography: a no-break space belongs before »")
			}
		}
	case "es":
		if strings.Count(text, "¿") != strings.Count(text, "?") {
			out = append(out, "Spanish typography: ¿ and ? do not pair")
		}
		if strings.Count(text, "¡") != strings.Count(text, "!") {
			out = append(out, "Spanish typography: ¡ and ! do not pair")
		}
	}
	switch scriptOf(tag) {
	case "Hans", "Hant", "Jpan":
		for i := 1; i+1 < len(rs); i++ {
			if !isHan(rs[i-1]) || !isHan(rs[i+1]) {
				continue
			}
			if strings.ContainsRune(",.;:!?()", rs[i]) {
				out = append(out, "CJK typography: Latin punctuation "+string(rs[i])+" between Han characters; use its full-width form")
			}
			if rs[i] == ' ' {
				out = append(out, "CJK typography: a space between Han characters")
			}
		}
	case "Arab":
		for i, r := range rs {
			if !strings.ContainsRune(",;?", r) {
				continue
			}
			if r == ',' && i > 0 && i+1 < len(rs) && unicode.IsDigit(rs[i-1]) && unicode.IsDigit(rs[i+1]) {
				continue // a number
			}
			if nearArabicRunes(rs, i) {
				out = append(out, "Arabic typography: Latin "+string(r)+" in Arabic text; use "+map[rune]string{',': "،", ';': "؛", '?': "؟"}[r])
			}
		}
	}
	for _, pair := range []string{"()", "[]", "«»", "“”", "「」", "《》", "（）"} {
		o, c := []rune(pair)[0], []rune(pair)[1]
		if strings.Count(text, string(o)) != strings.Count(text, string(c)) {
			out = append(out, "unbalanced "+string(o)+" "+string(c))
		}
	}
	return out
}

// TestWordRuneTable: the table gives the Unicode predicate on the whole
// BMP.
func TestWordRuneTable(t *testing.T) {
	for r := rune(0); r <= 0xFFFF; r++ {
		if isWordRune(r) != isWordRuneSlow(r) {
			t.Fatalf("isWordRune(%U) = %v", r, isWordRune(r))
		}
	}
}

// generatedSet runs bench/gen for a documentation set of docs documents
// in the first locales of its list, in a temporary folder.
func generatedSet(tb testing.TB, docs, locales int) string {
	tb.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatal("the go tool is missing")
		}
		tb.Skip("the go tool is missing")
	}
	dir := filepath.Join(tb.TempDir(), "set")
	cmd := exec.Command(goTool, "run", "./bench/gen", "-docs", fmt.Sprint(docs), "-locales", fmt.Sprint(locales), "-out", dir)
	cmd.Dir = "../.."
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("bench/gen: %v\n%s", err, out)
	}
	return dir
}

// TestTypographyRandomText: typography, which finds the ASCII
// punctuation it looks for by byte and decodes the characters around it,
// gives what the rune-slice version gives, on random texts dense in Han
// and Arabic letters, digits, Latin letters and that punctuation, at every
// distance from one another.
func TestTypographyRandomText(t *testing.T) {
	r := rand.New(rand.NewPCG(23, 5))
	pieces := []string{"ب", "ع", "中", "文", "a", "x", "1", "٤", " ", ",", ";", "?", ".", ":", "!", "(", ")", "،", "。", "\u00a0", "«", "»", "¿", "¡", "é"}
	flagged := map[string]int{}
	for range 30000 {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		s := b.String()
		for _, tag := range []string{"ar", "zh-Hans", "ja", "fr", "es"} {
			got, want := typography(tag, s), typographyRef(tag, s)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("typography(%s, %q) = %q, want %q", tag, s, got, want)
			}
			flagged[tag] += len(got)
		}
	}
	for _, tag := range []string{"ar", "zh-Hans"} {
		if flagged[tag] < 1000 {
			t.Errorf("only %d %s problems found in the random texts: they test little", flagged[tag], tag)
		}
	}
}

// TestWordScansRandomText: hasControl and tokenizableBytes, which look at
// eight bytes at a time, and lastIndexByte, which looks forward, give
// what looking at each byte gives, on random
// texts dense in the bytes they look for and in their neighbours (C1
// controls and other two-byte characters across the eight-byte steps).
func TestWordScansRandomText(t *testing.T) {
	r := rand.New(rand.NewPCG(19, 2))
	pieces := []string{"a", "bc", "défg", " ", "\n", "\t", "\x00", "\x1f", "\x7f", "\u0085", "\u009f", "\u00a0", "·", "«", "\xc2", "\x80",
		"[", "]", "[^", "]:", "^", ":", "中", "\xff", "@", "a@b"}
	controls, tokenizable := 0, 0
	for range 50000 {
		var b strings.Builder
		for range r.IntN(30) {
			if r.IntN(4) == 0 {
				b.WriteString(pieces[r.IntN(len(pieces))])
			} else {
				b.WriteString("text")
			}
		}
		s := b.String()
		if got, want := hasControl(s), controlAt(s, 0, len(s)); got != want {
			t.Fatalf("hasControl(%q) = %v, want %v", s, got, want)
		} else if got {
			controls++
		}
		for _, c := range []byte{'@', '[', 'x'} {
			if got, want := lastIndexByte(s, c), strings.LastIndexByte(s, c); got != want {
				t.Fatalf("lastIndexByte(%q, %q) = %d, want %d", s, c, got, want)
			}
		}
		if got, want := tokenizableBytes(s), tokenizableBytesRef(s); got != want {
			t.Fatalf("tokenizableBytes(%q) = %v, want %v", s, got, want)
		} else if got {
			tokenizable++
		}
	}
	// Both answers came up often enough to tell the scans apart.
	if controls < 5000 || controls > 45000 || tokenizable < 5000 || tokenizable > 45000 {
		t.Fatalf("%d texts with controls, %d tokenizable of 50,000", controls, tokenizable)
	}
}

// tokenizableBytesRef is tokenizableBytes one byte at a time.
func tokenizableBytesRef(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20, c == 0x7F, c == '[' && strings.HasPrefix(s[i+1:], "^"), c == ']' && strings.HasPrefix(s[i+1:], ":"):
			return false
		}
	}
	return true
}

// TestTwoByte: for every pair of bytes, alone and followed by another,
// twoByte decodes what utf8.DecodeRuneInString decodes as a two-byte
// character, and gives size 0 for everything else.
func TestTwoByte(t *testing.T) {
	decoded := 0
	for a := range 256 {
		for b := range 256 {
			for _, s := range []string{string([]byte{byte(a), byte(b)}), string([]byte{byte(a), byte(b), 0x80}), string([]byte{byte(a)})} {
				r, size := twoByte(s, 0)
				wr, wsize := utf8.DecodeRuneInString(s)
				if wsize == 2 && wr != utf8.RuneError {
					if r != wr || size != 2 {
						t.Fatalf("twoByte(%q) = %U, %d; want %U, 2", s, r, size, wr)
					}
					decoded++
				} else if size != 0 {
					t.Fatalf("twoByte(%q) = %U, %d; want size 0 (DecodeRuneInString: %U, %d)", s, r, size, wr, wsize)
				}
			}
		}
	}
	if decoded != 2*(0xE0-0xC2)*64 {
		t.Errorf("%d two-byte characters decoded", decoded)
	}
}
