package write

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"io"
	"io/fs"
	"os"
	"slices"
	"sort"
	"strings"
	"unsafe"

	"github.com/clauseatlas/atlas/internal/mapped"
)

// The manifest file is a small binary format rather than gob: a fresh
// build process reads it before anything else, and at 120,000 outputs gob
// spent half a second on it. Layout, all integers as uvarints:
//
//	magic, version, fingerprint, count,
//	then per file, sorted by path: path, deps, key, sum (32 bytes), size,
//	mtime (zig-zag), group;
//	then the file's ID: the SHA-256 of all that.
//
// Strings are length-prefixed. A short, long or otherwise malformed file
// decodes as no manifest: a cold build, never a wrong one.
//
// A build that changed few outputs writes only a delta beside it (at
// 20,000 clauses the manifest is 17 MB; a one-record edit changes about
// twenty entries):
//
//	delta magic, version, the base's ID (32 bytes), fingerprint, count,
//	the entries changed or added since the base, sorted, as above;
//	count, the base's paths that are gone, sorted.
//
// A delta that is malformed or names another base is ignored. The base
// alone is then an older manifest, which costs work but never a wrong
// output: every file it lists is checked on disk before it is reused.
const (
	manifestMagic = "clause-atlas manifest\n"
	deltaMagic    = "clause-atlas manifest delta\n"
)

// manifestBase is what a manifest read from disk remembers of its base
// file, so that the next save can be a delta against it.
type manifestBase struct {
	id    [32]byte
	paths []string        // the base's own paths, sorted
	moved map[string]bool // paths the delta read with it changed or added
}

// DeltaPath is where the delta of the manifest at path lives.
func DeltaPath(path string) string { return path + ".delta" }

// InputsPath is where a build keeps the record of what it read from the
// site root (the inputs package), beside the manifest of output folder
// out, which it is only valid with.
func InputsPath(out string) string { return ManifestPath(out) + ".inputs" }

// ManifestSum identifies the manifest of output folder out as it is on
// disk, so that a record kept beside it can name the one manifest it is
// valid with: the base's ID (the hash that ends it) and the delta's bytes.
// It reads 32 bytes of the base, not all of it.
func ManifestSum(out string) ([32]byte, error) {
	p := ManifestPath(out)
	f, err := os.Open(p)
	if err != nil {
		return [32]byte{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return [32]byte{}, err
	}
	var id [32]byte
	if st.Size() < int64(len(manifestMagic)+len(id)) {
		return [32]byte{}, errManifest
	}
	if _, err := f.ReadAt(id[:], st.Size()-int64(len(id))); err != nil {
		return [32]byte{}, err
	}
	delta, err := os.ReadFile(DeltaPath(p))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return [32]byte{}, err
	}
	h := sha256.New()
	h.Write(id[:])
	h.Write(delta)
	var sum [32]byte
	h.Sum(sum[:0])
	return sum, nil
}

var errManifest = errors.New("write: malformed manifest")

// encodeManifest writes m as a base file.
func encodeManifest(w io.Writer, m Manifest) error {
	paths := make([]string, 0, len(m.Files))
	for p := range m.Files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	return encodeBase(w, m.Version, m.Fingerprint, len(paths), func(i int) (string, Entry) { return paths[i], m.Files[paths[i]] })
}

// encodeCold writes the manifest a cold build recorded (coldFiles) as a
// base file.
func encodeCold(w io.Writer, fingerprint string, c *coldFiles) error {
	order := c.sorted()
	return encodeBase(w, manifestVersion, fingerprint, len(order), func(i int) (string, Entry) {
		ce := c.at(int(order[i]))
		return ce.path, ce.e
	})
}

