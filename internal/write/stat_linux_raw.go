//go:build linux && (amd64 || arm64)

package write

import (
	"syscall"
	"unsafe"
)

// statZ stats name, which ends in a NUL byte, relative to the current
// folder, without the copy syscall.Stat makes to add one.
func statZ(name []byte, st *syscall.Stat_t) error {
	atFDCWD := -100 // the current folder, to the *at calls
	_, _, errno := syscall.Syscall6(sysFstatat, uintptr(atFDCWD), uintptr(unsafe.Pointer(&name[0])), uintptr(unsafe.Pointer(st)), 0, 0, 0)
	if errno != 0 {
		return errno
	}
	return nil
}
