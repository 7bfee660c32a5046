package write

import (
	"path/filepath"
	"sync"
	"sync/atomic"
)

// Previous is the manifest of an output folder's last build, read ahead
// of the build, with a check running in the background that every file it
// lists is still as that build left it. An incremental build needs both
// before it can skip a single output; started first thing, they overlap
// loading and checking the records instead of adding to rendering (at
// 20,000 clauses: 123,000 stats, 0.7 s of system calls on one core).
type Previous struct {
	l    list // set before read is closed
	m    Manifest
	once sync.Once // makes m from l, for the one build that needs it
	out  string
	stop atomic.Bool
	read chan struct{}
	done chan struct{}
	// changed lists the files missing or different on disk; filled by the
	// background check, read only after done is closed.
	changed map[string]bool
	partial bool // the check was stopped before it ended
}

// ReadPrevious starts reading the manifest of output folder out, then
// checking its files, in the background. A missing or corrupt manifest
// gives an empty Previous.
func ReadPrevious(out string) *Previous {
	out = filepath.Clean(out)
	p := &Previous{out: out, read: make(chan struct{}), done: make(chan struct{}), changed: map[string]bool{}}
	go func() {
		defer close(p.done)
		l := readList(ManifestPath(out))
		p.l = l
		close(p.read)
		// On two goroutines: when nothing has changed since the last
		// build (see the inputs package) this check is all there is to
		// do, and the stat calls are most of it.
		const workers = 2
		changed := make([][]string, workers)
		partial := make([]bool, workers)
		var wg sync.WaitGroup
		chunk := (len(l.paths) + workers - 1) / workers
		for w := range workers {
			lo, hi := min(w*chunk, len(l.paths)), min((w+1)*chunk, len(l.paths))
			wg.Go(func() {
				changed[w], partial[w] = p.check(l.paths[lo:hi], l.entries[lo:hi])
			})
		}
		wg.Wait()
		for w := range workers {
			p.partial = p.partial || partial[w]
			for _, path := range changed[w] {
				p.changed[path] = true
			}
		}
	}()
	return p
}

// check stats the files of paths, listed with entries, and returns those
// missing or different, and whether Stop cut it short.
func (p *Previous) check(paths []string, entries []Entry) (changed []string, partial bool) {
	// One buffer holds each file's name in turn: a string per file would
	// be 123,000 allocations at 20,000 clauses.
	buf := []byte(p.out + string(filepath.Separator))
	dir := len(buf)
	for i, path := range paths {
		if p.stop.Load() {
			return changed, true
		}
		buf = append(buf[:dir], path...)
		if filepath.Separator != '/' {
			for j := dir; j < len(buf); j++ {
				if buf[j] == '/' {
					buf[j] = filepath.Separator
				}
			}
		}
		buf = append(buf, 0)
		if !statMatchesZ(buf, entries[i]) {
			changed = append(changed, path)
		}
	}
	return changed, false
}

// Stop ends the background check early: the build will not use it (it is
// cold, or failed).
func (p *Previous) Stop() {
	if p != nil {
		p.stop.Store(true)
	}
}

// Intact waits for the check and reports whether the last build's
// manifest was read and every file it lists is as that build left it.
func (p *Previous) Intact() bool {
	<-p.done
	return len(p.l.paths) > 0 && !p.partial && len(p.changed) == 0
}

// Empty waits for the manifest to be read and reports whether it lists no
// output: a build into this folder will be a cold one.
func (p *Previous) Empty() bool {
	if p == nil {
		return true
	}
	<-p.read
	return len(p.l.paths) == 0
}

// GroupDeps waits for the manifest to be read and returns the dependency
// key the last build gave every file of group, when it gave them all the
// same one: what a build compares its own with, before it spends time
// making the group, to know whether Writer.FreshGroup may keep it.
func (p *Previous) GroupDeps(group string) (uint64, bool) {
	if p == nil {
		return 0, false
	}
	<-p.read
	var deps uint64
	n := 0
	for i := range p.l.entries {
		e := &p.l.entries[i]
		if e.Group != group {
			continue
		}
		if n > 0 && e.Deps != deps {
			return 0, false
		}
		deps = e.Deps
		n++
	}
	return deps, n > 0
}

// manifest waits for the manifest to be read and returns it.
func (p *Previous) manifest() Manifest {
	<-p.read
	p.once.Do(func() { p.m = p.l.manifest() })
	return p.m
}

// intact waits for the check and reports whether path, listed with entry
// e, was found as e says.
func (p *Previous) intact(path string, e Entry) bool {
	<-p.done
	if p.partial {
		return statMatches(filepath.Join(p.out, filepath.FromSlash(path)), e)
	}
	return !p.changed[path]
}

// statMatches reports whether file has the size and modification time of
// e (the check's statMatchesZ, for a name held as a string).
func statMatches(file string, e Entry) bool {
	return statMatchesZ(append([]byte(file), 0), e)
}
