package state

import (
	"debug/elf"
	"encoding/hex"
	"os"
	"sync"

	"github.com/zeebo/xxh3"
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
// has none: not ELF, or linked with an empty -buildid).
func goBuildID(exe string) string {
	f, err := elf.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	s := f.Section(".note.go.buildid")
	if s == nil {
		return ""
	}
	data, err := s.Data()
	// The note: name size, descriptor size, type (4 bytes each), the
	// name "Go\x00\x00", then the build ID.
	if err != nil || len(data) <= 16 || string(data[12:16]) != "Go\x00\x00" {
		return ""
	}
	id := string(data[16:])
	for len(id) > 0 && id[len(id)-1] == 0 {
		id = id[:len(id)-1]
	}
	return id
}
