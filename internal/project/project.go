// Package project loads a Folio project: its project file folio.toml, the
// documents under source/ and the catalog-only components under locales/,
// and keeps every path the project names inside the project's root.
//
// The package imports locale, tomlpos, lazyre, BurntSushi/toml and the
// standard library.
package project

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/BurntSushi/toml"

	"folio/internal/lazyre"
	"folio/internal/locale"
	"folio/internal/tomlpos"
)

// FileName is the project file's name.
const FileName = "folio.toml"

// MaxFileSize is the largest source document or catalog Folio reads.
const MaxFileSize = 64 << 20

// Formats are the edition formats folio build can make; "review" is the
// bilingual review edition (<doc>.review.html), made for translated locales
// only.
var Formats = []string{"md", "html", "txt", "epub", "review"}

// DefaultFormats are built when folio.toml names none: the editions a
// publisher ships.
var DefaultFormats = []string{"md", "html", "txt", "epub"}

// Config is folio.toml as written.
type Config struct {
	SourceLanguage string      `toml:"source_language"`
	Locales        []string    `toml:"locales"`
	Date           string      `toml:"date"`
	Documents      []DocConfig `toml:"document"`
	Components     []struct {
		Name string `toml:"name"`
	} `toml:"component"`
	Build struct {
		Formats    []string `toml:"formats"`
		MinPercent float64  `toml:"min_percent"`
		Fallback   string   `toml:"fallback"`
		Wrap       int      `toml:"wrap"`
	} `toml:"build"`
	Segment struct {
		FrontMatterKeys []string `toml:"front_matter_keys"`
	} `toml:"segment"`
	Status struct {
		Min map[string]float64 `toml:"min"`
	} `toml:"status"`
	// Checks is the [checks] table, decoded by the check package.
	Checks toml.Primitive `toml:"checks"`
	meta   toml.MetaData
}

// DocConfig is a [[document]] entry.
type DocConfig struct {
	Name  string `toml:"name"`
	Path  string `toml:"path"`
	Title string `toml:"title"`
}

// Document is a source document of the project.
type Document struct {
	// Name is the document's path under source/ without extension, with /
	// separators ("guides/install").
	Name string
	// Path is the source file, relative to the root, with / separators.
	Path string
	// Plain is set for plain-text documents.
	Plain bool
}

// Project is a loaded project.
type Project struct {
	Root           string
	Config         Config
	SourceLanguage string
	Locales        []string
	Documents      []Document
	// Components are catalog-only components: names of folders under
	// locales/ with a hand-written source catalog and no document.
	Components []string
	Formats    []string
	Date       time.Time
	// realDirs remembers, for one run, the resolved path of each existing
	// folder RealDir has looked at (copies of the Project share it).
	realDirs *sync.Map
	// cleanRoot records that Root is clean (filepath.Clean leaves it as
	// it is), as Load makes it: Abs may then join without cleaning.
	cleanRoot bool
	// noObsolete holds the units whose folder under locales/ had no
	// obsolete/ folder when the project was loaded (copies share it).
	noObsolete *sync.Map
	// clock is the run's Clock (copies share it).
	clock *Clock
}

// LockFile is the project's lock, which serializes the runs that write.
const LockFile = ".folio/lock"

// A Clock is a time read from the file system's own clock before a run
// read any input: the modification time of the project's lock file as
// Load found it, or as the run wrote it on taking the lock (SetClock),
// and the device that holds it. A file on that device whose modification
// time is earlier cannot change again without a later time (the stamp
// table's test for a file too recent to trust its times). Zero when
// there is no lock file.
type Clock struct {
	Mtime int64 // nanoseconds since 1970
	Dev   uint64
}

// Clock returns the run's Clock.
func (p *Project) Clock() Clock {
	if p.clock == nil {
		return Clock{}
	}
	return *p.clock
}

