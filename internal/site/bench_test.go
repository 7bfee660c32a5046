package site

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/clauseatlas/atlas/internal/gen"
	"github.com/clauseatlas/atlas/internal/load"
	"github.com/clauseatlas/atlas/internal/minifier"
	"github.com/clauseatlas/atlas/internal/sitetest"
	"github.com/clauseatlas/atlas/internal/write"
)

// genSite writes a generated atlas with the repository's templates and
// static files under dir and returns dir.
func genSite(b *testing.B, platforms, per int) string {
	b.Helper()
	dir := b.TempDir()
	emit, err := write.NewTree(dir)
	if err != nil {
		b.Fatal(err)
	}
	if err := gen.Generate(gen.Options{Platforms: platforms, ClausesPerPlatform: per, Seed: 1}, emit); err != nil {
		b.Fatal(err)
	}
	files := sitetest.SiteFiles(b, map[string]string{})
	sitetest.WriteTree(b, dir, files)
	return dir
}

// BenchmarkBuild measures cold builds (no manifest, no load cache),
// no-change rebuilds and one-record rebuilds of generated atlases. The
// scripts in docs/bench.md run the same at 20,000 and 100,000 clauses from
// the command line, with peak memory.
func BenchmarkBuild(b *testing.B) {
	for _, size := range []struct{ platforms, per int }{{100, 26}} {
		root := genSite(b, size.platforms, size.per)
		name := fmt.Sprintf("%dclauses", size.platforms*size.per)
		b.Run(name+"/cold", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				out := filepath.Join(b.TempDir(), "public")
				rep, err := Build(context.Background(), Options{Root: os.DirFS(root), Out: out, NoCache: true})
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(rep.Written)/rep.Duration.Seconds(), "files/s")
			}
		})
		out := filepath.Join(b.TempDir(), "public")
		if _, err := Build(context.Background(), Options{Root: os.DirFS(root), Out: out}); err != nil {
			b.Fatal(err)
		}
		b.Run(name+"/nochange", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				rep, err := Build(context.Background(), Options{Root: os.DirFS(root), Out: out})
				if err != nil || rep.Written != 0 {
					b.Fatal(err, rep.Written)
				}
			}
		})
		clauses, _ := filepath.Glob(filepath.Join(root, "data/platforms/*/*/clauses/*.toml"))
		b.Run(name+"/onerecord", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				src, err := os.ReadFile(clauses[0])
				if err != nil {
					b.Fatal(err)
				}
				edited := bytes.Replace(src, []byte(`summary = "`), []byte(fmt.Sprintf(`summary = "Edit %d. `, i)), 1)
				if err := os.WriteFile(clauses[0], edited, 0o644); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				rep, err := Build(context.Background(), Options{Root: os.DirFS(root), Out: out})
				if err != nil || rep.Written == 0 {
					b.Fatal(err, rep.Written)
				}
				b.ReportMetric(float64(rep.Written), "written")
			}
		})
		// The preview server's rebuild: a session that keeps records, the
		// manifest and list items in memory, told by the watcher which
		// file changed.
		b.Run(name+"/preview", func(b *testing.B) {
			var s Session
			opts := Options{Root: os.DirFS(root), Out: filepath.Join(b.TempDir(), "preview"), Session: &s, Preview: true}
			if _, err := Build(context.Background(), opts); err != nil {
				b.Fatal(err)
			}
			rel, err := filepath.Rel(root, clauses[0])
			if err != nil {
				b.Fatal(err)
			}
			src, err := os.ReadFile(clauses[0])
			if err != nil {
				b.Fatal(err)
			}
			defer os.WriteFile(clauses[0], src, 0o644)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				edited := bytes.Replace(src, []byte(`title = "`), []byte(fmt.Sprintf(`title = "Edit %d. `, i)), 1)
				if err := os.WriteFile(clauses[0], edited, 0o644); err != nil {
					b.Fatal(err)
				}
				opts.Hint = &load.Hint{Changed: map[string]bool{filepath.ToSlash(rel): true}}
				b.StartTimer()
				rep, err := Build(context.Background(), opts)
				if err != nil || rep.Written == 0 {
					b.Fatal(err, rep.Written)
				}
				b.ReportMetric(float64(rep.Written), "written")
			}
		})
	}
}

// BenchmarkOutputs lists the outputs of a generated atlas of 5,000
// clauses, as a full build does before rendering: the list is live for
// the whole render, so its bytes count at 100,000 clauses (610,000
// outputs).
func BenchmarkOutputs(b *testing.B) {
	p := prepareGenerated(b, gen.Options{Platforms: 50, ClausesPerPlatform: 100, Seed: 1})
	min := minifier.New()
	b.ReportAllocs()
	for b.Loop() {
		publishOutputs(nil, p.x, p.planner, p.pages, p, "https://example.org", 0, min, true)
	}
}
