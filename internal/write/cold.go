package write

import (
	"cmp"
	"slices"
	"strings"
)

// coldFiles is the new manifest of a cold build while it is made: every
// output's entry, in the order recorded. A map of them cost 163 bytes an
// entry (its tables come in powers of two): 100 MB at the 610,000 outputs
// of 100,000 clauses, at the end of the build, where its heap is largest.
// Here an entry costs its 96 bytes, in blocks that are filled and never
// copied, and the order by path is worked out once, when it is needed:
// for the manifest file, and for the few lookups a build makes.
type coldFiles struct {
	blocks [][]coldEntry
	n      int
	// order holds the first covered entries recorded, sorted by path,
	// one per path; later ones are looked up one by one.
	order   []int32
	covered int
}

type coldEntry struct {
	path string
	e    Entry
}

const coldBlock = 8192

// coldRecent is how many entries recorded since the order was worked out
// are looked at one by one, before working it out again.
const coldRecent = 64

func (c *coldFiles) add(path string, e Entry) {
	if c.n%coldBlock == 0 {
		c.blocks = append(c.blocks, make([]coldEntry, 0, coldBlock))
	}
	b := &c.blocks[len(c.blocks)-1]
	*b = append(*b, coldEntry{path, e})
	c.n++
}

func (c *coldFiles) at(i int) *coldEntry { return &c.blocks[i/coldBlock][i%coldBlock] }

// find returns path's entry, the last recorded when there are several.
// A build looks up what it has just written (a group's files), or, once
// everything is written, what any output made (Writer.Sum): the newest
// entries are looked at first, and the order is worked out again when
// more than a few are new.
func (c *coldFiles) find(path string) (*coldEntry, bool) {
	for i := c.n - 1; i >= c.covered && i >= c.n-coldRecent; i-- {
		if e := c.at(i); e.path == path {
			return e, true
		}
	}
	if c.n-c.covered > coldRecent {
		c.sort()
	}
	if i, ok := c.search(path); ok {
		return c.at(int(c.order[i])), true
	}
	return nil, false
}

// sort works out the order of every entry by path. Of entries with one
// path (a writer's caller records each output once, but nothing relies
// on it), the last recorded is kept.
func (c *coldFiles) sort() {
	order := c.order[:0]
	if cap(order) < c.n {
		order = make([]int32, 0, c.n)
	}
	for i := range c.n {
		order = append(order, int32(i))
	}
	slices.SortFunc(order, func(a, b int32) int {
		if d := strings.Compare(c.at(int(a)).path, c.at(int(b)).path); d != 0 {
			return d
		}
		return cmp.Compare(a, b) // of one path, the last recorded last
	})
	out := order[:0]
	for k, i := range order {
		if k+1 < len(order) && c.at(int(order[k+1])).path == c.at(int(i)).path {
			continue // a later record of the same path follows
		}
		out = append(out, i)
	}
	c.order, c.covered = out, c.n
}

// sorted returns the entries' indexes in path order, one per path. The
// few recorded since the order was last worked out (the downloads
// manifest, made once the other outputs are) are put in their places.
func (c *coldFiles) sorted() []int32 {
	if c.n-c.covered > coldRecent {
		c.sort()
	}
	for i := c.covered; i < c.n; i++ {
		k, found := c.search(c.at(i).path)
		if found {
			c.order[k] = int32(i)
		} else {
			c.order = slices.Insert(c.order, k, int32(i))
		}
	}
	c.covered = c.n
	return c.order
}

// search finds path in the order.
func (c *coldFiles) search(path string) (int, bool) {
	return slices.BinarySearchFunc(c.order, path, func(i int32, p string) int { return strings.Compare(c.at(int(i)).path, p) })
}

// get returns a copy of path's entry (see find).
func (c *coldFiles) get(path string) (Entry, bool) {
	if ce, ok := c.find(path); ok {
		return ce.e, true
	}
	return Entry{}, false
}
