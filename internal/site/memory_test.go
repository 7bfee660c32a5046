package site

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// TestBoundHeap: with no limit set, a bound sets one above the live heap
// and restore takes it away again; a limit the user set (GOMEMLIMIT) is
// left alone.
func TestBoundHeap(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	tests := []struct {
		name  string
		set   int64 // the limit before the bound
		fixed bool  // the bound must not change it
	}{
		{"no limit", math.MaxInt64, false},
		{"user's limit", 3 << 30, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			debug.SetMemoryLimit(tt.set)
			runtime.GC() // the live heap is known after a collection
			b := newHeapBound()
			b.set(false)
			during := debug.SetMemoryLimit(-1)
			b.restore()
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
	defer debug.SetGCPercent(debug.SetGCPercent(-1)) // no collection sees it before the bound
	held := make([]byte, size)
	b := newHeapBound()
	b.set(true)
	during := debug.SetMemoryLimit(-1)
	b.restore()
	runtime.KeepAlive(held)
	if want := int64(size + size/2 + 128<<20); during < want {
		t.Errorf("limit = %d MiB with %d MiB held since the last collection, want at least %d MiB", during>>20, size>>20, want>>20)
	}
}

// TestHeapBoundAgain: a bound set once when the records are indexed and
// again when rendering starts follows the heap each time, and restore
// takes the limit back to the one before the first; a user's limit stays
// through both.
func TestHeapBoundAgain(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	for _, user := range []int64{math.MaxInt64, 3 << 30} {
		debug.SetMemoryLimit(user)
		b := newHeapBound()
		b.set(true)
		first := debug.SetMemoryLimit(-1)
		held := make([]byte, 128<<20)
		b.set(true)
		second := debug.SetMemoryLimit(-1)
		runtime.KeepAlive(held)
		b.restore()
		if after := debug.SetMemoryLimit(-1); after != user {
			t.Errorf("user limit %d: after restore %d", user, after)
		}
		if user != math.MaxInt64 {
			if first != user || second != user {
				t.Errorf("the user's limit %d became %d, then %d", user, first, second)
			}
			continue
		}
		if first == math.MaxInt64 || second-first < 128<<20 {
			t.Errorf("limits %d MiB then %d MiB with 128 MiB more held: the second bound did not follow the heap", first>>20, second>>20)
		}
	}
	var none *heapBound
	none.set(true) // BoundMemory off: nothing to do
	none.restore()
}

// TestHeapBoundFollows: once following, the limit rises with the live
// heap after a collection, is not lowered when the heap shrinks, and
// restore stops it and puts the old limit back.
func TestHeapBoundFollows(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	debug.SetMemoryLimit(math.MaxInt64)
	b := newHeapBound()
	b.set(true)
	b.follow()
	start := debug.SetMemoryLimit(-1)
	held := make([]byte, 256<<20)
	for i := range held {
		held[i] = 1 // in use, not just reserved
	}
	var grown int64
	for range 100 { // the follower looks every 100 ms
		runtime.GC()
		if grown = debug.SetMemoryLimit(-1); grown >= start+256<<20 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if grown < start+256<<20 {
		t.Fatalf("limit %d MiB after 256 MiB more was live, started at %d MiB", grown>>20, start>>20)
	}
	runtime.KeepAlive(held)
	held = nil
	runtime.GC()
	time.Sleep(300 * time.Millisecond)
	if now := debug.SetMemoryLimit(-1); now < grown {
		t.Errorf("limit fell from %d MiB to %d MiB when the heap shrank", grown>>20, now>>20)
	}
	b.restore()
	if after := debug.SetMemoryLimit(-1); after != math.MaxInt64 {
		t.Errorf("limit after restore = %d", after)
	}
}

// TestBoundLoading: a cold build's load runs at a lower collector target,
// put back when the limit is set or the bound restored; a GOGC or a
// limit the user set is left alone.
func TestBoundLoading(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	percent := func() int { p := debug.SetGCPercent(-1); debug.SetGCPercent(p); return p }
	tests := []struct {
		name        string
		gogc        string // the environment's GOGC
		limit       int64  // the limit before the bound
		end         func(b *heapBound)
		wantLoading int
		wantEnd     int // after end, before restore
	}{
		{"set after loading", "", math.MaxInt64, func(b *heapBound) { b.set(false) }, loadGCPercent, 100},
		{"full set after loading", "", math.MaxInt64, func(b *heapBound) { b.set(true) }, loadGCPercent, 100},
		{"failed build", "", math.MaxInt64, func(b *heapBound) {}, loadGCPercent, loadGCPercent},
		{"user's GOGC", "100", math.MaxInt64, func(b *heapBound) { b.set(false) }, 100, 100},
		{"user's limit", "", 3 << 30, func(b *heapBound) { b.set(false) }, 100, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("GOGC", tt.gogc)
			debug.SetMemoryLimit(tt.limit)
			b := newHeapBound()
			b.loading()
			b.loading() // twice is once
			if got := percent(); got != tt.wantLoading {
				t.Errorf("GOGC while loading = %d, want %d", got, tt.wantLoading)
			}
			tt.end(b)
			if got := percent(); got != tt.wantEnd {
				t.Errorf("GOGC after loading = %d, want %d", got, tt.wantEnd)
			}
			b.restore()
			if got := percent(); got != 100 {
				t.Errorf("GOGC after the build = %d, want 100", got)
			}
		})
	}
	var none *heapBound
	none.loading() // BoundMemory off: nothing to do
	if got := percent(); got != 100 {
		t.Errorf("GOGC with no bound = %d", got)
	}
}
