package write

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
)

// A streamed output may be made of rows, each with a key that covers
// everything its bytes are made from (publish's atlas.json and
// clauses.csv: a row per clause). The Writer keeps, beside the manifest,
// where each row of such a file lies; the next build copies a row whose
// key is unchanged from the file on disk instead of making it again. At
// 20,000 clauses an edit otherwise encoded 115 MB of downloads anew.

// RowsPath returns where the row tables of output folder out live.
func RowsPath(out string) string { return ManifestPath(out) + ".rows" }

const rowsMagic = "clause-atlas rows 1\n"

// rowTable says where the rows of one file, with that file's sum and
// size, lie: row i is key keys[i] at [offs[i], offs[i]+lens[i]).
type rowTable struct {
	sum  [32]byte
	size int64
	keys []uint64
	offs []int64
	lens []int64
}

// Stream is what WriteStream's fn writes an output with: bytes, and rows
// a build may copy from the last build's file.
type Stream struct {
	bw     *bufio.Writer // to the staged file and the hash
	n      int64
	old    *oldRows // nil: every row is made
	table  rowTable
	buf    []byte
	reused int
}

// Write adds bytes that are not a row.
func (s *Stream) Write(p []byte) (int, error) {
	n, err := s.bw.Write(p)
	s.n += int64(n)
	return n, err
}

// Row adds a row: the bytes of the last build's row with key, or else
// those make appends to dst. Key 0 is no key: the row is always made.
func (s *Stream) Row(key uint64, make func(dst []byte) []byte) error {
	start := s.n
	b, ok := s.old.get(key)
	if ok {
		s.reused++
	} else {
		s.buf = make(s.buf[:0])
		b = s.buf
	}
	if _, err := s.Write(b); err != nil {
		return err
	}
	if key != 0 {
		s.table.keys = append(s.table.keys, key)
		s.table.offs = append(s.table.offs, start)
		s.table.lens = append(s.table.lens, s.n-start)
	}
	return nil
}

// Reused reports how many rows were copied from the last build's file.
func (s *Stream) Reused() int { return s.reused }

// oldRows reads rows from the last build's file, through a window that
// moves forward as rows come in the order they were written.
type oldRows struct {
	f      *os.File
	at     map[uint64]int // key → row of t
	t      *rowTable
	win    []byte
	winOff int64
}

const rowWindow = 1 << 20

func (o *oldRows) get(key uint64) ([]byte, bool) {
	if o == nil || key == 0 {
		return nil, false
	}
	i, ok := o.at[key]
	if !ok {
		return nil, false
	}
	off, n := o.t.offs[i], o.t.lens[i]
	if off < o.winOff || off+n > o.winOff+int64(len(o.win)) {
		size := max(n, rowWindow)
		size = min(size, o.t.size-off)
		if cap(o.win) < int(size) {
			o.win = make([]byte, size)
		}
		o.win = o.win[:size]
		if _, err := o.f.ReadAt(o.win, off); err != nil {
			o.win = o.win[:0]
			return nil, false // made again instead
		}
		o.winOff = off
	}
	return o.win[off-o.winOff : off-o.winOff+n], true
}

func (o *oldRows) close() {
	if o != nil {
		o.f.Close()
	}
}

// openRows returns the rows of path's current file, when the last build
// left a table for it and the file is as that build wrote it.
func (w *Writer) openRows(path string) *oldRows {
	if w.cold || w.rekey {
		return nil
	}
	w.rowsOnce.Do(w.readRows)
	t := w.rowsOld[path]
	if t == nil {
		return nil
	}
	e, ok := w.old.Files[path] // changed only by Commit, as Fresh reads it
	if !ok || e.Sum != t.sum || e.Size != t.size || !w.intact(path, e) {
		return nil
	}
	f, err := os.Open(filepath.Join(w.out, filepath.FromSlash(path)))
	if err != nil {
		return nil
	}
	if st, err := f.Stat(); err != nil || st.Size() != t.size {
		f.Close()
		return nil
	}
	at := make(map[uint64]int, len(t.keys))
	for i, k := range t.keys {
		at[k] = i
	}
	return &oldRows{f: f, at: at, t: t}
}

func (w *Writer) readRows() {
	b, err := os.ReadFile(RowsPath(w.out))
	if err != nil {
		return
	}
	w.rowsOld, _ = decodeRows(b)
}

