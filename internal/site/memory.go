package site

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"time"
)

// heapBound is a soft memory limit over the stages of one build. Left
// alone, the collector lets the heap grow to twice its live size and the
// process holds on to what it freed: a cold build of 20,000 clauses
// peaked at 680 MB of RSS. A limit set too low costs collection work,
// which the runtime caps at half the CPU, so it slows a build down but
// never stalls it.
//
// A build that makes every output (full: cold, or under a new
// fingerprint) first collects, to know the heap that is live (the
// records, index, plan and output list, which rendering keeps and adds
// to), and sets one and a half times it plus 128 MiB for the pages in
// flight. Without the collection, the runtime's figure is the one of the
// last collection, which may be seconds old: the heap goal of the same
// cold build of 20,000 clauses then ranged from 363 to 497 MB between
// runs, and the number of collections and the peak RSS varied with it.
// Other builds render a few outputs, where a collection (a few hundred
// milliseconds at 20,000 clauses) would cost more than the cap saves:
// they take the runtime's figure and allow twice it plus 128 MiB.
//
// A build sets the limit when its records are indexed and again when
// rendering starts. Between settings the limit follows the live heap up:
// rendering adds to what is live (the manifest's entries, the list
// items, the rows), by 380 MB over a cold build of 100,000 clauses, and a
// limit fixed when rendering started then left the collector no room,
// running it back to back for the rest of the build. After each
// collection the limit is raised, if need be, to leave a quarter of the
// heap live then plus 128 MiB (see followQuarters), and never lowered.
// When the user set a limit (GOMEMLIMIT), it is left alone.
type heapBound struct {
	old    int64
	active bool // false: the user set a limit, which is left alone

	mu    sync.Mutex
	bound bool // a limit was set: follow may raise it
	limit int64
	stop  chan struct{}
	done  chan struct{}
	// gcPercent is the collector's target before loading lowered it;
	// 0: not lowered.
	gcPercent int
}

func newHeapBound() *heapBound {
	old := debug.SetMemoryLimit(-1)
	return &heapBound{old: old, active: old == math.MaxInt64}
}

// loadGCPercent is the collector's target while a cold build loads its
// records, which it does with no limit: the live heap grows from nothing
// to most of what rendering keeps, and with the default target (100) the
// heap reached twice the live one at the end of loading. At 100,000
// clauses that was the build's peak: a heap of 1,491 MB over 801 MB live
// (1,672 MB of RSS), where rendering later stayed under 1,260 MB. At 50
// the heap ends loading at one and a half times the live one, as the
// limit set after loading allows.
const loadGCPercent = 50

// loading lowers the collector's target until the limit is set (set), for
// a build that will make every output. Left alone when the user set
// GOGC or a limit.
func (b *heapBound) loading() {
	if b == nil || !b.active || os.Getenv("GOGC") != "" {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.gcPercent == 0 {
		b.gcPercent = debug.SetGCPercent(loadGCPercent)
	}
}

// loadedLocked puts back the collector's target loading lowered. Call with mu
// held.
func (b *heapBound) loadedLocked() {
	if b.gcPercent != 0 {
		debug.SetGCPercent(b.gcPercent)
		b.gcPercent = 0
	}
}

// set sets the limit from the heap live now (full: measured by a
// collection) or at the last collection.
func (b *heapBound) set(full bool) {
	if b == nil || !b.active {
		return
	}
	if full {
		runtime.GC()
	}
	live, _ := heapLive()
	b.mu.Lock()
	defer b.mu.Unlock()
	b.loadedLocked()
	if live == 0 {
		return
	}
	quarters := uint64(8) // twice the live heap
	if full {
		quarters = 6 // one and a half times
	}
	b.bound = true
	b.limit = boundFor(live, quarters)
	debug.SetMemoryLimit(b.limit)
}

// follow raises the limit as the live heap grows, until restore.
func (b *heapBound) follow() {
	if b == nil || !b.active || b.stop != nil {
		return
	}
	b.stop, b.done = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(b.done)
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		_, seen := heapLive()
		for {
			select {
			case <-b.stop:
				return
			case <-t.C:
			}
			live, cycles := heapLive()
			if cycles == seen {
				continue
			}
			seen = cycles
			b.mu.Lock()
			if b.bound {
				if l := boundFor(live, followQuarters); l > b.limit {
					b.limit = l
					debug.SetMemoryLimit(l)
				}
			}
			b.mu.Unlock()
		}
	}()
}

// restore stops following and puts back the limit there was before.
func (b *heapBound) restore() {
	if b == nil || !b.active {
		return
	}
	if b.stop != nil {
		close(b.stop)
		<-b.done
	}
	b.mu.Lock()
	b.loadedLocked()
	b.mu.Unlock()
	debug.SetMemoryLimit(b.old)
}

// followQuarters is the room follow keeps: a quarter of the live heap
// plus 128 MiB. As much as set allows (a half) raised the peak of a cold
// build of 20,000 clauses from 504 to 551 MiB; a quarter is enough that
// collections do not run back to back.
const followQuarters = 5

// boundFor is the limit for a live heap: quarters/4 of it plus 128 MiB.
func boundFor(live, quarters uint64) int64 {
	return int64(min(live*quarters/4+128<<20, math.MaxInt64/2))
}

// heapLive returns the heap the last collection found live, and the
// number of collections so far.
func heapLive() (live, cycles uint64) {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/gc/cycles/total:gc-cycles"}}
	metrics.Read(s)
	if s[0].Value.Kind() == metrics.KindUint64 {
		live = s[0].Value.Uint64()
	}
	if s[1].Value.Kind() == metrics.KindUint64 {
		cycles = s[1].Value.Uint64()
	}
	return live, cycles
}
