package site

import (
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/clauseatlas/atlas/internal/mapped"
)

// generator identifies this program's code: any change to it, including
// an uncommitted one, changes every output's key. It is the Go build ID
// the linker wrote into the executable, whose last part is a hash of the
// executable's content; only when there is none (a build with an empty
// -buildid, or a format other than ELF) is the whole file hashed. Hashing
// the 19 MB file took 99 and 106 ms of two one-record builds at 20,000
// clauses; reading the note takes a few milliseconds.
var generator = sync.OnceValue(func() string {
	exe, err := executable()
	if err != nil {
		return unknownGenerator()
	}
	if id := goBuildID(exe); id != "" {
		return "go-build-id " + id
	}
	// Mapped: the program's own file is mostly in memory already.
	b, err := mapped.File(exe)
	if err != nil {
		return unknownGenerator()
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
})

// executable returns a path to the running program's file. On Linux,
// /proc/self/exe is that file even when another has since been put at
// its path (a rebuilt atlas, while a preview server runs the old one);
// os.Executable gives the path, which would then name the new one.
func executable() (string, error) {
	const self = "/proc/self/exe"
	if _, err := os.Stat(self); err == nil {
		return self, nil
	}
	return os.Executable()
}

// unknownGenerator stands for code that cannot be identified: it is
// never equal to another build's, so no output is reused.
func unknownGenerator() string {
	return "unknown-" + fmt.Sprint(time.Now().UnixNano())
}

// goBuildID returns the Go build ID in the ELF note of the executable at
// path, or "" when it has none.
func goBuildID(path string) string {
	f, err := elf.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	s := f.Section(".note.go.buildid")
	if s == nil || s.Type != elf.SHT_NOTE {
		return ""
	}
	b, err := s.Data()
	if err != nil {
		return ""
	}
	return parseGoNote(b, f.ByteOrder)
}

// The note the Go linker writes: owner "Go", type 4, the ID as its
// descriptor.
const goNoteType = 4

// parseGoNote reads one ELF note holding a Go build ID.
func parseGoNote(b []byte, order binary.ByteOrder) string {
	if len(b) < 12 {
		return ""
	}
	namesz, descsz, typ := order.Uint32(b), order.Uint32(b[4:]), order.Uint32(b[8:])
	b = b[12:]
	pad := (uint64(namesz) + 3) &^ 3
	if typ != goNoteType || namesz != 4 || uint64(len(b)) < pad || uint64(len(b))-pad < uint64(descsz) {
		return ""
	}
	if !bytes.Equal(b[:namesz], []byte("Go\x00\x00")) {
		return ""
	}
	id := b[pad : pad+uint64(descsz)]
	// An ID is printable ASCII; anything else is not one.
	for _, c := range id {
		if c <= ' ' || c > '~' {
			return ""
		}
	}
	return string(id)
}
