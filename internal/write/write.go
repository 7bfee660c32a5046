// Package write is the only package that writes to disk. It owns the
// output folder: a build stages its files beside the output and swaps them
// in only when the whole build succeeded, so a failed build leaves the last
// good site untouched.
//
// Two modes:
//
//   - cold: no usable manifest (first build, deleted or corrupt manifest,
//     or one of an older layout). Every file is written into a fresh
//     staging folder, which then replaces the output folder in two renames.
//   - incremental: the manifest beside the output says what each file was
//     built from. Unchanged outputs are left alone; changed ones are staged
//     and renamed into place at commit; outputs no longer produced are
//     deleted. The manifest is replaced last, so an interrupted commit at
//     worst makes the next build redo some work, never skip it wrongly.
//     When the manifest was made under another fingerprint (generator,
//     base URL, static files), no key is trusted: every output is made
//     again, and only files whose bytes differ are written (rekeyed).
//
// The manifest lives beside the output (never inside it, so it is not
// published): for public/ it is .atlas-cache/public.manifest.
package write

import (
	"bufio"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// manifestVersion changes whenever the manifest's layout does.
const manifestVersion = 6

// Entry is what the manifest knows of one output file.
type Entry struct {
	Deps    uint64   // hash of the input files the output can depend on (0: none recorded)
	Key     uint64   // hash of everything the output was built from
	Sum     [32]byte // SHA-256 of its bytes
	Size    int64
	ModTime int64 // nanoseconds; with Size, says the file is as written
	// Group names a set of files made together (the search index): they
	// are skipped or rewritten together.
	Group string
}

// Manifest maps output paths (slash, relative to the output folder) to
// entries, for one build configuration.
type Manifest struct {
	Version     int
	Fingerprint string
	Files       map[string]Entry
	base        *manifestBase // read from disk: its base file, for a delta
}

// Stats counts what a build did to the output folder.
type Stats struct {
	Written, Unchanged, Skipped, Deleted int
	Bytes                                int64
	Cold                                 bool
	// Rekeyed: the last build's manifest came from another fingerprint.
	// Every output was computed again, but files whose bytes came out the
	// same were left alone.
	Rekeyed bool
}

// Writer stages one build's output.
type Writer struct {
	out, stage, cache string
	cold, trust       bool
	rekey             bool // the old manifest's keys are of another fingerprint
	old               Manifest
	fingerprint       string
	keep              *Manifest
	prev              *Previous // checks the old manifest's files ahead

	// During the build, outputs are recorded as changes to the old
	// manifest: at 100,000 outputs of which a few changed, building a new
	// map of them all cost more than the rest of a preview rebuild.
	mu      sync.Mutex
	changed map[string]Entry // outputs new to the manifest or whose entry differs (not cold)
	// touched lists the outputs of the old manifest recorded in this
	// build, each in its own slot (taken with kept, no lock); overflow
	// holds any past its length. When kept reaches the old manifest's
	// size, no old output is stale. Each output is recorded once (the
	// build refuses two outputs with one path).
	touched  []string
	kept     atomic.Int64
	overflow []string
	files    map[string]Entry // the new manifest, made at Commit; a cold build's is coldNew
	// coldNew records a cold build's outputs, in place of changed. Only
	// a session, which keeps its manifest in memory, makes a map of it.
	coldNew coldFiles
	// ownsOld: the old manifest's map was read for this Writer alone, so
	// Commit makes the new manifest in it rather than in a copy (at
	// 123,000 outputs, a copy cost more than the rest of Commit).
	ownsOld bool
	// same: the new manifest is the old one (no entry moved, none stale).
	same  bool
	stale []string // outputs of the old manifest this build did not produce
	// moved lists the outputs whose entry differs from the old
	// manifest's, for saving a delta.
	moved map[string]bool

	// flat lists the files an incremental build staged, by number.
	flat []stagedFile
	seq  atomic.Int64

	written, unchanged, skipped atomic.Int64
	bytes                       atomic.Int64

	// Row tables (see Stream): the last build's, read once when a
	// stream asks, and this build's, by path (under mu).
	rowsOnce sync.Once
	rowsOld  map[string]*rowTable
	rowsNew  map[string]*rowTable
}

// ManifestPath returns where the manifest of output folder out lives.
func ManifestPath(out string) string {
	abs := filepath.Clean(out)
	return filepath.Join(filepath.Dir(abs), ".atlas-cache", filepath.Base(abs)+".manifest")
}

// HasManifest reports, with one stat, whether a build into out left a
// manifest: whether the next build there may keep outputs, before the
// manifest is read.
func HasManifest(out string) bool {
	_, err := os.Stat(ManifestPath(out))
	return err == nil
}

// Options tune a Writer.
type Options struct {
	// Manifest, when set, is the manifest of the previous build kept in
	// memory by a long-running process; the file beside the output is then
	// not read. After Commit it holds this build's manifest.
	Manifest *Manifest
	// TrustOutput believes the manifest without a stat per file: for a
	// process that alone writes its output folder (the preview server).
	TrustOutput bool
	// Previous, when set, is the last build's manifest of this output
	// folder read ahead by ReadPrevious, with its check of the files on
	// disk; Manifest, if also set with files, wins.
	Previous *Previous
}

// Open starts a build into out. fingerprint identifies everything that is
// common to all outputs (for a site: the generator, the base URL and the
// static files); the keys of a manifest with another fingerprint are not
// trusted, though its record of each file's bytes still is (see
// Stats.Rekeyed).
func Open(out, fingerprint string) (*Writer, error) { return OpenWith(out, fingerprint, Options{}) }

// OpenWith is Open with options.
func OpenWith(out, fingerprint string, o Options) (*Writer, error) {
	out = filepath.Clean(out)
	if out == "." || out == "/" || out == "" {
		return nil, fmt.Errorf("write: refusing to use %q as the output folder", out)
	}
	w := &Writer{out: out, cache: ManifestPath(out), fingerprint: fingerprint, trust: o.TrustOutput, keep: o.Manifest, moved: map[string]bool{}}
	switch {
	case o.Manifest != nil && o.Manifest.Files != nil:
		w.old = *o.Manifest
	case o.Previous != nil && o.Previous.out == out:
		w.old, w.prev, w.ownsOld = o.Previous.manifest(), o.Previous, true
	default:
		w.old, _ = readManifest(w.cache)
		w.ownsOld = true
	}
	st, err := os.Stat(out)
	switch {
	case err == nil && !st.IsDir():
		return nil, fmt.Errorf("write: %s exists and is not a folder", out)
	case err != nil || w.old.Files == nil:
		w.cold = true
	case w.old.Fingerprint != fingerprint:
		// The generator or what every output shares changed, so no key
		// can be trusted. The files and their sums still can: most
		// outputs come out byte for byte the same, and replacing only
		// the others beats rewriting and deleting the whole tree.
		w.rekey = true
	}
	if w.cold {
		o.Previous.Stop() // nothing will be kept: no file needs checking
	} else {
		w.changed = map[string]Entry{}
		w.touched = make([]string, len(w.old.Files))
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return nil, err
	}
	stage, err := os.MkdirTemp(filepath.Dir(out), "."+filepath.Base(out)+".staging-")
	if err != nil {
		return nil, fmt.Errorf("write: %w", err)
	}
	w.stage = stage
	return w, nil
}

// Cold reports whether this build rewrites everything.
func (w *Writer) Cold() bool { return w.cold }

// Rekeyed reports whether the last build's keys are of another
// fingerprint, so that every output is made again.
func (w *Writer) Rekeyed() bool { return w.rekey }

// Fresh reports whether path was built last time from inputs with the
// dependency key deps and the file is still as written then: the caller
// may skip even computing what the output would be.
func (w *Writer) Fresh(path string, deps uint64) bool {
	if w.cold || w.rekey || deps == 0 {
		return false
	}
	e, ok := w.old.Files[path]
	if !ok || e.Deps != deps || !w.intact(path, e) {
		return false
	}
	w.recordKept(path, e, true)
	w.skipped.Add(1)
	return true
}

// FreshGroup reports whether every file of group was built last time from
// inputs with the dependency key deps and is intact; it then keeps them
// all. A group with no files is never fresh.
func (w *Writer) FreshGroup(group string, deps uint64) bool {
	if w.cold || w.rekey || deps == 0 {
		return false
	}
	var paths []string
	for p, e := range w.old.Files {
		if e.Group != group {
			continue
		}
		if e.Deps != deps || !w.intact(p, e) {
			return false
		}
		paths = append(paths, p)
	}
	if len(paths) == 0 {
		return false
	}
	for _, p := range paths {
		w.recordKept(p, w.old.Files[p], true)
	}
	w.skipped.Add(int64(len(paths)))
	return true
}

// SetGroup tags an output just written or found unchanged in this build
// as part of group.
func (w *Writer) SetGroup(path, group string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.cold {
		if ce, ok := w.coldNew.find(path); ok {
			ce.e.Group = group
		}
		return
	}
	if e, ok := w.entryLocked(path); ok && e.Group != group {
		e.Group = group
		w.setLocked(path, e)
	}
}

// Unchanged reports whether path was built from key last time and the file
// is still as written then. The caller may then skip rendering it. deps
// is recorded for the next build.
func (w *Writer) Unchanged(path string, key, deps uint64) bool {
	if w.cold || w.rekey {
		return false
	}
	e, ok := w.old.Files[path]
	if !ok || e.Key != key || !w.intact(path, e) {
		return false
	}
	same := e.Deps == deps
	e.Deps = deps
	w.recordKept(path, e, same)
	w.skipped.Add(1)
	return true
}

// intact says the file at path is as the manifest describes it. With
// TrustOutput (a long-running process that alone writes its output
// folder), the manifest is believed without a stat per file.
func (w *Writer) intact(path string, e Entry) bool {
	if w.trust {
		return true
	}
	if w.prev != nil {
		return w.prev.intact(path, e)
	}
	return statMatches(filepath.Join(w.out, filepath.FromSlash(path)), e)
}

// Write stages the bytes of path, built from key (and inputs with the
// dependency key deps). In an incremental build, bytes identical to the
// current file are not written again. Write keeps no reference to data:
// the caller may reuse it once Write returns.
func (w *Writer) Write(path string, key, deps uint64, data []byte) error {
	if !validPath(path) {
		return fmt.Errorf("write: invalid output path %q", path)
	}
	sum := sha256.Sum256(data)
	old := false
	if !w.cold {
		e, ok := w.old.Files[path]
		if ok && e.Sum == sum && e.Size == int64(len(data)) && w.intact(path, e) {
			same := e.Key == key && e.Deps == deps
			e.Key, e.Deps = key, deps
			w.recordKept(path, e, same)
			w.unchanged.Add(1)
			return nil
		}
		old = ok
	}
	dst := w.stagePath(path)
	var size, mtime int64
	err := w.createStaged(dst, func() (err error) {
		size, mtime, err = create(dst, data)
		return err
	})
	if err != nil {
		return fmt.Errorf("write: %w", err)
	}
	w.staged(path, dst)
	e := Entry{Key: key, Deps: deps, Sum: sum, Size: size, ModTime: mtime}
	if old {
		w.recordKept(path, e, false)
	} else {
		w.record(path, e)
	}
	w.written.Add(1)
	w.bytes.Add(int64(len(data)))
	return nil
}

// WriteStream stages a file produced by fn, for outputs too large to hold
// in memory. Like Write, identical bytes leave the current file alone.
// Rows fn writes with Stream.Row may be copied from the current file.
func (w *Writer) WriteStream(path string, key uint64, fn func(*Stream) error) error {
	if !validPath(path) {
		return fmt.Errorf("write: invalid output path %q", path)
	}
	dst := w.stagePath(path)
	var f *os.File
	err := w.createStaged(dst, func() (err error) {
		f, err = os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
		return err
	})
	if err != nil {
		return fmt.Errorf("write: %w", err)
	}
	h := sha256.New()
	bw := bufio.NewWriterSize(io.MultiWriter(f, h), 256<<10)
	s := &Stream{bw: bw, old: w.openRows(path)}
	err = fn(s)
	s.old.close()
	if err == nil {
		err = bw.Flush()
	}
	size, mtime, err := closeStat(f, err)
	if err != nil {
		os.Remove(dst)
		return fmt.Errorf("write %s: %w", path, err)
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	if len(s.table.keys) > 0 {
		s.table.sum, s.table.size = sum, size
		w.mu.Lock()
		if w.rowsNew == nil {
			w.rowsNew = map[string]*rowTable{}
		}
		w.rowsNew[path] = &s.table
		w.mu.Unlock()
	}
	old := false
	if !w.cold {
		e, ok := w.old.Files[path]
		if ok && e.Sum == sum && e.Size == s.n && w.intact(path, e) {
			os.Remove(dst)
			same := e.Key == key && e.Deps == 0
			e.Key, e.Deps = key, 0
			w.recordKept(path, e, same)
			w.unchanged.Add(1)
			return nil
		}
		old = ok
	}
	w.staged(path, dst)
	if e := (Entry{Key: key, Sum: sum, Size: size, ModTime: mtime}); old {
		w.recordKept(path, e, false)
	} else {
		w.record(path, e)
	}
	w.written.Add(1)
	w.bytes.Add(s.n)
	return nil
}

// closeStat closes f, written with the error err, and returns its size
// and modification time as intact later compares them.
func closeStat(f *os.File, err error) (size, mtime int64, _ error) {
	var st os.FileInfo
	if err == nil {
		st, err = f.Stat()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, 0, err
	}
	return st.Size(), st.ModTime().UnixNano(), nil
}

// Sum returns the SHA-256 and size of an output of this build, once it has
// been written or found unchanged.
// It is for outputs that run once all others are done.
func (w *Writer) Sum(path string) ([32]byte, int64, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	e, ok := w.entryLocked(path)
	return e.Sum, e.Size, ok
}

// entryLocked is path's entry as this build has recorded it so far: a
// change, or else the old manifest's.
func (w *Writer) entryLocked(path string) (Entry, bool) {
	if w.cold {
		return w.coldNew.get(path)
	}
	if e, ok := w.changed[path]; ok {
		return e, ok
	}
	e, ok := w.old.Files[path]
	return e, ok
}

// record records an output the old manifest does not list.
func (w *Writer) record(path string, e Entry) {
	w.mu.Lock()
	w.setLocked(path, e)
	w.mu.Unlock()
}

// recordKept records an output that the old manifest lists too; same says
// its entry is the old one unchanged.
func (w *Writer) recordKept(path string, e Entry, same bool) {
	if i := w.kept.Add(1) - 1; i < int64(len(w.touched)) {
		w.touched[i] = path
	} else {
		w.mu.Lock()
		w.overflow = append(w.overflow, path)
		w.mu.Unlock()
	}
	if same {
		return // most outputs: nothing to record but that they were made
	}
	w.mu.Lock()
	w.setLocked(path, e)
	w.mu.Unlock()
}

func (w *Writer) setLocked(path string, e Entry) {
	if w.cold {
		w.coldNew.add(path, e)
		return
	}
	if o, ok := w.old.Files[path]; !ok || o != e {
		w.moved[path] = true
	}
	w.changed[path] = e
}

// staleLocked lists, sorted, the old outputs this build did not record.
func (w *Writer) staleLocked() {
	kept := int(w.kept.Load())
	if w.cold || kept == len(w.old.Files) {
		return
	}
	seen := make(map[string]bool, kept)
	for _, p := range append(w.touched[:min(kept, len(w.touched))], w.overflow...) {
		seen[p] = true
	}
	for p := range w.old.Files {
		if !seen[p] {
			w.stale = append(w.stale, p)
		}
	}
	sort.Strings(w.stale)
}

// manifestLocked makes the new manifest: the old one with the recorded
// changes, less the stale outputs. Call it once, after staleLocked; the
// old manifest's map is not to be read after it.
func (w *Writer) manifestLocked() {
	w.same = !w.cold && len(w.moved) == 0 && len(w.stale) == 0
	switch {
	case w.cold:
		if w.keep != nil {
			order := w.coldNew.sorted()
			w.files = make(map[string]Entry, len(order))
			for _, i := range order {
				ce := w.coldNew.at(int(i))
				w.files[ce.path] = ce.e
			}
			w.coldNew = coldFiles{}
		}
	case w.same:
		w.files = w.old.Files
	case w.ownsOld:
		w.files = w.old.Files
		w.old.Files = nil
	default:
		w.files = maps.Clone(w.old.Files)
	}
	if !w.cold && !w.same {
		for p, e := range w.changed {
			w.files[p] = e
		}
		for _, p := range w.stale {
			delete(w.files, p)
		}
	}
	w.changed = nil
}

// stagePath returns where path is staged. A cold build stages the whole
// tree, which becomes the output folder. An incremental build stages each
// file flat under a number and renames it into place at commit: it makes
// a few dozen files in a tree of thousands of folders, and creating,
// walking and removing a copy of their folders cost more system calls
// than writing the files.
//
// A cold build makes a staged file's folders only when creating the file
// finds them missing: one failed open per new folder, and nothing to
// remember. The map of folders made it replaces held about 45 MB near the
// end of a cold build of 100,000 clauses (203,000 folders).
func (w *Writer) stagePath(path string) string {
	if w.cold {
		return filepath.Join(w.stage, filepath.FromSlash(path))
	}
	return filepath.Join(w.stage, strconv.FormatInt(w.seq.Add(1), 10))
}

// staged records, in an incremental build, that path is staged at dst.
func (w *Writer) staged(path, dst string) {
	if w.cold {
		return
	}
	w.mu.Lock()
	w.flat = append(w.flat, stagedFile{path, dst})
	w.mu.Unlock()
}

type stagedFile struct{ path, at string }

// createStaged runs open, which creates the staged file dst. In a cold
// build, when dst's folder is missing, it makes the folder and runs open
// again.
func (w *Writer) createStaged(dst string, open func() error) error {
	err := open()
	if err != nil && w.cold && errors.Is(err, fs.ErrNotExist) {
		if err = w.mkdir(filepath.Dir(dst)); err == nil {
			err = open()
		}
	}
	return err
}

// mkdir creates a staging folder and its missing parents: one mkdir call
// per new folder and no stat calls, which matters when a build creates
// tens of thousands of them. Another worker may make the same folder at
// the same time; finding it made is success.
func (w *Writer) mkdir(dir string) error {
	if dir == w.stage {
		return nil
	}
	err := os.Mkdir(dir, 0o755)
	if errors.Is(err, fs.ErrNotExist) {
		if err = w.mkdir(filepath.Dir(dir)); err == nil {
			err = os.Mkdir(dir, 0o755)
		}
	}
	if err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	return nil
}

func validPath(p string) bool {
	if p == "" || strings.HasPrefix(p, "/") || strings.Contains(p, "\\") {
		return false
	}
	for part := range strings.SplitSeq(p, "/") {
		if part == "" || part == "." || part == ".." {
			return false
		}
	}
	return true
}

// Abort discards everything staged; the output folder is untouched.
func (w *Writer) Abort() {
	if w.stage != "" {
		os.RemoveAll(w.stage)
		w.stage = ""
	}
}

// Commit makes the staged build the output. Outputs of the previous build
// that this build did not produce are deleted.
func (w *Writer) Commit() (Stats, error) {
	w.mu.Lock()
	w.staleLocked()
	w.manifestLocked()
	w.touched, w.overflow = nil, nil
	w.mu.Unlock()
	s := Stats{Written: int(w.written.Load()), Unchanged: int(w.unchanged.Load()), Skipped: int(w.skipped.Load()), Bytes: w.bytes.Load(), Cold: w.cold, Rekeyed: w.rekey}
	if w.cold {
		if _, err := os.Stat(w.out); err == nil {
			s.Deleted = countStale(w.out, w.newEntry)
			trash := w.stage + ".old"
			if err := os.Rename(w.out, trash); err != nil {
				w.Abort()
				return s, fmt.Errorf("write: %w", err)
			}
			if err := os.Rename(w.stage, w.out); err != nil {
				os.Rename(trash, w.out) // put the last good site back
				w.Abort()
				return s, fmt.Errorf("write: %w", err)
			}
			os.RemoveAll(trash)
		} else if err := os.Rename(w.stage, w.out); err != nil {
			w.Abort()
			return s, fmt.Errorf("write: %w", err)
		}
		w.stage = ""
		return s, w.saveAll()
	}
	// Incremental: move staged files into place, then prune.
	sort.Slice(w.flat, func(i, j int) bool { return w.flat[i].path < w.flat[j].path })
	for _, f := range w.flat {
		dst := filepath.Join(w.out, filepath.FromSlash(f.path))
		if w.trust {
			// ext4 (auto_da_alloc) starts writing a file's data out when
			// it is renamed over another, to spare it being empty after a
			// crash: 18–20 ms of a preview rebuild's 47 renames at 20,000
			// clauses, against 1–1.5 ms with the old file removed first.
			// The preview's folder is its own, served under the lock this
			// build holds, and a later process checks each file's size
			// and time against the manifest before it trusts it.
			os.Remove(dst)
		}
		if err := place(f.at, dst); err != nil {
			return s, fmt.Errorf("write: %w", err)
		}
	}
	w.flat = nil
	for _, p := range w.stale {
		full := filepath.Join(w.out, filepath.FromSlash(p))
		if err := os.Remove(full); err == nil || errors.Is(err, fs.ErrNotExist) {
			s.Deleted++
			removeEmptyParents(w.out, filepath.Dir(full))
		}
	}
	os.RemoveAll(w.stage)
	w.stage = ""
	return s, w.saveAll()
}

// place renames a staged file to dst. Most outputs replace a file of the
// same name, which one rename does; a new folder, or a folder where the
// file now goes, is dealt with when that rename fails.
func place(staged, dst string) error {
	if os.Rename(staged, dst) == nil {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	if st, err := os.Lstat(dst); err == nil && st.IsDir() {
		os.RemoveAll(dst)
	}
	return os.Rename(staged, dst)
}

// newEntry looks path up in the new manifest, once Commit has made it.
func (w *Writer) newEntry(path string) (Entry, bool) {
	if w.files == nil && w.cold {
		return w.coldNew.get(path)
	}
	e, ok := w.files[path]
	return e, ok
}

// countStale counts files in the old output that the new build lacks.
func countStale(out string, newEntry func(string) (Entry, bool)) int {
	n := 0
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(out, p)
			if _, ok := newEntry(filepath.ToSlash(rel)); !ok {
				n++
			}
		}
		return nil
	})
	return n
}

