package load

import (
	"bufio"
	"encoding/gob"
	"io"
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

// cacheFile is the cache on disk; Stamp ties it to one version of the
// decoder (callers pass the program's fingerprint).
type cacheFile struct {
	Stamp string
	Files map[string]result
}

// WriteTo encodes the cache, stamped.
func (c *Cache) Encode(w io.Writer, stamp string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	bw := bufio.NewWriterSize(w, 1<<20)
	if err := gob.NewEncoder(bw).Encode(cacheFile{Stamp: stamp, Files: c.files}); err != nil {
		return err
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
	var f cacheFile
	if err := gob.NewDecoder(bufio.NewReaderSize(r, 1<<20)).Decode(&f); err != nil || f.Stamp != stamp || f.Files == nil {
		return c
	}
	c.files = f.Files
	return c
}
