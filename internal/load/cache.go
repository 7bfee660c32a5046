package load

import (
	"bufio"
	"bytes"
	"encoding/gob"
	"io"
	"io/fs"
	"sort"
	"strings"
	"sync"
	"unsafe"

	"github.com/clauseatlas/atlas/internal/mapped"
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
	// paths is the sorted file list of the last full walk, for hinted
	// loads; it is not saved with the cache.
	paths []string
}

func (c *Cache) setPaths(paths []string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.paths = paths
	c.mu.Unlock()
}

// peek returns the cached result of path, whatever its file's state: for
// hinted loads, where a watcher vouches the file did not change.
func (c *Cache) peek(path string) (result, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.files[path]
	if ok {
		c.used[path] = true
	}
	return r, ok
}

// hinted returns the file list to load when hint can be trusted: there
// was a full walk before, and every changed file was in it and is still a
// regular file.
func (c *Cache) hinted(fsys fs.FS, hint *Hint) ([]string, bool) {
	if c == nil || hint == nil {
		return nil, false
	}
	c.mu.Lock()
	paths := c.paths
	c.mu.Unlock()
	if paths == nil {
		return nil, false
	}
	for p := range hint.Changed {
		if !strings.HasPrefix(p, DataDir+"/") && !strings.HasPrefix(p, ContentDir+"/") {
			continue // templates and static files are not records
		}
		if i := sort.SearchStrings(paths, p); i == len(paths) || paths[i] != p {
			return nil, false
		}
		if st, err := fs.Stat(fsys, p); err != nil || !st.Mode().IsRegular() {
			return nil, false
		}
	}
	return paths, true
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

// Changed reports whether the last load met a file the cache did not hold
// as it is, or left out a file it held: whether the records may differ
// from the previous load's.
func (c *Cache) Changed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.dirty || len(c.used) != len(c.files)
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

// The cache on disk: a magic string, the stamp (callers pass the
// program's fingerprint), then the clause files in the binary form of
// codec.go, then the other files as one gob message (they are few).
const cacheMagic = "clause-atlas load cache 1\n"

// Encode writes the cache, stamped.
func (c *Cache) Encode(w io.Writer, stamp string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	paths := make([]string, 0, len(c.files))
	for p := range c.files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	e := &encoder{b: make([]byte, 0, 2<<20)}
	e.b = append(e.b, cacheMagic...)
	e.str(stamp)
	var clauses, others []string
	for _, p := range paths {
		if c.files[p].Kind == kindClause {
			clauses = append(clauses, p)
		} else {
			others = append(others, p)
		}
	}
	e.uvarint(uint64(len(clauses)))
	// Written out a megabyte at a time: one 90 MB buffer (20,000 clauses)
	// cost more in page faults than the encoding itself.
	for _, p := range clauses {
		r := c.files[p]
		encodeClauseResult(e, &r)
		if len(e.b) >= 1<<20 {
			if _, err := w.Write(e.b); err != nil {
				return err
			}
			e.b = e.b[:0]
		}
	}
	if _, err := w.Write(e.b); err != nil {
		return err
	}
	rest := make([]result, len(others))
	for i, p := range others {
		rest[i] = c.files[p]
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	if err := gob.NewEncoder(bw).Encode(rest); err != nil {
		return err
	}
	return bw.Flush()
}

// ReadCache reads the cache file at path, written with stamp; a missing,
// corrupt or stale file gives an empty cache. The file is mapped, not
// copied: it must only ever be replaced by a rename (as write.FileStream
// does), never changed in place.
func ReadCache(path, stamp string) *Cache {
	b, err := mapped.File(path)
	if err != nil {
		return NewCache()
	}
	return DecodeCache(b, stamp)
}

// DecodeCache reads a cache written with the same stamp; anything else (a
// missing, corrupt or stale cache) gives an empty one. The cache keeps
// strings that share b's memory: the caller must not change b afterwards.
func DecodeCache(b []byte, stamp string) *Cache {
	c := NewCache()
	if len(b) < len(cacheMagic) || string(b[:len(cacheMagic)]) != cacheMagic {
		return c
	}
	body := b[len(cacheMagic):]
	d := &decoder{b: body}
	if len(body) > 0 {
		// The caller hands over b and never changes it: strings cut
		// from it need no copy (copying 90 MB at 20,000 clauses cost
		// over a second of page faults on this machine).
		d.all = unsafe.String(&body[0], len(body))
	}
	if d.str() != stamp || d.err != nil {
		return c
	}
	n := d.uvarint()
	if d.err != nil || n > uint64(len(d.b)) {
		return c
	}
	files := make(map[string]result, n)
	for i := uint64(0); i < n; i++ {
		r := decodeClauseResult(d)
		if d.err != nil {
			return c
		}
		files[r.Path] = r
	}
	var rest []result
	if err := gob.NewDecoder(bytes.NewReader(d.b)).Decode(&rest); err != nil {
		return c
	}
	for _, r := range rest {
		files[r.Path] = r
	}
	c.files = files
	return c
}
