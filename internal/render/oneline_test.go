package render

import (
	"strings"
	"testing"
)

// FuzzOneLine holds OneLine, which returns most texts without a copy, to
// what it stands for: the text's fields joined by single spaces. The
// render and publish packages both tidy texts with it.
func FuzzOneLine(f *testing.F) {
	for _, s := range []string{"", " ", "a", "a b", "a  b", " a", "a ", "a\tb", "a\nb", "a\u00a0b", "a\u2003b", "a\u0085b", "a\xffb", "é ü"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := OneLine(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Fatalf("OneLine(%q) = %q, want %q", s, got, want)
		}
	})
}

// FuzzTidy holds tidy's shortcut to its long way: each line's fields
// joined by single spaces, blank lines dropped.
func FuzzTidy(f *testing.F) {
	for _, s := range []string{"", "a\nb", "a\n\nb", " a \n b ", "a\u2003\nb", "a\r\nb", "\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want []string
		for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
			if l = strings.Join(strings.Fields(l), " "); l != "" {
				want = append(want, l)
			}
		}
		if got := tidy(s); got != strings.Join(want, "\n") {
			t.Fatalf("tidy(%q) = %q, want %q", s, got, strings.Join(want, "\n"))
		}
	})
}
