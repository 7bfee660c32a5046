// Package site runs the pipeline. It is the only package that knows the
// order of the stages:
//
//	load → check → index → render → write → publish
//
// Each stage is a package that computes values from the previous stage's
// output; only the write stage touches the output folder, and nothing is
// written when any earlier stage reported a problem.
package site

import (
	"fmt"
	"io/fs"

	"github.com/clauseatlas/atlas/internal/atlas"
)

// Counts summarises an atlas.
type Counts struct {
	Platforms, Documents, Versions, ClauseTypes, Clauses int
}

func (c Counts) String() string {
	return fmt.Sprintf("%d platforms, %d documents, %d versions, %d clause types, %d clauses",
		c.Platforms, c.Documents, c.Versions, c.ClauseTypes, c.Clauses)
}

func countsOf(c *atlas.Corpus) Counts {
	n := Counts{Platforms: len(c.Platforms), Documents: len(c.Documents), ClauseTypes: len(c.ClauseTypes), Clauses: len(c.Clauses)}
	for _, d := range c.Documents {
		n.Versions += len(d.Versions)
	}
	return n
}

// Check loads and checks the atlas under root, including that every URL
// in the ledger is still produced or redirected. A non-nil error is a
// *problem.Error listing every problem, each placed on its line.
func Check(root fs.FS) (*atlas.Corpus, Counts, error) {
	p, err := prepare(root, "")
	if err != nil {
		return nil, Counts{}, err
	}
	return p.c, p.counts, nil
}
