//go:build !linux

package write

import (
	"os"
	"unsafe"
)

// create writes data to a new or truncated file at path and returns the
// file's size and modification time, as intact later compares them.
func create(path string, data []byte) (size, mtime int64, err error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return 0, 0, err
	}
	_, err = f.Write(data)
	return closeStat(f, err)
}

// statMatchesZ reports whether the file named, with a NUL byte after the
// name, has the size and modification time of e.
func statMatchesZ(name []byte, e Entry) bool {
	st, err := os.Stat(unsafe.String(&name[0], len(name)-1))
	return err == nil && st.Size() == e.Size && st.ModTime().UnixNano() == e.ModTime
}
