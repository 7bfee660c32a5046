package inputs

import (
	"syscall"
	"unsafe"
)

// statFile stats one file with one system call; the only allocation is
// the copy syscall.Stat makes of the path.
func (d osDir) statFile(name string, buf *[]byte) (size, mtime int64, regular bool, err error) {
	b := append(append(append((*buf)[:0], d.dir...), '/'), name...)
	*buf = b
	var st syscall.Stat_t
	if err := syscall.Stat(unsafe.String(&b[0], len(b)), &st); err != nil {
		return 0, 0, false, err
	}
	return st.Size, int64(st.Mtim.Sec)*1e9 + int64(st.Mtim.Nsec), st.Mode&syscall.S_IFMT == syscall.S_IFREG, nil
}