func removeEmptyParents(root, dir string) {
	for dir != root && strings.HasPrefix(dir, root) {
		if err := os.Remove(dir); err != nil {
			return
		}
		dir = filepath.Dir(dir)
	}
}

// saveAll keeps the manifest, then the row tables it vouches for.
func (w *Writer) saveAll() error {
	if err := w.saveManifest(); err != nil {
		return err
	}
	if err := w.saveRows(); err != nil {
		return fmt.Errorf("write: row tables: %w", err)
	}
	return nil
}

func (w *Writer) saveManifest() error {
	m := Manifest{Version: manifestVersion, Fingerprint: w.fingerprint, Files: w.files}
	if w.keep != nil {
		*w.keep = m
		if w.trust {
			// A long-running process keeps the manifest in memory. The
			// file on disk, from its first build, may then fall behind;
			// a later process reads it without trusting it, so every
			// file it lists is checked against the disk before reuse.
			return nil
		}
	}
	// A file written means an entry changed; only a build that wrote
	// nothing needs the comparison.
	if w.same && w.written.Load() == 0 && w.old.Fingerprint == w.fingerprint {
		return nil // a no-change build: the file on disk already says this
	}
	if paths, gone, ok := w.delta(); ok {
		err := FileStream(DeltaPath(w.cache), func(out io.Writer) error { return encodeDelta(out, m, w.old.base.id, paths, gone) })
		if err != nil {
			return fmt.Errorf("write: manifest: %w", err)
		}
		return nil
	}
	err := FileStream(w.cache, func(out io.Writer) error {
		if m.Files == nil && w.cold {
			return encodeCold(out, w.fingerprint, &w.coldNew)
		}
		return encodeManifest(out, m)
	})
	if err == nil {
		err = Remove(DeltaPath(w.cache)) // it was for the old base
	}
	if err != nil {
		return fmt.Errorf("write: manifest: %w", err)
	}
	return nil
}

