package index_test

import (
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/clauseatlas/atlas/internal/atlas"
	"github.com/clauseatlas/atlas/internal/gen"
	"github.com/clauseatlas/atlas/internal/index"
	"github.com/clauseatlas/atlas/internal/load"
)

// genCorpus loads a generated atlas of platforms × per clauses from memory.
func genCorpus(b testing.TB, platforms, per int, seed int64) *atlas.Corpus {
	b.Helper()
	fsys := fstest.MapFS{}
	err := gen.Generate(gen.Options{Platforms: platforms, ClausesPerPlatform: per, Seed: seed}, func(p string, data []byte) error {
		fsys[p] = &fstest.MapFile{Data: append([]byte(nil), data...)} // emit reuses data
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	c, probs := load.Corpus(fsys)
	if probs.Len() > 0 {
		b.Fatal(probs.Err())
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
