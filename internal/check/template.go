package check

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"text/template/parse"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/sergi/go-diff/diffmatchpatch"
	"golang.org/x/text/language"

	"folio/internal/catalog"
)

// actions parses a go-i18n template and returns its actions, sorted.
func actions(s, left, right string) ([]string, error) {
	if left == "" {
		left = "{{"
	}
	if right == "" {
		right = "}}"
	}
	if !strings.Contains(s, left) {
		return nil, nil
	}
	trees, err := parse.Parse("message", s, left, right)
	if err != nil {
		return nil, err
	}
	var out []string
	var walk func(n parse.Node)
	walk = func(n parse.Node) {
		switch t := n.(type) {
		case *parse.ListNode:
			if t == nil {
				return
			}
			for _, c := range t.Nodes {
				walk(c)
			}
		case *parse.ActionNode:
			out = append(out, t.String())
		case *parse.IfNode:
			out = append(out, "if "+t.Pipe.String())
			walk(t.List)
			walk(t.ElseList)
		case *parse.RangeNode:
			out = append(out, "range "+t.Pipe.String())
			walk(t.List)
			walk(t.ElseList)
		case *parse.WithNode:
			out = append(out, "with "+t.Pipe.String())
			walk(t.List)
			walk(t.ElseList)
		}
	}
	for _, tr := range trees {
		walk(tr.Root)
	}
	sort.Strings(out)
	return out, nil
}

func (c *unitContext) checkTemplates(sm, tm *catalog.Message) []Diagnostic {
	var ds []Diagnostic
	want := map[string]bool{}
	for _, f := range catalog.PluralForms {
		if s := sm.Forms.Text(f); s != "" {
			a, _ := actions(s, sm.LeftDelim, sm.RightDelim)
			for _, x := range a {
				want[x] = true
			}
		}
	}
	for _, f := range catalog.PluralForms {
		tr := tm.Forms.Text(f)
		if tr == "" {
			continue
		}
		got, err := actions(tr, tm.LeftDelim, tm.RightDelim)
		if err != nil {
			ds = append(ds, c.diag(tm, f, "template-syntax", "%s form: %v", f, err))
			continue
		}
		has := map[string]bool{}
		for _, a := range got {
			has[a] = true
			if !want[a] {
				ds = append(ds, c.diag(tm, f, "placeholders", "%s form adds %s, which the source does not have", f, a))
			}
		}
		for a := range want {
			if !has[a] && (f == "other" || !strings.Contains(a, "Count")) {
				ds = append(ds, c.diag(tm, f, "placeholders", "%s form drops %s of the source", f, a))
			}
		}
	}
	return ds
}

var pluralCache sync.Map

// pluralInfo is what go-i18n's rules say about a locale: its categories,
// and those that whole counts below 1000 reach ("common"). French,
// Spanish, Italian and Portuguese have a "many" category that only counts
// such as 1000000 reach.
type pluralInfo struct {
	cats, common map[string]bool
}

// PluralCategories returns the plural categories go-i18n uses for a
// locale, probed through a Localizer with sample counts (go-i18n keeps its
// rules in an internal package).
func PluralCategories(tag string) map[string]bool { return pluralRules(tag).cats }

func pluralRules(tag string) pluralInfo {
	if v, ok := pluralCache.Load(tag); ok {
		return v.(pluralInfo)
	}
	t := language.Make(tag)
	b := i18n.NewBundle(t)
	msg := &i18n.Message{ID: "p", Zero: "zero", One: "one", Two: "two", Few: "few", Many: "many", Other: "other"}
	_ = b.AddMessages(t, msg)
	l := i18n.NewLocalizer(b, tag)
	info := pluralInfo{cats: map[string]bool{}, common: map[string]bool{}}
	probe := func(n any, common bool) {
		s, err := l.Localize(&i18n.LocalizeConfig{MessageID: "p", PluralCount: n})
		if err == nil {
			info.cats[s] = true
			if common {
				info.common[s] = true
			}
		}
	}
	for n := 0; n < 1000; n++ {
		probe(n, true)
	}
	for _, n := range []any{"0.5", "1.5", "1.0", "0.0", "2.5", 1000, 1000000, "1000000.0", "1e6", "1.2e6"} {
		probe(n, false)
	}
	pluralCache.Store(tag, info)
	return info
}

func (c *unitContext) checkPlurals(sm, tm *catalog.Message) []Diagnostic {
	plural := false
	for _, f := range catalog.PluralForms {
		if f != "other" && sm.Forms.Text(f) != "" {
			plural = true
		}
	}
	if !plural {
		return nil
	}
	var ds []Diagnostic
	rules := pluralRules(c.tag)
	cats := rules.cats
	var missing, rare []string
	for _, f := range catalog.PluralForms {
		has := tm.Forms.Has(f)
		switch {
		case cats[f] && (!has || tm.Forms.Text(f) == "") && rules.common[f]:
			missing = append(missing, f)
		case cats[f] && (!has || tm.Forms.Text(f) == ""):
			rare = append(rare, f)
		case !cats[f] && has && tm.Forms.Text(f) != "":
			d := c.diag(tm, f, "plural-forms", "plural form %q is not used in %s (go-i18n ignores it)", f, c.tag)
			d.Severity = Warning
			ds = append(ds, d)
		}
	}
	if len(missing) > 0 {
		ds = append(ds, c.diag(tm, "", "plural-forms", "%s missing; %s needs %s (go-i18n reports an error for such counts and falls back to \"other\")", formList(missing), c.tag, strings.Join(sortedKeys(cats), ", ")))
	}
	if len(rare) > 0 {
		d := c.diag(tm, "", "plural-forms", "%s missing; in %s only counts such as 1000000 need it, and go-i18n falls back to \"other\" for them", formList(rare), c.tag)
		d.Severity = Warning
		ds = append(ds, d)
	}
	return ds
}

func formList(forms []string) string {
	if len(forms) == 1 {
		return fmt.Sprintf("plural form %q is", forms[0])
	}
	return fmt.Sprintf("plural forms %s are", strings.Join(forms, ", "))
}

func sortedKeys(m map[string]bool) []string {
	var out []string
	for _, f := range catalog.PluralForms {
		if m[f] {
			out = append(out, f)
		}
	}
	return out
}

// WordDiff shows the changes from old to new word by word: [-removed-]
// {+added+}.
func WordDiff(old, new string) string {
	dmp := diffmatchpatch.New()
	a, b, lines := dmp.DiffLinesToRunes(wordsPerLine(old), wordsPerLine(new))
	diffs := dmp.DiffCharsToLines(dmp.DiffMainRunes(a, b, false), lines)
	var out strings.Builder
	for _, d := range diffs {
		t := strings.TrimSpace(strings.ReplaceAll(d.Text, "\n", " "))
		if t == "" {
			continue
		}
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			fmt.Fprintf(&out, "[-%s-] ", t)
		case diffmatchpatch.DiffInsert:
			fmt.Fprintf(&out, "{+%s+} ", t)
		default:
			w := strings.Fields(t)
			if len(w) > 6 {
				t = strings.Join(w[:3], " ") + " … " + strings.Join(w[len(w)-3:], " ")
			}
			out.WriteString(t + " ")
		}
	}
	return strings.TrimSpace(out.String())
}

func wordsPerLine(s string) string { return strings.Join(strings.Fields(s), "\n") + "\n" }
