package write

import (
	"encoding/binary"
	"errors"
	"io"
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
//	mtime (zig-zag), group.
//
// Strings are length-prefixed. A short, long or otherwise malformed file
// decodes as no manifest: a cold build, never a wrong one.
const manifestMagic = "clause-atlas manifest\n"

var errManifest = errors.New("write: malformed manifest")

func encodeManifest(w io.Writer, m Manifest) error {
	paths := make([]string, 0, len(m.Files))
	for p := range m.Files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	b := make([]byte, 0, 64*1024)
	b = append(b, manifestMagic...)
	b = binary.AppendUvarint(b, uint64(m.Version))
	b = appendStr(b, m.Fingerprint)
	b = binary.AppendUvarint(b, uint64(len(paths)))
	for _, p := range paths {
		e := m.Files[p]
		b = appendStr(b, p)
		b = binary.AppendUvarint(b, e.Deps)
		b = binary.AppendUvarint(b, e.Key)
		b = append(b, e.Sum[:]...)
		b = binary.AppendVarint(b, e.Size)
		b = binary.AppendVarint(b, e.ModTime)
		b = appendStr(b, e.Group)
		if len(b) >= 60*1024 {
			if _, err := w.Write(b); err != nil {
				return err
			}
			b = b[:0]
		}
	}
	_, err := w.Write(b)
	return err
}

func appendStr(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// decodeManifest parses a manifest file held in s, and returns its paths
// in their order in the file: sorted, which is the order to stat them in
// (in random map order the same stats took 40% longer). Paths and groups
// are substrings of s, so the map costs no allocation per entry beyond
// its own.
func decodeManifest(s string) (Manifest, []string, error) {
	if !strings.HasPrefix(s, manifestMagic) {
		return Manifest{}, nil, errManifest
	}
	d := mdecoder{s: s[len(manifestMagic):]}
	var m Manifest
	m.Version = int(d.uvarint())
	if m.Version != manifestVersion {
		return Manifest{}, nil, errManifest
	}
	m.Fingerprint = d.str()
	n := d.uvarint()
	// Each entry takes at least 36 bytes: a bound that stops a corrupt
	// count from allocating a huge map.
	if d.err != nil || n > uint64(len(d.s))/36 {
		return Manifest{}, nil, errManifest
	}
	m.Files = make(map[string]Entry, n)
	paths := make([]string, 0, n)
	groups := map[string]string{}
	for i := uint64(0); i < n; i++ {
		p := d.str()
		var e Entry
		e.Deps = d.uvarint()
		e.Key = d.uvarint()
		if len(d.s) < 32 {
			return Manifest{}, nil, errManifest
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
			return Manifest{}, nil, errManifest
		}
		m.Files[p] = e
		paths = append(paths, p)
	}
	if d.err != nil || len(d.s) != 0 {
		return Manifest{}, nil, errManifest
	}
	return m, paths, nil
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

// readManifest reads the manifest at p, and its paths sorted; a missing,
// corrupt or old one is empty.
func readManifest(p string) (Manifest, []string) {
	b, err := mapped.File(p)
	if err != nil || len(b) == 0 {
		return Manifest{}, nil
	}
	// The mapping is never changed (a new manifest replaces the file by
	// rename) nor released, so the manifest's strings can point into it.
	m, paths, err := decodeManifest(unsafe.String(&b[0], len(b)))
	if err != nil {
		return Manifest{}, nil // corrupt or old: a cold build, never a wrong one
	}
	return m, paths
}