// SetClock sets the run's Clock: the lock file's time and device as the
// run wrote it on taking the lock, before it read any input.
func (p *Project) SetClock(c Clock) {
	if p.clock == nil {
		p.clock = &Clock{}
	}
	*p.clock = c
}

// ObsoleteMissing reports whether rel is the obsolete store of a unit
// whose folder had no obsolete/ folder when the project was loaded, and
// that Folio has not written one into since (ObsoleteWritten): such a
// file is missing, and the caches need not try to open it (two failing
// system calls per unit and locale in a run with nothing to do).
func (p *Project) ObsoleteMissing(rel string) bool {
	if p.noObsolete == nil || !strings.HasPrefix(rel, "locales/") {
		return false
	}
	i := strings.LastIndex(rel, "/obsolete/")
	if i < 0 || strings.Contains(rel[i+len("/obsolete/"):], "/") {
		return false
	}
	_, ok := p.noObsolete.Load(rel[len("locales/"):i])
	return ok
}

// ObsoleteWritten notes that Folio is about to write an obsolete store
// of unit, whose folder may then have an obsolete/ folder.
func (p *Project) ObsoleteWritten(unit string) {
	if p.noObsolete != nil {
		p.noObsolete.Delete(unit)
	}
}

// RealDir resolves the symbolic links of an existing folder, once per
// loaded project: checking that a thousand files in a few folders stay
// inside the project then costs one lstat each, not one per path
// component. A folder that is not a symbolic link is resolved through its
// parent's resolved path (one lstat for a new folder of a known parent).
// A folder that does not exist is never remembered.
func (p *Project) RealDir(dir string) (string, error) {
	if p.realDirs != nil {
		if v, ok := p.realDirs.Load(dir); ok {
			return v.(string), nil
		}
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return "", err
	}
	var real string
	if parent := filepath.Dir(dir); fi.IsDir() && parent != dir && filepath.IsAbs(dir) && filepath.Clean(dir) == dir {
		pr, err := p.RealDir(parent)
		if err != nil {
			return "", err
		}
		real = filepath.Join(pr, filepath.Base(dir))
	} else {
		if real, err = filepath.EvalSymlinks(dir); err != nil {
			return "", err
		}
		if fi, err := os.Stat(real); err != nil || !fi.IsDir() {
			return "", fmt.Errorf("%s: not a folder", dir)
		}
	}
	if p.realDirs != nil {
		p.realDirs.Store(dir, real)
	}
	return real, nil
}

// walkedDir returns what a walk of root records of each folder it enters
// (from an entry saying it is a folder, not a symbolic link): that
// folder's resolved path is root's and its path below, which RealDir then
// need not look up. The recorder does nothing when root does not resolve.
func (p *Project) walkedDir(root string) func(dir string) {
	real, err := p.RealDir(root)
	if err != nil || p.realDirs == nil {
		return func(string) {}
	}
	return func(dir string) { p.realDirs.Store(dir, real+dir[len(root):]) }
}

// Error is a problem with folio.toml, at a position when it has one.
type Error struct {
	Path string
	tomlpos.Pos
	Msg string
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.Path, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Column, e.Msg)
}

