package site

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
)

// TestBoundHeap: with no limit set, boundHeap sets one above the live
// heap and its restore function takes it away again; a limit the user set
// (GOMEMLIMIT) is left alone.
func TestBoundHeap(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	tests := []struct {
		name  string
		set   int64 // the limit before boundHeap
		fixed bool  // boundHeap must not change it
	}{
		{"no limit", math.MaxInt64, false},
		{"user's limit", 3 << 30, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			debug.SetMemoryLimit(tt.set)
			runtime.GC() // the live heap is known after a collection
			restore := boundHeap(false)
			during := debug.SetMemoryLimit(-1)
			restore()
			after := debug.SetMemoryLimit(-1)
			if after != tt.set {
				t.Errorf("limit after restore = %d, want %d", after, tt.set)
			}
			if tt.fixed && during != tt.set {
				t.Errorf("the user's limit %d became %d", tt.set, during)
			}
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			if !tt.fixed && (during == math.MaxInt64 || during < int64(128<<20) || uint64(during) < ms.HeapAlloc) {
				t.Errorf("limit while bound = %d with %d bytes in use", during, ms.HeapAlloc)
			}
		})
	}
}

// TestBoundHeapMeasures: for a full build, the limit follows the heap
// live when rendering starts, not the one the last collection found.
func TestBoundHeapMeasures(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	debug.SetMemoryLimit(math.MaxInt64)
	runtime.GC()
	const size = 256 << 20
	defer debug.SetGCPercent(debug.SetGCPercent(-1)) // no collection sees it before boundHeap
	held := make([]byte, size)
	restore := boundHeap(true)
	during := debug.SetMemoryLimit(-1)
	restore()
	runtime.KeepAlive(held)
	if want := int64(size + size/2 + 128<<20); during < want {
		t.Errorf("limit = %d MiB with %d MiB held since the last collection, want at least %d MiB", during>>20, size>>20, want>>20)
	}
}
