package write

import (
	"bytes"
	"fmt"
	"testing"
)

// TestColdFiles records entries as a cold build does and looks them up
// at each point a build does: right after writing (a group's files), and
// once everything is written (Sum), with later records after that. Its
// manifest file has the bytes a map of the same entries gives.
func TestColdFiles(t *testing.T) {
	tests := []struct {
		name string
		n    int // entries recorded
		dup  int // every dup-th path is recorded again, later, with another key
	}{
		{"empty", 0, 0},
		{"one", 1, 0},
		{"fewer than the recent ones", 40, 0},
		{"several blocks", 2*coldBlock + 77, 0},
		{"recorded twice", 3000, 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c coldFiles
			want := map[string]Entry{}
			path := func(i int) string { return fmt.Sprintf("p/%d/%d/index.html", (i*7919)%97, i) }
			for i := range tt.n {
				e := Entry{Key: uint64(i), Size: int64(i), Sum: [32]byte{byte(i)}}
				c.add(path(i), e)
				want[path(i)] = e
				// what was just written is found, as SetGroup needs
				if ce, ok := c.find(path(i)); !ok || ce.e != e {
					t.Fatalf("just recorded %s: %v %v", path(i), ce, ok)
				}
			}
			if tt.dup > 0 {
				for i := 0; i < tt.n; i += tt.dup {
					e := Entry{Key: uint64(i) + 1<<40, Group: "again"}
					c.add(path(i), e)
					want[path(i)] = e
				}
			}
			check := func(when string) {
				t.Helper()
				for p, e := range want {
					if ce, ok := c.find(p); !ok || ce.e != e {
						t.Fatalf("%s: %s = %+v %v, want %+v", when, p, ce, ok, e)
					}
				}
				if _, ok := c.find("p/none"); ok {
					t.Fatalf("%s: found a path never recorded", when)
				}
			}
			check("all recorded")
			// records after the order was worked out: the few, then many
			for i := range 100 {
				p := fmt.Sprintf("after/%d", i)
				e := Entry{Key: uint64(i)}
				c.add(p, e)
				want[p] = e
				if i == 3 || i == 99 {
					check(fmt.Sprintf("%d recorded after", i+1))
				}
			}
			// the downloads manifest: a new path, and one recorded again
			for _, p := range []string{"downloads.json", "after/5"} {
				e := Entry{Key: 7, Group: "last"}
				c.add(p, e)
				want[p] = e
			}
			if got := len(c.sorted()); got != len(want) {
				t.Errorf("len = %d, want %d", got, len(want))
			}
			var fromCold, fromMap bytes.Buffer
			if err := encodeCold(&fromCold, "fp", &c); err != nil {
				t.Fatal(err)
			}
			if err := encodeManifest(&fromMap, Manifest{Version: manifestVersion, Fingerprint: "fp", Files: want}); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(fromCold.Bytes(), fromMap.Bytes()) {
				t.Errorf("manifest from the cold records (%d bytes) differs from the map's (%d bytes)", fromCold.Len(), fromMap.Len())
			}
		})
	}
}

// BenchmarkColdSort orders the outputs of a cold build of 100,000
// clauses by path: 610,000 paths, recorded in about the order a build
// makes them.
func BenchmarkColdSort(b *testing.B) {
	var c coldFiles
	for i := range 100_000 {
		dir := fmt.Sprintf("platform/p%d/terms/clause-%d/", i%400, i)
		for _, f := range []string{"index.html", "cite.bib", "cite.ris", "cite.json", "index.json"} {
			c.add(dir+f, Entry{Key: uint64(i)})
		}
		c.add(fmt.Sprintf("id/CA-P-%06d/index.html", i), Entry{})
	}
	b.ResetTimer()
	for b.Loop() {
		c.covered = 0
		c.sort()
	}
}
