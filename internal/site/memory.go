package site

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// boundHeap sets a soft memory limit for the rest of a build. Left alone,
// the collector lets the heap grow to twice its live size and the process
// holds on to what it freed: a cold build of 20,000 clauses peaked at 680
// MB of RSS. A limit set too low costs collection work, which the runtime
// caps at half the CPU, so it slows a build down but never stalls it.
//
// A build that makes every output (full: cold, or under a new
// fingerprint) first collects, to know the heap that is live (the
// records, index, plan and output list, which rendering keeps and adds
// to), and sets one and a half times it plus 128 MiB for the pages in
// flight. Without the collection, the runtime's figure is the one of the
// last collection, which may be seconds old: the heap goal of the same
// cold build of 20,000 clauses then ranged from 363 to 497 MB between
// runs, and the number of collections and the peak RSS varied with it.
//
// Other builds render a few outputs, where a collection (a few hundred
// milliseconds at 20,000 clauses) would cost more than the cap saves:
// they take the runtime's figure and allow twice it plus 128 MiB.
//
// boundHeap returns a function that puts the previous limit back, and
// does nothing when a limit is set already (GOMEMLIMIT).
func boundHeap(full bool) (restore func()) {
	old := debug.SetMemoryLimit(-1)
	if old != math.MaxInt64 {
		return func() {}
	}
	if full {
		runtime.GC()
	}
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 || s[0].Value.Uint64() == 0 {
		return func() {}
	}
	live := s[0].Value.Uint64()
	limit := 2*live + 128<<20
	if full {
		limit = live + live/2 + 128<<20
	}
	debug.SetMemoryLimit(int64(min(limit, math.MaxInt64/2)))
	return func() { debug.SetMemoryLimit(old) }
}
