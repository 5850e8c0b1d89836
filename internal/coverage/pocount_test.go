package coverage

// Folio's word counts compared with pocount's (translate-toolkit), the tool
// localization teams already trust, on Latin and Cyrillic text.
//
// pocount splits a message on white space, strips its punctuation set from
// each piece's ends and counts the pieces left; Folio counts UAX #29 word
// segments that hold a letter or digit. On ordinary prose they agree. The
// known differences (each is checked against pocount below, in
// TestPocountKnownDifferences):
//   - a hyphenated compound ("well-being", "state-to-state") is one word for
//     pocount and one per part for Folio (UAX #29 breaks at a hyphen);
//   - an em or en dash standing between spaces ("a — b") is a word for
//     pocount (— and – are not in its punctuation set), none for Folio;
//     a dash between letters without spaces ("a—b") is one word for
//     pocount, two for Folio;
//   - pocount replaces a non-digit, full stop, non-digit sequence by a space
//     before splitting, so "e.g." counts 0 and "U.S." 0; Folio counts each 1;
//   - a run of Han characters is one word for pocount (3.8), one word per
//     character for Folio, as CAT tools count CJK; so no CJK text here.

import (
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// poMessage is one entry of a PO file written for pocount.
type poMessage struct {
	source, target string
	fuzzy          bool // Folio: stale
}

func (m poMessage) state() string {
	switch {
	case m.target == "":
		return "untranslated"
	case m.fuzzy:
		return "stale"
	}
	return "current"
}

// pocountWords is pocount's source-word count of each state of a PO file:
// current (translated), stale (fuzzy), untranslated, and the total.
type pocountWords struct{ current, stale, untranslated, total int }

func needPocount(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("pocount")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("pocount (Debian package translate-toolkit) is needed with CI=true: %v", err)
		}
		t.Skip("pocount not installed (Debian package translate-toolkit)")
	}
	return path
}

func poQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\t", `\t`).Replace(s) + `"`
}

// runPocount writes each list of messages as a PO file and returns
// pocount's counts for each file (one run for all, since it starts slowly).
func runPocount(t *testing.T, pocount string, files ...[]poMessage) []pocountWords {
	t.Helper()
	dir := t.TempDir()
	args := []string{"--csv"}
	for f, msgs := range files {
		var b strings.Builder
		b.WriteString("msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\n")
		for i, m := range msgs {
			if m.fuzzy && m.target != "" {
				b.WriteString("#, fuzzy\n")
			}
			fmt.Fprintf(&b, "msgctxt \"m%d\"\nmsgid %s\nmsgstr %s\n\n", i, poQuote(m.source), poQuote(m.target))
		}
		path := filepath.Join(dir, fmt.Sprintf("f%04d.po", f))
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, path)
	}
	out, err := exec.Command(pocount, args...).Output()
	if err != nil {
		t.Fatalf("pocount --csv: %v", err)
	}
	r := csv.NewReader(strings.NewReader(string(out)))
	r.FieldsPerRecord = -1 // the header names two columns the lines lack
	recs, err := r.ReadAll()
	if err != nil || len(recs) != len(files)+1 {
		t.Fatalf("pocount --csv: unexpected output %q (%v)", out, err)
	}
	var counts []pocountWords
	for _, rec := range recs[1:] {
		if len(rec) < 10 {
			t.Fatalf("pocount --csv: short line %q", rec)
		}
		n := func(i int) int {
			v, err := strconv.Atoi(strings.TrimSpace(rec[i]))
			if err != nil {
				t.Fatalf("pocount --csv column %d: %v in %q", i, err, rec)
			}
			return v
		}
		// Columns: filename, translated messages, translated source words,
		// translated target words, fuzzy messages, fuzzy source words,
		// untranslated messages, untranslated source words, total messages,
		// total source words.
		counts = append(counts, pocountWords{current: n(2), stale: n(5), untranslated: n(7), total: n(9)})
	}
	return counts
}

// folioWords is Folio's source-word count of each state of msgs.
func folioWords(msgs []poMessage) pocountWords {
	var w pocountWords
	for _, m := range msgs {
		n := Words(m.source)
		w.total += n
		switch m.state() {
		case "current":
			w.current += n
		case "stale":
			w.stale += n
		default:
			w.untranslated += n
		}
	}
	return w
}

// TestPocountAgrees compares the two counts on messages written so that
// both definitions should agree, and both with a hand count.
func TestPocountAgrees(t *testing.T) {
	pocount := needPocount(t)
	msgs := []poMessage{
		// Cyberspace(1) is(2) the(3) common(4) space(5) of(6) activities(7) for(8) mankind(9)
		{"Cyberspace is the common space of activities for mankind.", "Le cyberespace est l’espace commun des activités de l’humanité.", false},
		// We(1) should(2) respect(3) each(4) other's(5) choices(6) of(7) development(8) paths(9)
		{"We should respect each other's choices of development paths.", "Nous devons respecter nos choix.", false},
		// In(1) 2019(2) about(3) 4.5(4) billion(5) people(6) used(7) the(8) Internet(9)
		{"In 2019, about 4.5 billion people used the Internet.", "En 2019, environ 4,5 milliards de personnes.", true},
		// L’Internet(1) appartient(2) à(3) tous(4) les(5) peuples(6) du(7) monde(8)
		{"L’Internet appartient à tous les peuples du monde.", "", false},
		// Le(1) principe(2) respect(3) de(4) la(5) souveraineté(6) est(7) fondamental(8)
		{"Le principe « respect de la souveraineté » est fondamental.", "The principle of respect for sovereignty is fundamental.", false},
		// Международное(1) сообщество(2) должно(3) вместе(4) строить(5) киберпространство(6)
		{"Международное сообщество должно вместе строить киберпространство.", "The international community should build cyberspace together.", false},
		// Мы(1) призываем(2) все(3) страны(4) уважать(5) друг(6) друга(7)
		{"Мы призываем все страны, «уважать» друг друга!", "We call on all countries to respect each other!", true},
		// Сеть(1) объединяет(2) 5(3) миллиардов(4) людей(5)
		{"Сеть объединяет 5 миллиардов людей.", "", false},
	}
	// By hand: current 9+9+8+6 = 32, stale 9+7 = 16, untranslated 8+5 = 13.
	hand := pocountWords{current: 32, stale: 16, untranslated: 13, total: 61}
	if got := folioWords(msgs); got != hand {
		t.Errorf("Folio counts %+v, by hand %+v", got, hand)
	}
	if got := runPocount(t, pocount, msgs)[0]; got != hand {
		t.Errorf("pocount counts %+v, by hand %+v", got, hand)
	}
}

// TestPocountKnownDifferences checks that the differences listed at the
// top of this file are what pocount really does.
func TestPocountKnownDifferences(t *testing.T) {
	pocount := needPocount(t)
	cases := []struct {
		text           string
		pocount, folio int
	}{
		{"well-being", 1, 2},
		{"state-to-state relations", 2, 4},
		{"хорошо-плохо", 1, 2},
		{"a — b", 3, 2},
		{"a – b", 3, 2},
		{"a—b", 1, 2},
		{"e.g. this", 1, 2},
		{"the U.S. and", 2, 3},
		{"构建网络空间", 1, 6},
	}
	var files [][]poMessage
	for _, c := range cases {
		files = append(files, []poMessage{{source: c.text}})
	}
	got := runPocount(t, pocount, files...)
	for i, c := range cases {
		if got[i].total != c.pocount {
			t.Errorf("pocount counts %q as %d words, documented as %d", c.text, got[i].total, c.pocount)
		}
		if n := Words(c.text); n != c.folio {
			t.Errorf("Folio counts %q as %d words, documented as %d", c.text, n, c.folio)
		}
	}
}

var (
	hyphenJoin = regexp.MustCompile(`[\pL\pN]-[\pL\pN]`)
	freeDash   = regexp.MustCompile(`(^|\s)[—–]+(\s|$)`)
)

// explained is pocount's count of text adjusted by the known differences
// that occur in the white paper: + one word per hyphen inside a word,
// − one per dash standing between spaces.
func explained(text string, pocount int) int {
	hyphens := 0
	for rest := text; ; {
		loc := hyphenJoin.FindStringIndex(rest)
		if loc == nil {
			break
		}
		hyphens++
		// Step past the first letter only, so "a-b-c" counts two hyphens.
		_, size := utf8.DecodeRuneInString(rest[loc[0]:])
		rest = rest[loc[0]+size:]
	}
	dashes := len(freeDash.FindAllString(strings.ReplaceAll(text, " ", "  "), -1))
	return pocount + hyphens - dashes
}

// TestPocountWhitePaper compares the counts on the white paper's English
// source and its French, Spanish and Russian translations, message by
// message: every difference must be one of the known ones.
func TestPocountWhitePaper(t *testing.T) {
	pocount := needPocount(t)
	for _, tag := range []string{"en", "fr", "es", "ru"} {
		path := filepath.Join("..", "..", "locales", "cyberspace", tag+".toml")
		var cat map[string]struct {
			Other string `toml:"other"`
		}
		if _, err := toml.DecodeFile(path, &cat); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if len(cat) == 0 {
			t.Fatalf("%s: no messages", path)
		}
		var ids []string
		var files [][]poMessage
		for id, m := range cat {
			if m.Other != "" {
				ids = append(ids, id)
				files = append(files, []poMessage{{source: m.Other}})
			}
		}
		counts := runPocount(t, pocount, files...)
		folio, want, raw := 0, 0, 0
		for i, id := range ids {
			text := cat[id].Other
			p, f := counts[i].total, Words(text)
			if e := explained(text, p); e != f {
				t.Errorf("%s %s: Folio counts %d words, pocount %d, which the known differences make %d:\n%s", tag, id, f, p, e, text)
			}
			folio += f
			want += explained(text, p)
			raw += p
		}
		t.Logf("%s: Folio %d words, pocount %d (%+d, all explained by hyphens and free dashes)", tag, folio, raw, folio-raw)
		if folio != want {
			t.Errorf("%s: Folio %d words, pocount adjusted %d", tag, folio, want)
		}
	}
}
