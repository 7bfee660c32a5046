// Package inputs records what a build reads from the site root (each
// file's size and modification time, each folder's listing, each path
// found missing) and later tells whether all of it is still the same. A
// build of the same generator over the same inputs gives the same site,
// so when nothing it read has changed and its output is intact, there is
// nothing to build.
//
// Times are trusted as git's index trusts them: a file modified within
// RacyWindow of being recorded could be modified again within the clock's
// granularity without its time changing. Such a file's record also keeps
// the hash of the bytes read, and checking it means reading it again; a
// racy file that was only stat'ed, never read, leaves the record unable
// to vouch for anything.
package inputs

import (
	"crypto/sha256"
	"errors"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// RacyWindow is how long before recording a file must have been modified
// for its time to be trusted.
const RacyWindow = 3 * time.Second

// Kinds of observation.
const (
	kindFile   = 1
	kindDir    = 2 // a folder and its listing
	kindAbsent = 3
	kindIsDir  = 4 // a folder stat'ed but not listed
	kindRacy   = 5 // a file modified moments ago, until it is read
	kindSum    = 6 // a racy file read: its time, size and bytes' hash
)

// obs is what was seen at one path.
type obs struct {
	kind  byte
	size  int64    // file
	mtime int64    // file, in nanoseconds
	mode  uint32   // file: its type bits
	list  [32]byte // folder: hash of its listing; kindSum: of its bytes
}

// Recorder is a file system that records what is read through it. It is
// safe for concurrent use.
type Recorder struct {
	fsys fs.FS
	now  func() time.Time

	mu   sync.Mutex
	seen map[string]obs
	bad  string // why the record cannot vouch; "" when it can
}

// NewRecorder records reads of fsys.
func NewRecorder(fsys fs.FS) *Recorder {
	return &Recorder{fsys: fsys, now: time.Now, seen: map[string]obs{}}
}

// Open opens name, recording it as a file or a folder.
func (r *Recorder) Open(name string) (fs.File, error) {
	if !r.observed(name) {
		r.observe(name)
	}
	return r.fsys.Open(name)
}

// Stat stats name, recording what it found.
func (r *Recorder) Stat(name string) (fs.FileInfo, error) {
	st, err := fs.Stat(r.fsys, name)
	r.note(name, st, err)
	return st, err
}

// ReadFile reads name. Its size and time are taken before it is read, so
// a change while it is read shows as a change next time.
func (r *Recorder) ReadFile(name string) ([]byte, error) {
	if !r.observed(name) {
		r.Stat(name)
	}
	b, err := fs.ReadFile(r.fsys, name)
	if err == nil {
		r.read(name, b)
	}
	return b, err
}

// read notes the bytes read of name: a racy file's record keeps their
// hash.
func (r *Recorder) read(name string, b []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	o, ok := r.seen[name]
	switch {
	case ok && o.kind == kindRacy:
		o.kind, o.list = kindSum, sha256.Sum256(b)
		r.seen[name] = o
	case ok && o.kind == kindSum && o.list != sha256.Sum256(b):
		if r.bad == "" {
			r.bad = name + " changed while it was read"
		}
	}
}

// ReadDir lists folder name, recording its entries' names and types.
func (r *Recorder) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(r.fsys, name)
	switch {
	case err == nil:
		r.put(name, obs{kind: kindDir, list: listing(entries)})
	case errors.Is(err, fs.ErrNotExist):
		r.put(name, obs{kind: kindAbsent})
	default:
		r.fail("cannot list " + name + ": " + err.Error())
	}
	return entries, err
}

func (r *Recorder) observed(name string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	_, ok := r.seen[name]
	return ok
}

// observe records name as whatever it is now: a folder's listing, or a
// file's size and time.
func (r *Recorder) observe(name string) {
	st, err := fs.Stat(r.fsys, name)
	if err == nil && st.IsDir() {
		r.ReadDir(name)
		return
	}
	r.note(name, st, err)
}

func (r *Recorder) note(name string, st fs.FileInfo, err error) {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		r.put(name, obs{kind: kindAbsent})
	case err != nil:
		r.fail("cannot stat " + name + ": " + err.Error())
	case st.IsDir():
		// Stat'ed, not (yet) listed: the first step of a walk.
		r.put(name, obs{kind: kindIsDir})
	case st.ModTime().IsZero():
		r.fail(name + " has no modification time")
	default:
		o := obs{kind: kindFile, size: st.Size(), mtime: st.ModTime().UnixNano(), mode: uint32(st.Mode().Type())}
		if r.now().Sub(st.ModTime()) < RacyWindow {
			o.kind = kindRacy
		}
		r.put(name, o)
	}
}

