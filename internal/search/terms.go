package search

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"

	"github.com/clauseatlas/atlas/internal/render"
)

// TermCache is the analysed text of an index's documents, kept from one build
// to the next: each document's field lengths and its terms' counts per
// field, under a hash of its text. Given the last build's TermCache, a build
// analyses only the documents whose text changed; after a summary edit at
// 20,000 clauses the analysis was 0.33 of the index's 0.6 CPU-seconds,
// and the index was most of what the build waited for. Impacts are not
// kept: they depend on the average field lengths over all documents.
//
// On disk (BuildTerms): a magic line, the stamp (the generator's ID:
// another analysis means other terms), the term dictionary, then one
// record per distinct text: its key, field lengths, and entries of
// (term, fields present, counts).
type TermCache struct {
	dict []string
	docs map[uint64]int // text key → offset of its lengths in data
	data []byte
}

const termsMagic = "clause-atlas search terms 1\n"

// An entry's fields are one byte's bits.
const _ = uint8(1<<nFields - 1)

// DecodeTermCache reads what BuildTerms returned under stamp. Anything else (a
// damaged file, another stamp) is an error, and the build analyses every
// document.
func DecodeTermCache(b []byte, stamp string) (*TermCache, error) {
	r := termsReader{b: b}
	if !bytes.HasPrefix(b, []byte(termsMagic)) {
		return nil, errors.New("search terms: not a terms file")
	}
	r.i = len(termsMagic)
	if s := r.bytes(); r.err != nil || string(s) != stamp {
		return nil, errors.New("search terms: made by another generator")
	}
	t := &TermCache{data: b}
	n := r.count(1)
	t.dict = make([]string, 0, n)
	for range n {
		t.dict = append(t.dict, string(r.bytes()))
	}
	docs := r.count(8 + nFields + 1)
	t.docs = make(map[uint64]int, docs)
	for range docs {
		if r.err != nil {
			break
		}
		if r.i+8 > len(b) {
			r.err = errShort
			break
		}
		key := binary.LittleEndian.Uint64(b[r.i:])
		r.i += 8
		off := r.i
		for range nFields {
			r.u16()
		}
		for range r.count(2) {
			if r.uvarint() >= uint64(len(t.dict)) {
				r.fail("term out of range")
			}
			mask := r.byte()
			if mask == 0 {
				r.fail("an entry with no field")
			}
			for range bitsSet(mask) {
				if r.u16() == 0 {
					r.fail("zero count")
				}
			}
		}
		if _, dup := t.docs[key]; dup {
			r.fail("a text twice")
		}
		t.docs[key] = off
	}
	if r.err == nil && r.i != len(b) {
		r.fail("trailing bytes")
	}
	if r.err != nil {
		return nil, r.err
	}
	return t, nil
}

// Len is the number of texts t holds.
func (t *TermCache) Len() int {
	if t == nil {
		return 0
	}
	return len(t.docs)
}

// lookup returns where the analysis of the text with key starts.
func (t *TermCache) lookup(key uint64) (int, bool) {
	if t == nil {
		return 0, false
	}
	off, ok := t.docs[key]
	return off, ok
}

// lens reads the field lengths at off.
func (t *TermCache) lens(off int) (l [nFields]uint16) {
	r := termsReader{b: t.data, i: off}
	for f := range nFields {
		l[f] = r.u16()
	}
	return l
}

// entries appends the terms and counts at off (DecodeTermCache checked them).
func (t *TermCache) entries(off int, out []termImpact) []termImpact {
	r := termsReader{b: t.data, i: off}
	for range nFields {
		r.u16()
	}
	for range r.count(2) {
		e := termImpact{term: t.dict[r.uvarint()]}
		mask := r.byte()
		for f := range nFields {
			if mask&(1<<f) != 0 {
				e.tf[f] = r.u16()
			}
		}
		out = append(out, e)
	}
	return out
}

