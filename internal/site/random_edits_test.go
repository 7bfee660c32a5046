package site_test

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clauseatlas/atlas/internal/load"
	"github.com/clauseatlas/atlas/internal/site"
	"github.com/clauseatlas/atlas/internal/sitetest"
)

var randomEdits = flag.Int("random-edits", 3, "walks of random edits TestRandomEditsEqualCold takes")

// TestRandomEditsEqualCold walks the edits of editSteps in random orders,
// making and undoing them (a deleted clause comes back), and after each
// step requires three long-lived outputs to equal a cold build of the
// same input: a rebuild from an in-memory root, a rebuild from a root on
// disk (which compares the files with its record of the last build's and
// reads through the load cache), and a preview session given the
// watcher's hint. TestIncrementalEqualsCold takes each edit once, in one
// order, from the fixture; undoing edits and meeting them in other orders
// is where state kept from build to build could go stale. The walks are
// seeded: a failure names its seed and steps, and repeats.
func TestRandomEditsEqualCold(t *testing.T) {
	steps := editSteps()
	for seed := 1; seed <= *randomEdits; seed++ {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			walkEdits(t, steps, uint64(seed), 10)
		})
	}
}

func walkEdits(t *testing.T, steps []editStep, seed uint64, n int) {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	files := sitetest.SiteFiles(t, sitetest.Fixture())
	dir := t.TempDir()
	root := filepath.Join(dir, "root")
	put := onDisk(t, files, root)
	run := func(o site.Options) site.Report {
		t.Helper()
		rep, err := site.Build(context.Background(), o)
		if err != nil {
			t.Fatalf("build: %v", err)
		}
		return rep
	}
	memOut, diskOut, viewOut := filepath.Join(dir, "mem"), filepath.Join(dir, "disk"), filepath.Join(dir, "view")
	var sess site.Session
	run(site.Options{Root: sitetest.FS(files), Out: memOut})
	run(site.Options{Root: os.DirFS(root), Out: diskOut})
	run(site.Options{Root: os.DirFS(root), Out: viewOut, Session: &sess, Preview: true})

	done := make([]bool, len(steps))
	removed := map[string]string{} // a deleted file's text, to put back
	var walk []string
	for i := range n {
		// A step that edits a deleted file waits until it is back.
		var k int
		for {
			k = rng.IntN(len(steps))
			if _, gone := removed[steps[k].file]; !gone || steps[k].file == "" {
				break
			}
		}
		s := steps[k]
		var name string
		switch {
		case s.remove != "" && !done[k]:
			name = s.remove
			removed[name] = files[name]
			delete(files, name)
			if err := os.Remove(filepath.Join(root, filepath.FromSlash(name))); err != nil {
				t.Fatal(err)
			}
		case s.remove != "":
			name = s.remove
			files[name] = removed[name]
			delete(removed, name)
			put(name)
		case !done[k]:
			name = s.file
			sitetest.Edit(t, files, name, s.old, s.new)
			put(name)
		default:
			name = s.file
			sitetest.Edit(t, files, name, s.new, s.old)
			put(name)
		}
		done[k] = !done[k]
		verb := map[bool]string{true: "make", false: "undo"}[done[k]]
		walk = append(walk, verb+" "+s.name)
		where := fmt.Sprintf("seed %d, step %d (%s)", seed, i+1, strings.Join(walk, ", "))

		cold := filepath.Join(dir, fmt.Sprint("cold-", i))
		run(site.Options{Root: sitetest.FS(files), Out: cold})
		want := tree(t, cold)
		for _, inc := range []struct {
			what string
			out  string
			rep  site.Report
		}{
			{"rebuild from memory", memOut, run(site.Options{Root: sitetest.FS(files), Out: memOut})},
			{"rebuild from disk", diskOut, run(site.Options{Root: os.DirFS(root), Out: diskOut})},
		} {
			if inc.rep.Cold {
				t.Errorf("%s: the %s was cold", where, inc.what)
			}
			if d := diffTrees(tree(t, inc.out), want); len(d) > 0 {
				t.Fatalf("%s: the %s differs from a cold build:\n%s", where, inc.what, strings.Join(d, "\n"))
			}
		}
		os.RemoveAll(cold)

		coldView := filepath.Join(dir, fmt.Sprint("cold-view-", i))
		run(site.Options{Root: os.DirFS(root), Out: coldView, Preview: true})
		hint := &load.Hint{Changed: map[string]bool{name: true}}
		if rep := run(site.Options{Root: os.DirFS(root), Out: viewOut, Session: &sess, Preview: true, Hint: hint}); rep.Cold {
			t.Errorf("%s: the preview session's build was cold", where)
		}
		if d := diffTrees(tree(t, viewOut), tree(t, coldView)); len(d) > 0 {
			t.Fatalf("%s: the preview session differs from a cold preview build:\n%s", where, strings.Join(d, "\n"))
		}
		os.RemoveAll(coldView)
	}
}