// Load reads the project rooted at dir.
func Load(dir string) (*Project, error) {
	root, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	// The Clock is read before any input (a run that takes the lock sets
	// it again when it writes the lock).
	clock := &Clock{}
	var lst syscall.Stat_t
	if syscall.Lstat(filepath.Join(root, LockFile), &lst) == nil && lst.Mode&syscall.S_IFMT == syscall.S_IFREG {
		*clock = Clock{Mtime: lst.Mtim.Nano(), Dev: uint64(lst.Dev)}
	}
	file := filepath.Join(root, FileName)
	if real, err := filepath.EvalSymlinks(file); err == nil {
		realRoot, _ := filepath.EvalSymlinks(root)
		if filepath.Dir(real) != realRoot {
			return nil, &Error{Path: file, Msg: "leads outside the project (to " + real + ")"}
		}
	}
	fi, err := os.Stat(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, &Error{Path: file, Msg: "no project file here (run `folio init` to create one, or use -C DIR)"}
	}
	if err == nil && !fi.Mode().IsRegular() {
		return nil, &Error{Path: file, Msg: "not a regular file"}
	}
	if err == nil && fi.Size() > MaxFileSize {
		return nil, &Error{Path: file, Msg: fmt.Sprintf("%d bytes is over Folio's limit of %d MiB per file", fi.Size(), MaxFileSize>>20)}
	}
	var data []byte
	if err == nil {
		data, err = os.ReadFile(file)
	}
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &Error{Path: file, Msg: err.Error()}
	}
	p := &Project{Root: root, cleanRoot: filepath.Clean(root) == root, realDirs: &sync.Map{}, noObsolete: &sync.Map{}, clock: clock}
	if err := p.parse(FileName, data); err != nil {
		return nil, err
	}
	if err := p.discover(); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *Project) parse(name string, data []byte) error {
	data = []byte(strings.TrimPrefix(string(data), "\uFEFF"))
	if at, deep := tomlpos.TooDeep(data); deep {
		return &Error{Path: name, Pos: at, Msg: fmt.Sprintf("arrays or inline tables nested more than %d deep", tomlpos.MaxNesting)}
	}
	md, err := toml.Decode(string(data), &p.Config)
	p.Config.meta = md
	pos := tomlpos.Scan(data)
	fail := func(path []string, value bool, format string, args ...any) error {
		at := pos.Key(path)
		if value {
			at = pos.Value(path)
		}
		return &Error{Path: name, Pos: at, Msg: fmt.Sprintf(format, args...)}
	}
	// failAt places the error at the i-th element of the array at path.
	failAt := func(path []string, i int, format string, args ...any) error {
		return &Error{Path: name, Pos: tomlpos.Element(data, pos.Value(path), i), Msg: fmt.Sprintf(format, args...)}
	}
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return &Error{Path: name, Pos: tomlpos.SyntaxError(data, pe.Position.Line, pe.Position.Col, pe.Position.Start), Msg: pe.Message}
		}
		return decodeError(name, data, pos, err)
	}
	// [checks] is the check package's, but its keys and values are
	// folio.toml's: they are checked here, where their places are known.
	var checks checksConfig
	if err := md.PrimitiveDecode(p.Config.Checks, &checks); err != nil {
		return decodeError(name, data, pos, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		k := und[0]
		var path []string
		for _, c := range k {
			path = append(path, c)
		}
		return fail(path, false, "unknown key %q", k.String())
	}
	c := &p.Config
	if c.SourceLanguage == "" {
		return fail([]string{"source_language"}, false, "source_language is required (for example source_language = \"en\")")
	}
	tag, err := locale.Parse(c.SourceLanguage)
	if err != nil {
		return fail([]string{"source_language"}, true, "source_language: %v", err)
	}
	p.SourceLanguage = tag
	if i, err := locale.CheckList(tag, c.Locales); err != nil {
		return failAt([]string{"locales"}, i, "locales: %v", err)
	}
	p.Locales = append(p.Locales, c.Locales...)
	for i, d := range c.Documents {
		if err := safeRel(d.Path); err != nil {
			return fail([]string{"document", "path"}, true, "document %d path: %v", i+1, err)
		}
		if d.Name != "" {
			if err := safeRel(d.Name); err != nil {
				return fail([]string{"document", "name"}, true, "document %d name: %v", i+1, err)
			}
		}
		if fi, err := os.Stat(p.Abs(path.Clean(filepath.ToSlash(d.Path)))); err != nil || fi.IsDir() {
			return fail([]string{"document", "path"}, true, "document %d path: %s is not a file of the project", i+1, d.Path)
		}
	}
	for _, comp := range c.Components {
		if err := safeRel(comp.Name); err != nil {
			return fail([]string{"component", "name"}, true, "component name: %v", err)
		}
	}
	p.Formats = c.Build.Formats
	if len(p.Formats) == 0 {
		p.Formats = DefaultFormats
	}
	for i, f := range p.Formats {
		if !contains(Formats, f) {
			return failAt([]string{"build", "formats"}, i, "build.formats: unknown format %q (known: %s)", f, strings.Join(Formats, ", "))
		}
	}
	switch c.Build.Fallback {
	case "", "source", "omit":
	default:
		return fail([]string{"build", "fallback"}, true, "build.fallback must be \"source\" or \"omit\", not %q", c.Build.Fallback)
	}
	if c.Build.MinPercent < 0 || c.Build.MinPercent > 100 {
		return fail([]string{"build", "min_percent"}, true, "build.min_percent must be between 0 and 100")
	}
	if c.Build.Wrap < 0 || c.Build.Wrap == 1 {
		return fail([]string{"build", "wrap"}, true, "build.wrap must be 0 (no wrapping) or at least 2")
	}
	// The per-locale and per-check settings, in the file's order.
	for _, k := range md.Keys() {
		switch {
		case len(k) == 3 && k[0] == "status" && k[1] == "min":
			if err := p.checkLocale(k[2]); err != nil {
				return fail(k, false, "%s: %v", k, err)
			}
			if v := c.Status.Min[k[2]]; v < 0 || v > 100 {
				return fail(k, true, "%s must be between 0 and 100", k)
			}
		case len(k) >= 3 && k[0] == "checks" && k[1] == "locale":
			if err := p.checkLocale(k[2]); err != nil {
				return fail(k[:3], false, "%s: %v", k[:3], err)
			}
			if len(k) == 4 {
				if err := checkSeverity(k[3], checks.Locale[k[2]][k[3]]); err != nil {
					return fail(k, err.value, "%s: %v", k[:3+btoi(err.value)], err)
				}
			}
		case len(k) == 3 && k[0] == "checks" && k[1] == "severity":
			if err := checkSeverity(k[2], checks.Severity[k[2]]); err != nil {
				return fail(k, err.value, "%s: %v", k[:2+btoi(err.value)], err)
			}
		case len(k) == 3 && k[0] == "checks" && k[1] == "ignore":
			for i, n := range checks.Ignore[k[2]] {
				if KnownCheck != nil && !KnownCheck(n) {
					return failAt(k, i, "%s: unknown check %q (see folio check --list)", k, n)
				}
			}
		}
	}
	if c.Date != "" {
		d, err := time.Parse("2006-01-02", c.Date)
		if err != nil {
			return fail([]string{"date"}, true, "date must be YYYY-MM-DD, not %q", c.Date)
		}
		p.Date = d
	}
	return nil
}

