// Package state loads what a project holds on disk: each document's
// segments and each document's or component's catalogs (source, locales,
// obsolete stores), with the errors of those that do not load. The later
// stages — extract, check, status, build — work on a State and never read
// catalogs themselves.
//
// It also identifies the running Folio for the caches (ExecutableHash), and
// keeps each document's segmentation by content in
// .folio/cache/segments.cache, so that a document is parsed once across
// extract and build, and the hash of each catalog's content as it last
// parsed in .folio/cache/catalogs.cache, so that the same bytes are not
// checked for valid UTF-8 again (SaveCaches).
//
// The package imports project, segment, catalog, tomlpos, fsutil,
// xxh3, BurntSushi/toml and the standard library.
package state

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"syscall"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"folio/internal/catalog"
	"folio/internal/fsutil"
	"folio/internal/parallel"
	"folio/internal/project"
	"folio/internal/segment"
	"folio/internal/tomlpos"
	"folio/internal/xxh3"
)

// Unit is a document or a catalog-only component.
type Unit struct {
	Name string
	// Doc is the document, nil for a component.
	Doc *project.Document
	// Segments is the segmented source document (nil for a component, or
	// when SegErr is set).
	Segments *segment.Document
	SegErr   error
	// Source is the source catalog (nil when missing or broken).
	Source    *catalog.File
	SourceErr error
	// Locales holds the catalogs of the project's locales, by tag; a
	// missing catalog is an empty one.
	Locales map[string]*Catalog
	// History maps a source hash to the source text it was made from
	// (.folio/history/<unit>.toml), and HistoryErr is why the history
	// does not load (History is then empty), for a Unit made by hand.
	// A loaded unit leaves them nil and reads its history when first
	// asked: read it through LoadedHistory or HistoryText. `folio check`
	// reads every document's (to report one that does not load), build
	// one only for its review editions; parsing every unit's history
	// took 7 % of M1's first build.
	History    map[string]string
	HistoryErr error
	history    *lazyHistory
	// Strays are catalogs in the unit's folder for tags that are not
	// locales of the project.
	Strays []string
	// Sums holds, when the unit was loaded by LoadSummed, the XXH3-128
	// of the bytes read from its document, source catalog, locale
	// catalogs and obsolete stores, by project-relative path; a file that
	// was not read (missing, refused) has none. It tells whether what was
	// loaded is what a cache key hashed, without reading it again.
	Sums map[string][16]byte
	// Stamps holds, beside Sums, each summed file's Stamp as fstat gave
	// it before the read (for the caches' stamp table).
	Stamps map[string]fsutil.Stamp
}

// lazyHistory reads a loaded unit's history once, when first asked.
type lazyHistory struct {
	once sync.Once
	p    *project.Project
	name string
	hist map[string]string
	err  error
}

// LoadedHistory returns the unit's history and why it does not load,
// reading it first if it has not been read (History and HistoryErr for
// a Unit made by hand). It is safe for concurrent use; the map is
// shared and must not be changed.
func (u *Unit) LoadedHistory() (map[string]string, error) {
	h := u.history
	if h == nil {
		return u.History, u.HistoryErr
	}
	h.once.Do(func() { h.hist, h.err = LoadHistory(h.p, h.name) })
	return h.hist, h.err
}

// HistoryText returns the source text whose hash is hash, as the unit's
// history has it (none when the history does not load).
func (u *Unit) HistoryText(hash string) (string, bool) {
	hist, _ := u.LoadedHistory()
	text, ok := hist[hash]
	return text, ok
}

// Catalog is one locale catalog of a unit.
type Catalog struct {
	Tag      string
	Path     string // project-relative
	File     *catalog.File
	Err      error
	Exists   bool
	Obsolete *catalog.File
	// ObsoleteErr is why the obsolete store exists but does not load
	// (extract then leaves the unit alone rather than overwrite it).
	ObsoleteErr error
}

// State is everything loaded from a project.
type State struct {
	Project *project.Project
	Units   []*Unit
}

// Load reads every unit of the project, in parallel.
func Load(p *project.Project, locales []string) *State {
	return load(p, locales, segmented, false)
}

// LoadSummed is Load that also sets each unit's Sums.
func LoadSummed(p *project.Project, locales []string) *State {
	return load(p, locales, segmented, true)
}

// LoadCatalogs is Load without the documents: each unit's catalogs,
// obsolete stores and history, for what needs only the translations
// (the translation memory). Units' Segments are nil and SegErr unset.
func LoadCatalogs(p *project.Project, locales []string) *State {
	return load(p, locales, noDocuments, false)
}

