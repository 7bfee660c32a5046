package search

import (
	"slices"
	"testing"
)

// TestPostingStore appends to many lists at once, across block and slab
// boundaries, and reads each back in order.
func TestPostingStore(t *testing.T) {
	sizes := []int{0, 1, postingBlock - 1, postingBlock, postingBlock + 1, 100, slabBlocks*postingBlock + 3}
	var s postingStore
	lists := make([]postingList, len(sizes))
	want := make([][]posting, len(sizes))
	for doc := 0; ; doc++ {
		more := false
		for i, n := range sizes {
			if doc >= n {
				continue
			}
			more = true
			p := posting{doc: uint32(doc), impact: uint8(1 + (doc+i)%63)}
			s.add(&lists[i], p)
			want[i] = append(want[i], p)
		}
		if !more {
			break
		}
	}
	if len(s.slabs) < 2 {
		t.Fatalf("%d slabs: the test should cross a slab", len(s.slabs))
	}
	for i, n := range sizes {
		got := s.appendTo([]posting{{doc: 99}}, lists[i])
		if got[0].doc != 99 || !slices.Equal(got[1:], want[i]) {
			t.Errorf("list of %d: got %d postings, not those added", n, len(got)-1)
		}
	}
}
