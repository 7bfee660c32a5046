package history

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// OpKind says what a diff operation does.
type OpKind int

const (
	Equal  OpKind = iota // text on both sides
	Insert               // text only in new
	Delete               // text only in old
)

func (k OpKind) String() string {
	switch k {
	case Equal:
		return "equal"
	case Insert:
		return "insert"
	case Delete:
		return "delete"
	}
	return "OpKind(?)"
}

// Op is one run of a diff: text both sides share, or text only the new
// (Insert) or the old (Delete) side has.
type Op struct {
	Kind OpKind
	Text string
}

// Diff returns a word-level diff of old and new. Tokens are words (runs of
// letters and digits), runs of whitespace, and single other characters, so
// the Equal and Delete texts concatenate to old and the Equal and Insert
// texts to new, byte for byte, whatever the input (invalid UTF-8 too).
// Within a change, deletions come before insertions.
//
// Lines are diffed first and only changed lines word by word, so a 300 KB
// document with a few changes costs little more than reading it. The
// algorithm is Myers' O(ND) with linear space; where the differences are so
// many that it would be slow, it falls back to anchoring on tokens that
// occur once on each side (patience diff), and at worst reports a block as
// replaced. Short equal runs sandwiched between larger changes, within a
// line, are folded into the change so that a rewritten phrase reads as one
// deletion and one insertion rather than a word salad.
func Diff(old, new string) []Op {
	var ops []Op
	for _, s := range cleanup(align(old, new), old) {
		if s.eq {
			ops = append(ops, Op{Equal, old[s.a0:s.a1]})
			continue
		}
		if s.a0 < s.a1 {
			ops = append(ops, Op{Delete, old[s.a0:s.a1]})
		}
		if s.b0 < s.b1 {
			ops = append(ops, Op{Insert, new[s.b0:s.b1]})
		}
	}
	return ops
}

// span is a stretch of the alignment of old and new: equal text, or a
// change replacing old[a0:a1] with new[b0:b1]. In the differ the offsets
// count tokens; after align they count bytes.
type span struct {
	eq     bool
	a0, a1 int
	b0, b1 int
}

const (
	// diffBudget caps the Myers steps of one Diff call, so that even
	// adversarial input finishes in a bounded time (about 0.1 s).
	diffBudget = 50_000_000
	// bisectSteps and bisectPerToken cap one middle-snake search before
	// it falls back to anchors: Myers costs about (n+m)·D, so allowing
	// a few dozen steps per token keeps it for the common case of few
	// differences and hands heavily rewritten blocks to the anchors,
	// which cost n log n.
	bisectSteps    = 1 << 15
	bisectPerToken = 32
	// maxBisectD caps the edit distance one search explores, which
	// bounds its memory.
	maxBisectD = 1 << 14
)

// align diffs old and new by lines, then diffs each changed block of lines
// word by word, and returns byte spans covering both texts in order,
// before cleanup.
func align(old, new string) []span {
	d := &differ{budget: diffBudget}
	ab, bb := lineBounds(old), lineBounds(new)
	lines := map[string]int32{}
	d.diff(intern(old, ab, lines), intern(new, bb, lines), 0, 0)
	var out []span
	words := map[string]int32{}
	for _, s := range d.take() {
		a0, a1, b0, b1 := ab[s.a0], ab[s.a1], bb[s.b0], bb[s.b1]
		if s.eq || a0 == a1 || b0 == b1 {
			out = appendSpan(out, span{s.eq, a0, a1, b0, b1})
			continue
		}
		ot, nt := old[a0:a1], new[b0:b1]
		ow, nw := tokenBounds(ot), tokenBounds(nt)
		d.diff(intern(ot, ow, words), intern(nt, nw, words), 0, 0)
		for _, w := range d.take() {
			out = appendSpan(out, span{w.eq, a0 + ow[w.a0], a0 + ow[w.a1], b0 + nw[w.b0], b0 + nw[w.b1]})
		}
	}
	return out
}

// appendSpan appends s, merging it into the last span when of one kind.
// Spans arrive in order, so merged spans stay contiguous.
func appendSpan(out []span, s span) []span {
	if s.a0 == s.a1 && s.b0 == s.b1 {
		return out
	}
	if n := len(out); n > 0 && out[n-1].eq == s.eq {
		out[n-1].a1, out[n-1].b1 = s.a1, s.b1
		return out
	}
	return append(out, s)
}

