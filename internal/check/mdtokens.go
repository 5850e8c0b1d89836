package check

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/util"

	"folio/internal/swar"
)

// This file holds fastTokens, a hand-written inline tokenizer that gives
// goldmarkTokens' result for the texts it models (one line of inline
// Markdown: code spans, inline and reference links and images, * and _
// emphasis, backslash escapes, autolinks, GFM's bare addresses and
// inline HTML) and says "not sure" for everything else, which goldmark
// then parses. It follows goldmark v1.8.7's inline parser step by step
// (parser.parseBlock, codeSpanParser, linkParser, autoLinkParser,
// rawHTMLParser, the GFM linkifyParser, ScanDelimiter and
// ProcessDelimiters), not the CommonMark spec where the two differ. mdtokens_test.go compares it
// with goldmarkTokens on the corpus, the repository's catalogs, generated
// texts and edge cases, and fuzzes it (FuzzMarkdownTokens).

// mdDelim is one run of * or _ (goldmark's parser.Delimiter), in a doubly
// linked list of indices.
type mdDelim struct {
	length, orig      int
	char              byte
	canOpen, canClose bool
	prev, next        int
}

// mdScanner is the state of one fastTokens call.
type mdScanner struct {
	s          string
	ds         []mdDelim
	head, tail int // the delimiter list; -1 when empty
	emphasis   int
	tokens     []string
	used       []parser.Reference // the definitions the text may use
}

// fastTokens returns goldmarkTokens(md, s, refs) without parsing, with ok
// true, for the texts it can be sure of; ok is false for the others.
// used are the link reference definitions the text may use (its labels
// are looked up in them as goldmark looks them up in its context).
func fastTokens(s string, used []parser.Reference) (tokens []string, emphasis int, ok bool) {
	return fastTokensOf(s, used, false)
}

// fastTokensOf is fastTokens; valid says that s is known to be valid
// UTF-8 (it comes from a parsed catalog), which it then does not check.
func fastTokensOf(s string, used []parser.Reference, valid bool) (tokens []string, emphasis int, ok bool) {
	if !fastTokenizable(s, valid) {
		return nil, 0, false
	}
	sc := mdScanner{s: s, head: -1, tail: -1, used: used}
	if !sc.scan() {
		return nil, 0, false
	}
	sort.Strings(sc.tokens)
	return sc.tokens, sc.emphasis, true
}

// fastTokenizable reports whether s is, as goldmark parses it, one
// paragraph of one line whose inline syntax fastTokens may model: no
// control character (so no line break or tab), valid UTF-8, no leading or
// trailing space, nothing a block (heading, quote, list, thematic break,
// fence, HTML, definition) could start with, and no footnote. (scan
// leaves to goldmark what it does not model as it meets it.)
func fastTokenizable(s string, valid bool) bool {
	if s == "" {
		return true
	}
	if !tokenizableBytes(s) {
		return false
	}
	if !valid && !utf8.ValidString(s) || s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	switch c := s[0]; c {
	case '#', '>', '<', '~':
		return false
	case '-', '+', '*', '_':
		if len(s) == 1 || s[1] == ' ' || thematicBreak(s) {
			return false
		}
	case '`':
		if strings.HasPrefix(s, "```") {
			return false
		}
	default:
		if c >= '0' && c <= '9' {
			j := 1
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			if j < len(s) && (s[j] == '.' || s[j] == ')') && (j+1 == len(s) || s[j+1] == ' ') {
				return false // an ordered list item
			}
		}
	}
	return true
}

// tokenizableBytes reports whether s has no control character, no "[^"
// (a footnote reference) and no "]:" (a definition).
func tokenizableBytes(s string) bool {
	for i := 0; i < len(s); i++ {
		// Eight bytes at a time while none is one looked at.
		for i+8 <= len(s) {
			x := swar.Word(s, i)
			if swar.Less(x, 0x20)|swar.Equal(x, 0x7F)|swar.Equal(x, '[')|swar.Equal(x, ']') != 0 {
				break
			}
			i += 8
		}
		if i == len(s) {
			break
		}
		if !tokenizableByte[s[i]] {
			continue
		}
		switch c := s[i]; {
		case c < 0x20, c == 0x7F:
			return false
		case c == '[':
			if i+1 < len(s) && s[i+1] == '^' {
				return false
			}
		case c == ']':
			if i+1 < len(s) && s[i+1] == ':' {
				return false
			}
		}
	}
	return true
}

