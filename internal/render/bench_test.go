package render_test

import (
	"bytes"
	"fmt"
	"testing"
	"testing/fstest"

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

// BenchmarkClausePages measures rendering clause pages with the
// repository's templates: the views are made first, so the figure is the
// template's execution and the Markdown of each page's analysis, about
// half of a cold build's CPU.
func BenchmarkClausePages(b *testing.B) {
	fsys := sitetest.Generated(b, 100, 26, 1)
	for p, body := range sitetest.SiteFiles(b, map[string]string{}) {
		fsys[p] = &fstest.MapFile{Data: []byte(body)}
	}
	c, probs := load.Corpus(fsys)
	if probs.Len() > 0 {
		b.Fatal(probs.Err())
	}
	x := index.Build(c)
	r, err := render.New(fsys, x)
	if err != nil {
		b.Fatal(err)
	}
	var views []any
	for _, pg := range render.NewPlanner(x, render.Assets{CSS: "/static/style.css"}, "").Pages() {
		if pg.Template == "clause" {
			views = append(views, pg.View())
		}
	}
	var buf bytes.Buffer
	var size int
	b.ReportAllocs()
	for b.Loop() {
		for _, v := range views {
			buf.Reset()
			if err := r.ExecuteTo(&buf, "clause", v); err != nil {
				b.Fatal(err)
			}
			size += buf.Len()
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(views)), "ns/page")
	b.ReportMetric(float64(size)/float64(b.N)/float64(len(views)), "bytes/page")
}

// BenchmarkClauseKeys measures the dependency keys of every clause page,
// which every incremental build and preview rebuild computes to find the
// pages to render. The keys shared by all pages are made once, before
// the timer.
func BenchmarkClauseKeys(b *testing.B) {
	c, probs := load.Corpus(sitetest.Generated(b, 200, 100, 1))
	if probs.Len() > 0 {
		b.Fatal(probs.Err())
	}
	x := index.Build(c)
	p := render.NewPlanner(x, render.Assets{}, "")
	var deps []func() uint64
	for _, pg := range p.Pages() {
		if pg.Template == "clause" {
			deps = append(deps, pg.Deps)
		}
	}
	deps[0]()
	for b.Loop() {
		for _, d := range deps {
			d()
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(deps)), "ns/clause")
}