// cleanup folds an equal run into the changes around it when it is no
// longer than the larger side of each, and holds no line break (so
// unchanged paragraphs always show as such). It works like a stack: a
// merge can make the previous equal run foldable in turn.
func cleanup(in []span, old string) []span {
	out := make([]span, 0, len(in))
	for _, s := range in {
		out = appendSpan(out, s)
		for n := len(out); n >= 3; n = len(out) {
			c1, e, c2 := out[n-3], out[n-2], out[n-1]
			if c1.eq || !e.eq || c2.eq {
				break
			}
			el := e.a1 - e.a0
			if el > max(c1.a1-c1.a0, c1.b1-c1.b0) || el > max(c2.a1-c2.a0, c2.b1-c2.b0) ||
				strings.IndexByte(old[e.a0:e.a1], '\n') >= 0 {
				break
			}
			out = append(out[:n-3], span{false, c1.a0, c2.a1, c1.b0, c2.b1})
		}
	}
	return out
}

// lineBounds returns the offsets where each line (with its newline)
// starts, followed by len(s).
func lineBounds(s string) []int {
	b := []int{0}
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		if i < len(s) {
			b = append(b, i)
		}
	}
	if len(s) > 0 {
		b = append(b, len(s))
	}
	return b
}

// tokenBounds returns the offsets where each token starts, followed by
// len(s). A token is a word, a run of whitespace, or one other character
// (an invalid byte counts as a character).
func tokenBounds(s string) []int {
	b := make([]int, 0, len(s)/3+2)
	prev := 0 // 1 word, 2 space, 0 other
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		cls := 0
		switch {
		case r == utf8.RuneError && w == 1:
		case isWordRune(r):
			cls = 1
		case unicode.IsSpace(r):
			cls = 2
		}
		if cls == 0 || cls != prev {
			b = append(b, i)
		}
		prev = cls
		i += w
	}
	return append(b, len(s))
}

// intern maps each token s[bounds[i]:bounds[i+1]] to a small integer, the
// same for equal tokens, so the differ compares integers.
func intern(s string, bounds []int, ids map[string]int32) []int32 {
	out := make([]int32, 0, len(bounds))
	for i := 0; i+1 < len(bounds); i++ {
		t := s[bounds[i]:bounds[i+1]]
		id, ok := ids[t]
		if !ok {
			id = int32(len(ids))
			ids[t] = id
		}
		out = append(out, id)
	}
	return out
}

// differ diffs sequences of token ids into spans of token indexes.
type differ struct {
	budget int
	out    []span
	v1, v2 []int32 // reused by bisect
}

func (d *differ) take() []span {
	out := d.out
	d.out = nil
	return out
}

func (d *differ) add(eq bool, a0, a1, b0, b1 int) {
	d.out = appendSpan(d.out, span{eq, a0, a1, b0, b1})
}

// diff aligns a and b, which start at token ao and bo of the whole inputs.
func (d *differ) diff(a, b []int32, ao, bo int) {
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	d.add(true, ao, ao+p, bo, bo+p)
	a, b, ao, bo = a[p:], b[p:], ao+p, bo+p
	s := 0
	for s < len(a) && s < len(b) && a[len(a)-1-s] == b[len(b)-1-s] {
		s++
	}
	a, b = a[:len(a)-s], b[:len(b)-s]
	d.middle(a, b, ao, bo)
	d.add(true, ao+len(a), ao+len(a)+s, bo+len(b), bo+len(b)+s)
}

// middle aligns a and b whose first and last tokens differ.
func (d *differ) middle(a, b []int32, ao, bo int) {
	if len(a) == 0 || len(b) == 0 || d.budget <= 0 {
		d.add(false, ao, ao+len(a), bo, bo+len(b))
		return
	}
	if x, y, ok := d.bisect(a, b); ok && (x > 0 || y > 0) && (x < len(a) || y < len(b)) {
		d.diff(a[:x], b[:y], ao, bo)
		d.diff(a[x:], b[y:], ao+x, bo+y)
		return
	}
	if d.anchor(a, b, ao, bo) {
		return
	}
	d.add(false, ao, ao+len(a), bo, bo+len(b))
}

