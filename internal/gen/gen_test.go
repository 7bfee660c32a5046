package gen_test

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/clauseatlas/atlas/internal/atlas"
	"github.com/clauseatlas/atlas/internal/check"
	"github.com/clauseatlas/atlas/internal/gen"
	"github.com/clauseatlas/atlas/internal/load"
)

// generate collects a synthetic atlas into memory, failing on a path
// emitted twice.
func generate(t testing.TB, o gen.Options) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	err := gen.Generate(o, func(p string, data []byte) error {
		if _, dup := fsys[p]; dup {
			return errors.New("emitted twice")
		}
		fsys[p] = &fstest.MapFile{Data: bytes.Clone(data)}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fsys
}

// loadChecked runs the loader and the checks the way the build does and
// fails on any problem.
func loadChecked(t *testing.T, fsys fstest.MapFS) *atlas.Corpus {
	t.Helper()
	c, probs := load.Corpus(fsys)
	probs.Append(check.Corpus(c).Items()...)
	probs.Resolve(load.Lines(fsys))
	if probs.Len() > 0 {
		items := probs.Items()
		var msgs []string
		for i, p := range items {
			if i == 20 {
				msgs = append(msgs, fmt.Sprintf("… and %d more", len(items)-20))
				break
			}
			msgs = append(msgs, p.String())
		}
		t.Fatalf("%d problems:\n%s", len(items), strings.Join(msgs, "\n"))
	}
	return c
}

func TestGeneratedAtlasPassesChecks(t *testing.T) {
	for _, o := range []gen.Options{
		{Platforms: 5, ClausesPerPlatform: 20, Seed: 1},
		{Platforms: 1, ClausesPerPlatform: 1, Seed: 7},
		{Platforms: 3, ClausesPerPlatform: 0, Seed: 2},
		{Platforms: 0, ClausesPerPlatform: 0, Seed: 3},
		// More platforms than base names draw without repeats, so slugs
		// must be numbered to stay unique.
		{Platforms: 1500, ClausesPerPlatform: 1, Seed: 4},
	} {
		t.Run(fmt.Sprintf("%dx%d", o.Platforms, o.ClausesPerPlatform), func(t *testing.T) {
			c := loadChecked(t, generate(t, o))
			if len(c.Platforms) != o.Platforms {
				t.Errorf("platforms = %d, want %d", len(c.Platforms), o.Platforms)
			}
			if want := o.Platforms * o.ClausesPerPlatform; len(c.Clauses) != want {
				t.Errorf("clauses = %d, want %d", len(c.Clauses), want)
			}
			if len(c.Documents) < o.Platforms || len(c.Documents) > 3*o.Platforms {
				t.Errorf("documents = %d, want between %d and %d", len(c.Documents), o.Platforms, 3*o.Platforms)
			}
			if len(c.ClauseTypes) != 60 || len(c.Categories) != 8 {
				t.Errorf("taxonomy has %d clause types in %d categories, want 60 in 8", len(c.ClauseTypes), len(c.Categories))
			}
			if len(c.Pages) != 2 {
				t.Errorf("pages = %d, want about and methodology", len(c.Pages))
			}
			lo := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
			hi := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
			inRange := func(what string, ts ...time.Time) {
				for _, ts := range ts {
					if !ts.IsZero() && (ts.Before(lo) || !ts.Before(hi)) {
						t.Errorf("%s: %s is outside 2019–2026", what, ts)
					}
				}
			}
			for _, d := range c.Documents {
				if n := len(d.Versions); n < 5 || n > 40 {
					t.Errorf("%s has %d versions, want 5–40", d.ID, n)
				}
				inRange(d.ID, d.FirstTracked, d.LastVerified, d.LastUpdated)
				for _, v := range d.Versions {
					inRange(d.ID, v.Captured)
				}
			}
			for _, cl := range c.Clauses {
				inRange(cl.ID, cl.FirstTracked, cl.LastVerified, cl.AnalysisGenerated, cl.Captured)
				if !cl.Captured.IsZero() && cl.AnalysisGenerated.Before(cl.Captured) {
					t.Errorf("%s: analysis generated %s before the capture %s", cl.ID, cl.AnalysisGenerated, cl.Captured)
				}
			}
		})
	}
}

// The records vary the way a real atlas does: every enumeration value
// occurs, some captures are technical upgrades, and clauses use many types.
func TestGeneratedAtlasIsVaried(t *testing.T) {
	c := loadChecked(t, generate(t, gen.Options{Platforms: 5, ClausesPerPlatform: 20, Seed: 1}))
	seen := map[string]int{}
	for _, cl := range c.Clauses {
		seen["severity "+cl.Severity]++
		seen["confidence "+cl.Confidence]++
		seen["evidence "+cl.Evidence]++
		seen["type "+cl.ClauseType]++
	}
	for _, d := range c.Documents {
		seen["doc type "+d.Type]++
		for _, v := range d.Versions {
			seen["event "+v.Event]++
		}
	}
	for _, want := range []string{"severity high", "severity medium", "severity low",
		"confidence high", "confidence medium", "confidence low",
		"evidence explicit-language", "event first_record", "event change", "event technical_upgrade",
		"doc type terms-of-service"} {
		if seen[want] == 0 {
			t.Errorf("no %s in the generated atlas", want)
		}
	}
	types := 0
	for k := range seen {
		if strings.HasPrefix(k, "type ") {
			types++
		}
	}
	if types < 30 {
		t.Errorf("100 clauses use %d clause types, want at least 30", types)
	}
}

// hashAll hashes every emitted path and its bytes, in emission order.
func hashAll(t *testing.T, o gen.Options) [sha256.Size]byte {
	t.Helper()
	h := sha256.New()
	err := gen.Generate(o, func(p string, data []byte) error {
		fmt.Fprintf(h, "%s\x00%d\x00", p, len(data))
		h.Write(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

func TestSameSeedSameBytes(t *testing.T) {
	o := gen.Options{Platforms: 8, ClausesPerPlatform: 15, Seed: 42}
	a, b := hashAll(t, o), hashAll(t, o)
	if a != b {
		t.Fatalf("two runs with seed 42 differ: %x vs %x", a, b)
	}
	o.Seed = 43
	if c := hashAll(t, o); c == a {
		t.Fatalf("seeds 42 and 43 give the same atlas")
	}
}

// Sizes follow issue 5: summary ~300 characters, analysis ~2 KB, quote
// ~400, why it matters and consumer impact 200–300.
func TestTextSizesAreRealistic(t *testing.T) {
	c := loadChecked(t, generate(t, gen.Options{Platforms: 10, ClausesPerPlatform: 30, Seed: 5}))
	var sum struct{ summary, analysis, quote, why, impact int }
	var withID, withHTTPS, withBold, withList int
	for _, cl := range c.Clauses {
		sum.summary += len(cl.Summary)
		sum.analysis += len(cl.Analysis)
		sum.quote += len(cl.Quote)
		sum.why += len(cl.WhyItMatters)
		sum.impact += len(cl.ConsumerImpact)
		a := cl.Analysis
		if strings.Contains(a, "](/id/CA-") {
			withID++
		}
		if strings.Contains(a, "](https://") {
			withHTTPS++
		}
		if strings.Contains(a, "**") {
			withBold++
		}
		if strings.Contains(a, "\n- ") || strings.Contains(a, "\n1. ") {
			withList++
		}
	}
	n := len(c.Clauses)
	for _, f := range []struct {
		name   string
		total  int
		lo, hi int
	}{
		{"summary", sum.summary, 250, 350},
		{"analysis", sum.analysis, 1800, 2400},
		{"quote", sum.quote, 340, 460},
		{"why_it_matters", sum.why, 200, 300},
		{"consumer_impact", sum.impact, 200, 300},
	} {
		avg := f.total / n
		t.Logf("average %s: %d bytes", f.name, avg)
		if avg < f.lo || avg > f.hi {
			t.Errorf("average %s is %d bytes, want %d–%d", f.name, avg, f.lo, f.hi)
		}
	}
	for _, f := range []struct {
		name string
		n    int
	}{{"/id/ permalinks", withID}, {"https links", withHTTPS}, {"bold", withBold}, {"lists", withList}} {
		if f.n < n*8/10 {
			t.Errorf("only %d of %d analyses have %s", f.n, n, f.name)
		}
	}
}

func TestOptionsOutsideIDFormatsAreRefused(t *testing.T) {
	for _, o := range []gen.Options{
		{Platforms: -1},
		{Platforms: 1, ClausesPerPlatform: -1},
		{Platforms: gen.MaxPlatforms + 1},
		{Platforms: 2, ClausesPerPlatform: gen.MaxClauses},
	} {
		if err := gen.Generate(o, func(string, []byte) error { return nil }); err == nil {
			t.Errorf("Generate(%+v) succeeded, want an error", o)
		}
	}
	// Three documents for each of MaxPlatforms must still fit CA-D-#####.
	if gen.MaxPlatforms*3 > 99999 {
		t.Errorf("MaxPlatforms %d with 3 documents each overflows CA-D-#####", gen.MaxPlatforms)
	}
}

func TestEmitErrorStopsGeneration(t *testing.T) {
	boom := errors.New("disk full")
	calls := 0
	err := gen.Generate(gen.Options{Platforms: 3, ClausesPerPlatform: 5}, func(string, []byte) error {
		calls++
		if calls == 9 {
			return boom
		}
		return nil
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want %v", err, boom)
	}
	if calls != 9 {
		t.Fatalf("emit called %d times after failing on call 9", calls)
	}
}

func benchmarkGenerate(b *testing.B, o gen.Options) {
	var bytes, files int
	b.ReportAllocs()
	for b.Loop() {
		bytes, files = 0, 0
		err := gen.Generate(o, func(_ string, data []byte) error {
			bytes += len(data)
			files++
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(bytes)/1e6, "MB/op")
	b.ReportMetric(float64(files), "files/op")
	b.ReportMetric(float64(o.Platforms*o.ClausesPerPlatform)/(b.Elapsed().Seconds()/float64(b.N)), "clauses/s")
}

// BenchmarkGenerate makes a 20,000-clause atlas shaped like a real one
// (500 platforms of 40 clauses) and discards it.
func BenchmarkGenerate(b *testing.B) {
	benchmarkGenerate(b, gen.Options{Platforms: 500, ClausesPerPlatform: 40, Seed: 1})
}

// BenchmarkGenerate100k makes the 100,000-clause atlas of issue 5's
// largest target (100 platforms of 1,000 clauses).
func BenchmarkGenerate100k(b *testing.B) {
	benchmarkGenerate(b, gen.Options{Platforms: 100, ClausesPerPlatform: 1000, Seed: 1})
}
