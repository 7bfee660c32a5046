//go:build !unix

package mapped

import "os"

// File reads the file at path: systems without mmap copy it.
func File(path string) ([]byte, error) { return os.ReadFile(path) }