// textKey is the key of a document's analysed text: its fields, each
// with its length (render.Key), as the outputs' keys are made.
func textKey(text *[nFields]string) uint64 {
	k := render.NewKey()
	for _, s := range text {
		k.Str(s)
	}
	return k.Done()
}

// termsWriter encodes a build's TermCache as documents are merged, in
// document order; a text met before is not written again. Terms are
// numbered as the builder numbers its posting lists.
type termsWriter struct {
	stamp string
	dict  []string // term of each number
	seen  map[uint64]bool
	docs  int
	body  []byte
}

func newTermsWriter(stamp string) *termsWriter {
	return &termsWriter{stamp: stamp, seen: map[uint64]bool{}}
}

// doc starts the record of a document's text with n terms, and reports
// whether its entries are to follow (false: the text is written already).
func (w *termsWriter) doc(key uint64, lens *[nFields]uint16, n int) bool {
	if w.seen[key] {
		return false
	}
	w.seen[key] = true
	w.docs++
	w.body = binary.LittleEndian.AppendUint64(w.body, key)
	for _, l := range lens {
		w.body = binary.AppendUvarint(w.body, uint64(l))
	}
	w.body = binary.AppendUvarint(w.body, uint64(n))
	return true
}

// entry adds the term numbered id with its counts to the record doc began.
func (w *termsWriter) entry(id uint32, tf *[nFields]uint16) {
	w.body = binary.AppendUvarint(w.body, uint64(id))
	var mask byte
	for f, c := range tf {
		if c > 0 {
			mask |= 1 << f
		}
	}
	w.body = append(w.body, mask)
	for _, c := range tf {
		if c > 0 {
			w.body = binary.AppendUvarint(w.body, uint64(c))
		}
	}
}

// bytes returns the encoding.
func (w *termsWriter) bytes() []byte {
	if w == nil {
		return nil
	}
	size := len(termsMagic) + 10 + len(w.stamp) + 10 + len(w.body) + 10
	for _, t := range w.dict {
		size += len(t) + 2
	}
	b := make([]byte, 0, size)
	b = append(b, termsMagic...)
	b = binary.AppendUvarint(b, uint64(len(w.stamp)))
	b = append(b, w.stamp...)
	b = binary.AppendUvarint(b, uint64(len(w.dict)))
	for _, t := range w.dict {
		b = binary.AppendUvarint(b, uint64(len(t)))
		b = append(b, t...)
	}
	b = binary.AppendUvarint(b, uint64(w.docs))
	return append(b, w.body...)
}

var errShort = errors.New("search terms: cut short")

// termsReader reads the encoding; the first problem sticks in err and
// every later read returns zero.
type termsReader struct {
	b   []byte
	i   int
	err error
}

func (r *termsReader) fail(msg string) {
	if r.err == nil {
		r.err = errors.New("search terms: " + msg)
	}
	r.i = len(r.b)
}

func (r *termsReader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b[r.i:])
	if n <= 0 {
		r.err = errShort
		r.i = len(r.b)
		return 0
	}
	r.i += n
	return v
}

func (r *termsReader) u16() uint16 {
	v := r.uvarint()
	if v > math.MaxUint16 {
		r.fail("count out of range")
		return 0
	}
	return uint16(v)
}

func (r *termsReader) byte() byte {
	if r.err != nil || r.i >= len(r.b) {
		r.err = errShort
		return 0
	}
	c := r.b[r.i]
	r.i++
	return c
}

// count reads a count of items of at least min bytes each, and rejects
// one the rest of the input cannot hold.
func (r *termsReader) count(min int) int {
	n := r.uvarint()
	if r.err == nil && n > uint64(len(r.b)-r.i)/uint64(min) {
		r.fail("count out of range")
		return 0
	}
	return int(n)
}

func (r *termsReader) bytes() []byte {
	n := r.count(1)
	if r.err != nil {
		return nil
	}
	s := r.b[r.i : r.i+n]
	r.i += n
	return s
}

func bitsSet(m byte) int {
	n := 0
	for ; m != 0; m &= m - 1 {
		n++
	}
	return n
}
