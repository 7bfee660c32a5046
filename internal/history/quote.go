package history

import (
	"math"
	"strings"
	"unicode/utf8"
)

// NearestThreshold is the similarity from which [Nearest] calls a passage
// close. Measured on real terms: a clause reworded in a few places scores
// 0.8 to 0.95; unrelated sentences that share stock legal phrasing ("we
// may terminate … at any time … without notice to you") reach about 0.5.
const NearestThreshold = 0.6

// Prepared is a text made ready for repeated quote searches: normalised
// once and its words indexed. It is safe for concurrent use.
type Prepared struct {
	text   string
	norm   string
	ids    []int32 // word ids in text order
	start  []int   // offset in text where each word starts
	end    []int   // offset in text just after each word
	vocab  map[string]int32
	weight []int64 // per word id: rarity weight in fixed point
	// prefix[i] is the weight of the first i words, so any window's
	// weight is one subtraction.
	prefix []int64
}

// Prepare normalises text and indexes its words for [Prepared.Contains]
// and [Prepared.Nearest].
func Prepare(text string) *Prepared {
	norm, src := normalize(text, quoteMode, true)
	p := &Prepared{text: text, norm: norm, vocab: make(map[string]int32)}
	var df []int32
	forWords(norm, func(ns, ne int) {
		w := norm[ns:ne]
		id, ok := p.vocab[w]
		if !ok {
			id = int32(len(df))
			p.vocab[w] = id
			df = append(df, 0)
		}
		df[id]++
		p.ids = append(p.ids, id)
		p.start = append(p.start, int(src[ns]))
		p.end = append(p.end, sourceEnd(text, int(src[ne-1])))
	})
	n := len(p.ids)
	p.weight = make([]int64, len(df))
	for id, c := range df {
		p.weight[id] = rarity(n, int(c))
	}
	p.prefix = make([]int64, n+1)
	for i, id := range p.ids {
		p.prefix[i+1] = p.prefix[i] + p.weight[id]
	}
	return p
}

// rarity weighs a word by how rare it is in the text, so that "bedrock"
// counts for more than "the" (an inverse document frequency over words).
func rarity(n, count int) int64 {
	return int64(math.Log(float64(n+1)/float64(count+1))*1000) + 100
}

// sourceEnd returns the offset just after the character of text at i.
func sourceEnd(text string, i int) int {
	if text[i] == '&' {
		if j, _, ok := entity(text, i, len(text)); ok {
			return j
		}
	}
	_, w := utf8.DecodeRuneInString(text[i:])
	return i + w
}

// forWords calls fn with the byte range of every word (a run of letters,
// digits and combining marks) of s.
func forWords(s string, fn func(start, end int)) {
	start := -1
	for i, r := range s {
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			fn(start, i)
			start = -1
		}
	}
	if start >= 0 {
		fn(start, len(s))
	}
}

// Contains is [Contains] against the prepared text.
func (p *Prepared) Contains(quote string) bool {
	return containsNorm(p.norm, Normalize(quote))
}

// Nearest returns the passage of text most similar to quote, its
// similarity in [0, 1], and whether that reaches [NearestThreshold].
// See [Prepared.Nearest].
func Nearest(text, quote string) (passage string, score float64, ok bool) {
	return Prepare(text).Nearest(quote)
}

