package render

import (
	"testing"

	"github.com/clauseatlas/atlas/internal/index"
	"github.com/clauseatlas/atlas/internal/load"
	"github.com/clauseatlas/atlas/internal/sitetest"
)

// TestClauseKeyStopsAtTheRowsShown: a clause page's key hashes the first
// rows of its document's other clauses and their count; it stops reading
// the document after those rows. Each clause's key must equal the one
// made by reading every other clause (the earlier way), so that a build
// with the new code skips what the old one made.
func TestClauseKeyStopsAtTheRowsShown(t *testing.T) {
	sizes := map[int]bool{}
	// Small and large documents: fewer clauses than the rows shown, and more.
	for _, size := range []struct{ platforms, per int }{{40, 6}, {12, 60}} {
		clauseKeysMatch(t, size.platforms, size.per, sizes)
	}
	var small, large bool
	for n := range sizes {
		small = small || n <= maxOthers
		large = large || n > maxOthers+1
	}
	if !small || !large {
		t.Fatalf("document sizes %v: want some of at most %d clauses and some of more", sizes, maxOthers)
	}
}

func clauseKeysMatch(t *testing.T, platforms, per int, sizes map[int]bool) {
	t.Helper()
	c, probs := load.Corpus(sitetest.Generated(t, platforms, per, 3))
	if probs.Len() > 0 {
		t.Fatal(probs.Err())
	}
	x := index.Build(c)
	p := NewPlanner(x, Assets{}, "")
	reference := func(c *index.Clause) uint64 {
		d := p.deps()
		h := NewKey().Str("clause").Str(c.URL).U64(d.shape).Sum(x.Corpus.Sums[c.Pos.File]).U64(d.docHist[c.Document])
		n := 0
		for _, o := range c.Document.Clauses {
			if o == c {
				continue
			}
			if n < maxOthers {
				h.U64(d.asOther[o.Seq])
			}
			n++
		}
		h.U64(uint64(n))
		if t := c.Type; t != nil {
			h.U64(d.typePlatforms[t])
			n = 0
			for _, o := range t.Clauses {
				if o.Platform == c.Platform {
					continue
				}
				h.U64(d.asCompared[o.Seq])
				if n++; n >= maxComparison {
					break
				}
			}
		}
		return h.Done()
	}
	for _, cl := range x.Clauses {
		sizes[len(cl.Document.Clauses)] = true
		if got, want := p.clauseKey(cl), reference(cl); got != want {
			t.Fatalf("%s: key %x, reading the whole document %x", cl.ID, got, want)
		}
	}
}