// tokenizableByte marks the bytes tokenizableBytes looks at.
var tokenizableByte = func() (t [256]bool) {
	for c := 0; c < 0x20; c++ {
		t[c] = true
	}
	for _, c := range []byte{0x7F, '[', ']'} {
		t[c] = true
	}
	return t
}()

// thematicBreak reports whether s, starting with - * or _, has only that
// character and spaces, the character three times or more.
func thematicBreak(s string) bool {
	n := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case s[0]:
			n++
		case ' ':
		default:
			return false
		}
	}
	return n >= 3
}

// scan walks the text as goldmark's parseBlock does; false when it meets
// what it does not model.
func (sc *mdScanner) scan() bool {
	s := sc.s
	label := false // a "[" or "![" is open
	image := false
	bottom := -1 // the last delimiter when the label opened
	opened := -1 // where the label's "[" is
	// GFM's linkify runs where goldmark's parseBlock starts a line or
	// resumes after an inline node (boundary) on a character that is not
	// punctuation, on a space and on an unescaped "(" (the two consumed):
	// scan stops at those places only when the text may hold what linkify
	// looks for.
	special := &mdSpecial
	lk := mayLinkify(s)
	lastAt := -1  // the last "@": linkify looks for an e-mail address only before it
	var sb []byte // s, for util.FindEmailIndex
	if lk {
		special = &mdSpecialLinkify
		if lastAt = lastIndexByte(s, '@'); lastAt >= 0 {
			sb = []byte(s)
		}
	}
	boundary := true
	for i := 0; i < len(s); {
		if !boundary {
			for i < len(s) && !special[s[i]] {
				i++
			}
			if i == len(s) {
				break
			}
		}
		if lk && !label {
			q := -1
			switch {
			case s[i] == ' ' || s[i] == '(':
				q = i + 1
			case boundary && !util.IsPunct(s[i]):
				q = i
			}
			if q >= 0 {
				var b []byte
				if q <= lastAt {
					b = sb[q:]
				}
				end, url, res := linkifyAt(s, q, b)
				switch res {
				case linkUnsure:
					return false
				case linkFound:
					sc.tokens = append(sc.tokens, "autolink "+url)
					i, boundary = end, true
					continue
				}
			}
		}
		if boundary {
			boundary = false
			continue
		}
		switch c := s[i]; c {
		case '`':
			n := 1
			for i+n < len(s) && s[i+n] == '`' {
				n++
			}
			start := i + n
			end := closingRun(s, start, n)
			if end < 0 {
				i, boundary = start, true // the run is a text node
				continue
			}
			sc.tokens = append(sc.tokens, "code `"+codeSpanText(s[start:end])+"`")
			i, boundary = end+n, true
		case '*', '_':
			j := i + 1
			for j < len(s) && s[j] == c {
				j++
			}
			sc.push(s, i, j)
			i, boundary = j, true
		case '!':
			if i+1 < len(s) && s[i+1] == '[' {
				if label {
					return false // nested brackets
				}
				label, image, bottom, opened = true, true, sc.tail, i+1
				i, boundary = i+2, true
				continue
			}
			i++
		case '[':
			if label {
				return false
			}
			label, image, bottom, opened = true, false, sc.tail, i
			i, boundary = i+1, true
		case ']':
			if !label {
				i++
				continue
			}
			label = false
			dest, end, res := inlineLink(s, i+1)
			if res == linkNone {
				// A reference link, full or collapsed ("[text][label]",
				// "[text][]"), or a shortcut ("[label]", also when an
				// inline link after it failed), as goldmark's linkParser
				// reads them; else the bracket is text and the label's
				// delimiters stay.
				dest, end, res = sc.referenceLink(s, opened, i)
			}
			switch res {
			case linkUnsure:
				return false
			case linkNone:
				i++
				continue
			}
			if image {
				sc.tokens = append(sc.tokens, "image "+dest)
			} else {
				sc.tokens = append(sc.tokens, "link "+dest)
			}
			sc.process(bottom)
			i, boundary = end, true
		case '\\':
			// goldmark's parseBlock runs no inline parser at the character
			// after a backslash; an escaped ASCII punctuation character is
			// text. Another character goes on as it would without the
			// backslash, which stays text.
			if i+1 < len(s) && util.IsPunct(s[i+1]) {
				i += 2
			} else {
				i++
			}
		case '<':
			// An autolink (goldmark's autoLinkParser: an e-mail address,
			// whose local part may start with punctuation, "<!--`@b>",
			// or else a URL), else inline raw HTML (its rawHTMLParser),
			// else text; either in a link's text is left to goldmark. An
			// address not followed by ">" is no autolink, and the parser
			// then tries no URL (none could match: a local part has no
			// ":").
			email := false
			if strings.IndexByte(s[i:], '@') >= 0 {
				if stop := util.FindEmailIndex([]byte(s[i+1:])); stop >= 0 {
					if j := i + 1 + stop; j < len(s) && s[j] == '>' {
						if label {
							return false
						}
						sc.tokens = append(sc.tokens, "autolink "+s[i+1:j])
						i, boundary = j+1, true
						continue
					}
					email = true
				}
			}
			if end := autolinkEnd(s, i); end >= 0 && !email {
				if label {
					return false
				}
				sc.tokens = append(sc.tokens, "autolink "+s[i+1:end-1])
				i, boundary = end, true
			} else if end := rawHTMLEnd(s, i); end >= 0 {
				if label {
					return false
				}
				sc.tokens = append(sc.tokens, "html "+s[i:end])
				i, boundary = end, true
			} else {
				i++
			}
		case '~':
			return false // strikethrough
		default:
			i++
		}
	}
	sc.process(-1)
	return true
}

