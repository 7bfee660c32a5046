package gen

import (
	"testing"

	"github.com/BurntSushi/toml"
)

// The hand-written TOML must read back as the text that went in, whatever
// characters the text holds.
func TestStringsRoundTrip(t *testing.T) {
	for _, s := range []string{
		"plain", `say "hi"`, `back\slash`, "tab\there", "bell\x07 and del\x7f",
		"line\nbreak", `three """ quotes`, "ends with a quote\"", "§ 12 · Federal — “curly”", "",
	} {
		b := kvString(nil, "one", s)
		b = kvBytes(b, "two", []byte(s))
		b = kvMultiline(b, "three", []byte(s))
		var got struct{ One, Two, Three string }
		if _, err := toml.Decode(string(b), &got); err != nil {
			t.Fatalf("%q: %v\n%s", s, err, b)
		}
		if got.One != s || got.Two != s || got.Three != s {
			t.Errorf("%q read back as %q, %q, %q", s, got.One, got.Two, got.Three)
		}
	}
}

func TestIDsArePadded(t *testing.T) {
	for _, c := range []struct {
		prefix string
		n, w   int
		want   string
	}{
		{"CA-P-", 1, 6, "CA-P-000001"},
		{"CA-P-", 100000, 6, "CA-P-100000"},
		{"CA-P-", MaxClauses, 6, "CA-P-999999"},
		{"CA-D-", 3 * MaxPlatforms, 5, "CA-D-99999"},
		{"CA-E-", 42, 5, "CA-E-00042"},
	} {
		if got := string(appendID(nil, c.prefix, c.n, c.w)); got != c.want {
			t.Errorf("appendID(%q, %d, %d) = %q, want %q", c.prefix, c.n, c.w, got, c.want)
		}
	}
}