// LoadUnsegmented is Load for what needs a document's bytes but not its
// segments (check): each document is read and checked as Load reads it
// (SegErr), and its Segments hold only Source.
func LoadUnsegmented(p *project.Project, locales []string) *State {
	return load(p, locales, unsegmented, false)
}

// How load reads documents.
type docMode int

const (
	segmented docMode = iota
	unsegmented
	noDocuments
)

func load(p *project.Project, locales []string, documents docMode, sums bool) *State {
	return loadOn(nil, p, locales, documents, sums)
}

// LoadSummedOn is LoadSummed for a caller that runs on pool's goroutines
// (extract loads each document in its own worker): the units' catalogs
// are read and parsed in parallel when the pool has a goroutine to spare.
func LoadSummedOn(pool *parallel.Pool, p *project.Project, locales []string) *State {
	return loadOn(pool, p, locales, segmented, true)
}

// loadOn loads the units on a few goroutines, which take the next unit
// from a counter. With no pool given it makes its own, with at least a
// goroutine per core, so that the last units' catalogs are parsed in
// parallel (a project of one long document in ten locales read them on
// one core).
func loadOn(pool *parallel.Pool, p *project.Project, locales []string, documents docMode, sums bool) *State {
	st := &State{Project: p}
	for i := range p.Documents {
		st.Units = append(st.Units, &Unit{Name: p.Documents[i].Name, Doc: &p.Documents[i]})
	}
	for _, c := range p.Components {
		st.Units = append(st.Units, &Unit{Name: c})
	}
	workers := min(8, len(st.Units))
	if pool == nil {
		pool = parallel.New()
		workers = max(workers, runtime.GOMAXPROCS(0))
	}
	pool.For(workers, len(st.Units), func(i int) {
		st.loadUnit(st.Units[i], locales, documents, sums, pool)
	})
	return st
}

func (st *State) loadUnit(u *Unit, locales []string, document docMode, sums bool, pool *parallel.Pool) {
	p := st.Project
	read := ReadFile
	var mu sync.Mutex // guards Sums and Stamps: the parts below may run at once
	if sums {
		u.Sums = map[string][16]byte{}
		u.Stamps = map[string]fsutil.Stamp{}
		read = func(p *project.Project, rel string) ([]byte, error) {
			data, st, err := readFileStamp(p, rel)
			if err == nil {
				sum := xxh3.Hash128(data).Bytes()
				mu.Lock()
				u.Sums[rel], u.Stamps[rel] = sum, st
				mu.Unlock()
			}
			return data, err
		}
	}
	// Catalogs are summed in any case, for the validity cache
	// (validcache.go).
	loadCatalog := func(p *project.Project, rel string) (*catalog.File, error) {
		data, st, err := readFileStamp(p, rel)
		if err != nil {
			return nil, err
		}
		sum := xxh3.Hash128(data).Bytes()
		if u.Sums != nil {
			mu.Lock()
			u.Sums[rel], u.Stamps[rel] = sum, st
			mu.Unlock()
		}
		return parseCatalog(p, rel, data, sum, true) // data is the File's now
	}
	// The document and history, the source catalog, and each locale's
	// catalogs are independent parts: on a goroutine each when the pool
	// has some to spare.
	cats := make([]*Catalog, len(locales))
	pool.Split(2+len(locales), func(k int) {
		switch k {
		case 0:
			st.loadDocument(u, document, read)
			u.history = &lazyHistory{p: p, name: u.Name}
		case 1:
			u.Source, u.SourceErr = loadCatalog(p, project.CatalogPath(u.Name, p.SourceLanguage))
		default:
			cats[k-2] = loadLocale(p, u.Name, locales[k-2], loadCatalog)
		}
	})
	u.Locales = make(map[string]*Catalog, len(locales))
	for k, tag := range locales {
		u.Locales[tag] = cats[k]
	}
	// Catalogs for tags the project does not have.
	var entries []os.DirEntry
	if dir, err := Contained(p, "locales/"+u.Name); err == nil {
		entries, _ = os.ReadDir(dir)
	}
	known := map[string]bool{p.SourceLanguage: true}
	for _, l := range p.Locales {
		known[l] = true
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".toml") {
			continue
		}
		if tag := strings.TrimSuffix(name, ".toml"); !known[tag] {
			u.Strays = append(u.Strays, tag)
		}
	}
	sort.Strings(u.Strays)
}

// loadDocument reads (and, as document says, segments) a unit's document.
func (st *State) loadDocument(u *Unit, document docMode, read func(*project.Project, string) ([]byte, error)) {
	if u.Doc == nil || document == noDocuments {
		return
	}
	data, err := read(st.Project, u.Doc.Path)
	switch {
	case err != nil:
		u.SegErr = err
	case document == unsegmented:
		u.Segments = &segment.Document{Source: data}
	default:
		u.Segments = segmentDocument(st.Project, u.Doc, data)
	}
}