// referenceLink reads the reference link whose label's "[" is at
// s[open] and whose "]" is at s[close], as goldmark's linkParser does
// when no inline link follows: "[" after the "]" starts a second label
// (up to the next "]", none when a "[" comes first, backslash escapes
// skipped); a blank one makes the first label the reference (collapsed);
// a second label not found leaves the first to be a shortcut; a label
// found but not defined makes the whole text. It returns the destination
// and the end of the link.
func (sc *mdScanner) referenceLink(s string, open, close int) (dest string, end, res int) {
	first := s[open+1 : close]
	if len(first) > 900 {
		return "", 0, linkUnsure // goldmark's limit of 999 characters
	}
	if close+1 < len(s) && s[close+1] == '[' {
		for j := close + 2; j < len(s); j++ {
			switch c := s[j]; {
			case c == '\\' && j+1 < len(s) && util.IsPunct(s[j+1]):
				j++
				continue
			case c == '[':
			case c == ']':
				ref := s[close+2 : j]
				if util.IsBlank([]byte(ref)) {
					ref = first
				}
				if len(ref) > 900 {
					return "", 0, linkUnsure
				}
				if d, ok := sc.lookup(ref); ok {
					return d, j + 1, linkFound
				}
				return "", 0, linkNone
			default:
				continue
			}
			break // a "[": no second label
		}
	}
	if d, ok := sc.lookup(first); ok {
		return d, close + 1, linkFound
	}
	return "", 0, linkNone
}

// lookup returns the destination of the definition of label among those
// the text may use, as goldmark's context finds it.
func (sc *mdScanner) lookup(label string) (string, bool) {
	if len(sc.used) == 0 {
		return "", false
	}
	key := util.ToLinkReference([]byte(label))
	for _, r := range sc.used {
		if util.ToLinkReference(r.Label()) == key {
			return string(r.Destination()), true
		}
	}
	return "", false
}

// autolinkEnd returns the index after the ">" of the autolink "<scheme:…>"
// that starts at s[i], as goldmark's util.FindURLIndex reads it: a scheme
// of 2 to 33 letters, digits, "+", "-" and "." starting with a letter,
// then anything but a space, an ASCII control character other than DEL,
// "<" and ">"; -1 when there is none.
func autolinkEnd(s string, i int) int {
	j := i + 1
	if j >= len(s) || !isASCIILetter(s[j]) {
		return -1
	}
	k := j + 1
	for k < len(s) && (isASCIILetter(s[k]) || s[k] >= '0' && s[k] <= '9' || s[k] == '+' || s[k] == '-' || s[k] == '.') {
		k++
	}
	if n := k - j; n < 2 || n > 33 || k >= len(s) || s[k] != ':' {
		return -1
	}
	for k++; k < len(s) && s[k] > ' ' && s[k] != '<' && s[k] != '>'; k++ {
	}
	if k >= len(s) || s[k] != '>' {
		return -1
	}
	return k + 1
}

