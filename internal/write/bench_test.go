package write

import (
	"fmt"
	"path/filepath"
	"testing"
)

// BenchmarkColdWrite measures a cold build's writing: 3,000 pages of 8 KB,
// three to a folder as a clause's are, staged and committed.
func BenchmarkColdWrite(b *testing.B) {
	data := make([]byte, 8<<10)
	const n = 3000
	for b.Loop() {
		b.StopTimer()
		out := filepath.Join(b.TempDir(), "public")
		b.StartTimer()
		w, err := Open(out, "bench")
		if err != nil {
			b.Fatal(err)
		}
		for i := range n {
			p := fmt.Sprintf("platform/p%d/c%d/%s", i/300, i/3, []string{"index.html", "cite.bib", "index.json"}[i%3])
			if err := w.Write(p, uint64(i), 0, data); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := w.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/file")
}
