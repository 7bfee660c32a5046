package site_test

import (
	"context"
	"flag"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/clauseatlas/atlas/internal/gen"
	"github.com/clauseatlas/atlas/internal/load"
	"github.com/clauseatlas/atlas/internal/site"
	"github.com/clauseatlas/atlas/internal/sitetest"
)

var randomEdits = flag.Int("random-edits", 3, "walks of random edits TestRandomEditsEqualCold and TestRandomRecordEditsEqualCold take")

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
	w := newWalker(t, files)
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
		name := s.file
		switch {
		case s.remove != "" && !done[k]:
			name = s.remove
			removed[name] = files[name]
			w.remove(name)
		case s.remove != "":
			name = s.remove
			files[name] = removed[name]
			delete(removed, name)
			w.put(name)
		case !done[k]:
			sitetest.Edit(t, files, name, s.old, s.new)
			w.put(name)
		default:
			sitetest.Edit(t, files, name, s.new, s.old)
			w.put(name)
		}
		done[k] = !done[k]
		verb := map[bool]string{true: "make", false: "undo"}[done[k]]
		walk = append(walk, verb+" "+s.name)
		w.check(fmt.Sprintf("seed %d, step %d (%s)", seed, i+1, strings.Join(walk, ", ")), name)
	}
}

// TestRandomRecordEditsEqualCold walks random edits of a generated atlas
// of 60 clauses, where one clause's fields show on many other pages
// (comparison rows, clause type and category pages, feeds, the search
// index): clauses' summaries, titles, severities, clause types and
// analyses, platforms' names and documents' titles change, clauses are
// deleted and come back. After each step a rebuild from memory, one from
// disk and a preview session must equal a cold build.
func TestRandomRecordEditsEqualCold(t *testing.T) {
	gfiles := generatedSite(t, gen.Options{Platforms: 4, ClausesPerPlatform: 15, Seed: 7})
	walks := max(1, *randomEdits/3)
	for seed := 1; seed <= walks; seed++ {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			walkRecordEdits(t, maps.Clone(gfiles), uint64(seed), 12)
		})
	}
}

var (
	reSummary    = regexp.MustCompile(`(?m)^summary = "`)
	reTitle      = regexp.MustCompile(`(?m)^title = "`)
	reSeverity   = regexp.MustCompile(`(?m)^severity = "([a-z]+)"`)
	reClauseType = regexp.MustCompile(`(?m)^clause_type = "([a-z0-9-]+)"`)
	reAnalysis   = regexp.MustCompile(`(?m)^analysis = """\n`)
	reName       = regexp.MustCompile(`(?m)^name = "`)
	reID         = regexp.MustCompile(`(?m)^id = "([A-Z0-9-]+)"`)
)

func walkRecordEdits(t *testing.T, files map[string]string, seed uint64, n int) {
	rng := rand.New(rand.NewPCG(seed, 0xa71a5))
	w := newWalker(t, files)
	list := func(pattern string) []string {
		var out []string
		for p := range files {
			if ok, _ := filepath.Match(pattern, p); ok {
				out = append(out, p)
			}
		}
		sort.Strings(out)
		return out
	}
	pick := func(ps []string) string { return ps[rng.IntN(len(ps))] }
	var types []string
	for _, c := range list("data/platforms/*/*/clauses/*.toml") {
		if m := reClauseType.FindStringSubmatch(files[c]); m != nil && !slices.Contains(types, m[1]) {
			types = append(types, m[1])
		}
	}
	sort.Strings(types)
	removed := map[string]string{}
	var walk []string
	for i := range n {
		clauses := list("data/platforms/*/*/clauses/*.toml")
		c := pick(clauses)
		var what, changed string
		switch k := rng.IntN(9); {
		case k == 0:
			files[c] = reSummary.ReplaceAllString(files[c], fmt.Sprintf(`summary = "Edit %d. `, i))
			what, changed = "summary of "+c, c
		case k == 1:
			files[c] = reTitle.ReplaceAllString(files[c], fmt.Sprintf(`title = "Edit %d: `, i))
			what, changed = "title of "+c, c
		case k == 2:
			sev := reSeverity.FindStringSubmatch(files[c])[1]
			next := map[string]string{"high": "medium", "medium": "low", "low": "high"}[sev]
			files[c] = reSeverity.ReplaceAllString(files[c], `severity = "`+next+`"`)
			what, changed = "severity of "+c+" to "+next, c
		case k == 3:
			typ := pick(types)
			files[c] = reClauseType.ReplaceAllString(files[c], `clause_type = "`+typ+`"`)
			what, changed = "clause type of "+c+" to "+typ, c
		case k == 4:
			files[c] = reAnalysis.ReplaceAllString(files[c], fmt.Sprintf("analysis = \"\"\"\nEdit %d. ", i))
			what, changed = "analysis of "+c, c
		case k == 5:
			p := pick(list("data/platforms/*/platform.toml"))
			files[p] = reName.ReplaceAllString(files[p], fmt.Sprintf(`name = "Edit %d `, i))
			what, changed = "name of "+p, p
		case k == 6:
			p := pick(list("data/platforms/*/*/document.toml"))
			files[p] = reTitle.ReplaceAllString(files[p], fmt.Sprintf(`title = "Edit %d: `, i))
			what, changed = "title of "+p, p
		case k == 7 && len(removed) > 0:
			var back []string
			for p := range removed {
				back = append(back, p)
			}
			sort.Strings(back)
			p := pick(back)
			files[p] = removed[p]
			delete(removed, p)
			what, changed = "put back "+p, p
		default:
			// Delete a clause no other record links to (its permalink
			// would break); one that is linked gets a summary edit.
			id := reID.FindStringSubmatch(files[c])[1]
			linked := false
			for p, body := range files {
				if p != c && strings.Contains(body, "/id/"+id+"/") {
					linked = true
				}
			}
			if linked {
				files[c] = reSummary.ReplaceAllString(files[c], fmt.Sprintf(`summary = "Edit %d. `, i))
				what, changed = "summary of "+c, c
				break
			}
			removed[c] = files[c]
			w.remove(c)
			what, changed = "delete "+c, c
		}
		if _, ok := files[changed]; ok {
			w.put(changed)
		}
		walk = append(walk, what)
		w.check(fmt.Sprintf("seed %d, step %d (%s)", seed, i+1, strings.Join(walk, "; ")), changed)
	}
}