// Nearest slides windows of about the quote's length (80%, 100% and 125%
// of its word count) over the text and scores each by the mean of two Dice
// coefficients against the quote: over words weighted by rarity, and over
// word pairs, which rewards the same order. The best window is widened to
// whole sentences when they end nearby and returned as plain text (Markdown
// stripped, the text's own typography kept). The score is the best
// window's; the passage and score are returned even when ok is false, so
// callers can report what was nearest. Each window length costs one pass
// over the words.
func (p *Prepared) Nearest(quote string) (passage string, score float64, ok bool) {
	q := Normalize(quote)
	var qids []int32
	extra := map[string]int32{}
	forWords(q, func(s, e int) {
		w := q[s:e]
		id, ok := p.vocab[w]
		if !ok {
			if id, ok = extra[w]; !ok {
				id = int32(len(p.weight) + len(extra))
				extra[w] = id
			}
		}
		qids = append(qids, id)
	})
	m, n := len(qids), len(p.ids)
	if m == 0 || n == 0 {
		return "", 0, false
	}
	weight := func(id int32) int64 {
		if int(id) < len(p.weight) {
			return p.weight[id]
		}
		return rarity(n, 0)
	}

	// Words of the quote get compact indexes k; text words map onto them.
	kOf := map[int32]int32{}
	var cntQ []int32
	var wK []int64
	var qW int64
	qk := make([]int32, m)
	for i, id := range qids {
		k, ok := kOf[id]
		if !ok {
			k = int32(len(cntQ))
			kOf[id] = k
			cntQ = append(cntQ, 0)
			wK = append(wK, weight(id))
		}
		cntQ[k]++
		qW += wK[k]
		qk[i] = k
	}
	bOf := map[[2]int32]int32{}
	var cntB []int32
	for i := 0; i+1 < m; i++ {
		key := [2]int32{qk[i], qk[i+1]}
		b, ok := bOf[key]
		if !ok {
			b = int32(len(cntB))
			bOf[key] = b
			cntB = append(cntB, 0)
		}
		cntB[b]++
	}
	idK := make([]int32, len(p.weight))
	for i := range idK {
		idK[i] = -1
	}
	for id, k := range kOf {
		if int(id) < len(idK) {
			idK[id] = k
		}
	}
	posK := make([]int32, n)
	for i, id := range p.ids {
		posK[i] = idK[id]
	}
	posB := make([]int32, n)
	for i := range posB {
		posB[i] = -1
		if i+1 < n && posK[i] >= 0 && posK[i+1] >= 0 {
			if b, ok := bOf[[2]int32{posK[i], posK[i+1]}]; ok {
				posB[i] = b
			}
		}
	}

	bestI, bestL := -1, 0
	best := -1.0
	cw := make([]int32, len(cntQ))
	cb := make([]int32, len(cntB))
	for _, L := range windowLengths(m, n) {
		clear(cw)
		clear(cb)
		var inter1 int64
		inter2 := 0
		add := func(i int, sign int32) {
			if k := posK[i]; k >= 0 {
				if sign > 0 {
					if cw[k] < cntQ[k] {
						inter1 += wK[k]
					}
					cw[k]++
				} else {
					cw[k]--
					if cw[k] < cntQ[k] {
						inter1 -= wK[k]
					}
				}
			}
		}
		addPair := func(i int, sign int32) {
			if b := posB[i]; b >= 0 {
				if sign > 0 {
					if cb[b] < cntB[b] {
						inter2++
					}
					cb[b]++
				} else {
					cb[b]--
					if cb[b] < cntB[b] {
						inter2--
					}
				}
			}
		}
		for i := range L {
			add(i, 1)
			if i+1 < L {
				addPair(i, 1)
			}
		}
		for i := 0; ; i++ {
			if inter1 > 0 {
				s := similarity(inter1, p.prefix[i+L]-p.prefix[i], qW, inter2, L, m)
				if s > best {
					best, bestI, bestL = s, i, L
				}
			}
			if i+L >= n {
				break
			}
			add(i, -1)
			if L > 1 {
				addPair(i, -1)
				addPair(i+L-1, 1)
			}
			add(i+L, 1)
		}
	}
	if bestI < 0 {
		return "", 0, false
	}
	s0, e0 := p.start[bestI], p.end[bestI+bestL-1]
	s0, e0 = sentenceBounds(p.text, s0, e0, max(60, len(quote)/2))
	return plain(p.text[s0:e0]), best, best >= NearestThreshold
}

// similarity is the mean of the weighted word Dice coefficient and the
// word-pair Dice coefficient (the latter only when both sides have pairs).
func similarity(inter1, winW, qW int64, inter2, L, m int) float64 {
	s := 2 * float64(inter1) / float64(winW+qW)
	if L < 2 || m < 2 {
		return s
	}
	return (s + 2*float64(inter2)/float64(L-1+m-1)) / 2
}

// windowLengths returns the window sizes, in words, Nearest tries.
func windowLengths(m, n int) []int {
	var out []int
	for _, l := range []int{m * 4 / 5, m, m * 5 / 4} {
		l = min(max(l, 1), n)
		if len(out) == 0 || out[len(out)-1] != l {
			out = append(out, l)
		}
	}
	return out
}

// sentenceBounds widens [s, e) of text to the enclosing sentence (or
// line) when its boundary lies within limit bytes; otherwise it keeps the
// word boundary.
func sentenceBounds(text string, s, e, limit int) (int, int) {
	for i := s - 1; i >= 0 && i >= s-limit; i-- {
		if text[i] == '\n' || sentenceEnd(text, i) {
			s = i + 1
			break
		}
		if i == 0 {
			s = 0
		}
	}
	for i := e; i < len(text) && i <= e+limit; i++ {
		if text[i] == '\n' {
			e = i
			break
		}
		if sentenceEnd(text, i) {
			e = i + 1
			break
		}
	}
	return s, e
}

// sentenceEnd reports whether text[i] ends a sentence: . ! ? or ; followed,
// past any closing emphasis, quote or bracket, by a space or the end.
func sentenceEnd(text string, i int) bool {
	if strings.IndexByte(".!?;", text[i]) < 0 {
		return false
	}
	j := i + 1
	for j < len(text) && strings.IndexByte("*_\"')]", text[j]) >= 0 {
		j++
	}
	if j == len(text) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(text[j:])
	return r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\u00a0'
}

// FirstAppearance returns the index of the first version whose stored text
// contains quote (see [Contains]), or -1 when none does. Versions without
// text are skipped.
func FirstAppearance(vs []Version, quote string) int {
	q := Normalize(quote)
	if len(quotePieces(q)) == 0 {
		return -1
	}
	seen := map[string]bool{}
	for i, v := range vs {
		if !v.HasText {
			continue
		}
		key := v.SHA256
		if key != "" {
			if in, ok := seen[key]; ok {
				if in {
					return i
				}
				continue
			}
		}
		in := containsNorm(Normalize(v.Text), q)
		if key != "" {
			seen[key] = in
		}
		if in {
			return i
		}
	}
	return -1
}