// bisect finds the middle snake of a shortest edit script (Myers 1986,
// section 4b, as in diff-match-patch) and returns the point to split at.
// It gives up, returning false, when the search exceeds its step limit or
// edit distance cap.
func (d *differ) bisect(a, b []int32) (int, int, bool) {
	n, m := len(a), len(b)
	limit := min(d.budget, max(bisectSteps, bisectPerToken*(n+m)))
	// Step dd costs about 2·dd, so the limit is reached by dd ≈ √limit;
	// sizing the arrays to that keeps their setup from dominating.
	maxD := min((n+m+1)/2, maxBisectD, int(math.Sqrt(float64(limit)))+2)
	size := 2*maxD + 3
	if cap(d.v1) < size {
		d.v1, d.v2 = make([]int32, size), make([]int32, size)
	}
	v1, v2 := d.v1[:size], d.v2[:size]
	for i := range v1 {
		v1[i], v2[i] = -1, -1
	}
	off := maxD + 1
	v1[off+1], v2[off+1] = 0, 0
	delta := n - m
	front := delta%2 != 0
	steps := 0
	defer func() { d.budget -= steps }()
	var k1start, k1end, k2start, k2end int
	for dd := 0; dd < maxD; dd++ {
		for k1 := -dd + k1start; k1 <= dd-k1end; k1 += 2 {
			k1o := off + k1
			var x1 int
			if k1 == -dd || (k1 != dd && v1[k1o-1] < v1[k1o+1]) {
				x1 = int(v1[k1o+1])
			} else {
				x1 = int(v1[k1o-1]) + 1
			}
			y1 := x1 - k1
			x0 := x1
			for x1 < n && y1 < m && a[x1] == b[y1] {
				x1++
				y1++
			}
			steps += 1 + x1 - x0
			v1[k1o] = int32(x1)
			switch {
			case x1 > n:
				k1end += 2
			case y1 > m:
				k1start += 2
			case front:
				k2o := off + delta - k1
				if k2o >= 0 && k2o < size && v2[k2o] != -1 && x1 >= n-int(v2[k2o]) {
					return x1, y1, true
				}
			}
		}
		for k2 := -dd + k2start; k2 <= dd-k2end; k2 += 2 {
			k2o := off + k2
			var x2 int
			if k2 == -dd || (k2 != dd && v2[k2o-1] < v2[k2o+1]) {
				x2 = int(v2[k2o+1])
			} else {
				x2 = int(v2[k2o-1]) + 1
			}
			y2 := x2 - k2
			x0 := x2
			for x2 < n && y2 < m && a[n-x2-1] == b[m-y2-1] {
				x2++
				y2++
			}
			steps += 1 + x2 - x0
			v2[k2o] = int32(x2)
			switch {
			case x2 > n:
				k2end += 2
			case y2 > m:
				k2start += 2
			case !front:
				k1o := off + delta - k2
				if k1o >= 0 && k1o < size && v1[k1o] != -1 {
					x1 := int(v1[k1o])
					if x1 >= n-x2 {
						return x1, off + x1 - k1o, true
					}
				}
			}
		}
		if steps > limit {
			return 0, 0, false
		}
	}
	return 0, 0, false
}

// anchor aligns a and b on the tokens that occur exactly once in each,
// keeping the longest run of them in the same order (patience diff), and
// diffs the gaps between. It reports false when there is no anchor.
func (d *differ) anchor(a, b []int32, ao, bo int) bool {
	type seen struct{ na, nb, ia, ib int32 }
	count := make(map[int32]seen, len(a))
	for i, t := range a {
		c := count[t]
		c.na++
		c.ia = int32(i)
		count[t] = c
	}
	for i, t := range b {
		if c, ok := count[t]; ok {
			c.nb++
			c.ib = int32(i)
			count[t] = c
		}
	}
	d.budget -= len(a) + len(b)
	var pairs [][2]int32 // (index in a, index in b), in a's order
	for _, t := range a {
		if c := count[t]; c.na == 1 && c.nb == 1 {
			pairs = append(pairs, [2]int32{c.ia, c.ib})
		}
	}
	anchors := longestIncreasing(pairs)
	if len(anchors) == 0 {
		return false
	}
	pa, pb := 0, 0
	for _, p := range anchors {
		ia, ib := int(p[0]), int(p[1])
		d.diff(a[pa:ia], b[pb:ib], ao+pa, bo+pb)
		d.add(true, ao+ia, ao+ia+1, bo+ib, bo+ib+1)
		pa, pb = ia+1, ib+1
	}
	d.diff(a[pa:], b[pb:], ao+pa, bo+pb)
	return true
}

// longestIncreasing returns the longest subsequence of pairs (sorted by
// their first element) whose second elements increase.
func longestIncreasing(pairs [][2]int32) [][2]int32 {
	var tails []int // index in pairs of the smallest tail of each length
	prev := make([]int, len(pairs))
	for i, p := range pairs {
		lo, hi := 0, len(tails)
		for lo < hi {
			mid := (lo + hi) / 2
			if pairs[tails[mid]][1] < p[1] {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		prev[i] = -1
		if lo > 0 {
			prev[i] = tails[lo-1]
		}
		if lo == len(tails) {
			tails = append(tails, i)
		} else {
			tails[lo] = i
		}
	}
	if len(tails) == 0 {
		return nil
	}
	out := make([][2]int32, len(tails))
	for i, k := len(tails)-1, tails[len(tails)-1]; i >= 0; i, k = i-1, prev[k] {
		out[i] = pairs[k]
	}
	return out
}