func (r *Recorder) put(name string, o obs) {
	r.mu.Lock()
	defer r.mu.Unlock()
	old, ok := r.seen[name]
	switch {
	case ok && old.kind == kindDir && o.kind == kindIsDir:
		return // the listing says more
	case ok && old.kind == kindIsDir && o.kind == kindDir:
		ok = false // now listed
	case ok && old.kind == kindSum && o.kind == kindRacy:
		old.kind = kindRacy // the same stat again; the hash says more
		if old == o {
			return
		}
	}
	if ok && old != o {
		// Seen twice, differently: it changed during the build.
		if r.bad == "" {
			r.bad = name + " changed while it was read"
		}
		return
	}
	r.seen[name] = o
}

func (r *Recorder) fail(why string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.bad == "" {
		r.bad = why
	}
}

// Record returns what was read, or, when the record cannot vouch for it
// (a racy time, a file changed while read, a read error), why not.
func (r *Recorder) Record() (Record, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.bad != "" {
		return Record{}, errors.New(r.bad)
	}
	for p, o := range r.seen {
		if o.kind == kindRacy {
			return Record{}, errors.New(p + " was modified too recently to trust its time, and not read")
		}
	}
	rec := Record{paths: make([]string, 0, len(r.seen)), obs: make([]obs, 0, len(r.seen))}
	for p := range r.seen {
		rec.paths = append(rec.paths, p)
	}
	sort.Strings(rec.paths)
	for _, p := range rec.paths {
		rec.obs = append(rec.obs, r.seen[p])
	}
	return rec, nil
}

// Record is what one build read, in path order.
type Record struct {
	paths []string
	obs   []obs
}

// Len is the number of paths recorded.
func (rec Record) Len() int { return len(rec.paths) }

// Settle returns the record with the files whose bytes it checks by hash
// (modified moments before they were recorded) trusted by time alone once
// they are older than RacyWindow at now, and whether it changed any.
// Settle a record only just after Same found it true (or Changes found
// nothing): a file as recorded, bytes and all, whose time is that old
// can no longer change unseen.
func (rec Record) Settle(now time.Time) (Record, bool) {
	var out Record
	for i, o := range rec.obs {
		if o.kind != kindSum || now.Sub(time.Unix(0, o.mtime)) < RacyWindow {
			continue
		}
		if out.obs == nil {
			out = Record{paths: rec.paths, obs: slices.Clone(rec.obs)}
		}
		out.obs[i] = obs{kind: kindFile, size: o.size, mtime: o.mtime, mode: o.mode}
	}
	if out.obs == nil {
		return rec, false
	}
	return out, true
}

// Same reports whether every path of the record is still as recorded in
// fsys. It looks at them on every core: a record holds every record file
// of the atlas.
func (rec Record) Same(fsys fs.FS) bool {
	changed, ok := rec.Changes(fsys)
	return ok && len(changed) == 0
}

// Changes compares every path of the record with fsys and says what
// differs: the recorded files whose size, time or type bits differ (or,
// for those it checks by their bytes, whose bytes differ), in path order;
// and whether those are all that differ. It is false when a folder's
// listing changed, a path recorded missing appeared, or a recorded file
// is gone or is no longer a regular file: what a build finds only by
// walking the folders again.
//
// The checks run on every core, each worker taking one range of paths,
// so the changed files come out in order; a change that is not a file's
// stops every worker.
func (rec Record) Changes(fsys fs.FS) (changed []string, ok bool) {
	if len(rec.paths) == 0 {
		return nil, false // nothing read: not a build's record
	}
	workers := min(runtime.GOMAXPROCS(0), 8)
	var (
		wg    sync.WaitGroup
		stop  atomic.Bool // set with other: every worker stops
		other atomic.Bool // a change that is not a file's bytes
	)
	chunk := (len(rec.paths) + workers - 1) / workers
	found := make([][]string, workers)
	for w, lo := 0, 0; lo < len(rec.paths); w, lo = w+1, lo+chunk {
		hi := min(lo+chunk, len(rec.paths))
		wg.Go(func() {
			var buf []byte
			for i := lo; i < hi && !stop.Load(); i++ {
				o := rec.obs[i]
				if o.kind != kindFile && o.kind != kindSum {
					if !still(fsys, rec.paths[i], o, &buf) {
						other.Store(true)
						stop.Store(true)
					}
					continue
				}
				switch fileState(fsys, rec.paths[i], o, &buf) {
				case fileSame:
					continue
				case fileGone:
					other.Store(true)
					stop.Store(true)
					continue
				}
				found[w] = append(found[w], rec.paths[i])
			}
		})
	}
	wg.Wait()
	if other.Load() {
		return nil, false
	}
	for _, f := range found {
		changed = append(changed, f...)
	}
	return changed, true
}

const (
	fileSame = iota
	fileChanged
	fileGone // gone, or no longer a regular file
)

