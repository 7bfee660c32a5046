package render_test

import (
	"fmt"
	"testing"

	"github.com/clauseatlas/atlas/internal/index"
	"github.com/clauseatlas/atlas/internal/load"
	"github.com/clauseatlas/atlas/internal/render"
	"github.com/clauseatlas/atlas/internal/sitetest"
)

// BenchmarkClauseViews measures building the view of every clause page of
// a generated atlas: the data a cold build hands to the clause template.
// Per clause, it should not grow with the number of clauses of its type.
func BenchmarkClauseViews(b *testing.B) {
	for _, size := range []struct{ platforms, per int }{{100, 26}, {200, 100}} {
		c, probs := load.Corpus(sitetest.Generated(b, size.platforms, size.per, 1))
		if probs.Len() > 0 {
			b.Fatal(probs.Err())
		}
		x := index.Build(c)
		b.Run(fmt.Sprintf("%dclauses", size.platforms*size.per), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				p := render.NewPlanner(x, render.Assets{}, "")
				for _, pg := range p.Pages() {
					if pg.Template == "clause" {
						pg.View()
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(x.Clauses)), "ns/clause")
		})
	}
}
