package history

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Hunk is a group of nearby changes with a little context, placed in the
// document's own section.
type Hunk struct {
	// Number and Title are those of the section holding the hunk's first
	// change: in the new text, or in the old one when the hunk only
	// deletes. Both are "" before the first section.
	Number, Title string
	// OldStart and NewStart are the byte offsets of the hunk's first op
	// in old and new.
	OldStart, NewStart int
	// Ops are the leading context (Equal), the changes and the equal text
	// between them, and the trailing context (Equal). Context is at most
	// eight words, stops at a line break and is trimmed of outer
	// whitespace, so unlike Diff's the ops do not reassemble whole texts.
	Ops []Op
}

// hunkContext is how many words of context a hunk shows on each side; two
// changes closer than twice this, in one section, share a hunk.
const hunkContext = 8

// contextWindow bounds how far context extraction looks, in bytes.
const contextWindow = 600

// Hunks diffs old and new (see [Diff]) and groups the changes into hunks
// labelled with the section of new (or, for pure deletions, of old) they
// fall in (see [Sections]). A hunk never spans two sections.
func Hunks(old, new string) []Hunk {
	spans := cleanup(align(old, new), old)
	secNew, secOld := Sections(new), Sections(old)
	var out []Hunk
	for i := 0; i < len(spans); i++ {
		if spans[i].eq {
			continue
		}
		first, last := i, i
		sec := sectionIndex(secNew, changeAt(new, spans[i].b0, spans[i].b1))
		// Spans alternate between equal and changed.
		for j := last + 2; j < len(spans); j += 2 {
			e := spans[j-1]
			if countWords(old[e.a0:e.a1]) > 2*hunkContext ||
				sectionIndex(secNew, changeAt(new, spans[j].b0, spans[j].b1)) != sec {
				break
			}
			last = j
		}
		out = append(out, hunk(old, new, spans, first, last, secNew, secOld))
		i = last
	}
	return out
}

// hunk builds the hunk of changed spans first..last with their context.
func hunk(old, new string, spans []span, first, last int, secNew, secOld []Section) Hunk {
	var h Hunk
	h.OldStart, h.NewStart = spans[first].a0, spans[first].b0
	if first > 0 {
		e := spans[first-1]
		if k := leadContext(old[e.a0:e.a1]); k < e.a1-e.a0 {
			h.OldStart, h.NewStart = e.a0+k, e.b0+k
			h.Ops = append(h.Ops, Op{Equal, old[e.a0+k : e.a1]})
		}
	}
	inserts := false
	for _, s := range spans[first : last+1] {
		if s.eq {
			h.Ops = append(h.Ops, Op{Equal, old[s.a0:s.a1]})
			continue
		}
		if s.a0 < s.a1 {
			h.Ops = append(h.Ops, Op{Delete, old[s.a0:s.a1]})
		}
		if s.b0 < s.b1 {
			h.Ops = append(h.Ops, Op{Insert, new[s.b0:s.b1]})
			inserts = true
		}
	}
	if last+1 < len(spans) {
		e := spans[last+1]
		if k := trailContext(old[e.a0:e.a1]); k > 0 {
			h.Ops = append(h.Ops, Op{Equal, old[e.a0 : e.a0+k]})
		}
	}
	s := spans[first]
	var sec Section
	var ok bool
	if inserts {
		sec, ok = SectionAt(secNew, changeAt(new, s.b0, s.b1))
	} else {
		sec, ok = SectionAt(secOld, changeAt(old, s.a0, s.a1))
	}
	if ok {
		h.Number, h.Title = sec.Number, sec.Title
	}
	return h
}

// changeAt is where a change visibly starts: past leading whitespace, so a
// change that begins with the blank line before a new heading belongs to
// that heading's section.
func changeAt(text string, start, end int) int {
	i := start
	for i < end {
		r, w := utf8.DecodeRuneInString(text[i:end])
		if !unicode.IsSpace(r) {
			return i
		}
		i += w
	}
	return start
}

// leadContext returns the offset in eq where the leading context starts:
// hunkContext words before its end, not before a line break, past
// whitespace.
func leadContext(eq string) int {
	from := max(0, len(eq)-contextWindow)
	for from < len(eq) && !utf8.RuneStart(eq[from]) {
		from++
	}
	if nl := strings.LastIndexByte(eq[from:], '\n'); nl >= 0 {
		from += nl + 1
	}
	var starts []int
	forWords(eq[from:], func(s, _ int) { starts = append(starts, from+s) })
	k := from
	if len(starts) > hunkContext {
		k = starts[len(starts)-hunkContext]
	}
	for k < len(eq) {
		r, w := utf8.DecodeRuneInString(eq[k:])
		if !unicode.IsSpace(r) {
			break
		}
		k += w
	}
	return k
}

// trailContext returns how much of eq the trailing context takes:
// hunkContext words (and the punctuation right after the last), not past a
// line break, without trailing whitespace.
func trailContext(eq string) int {
	to := min(len(eq), contextWindow)
	for to > 0 && to < len(eq) && !utf8.RuneStart(eq[to]) {
		to--
	}
	if nl := strings.IndexByte(eq[:to], '\n'); nl >= 0 {
		to = nl
	}
	var ends []int
	forWords(eq[:to], func(_, e int) { ends = append(ends, e) })
	k := to
	if len(ends) > hunkContext {
		k = ends[hunkContext-1]
		for k < to {
			r, w := utf8.DecodeRuneInString(eq[k:])
			if unicode.IsSpace(r) || isWordRune(r) {
				break
			}
			k += w
		}
	}
	return len(strings.TrimRightFunc(eq[:k], unicode.IsSpace))
}
