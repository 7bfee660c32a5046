package render_test

import (
	"bytes"
	"io/fs"
	"os"
	"slices"
	"strings"
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
			x, fast, slow := renderers(t, open(t))
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

// renderers loads and indexes fsys and returns two renderers of it: one
// with the executor, one with html/template alone.
func renderers(t *testing.T, fsys fs.FS) (x *index.Index, fast, slow *render.Renderer) {
	t.Helper()
	c, probs := load.Corpus(fsys)
	if probs.Len() > 0 {
		t.Fatal(probs.Err())
	}
	x = index.Build(c)
	var err error
	if fast, err = render.New(fsys, x); err != nil {
		t.Fatal(err)
	}
	if slow, err = render.New(fsys, x); err != nil {
		t.Fatal(err)
	}
	slow.SetFast(false)
	return x, fast, slow
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

// TestFallbackIsReported edits two templates the way an editor might:
// the not-found page uses printf, which the executor does not compile,
// and the clause item calls a method, which it leaves to html/template at
// each execution. Pages must still match html/template's, and Fallback
// must name both.
func TestFallbackIsReported(t *testing.T) {
	files := sitetest.SiteFiles(t, sitetest.Fixture())
	files["templates/notfound.html"] = `{{define "content"}}<h1>Not found</h1><p>{{printf "%d platforms" (len .Platforms)}}</p>{{end}}`
	sitetest.Edit(t, files, "templates/partials/clause-list.html", `<a class="clause-title" href="{{.URL}}">{{.Title}}</a>`, `<a class="clause-title" href="{{.URL}}" data-hash="{{.Hash}}">{{.Title}}</a>`)
	x, fast, slow := renderers(t, sitetest.FS(files))
	if got := fast.Fallback(); got != "" {
		t.Errorf("before rendering, Fallback() = %q; templates are compiled when first used", got)
	}
	for _, p := range render.NewPlanner(x, render.Assets{}, "").Pages() {
		got, err := fast.Execute(p.Template, p.View())
		if err != nil {
			t.Fatal(err)
		}
		want, err := slow.Execute(p.Template, p.View())
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("%s: differs from html/template's page at byte %d", p.Path, diffAt(got, want))
		}
	}
	got := fast.Fallback()
	if !strings.Contains(got, `notfound (function "printf")`) || !strings.Contains(got, "executions handed over to html/template") {
		t.Errorf("after rendering, Fallback() = %q", got)
	}
	if strings.Contains(got, " 0 executions") {
		t.Errorf("Fallback() = %q", got)
	}
}
