package render

import (
	"reflect"
	"testing"
)

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

// TestClauseRowHashCoversEveryField: a row's hash stands for the row in
// the view hashes of list pages, so changing any field a template can read
// must change it, memoised or not.
func TestClauseRowHashCoversEveryField(t *testing.T) {
	row := ClauseRow{ID: "c1", Title: "T", URL: "/u/", Platform: Link{"P", "/p/", "n"}, Document: Link{"D", "/d/", ""},
		Severity: Badge{"high", "High"}, Excerpt: "e", Type: Link{"Ty", "/t/", ""}, Sector: "S", SectorKey: "s",
		LastVerified: Date{"May 1, 2026", "2026-05-01", false}}
	base, _ := row.Hash()
	memo := row
	memo.sum = memo.hash()
	if h, _ := memo.Hash(); h != base {
		t.Fatalf("memoised hash %x, computed %x", h, base)
	}
	n := 0
	var walk func(v reflect.Value, name string)
	walk = func(v reflect.Value, name string) {
		switch v.Kind() {
		case reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				f := v.Type().Field(i)
				if !f.IsExported() || f.Name == "Item" {
					continue
				}
				walk(v.Field(i), name+"."+f.Name)
			}
			return
		case reflect.String:
			old := v.String()
			v.SetString(old + "x")
			defer v.SetString(old)
		case reflect.Bool:
			old := v.Bool()
			v.SetBool(!old)
			defer v.SetBool(old)
		default:
			t.Fatalf("%s: field of kind %s: extend ClauseRow.hash and this test", name, v.Kind())
		}
		n++
		if h, _ := row.Hash(); h == base {
			t.Errorf("changing %s leaves the row's hash as it was", name)
		}
	}
	walk(reflect.ValueOf(&row).Elem(), "ClauseRow")
	if n < 15 {
		t.Errorf("only %d fields walked", n)
	}
	if h, _ := row.Hash(); h != base {
		t.Error("the walk did not restore the row")
	}
	// The item rendered from a row is not part of it.
	row.Item = "<li>"
	if h, _ := row.Hash(); h != base {
		t.Error("Item changes the hash")
	}
}
