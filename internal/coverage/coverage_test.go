package coverage

import "testing"

// Each fixture was counted by hand; the comment shows the count, one
// number per word (CJK: one per character), punctuation left out.
var wordFixtures = []struct {
	name  string
	text  string
	words int
	chars int
}{
	// The(1) quick(2) brown(3) fox(4) jumps(5) over(6) the(7) lazy(8) dog(9)
	// chars: 3+5+5+3+5+4+3+4+3 letters + "." = 35+1 = 36
	{"english", "The quick brown fox jumps over the lazy dog.", 9, 36},
	// Don't(1) panic(2) it's(3) 42(4) not(5) 3.14(6): an apostrophe inside a
	// word and a decimal point between digits do not split it.
	{"english-apostrophe-number", "Don't panic: it's 42, not 3.14!", 6, 26},
	// L’Internet(1) se(2) développe(3) à(4) une(5) vitesse(6) prodigieuse(7)
	{"french-elision", "L’Internet se développe à une vitesse prodigieuse.", 7, 44},
	// bien(1) être(2): UAX #29 splits at a hyphen (pocount does not).
	{"french-hyphen", "bien-être", 2, 9},
	// Построение(1) сообщества(2) единой(3) судьбы(4) в(5)
	// киберпространстве(6) наша(7) общая(8) задача(9); the dash is not a word.
	{"russian", "Построение сообщества единой судьбы в киберпространстве — наша общая задача.", 9, 67},
	// 构(1)建(2)网(3)络(4)空(5)间(6)命(7)运(8)共(9)同(10)体(11)
	{"chinese", "构建网络空间命运共同体", 11, 11},
	// 2015(1) 年(2) 习(3)近(4)平(5)主(6)席(7)提(8)出(9)了(10)这(11)一(12)理(13)念(14);
	// ， and 。 are punctuation. chars: 4 digits + 13 Han + 2 marks = 19
	{"chinese-number-punctuation", "2015年，习近平主席提出了这一理念。", 14, 19},
	// 使(1)用(2) Unicode(3) 标(4)准(5)
	{"chinese-latin-mixed", "使用Unicode标准", 5, 11},
	// イ(1)ン(2)タ(3)ー(4)ネ(5)ッ(6)ト(7) は(8) 世(9)界(10) を(11) つ(12)な(13)ぐ(14):
	// kana count one word per character too, the prolonged sound mark ー included.
	{"japanese", "インターネットは世界をつなぐ。", 14, 15},
	// بناء(1) مجتمع(2) ذي(3) مصير(4) مشترك(5) في(6) الفضاء(7) الإلكتروني(8)
	// chars: 4+5+2+4+5+2+6+10 letters + "." = 38+1 = 39
	{"arabic", "بناء مجتمع ذي مصير مشترك في الفضاء الإلكتروني.", 8, 39},
	// هل(1) نستطيع(2) معاً(3) بناء(4) مستقبل(5) مشترك(6): the Arabic comma and
	// question mark are not words; the tanwin (a combining mark) stays in
	// its word and counts as a character. chars: 2+6+4+4+6+5 + ، ، ؟ = 27+3 = 30
	{"arabic-punctuation-marks", "هل نستطيع، معاً، بناء مستقبل مشترك؟", 6, 30},
	// في(1) عام(2) ٢٠١٩(3): Arabic-Indic digits make one number.
	{"arabic-digits", "في عام ٢٠١٩", 3, 9},
	// Read(1) the(2) white(3) paper(4) now(5): the link destination and the
	// emphasis markers are not read. chars: 4+3+5+5+3 + "[", "]", "*"×4, "." = 20+7
	{"markdown-link", "Read the [white paper](https://example.org/a-b-c) **now**.", 5, 27},
	// bold(1) text(2) line(3) two(4): tags are not read, and a tag between
	// words keeps them apart. chars: 4+4+4+3 = 15
	{"inline-html", "<b>bold</b> text line<br>two", 4, 15},
	{"empty", "", 0, 0},
	{"punctuation-only", " — … !? ", 0, 4},
}

func TestWordsHandCounted(t *testing.T) {
	for _, f := range wordFixtures {
		if got := Words(f.text); got != f.words {
			t.Errorf("%s: Words(%q) = %d, counted by hand %d", f.name, f.text, got, f.words)
		}
		if got := Chars(f.text); got != f.chars {
			t.Errorf("%s: Chars(%q) = %d, counted by hand %d", f.name, f.text, got, f.chars)
		}
	}
}

func TestPercent(t *testing.T) {
	for _, c := range []struct {
		translated, total int
		want              float64
	}{{0, 0, 100}, {0, 4, 0}, {1, 4, 25}, {4, 4, 100}} {
		var cs Counts
		cs.Messages = Tally{Total: c.total, Translated: c.translated}
		if got := cs.Percent(); got != c.want {
			t.Errorf("Percent(%d/%d) = %v, want %v", c.translated, c.total, got, c.want)
		}
	}
}
