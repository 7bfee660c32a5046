package check

import (
	"regexp"
	"testing"
)

// The hand-written format checks must accept exactly what their regular
// expressions accept.
var patternRefs = []struct {
	name string
	m    matcher
	re   *regexp.Regexp
}{
	{"platform id", rePlatformID, regexp.MustCompile(`^CA-E-[0-9]{5}$`)},
	{"document id", reDocumentID, regexp.MustCompile(`^CA-D-[0-9]{5}$`)},
	{"clause id", reClauseID, regexp.MustCompile(`^CA-P-[0-9]{6}$`)},
	{"slug", reSlug, regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)},
	{"sha256", reSHA256, regexp.MustCompile(`^[0-9a-f]{64}$`)},
}

func TestPatternsMatchTheirRegexps(t *testing.T) {
	inputs := []string{
		"", "-", "a", "a-", "-a", "a--b", "a-b", "ab-cd-9", "A", "é", "a_b", "a b", "a-b\n",
		"CA-E-00001", "CA-E-0001", "CA-E-000001", "CA-E-0000a", "ca-e-00001", "CA-D-00648", "CA-P-011410",
		"CA-P-01141", "CA-P-0114100", "CA-P-01141x", "CA-P-011410\n", "CA-E-\u0660\u0661\u0662\u0663\u0664",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
		"0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdefa",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg",
	}
	for _, p := range patternRefs {
		for _, in := range inputs {
			if got, want := p.m.MatchString(in), p.re.MatchString(in); got != want {
				t.Errorf("%s(%q) = %v, regexp says %v", p.name, in, got, want)
			}
		}
	}
}

func FuzzPatterns(f *testing.F) {
	for _, s := range []string{"CA-P-011410", "a-b", "CA-E-00001", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, p := range patternRefs {
			if got, want := p.m.MatchString(in), p.re.MatchString(in); got != want {
				t.Errorf("%s(%q) = %v, regexp says %v", p.name, in, got, want)
			}
		}
	})
}
