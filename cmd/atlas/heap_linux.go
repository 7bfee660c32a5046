package main

import (
	"bytes"
	"io/fs"
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
//
// Not in a virtual machine that reports free pages to its host (a virtio
// balloon with free page reporting, as Firecracker offers): memory the
// guest left free for a few seconds goes back to the host, and the first
// write to it costs a fault in the host too. A huge page is 512 of those
// at once, so there fresh huge pages cost more than small ones: touching
// 400 MB took about 1 s with huge pages and 0.2–0.6 s without, where both
// took 0.05–0.15 s right after another process freed the memory, and
// one-record builds at 20,000 clauses, started 4 s apart, took 1.18–1.40
// s without against 1.25–1.49 s with. ATLAS_HUGEPAGES=1 asks anyway, and
// so does reused: a process that keeps its heap from build to build (the
// preview server) pays for fresh pages once, and then gains on every
// rebuild. A rebuild reaches into hundreds of megabytes of records and
// index at random, which small pages make dear in a virtual machine: at
// 20,000 clauses the preview reloaded after an edit in half the time
// with huge pages, at about the same peak RSS (docs/bench.md).
func hugeHeap(reused bool) (lo, hi uintptr) {
	env := os.Getenv("ATLAS_HUGEPAGES")
	if env == "0" || thpMode() != "madvise" {
		return 0, 0
	}
	if env != "1" && !reused && reportsFreePages(os.DirFS("/sys/bus/virtio/devices")) {
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

// reportsFreePages reports whether a virtio balloon device in devs (the
// kernel's /sys/bus/virtio/devices) has a driver and was offered free
// page reporting.
func reportsFreePages(devs fs.FS) bool {
	const (
		balloon   = "0x0005" // VIRTIO_ID_BALLOON
		reporting = 5        // VIRTIO_BALLOON_F_REPORTING
	)
	entries, err := fs.ReadDir(devs, ".")
	if err != nil {
		return false
	}
	for _, e := range entries {
		id, err := fs.ReadFile(devs, e.Name()+"/device")
		if err != nil || string(bytes.TrimSpace(id)) != balloon {
			continue
		}
		if _, err := fs.Stat(devs, e.Name()+"/driver"); err != nil {
			continue // no driver: nothing reports
		}
		// features holds one character per feature bit, bit 0 first.
		f, err := fs.ReadFile(devs, e.Name()+"/features")
		if err == nil && len(f) > reporting && f[reporting] == '1' {
			return true
		}
	}
	return false
}

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