// loadLocale loads a unit's catalog and obsolete store in one locale.
func loadLocale(p *project.Project, unit, tag string, loadCatalog func(*project.Project, string) (*catalog.File, error)) *Catalog {
	c := &Catalog{Tag: tag, Path: project.CatalogPath(unit, tag)}
	c.File, c.Err = loadCatalog(p, c.Path)
	c.Exists = c.Err == nil && c.File != nil
	if c.Err != nil && errors.Is(c.Err, fs.ErrNotExist) {
		c.Err = nil
	}
	if c.File == nil && c.Err == nil {
		c.File = &catalog.File{Path: c.Path}
	}
	ob, err := loadCatalog(p, project.ObsoletePath(unit, tag))
	switch {
	case err == nil:
		c.Obsolete = ob
	case !errors.Is(err, fs.ErrNotExist):
		c.ObsoleteErr = err
	}
	return c
}

// ReadFile reads a project-relative file, refusing files over the size
// limit, paths and symbolic links that lead outside the project, and
// invalid UTF-8 in source documents.
func ReadFile(p *project.Project, rel string) ([]byte, error) {
	data, _, err := readFileStamp(p, rel)
	return data, err
}

// readFileStamp is ReadFile that also returns the file's Stamp as fstat
// gave it before the read.
func readFileStamp(p *project.Project, rel string) ([]byte, fsutil.Stamp, error) {
	fd, err := Open(p, rel)
	if err != nil {
		return nil, fsutil.Stamp{}, err
	}
	defer syscall.Close(fd)
	data, stamp, err := ReadOpenStamp(fd, nil, project.MaxFileSize)
	var big *TooLargeError
	switch {
	case errors.Is(err, ErrNotRegular):
		return nil, stamp, fmt.Errorf("%s: not a regular file", rel)
	case errors.As(err, &big) && big.Size > 0:
		return nil, stamp, fmt.Errorf("%s: %d bytes is over Folio's limit of %d MiB per file", rel, big.Size, project.MaxFileSize>>20)
	case big != nil:
		return nil, stamp, fmt.Errorf("%s: over Folio's limit of %d MiB per file", rel, project.MaxFileSize>>20)
	case err != nil:
		return nil, stamp, relError(rel, err)
	}
	// Most sources are valid UTF-8 without a NUL: two fast passes say so;
	// the rune loop runs only to place what is wrong.
	if !ValidSource(rel, data) {
		line, col := 1, 1
		for i := 0; i < len(data); {
			r, n := utf8.DecodeRune(data[i:])
			switch {
			case r == utf8.RuneError && n == 1:
				return nil, stamp, fmt.Errorf("%s:%d:%d: invalid UTF-8 (byte 0x%02x)", rel, line, col, data[i])
			case r == 0:
				return nil, stamp, fmt.Errorf("%s:%d:%d: NUL byte", rel, line, col)
			case r == '\n':
				line, col = line+1, 0
			}
			col++
			i += n
		}
	}
	return data, stamp, nil
}

// ValidSource reports whether data, the bytes of the project file rel, is
// what ReadFile accepts: a source document (a file under source/) must be
// valid UTF-8 without a NUL byte.
func ValidSource(rel string, data []byte) bool {
	return !strings.HasPrefix(rel, "source/") || (utf8.Valid(data) && bytes.IndexByte(data, 0) < 0)
}

// ErrNotRegular is ReadOpen's error for a folder, a device, a pipe.
var ErrNotRegular = errors.New("not a regular file")

// TooLargeError is ReadOpen's error for a file over its limit; Size is
// what fstat gave, 0 when the file grew past the limit while being read.
type TooLargeError struct{ Size int64 }

func (e *TooLargeError) Error() string {
	if e.Size > 0 {
		return fmt.Sprintf("%d bytes is over the limit", e.Size)
	}
	return "over the limit"
}

// ReadOpen reads the open file fd, a regular file of at most limit
// bytes, into buf[:0] (grown when too small) and returns it: fstat, then
// reads of the size it gave (ReadFD).
func ReadOpen(fd int, buf []byte, limit int64) ([]byte, error) {
	data, _, err := ReadOpenStamp(fd, buf, limit)
	return data, err
}

