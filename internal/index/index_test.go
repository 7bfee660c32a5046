package index

import (
	"strings"
	"testing"
)

func TestCompareFoldMatchesToLower(t *testing.T) {
	words := []string{"", "a", "A", "b", "Ab", "aB", "abc", "Zeta", "zeta", "Émile", "émile", "Ölkers", "o", "Ω", "ω", "x1", "X10", "straße", "STRASSE"}
	for _, a := range words {
		for _, b := range words {
			want := strings.Compare(strings.ToLower(a), strings.ToLower(b))
			got := compareFold(a, b)
			if (got < 0) != (want < 0) || (got == 0) != (want == 0) {
				t.Errorf("compareFold(%q, %q) = %d, ToLower order says %d", a, b, got, want)
			}
		}
	}
}