// rawHTMLEnd returns the index after the inline raw HTML that starts at
// s[i] ("<"), as goldmark's rawHTMLParser reads a line without control
// characters: an open tag, a closing tag, a comment, a processing
// instruction, a declaration or a CDATA section; -1 when there is none
// (the "<" is then text).
func rawHTMLEnd(s string, i int) int {
	rest := s[i:]
	until := func(closer string) int {
		if k := strings.Index(rest, closer); k >= 0 {
			return i + k + len(closer)
		}
		return -1
	}
	switch {
	case len(rest) > 1 && isASCIIAlnum(rest[1]):
		return openTagEnd(s, i)
	case len(rest) > 2 && rest[1] == '/' && isASCIIAlnum(rest[2]):
		j := tagNameEnd(s, i+2)
		if j < 0 {
			return -1
		}
		for j < len(s) && s[j] == ' ' {
			j++
		}
		if j < len(s) && s[j] == '>' {
			return j + 1
		}
		return -1
	case strings.HasPrefix(rest, "<!-->"):
		return i + len("<!-->")
	case strings.HasPrefix(rest, "<!--->"):
		return i + len("<!--->")
	case strings.HasPrefix(rest, "<!--"):
		if k := strings.Index(rest[4:], "-->"); k >= 0 {
			return i + 4 + k + 3
		}
		return -1
	case strings.HasPrefix(rest, "<?"):
		return until("?>")
	case len(rest) > 2 && rest[1] == '!' && rest[2] >= 'A' && rest[2] <= 'Z':
		return until(">")
	case strings.HasPrefix(rest, "<![CDATA["):
		return until("]]>")
	}
	return -1
}

// tagNameEnd returns the index after the tag name starting at s[j] (a
// letter, then letters, digits and "-"), or -1 when s[j] is not a letter.
func tagNameEnd(s string, j int) int {
	if j >= len(s) || !isASCIILetter(s[j]) {
		return -1
	}
	for j++; j < len(s) && (isASCIIAlnum(s[j]) || s[j] == '-'); j++ {
	}
	return j
}

// openTagEnd returns the index after the open tag starting at s[i], as
// goldmark's openTagRegexp matches one on a line without control
// characters: "<", a tag name, attributes each after one space or more
// (a name, then optionally "=" between spaces and a value: unquoted, or
// in single or double quotes), spaces, then ">" or "/>"; -1 when there
// is none. Each part of the pattern can end in one place only, so the
// first way through is the only one.
func openTagEnd(s string, i int) int {
	j := tagNameEnd(s, i+1)
	if j < 0 {
		return -1
	}
	for {
		k := j
		for k < len(s) && s[k] == ' ' {
			k++
		}
		switch {
		case k < len(s) && s[k] == '>':
			return k + 1
		case k+1 < len(s) && s[k] == '/' && s[k+1] == '>':
			return k + 2
		case k == j || k == len(s) || !attrNameStart(s[k]):
			return -1
		}
		for k++; k < len(s) && attrNameByte(s[k]); k++ {
		}
		j = k
		v := k
		for v < len(s) && s[v] == ' ' {
			v++
		}
		if v == len(s) || s[v] != '=' {
			continue // no value: the spaces lead to what follows
		}
		for v++; v < len(s) && s[v] == ' '; v++ {
		}
		switch {
		case v == len(s):
			return -1
		case s[v] == '"' || s[v] == '\'':
			q := strings.IndexByte(s[v+1:], s[v])
			if q < 0 {
				return -1
			}
			j = v + 1 + q + 1
		default:
			w := v
			for w < len(s) && unquotedValueByte(s[w]) {
				w++
			}
			if w == v {
				return -1
			}
			j = w
		}
	}
}

func attrNameStart(c byte) bool { return isASCIILetter(c) || c == '_' || c == ':' }

