package check

import (
	"testing"

	"folio/internal/catalog"
	"folio/internal/state"
)

// FuzzMessageChecks: no input makes the per-message checks panic, for a
// document or a component, in locales of four scripts.
func FuzzMessageChecks(f *testing.F) {
	for _, s := range []string{
		"Hello **world**.", "Время чтения: 5 мин.", "和平，安全。", "مرحبا, بالعالم؟", "[a](b(c)) `x` <b>y</b>",
		"{{.Name}} {{if .A}}x{{end}}", "nous nous", "—мин.", "\u0007\u0085", "E\u0301", "«\u00a0oui\u00a0»", "¿Qué?",
		"\\n**x**\\n", "![i](u)", "1,000 ٤٢ 2015年", "", "  ", "*", "[", "]()",
	} {
		f.Add(s, s+" x")
	}
	f.Fuzz(func(t *testing.T, src, tr string) {
		for _, tag := range []string{"fr", "zh-Hans", "ar", "ru", "el"} {
			for _, component := range []bool{false, true} {
				ctx := &unitContext{unit: &state.Unit{Name: "doc"}, tag: tag, path: "p", source: "en", component: component}
				sm := &catalog.Message{ID: "m", Forms: catalog.FormsOf(map[string]string{"one": src, "other": src})}
				tm := &catalog.Message{ID: "m", Forms: catalog.FormsOf(map[string]string{"one": tr, "other": tr})}
				ctx.checkMessage(sm, tm)
			}
		}
	})
}
