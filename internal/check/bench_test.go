package check_test

import (
	"fmt"
	"testing"

	"github.com/clauseatlas/atlas/internal/check"
	"github.com/clauseatlas/atlas/internal/load"
	"github.com/clauseatlas/atlas/internal/sitetest"
)

// BenchmarkCorpus measures checking a loaded atlas: every build and every
// preview rebuild pays it once.
func BenchmarkCorpus(b *testing.B) {
	for _, size := range []struct{ platforms, per int }{{100, 26}, {200, 100}} {
		c, probs := load.Corpus(sitetest.Generated(b, size.platforms, size.per, 1))
		if probs.Len() > 0 {
			b.Fatal(probs.Err())
		}
		b.Run(fmt.Sprintf("%dclauses", size.platforms*size.per), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if p := check.Corpus(c); p.Len() > 0 {
					b.Fatal(p.Err())
				}
			}
		})
	}
}
