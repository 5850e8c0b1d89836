package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// words is the vocabulary of the generated prose: the words of software
// documentation, so that word counts, similarity search and the checks see
// text of a realistic shape.
var words = strings.Fields(`the a an of to in for on with by from as at into over under between
and or but not if then when while because so that which who where this these those each every any
all some many most other same new old first last next previous default current local remote
server client user users administrator project projects file files folder directory path
configuration option options setting settings value values key keys field fields table tables
record records message messages request requests response responses error errors warning warnings
event events queue queues worker workers job jobs task tasks service services cluster node nodes
network address port protocol certificate token tokens session sessions cache index query queries
database schema migration backup restore snapshot volume storage memory disk process thread
library package module function method class interface type types variable argument parameter
command commands flag flags output input stream buffer log logs metric metrics trace dashboard
release version update upgrade install installation deploy deployment build builds test tests
run runs start stop restart enable disable create delete remove add change edit list show read
write send receive open close load save check validate verify return returns call calls use uses
support supports require requires allow allows provide provides contain contains define defines
describe describes explain explains configure configures set sets get gets handle handles
quickly safely automatically manually only also usually often always never later before after
is are be can must should may will does do has have was were been being`)

var headings = []string{
	"Overview", "Introduction", "Installation", "Configuration", "Getting started", "Usage",
	"Examples", "Troubleshooting", "Limitations", "Security considerations", "Performance",
	"Upgrading", "Reference", "Command line", "Environment variables", "Logging", "Monitoring",
	"Backups", "Networking", "Authentication", "Permissions", "Frequently asked questions",
	"Migrating from an older release", "Known issues", "See also", "Concepts", "Architecture",
}

var identifiers = []string{
	"config.toml", "--verbose", "max_connections", "folio build", "READ_TIMEOUT", "/var/lib/app",
	"Client.Close()", "HTTP 404", "retry_limit", "localhost:8080", "--dry-run", "sync.Mutex",
	"index.html", "make install", "user_id", "api/v2/items", "TLS 1.3", "JSON", "--output",
}

var langs = []string{"go", "sh", "toml", "yaml", "json", "python"}

// doc generates one Markdown document from its own random source, so that
// a document's text depends only on the seed and its number.
type doc struct {
	r *rand.Rand
	b strings.Builder
}

func newDoc(seed uint64, n int) *doc {
	return &doc{r: rand.New(rand.NewPCG(seed, uint64(n)*0x9e3779b97f4a7c15+1))}
}

func (d *doc) word() string { return words[d.r.IntN(len(words))] }

// sentence is 6–18 words, with occasional inline syntax: emphasis, strong
// emphasis, a code span, a link.
func (d *doc) sentence() string {
	n := 6 + d.r.IntN(13)
	ws := make([]string, n)
	for i := range ws {
		ws[i] = d.word()
	}
	switch d.r.IntN(10) {
	case 0:
		i := d.r.IntN(n)
		ws[i] = "*" + ws[i] + "*"
	case 1:
		i := d.r.IntN(n)
		ws[i] = "**" + ws[i] + "**"
	case 2, 3:
		i := d.r.IntN(n)
		ws[i] = "`" + identifiers[d.r.IntN(len(identifiers))] + "`"
	case 4:
		i := d.r.IntN(n - 1)
		ws[i] = fmt.Sprintf("[%s %s](https://docs.example.org/%s/%s.html)", ws[i], ws[i+1], d.word(), d.word())
		ws = append(ws[:i+1], ws[i+2:]...)
	}
	s := strings.Join(ws, " ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

func (d *doc) paragraph(min, max int) string {
	n := min + d.r.IntN(max-min+1)
	ss := make([]string, n)
	for i := range ss {
		ss[i] = d.sentence()
	}
	return strings.Join(ss, " ")
}

func (d *doc) phrase(min, max int) string {
	n := min + d.r.IntN(max-min+1)
	ws := make([]string, n)
	for i := range ws {
		ws[i] = d.word()
	}
	s := strings.Join(ws, " ")
	return strings.ToUpper(s[:1]) + s[1:]
}

func (d *doc) line(s string) { d.b.WriteString(s); d.b.WriteString("\n") }

// Markdown returns a document of about the given number of segments.
func (d *doc) markdown(title string, segments int) string {
	d.line("# " + title)
	d.line("")
	d.line(d.paragraph(2, 4))
	d.line("")
	count := 2
	for section := 0; count < segments; section++ {
		d.line("## " + headings[d.r.IntN(len(headings))] + " " + d.phrase(1, 3))
		d.line("")
		count++
		for p := 0; p < 2+d.r.IntN(2); p++ {
			d.line(d.paragraph(2, 6))
			d.line("")
			count++
		}
		switch d.r.IntN(4) {
		case 0, 1:
			count += d.list()
		case 2:
			count += d.table()
		case 3:
			count += d.ordered()
		}
		if d.r.IntN(2) == 0 {
			d.code()
		}
		if d.r.IntN(3) == 0 {
			d.line("### " + d.phrase(2, 5))
			d.line("")
			d.line(d.paragraph(1, 4))
			d.line("")
			count += 2
		}
		if d.r.IntN(6) == 0 {
			d.line("> **Note:** " + d.paragraph(1, 2))
			d.line("")
			count++
		}
	}
	return d.b.String()
}

func (d *doc) list() int {
	n := 3 + d.r.IntN(4)
	count := 0
	for i := 0; i < n; i++ {
		d.line("- " + d.phrase(2, 5) + ": " + d.sentence())
		count++
		if d.r.IntN(4) == 0 {
			for j := 0; j < 2; j++ {
				d.line("  - " + d.sentence())
				count++
			}
		}
	}
	d.line("")
	return count
}

func (d *doc) ordered() int {
	n := 3 + d.r.IntN(3)
	for i := 0; i < n; i++ {
		d.line(fmt.Sprintf("%d. %s", i+1, d.sentence()))
	}
	d.line("")
	return n
}

func (d *doc) table() int {
	cols := 2 + d.r.IntN(3)
	rows := 2 + d.r.IntN(4)
	row := func(cells []string) { d.line("| " + strings.Join(cells, " | ") + " |") }
	cells := make([]string, cols)
	for i := range cells {
		cells[i] = d.phrase(1, 2)
	}
	row(cells)
	for i := range cells {
		cells[i] = "---"
	}
	row(cells)
	for r := 0; r < rows; r++ {
		for i := range cells {
			if i == 0 {
				cells[i] = "`" + identifiers[d.r.IntN(len(identifiers))] + "`"
			} else {
				cells[i] = d.phrase(1, 6)
			}
		}
		row(cells)
	}
	d.line("")
	return cols * (rows + 1)
}

func (d *doc) code() {
	lang := langs[d.r.IntN(len(langs))]
	d.line("```" + lang)
	for i := 0; i < 4+d.r.IntN(12); i++ {
		d.line(fmt.Sprintf("%s%s = %s(%q, %d)", strings.Repeat("    ", d.r.IntN(3)), d.word(), d.word(), d.word(), d.r.IntN(1000)))
	}
	d.line("```")
	d.line("")
}
