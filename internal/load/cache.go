package load

import (
	"bufio"
	"encoding/gob"
	"io"
	"sort"
	"sync"
)

// Cache remembers decoded files by the SHA-256 of their bytes, so a
// rebuild decodes only the files that changed. It is safe for concurrent
// use. Entries are never mutated after they are stored; the loader copies
// records out of them.
type Cache struct {
	mu    sync.Mutex
	files map[string]result
	used  map[string]bool
	dirty bool
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{files: map[string]result{}, used: map[string]bool{}} }

func (c *Cache) get(path string, sum [32]byte) (result, bool) {
	if c == nil {
		return result{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.files[path]
	if !ok || r.Sum != sum {
		return result{}, false
	}
	c.used[path] = true
	return r, true
}

// getStat finds a file cached with this size and modification time; a
// file whose time is the same as when it was cached and whose size did not
// change is taken to be unchanged.
func (c *Cache) getStat(path string, size, mtime int64) (result, bool) {
	if c == nil || mtime == 0 {
		return result{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.files[path]
	if !ok || r.ModTime != mtime || r.Size != size {
		return result{}, false
	}
	c.used[path] = true
	return r, true
}

func (c *Cache) put(r result) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.files[r.Path] = r
	c.used[r.Path] = true
	c.dirty = true
	c.mu.Unlock()
}

// Prune drops entries for files the last load did not see, and reports
// whether the cache changed since it was read.
func (c *Cache) Prune() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for p := range c.files {
		if !c.used[p] {
			delete(c.files, p)
			c.dirty = true
		}
	}
	c.used = map[string]bool{}
	d := c.dirty
	c.dirty = false
	return d
}

// cacheHeader starts the cache on disk; Stamp ties it to one version of
// the decoder (callers pass the program's fingerprint). The entries follow
// as one gob message each: one message for the whole cache would be read
// into a single buffer grown by copying, which costs more than decoding.
type cacheHeader struct {
	Stamp string
	N     int
}

// Encode writes the cache, stamped.
func (c *Cache) Encode(w io.Writer, stamp string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	bw := bufio.NewWriterSize(w, 1<<20)
	enc := gob.NewEncoder(bw)
	if err := enc.Encode(cacheHeader{Stamp: stamp, N: len(c.files)}); err != nil {
		return err
	}
	paths := make([]string, 0, len(c.files))
	for p := range c.files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		r := c.files[p]
		if err := enc.Encode(&r); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// DecodeCache reads a cache written with the same stamp; anything else (a
// missing, corrupt or stale cache) gives an empty one.
func DecodeCache(r io.Reader, stamp string) *Cache {
	c := NewCache()
	if r == nil {
		return c
	}
	dec := gob.NewDecoder(bufio.NewReaderSize(r, 1<<20))
	var h cacheHeader
	if err := dec.Decode(&h); err != nil || h.Stamp != stamp || h.N < 0 {
		return c
	}
	files := make(map[string]result, h.N)
	for i := 0; i < h.N; i++ {
		var e result
		if err := dec.Decode(&e); err != nil {
			return c
		}
		files[e.Path] = e
	}
	c.files = files
	return c
}
