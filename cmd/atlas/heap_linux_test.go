package main

import (
	"bufio"
	"io/fs"
	"os"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

// TestHugeHeap: where THP is "madvise", hugeHeap leaves a mapping of the
// heap advised for huge pages, and the runtime holds none of the memory
// of the allocation it used for that.
func TestHugeHeap(t *testing.T) {
	if m := thpMode(); m != "madvise" {
		if lo, hi := hugeHeap(true); lo != 0 || hi != 0 {
			t.Fatalf("THP mode %q: advised [%#x, %#x), want nothing", m, lo, hi)
		}
		t.Skipf("THP mode %q: nothing to advise", m)
	}
	t.Setenv("ATLAS_HUGEPAGES", "0")
	for _, reused := range []bool{false, true} {
		if lo, hi := hugeHeap(reused); lo != 0 || hi != 0 {
			t.Fatalf("ATLAS_HUGEPAGES=0, reused %v: advised [%#x, %#x)", reused, lo, hi)
		}
	}
	t.Setenv("ATLAS_HUGEPAGES", "")
	if reportsFreePages(os.DirFS("/sys/bus/virtio/devices")) {
		if lo, hi := hugeHeap(false); lo != 0 || hi != 0 {
			t.Fatalf("free page reporting: advised [%#x, %#x), want nothing", lo, hi)
		}
		// A process that reuses its heap asks all the same.
		if lo, hi := hugeHeap(true); hi-lo < 64<<20 {
			t.Fatalf("free page reporting, heap reused: advised [%#x, %#x), want at least 64 MB", lo, hi)
		}
		t.Setenv("ATLAS_HUGEPAGES", "1") // asks anyway
	}
	lo, hi := hugeHeap(false)
	if hi-lo < 64<<20 {
		t.Fatalf("advised [%#x, %#x): want at least 64 MB", lo, hi)
	}
	flags, ok := vmFlags(t, lo)
	if !ok {
		t.Fatalf("no mapping holds %#x", lo)
	}
	if !strings.Contains(" "+flags+" ", " hg ") {
		t.Errorf("mapping at %#x has flags %q, want hg (MADV_HUGEPAGE)", lo, flags)
	}
	// The allocation's pages are free and released: the heap does not
	// keep them (nor does the memory limit count them).
	s := []metrics.Sample{{Name: "/memory/classes/heap/free:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(s)
	if free := s[0].Value.Uint64(); free > 64<<20 {
		t.Errorf("heap keeps %d MB free but not released after hugeHeap", free>>20)
	}
	if rel := s[1].Value.Uint64(); rel < uint64(hi-lo)/2 {
		t.Errorf("released %d MB, want most of the %d MB advised", rel>>20, (hi-lo)>>20)
	}
}

// vmFlags returns the VmFlags line of the mapping of /proc/self/smaps
// that holds addr.
func vmFlags(t *testing.T, addr uintptr) (string, bool) {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if r, _, ok := strings.Cut(line, " "); ok && strings.Contains(r, "-") && !strings.HasSuffix(r, ":") {
			a, b, _ := strings.Cut(r, "-")
			start, err1 := strconv.ParseUint(a, 16, 64)
			end, err2 := strconv.ParseUint(b, 16, 64)
			in = err1 == nil && err2 == nil && uint64(addr) >= start && uint64(addr) < end
			continue
		}
		if in && strings.HasPrefix(line, "VmFlags:") {
			return strings.TrimSpace(strings.TrimPrefix(line, "VmFlags:")), true
		}
	}
	return "", false
}

// TestReportsFreePages reads a virtio device folder as the kernel lays it
// out: device holds the device type, features one character per bit.
func TestReportsFreePages(t *testing.T) {
	const reporting = "0110010100000000000000000000000100000000000000000000000000000000"
	const noReporting = "0110000100000000000000000000000100000000000000000000000000000000"
	dev := func(id, features string, driver bool) fstest.MapFS {
		fsys := fstest.MapFS{
			"virtio0/device":   {Data: []byte("0x0002\n")}, // a block device
			"virtio0/features": {Data: []byte(reporting + "\n")},
			"virtio1/device":   {Data: []byte(id + "\n")},
			"virtio1/features": {Data: []byte(features + "\n")},
		}
		if driver {
			fsys["virtio1/driver"] = &fstest.MapFile{Mode: fs.ModeDir}
		}
		return fsys
	}
	tests := []struct {
		name string
		fsys fs.FS
		want bool
	}{
		{"balloon that reports", dev("0x0005", reporting, true), true},
		{"balloon without reporting", dev("0x0005", noReporting, true), false},
		{"balloon without a driver", dev("0x0005", reporting, false), false},
		{"no balloon", dev("0x0004", reporting, true), false},
		{"short features", dev("0x0005", "0110", true), false},
		{"no virtio bus", fstest.MapFS{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := reportsFreePages(tt.fsys); got != tt.want {
				t.Errorf("reportsFreePages = %v, want %v", got, tt.want)
			}
		})
	}
}
