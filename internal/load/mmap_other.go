//go:build !unix

package load

import "os"

// mapFile reads the file at path: systems without mmap copy it.
func mapFile(path string) ([]byte, error) { return os.ReadFile(path) }
