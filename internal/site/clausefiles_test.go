package site

import (
	"bytes"
	"path"
	"strings"
	"testing"

	"github.com/clauseatlas/atlas/internal/gen"
	"github.com/clauseatlas/atlas/internal/index"
	"github.com/clauseatlas/atlas/internal/minifier"
	"github.com/clauseatlas/atlas/internal/render"
)

// TestClauseFileOutputs holds every clause download in the output list to
// the file it names: made from its own clause, with a key of its own. The
// outputs share one closure shape, so a clause or file number captured
// wrongly would give every output the same bytes.
func TestClauseFileOutputs(t *testing.T) {
	p := prepareGenerated(t, gen.Options{Platforms: 3, ClausesPerPlatform: 7, Seed: 3})
	const base = "https://example.org"
	byDir := map[string]*index.Clause{}
	for _, c := range p.x.Clauses {
		byDir[strings.TrimPrefix(c.URL, "/")] = c
	}
	outs, _ := publishOutputs(nil, p.x, p.planner, p.pages, p, base, 0, minifier.New(), true)
	count := map[*index.Clause]int{}
	keys := map[uint64]string{}
	for _, o := range outs {
		if o.kind != "citation" && o.kind != "json" {
			continue
		}
		dir, name := path.Split(o.file)
		c := byDir[dir]
		if c == nil {
			t.Errorf("%s: no clause at %s", o.file, dir)
			continue
		}
		count[c]++
		got, err := o.bytes()
		if err != nil {
			t.Fatalf("%s: %v", o.file, err)
		}
		want, ok := clauseFile(p.x, c, base, name)
		if !ok || len(want) == 0 {
			t.Fatalf("%s: clauseFile made nothing", o.file)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: bytes differ from its clause's %s", o.file, name)
		}
		if other, dup := keys[o.key]; dup {
			t.Errorf("%s and %s share key %x", o.file, other, o.key)
		}
		keys[o.key] = o.file
	}
	if len(count) != len(p.x.Clauses) {
		t.Errorf("downloads for %d clauses, want %d", len(count), len(p.x.Clauses))
	}
	for c, n := range count {
		if n != len(render.ClauseFiles) {
			t.Errorf("%s: %d downloads, want %d", c.URL, n, len(render.ClauseFiles))
		}
	}
}
