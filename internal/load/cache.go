package load

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
	"errors"
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

	// On disk the cache is a base file and a delta against it, so that a
	// rebuild after a few edits saves those few entries rather than all
	// of them (90 MB at 20,000 clauses). baseID names the base read or
	// last encoded ("" for none), base lists its paths, and moved the
	// paths whose entry may differ from the base's.
	baseID string
	base   []string
	moved  map[string]bool
}

func (c *Cache) setPaths(paths []string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.paths = paths
	c.mu.Unlock()
}

// peekAll sets results[i] to the cached result of paths[i], whatever its
// file's state, for hinted loads, where a watcher vouches the file did
// not change; it returns the indexes of the paths to read instead: those
// changed and those not cached. One lock for every path: a preview
// rebuild at 20,000 clauses took each path's from two workers.
func (c *Cache) peekAll(paths []string, changed map[string]bool, results []result) (read []int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, p := range paths {
		r, ok := c.files[p]
		if !ok || changed[p] {
			read = append(read, i)
			continue
		}
		results[i] = r
		c.used[p] = true
	}
	return read
}

// hinted returns the file list to load when hint can be trusted: there
// was a full walk before (or the hint names its files), and every changed
// file was in it and is still a regular file.
func (c *Cache) hinted(fsys fs.FS, hint *Hint) ([]string, bool) {
	if c == nil || hint == nil {
		return nil, false
	}
	c.mu.Lock()
	paths := c.paths
	c.mu.Unlock()
	if paths == nil && hint.Paths != nil {
		paths = walked(hint.Paths)
		c.setPaths(paths)
	}
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
func NewCache() *Cache {
	return &Cache{files: map[string]result{}, used: map[string]bool{}, moved: map[string]bool{}}
}

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
	c.moved[r.Path] = true
	c.dirty = true
	c.mu.Unlock()
}

// Wrote stores what a load would decode from src, the new bytes of a file
// of the site root that the build itself writes (the URL ledger), so the
// next load takes it from the cache as it would a file it read. The
// file's time is not known yet: a load that stats it reads it once more,
// to match the bytes' hash.
func (c *Cache) Wrote(path string, src []byte) {
	if c == nil {
		return
	}
	k := classify(path)
	if k == kindUnknown || k == kindIgnored {
		return
	}
	r := decodeOne(path, k, src)
	r.Sum = sha256.Sum256(src)
	r.Size = int64(len(src))
	c.put(r)
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
	clear(c.used) // keeps its room: the next load marks as many
	d := c.dirty
	c.dirty = false
	return d
}

// Release drops the cache's entries, for a cache that is saved and will
// not be read again (a one-shot build's, once written): at 100,000
// clauses they hold a second copy of every clause record and its maps,
// over 100 MB that would otherwise stay live through rendering. Strings
// the corpus shares with the entries are not freed. The cache is empty
// afterwards, not broken.
func (c *Cache) Release() {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.files, c.used, c.moved = map[string]result{}, map[string]bool{}, map[string]bool{}
	c.base, c.paths, c.baseID, c.dirty = nil, nil, "", false
	c.mu.Unlock()
}

// The cache on disk. The base file: a magic string, the stamp (callers
// pass the program's fingerprint), the base's ID, then the entries. The
// delta file: its magic string, the stamp, the ID of the base it applies
// to, the entries that replace or add to the base's, then the paths the
// base holds that are gone. Entries are the clause files in the binary
// form of codec.go, then the other files as one gob message (they are
// few).
//
// A delta for another base is ignored. Even a wrong one could not make a
// load wrong: every entry carries the size, time and hash of the file it
// was decoded from, and is used only for a file that still matches them.
const (
	cacheMagic = "clause-atlas load cache 2\n"
	deltaMagic = "clause-atlas load cache delta 1\n"
)

// DeltaPath is where the delta of the cache file at path lives.
func DeltaPath(path string) string { return path + ".delta" }

// Encode writes the whole cache as a base, stamped; a delta written
// before it no longer applies.
func (c *Cache) Encode(w io.Writer, stamp string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	paths := make([]string, 0, len(c.files))
	for p := range c.files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	// The ID is a hash of what the base holds: deterministic, and in
	// practice unique to this content.
	h := sha256.New()
	for _, p := range paths {
		r := c.files[p]
		h.Write(append([]byte(p), 0)) // no path holds a NUL: ends it
		h.Write(r.Sum[:])
		h.Write(binary.AppendVarint(binary.AppendVarint(nil, r.Size), r.ModTime))
	}
	id := hex.EncodeToString(h.Sum(nil))
	e := &encoder{b: make([]byte, 0, 2<<20)}
	e.b = append(e.b, cacheMagic...)
	e.str(stamp)
	e.str(id)
	if err := c.encodeEntries(w, e, paths); err != nil {
		return err
	}
	c.baseID, c.base, c.moved = id, paths, map[string]bool{}
	return nil
}