// ReadOpenStamp is ReadOpen that also returns the Stamp fstat gave before
// the read (the zero Stamp when fstat failed or the file is not regular).
func ReadOpenStamp(fd int, buf []byte, limit int64) ([]byte, fsutil.Stamp, error) {
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return nil, fsutil.Stamp{}, &os.PathError{Op: "stat", Err: err}
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return nil, fsutil.Stamp{}, ErrNotRegular
	}
	stamp := fsutil.Stamp{Size: st.Size, Mtime: st.Mtim.Nano()}
	if st.Size > limit {
		return nil, stamp, &TooLargeError{Size: st.Size}
	}
	if need := int(st.Size) + 1; cap(buf) < need {
		buf = make([]byte, 0, need)
	}
	most := int(min(limit, math.MaxInt-1)) + 1
	data, err := ReadFD(fd, buf[:0], most, int(st.Size))
	if err != nil {
		return data, stamp, err
	}
	if int64(len(data)) > limit {
		return data, stamp, &TooLargeError{}
	}
	return data, stamp, nil
}

// StampOf returns, without opening it, the Stamp of the regular file rel
// when Open would open it: rel is lexically inside the project, it is
// not a symbolic link, and its folder resolves inside the project (one
// lstat, the folder's resolution remembered for the run). ok is false
// otherwise (missing, another kind of file, a path Open must look at
// closer), and the caller opens the file.
func StampOf(p *project.Project, rel string) (stamp fsutil.Stamp, ok bool) {
	if p.ObsoleteMissing(rel) {
		return fsutil.Stamp{}, false
	}
	abs := p.Abs(rel)
	if !project.LexicallyInside(p.Root, abs) {
		return fsutil.Stamp{}, false
	}
	var st syscall.Stat_t
	for {
		err := syscall.Lstat(abs, &st)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return fsutil.Stamp{}, false
		}
		break
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return fsutil.Stamp{}, false
	}
	if dir, err := p.RealDir(project.DirOf(abs)); err != nil || !insideRoot(p, dir) {
		return fsutil.Stamp{}, false
	}
	return fsutil.Stamp{Size: st.Size, Mtime: st.Mtim.Nano()}, true
}

// ReadFD appends what is left to read of the open file fd to buf, up to
// limit bytes in all, and returns it. It reads with plain system calls:
// os.File would also register a regular file with the poller, which
// refuses it, and costs more calls than the read. size is the file's size
// as fstat gave it: once that much is read, ReadFD stops without the
// extra read that would find the end (-1, or 0, which some file systems
// give files they generate: read to the end).
func ReadFD(fd int, buf []byte, limit, size int) ([]byte, error) {
	start := len(buf)
	if size == 0 {
		size = -1
	}
	for len(buf) < limit && (size < 0 || len(buf)-start < size) {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		end := min(cap(buf), limit)
		n, err := syscall.Read(fd, buf[len(buf):end])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return buf, &os.PathError{Op: "read", Err: err}
		}
		if n == 0 {
			break
		}
		buf = buf[:len(buf)+n]
	}
	return buf, nil
}

// Open opens a project-relative file for reading (as a file descriptor,
// which the caller closes with syscall.Close), with Contained's
// guarantee: neither rel nor a symbolic link on its way leads outside the
// project. In the common case that is one system call: the file is
// opened without following a symbolic link, in a folder whose resolved
// path the project remembers for the run (Project.RealDir). A symbolic
// link, or a file that is not there, takes Contained's full walk. The file
// is opened non-blocking, so that a named pipe is refused, not waited on.
func Open(p *project.Project, rel string) (int, error) {
	abs := p.Abs(rel)
	if p.ObsoleteMissing(rel) {
		return -1, relError(rel, &os.PathError{Op: "open", Path: abs, Err: syscall.ENOENT})
	}
	if project.LexicallyInside(p.Root, abs) {
		fd, err := openNoFollow(abs)
		if err == nil {
			if dir, derr := p.RealDir(project.DirOf(abs)); derr == nil && insideRoot(p, dir) {
				return fd, nil
			}
			syscall.Close(fd)
		} else if err == syscall.ENOENT {
			// Missing: where the nearest existing folder on the way is
			// inside the project, that is all there is to say.
			for dir := filepath.Dir(abs); project.LexicallyInside(p.Root, dir); dir = filepath.Dir(dir) {
				real, derr := p.RealDir(dir)
				if derr == nil {
					if insideRoot(p, real) {
						return -1, relError(rel, &os.PathError{Op: "open", Path: abs, Err: err})
					}
					break
				}
				if !errors.Is(derr, fs.ErrNotExist) || dir == p.Root {
					break
				}
			}
		} else if err != syscall.ELOOP && err != syscall.ENOTDIR {
			if _, cerr := Contained(p, rel); cerr != nil {
				return -1, cerr
			}
			return -1, relError(rel, err)
		}
	}
	// The full check: the nearest existing folder or file resolved.
	if _, err := Contained(p, rel); err != nil {
		return -1, err
	}
	fd, err := openFollow(abs)
	if err != nil {
		return -1, relError(rel, &os.PathError{Op: "open", Path: abs, Err: err})
	}
	return fd, nil
}

