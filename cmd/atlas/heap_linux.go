package main

import (
	"bytes"
	"os"
	"runtime/debug"
	"syscall"
	"unsafe"
)

// hugeHeap asks the kernel to back the Go heap with transparent huge
// pages, and returns the range it advised ([lo, hi), or 0, 0).
//
// A build's heap is hundreds of megabytes, each page touched first by a
// fault: at 20,000 clauses a one-record build took 75,000 of them, about
// a second of system time on two cores. Huge pages take one fault per 2
// MB. The runtime no longer advises its heap, so where the kernel's THP
// mode is "madvise" (a common default) the heap gets none.
//
// The runtime maps address space for one large allocation and later
// reuses it, lowest addresses first, for small ones; advice given to the
// mapping outlives the allocation. The allocation is never written, and
// FreeOSMemory hands its pages back as released, so it costs no memory
// and the pacer and the memory limit forget it.
func hugeHeap() (lo, hi uintptr) {
	if os.Getenv("ATLAS_HUGEPAGES") == "0" || thpMode() != "madvise" {
		return 0, 0
	}
	var si syscall.Sysinfo_t
	if syscall.Sysinfo(&si) != nil {
		return 0, 0
	}
	// Room for the heap of a 100,000-clause build (1.7 GB at its peak),
	// at most a quarter of the machine's memory, well within what the
	// kernel's overcommit heuristic grants one mapping. The runtime's
	// bookkeeping for the address space costs about 9 ms a gigabyte.
	n := min(uint64(si.Totalram)*uint64(si.Unit)/4, 2<<30)
	if n < 64<<20 {
		return 0, 0
	}
	b := make([]byte, n)
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	const huge = 2 << 20
	lo = (p + huge - 1) &^ (huge - 1)
	hi = (p + uintptr(n)) &^ (huge - 1)
	if _, _, e := syscall.Syscall(syscall.SYS_MADVISE, lo, hi-lo, madvHugepage); e != 0 {
		lo, hi = 0, 0
	}
	b = nil
	debug.FreeOSMemory()
	return lo, hi
}

const madvHugepage = 14 // MADV_HUGEPAGE

// thpMode is the kernel's transparent huge page mode: "always",
// "madvise" or "never" (or "" when it cannot tell).
func thpMode() string {
	b, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil {
		return ""
	}
	i := bytes.IndexByte(b, '[')
	j := bytes.IndexByte(b, ']')
	if i < 0 || j < i {
		return ""
	}
	return string(b[i+1 : j])
}