// DeltaSmall reports whether a delta would do: there is a base, and few
// of its entries changed since it was written.
func (c *Cache) DeltaSmall() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.baseID == "" {
		return false
	}
	gone := 0
	for _, p := range c.base {
		if _, ok := c.files[p]; !ok {
			gone++
		}
	}
	return (len(c.moved)+gone)*8 <= len(c.base)
}

// EncodeDelta writes what changed since the base the cache was read from
// or last encoded as, stamped.
func (c *Cache) EncodeDelta(w io.Writer, stamp string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.baseID == "" {
		return errors.New("load: no base for a cache delta")
	}
	var paths []string
	for p := range c.moved {
		if _, ok := c.files[p]; ok {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	e := &encoder{b: make([]byte, 0, 64<<10)}
	e.b = append(e.b, deltaMagic...)
	e.str(stamp)
	e.str(c.baseID)
	if err := c.encodeEntries(w, e, paths); err != nil {
		return err
	}
	var gone []string
	for _, p := range c.base {
		if _, ok := c.files[p]; !ok {
			gone = append(gone, p)
		}
	}
	e.b = e.b[:0]
	e.strs(gone)
	_, err := w.Write(e.b)
	return err
}

// encodeEntries writes the entries of paths (sorted) after the header
// in e.
func (c *Cache) encodeEntries(w io.Writer, e *encoder, paths []string) error {
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
	// The gob message is framed by its length, so a delta's list of gone
	// paths can follow it.
	var g bytes.Buffer
	if err := gob.NewEncoder(&g).Encode(rest); err != nil {
		return err
	}
	e.b = binary.AppendUvarint(e.b[:0], uint64(g.Len()))
	if _, err := w.Write(e.b); err != nil {
		return err
	}
	_, err := w.Write(g.Bytes())
	return err
}

// ReadCache reads the cache file at path, and its delta if it applies,
// written with stamp; a missing, corrupt or stale file gives an empty
// cache. The files are mapped, not copied: they must only ever be
// replaced by a rename (as write.FileStream does), never changed in place.
func ReadCache(path, stamp string) *Cache {
	b, err := mapped.File(path)
	if err != nil {
		return NewCache()
	}
	c := DecodeCache(b, stamp)
	if c.baseID != "" {
		if d, err := mapped.File(DeltaPath(path)); err == nil {
			c.ApplyDelta(d, stamp)
		}
	}
	return c
}

// DecodeCache reads a base written with the same stamp; anything else (a
// missing, corrupt or stale cache) gives an empty one. The cache keeps
// strings that share b's memory: the caller must not change b afterwards.
func DecodeCache(b []byte, stamp string) *Cache {
	c := NewCache()
	d, ok := header(b, cacheMagic, stamp)
	if !ok {
		return c
	}
	id := d.str()
	files, ok := decodeEntries(d)
	if !ok || d.err != nil || len(d.b) != 0 {
		return c
	}
	c.files = files
	c.baseID = id
	c.base = make([]string, 0, len(files))
	for p := range files {
		c.base = append(c.base, p)
	}
	sort.Strings(c.base)
	return c
}

// ApplyDelta applies a delta written with stamp against this cache's
// base; a delta that is corrupt, stale or for another base changes
// nothing. Like DecodeCache, it keeps strings sharing b's memory.
func (c *Cache) ApplyDelta(b []byte, stamp string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d, ok := header(b, deltaMagic, stamp)
	if !ok || c.baseID == "" || d.str() != c.baseID || d.err != nil {
		return
	}
	files, ok := decodeEntries(d)
	if !ok {
		return
	}
	gone := d.strs()
	if d.err != nil || len(d.b) != 0 {
		return
	}
	for p, r := range files {
		c.files[p] = r
		c.moved[p] = true
	}
	for _, p := range gone {
		delete(c.files, p)
	}
}

// header checks b's magic string and stamp and returns a decoder past
// them.
func header(b []byte, magic, stamp string) (*decoder, bool) {
	if len(b) < len(magic) || string(b[:len(magic)]) != magic {
		return nil, false
	}
	body := b[len(magic):]
	d := &decoder{b: body}
	if len(body) > 0 {
		// The caller hands over b and never changes it: strings cut
		// from it need no copy (copying 90 MB at 20,000 clauses cost
		// over a second of page faults on this machine).
		d.all = unsafe.String(&body[0], len(body))
	}
	if d.str() != stamp || d.err != nil {
		return nil, false
	}
	return d, true
}

// decodeEntries reads what encodeEntries wrote.
func decodeEntries(d *decoder) (map[string]result, bool) {
	n := d.uvarint()
	if d.err != nil || n > uint64(len(d.b)) {
		return nil, false
	}
	files := make(map[string]result, n)
	for i := uint64(0); i < n; i++ {
		r := decodeClauseResult(d)
		if d.err != nil {
			return nil, false
		}
		files[r.Path] = r
	}
	size := d.uvarint()
	if d.err != nil || size > uint64(len(d.b)) {
		return nil, false
	}
	var rest []result
	if err := gob.NewDecoder(bytes.NewReader(d.b[:size])).Decode(&rest); err != nil {
		return nil, false
	}
	d.skip(int(size))
	for _, r := range rest {
		files[r.Path] = r
	}
	return files, true
}