// KnownCheck reports whether a check of that name exists, for the check
// names of [checks]; the check package sets it (it imports this one).
// Nil takes every name.
var KnownCheck func(name string) bool

// checksConfig is the [checks] table as the check package's Config reads
// it (a key this does not know is an unknown key of folio.toml).
type checksConfig struct {
	Severity map[string]string            `toml:"severity"`
	Locale   map[string]map[string]string `toml:"locale"`
	Ignore   map[string][]string          `toml:"ignore"`
}

// severityError is an unknown check (at its key) or severity (at its
// value).
type severityError struct {
	msg   string
	value bool
}

func (e *severityError) Error() string { return e.msg }

func checkSeverity(check, sev string) *severityError {
	if KnownCheck != nil && !KnownCheck(check) {
		return &severityError{msg: fmt.Sprintf("unknown check %q (see folio check --list)", check)}
	}
	switch sev {
	case "error", "warning", "off":
		return nil
	}
	return &severityError{msg: fmt.Sprintf("severity must be \"error\", \"warning\" or \"off\", not %q", sev), value: true}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// checkLocale reports a locale that is not one of the project's target
// locales as folio.toml spells them: a setting for it would never apply.
func (p *Project) checkLocale(l string) error {
	for _, t := range p.Locales {
		if t == l {
			return nil
		}
	}
	list := "it has none"
	if len(p.Locales) > 0 {
		list = strings.Join(p.Locales, ", ")
	}
	for _, t := range p.Locales {
		if strings.EqualFold(t, l) {
			return fmt.Errorf("%q is not one of the project's locales (%s); write it as locales does: %q", l, list, t)
		}
	}
	if strings.EqualFold(l, p.SourceLanguage) {
		return fmt.Errorf("%q is the source language, not one of the project's locales (%s)", l, list)
	}
	return fmt.Errorf("%q is not one of the project's locales (%s)", l, list)
}

// lastKeyRE picks the key (quoted as %q quotes it) and the message out of
// BurntSushi's decoding errors.
var lastKeyRE = lazyre.New(`^toml: (?:line \d+ )?\(last key ("(?:[^"\\]|\\.)*")\): (.*)$`)

// typesRE picks the types out of BurntSushi's type errors.
var typesRE = lazyre.New(`^incompatible types: TOML value has type (.+); destination has type (.+)$`)

// decodeError places an error of decoding folio.toml that is not a syntax
// error (BurntSushi names the key, not the place) and says a value of the
// wrong type in Folio's words.
func decodeError(name string, data []byte, pos tomlpos.Positions, err error) error {
	m := lastKeyRE().FindStringSubmatch(err.Error())
	if m == nil {
		return &Error{Path: name, Pos: tomlpos.Pos{Line: 1, Column: 1}, Msg: err.Error()}
	}
	quoted, _ := strconv.Unquote(m[1])
	key := toml.Key(tomlpos.SplitKey(quoted))
	at := pos.Value(key)
	t := typesRE().FindStringSubmatch(m[2])
	if t == nil {
		return &Error{Path: name, Pos: at, Msg: key.String() + ": " + m[2]}
	}
	got, want := tomlType(t[1]), kindOf(key, t[2])
	if strings.HasPrefix(want, "an array of ") && t[2] != "slice" {
		// An element of the wrong type.
		if i := elementOfType(data, key, t[1]); i >= 0 {
			at = tomlpos.Element(data, at, i)
			return &Error{Path: name, Pos: at, Msg: fmt.Sprintf("%s must be %s; its element %d is %s", key, want, i+1, got)}
		}
		return &Error{Path: name, Pos: at, Msg: fmt.Sprintf("%s must be %s; an element is %s", key, want, got)}
	}
	return &Error{Path: name, Pos: at, Msg: fmt.Sprintf("%s must be %s, not %s", key, want, got)}
}

// kinds are the types of folio.toml's settings; * stands for any key.
var kinds = map[string]string{
	"source_language":           "a string",
	"locales":                   "an array of strings",
	"date":                      "a string",
	"document":                  "an array of tables ([[document]])",
	"document.name":             "a string",
	"document.path":             "a string",
	"document.title":            "a string",
	"component":                 "an array of tables ([[component]])",
	"component.name":            "a string",
	"build":                     "a table",
	"build.formats":             "an array of strings",
	"build.min_percent":         "a number",
	"build.fallback":            "a string",
	"build.wrap":                "an integer",
	"segment":                   "a table",
	"segment.front_matter_keys": "an array of strings",
	"status":                    "a table",
	"status.min":                "a table",
	"status.min.*":              "a number",
	"checks":                    "a table",
	"checks.severity":           "a table",
	"checks.severity.*":         "a string",
	"checks.locale":             "a table",
	"checks.locale.*":           "a table",
	"checks.locale.*.*":         "a string",
	"checks.ignore":             "a table",
	"checks.ignore.*":           "an array of strings",
}

// kindOf is the type of the setting at key, or what BurntSushi's type
// name for the destination says.
func kindOf(key []string, dst string) string {
	pattern := append([]string{}, key...)
	if len(pattern) > 2 && (pattern[0] == "status" || pattern[0] == "checks") {
		pattern[2] = "*"
		if len(pattern) > 3 && pattern[1] == "locale" {
			pattern[3] = "*"
		}
	}
	if k, ok := kinds[strings.Join(pattern, ".")]; ok {
		return k
	}
	switch dst {
	case "slice":
		return "an array"
	case "map", "struct":
		return "a table"
	case "string":
		return "a string"
	case "float":
		return "a number"
	case "integer":
		return "an integer"
	case "boolean":
		return "true or false"
	}
	return dst
}

// tomlType says BurntSushi's name of the type of a TOML value.
func tomlType(t string) string {
	switch t {
	case "string":
		return "a string"
	case "int64":
		return "an integer"
	case "float64":
		return "a number with a fraction"
	case "bool":
		return "a boolean"
	case "time.Time":
		return "a date or time"
	case "[]any":
		return "an array"
	case "map[string]any":
		return "a table"
	case "[]map[string]any":
		return "an array of tables"
	}
	return t
}

// elementOfType returns the index of the first element of the array at
// key whose type BurntSushi names typ, or -1.
func elementOfType(data []byte, key []string, typ string) int {
	var v any = map[string]any{}
	if _, err := toml.Decode(string(data), &v); err != nil {
		return -1
	}
	for _, k := range key {
		m, ok := v.(map[string]any)
		if !ok {
			return -1
		}
		v = m[k]
	}
	arr, _ := v.([]any)
	for i, e := range arr {
		if strings.ReplaceAll(fmt.Sprintf("%T", e), "interface {}", "any") == typ {
			return i
		}
	}
	return -1
}

// safeRel rejects paths that are absolute or leave the project.
func safeRel(p string) error {
	if p == "" {
		return errors.New("must not be empty")
	}
	if filepath.IsAbs(p) || strings.HasPrefix(p, "/") || strings.HasPrefix(p, `\`) || filepath.VolumeName(p) != "" {
		return fmt.Errorf("%q is an absolute path; paths are relative to the project", p)
	}
	clean := path.Clean(filepath.ToSlash(p))
	if clean == ".." || strings.HasPrefix(clean, "../") {
		return fmt.Errorf("%q leads outside the project", p)
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// IsDocumentFile reports whether a file under source/ is a document.
func IsDocumentFile(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".md", ".markdown", ".txt":
		return true
	}
	return false
}

func (p *Project) discover() error {
	if len(p.Config.Documents) > 0 {
		for _, d := range p.Config.Documents {
			rel := path.Clean(filepath.ToSlash(d.Path))
			name := d.Name
			if name == "" {
				name = strings.TrimSuffix(strings.TrimPrefix(rel, "source/"), path.Ext(rel))
			}
			p.Documents = append(p.Documents, Document{Name: name, Path: rel, Plain: strings.EqualFold(path.Ext(rel), ".txt")})
		}
	} else {
		src := filepath.Join(p.Root, "source")
		// The folders below source/ are recorded as the walk enters them:
		// opening a document then needs no lstat of its folder (210 in
		// each command on a deep project).
		walked := p.walkedDir(src)
		err := filepath.WalkDir(src, func(f string, e fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) && f == src {
					return filepath.SkipDir
				}
				return err
			}
			// Hidden files and folders (.git, editors' .#doc.md) are not
			// documents.
			if f != src && strings.HasPrefix(e.Name(), ".") {
				if e.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if e.IsDir() {
				if f != src {
					walked(f)
				}
				return nil
			}
			if !IsDocumentFile(f) {
				return nil
			}
			rel, _ := filepath.Rel(p.Root, f)
			rel = filepath.ToSlash(rel)
			name := strings.TrimSuffix(strings.TrimPrefix(rel, "source/"), path.Ext(rel))
			p.Documents = append(p.Documents, Document{Name: name, Path: rel, Plain: strings.EqualFold(path.Ext(rel), ".txt")})
			return nil
		})
		if err != nil {
			return &Error{Path: "source", Msg: err.Error()}
		}
	}
	names := map[string]string{}
	for _, d := range p.Documents {
		// locales/<a>/obsolete/ holds document a's obsolete stores.
		if i := strings.LastIndex(d.Name, "/"); i >= 0 && d.Name[i+1:] == "obsolete" {
			return &Error{Path: FileName, Msg: fmt.Sprintf("document %s: its name %q ends in obsolete, the folder of %s's obsolete translations; rename it", d.Path, d.Name, d.Name[:i])}
		}
		if d.Name == "" || d.Name == "." {
			return &Error{Path: FileName, Msg: fmt.Sprintf("document %s has an empty name", d.Path)}
		}
		if prev, ok := names[d.Name]; ok {
			return &Error{Path: FileName, Msg: fmt.Sprintf("documents %s and %s have the same name %q", prev, d.Path, d.Name)}
		}
		names[d.Name] = d.Path
	}
	comps := map[string]bool{}
	for _, c := range p.Config.Components {
		comps[c.Name] = true
	}
	// Folders of locales/ holding a source catalog but no document. Each
	// folder of locales/ is walked in its own goroutine (a few at a time):
	// a large project has a folder per document, and reading them one
	// after the other was a tenth of a run with nothing to do. On a file
	// system whose link counts say so, a folder with no subfolder (most
	// document folders) costs one lstat instead of an open, an fstat, two
	// reads of its entries and a close (those were a fifth of the system
	// calls of an extract with nothing to do on 500 documents).
	//
	// Every folder walked is a folder, not a symbolic link (its entry in
	// its parent said so): its resolved path is that of locales/ and its
	// path below, which RealDir then need not look up again (an lstat per
	// folder when the run opens its catalogs).
	locs := filepath.Join(p.Root, "locales")
	leaves := countsSubfolders(locs)
	walked := p.walkedDir(locs)
	var mu sync.Mutex
	sourceCatalog := p.SourceLanguage + ".toml"
	var walk func(f string)
	walk = func(f string) {
		walked(f)
		rel, _ := filepath.Rel(locs, f)
		rel = filepath.ToSlash(rel)
		_, isDoc := names[rel]
		// A folder that is not a document's is a component when it
		// holds a source catalog (os.Stat's answer: a symbolic link to
		// one counts).
		component := func() {
			if _, err := os.Stat(filepath.Join(f, sourceCatalog)); err == nil {
				mu.Lock()
				comps[rel] = true
				mu.Unlock()
			}
		}
		if leaves && noSubfolders(f) {
			if !isDoc {
				component()
			}
			// No folder named obsolete, but maybe a symbolic link (that
			// Open must see, and refuse when it leads out) or a file.
			if _, err := os.Lstat(filepath.Join(f, "obsolete")); errors.Is(err, fs.ErrNotExist) {
				p.noObsolete.Store(rel, true)
			}
			return
		}
		// A listed folder's entries say whether it has a source catalog:
		// a folder of folders (locales/usr/lib/…) is not asked by name,
		// a failing stat for each of the 209 such folders of a deep
		// project, in every command. One that cannot be listed is asked.
		entries, err := os.ReadDir(f)
		obsolete := err != nil
		if !isDoc && err != nil {
			component()
		}
		for _, e := range entries {
			name := e.Name()
			if name == "obsolete" {
				// obsolete/ holds a unit's obsolete stores, not a unit.
				obsolete = true
				continue
			}
			if name == sourceCatalog && !isDoc {
				component()
			}
			if e.IsDir() {
				walk(filepath.Join(f, name))
			}
		}
		if !obsolete {
			p.noObsolete.Store(rel, true)
		}
	}
	tops, _ := os.ReadDir(locs)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for _, e := range tops {
		if !e.IsDir() || e.Name() == "obsolete" {
			continue
		}
		wg.Add(1)
		go func(dir string) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			walk(dir)
		}(filepath.Join(locs, e.Name()))
	}
	wg.Wait()
	for c := range comps {
		if d, ok := names[c]; ok {
			return &Error{Path: FileName, Msg: fmt.Sprintf("component %q has the name of document %s", c, d)}
		}
		p.Components = append(p.Components, c)
	}
	sort.Strings(p.Components)
	sort.Slice(p.Documents, func(i, j int) bool { return p.Documents[i].Name < p.Documents[j].Name })
	return nil
}

// Abs returns the absolute path of a project-relative path.
//
// A plain relative path (PlainRel) under a clean root is joined as it is,
// without cleaning the result: a run with nothing to do joins a path for
// every file it looks at, and cleaning was a tenth of such a run.
func (p *Project) Abs(rel string) string {
	if filepath.Separator == '/' && len(p.Root) > 1 && p.cleanRoot && PlainRel(rel) {
		return p.Root + "/" + rel
	}
	return filepath.Join(p.Root, filepath.FromSlash(rel))
}

// PlainRel reports whether rel is a relative slash-separated path that
// cleaning leaves as it is: not empty, not absolute, and with no empty,
// "." or ".." element.
func PlainRel(rel string) bool {
	start := 0
	for i := 0; i <= len(rel); i++ {
		if i < len(rel) && rel[i] != '/' {
			continue
		}
		switch rel[start:i] {
		case "", ".", "..":
			return false
		}
		start = i + 1
	}
	return true
}

// LexicallyInside reports whether abs, a cleaned absolute path, is root
// or under it, by its text alone.
//
// abs that is root, a separator and a plain relative path
// (PlainRel) is inside without more ado: cleaning both, as
// filepath.Rel does, was a tenth of a run with nothing to do.
func LexicallyInside(root, abs string) bool {
	if filepath.Separator == '/' && len(abs) > len(root)+1 && abs[len(root)] == '/' && abs[:len(root)] == root && PlainRel(abs[len(root)+1:]) {
		return true
	}
	r, err := filepath.Rel(root, abs)
	return err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator))
}

// DirOf is filepath.Dir for a path under the project: where abs is
// already clean, its folder is the text before its last separator.
func DirOf(abs string) string {
	if i := strings.LastIndexByte(abs, '/'); filepath.Separator == '/' && i > 0 && PlainRel(abs[1:]) {
		return abs[:i]
	}
	return filepath.Dir(abs)
}

// CatalogPath returns the project-relative path of a document's or
// component's catalog for a locale.
func CatalogPath(name, tag string) string { return "locales/" + name + "/" + tag + ".toml" }

// ObsoletePath returns the project-relative path of the obsolete store.
func ObsoletePath(name, tag string) string {
	return "locales/" + name + "/obsolete/" + tag + ".toml"
}

// AllLocales returns the source language followed by the locales.
func (p *Project) AllLocales() []string { return append([]string{p.SourceLanguage}, p.Locales...) }

// FallbackOmits reports whether untranslated segments are left out of
// editions rather than shown in the source language.
func (p *Project) FallbackOmits() bool { return p.Config.Build.Fallback == "omit" }

// EditionDate is the date printed in editions: SOURCE_DATE_EPOCH when set,
// else the project's date, else the zero time (no date).
func (p *Project) EditionDate() time.Time {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		var secs int64
		if _, err := fmt.Sscan(s, &secs); err == nil {
			return time.Unix(secs, 0).UTC()
		}
	}
	return p.Date
}

// DecodeChecks decodes the [checks] table into v.
func (p *Project) DecodeChecks(v any) error {
	return p.Config.meta.PrimitiveDecode(p.Config.Checks, v)
}
