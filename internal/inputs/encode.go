package inputs

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"unsafe"
)

// magic starts every encoded record; it changes with the layout.
const magic = "clause-atlas inputs 1\n"

// Encode lays out the record after key and meta, opaque to this package:
// key says what else the build depended on (the caller compares it),
// meta is what the caller wants back (its report).
func (rec Record) Encode(key string, meta []byte) []byte {
	// Sized up front: grown by append, the buffer for 20,000 records
	// was copied a dozen times.
	n := len(magic) + len(key) + len(meta) + 3*binary.MaxVarintLen64
	for i, p := range rec.paths {
		n += len(p) + 1 + 4*binary.MaxVarintLen64 + len(rec.obs[i].list)
	}
	b := make([]byte, 0, n)
	b = append(b, magic...)
	b = appendBytes(b, key)
	b = appendBytes(b, meta)
	b = binary.AppendUvarint(b, uint64(len(rec.paths)))
	for i, p := range rec.paths {
		o := rec.obs[i]
		b = appendBytes(b, p)
		b = append(b, o.kind)
		switch o.kind {
		case kindFile, kindSum:
			b = binary.AppendUvarint(b, uint64(o.size))
			b = binary.AppendUvarint(b, uint64(o.mtime)) // two's complement: exact
			b = binary.AppendUvarint(b, uint64(o.mode))
		}
		if o.kind == kindDir || o.kind == kindSum {
			b = append(b, o.list[:]...)
		}
	}
	return b
}

func appendBytes[S ~string | ~[]byte](b []byte, s S) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

var errCorrupt = errors.New("inputs: corrupt record")

// Decode reads what Encode wrote. Anything else is an error, never a
// record: paths must be valid, distinct and in order. The record's paths
// point into b, not copies: b must not change afterwards (a file mapped
// for good, as the manifest's is, and replaced only by rename).
func Decode(b []byte) (key string, meta []byte, rec Record, err error) {
	if !strings.HasPrefix(string(b), magic) {
		return "", nil, Record{}, errCorrupt
	}
	d := decoder{b: b[len(magic):]}
	key = string(d.bytes())
	meta = d.bytes()
	n := d.uvarint()
	if d.err != nil || n > uint64(len(d.b)) { // each path takes at least a byte
		return "", nil, Record{}, errCorrupt
	}
	rec = Record{paths: make([]string, 0, n), obs: make([]obs, 0, n)}
	for range n {
		p := ""
		if b := d.bytes(); len(b) > 0 {
			p = unsafe.String(&b[0], len(b))
		}
		var o obs
		o.kind = d.byte()
		switch o.kind {
		case kindFile, kindSum:
			size := d.uvarint()
			o.mtime = int64(d.uvarint())
			mode := d.uvarint()
			if size > 1<<62 || mode > 1<<32-1 {
				d.err = errCorrupt
			}
			o.size, o.mode = int64(size), uint32(mode)
		case kindDir, kindAbsent, kindIsDir:
		default:
			d.err = errCorrupt // kindRacy is never recorded
		}
		if o.kind == kindDir || o.kind == kindSum {
			copy(o.list[:], d.take(32))
		}
		if d.err != nil || !fs.ValidPath(p) || (len(rec.paths) > 0 && rec.paths[len(rec.paths)-1] >= p) {
			return "", nil, Record{}, errCorrupt
		}
		rec.paths = append(rec.paths, p)
		rec.obs = append(rec.obs, o)
	}
	if len(d.b) != 0 {
		return "", nil, Record{}, fmt.Errorf("%w: %d bytes after the end", errCorrupt, len(d.b))
	}
	return key, meta, rec, nil
}

type decoder struct {
	b   []byte
	err error
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errCorrupt
		d.b = nil
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) take(n uint64) []byte {
	if d.err != nil || n > uint64(len(d.b)) {
		d.err = errCorrupt
		d.b = nil
		return nil
	}
	s := d.b[:n:n]
	d.b = d.b[n:]
	return s
}

func (d *decoder) bytes() []byte { return d.take(d.uvarint()) }

func (d *decoder) byte() byte {
	s := d.take(1)
	if s == nil {
		return 0
	}
	return s[0]
}
