package msgid

import (
	"regexp"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"folio/internal/catalog"
	"folio/internal/segment"
)

var idSyntax = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*$`)

func TestIDsReadableUniqueAndSafe(t *testing.T) {
	src := "# Guide\n\nIntro text.\n\n## Description\n\nThe description.\n\n## Other\n\nOther text.\n\n## Other\n\nOther text.\n\n## 中文标题\n\n中文段落。\n\n| One | Two |\n|---|---|\n| few | many |\n"
	d := segment.Markdown([]byte(src), segment.Options{})
	ids := Assign(d.Segments, nil, nil)
	seen := map[string]bool{}
	f := &catalog.File{}
	for i, id := range ids {
		if !idSyntax.MatchString(id) {
			t.Errorf("ID %q is not made of a-z 0-9 - .", id)
		}
		if seen[id] {
			t.Errorf("duplicate ID %q", id)
		}
		seen[id] = true
		for _, part := range strings.Split(id, ".") {
			if Reserved[part] {
				t.Errorf("ID %q has reserved component %q", id, part)
			}
		}
		f.Add(&catalog.Message{ID: id, Hash: catalog.Hash(d.Segments[i].Text), Forms: catalog.OtherForm(d.Segments[i].Text)})
	}
	// A heading whose words give nothing usable ("Other" is a stop word,
	// Chinese has no ASCII words) opens a section named by its place among
	// the headings, and is named so itself: not numbered in the section
	// before it ("description-part.h2"), its paragraphs not all in one
	// "section".
	want := []string{"title", "intro.intro-text", "description-part", "description-part.description-part",
		"section-2", "section-2.text", "section-3", "section-3.text",
		"section-4", "section-4.p1", "section-4.cell-one", "section-4.cell-two", "section-4.cell-few", "section-4.cell-many"}
	if strings.Join(ids, " ") != strings.Join(want, " ") {
		t.Errorf("IDs = %v\nwant  %v", ids, want)
	}
	// go-i18n loads them all with the right texts.
	msgs, err := i18n.ParseMessageBytes(f.Encode(nil), toml.Unmarshal)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, m := range msgs {
		got[m.ID] = m.Other
	}
	for i, id := range ids {
		if got[id] != d.Segments[i].Text {
			t.Errorf("go-i18n reads %q as %q, want %q", id, got[id], d.Segments[i].Text)
		}
	}
}

func TestIDsStableUnderRevision(t *testing.T) {
	v1 := "## Principles\n\nRespecting sovereignty in cyberspace matters to all.\n\nUpholding peace and security is shared.\n\nPromoting openness and cooperation.\n"
	d1 := segment.Markdown([]byte(v1), segment.Options{})
	ids1 := Assign(d1.Segments, nil, nil)
	var prev []Previous
	for i, s := range d1.Segments {
		prev = append(prev, Previous{ID: ids1[i], Text: s.Text, Kind: s.Kind})
	}
	// Insert a paragraph, edit one word of another, move the last up.
	v2 := "## Principles\n\nPromoting openness and cooperation.\n\nA new paragraph about something else.\n\nRespecting sovereignty in cyberspace matters to everyone.\n\nUpholding peace and security is shared.\n"
	d2 := segment.Markdown([]byte(v2), segment.Options{})
	ids2 := Assign(d2.Segments, prev, nil)
	byText := map[string]string{}
	for i, s := range d2.Segments {
		byText[s.Text] = ids2[i]
	}
	if byText["Promoting openness and cooperation."] != ids1[3] {
		t.Errorf("moved paragraph lost its ID: %v", ids2)
	}
	if byText["Respecting sovereignty in cyberspace matters to everyone."] != ids1[1] {
		t.Errorf("edited paragraph lost its ID: %v vs %v", ids2, ids1)
	}
	if id := byText["A new paragraph about something else."]; id == "" || contains(ids1, id) {
		t.Errorf("new paragraph got ID %q", id)
	}
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}