// encodeBase writes a base file of n entries, at(i) the ith in path
// order.
func encodeBase(w io.Writer, version int, fingerprint string, n int, at func(int) (string, Entry)) error {
	h := sha256.New()
	b := make([]byte, 0, 64*1024)
	b = append(b, manifestMagic...)
	b = binary.AppendUvarint(b, uint64(version))
	b = appendStr(b, fingerprint)
	b, err := appendEntries(w, h, b, n, at)
	if err != nil {
		return err
	}
	h.Write(b)
	_, err = w.Write(h.Sum(b))
	return err
}

// encodeDelta writes the entries of m at paths (sorted), and the paths
// gone (sorted), as a delta against base.
func encodeDelta(w io.Writer, m Manifest, base [32]byte, paths, gone []string) error {
	b := make([]byte, 0, 64*1024)
	b = append(b, deltaMagic...)
	b = binary.AppendUvarint(b, uint64(m.Version))
	b = append(b, base[:]...)
	b = appendStr(b, m.Fingerprint)
	b, err := appendEntries(w, io.Discard, b, len(paths), func(i int) (string, Entry) { return paths[i], m.Files[paths[i]] })
	if err != nil {
		return err
	}
	b = binary.AppendUvarint(b, uint64(len(gone)))
	for _, p := range gone {
		b = appendStr(b, p)
	}
	_, err = w.Write(b)
	return err
}

// appendEntries appends the count n and the entries at(0) to at(n-1) to
// b, writing full buffers to w and to h (which hashes the file).
func appendEntries(w, h io.Writer, b []byte, n int, at func(int) (string, Entry)) ([]byte, error) {
	b = binary.AppendUvarint(b, uint64(n))
	for i := range n {
		p, e := at(i)
		b = appendStr(b, p)
		b = binary.AppendUvarint(b, e.Deps)
		b = binary.AppendUvarint(b, e.Key)
		b = append(b, e.Sum[:]...)
		b = binary.AppendVarint(b, e.Size)
		b = binary.AppendVarint(b, e.ModTime)
		b = appendStr(b, e.Group)
		if len(b) >= 60*1024 {
			h.Write(b)
			if _, err := w.Write(b); err != nil {
				return nil, err
			}
			b = b[:0]
		}
	}
	return b, nil
}

