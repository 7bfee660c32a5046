//go:build linux && !amd64 && !arm64

package write

import (
	"syscall"
	"unsafe"
)

// statZ stats name, which ends in a NUL byte.
func statZ(name []byte, st *syscall.Stat_t) error {
	return syscall.Stat(unsafe.String(&name[0], len(name)-1), st)
}
