package state

import (
	"debug/elf"
	"encoding/hex"
	"os"
	"strings"
	"sync"

	"folio/internal/xxh3"
)

// ExecutableHash identifies the running Folio, for the caches: a new
// build (a new version) must invalidate every cached result. It is the Go
// build ID the linker writes into the executable (a hash of its inputs and
// of its content, read from one ELF note instead of hashing 12 MB on every
// run), or where there is none, the 128-bit XXH3 of the whole executable;
// "" when the executable cannot be read, which turns the caches off.
var ExecutableHash = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	if id := goBuildID(exe); id != "" {
		return "go-buildid:" + id
	}
	data, err := os.ReadFile(exe)
	if err != nil {
		return ""
	}
	sum := xxh3.Hash128(data).Bytes()
	return "xxh3:" + hex.EncodeToString(sum[:])
})

// goBuildID reads the Go build ID note of an ELF executable ("" when it
// has none: not ELF, or linked with an empty -buildid). The ID is an
// action ID and a content ID, the latter the hash the go command computed
// over the executable it wrote. A binary changed afterwards by something
// other than the go command keeps its ID: Folio's caches take a new
// build, a new version, for what it is, not a hand-patched executable.
func goBuildID(exe string) string {
	f, err := elf.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	note := f.Section(".note.go.buildid")
	if note == nil {
		return ""
	}
	data, err := note.Data()
	// The note: name size 4, descriptor size, type 4, the name "Go\0\0",
	// then the ID.
	if err != nil || len(data) < 16 || f.ByteOrder.Uint32(data) != 4 || f.ByteOrder.Uint32(data[8:]) != 4 || string(data[12:16]) != "Go\x00\x00" {
		return ""
	}
	size := int(f.ByteOrder.Uint32(data[4:]))
	if size > len(data)-16 {
		return ""
	}
	id := string(data[16 : 16+size])
	if !strings.Contains(id, "/") {
		return "" // not an action ID and a content ID
	}
	return id
}
