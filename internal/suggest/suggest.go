// Package suggest finds the nearest known name to a misspelt one, so an
// error can say "did you mean …?".
package suggest

import "strings"

// Nearest returns the candidate closest to s by edit distance, or "" when
// none is close enough to be a plausible typo (within a third of the
// longer length, at least 2). Ties go to the earlier candidate, so callers
// pass candidates sorted for stable messages.
func Nearest(s string, candidates []string) string {
	best, bestD := "", -1
	ls := strings.ToLower(s)
	for _, c := range candidates {
		d := distance(ls, strings.ToLower(c))
		limit := max(len(s), len(c)) / 3
		if limit < 2 {
			limit = 2
		}
		if d > limit {
			continue
		}
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// distance is the Levenshtein distance between a and b, in bytes.
func distance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		// Long strings are never typos of each other worth suggesting;
		// bound the work for hostile input.
		if a == b {
			return 0
		}
		return max(len(a), len(b))
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
