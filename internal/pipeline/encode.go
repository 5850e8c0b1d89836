package pipeline

import (
	"folio/internal/catalog"
	"folio/internal/state"
)

// EncodeLocale returns locale catalog f of document unit u encoded exactly
// as extract writes it: Folio's header, and above each message the source
// text and, for a stale translation, what it was translated from. It sets
// the messages' comments. Other writers of locale catalogs (import) use it
// so that a following extract changes nothing.
func EncodeLocale(u *state.Unit, tag, sourceLanguage string, f *catalog.File) []byte {
	for _, m := range f.Messages {
		m.Comments = nil
		if u.Source != nil {
			if sm := u.Source.Lookup(m.ID); sm != nil {
				annotate(m, sm, sourceNote(sm), unitHistory{unit: u})
			}
		}
	}
	return f.Encode(localeHeader(u.Name, tag, sourceLanguage))
}
