package site

import (
	"math"
	"runtime/debug"
	"runtime/metrics"
)

// boundHeap sets a soft memory limit for the rest of a build: twice the
// heap that is live now (the records, index, plan and output list, which
// rendering keeps and adds to) plus 128 MiB for the pages in flight. Left
// alone, the collector lets the heap grow to twice its live size and the
// process holds on to what it freed: a cold build of 20,000 clauses
// peaked at 680 MB of RSS with 161 MB live when rendering started, and at
// 470 MB with this limit, for about the same CPU time. A limit set too low
// costs collection work, which the runtime caps at half the CPU, so it
// slows a build down but never stalls it. boundHeap returns a function
// that puts the previous limit back, and does nothing when a limit is set
// already (GOMEMLIMIT).
func boundHeap() (restore func()) {
	old := debug.SetMemoryLimit(-1)
	if old != math.MaxInt64 {
		return func() {}
	}
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 || s[0].Value.Uint64() == 0 {
		return func() {}
	}
	live := s[0].Value.Uint64()
	debug.SetMemoryLimit(int64(min(2*live+128<<20, math.MaxInt64/2)))
	return func() { debug.SetMemoryLimit(old) }
}
