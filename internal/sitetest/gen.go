package sitetest

import (
	"testing"
	"testing/fstest"

	"github.com/clauseatlas/atlas/internal/gen"
)

// Generated returns the records of a generated atlas (platforms × per
// clauses, seed) as an in-memory file system, for tests and benchmarks
// that need an atlas larger than the fixture.
func Generated(t testing.TB, platforms, per int, seed int64) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	err := gen.Generate(gen.Options{Platforms: platforms, ClausesPerPlatform: per, Seed: seed}, func(p string, data []byte) error {
		fsys[p] = &fstest.MapFile{Data: append([]byte(nil), data...)} // emit reuses data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fsys
}