func attrNameByte(c byte) bool {
	return isASCIIAlnum(c) || c == ':' || c == '.' || c == '_' || c == '-'
}

// unquotedValueByte reports whether c may be in an unquoted attribute
// value: anything but a space, a control character, '"', "'", "=", "<",
// ">" and "`".
func unquotedValueByte(c byte) bool {
	switch c {
	case '"', '\'', '=', '<', '>', '`':
		return false
	}
	return c > ' '
}

func isASCIIAlnum(c byte) bool { return isASCIILetter(c) || c >= '0' && c <= '9' }

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// mdSpecial marks the bytes scan looks at; it skips the others.
// mdSpecialLinkify adds the places linkify may start from.
var mdSpecial, mdSpecialLinkify = func() (t, u [256]bool) {
	for _, c := range []byte("`*_![]<\\~") {
		t[c] = true
	}
	u = t
	u[' '], u['('] = true, true
	return t, u
}()

// lastIndexByte is strings.LastIndexByte, which looks at one byte at a
// time from the end: strings.IndexByte from each occurrence on instead.
// (scan looks for the last "@" of every text that may hold a link: 2 % of
// a first build's CPU on a corpus of real documents.)
func lastIndexByte(s string, c byte) int {
	last := -1
	for {
		i := strings.IndexByte(s[last+1:], c)
		if i < 0 {
			return last
		}
		last += i + 1
	}
}

// mayLinkify reports whether s holds what GFM's linkify looks for: a
// URL's prefix or an "@".
func mayLinkify(s string) bool {
	return strings.Contains(s, "http") || strings.Contains(s, "ftp:") || strings.Contains(s, "www.") ||
		strings.IndexByte(s, '@') >= 0
}

// linkifyAt reads GFM's linkify at s[q:] as goldmark's linkifyParser
// does: a URL (http:, https:, ftp:) or www. address, its end trimmed of
// trailing punctuation, unbalanced ")" and an entity, and its URL
// (www. addresses get "http://"). An e-mail address is left to goldmark
// (linkUnsure); b is s[q:] as bytes when an "@" follows, else nil.
func linkifyAt(s string, q int, b []byte) (end int, url string, res int) {
	line := s[q:]
	n, proto := -1, ""
	if strings.HasPrefix(line, "http:") || strings.HasPrefix(line, "https:") || strings.HasPrefix(line, "ftp:") {
		n = matchLinkifyURL(line)
	}
	if n < 0 && strings.HasPrefix(line, "www.") {
		n, proto = matchLinkifyWWW(line), "http://"
	}
	if n < 0 {
		if line == "" || util.IsPunct(line[0]) {
			return 0, "", linkNone
		}
		if b != nil && util.FindEmailIndex(b) >= 0 {
			return 0, "", linkUnsure
		}
		return 0, "", linkNone
	}
	n = trimLinkify(line, n)
	return q + n, proto + line[:n], linkFound
}

// matchLinkifyURL returns the length of goldmark's urlRegexp's match at
// the start of line, -1 when there is none:
// (http|https|ftp)://[-a-zA-Z0-9@:%._+~#=]{1,256}\.[a-z]+(:\d+)?
// ([/#?][-a-zA-Z0-9@:%_+.~#$!?&/=();,'">^{}[\]`]*)?
func matchLinkifyURL(line string) int {
	var i int
	switch {
	case strings.HasPrefix(line, "http://"):
		i = 7
	case strings.HasPrefix(line, "https://"):
		i = 8
	case strings.HasPrefix(line, "ftp://"):
		i = 6
	default:
		return -1
	}
	j := matchDomain(line, i)
	if j < 0 {
		return -1
	}
	if j < len(line) && line[j] == ':' && j+1 < len(line) && isDigit(line[j+1]) {
		for j++; j < len(line) && isDigit(line[j]); j++ {
		}
	}
	return matchPath(line, j, true)
}

// matchLinkifyWWW is matchLinkifyURL for goldmark's wwwURLRegxp:
// www\.[-a-zA-Z0-9@:%._+~#=]{1,256}\.[a-z]+
// ([/#?][-a-zA-Z0-9@:%_+.~#!?&/=();,'">^{}[\]`]*)? (no port, no "$").
func matchLinkifyWWW(line string) int {
	j := matchDomain(line, len("www."))
	if j < 0 {
		return -1
	}
	return matchPath(line, j, false)
}

