package search

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestVarint(t *testing.T) {
	tests := []struct {
		v    uint32
		want string
	}{
		{0, "A"}, {1, "B"}, {31, "f"}, {32, "hA"}, {1023, "_f"}, {1024, "hgA"}, {1<<32 - 1, "j_____f"},
	}
	for _, tt := range tests {
		got := string(appendVarint(nil, tt.v))
		if got != tt.want {
			t.Errorf("varint(%d) = %q, want %q", tt.v, got, tt.want)
		}
		if v, n := decodeVarint(got, 0); v != tt.v || n != len(got) {
			t.Errorf("decode(%q) = %d, %d", got, v, n)
		}
	}
}

func TestPostings(t *testing.T) {
	ps := []posting{{0, 63}, {1, 1}, {40, 20}, {1500, 5}}
	got := encodePostings(ps)
	// gaps 0, 0, 38, 1459 (1·1024 + 13·32 + 19) with impacts 63, 1, 20, 5
	if want := "A_ABhGUhtTF"; got != want {
		t.Errorf("encodePostings = %q, want %q", got, want)
	}
}

func TestSets(t *testing.T) {
	tests := []struct {
		name string
		ids  []uint32
		n    int
		want string
	}{
		{"empty", nil, 100, "r"},
		{"one range", []uint32{10, 11, 12, 13, 14, 15, 16, 17, 18, 19}, 1000, "rKK"},
		{"low bits", []uint32{0, 2, 7}, 12, "bFC"},
	}
	for _, tt := range tests {
		got := encodeSet(tt.ids, tt.n)
		if got != tt.want {
			t.Errorf("%s: encodeSet = %q, want %q", tt.name, got, tt.want)
		}
		if back := decodeSet(got); !slices.Equal(back, tt.ids) {
			t.Errorf("%s: decodeSet(%q) = %v", tt.name, got, back)
		}
	}
	// Random sets of every density round-trip, in whichever form is shorter.
	r := rand.New(rand.NewPCG(1, 2))
	for _, density := range []float64{0.001, 0.05, 0.5, 0.97} {
		n := 5000
		var ids []uint32
		for i := 0; i < n; i++ {
			if r.Float64() < density {
				ids = append(ids, uint32(i))
			}
		}
		s := encodeSet(ids, n)
		if back := decodeSet(s); !slices.Equal(back, ids) {
			t.Errorf("density %v: round trip lost documents", density)
		}
		if len(s) > n/6+2 {
			t.Errorf("density %v: %d digits, more than a bitmap", density, len(s))
		}
	}
}
