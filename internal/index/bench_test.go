package index_test

import (
	"fmt"
	"testing"

	"github.com/clauseatlas/atlas/internal/atlas"
	"github.com/clauseatlas/atlas/internal/index"
	"github.com/clauseatlas/atlas/internal/load"
	"github.com/clauseatlas/atlas/internal/sitetest"
)

// genCorpus loads a generated atlas of platforms × per clauses from memory.
func genCorpus(t testing.TB, platforms, per int, seed int64) *atlas.Corpus {
	t.Helper()
	c, probs := load.Corpus(sitetest.Generated(t, platforms, per, seed))
	if probs.Len() > 0 {
		t.Fatal(probs.Err())
	}
	return c
}

// BenchmarkBuild measures indexing a loaded atlas: every preview rebuild
// and every build pays it once.
func BenchmarkBuild(b *testing.B) {
	for _, size := range []struct{ platforms, per int }{{100, 26}, {200, 100}} {
		c := genCorpus(b, size.platforms, size.per, 1)
		b.Run(fmt.Sprintf("%dclauses", size.platforms*size.per), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				index.Build(c)
			}
		})
	}
}
