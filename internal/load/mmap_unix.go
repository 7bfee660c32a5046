//go:build unix

package load

import (
	"os"
	"syscall"
)

// mapFile maps the file at path read-only into memory. The mapping is
// never released: strings decoded from it point into it for the life of
// the process. Mapping costs a page fault per touched page of the page
// cache, where reading copies every byte into a fresh heap buffer that
// must first be faulted in and zeroed (90 MB at 20,000 clauses: over half
// a second on the benchmark machine).
//
// The cache file is only ever replaced by a rename, never rewritten in
// place, so the mapped bytes cannot change under the reader.
func mapFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	n := st.Size()
	if n == 0 || n != int64(int(n)) {
		return os.ReadFile(path)
	}
	b, err := syscall.Mmap(int(f.Fd()), 0, int(n), syscall.PROT_READ, syscall.MAP_PRIVATE)
	if err != nil {
		return os.ReadFile(path) // a file system that cannot map
	}
	return b, nil
}
