package site

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// boundHeap sets a soft memory limit for the rest of a build: one and a
// half times the heap that is live now (the records, index, plan and
// output list, which rendering keeps and adds to) plus 128 MiB for the
// pages in flight. Left alone, the collector lets the heap grow to twice
// its live size and the process holds on to what it freed: a cold build
// of 20,000 clauses peaked at 680 MB of RSS. A limit set too low costs
// collection work, which the runtime caps at half the CPU, so it slows a
// build down but never stalls it.
//
// The live heap is measured by a collection: the runtime's figure is the
// one of the last collection, which may be seconds old when rendering
// starts. Using it, the heap goal of the same cold build of 20,000
// clauses ranged from 363 to 497 MB between runs, and the number of
// collections and the peak RSS varied with it.
//
// boundHeap returns a function that puts the previous limit back, and
// does nothing when a limit is set already (GOMEMLIMIT).
func boundHeap() (restore func()) {
	old := debug.SetMemoryLimit(-1)
	if old != math.MaxInt64 {
		return func() {}
	}
	runtime.GC()
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 || s[0].Value.Uint64() == 0 {
		return func() {}
	}
	live := s[0].Value.Uint64()
	debug.SetMemoryLimit(int64(min(live+live/2+128<<20, math.MaxInt64/2)))
	return func() { debug.SetMemoryLimit(old) }
}