// delta returns, when a delta against the base file read will do, the
// paths whose entries it must hold and the base's paths that are gone:
// everything that differs from the base, not only from the last build.
// It will do when at most an eighth of the base's entries differ.
func (w *Writer) delta() (paths, gone []string, ok bool) {
	b := w.old.base
	if b == nil || w.cold || w.rekey || w.old.Fingerprint != w.fingerprint {
		return nil, nil, false
	}
	limit := len(b.paths) / 8
	if len(b.moved)+len(w.moved) > 2*limit+16 {
		return nil, nil, false // surely too many; spare the scan
	}
	for _, p := range b.paths {
		if _, ok := w.files[p]; !ok {
			gone = append(gone, p)
		}
	}
	for p := range b.moved {
		if _, ok := w.files[p]; ok {
			paths = append(paths, p)
		}
	}
	for p := range w.moved {
		if _, ok := w.files[p]; ok && !b.moved[p] {
			paths = append(paths, p)
		}
	}
	if len(paths)+len(gone) > limit {
		return nil, nil, false
	}
	sort.Strings(paths)
	return paths, gone, true
}

// FileStream writes one file atomically from fn, without holding it in
// memory.
func FileStream(path string, fn func(io.Writer) error) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-")
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(tmp, 1<<20)
	err = fn(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// File writes one file atomically (a temporary file renamed into place).
// It is for files outside the output folder that the build keeps: the
// manifest, the URL ledger.
func File(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Remove deletes a file the build kept outside the output folder; one
// already gone is no error.
func Remove(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// Tree writes a set of new files under root (a generated atlas, a
// scaffolded record), refusing to overwrite any existing file unless
// overwrite is set.
func Tree(root string, files map[string][]byte, overwrite bool) error {
	var paths []string
	for p := range files {
		if !validPath(p) {
			return fmt.Errorf("write: invalid path %q", p)
		}
		paths = append(paths, p)
	}
	sort.Strings(paths)
	if !overwrite {
		for _, p := range paths {
			if _, err := os.Lstat(filepath.Join(root, filepath.FromSlash(p))); err == nil {
				return fmt.Errorf("%s already exists", filepath.Join(root, filepath.FromSlash(p)))
			}
		}
	}
	for _, p := range paths {
		if err := File(filepath.Join(root, filepath.FromSlash(p)), files[p]); err != nil {
			return err
		}
	}
	return nil
}

// NewTree returns a function that writes new files under root one at a
// time, for generated trees too large to hold in memory. It refuses to
// write into a root that already holds files.
func NewTree(root string) (func(path string, data []byte) error, error) {
	if entries, err := os.ReadDir(root); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("%s is not empty", root)
	}
	made := map[string]bool{}
	return func(p string, data []byte) error {
		if !validPath(p) {
			return fmt.Errorf("write: invalid path %q", p)
		}
		full := filepath.Join(root, filepath.FromSlash(p))
		if dir := filepath.Dir(full); !made[dir] {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			made[dir] = true
		}
		f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		if _, err := f.Write(data); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}, nil
}
