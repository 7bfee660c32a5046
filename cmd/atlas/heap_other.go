//go:build !linux

package main

// hugeHeap does nothing outside Linux (see heap_linux.go).
func hugeHeap(reused bool) (lo, hi uintptr) { return 0, 0 }