// walker keeps three outputs that live from build to build, each made
// again after every edit of files: a rebuild from an in-memory root, a
// rebuild from the same files on disk (which compares them with its
// record of the last build's and reads through the load cache), and a
// preview session given the watcher's hint.
type walker struct {
	t     *testing.T
	files map[string]string
	dir   string
	root  string
	put   func(name string)
	sess  site.Session
	mem   string
	disk  string
	view  string
}

func newWalker(t *testing.T, files map[string]string) *walker {
	dir := t.TempDir()
	w := &walker{t: t, files: files, dir: dir, root: filepath.Join(dir, "root"),
		mem: filepath.Join(dir, "mem"), disk: filepath.Join(dir, "disk"), view: filepath.Join(dir, "view")}
	w.put = onDisk(t, files, w.root)
	w.run(site.Options{Root: sitetest.FS(files), Out: w.mem})
	w.run(site.Options{Root: os.DirFS(w.root), Out: w.disk})
	w.run(site.Options{Root: os.DirFS(w.root), Out: w.view, Session: &w.sess, Preview: true})
	return w
}

func (w *walker) run(o site.Options) site.Report {
	w.t.Helper()
	rep, err := site.Build(context.Background(), o)
	if err != nil {
		w.t.Fatalf("build: %v", err)
	}
	return rep
}

// remove deletes a file from the files and the disk.
func (w *walker) remove(name string) {
	delete(w.files, name)
	if err := os.Remove(filepath.Join(w.root, filepath.FromSlash(name))); err != nil {
		w.t.Fatal(err)
	}
}

// check rebuilds the three outputs after an edit of name (written or
// removed) and requires each to equal a cold build of the same input.
func (w *walker) check(where, name string) {
	t := w.t
	t.Helper()
	cold := filepath.Join(w.dir, "cold")
	os.RemoveAll(cold)
	w.run(site.Options{Root: sitetest.FS(w.files), Out: cold})
	want := tree(t, cold)
	for _, inc := range []struct {
		what string
		o    site.Options
	}{
		{"rebuild from memory", site.Options{Root: sitetest.FS(w.files), Out: w.mem}},
		{"rebuild from disk", site.Options{Root: os.DirFS(w.root), Out: w.disk}},
	} {
		if rep := w.run(inc.o); rep.Cold {
			t.Errorf("%s: the %s was cold", where, inc.what)
		}
		if d := diffTrees(tree(t, inc.o.Out), want); len(d) > 0 {
			t.Fatalf("%s: the %s differs from a cold build:\n%s", where, inc.what, strings.Join(d, "\n"))
		}
	}
	os.RemoveAll(cold)
	w.run(site.Options{Root: os.DirFS(w.root), Out: cold, Preview: true})
	hint := &load.Hint{Changed: map[string]bool{name: true}}
	if rep := w.run(site.Options{Root: os.DirFS(w.root), Out: w.view, Session: &w.sess, Preview: true, Hint: hint}); rep.Cold {
		t.Errorf("%s: the preview session's build was cold", where)
	}
	if d := diffTrees(tree(t, w.view), tree(t, cold)); len(d) > 0 {
		t.Fatalf("%s: the preview session differs from a cold preview build:\n%s", where, strings.Join(d, "\n"))
	}
}