// matchDomain matches [-a-zA-Z0-9@:%._+~#=]{1,256}\.[a-z]+ at line[i:]
// as the regular expression does (the longest run of domain bytes that
// still leaves a "." and a lower-case letter, then all the letters) and
// returns its end, -1 when there is none.
func matchDomain(line string, i int) int {
	k := i
	for k < len(line) && k-i < 256 && domainByte(line[k]) {
		k++
	}
	// The run ends at k; the "." of the top-level domain is the last one
	// in line[i+1:k+1] followed by a lower-case letter (the run may end
	// on it: "." is a domain byte).
	for d := min(k, len(line)-1); d > i; d-- {
		if line[d] == '.' && d+1 < len(line) && line[d+1] >= 'a' && line[d+1] <= 'z' {
			e := d + 1
			for e < len(line) && line[e] >= 'a' && line[e] <= 'z' {
				e++
			}
			return e
		}
	}
	return -1
}

func domainByte(c byte) bool {
	return isASCIIAlnum(c) || strings.IndexByte("-@:%._+~#=", c) >= 0
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// matchPath matches the optional path at line[j:]: one of "/#?", then
// the path bytes; dollar says whether "$" is one.
func matchPath(line string, j int, dollar bool) int {
	if j >= len(line) || (line[j] != '/' && line[j] != '#' && line[j] != '?') {
		return j
	}
	for j++; j < len(line); j++ {
		c := line[j]
		if !(isASCIIAlnum(c) || strings.IndexByte("-@:%_+.~#!?&/=();,'\">^{}[]`", c) >= 0 || dollar && c == '$') {
			break
		}
	}
	return j
}

// trimLinkify is the end of linkifyParser's match after its loop: it
// drops trailing "?!.,:*_~", a ")" beyond those opened, and an entity
// "&name;" at the end.
func trimLinkify(line string, n int) int {
	opening := strings.Count(line[:n], "(")
	closing := strings.Count(line[:n], ")")
	i := n
	for i > 1 {
		switch line[i-1] {
		case '?', '!', '.', ',', ':', '*', '_', '~':
			i--
		case ')':
			if closing <= opening {
				return i
			}
			closing--
			i--
		case ';':
			j := i - 2
			for ; j > 0; j-- {
				if isASCIIAlnum(line[j]) {
					continue
				}
				break
			}
			if j == i-2 || line[j] != '&' {
				return i
			}
			i = j
		default:
			return i
		}
	}
	return i
}

// closingRun returns the start of the first run of exactly n backticks at
// or after s[i], or -1.
func closingRun(s string, i, n int) int {
	for {
		k := strings.IndexByte(s[i:], '`')
		if k < 0 {
			return -1
		}
		k += i
		j := k + 1
		for j < len(s) && s[j] == '`' {
			j++
		}
		if j-k == n {
			return k
		}
		i = j
	}
}

// codeSpanText is the text goldmark gives a one-line code span: one space
// trimmed at each end when both ends are spaces and the text is not all
// blank.
func codeSpanText(t string) string {
	if len(t) >= 2 && t[0] == ' ' && t[len(t)-1] == ' ' && strings.Trim(t, " ") != "" {
		return t[1 : len(t)-1]
	}
	return t
}

// Results of inlineLink.
const (
	linkFound = iota
	linkNone  // not a link: the "]" is text
	linkUnsure
)

// inlineLink reads the "(destination)" that may follow a "]" ending just
// before s[i], as goldmark's parseLink does, for a destination without
// angle brackets or escapes and without a title.
func inlineLink(s string, i int) (dest string, end int, res int) {
	if i >= len(s) || s[i] != '(' {
		return "", 0, linkNone // no references: "[x]", "[x][y]", "[x][]" are text
	}
	k := skipSpaces(s, i+1)
	if k < len(s) && s[k] == ')' {
		return "", k + 1, linkFound
	}
	if k < len(s) && s[k] == '<' {
		return "", 0, linkUnsure
	}
	j, opened := k, 0
scan:
	for ; j < len(s); j++ {
		switch s[j] {
		case '\\':
			return "", 0, linkUnsure
		case '(':
			opened++
		case ')':
			opened--
			if opened < 0 {
				break scan
			}
		case ' ':
			break scan
		}
	}
	if j == k {
		return "", 0, linkNone
	}
	dest = s[k:j]
	k = skipSpaces(s, j)
	if k < len(s) {
		switch s[k] {
		case ')':
			return dest, k + 1, linkFound
		case '"', '\'', '(':
			return "", 0, linkUnsure // a title
		}
	}
	return "", 0, linkNone
}

func skipSpaces(s string, i int) int {
	for i < len(s) && s[i] == ' ' {
		i++
	}
	return i
}

// push adds the delimiter run s[i:j] (goldmark's ScanDelimiter).
func (sc *mdScanner) push(s string, i, j int) {
	before := '\n'
	if i > 0 {
		before, _ = utf8.DecodeLastRuneInString(s[:i])
	}
	after := ' '
	if j < len(s) {
		after, _ = utf8.DecodeRuneInString(s[j:])
	}
	beforePunct, beforeSpace := util.IsPunctRune(before), util.IsSpaceRune(before)
	afterPunct, afterSpace := util.IsPunctRune(after), util.IsSpaceRune(after)
	left := !afterSpace && (!afterPunct || beforeSpace || beforePunct)
	right := !beforeSpace && (!beforePunct || afterSpace || afterPunct)
	d := mdDelim{length: j - i, orig: j - i, char: s[i], prev: sc.tail, next: -1}
	if s[i] == '_' {
		d.canOpen = left && (!right || beforePunct)
		d.canClose = right && (!left || afterPunct)
	} else {
		d.canOpen, d.canClose = left, right
	}
	sc.ds = append(sc.ds, d)
	n := len(sc.ds) - 1
	if sc.tail >= 0 {
		sc.ds[sc.tail].next = n
	} else {
		sc.head = n
	}
	sc.tail = n
}

func (sc *mdScanner) remove(k int) {
	d := &sc.ds[k]
	if d.prev >= 0 {
		sc.ds[d.prev].next = d.next
	} else {
		sc.head = d.next
	}
	if d.next >= 0 {
		sc.ds[d.next].prev = d.prev
	} else {
		sc.tail = d.prev
	}
	d.prev, d.next = -1, -1
}

// process matches the delimiters after bottom (-1: all) into emphasis,
// counting them, then drops them (goldmark's ProcessDelimiters).
func (sc *mdScanner) process(bottom int) {
	closer := sc.head
	if bottom >= 0 {
		closer = sc.ds[bottom].next
	}
	for closer >= 0 {
		cd := &sc.ds[closer]
		if !cd.canClose {
			closer = cd.next
			continue
		}
		consume, found, maybeOpener := 0, false, false
		opener := cd.prev
		for ; opener >= 0 && opener != bottom; opener = sc.ds[opener].prev {
			od := &sc.ds[opener]
			if od.canOpen && od.char == cd.char {
				maybeOpener = true
				consume = consumption(od, cd)
				if consume > 0 {
					found = true
					break
				}
			}
		}
		if !found {
			next := cd.next
			if !maybeOpener && !cd.canOpen {
				sc.remove(closer)
			}
			closer = next
			continue
		}
		od := &sc.ds[opener]
		od.length -= consume
		cd.length -= consume
		sc.emphasis++
		for c := od.next; c >= 0 && c != closer; {
			next := sc.ds[c].next
			sc.remove(c)
			c = next
		}
		if od.length == 0 {
			sc.remove(opener)
		}
		if cd.length == 0 {
			next := cd.next
			sc.remove(closer)
			closer = next
		}
	}
	if bottom >= 0 {
		for k := sc.ds[bottom].next; k >= 0; {
			next := sc.ds[k].next
			sc.remove(k)
			k = next
		}
	} else {
		sc.head, sc.tail = -1, -1
	}
}

// consumption is goldmark's Delimiter.CalcComsumption.
func consumption(opener, closer *mdDelim) int {
	if (opener.canClose || closer.canOpen) && (opener.orig+closer.orig)%3 == 0 && closer.orig%3 != 0 {
		return 0
	}
	if opener.length >= 2 && closer.length >= 2 {
		return 2
	}
	return 1
}