// saveRows keeps the row tables of the new manifest's files: this
// build's, and the last build's for files it left as they were.
func (w *Writer) saveRows() error {
	if w.keep != nil && w.trust {
		return nil // a session's file on disk may be behind; see saveManifest
	}
	if !w.cold && !w.rekey {
		w.rowsOnce.Do(w.readRows)
	}
	if len(w.rowsNew) == 0 && len(w.rowsOld) == 0 {
		return nil
	}
	tables := map[string]*rowTable{}
	for p, t := range w.rowsNew {
		if e, ok := w.newEntry(p); ok && e.Sum == t.sum {
			tables[p] = t
		}
	}
	kept := 0
	for p, t := range w.rowsOld {
		if _, ok := tables[p]; ok {
			continue
		}
		if e, ok := w.newEntry(p); ok && e.Sum == t.sum && e.Size == t.size {
			tables[p] = t
			kept++
		}
	}
	if len(w.rowsNew) == 0 && kept == len(w.rowsOld) {
		return nil // the file on disk says this already
	}
	if len(tables) == 0 {
		return Remove(RowsPath(w.out))
	}
	return FileStream(RowsPath(w.out), func(o io.Writer) error {
		_, err := o.Write(encodeRows(tables))
		return err
	})
}

// encodeRows lays out tables by path: each path, its file's sum and
// size, and its rows as key, offset gap and length.
func encodeRows(tables map[string]*rowTable) []byte {
	paths := make([]string, 0, len(tables))
	for p := range tables {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	b := []byte(rowsMagic)
	b = binary.AppendUvarint(b, uint64(len(paths)))
	for _, p := range paths {
		t := tables[p]
		b = appendStr(b, p)
		b = append(b, t.sum[:]...)
		b = binary.AppendUvarint(b, uint64(t.size))
		b = binary.AppendUvarint(b, uint64(len(t.keys)))
		var end int64
		for i, k := range t.keys {
			b = binary.LittleEndian.AppendUint64(b, k)
			b = binary.AppendVarint(b, t.offs[i]-end)
			b = binary.AppendUvarint(b, uint64(t.lens[i]))
			end = t.offs[i] + t.lens[i]
		}
	}
	return b
}

var errRows = errors.New("write: corrupt row tables")

// decodeRows reads what encodeRows wrote; anything else is an error.
// Every row lies within its file.
func decodeRows(b []byte) (map[string]*rowTable, error) {
	if len(b) < len(rowsMagic) || string(b[:len(rowsMagic)]) != rowsMagic {
		return nil, errRows
	}
	b = b[len(rowsMagic):]
	uv := func() (uint64, bool) {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			return 0, false
		}
		b = b[n:]
		return v, true
	}
	np, ok := uv()
	if !ok || np > uint64(len(b)) {
		return nil, errRows
	}
	tables := make(map[string]*rowTable, np)
	last := ""
	for range np {
		n, ok := uv()
		if !ok || n > uint64(len(b)) {
			return nil, errRows
		}
		p := string(b[:n])
		b = b[n:]
		if p <= last && len(tables) > 0 || !validPath(p) {
			return nil, errRows
		}
		last = p
		t := &rowTable{}
		if len(b) < len(t.sum) {
			return nil, errRows
		}
		copy(t.sum[:], b)
		b = b[len(t.sum):]
		size, ok := uv()
		if !ok || size > 1<<62 {
			return nil, errRows
		}
		t.size = int64(size)
		nr, ok := uv()
		if !ok || nr > uint64(len(b))/10 { // a row takes at least 10 bytes
			return nil, errRows
		}
		t.keys = make([]uint64, 0, nr)
		t.offs = make([]int64, 0, nr)
		t.lens = make([]int64, 0, nr)
		var end int64
		for range nr {
			if len(b) < 8 {
				return nil, errRows
			}
			k := binary.LittleEndian.Uint64(b)
			b = b[8:]
			gap, n := binary.Varint(b)
			if n <= 0 {
				return nil, errRows
			}
			b = b[n:]
			l, ok := uv()
			off := end + gap
			if !ok || off < 0 || off > t.size || l > uint64(t.size-off) {
				return nil, errRows
			}
			t.keys = append(t.keys, k)
			t.offs = append(t.offs, off)
			t.lens = append(t.lens, int64(l))
			end = off + int64(l)
		}
		tables[p] = t
	}
	if len(b) != 0 {
		return nil, errRows
	}
	return tables, nil
}
