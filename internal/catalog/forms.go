package catalog

import "iter"

// Forms are a message's plural forms by CLDR category (PluralForms: zero,
// one, two, few, many, other): which ones it has, and their text. A
// singular message has only other. The zero value has none.
//
// A map per message was a third of what reading a catalog allocated, and
// a hash of "other" on every look-up; most messages have one form, held
// here in the value itself. Forms is a value: a copy holds the same forms,
// and setting one in the copy leaves the original as it was.
type Forms struct {
	has   uint8 // bit i: PluralForms[i] is present
	other string
	more  *[5]string // zero … many; never written once shared (Set copies)
}

const otherBit = 1 << 5

// OtherForm returns Forms holding only other.
func OtherForm(text string) Forms { return Forms{has: otherBit, other: text} }

// FormsOf returns Forms holding the forms of a map from category to text
// (each key one of PluralForms).
func FormsOf(m map[string]string) Forms {
	var f Forms
	for name, text := range m {
		f.Set(name, text)
	}
	return f
}

// formIndex returns the index of a category in PluralForms, or -1.
func formIndex(name string) int {
	switch name {
	case "zero":
		return 0
	case "one":
		return 1
	case "two":
		return 2
	case "few":
		return 3
	case "many":
		return 4
	case "other":
		return 5
	}
	return -1
}

// Get returns the text of a form and whether the message has it.
func (f Forms) Get(name string) (string, bool) {
	i := formIndex(name)
	if i < 0 || f.has&(1<<i) == 0 {
		return "", false
	}
	return f.at(i), true
}

// Text returns the text of a form, "" when the message does not have it.
func (f Forms) Text(name string) string {
	s, _ := f.Get(name)
	return s
}

// Has reports whether the message has a form.
func (f Forms) Has(name string) bool {
	i := formIndex(name)
	return i >= 0 && f.has&(1<<i) != 0
}

func (f Forms) at(i int) string {
	if i == 5 {
		return f.other
	}
	if f.more == nil {
		return ""
	}
	return f.more[i]
}

// Set sets a form's text. name must be one of PluralForms.
func (f *Forms) Set(name, text string) {
	i := formIndex(name)
	if i < 0 {
		panic("catalog: " + name + " is not a plural form")
	}
	f.set(i, text)
}

func (f *Forms) set(i int, text string) {
	f.has |= 1 << i
	if i == 5 {
		f.other = text
		return
	}
	more := new([5]string)
	if f.more != nil {
		*more = *f.more
	}
	more[i] = text
	f.more = more
}

// setFresh is set for a Forms nothing else holds yet (the reader's).
func (f *Forms) setFresh(i int, text string) {
	f.has |= 1 << i
	if i == 5 {
		f.other = text
		return
	}
	if f.more == nil {
		f.more = new([5]string)
	}
	f.more[i] = text
}

// Len returns how many forms the message has.
func (f Forms) Len() int {
	n := 0
	for h := f.has; h != 0; h &= h - 1 {
		n++
	}
	return n
}

// All yields the forms the message has, in PluralForms' order.
func (f Forms) All() iter.Seq2[string, string] {
	return func(yield func(string, string) bool) {
		for i, name := range PluralForms {
			if f.has&(1<<i) != 0 && !yield(name, f.at(i)) {
				return
			}
		}
	}
}

// Equal reports whether two messages have the same forms with the same
// texts.
func (f Forms) Equal(g Forms) bool {
	if f.has != g.has {
		return false
	}
	for i := range PluralForms {
		if f.has&(1<<i) != 0 && f.at(i) != g.at(i) {
			return false
		}
	}
	return true
}
