package index

import (
	"strings"
	"testing"

	"github.com/clauseatlas/atlas/internal/atlas"
)

// sign reduces a comparison result to -1, 0 or 1.
func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

// TestFoldKeyOrder: comparing fold keys bytewise orders as compareFold,
// which the clause lists' ranks rely on.
func TestFoldKeyOrder(t *testing.T) {
	words := []string{"", "a", "A", "ab", "aB", "Ab", "b", "Z", "z", "[", "_", "`",
		"Éclair", "éclair", "eclair", "Ωmega", "ωmega", "İstanbul", "istanbul",
		"ſ", "s", "K", "k", "\u212a", "\xff", "\ufffd", "a\xffb", "straße", "STRASSE", "日本", "Data"}
	for _, a := range words {
		for _, b := range words {
			want := sign(compareFold(a, b))
			got := sign(strings.Compare(foldKey(a), foldKey(b)))
			if got != want {
				t.Errorf("%q vs %q: fold keys compare %d, compareFold %d", a, b, got, want)
			}
		}
	}
}

func FuzzFoldKey(f *testing.F) {
	f.Add("Éclair", "eclair")
	f.Add("a\xffb", "A\ufffdB")
	f.Fuzz(func(t *testing.T, a, b string) {
		if got, want := sign(strings.Compare(foldKey(a), foldKey(b))), sign(compareFold(a, b)); got != want {
			t.Fatalf("%q vs %q: fold keys compare %d, compareFold %d", a, b, got, want)
		}
	})
}

// TestFoldKeys: the shared-buffer fold of a list of titles gives each
// title's own fold key, ASCII or not, in any mix.
func TestFoldKeys(t *testing.T) {
	tests := [][]string{
		nil,
		{""},
		{"Arbitration", "", "ARBITRATION clause"},
		{"Éclair", "Data sale", "日本", "opt-OUT", "a\xffb"},
		{"ſ", "K", "\u212a", "plain"},
	}
	for _, titles := range tests {
		cs := make([]atlas.Clause, len(titles))
		for i, title := range titles {
			cs[i].Title = title
		}
		got := foldKeys(cs)
		for i, title := range titles {
			if want := foldKey(title); got[i] != want {
				t.Errorf("%q: foldKeys gives %q, foldKey %q", title, got[i], want)
			}
		}
	}
}