// fileState compares a recorded file's size, time and type bits; a file
// recorded by its bytes' hash counts as changed unless they are the same.
func fileState(fsys fs.FS, name string, o obs, buf *[]byte) int {
	size, mtime, regular, err := fileStat(fsys, name, buf)
	if err != nil || !regular {
		return fileGone
	}
	// A regular file's type bits are none: a record of anything else
	// differs.
	if size != o.size || mtime != o.mtime || o.mode != 0 {
		return fileChanged
	}
	if o.kind == kindSum {
		b, err := fs.ReadFile(fsys, name)
		if err != nil || sha256.Sum256(b) != o.list {
			return fileChanged
		}
	}
	return fileSame
}

// Wrote returns the record with the file name as the build itself left
// it, having written data to it after reading the site root: the next
// build then finds the file as recorded, bytes and all, instead of
// changed. The file must be there with data's size; its folder's listing,
// if recorded, must be the recorded one, with or without the file. Else
// Wrote returns rec and false, and the next build sees a change.
func (rec Record) Wrote(fsys fs.FS, name string, data []byte) (Record, bool) {
	var buf []byte
	size, mtime, regular, err := fileStat(fsys, name, &buf)
	if err != nil || !regular || size != int64(len(data)) || mtime == 0 {
		return rec, false
	}
	dir := path.Dir(name)
	// The paths are shared until one is added: a record holds every
	// record file of the atlas.
	out := Record{paths: rec.paths, obs: slices.Clone(rec.obs)}
	if i, ok := slices.BinarySearch(out.paths, dir); ok && out.obs[i].kind == kindDir {
		entries, err := fs.ReadDir(fsys, dir)
		if err != nil {
			return rec, false
		}
		without := slices.DeleteFunc(slices.Clone(entries), func(e fs.DirEntry) bool { return e.Name() == path.Base(name) })
		now := listing(entries)
		if out.obs[i].list != now && out.obs[i].list != listing(without) {
			return rec, false // the folder changed otherwise
		}
		out.obs[i].list = now
	}
	// The bytes' hash, as for a file read moments after it was modified:
	// a write after this one, within the clock's granularity, could keep
	// the size and time.
	o := obs{kind: kindSum, size: size, mtime: mtime, list: sha256.Sum256(data)}
	if i, ok := slices.BinarySearch(out.paths, name); ok {
		out.obs[i] = o
	} else {
		out.paths = slices.Insert(slices.Clone(out.paths), i, name)
		out.obs = slices.Insert(out.obs, i, o)
	}
	return out, true
}

// Files returns the recorded paths that were files, in path order.
func (rec Record) Files() []string {
	return rec.pathsOf(func(o obs) bool { return o.kind == kindFile || o.kind == kindSum })
}

// Racy returns the files the record checks by their bytes, modified
// moments before they were recorded, in path order.
func (rec Record) Racy() []string {
	return rec.pathsOf(func(o obs) bool { return o.kind == kindSum })
}

func (rec Record) pathsOf(keep func(obs) bool) []string {
	var paths []string
	for i, o := range rec.obs {
		if keep(o) {
			paths = append(paths, rec.paths[i])
		}
	}
	return paths
}

// Carry records every path of rec but those in skip as seen as they were:
// for a build that has just found them so with Changes and will not look
// at them again. Call it before the build reads anything. Skip what the
// build will read again: the files changed, and the racy files, whose
// record the new one makes afresh.
func (r *Recorder) Carry(rec Record, skip map[string]bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, p := range rec.paths {
		if skip[p] {
			continue
		}
		if _, ok := r.seen[p]; !ok {
			r.seen[p] = rec.obs[i]
		}
	}
}

func still(fsys fs.FS, name string, o obs, buf *[]byte) bool {
	switch o.kind {
	case kindDir:
		entries, err := fs.ReadDir(fsys, name)
		return err == nil && listing(entries) == o.list
	case kindAbsent:
		_, err := fs.Stat(fsys, name)
		return errors.Is(err, fs.ErrNotExist)
	case kindIsDir:
		st, err := fs.Stat(fsys, name)
		return err == nil && st.IsDir()
	case kindFile, kindSum:
		return fileState(fsys, name, o, buf) == fileSame
	}
	return false
}

// listing hashes a folder's entries: names and types, in name order (as
// fs.ReadDir returns them).
func listing(entries []fs.DirEntry) [32]byte {
	h := sha256.New()
	var b []byte
	for _, e := range entries {
		b = append(b[:0], e.Name()...)
		t := uint32(e.Type())
		b = append(b, 0, byte(t>>24), byte(t>>16), byte(t>>8), byte(t))
		h.Write(b)
	}
	var s [32]byte
	h.Sum(s[:0])
	return s
}
