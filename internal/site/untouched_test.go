package site_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clauseatlas/atlas/internal/inputs"
	"github.com/clauseatlas/atlas/internal/site"
	"github.com/clauseatlas/atlas/internal/sitetest"
	"github.com/clauseatlas/atlas/internal/write"
)

// age sets every file under dir an hour into the past, out of the
// window in which a file's time cannot be trusted.
func age(t *testing.T, dir string) {
	t.Helper()
	old := time.Now().Add(-time.Hour)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Chtimes(p, old, old)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// diskSite writes the fixture's site root, aged, into a temporary
// folder, with the path of an output folder beside it.
func diskSite(t *testing.T) (files map[string]string, dir, root, out string) {
	t.Helper()
	files = sitetest.SiteFiles(t, sitetest.Fixture())
	dir = t.TempDir()
	root = filepath.Join(dir, "site")
	out = filepath.Join(dir, "public")
	sitetest.WriteTree(t, root, files)
	age(t, root)
	return files, dir, root, out
}

// diskBuild builds the site root on disk at root into out, as atlas build
// does, through inputs.DirFS (less the ledger: the edits below would break
// its promises).
func diskBuild(t *testing.T, root, out string, base string) site.Report {
	t.Helper()
	rep, err := site.Build(context.Background(), site.Options{Root: inputs.DirFS(root), Out: out, BaseURL: base})
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	return rep
}

// TestUntouchedBuild checks that a build with nothing changed since the
// last one, inputs or outputs, does nothing and says so; and that any
// change, to a record, a template, a static file, an output or the
// options, makes a real build whose output equals a cold build's.
func TestUntouchedBuild(t *testing.T) {
	files, dir, root, out := diskSite(t)

	// As atlas build does, with the ledger: the first build adds
	// data/urls.tsv, and records it as written, so the next build has
	// nothing to do.
	ledgerBuild := func() site.Report {
		rep, err := site.Build(context.Background(), site.Options{Root: inputs.DirFS(root), Out: out, LedgerDir: root})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	first := ledgerBuild()
	if _, err := os.Stat(filepath.Join(root, "data/urls.tsv")); err != nil {
		t.Fatal(err)
	}
	rep := ledgerBuild()
	if !rep.Untouched || rep.Written != 0 || rep.Rendered != 0 || rep.Deleted != 0 {
		t.Fatalf("no-change build: untouched %v, %d rendered, %d written", rep.Untouched, rep.Rendered, rep.Written)
	}
	if rep.Skipped != first.Written || rep.Counts != first.Counts || len(rep.Pages) != len(first.Pages) {
		t.Errorf("untouched build reports %d outputs, %v, %v; the first build %d, %v, %v", rep.Skipped, rep.Counts, rep.Pages, first.Written, first.Counts, first.Pages)
	}
	if !strings.Contains(rep.Summary(), "nothing changed") {
		t.Errorf("summary: %s", rep.Summary())
	}

	type change struct {
		name string
		do   func(t *testing.T)
		base string // the build's base URL option
	}
	var changes []change
	for _, s := range editSteps() {
		changes = append(changes, change{name: s.name, do: func(t *testing.T) {
			if s.remove != "" {
				if err := os.Remove(filepath.Join(root, s.remove)); err != nil {
					t.Fatal(err)
				}
				delete(files, s.remove)
				return
			}
			sitetest.Edit(t, files, s.file, s.old, s.new)
			sitetest.WriteTree(t, root, map[string]string{s.file: files[s.file]})
		}})
	}
	changes = append(changes,
		change{name: "a new record", do: func(t *testing.T) {
			p := "data/platforms/acme/terms/clauses/second-scraping.toml"
			files[p] = strings.Replace(files["data/platforms/acme/terms/clauses/no-scraping.toml"], `slug = "no-scraping"`, `slug = "second-scraping"`, 1)
			files[p] = strings.Replace(files[p], `id = "CA-P-000001"`, `id = "CA-P-000099"`, 1)
			sitetest.WriteTree(t, root, map[string]string{p: files[p]})
		}},
		change{name: "an output deleted", do: func(t *testing.T) {
			if err := os.Remove(filepath.Join(out, "index.html")); err != nil {
				t.Fatal(err)
			}
		}},
		change{name: "an output edited in place", do: func(t *testing.T) {
			p := filepath.Join(out, "robots.txt")
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			b[0] ^= 1
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		change{name: "the base URL option", base: "https://elsewhere.example"},
		change{name: "the base URL option back"},
		change{name: "a garbled inputs record", do: func(t *testing.T) {
			if err := os.WriteFile(write.InputsPath(out), []byte("clause-atlas inputs 1\n\xff"), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		change{name: "the manifest removed", do: func(t *testing.T) {
			if err := os.Remove(write.ManifestPath(out)); err != nil {
				t.Fatal(err)
			}
		}},
	)
	// From here on, without the ledger.
	if err := os.Remove(filepath.Join(root, "data/urls.tsv")); err != nil {
		t.Fatal(err)
	}
	if rep := diskBuild(t, root, out, ""); rep.Untouched {
		t.Fatal("the build after the ledger was removed did nothing")
	}
	for i, c := range changes {
		if c.do != nil {
			c.do(t)
		}
		rep := diskBuild(t, root, out, c.base)
		if rep.Untouched {
			t.Fatalf("%s: the build did nothing", c.name)
		}
		cold := filepath.Join(dir, "cold", string(rune('a'+i)), "public")
		if _, err := site.Build(context.Background(), site.Options{Root: sitetest.FS(files), Out: cold, BaseURL: c.base}); err != nil {
			t.Fatal(err)
		}
		if d := diffTrees(tree(t, out), tree(t, cold)); len(d) > 0 {
			t.Fatalf("%s: output differs from a cold build:\n%s", c.name, strings.Join(d, "\n"))
		}
		// The edited file was written moments ago; the record checks its
		// bytes, and the next build has nothing to do.
		if rep := diskBuild(t, root, out, c.base); !rep.Untouched || rep.Written != 0 {
			t.Fatalf("%s: the next build did not find everything unchanged (%s)", c.name, rep.Summary())
		}
	}
}

// TestLedgerGrows: a build that adds URLs to the ledger (the first, and
// one after a new record) leaves the next build with no edit nothing to
// do; a build after a later edit takes the ledger from the load cache
// without reading it, and its output is still a cold build's.
func TestLedgerGrows(t *testing.T) {
	files, dir, root, out := diskSite(t)
	build := func(name string) site.Report {
		t.Helper()
		rep, err := site.Build(context.Background(), site.Options{Root: inputs.DirFS(root), Out: out, LedgerDir: root})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return rep
	}
	ledger := func() string {
		b, err := os.ReadFile(filepath.Join(root, "data/urls.tsv"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	const newClause = "data/platforms/acme/terms/clauses/second-scraping.toml"
	steps := []struct {
		name  string
		do    func(t *testing.T)
		grows bool   // the ledger gains URLs
		holds string // a URL the ledger must list after the step
	}{
		{name: "first build", grows: true},
		{name: "a new record", grows: true, holds: "/platform/acme/terms/second-scraping/", do: func(t *testing.T) {
			files[newClause] = strings.Replace(files["data/platforms/acme/terms/clauses/no-scraping.toml"], `slug = "no-scraping"`, `slug = "second-scraping"`, 1)
			files[newClause] = strings.Replace(files[newClause], `id = "CA-P-000001"`, `id = "CA-P-000099"`, 1)
			sitetest.WriteTree(t, root, map[string]string{newClause: files[newClause]})
		}},
		{name: "an edit", do: func(t *testing.T) {
			sitetest.Edit(t, files, newClause, `title = "No scraping"`, `title = "No scraping, again"`)
			sitetest.WriteTree(t, root, map[string]string{newClause: files[newClause]})
		}},
	}
	for i, st := range steps {
		before, _ := os.ReadFile(filepath.Join(root, "data/urls.tsv"))
		if st.do != nil {
			st.do(t)
		}
		if rep := build(st.name); rep.Untouched {
			t.Fatalf("%s: the build did nothing", st.name)
		}
		if grew := ledger() != string(before); grew != st.grows {
			t.Fatalf("%s: ledger grew %v, want %v", st.name, grew, st.grows)
		}
		if st.holds != "" && !strings.Contains(ledger(), st.holds+"\t") {
			t.Fatalf("%s: the ledger lacks %s:\n%s", st.name, st.holds, ledger())
		}
		if rep := build(st.name + ", then no edit"); !rep.Untouched || rep.Written != 0 {
			t.Fatalf("%s: the next build did not find everything unchanged (%s)", st.name, rep.Summary())
		}
		cold := filepath.Join(dir, "cold", string(rune('a'+i)), "public")
		if _, err := site.Build(context.Background(), site.Options{Root: inputs.DirFS(root), Out: cold}); err != nil {
			t.Fatal(err)
		}
		if d := diffTrees(tree(t, out), tree(t, cold)); len(d) > 0 {
			t.Fatalf("%s: output differs from a cold build:\n%s", st.name, strings.Join(d, "\n"))
		}
	}
}

// countingFS counts what a build asks of each path.
type countingFS struct {
	fs.FS
	mu              sync.Mutex
	stats, listings map[string]int
}

func (c *countingFS) Stat(name string) (fs.FileInfo, error) {
	c.mu.Lock()
	c.stats[name]++
	c.mu.Unlock()
	return fs.Stat(c.FS, name)
}

func (c *countingFS) ReadDir(name string) ([]fs.DirEntry, error) {
	c.mu.Lock()
	c.listings[name]++
	c.mu.Unlock()
	return fs.ReadDir(c.FS, name)
}

func (c *countingFS) ReadFile(name string) ([]byte, error) { return fs.ReadFile(c.FS, name) }

// TestEditLooksOnce checks that a build after an edit of one record, whose
// record of the last build's inputs vouches that only that file changed,
// looks at each other record and folder once (the check of that record)
// rather than walking and statting them all again, and reads just the
// edited record; and that its output is a cold build's.
func TestEditLooksOnce(t *testing.T) {
	files, dir, root, out := diskSite(t)
	diskBuild(t, root, out, "")

	edited := "data/platforms/acme/terms/clauses/no-scraping.toml"
	sitetest.Edit(t, files, edited, `summary = "`, `summary = "Edited. `)
	sitetest.WriteTree(t, root, map[string]string{edited: files[edited]})
	age(t, filepath.Join(root, edited))

	fsys := &countingFS{FS: os.DirFS(root), stats: map[string]int{}, listings: map[string]int{}}
	rep, err := site.Build(context.Background(), site.Options{Root: fsys, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Untouched || rep.Written == 0 {
		t.Fatalf("the edit was not built: %s", rep.Summary())
	}
	records := 0
	for p := range files {
		if !strings.HasPrefix(p, "data/") {
			continue
		}
		records++
		want := 1
		if p == edited {
			want = 3 // the check, the loader's check of the hint, its read
		}
		if got := fsys.stats[p]; got != want {
			t.Errorf("%s: stat'ed %d times, want %d", p, got, want)
		}
	}
	if records < 5 {
		t.Fatalf("only %d records in the fixture", records)
	}
	for p, n := range fsys.listings {
		if strings.HasPrefix(p, "data") && n != 1 {
			t.Errorf("%s: listed %d times, want 1", p, n)
		}
	}
	if fsys.listings["data/platforms"] != 1 {
		t.Errorf("data/platforms listed %d times", fsys.listings["data/platforms"])
	}

	cold := filepath.Join(dir, "cold", "public")
	if _, err := site.Build(context.Background(), site.Options{Root: sitetest.FS(files), Out: cold}); err != nil {
		t.Fatal(err)
	}
	if d := diffTrees(tree(t, out), tree(t, cold)); len(d) > 0 {
		t.Fatalf("output differs from a cold build:\n%s", strings.Join(d, "\n"))
	}
}
