package render_test

import (
	"bytes"
	"io/fs"
	"os"
	"slices"
	"testing"

	"github.com/clauseatlas/atlas/internal/index"
	"github.com/clauseatlas/atlas/internal/load"
	"github.com/clauseatlas/atlas/internal/render"
	"github.com/clauseatlas/atlas/internal/sitetest"
)

// TestCompiledMatchesHTMLTemplate renders every page of three atlases
// (the test fixture, a generated one and the repository's own) through
// the compiled executor alone and through html/template alone, with a
// renderer each, so list items are rendered by each too. The bytes must
// be the same, and the executor must finish every page on its own: a
// page it left to html/template would make this comparison vacuous.
func TestCompiledMatchesHTMLTemplate(t *testing.T) {
	sites := map[string]func(t *testing.T) fs.FS{
		"fixture": func(t *testing.T) fs.FS { return sitetest.FS(sitetest.SiteFiles(t, sitetest.Fixture())) },
		"generated": func(t *testing.T) fs.FS {
			fsys := sitetest.Generated(t, 12, 9, 3)
			for p, body := range sitetest.SiteFiles(t, map[string]string{}) {
				fsys[p] = sitetest.FS(map[string]string{p: body})[p]
			}
			return fsys
		},
		"repository": func(t *testing.T) fs.FS { return os.DirFS(sitetest.RepoRoot(t)) },
	}
	for name, open := range sites {
		t.Run(name, func(t *testing.T) {
			fsys := open(t)
			c, probs := load.Corpus(fsys)
			if probs.Len() > 0 {
				t.Fatal(probs.Err())
			}
			x := index.Build(c)
			fast, err := render.New(fsys, x)
			if err != nil {
				t.Fatal(err)
			}
			slow, err := render.New(fsys, x)
			if err != nil {
				t.Fatal(err)
			}
			slow.SetFast(false)
			want := append(fast.Kinds(), "partial:clause-item", "partial:compare-item")
			slices.Sort(want)
			if got := fast.FastKeys(); !slices.Equal(got, want) {
				t.Fatalf("compiled %v, want every kind and item partial: %v", got, want)
			}
			assets := render.Assets{CSS: "/static/style.css", JS: "/static/site.js", Icon: "/static/icon.svg", Search: "/static/search.js"}
			pages := render.NewPlanner(x, assets, "").Pages()
			kinds := map[string]int{}
			for _, p := range pages {
				if p.View == nil {
					continue
				}
				got, err := fast.ExecuteCompiled(p.Template, p.View())
				if err != nil {
					t.Fatalf("%s: the executor did not finish: %v", p.Path, err)
				}
				ref, err := slow.Execute(p.Template, p.View())
				if err != nil {
					t.Fatalf("%s: %v", p.Path, err)
				}
				if !bytes.Equal(got, ref) {
					t.Fatalf("%s: the executor's page differs from html/template's at byte %d:\n got %q\nwant %q", p.Path, diffAt(got, ref), around(got, diffAt(got, ref)), around(ref, diffAt(got, ref)))
				}
				kinds[p.Template]++
			}
			if len(kinds) < 10 {
				t.Errorf("compared pages of only %d kinds: %v", len(kinds), kinds)
			}
			t.Logf("%d pages the same: %v", len(pages), kinds)
		})
	}
}

func diffAt(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func around(b []byte, i int) []byte {
	return b[max(0, i-60):min(len(b), i+60)]
}