func openNoFollow(abs string) (int, error) {
	for {
		fd, err := syscall.Open(abs, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK|syscall.O_NOFOLLOW, 0)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}

func openFollow(abs string) (int, error) {
	for {
		fd, err := syscall.Open(abs, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}

// insideRoot reports whether real, a resolved path, is inside the
// project's resolved root.
func insideRoot(p *project.Project, real string) bool {
	root, err := p.RealDir(p.Root)
	if err != nil {
		root = p.Root
	}
	return project.LexicallyInside(root, real)
}

// relError names the project-relative path in an os error instead of the
// absolute one, keeping what it wraps (fs.ErrNotExist…).
func relError(rel string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", rel, pe.Err)
	}
	return fmt.Errorf("%s: %w", rel, err)
}

// ErrOutside is what Contained's and Open's errors wrap when a path, or a
// symbolic link on its way, leads outside the project.
var ErrOutside = errors.New("leads outside the project")

// Contained returns the absolute path of rel, or an error when rel, or a
// symbolic link on its way, leads outside the project.
func Contained(p *project.Project, rel string) (string, error) {
	abs := p.Abs(rel)
	if r, err := filepath.Rel(p.Root, abs); err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("%s: %w", rel, ErrOutside)
	}
	root, err := p.RealDir(p.Root)
	if err != nil {
		root = p.Root
	}
	// Find the nearest existing file or folder on the way to abs (a file
	// that does not exist yet is checked through its nearest existing
	// folder, which a symbolic link may lead elsewhere).
	cur, rest := abs, ""
	fi, err := os.Lstat(cur)
	for err != nil && errors.Is(err, fs.ErrNotExist) && cur != p.Root {
		rest = filepath.Join(filepath.Base(cur), rest)
		cur = filepath.Dir(cur)
		fi, err = os.Lstat(cur)
	}
	if err != nil {
		return "", relError(rel, err)
	}
	var real string
	switch {
	case fi.IsDir():
		// A folder, resolved once per run.
		real, err = p.RealDir(cur)
	case fi.Mode()&fs.ModeSymlink == 0:
		// A plain file in a folder resolved once per run.
		if real, err = p.RealDir(filepath.Dir(cur)); err == nil {
			real = filepath.Join(real, filepath.Base(cur))
		}
	default:
		real, err = filepath.EvalSymlinks(cur)
	}
	if err != nil {
		return "", relError(rel, err)
	}
	if r, err := filepath.Rel(root, real); err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("%s: %w (to %s)", rel, ErrOutside, filepath.Join(real, rest))
	}
	return abs, nil
}

// LoadCatalog reads and parses a project-relative catalog. A missing file
// gives an error wrapping fs.ErrNotExist.
func LoadCatalog(p *project.Project, rel string) (*catalog.File, error) {
	data, err := ReadFile(p, rel)
	if err != nil {
		return nil, err
	}
	return catalog.Parse(rel, data)
}

// HistoryPath is the project-relative path of a unit's source-text history.
func HistoryPath(name string) string { return ".folio/history/" + name + ".toml" }

// LoadHistory reads a unit's history of source texts by hash; a missing
// file is an empty history.
func LoadHistory(p *project.Project, name string) (map[string]string, error) {
	rel := HistoryPath(name)
	hist := map[string]string{}
	data, err := ReadFile(p, rel)
	if errors.Is(err, fs.ErrNotExist) {
		return hist, nil
	}
	if err != nil {
		return hist, err
	}
	if table, ok := catalog.ParseStringTable(data); ok {
		// The history as Folio writes it, read without a TOML decoder.
		return table, nil
	}
	if at, deep := tomlpos.TooDeep(data); deep {
		return map[string]string{}, fmt.Errorf("%s:%d:%d: nested too deeply", rel, at.Line, at.Column)
	}
	if _, err := toml.Decode(string(data), &hist); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			at := tomlpos.SyntaxError(data, pe.Position.Line, pe.Position.Col, pe.Position.Start)
			return map[string]string{}, fmt.Errorf("%s:%d:%d: %s", rel, at.Line, at.Column, pe.Message)
		}
		return map[string]string{}, fmt.Errorf("%s:1:1: %v", rel, err)
	}
	return hist, nil
}