func appendStr(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// list is a manifest as read from disk: its entries in path order, the
// order to stat them in (in random map order the same stats took 40%
// longer). The map a Writer looks entries up in is made from it only
// when a build needs one (Manifest).
type list struct {
	version     int
	fingerprint string
	paths       []string // sorted
	entries     []Entry  // entries[i] is that of paths[i]
	base        *manifestBase
}

// manifest makes the map of l.
func (l list) manifest() Manifest {
	if l.base == nil {
		return Manifest{}
	}
	files := make(map[string]Entry, len(l.paths))
	for i, p := range l.paths {
		files[p] = l.entries[i]
	}
	return Manifest{Version: l.version, Fingerprint: l.fingerprint, Files: files, base: l.base}
}

// decodeList parses a base manifest file held in s, with room for extra
// more entries (a delta's). Paths and groups are substrings of s: no
// allocation per entry.
func decodeList(s string, extra int) (list, error) {
	if !strings.HasPrefix(s, manifestMagic) || len(s) < len(manifestMagic)+32 {
		return list{}, errManifest
	}
	var id [32]byte
	copy(id[:], s[len(s)-32:])
	d := mdecoder{s: s[len(manifestMagic) : len(s)-32]}
	var l list
	l.version = int(d.uvarint())
	if l.version != manifestVersion {
		return list{}, errManifest
	}
	l.fingerprint = d.str()
	paths, entries, err := d.entries(extra)
	if err != nil || len(d.s) != 0 {
		return list{}, errManifest
	}
	l.paths, l.entries = paths, entries
	l.base = &manifestBase{id: id, paths: paths}
	return l, nil
}

// applyDelta applies the delta held in s to l, a base as read; a
// malformed delta, or one for another base, is an error and changes
// nothing.
func (l *list) applyDelta(s string) error {
	if l.base == nil || !strings.HasPrefix(s, deltaMagic) {
		return errManifest
	}
	d := mdecoder{s: s[len(deltaMagic):]}
	if int(d.uvarint()) != manifestVersion || d.err != nil || len(d.s) < 32 || d.s[:32] != string(l.base.id[:]) {
		return errManifest
	}
	d.s = d.s[32:]
	fingerprint := d.str()
	added, changed, err := d.entries(0)
	if err != nil {
		return err
	}
	n := d.uvarint()
	if d.err != nil || n > uint64(len(d.s)) {
		return errManifest
	}
	gone := make([]string, 0, n)
	for range n {
		p := d.str()
		if d.err != nil || !validPath(p) || len(gone) > 0 && p <= gone[len(gone)-1] {
			return errManifest
		}
		gone = append(gone, p)
	}
	if d.err != nil || len(d.s) != 0 {
		return errManifest
	}
	// The result is (base ∪ delta) − gone, the delta's entries winning.
	// The entries are changed in place, not copied: at 610,000 outputs a
	// new list cost 48 MB of fresh memory on every build after an edit.
	// The base's paths stay as they are (a later delta is made against
	// them); the result's paths are a new list when the delta adds or
	// removes any.
	var ins []int // the delta's paths the base lacks
	for j, p := range added {
		if i, found := slices.BinarySearch(l.paths, p); found {
			l.entries[i] = changed[j]
		} else if _, out := slices.BinarySearch(gone, p); !out {
			ins = append(ins, j)
		}
	}
	var drop []int // the base's paths gone
	for _, p := range gone {
		if i, found := slices.BinarySearch(l.paths, p); found {
			drop = append(drop, i)
		}
	}
	if len(ins) > 0 || len(drop) > 0 {
		l.paths, l.entries = merge(l.paths, l.entries, drop, added, changed, ins)
	}
	moved := make(map[string]bool, len(added))
	for _, p := range added {
		moved[p] = true
	}
	l.fingerprint = fingerprint
	l.base.moved = moved
	return nil
}

// merge returns paths less the indices in drop, with the delta's paths
// add[k] for k in ins (all absent from paths) in order, as a new list; and
// entries changed to match in place (grown only when they lack room).
// drop and ins are increasing.
func merge(paths []string, entries []Entry, drop []int, add []string, addEntries []Entry, ins []int) ([]string, []Entry) {
	// Drop, moving the rest forward.
	kept := len(paths) - len(drop)
	if len(drop) > 0 {
		w, k := drop[0], 0
		for r := drop[0]; r < len(paths); r++ {
			if k < len(drop) && drop[k] == r {
				k++
				continue
			}
			entries[w] = entries[r]
			w++
		}
	}
	total := kept + len(ins)
	if cap(entries) < total {
		grown := make([]Entry, kept, total)
		copy(grown, entries[:kept])
		entries = grown
	}
	entries = entries[:total]
	out := make([]string, 0, total)
	at := make([]int, len(ins)) // where each insert lands in out
	k, j := 0, 0
	for r := 0; r < len(paths) || j < len(ins); {
		if k < len(drop) && r < len(paths) && drop[k] == r {
			k, r = k+1, r+1
			continue
		}
		if j < len(ins) && (r == len(paths) || add[ins[j]] < paths[r]) {
			at[j] = len(out)
			out = append(out, add[ins[j]])
			j++
		} else {
			out = append(out, paths[r])
			r++
		}
	}
	// Insert from the back: the slot written is never one still to be
	// read, as the inserts still to place make up the gap.
	r, j := kept-1, len(ins)-1
	for w := total - 1; j >= 0; w-- {
		if w == at[j] {
			entries[w] = addEntries[ins[j]]
			j--
		} else {
			entries[w] = entries[r]
			r--
		}
	}
	return out, entries
}

// entries reads a count and as many entries, and returns their paths,
// which must be strictly increasing, and the entries in the same order,
// with room for extra more entries.
func (d *mdecoder) entries(extra int) ([]string, []Entry, error) {
	n := d.uvarint()
	// Each entry takes at least 36 bytes: a bound that stops a corrupt
	// count from allocating a huge list.
	if d.err != nil || n > uint64(len(d.s))/36 {
		return nil, nil, errManifest
	}
	paths := make([]string, 0, n)
	entries := make([]Entry, 0, int(n)+extra)
	groups := map[string]string{}
	for range n {
		p := d.str()
		var e Entry
		e.Deps = d.uvarint()
		e.Key = d.uvarint()
		if len(d.s) < 32 {
			return nil, nil, errManifest
		}
		copy(e.Sum[:], d.s[:32])
		d.s = d.s[32:]
		e.Size = d.varint()
		e.ModTime = d.varint()
		if g := d.str(); g != "" {
			// Many files share one group; keep one copy of its name.
			if k, ok := groups[g]; ok {
				g = k
			} else {
				groups[g] = g
			}
			e.Group = g
		}
		// Strictly increasing: no path twice, and the order is sorted.
		if d.err != nil || !validPath(p) || len(paths) > 0 && p <= paths[len(paths)-1] {
			return nil, nil, errManifest
		}
		paths = append(paths, p)
		entries = append(entries, e)
	}
	return paths, entries, nil
}

type mdecoder struct {
	s   string
	err error
}

func (d *mdecoder) uvarint() uint64 {
	var v uint64
	for i := 0; i < len(d.s) && i < binary.MaxVarintLen64; i++ {
		c := d.s[i]
		if i == binary.MaxVarintLen64-1 && c > 1 {
			break // overflows 64 bits
		}
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			d.s = d.s[i+1:]
			return v
		}
	}
	d.err, d.s = errManifest, ""
	return 0
}

