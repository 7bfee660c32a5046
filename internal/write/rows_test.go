package write

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// rowsBuild writes table.csv as a header and one row per key (row i of
// version v is "row i vV"), then commits. It returns the rows copied
// from the last build's file and the file's bytes.
func rowsBuild(t *testing.T, out, fp string, keys []uint64, version map[uint64]int) (reused int, got string) {
	t.Helper()
	w, err := Open(out, fp)
	if err != nil {
		t.Fatal(err)
	}
	err = w.WriteStream("data/table.csv", 1, func(s *Stream) error {
		io.WriteString(s, "header\n")
		for _, k := range keys {
			err := s.Row(k, func(dst []byte) []byte {
				return fmt.Appendf(dst, "row %d v%d %s\n", k, version[k], strings.Repeat("x", int(k%7)*300))
			})
			if err != nil {
				return err
			}
		}
		reused = s.Reused()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(out, "data/table.csv"))
	if err != nil {
		t.Fatal(err)
	}
	return reused, string(b)
}

// wantRows is what rowsBuild writes when every row is made.
func wantRows(keys []uint64, version map[uint64]int) string {
	var b strings.Builder
	b.WriteString("header\n")
	for _, k := range keys {
		fmt.Fprintf(&b, "row %d v%d %s\n", k, version[k], strings.Repeat("x", int(k%7)*300))
	}
	return b.String()
}

func TestStreamRows(t *testing.T) {
	var keys []uint64
	for k := uint64(1); k <= 2000; k++ {
		keys = append(keys, k*7919)
	}
	v := map[uint64]int{}
	tests := []struct {
		name   string
		before func(out string) // after the first build
		keys   []uint64
		edit   []uint64 // keys whose rows change (and so their keys)
		fp     string
		reused int
	}{
		{name: "nothing changed", keys: keys, fp: "fp", reused: 2000},
		{name: "three rows changed", keys: keys, edit: []uint64{keys[0], keys[999], keys[1999]}, fp: "fp", reused: 1997},
		{name: "rows added, dropped and reordered", keys: slices.Concat([]uint64{5}, keys[1500:], keys[10:1000], []uint64{3}), fp: "fp", reused: 1490},
		{name: "a row with no key", keys: []uint64{keys[0], 0, keys[1]}, fp: "fp", reused: 2},
		{name: "the generator changed", keys: keys, fp: "fp2", reused: 0},
		{name: "the file was touched", keys: keys, fp: "fp", reused: 0, before: func(out string) {
			f := filepath.Join(out, "data/table.csv")
			later := time.Now().Add(time.Hour)
			os.Chtimes(f, later, later)
		}},
		{name: "the file was replaced", keys: keys, fp: "fp", reused: 0, before: func(out string) {
			os.WriteFile(filepath.Join(out, "data/table.csv"), []byte("other"), 0o644)
		}},
		{name: "the row tables are corrupt", keys: keys, fp: "fp", reused: 0, before: func(out string) {
			b, _ := os.ReadFile(RowsPath(out))
			os.WriteFile(RowsPath(out), b[:len(b)/2], 0o644)
		}},
		{name: "the row tables are gone", keys: keys, fp: "fp", reused: 0, before: func(out string) {
			os.Remove(RowsPath(out))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			if n, got := rowsBuild(t, out, "fp", keys, v); n != 0 || got != wantRows(keys, v) {
				t.Fatalf("cold build: reused %d rows, bytes right %v", n, got == wantRows(keys, v))
			}
			if tt.before != nil {
				tt.before(out)
			}
			v2 := map[uint64]int{}
			ks := slices.Clone(tt.keys)
			for i, k := range ks {
				if slices.Contains(tt.edit, k) {
					ks[i] = k + 1 // an edited row has a new key
					v2[k+1] = 2
				}
			}
			n, got := rowsBuild(t, out, tt.fp, ks, v2)
			if want := wantRows(ks, v2); got != want {
				t.Errorf("bytes differ from a build that makes every row (%d against %d bytes)", len(got), len(want))
			}
			if n != tt.reused {
				t.Errorf("reused %d rows, want %d", n, tt.reused)
			}
			// The tables saved describe the new file: a third build
			// copies every keyed row of it.
			if n, got := rowsBuild(t, out, tt.fp, ks, v2); got != wantRows(ks, v2) || n != countKeyed(ks) {
				t.Errorf("third build: reused %d rows, want %d; bytes right %v", n, countKeyed(ks), got == wantRows(ks, v2))
			}
		})
	}
}

func countKeyed(keys []uint64) int {
	n := 0
	for _, k := range keys {
		if k != 0 {
			n++
		}
	}
	return n
}

// TestRowsKeptWhenNotRewritten: a build that does not write the file
// (its key is unchanged) keeps the file's row tables for the next one.
func TestRowsKeptWhenNotRewritten(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	keys := []uint64{11, 22, 33}
	rowsBuild(t, out, "fp", keys, nil)
	w, _ := Open(out, "fp")
	if !w.Unchanged("data/table.csv", 1, 0) {
		t.Fatal("the file is not unchanged")
	}
	w.Write("other.html", 5, 0, []byte("new"))
	if _, err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	if n, _ := rowsBuild(t, out, "fp", keys, nil); n != 3 {
		t.Errorf("reused %d rows after a build that kept the file, want 3", n)
	}
}

func TestRowsRoundTrip(t *testing.T) {
	tables := map[string]*rowTable{
		"data/a.json": {sum: [32]byte{1}, size: 100, keys: []uint64{9, 3, 1 << 63}, offs: []int64{10, 0, 50}, lens: []int64{40, 10, 50}},
		"data/b.csv":  {sum: [32]byte{2}, size: 0},
	}
	got, err := decodeRows(encodeRows(tables))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(tables) {
		t.Fatalf("%d tables, want %d", len(got), len(tables))
	}
	for p, want := range tables {
		g := got[p]
		if g == nil || g.sum != want.sum || g.size != want.size || !slices.Equal(g.keys, want.keys) || !slices.Equal(g.offs, want.offs) || !slices.Equal(g.lens, want.lens) {
			t.Errorf("%s: %+v, want %+v", p, g, want)
		}
	}
	bad := []*rowTable{
		{size: 10, keys: []uint64{1}, offs: []int64{5}, lens: []int64{6}},  // past the end
		{size: 10, keys: []uint64{1}, offs: []int64{11}, lens: []int64{0}}, // starts past it
	}
	for _, b := range bad {
		if _, err := decodeRows(encodeRows(map[string]*rowTable{"x": b})); err == nil {
			t.Errorf("decoded a row outside its file: %+v", b)
		}
	}
}

func FuzzDecodeRows(f *testing.F) {
	f.Add(encodeRows(map[string]*rowTable{"data/a.json": {size: 100, keys: []uint64{9, 3}, offs: []int64{10, 0}, lens: []int64{40, 10}}}))
	f.Add([]byte(rowsMagic))
	f.Add([]byte("nonsense"))
	f.Fuzz(func(t *testing.T, b []byte) {
		tables, err := decodeRows(b)
		if err != nil {
			return
		}
		for p, tb := range tables {
			if !validPath(p) || len(tb.keys) != len(tb.offs) || len(tb.keys) != len(tb.lens) {
				t.Fatalf("%s: malformed table %+v", p, tb)
			}
			for i := range tb.keys {
				if tb.offs[i] < 0 || tb.lens[i] < 0 || tb.offs[i]+tb.lens[i] > tb.size {
					t.Fatalf("%s: row %d at %d+%d outside %d bytes", p, i, tb.offs[i], tb.lens[i], tb.size)
				}
			}
		}
		again, err := decodeRows(encodeRows(tables))
		if err != nil || len(again) != len(tables) {
			t.Fatalf("re-encoded tables do not decode: %v", err)
		}
	})
}
