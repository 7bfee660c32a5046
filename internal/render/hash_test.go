package render

import "testing"

// TestKeyHashSeparatesInputs: dependency keys must change whenever what
// they cover changes, including where one string ends and the next begins.
func TestKeyHashSeparatesInputs(t *testing.T) {
	key := func(parts ...string) uint64 {
		h := NewKey()
		for _, p := range parts {
			h.Str(p)
		}
		return h.Done()
	}
	long := "A quote of some length, longer than eight bytes by a margin."
	pairs := []struct {
		name string
		a, b uint64
	}{
		{"split point", key("ab", "c"), key("a", "bc")},
		{"empty string counts", key("a"), key("a", "")},
		{"order", key("x", "y"), key("y", "x")},
		{"last byte of a long string", key(long), key(long[:len(long)-1] + "!")},
		{"first byte of a long string", key(long), key("a" + long[1:])},
		{"tail zero byte", key("abcdefgh\x00"), key("abcdefgh")},
		{"sum", NewKey().Sum([32]byte{1}).Done(), NewKey().Sum([32]byte{31: 1}).Done()},
		{"number", NewKey().U64(1).Done(), NewKey().U64(1 << 56).Done()},
	}
	for _, p := range pairs {
		if p.a == p.b {
			t.Errorf("%s: same key %x", p.name, p.a)
		}
	}
	if a, b := key(long, "x"), NewKey().Str(long).Str("x").Done(); a != b {
		t.Error("a key is not stable")
	}
}