func (d *mdecoder) varint() int64 {
	u := d.uvarint()
	v := int64(u >> 1)
	if u&1 != 0 {
		v = ^v
	}
	return v
}

func (d *mdecoder) str() string {
	n := d.uvarint()
	if n > uint64(len(d.s)) {
		d.err, d.s = errManifest, ""
		return ""
	}
	s := d.s[:n]
	d.s = d.s[n:]
	return s
}

// readList reads the manifest at p and its delta; a missing, corrupt or
// old one is empty.
func readList(p string) list {
	b, err := mapped.File(p)
	if err != nil || len(b) == 0 {
		return list{}
	}
	// The mappings are never changed (a new file replaces one by rename)
	// nor released, so the manifest's strings can point into them.
	var delta string
	if d, err := mapped.File(DeltaPath(p)); err == nil && len(d) > 0 {
		delta = unsafe.String(&d[0], len(d))
	}
	l, err := decodeList(unsafe.String(&b[0], len(b)), deltaLen(delta))
	if err != nil {
		return list{} // corrupt or old: a cold build, never a wrong one
	}
	if delta != "" {
		l.applyDelta(delta) // refused: the base alone
	}
	return l
}

// deltaLen returns how many entries the delta in s holds, 0 when it
// cannot tell: room the base's entries are decoded with, so that the
// delta is applied in place.
func deltaLen(s string) int {
	if !strings.HasPrefix(s, deltaMagic) {
		return 0
	}
	d := mdecoder{s: s[len(deltaMagic):]}
	d.uvarint() // version
	if d.err != nil || len(d.s) < 32 {
		return 0
	}
	d.s = d.s[32:]
	d.str() // fingerprint
	n := d.uvarint()
	if d.err != nil || n > uint64(len(d.s))/36 {
		return 0
	}
	return int(n)
}

// readManifest reads the manifest at p and its delta, and returns it with
// its paths sorted; a missing, corrupt or old one is empty.
func readManifest(p string) (Manifest, []string) {
	l := readList(p)
	return l.manifest(), l.paths
}
