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
	"time"

	"github.com/clauseatlas/atlas/internal/atlas"
	"github.com/clauseatlas/atlas/internal/load"
	"github.com/clauseatlas/atlas/internal/problem"
	"github.com/clauseatlas/atlas/internal/render"
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
	p, err := prepare(root, "", render.Assets{}, nil, nil, nil, func(string) {}, nil)
	if err != nil {
		return nil, Counts{}, err
	}
	return p.c, p.counts, nil
}

// Stale lists the clauses whose documents changed substantively after they
// were last verified, or whose quotes are no longer in the latest stored
// text, as problems placed on the clause's file.
func Stale(root fs.FS) ([]problem.Problem, error) {
	p, err := prepare(root, "", render.Assets{}, nil, nil, nil, func(string) {}, nil)
	if err != nil {
		return nil, err
	}
	var list problem.List
	for _, c := range p.x.Clauses {
		f := c.Freshness
		if f.Stale {
			list.Add(c.Pos.File, c.Pos.Line, "last_verified", "needs re-check: %s changed on %s, after the clause was last verified on %s",
				c.Document.Title, f.ChangedOn.Format(time.DateOnly), c.LastVerified.Format(time.DateOnly))
		}
		if f.Checked && !f.Found {
			list.Add(c.Pos.File, c.Pos.Line, "quote", "quote not found in the current version of %s (captured %s)",
				c.Document.Title, f.CheckedOn.Format(time.DateOnly))
		}
	}
	list.Resolve(load.Lines(root))
	return list.Items(), nil
}
