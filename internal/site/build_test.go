package site_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"

	"github.com/clauseatlas/atlas/internal/gen"
	"github.com/clauseatlas/atlas/internal/load"
	"github.com/clauseatlas/atlas/internal/search"
	"github.com/clauseatlas/atlas/internal/site"
	"github.com/clauseatlas/atlas/internal/sitetest"
)

// tree hashes every file under dir: slash path → SHA-256.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		s := sha256.Sum256(b)
		out[filepath.ToSlash(rel)] = hex.EncodeToString(s[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func diffTrees(a, b map[string]string) []string {
	var out []string
	for k, v := range a {
		if w, ok := b[k]; !ok {
			out = append(out, "only in first: "+k)
		} else if v != w {
			out = append(out, "differs: "+k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, "only in second: "+k)
		}
	}
	sort.Strings(out)
	return out
}

// onDisk writes files under root and returns the function that writes
// one of them again after an edit.
func onDisk(t *testing.T, files map[string]string, root string) (put func(name string)) {
	t.Helper()
	put = func(name string) {
		t.Helper()
		full := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(files[name]), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name := range files {
		put(name)
	}
	return put
}

// generatedSite is a generated atlas's records with the project's
// templates, static files and content, as a site root's files.
func generatedSite(t *testing.T, o gen.Options) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := gen.Generate(o, func(p string, b []byte) error {
		files[p] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return sitetest.SiteFiles(t, files)
}

func build(t *testing.T, files map[string]string, out string) site.Report {
	t.Helper()
	rep, err := site.Build(context.Background(), site.Options{Root: sitetest.FS(files), Out: out})
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	return rep
}

func TestBuildTwiceIsByteIdentical(t *testing.T) {
	files := sitetest.SiteFiles(t, sitetest.Fixture())
	dir := t.TempDir()
	build(t, files, filepath.Join(dir, "a"))
	build(t, files, filepath.Join(dir, "b"))
	if d := diffTrees(tree(t, filepath.Join(dir, "a")), tree(t, filepath.Join(dir, "b"))); len(d) > 0 {
		t.Fatalf("two builds differ:\n%s", strings.Join(d, "\n"))
	}
}

func TestFailedBuildLeavesPreviousOutput(t *testing.T) {
	files := sitetest.SiteFiles(t, sitetest.Fixture())
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	build(t, files, out)
	before := tree(t, out)

	sitetest.Edit(t, files, "data/platforms/acme/terms/clauses/no-scraping.toml", `severity = "low"`, `severity = "lowest"`)
	sitetest.Edit(t, files, "data/platforms/acme/platform.toml", `name = "Acme AI"`, `name = "Acme AI Renamed"`)
	if _, err := site.Build(context.Background(), site.Options{Root: sitetest.FS(files), Out: out}); err == nil {
		t.Fatal("build with a bad record succeeded")
	}
	if d := diffTrees(before, tree(t, out)); len(d) > 0 {
		t.Fatalf("failed build changed the output:\n%s", strings.Join(d, "\n"))
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), "staging") {
			t.Errorf("staging folder left behind: %s", e.Name())
		}
	}
}

// editSteps are edits of the fixture atlas, each of a different reach.
func editSteps() []editStep {
	return []editStep{
		{name: "analysis of one clause", file: "data/platforms/acme/terms/clauses/no-scraping.toml",
			old: "Scraping is **forbidden**.", new: "Scraping is **forbidden** outright."},
		{name: "summary of one clause", file: "data/platforms/acme/terms/clauses/no-scraping.toml",
			old: `summary = "Users may not scrape the service."`, new: `summary = "Users may never scrape the service."`, search: true},
		{name: "platform name", file: "data/platforms/beta/platform.toml", old: `name = "Beta Social"`, new: `name = "Beta Social Network"`, search: true},
		{name: "clause slug", file: "data/platforms/acme/terms/clauses/no-training.toml", old: `slug = "no-training"`, new: `slug = "no-model-training"`, search: true},
		{name: "alias of a clause", file: "data/platforms/acme/terms/clauses/no-scraping.toml", old: `slug = "no-scraping"`, new: "slug = \"no-scraping\"\naliases = [\"scraping\"]"},
		{name: "document title", file: "data/platforms/beta/tos/document.toml", old: `title = "Beta Terms of Service"`, new: `title = "Beta Terms"`, search: true},
		{name: "clause type name", file: "data/clause-types.toml", old: `name = "Training ban"`, new: `name = "Ban on training"`, search: true},
		{name: "clause type of a clause", file: "data/platforms/acme/terms/clauses/no-scraping.toml", old: `clause_type = "scraping-ban"`, new: `clause_type = "training-ban"`, search: true},
		{name: "severity of a compared clause", file: "data/platforms/beta/tos/clauses/training.toml", old: `severity = "medium"`, new: `severity = "high"`, search: true},
		{name: "version summary", file: "data/platforms/acme/terms/versions.toml", old: `event = "change"`, new: "event = \"change\"\nsummary = \"Scraping is now forbidden.\""},
		{name: "content page", file: "content/about.md", old: "The test atlas is **small**.", new: "The test atlas is **tiny**."},
		{name: "site title", file: "data/site.toml", old: `title = "Test Atlas"`, new: `title = "The Test Atlas"`},
		{name: "delete a clause", remove: "data/platforms/beta/tos/clauses/training.toml", search: true},
		{name: "platform template", file: "templates/platform.html", old: `<h2 id="documents">Documents</h2>`, new: `<h2 id="documents">Its documents</h2>`},
		{name: "shared partial", file: "templates/partials/clause-list.html", old: `<span class="meta">`, new: `<span class="meta item-meta">`},
		{name: "stylesheet", file: "static/style.css", old: `--bg-soft: #f5f6f8;`, new: `--bg-soft: #f4f6f8;`, rekeys: true, search: true},
	}
}

type editStep struct {
	name           string
	file, old, new string
	remove         string
	// rekeys: the edit changes what every output's key assumes (here, the
	// stylesheet's fingerprinted name), so nothing can be skipped.
	rekeys bool
	// search: the search index shows what the edit changes (or it
	// rekeys), so it is made again; otherwise it is kept.
	search bool
}

// TestIncrementalEqualsCold edits records between builds and checks that
// the incremental result equals a cold build of the same input, and that
// only the outputs whose bytes changed were written.
func TestIncrementalEqualsCold(t *testing.T) {
	files := sitetest.SiteFiles(t, sitetest.Fixture())
	dir := t.TempDir()
	inc := filepath.Join(dir, "inc")
	build(t, files, inc)

	for _, s := range editSteps() {
		before := tree(t, inc)
		if s.remove != "" {
			delete(files, s.remove)
		} else {
			sitetest.Edit(t, files, s.file, s.old, s.new)
		}
		rep := build(t, files, inc)
		cold := filepath.Join(dir, "cold-"+strings.ReplaceAll(s.name, " ", "-"))
		build(t, files, cold)
		after := tree(t, inc)
		if d := diffTrees(after, tree(t, cold)); len(d) > 0 {
			t.Fatalf("%s: incremental differs from cold:\n%s", s.name, strings.Join(d, "\n"))
		}
		changed, deleted := 0, 0
		for k, v := range after {
			if before[k] != v {
				changed++
			}
		}
		for k := range before {
			if _, ok := after[k]; !ok {
				deleted++
			}
		}
		if rep.Cold || rep.Written != changed || rep.Deleted != deleted {
			t.Errorf("%s: written %d deleted %d (cold %v), but %d files changed and %d disappeared", s.name, rep.Written, rep.Deleted, rep.Cold, changed, deleted)
		}
		if kept := rep.Search == "search index: unchanged"; kept == s.search {
			t.Errorf("%s: search index kept %v (%s)", s.name, kept, rep.Search)
		}
		if rep.Rekeyed != s.rekeys || (rep.Skipped == 0) != s.rekeys {
			t.Errorf("%s: rekeyed %v with %d skipped", s.name, rep.Rekeyed, rep.Skipped)
		}
	}
	rep := build(t, files, inc)
	if rep.Written != 0 || rep.Rendered != 0 {
		t.Errorf("no-change rebuild rendered %d and wrote %d", rep.Rendered, rep.Written)
	}
}

// TestSessionEqualsCold makes the same edits as TestIncrementalEqualsCold
// through a long-running process's session (the preview server's): files
// on disk, the watcher's hint naming the edited file, the manifest and the
// rendered list items kept in memory. After each edit the output must
// equal a cold preview build of the same input, and the clause downloads
// it makes on request those of a full build.
func TestSessionEqualsCold(t *testing.T) {
	files := sitetest.SiteFiles(t, sitetest.Fixture())
	dir := t.TempDir()
	root := filepath.Join(dir, "root")
	put := onDisk(t, files, root)
	var sess site.Session
	inc := filepath.Join(dir, "inc")
	preview := func(out string, s *site.Session, hint *load.Hint) site.Report {
		t.Helper()
		rep, err := site.Build(context.Background(), site.Options{Root: os.DirFS(root), Out: out, Session: s, Preview: true, Hint: hint})
		if err != nil {
			t.Fatalf("build: %v", err)
		}
		return rep
	}
	preview(inc, &sess, nil)
	for _, s := range editSteps() {
		var hint *load.Hint
		if s.remove != "" {
			delete(files, s.remove)
			if err := os.Remove(filepath.Join(root, filepath.FromSlash(s.remove))); err != nil {
				t.Fatal(err)
			}
		} else {
			sitetest.Edit(t, files, s.file, s.old, s.new)
			put(s.file)
			hint = &load.Hint{Changed: map[string]bool{s.file: true}}
		}
		rep := preview(inc, &sess, hint)
		cold := filepath.Join(dir, "cold-"+strings.ReplaceAll(s.name, " ", "-"))
		preview(cold, nil, nil)
		if d := diffTrees(tree(t, inc), tree(t, cold)); len(d) > 0 {
			t.Fatalf("%s: session build differs from cold:\n%s", s.name, strings.Join(d, "\n"))
		}
		// The clause downloads it makes on request are the edited ones.
		full := filepath.Join(dir, "full-"+strings.ReplaceAll(s.name, " ", "-"))
		build(t, files, full)
		checkMade(t, &sess, full, inc)
		if rep.Cold || (rep.Skipped == 0) != s.rekeys {
			t.Errorf("%s: cold %v, %d skipped", s.name, rep.Cold, rep.Skipped)
		}
	}
}

// TestOneEditWritesOnlyItsDependents edits one clause's summary in a
// generated atlas of 240 clauses and checks which files the rebuild
// rewrote: the clause's own files, the pages and feeds that show its
// summary, the whole-atlas downloads, and a handful of search files (named
// for their bytes, so unchanged ones stay).
func TestOneEditWritesOnlyItsDependents(t *testing.T) {
	files := generatedSite(t, gen.Options{Platforms: 8, ClausesPerPlatform: 30, Seed: 5})
	var clause string
	for p := range files {
		if strings.Contains(p, "/clauses/") && (clause == "" || p < clause) {
			clause = p
		}
	}
	out := filepath.Join(t.TempDir(), "public")
	build(t, files, out)
	before := tree(t, out)
	files[clause] = regexp.MustCompile(`(?m)^summary = "`).ReplaceAllString(files[clause], `summary = "Edited: `)
	rep := build(t, files, out)
	after := tree(t, out)

	// The clause's page folder, e.g. platform/p/d/c/.
	dir := "platform/" + strings.TrimSuffix(strings.TrimPrefix(clause, "data/platforms/"), ".toml")
	dir = strings.Replace(dir, "/clauses/", "/", 1) + "/"
	var changed, searchFiles []string
	for p, sum := range after {
		if before[p] != sum {
			changed = append(changed, p)
			if strings.HasPrefix(p, "static/search/") || strings.HasPrefix(p, "search/") {
				searchFiles = append(searchFiles, p)
			}
		}
	}
	sort.Strings(changed)
	if rep.Written != len(changed) {
		t.Errorf("report says %d written, %d files changed", rep.Written, len(changed))
	}
	for _, f := range []string{"index.html", "index.json"} {
		if before[dir+f] == "" || before[dir+f] == after[dir+f] {
			t.Errorf("%s%s did not change", dir, f)
		}
	}
	// The manifest, a few dictionary shards, one block of document shards.
	if max := 6 + search.ShardsPerBlock; len(searchFiles) == 0 || len(searchFiles) > max {
		t.Errorf("%d search files rewritten, want 1–%d: %v", len(searchFiles), max, searchFiles)
	}
	if len(changed) > 30 {
		t.Errorf("%d files rewritten for one summary, want at most 30:\n%s", len(changed), strings.Join(changed, "\n"))
	}
	// No page of another platform, except the pages that list clauses
	// across platforms (clause types, categories, the home page, changes).
	plat := strings.SplitN(dir, "/", 3)[1]
	for _, p := range changed {
		if strings.HasPrefix(p, "platform/") && !strings.HasPrefix(p, "platform/"+plat+"/") {
			t.Errorf("%s was rewritten for an edit on %s", p, plat)
		}
	}
	t.Logf("one summary edit rewrote %d of %d files: %s", len(changed), len(after), strings.Join(changed, " "))
}

// TestMissingOutputMeansColdBuild deletes the output folder behind the
// manifest's back; the next build must notice and rebuild everything.
func TestMissingOutputMeansColdBuild(t *testing.T) {
	files := sitetest.SiteFiles(t, sitetest.Fixture())
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	build(t, files, out)
	want := tree(t, out)
	os.Remove(filepath.Join(out, "platform", "acme", "index.html"))
	rep := build(t, files, out)
	if rep.Written != 1 {
		t.Errorf("after deleting one file, %d were written", rep.Written)
	}
	os.RemoveAll(out)
	build(t, files, out)
	if d := diffTrees(want, tree(t, out)); len(d) > 0 {
		t.Fatalf("rebuild after deleting the output differs:\n%s", strings.Join(d, "\n"))
	}
	os.WriteFile(filepath.Join(dir, ".atlas-cache", "public.manifest"), []byte("garbage"), 0o644)
	if rep := build(t, files, out); !rep.Cold {
		t.Error("a corrupt manifest did not lead to a cold build")
	}
}

// TestBundledAtlasLinksResolve builds the repository's own atlas and
// follows every internal link and fragment of every page.
func TestBundledAtlasLinksResolve(t *testing.T) {
	out := bundled(t)
	ids := map[string]map[string]bool{}
	docs := map[string]*html.Node{}
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		doc := sitetest.Parse(t, b)
		docs[filepath.ToSlash(rel)] = doc
		set := map[string]bool{}
		for _, n := range sitetest.Find(doc, func(n *html.Node) bool { return sitetest.Attr(n, "id") != "" }) {
			set[sitetest.Attr(n, "id")] = true
		}
		ids[filepath.ToSlash(rel)] = set
		return nil
	})
	if len(docs) < 50 {
		t.Fatalf("only %d pages built", len(docs))
	}
	resolve := func(from, ref string) (file, frag string, ok bool) {
		u, err := url.Parse(ref)
		if err != nil || u.Scheme != "" || u.Host != "" || strings.HasPrefix(ref, "//") {
			return "", "", false
		}
		p := u.Path
		if p == "" {
			p = "/" + from
		} else if !strings.HasPrefix(p, "/") {
			p = path.Join("/"+path.Dir(from), p)
		}
		if strings.HasSuffix(p, "/") {
			p += "index.html"
		}
		return strings.TrimPrefix(p, "/"), u.Fragment, true
	}
	broken := 0
	for from, doc := range docs {
		for _, n := range sitetest.Find(doc, func(n *html.Node) bool { return n.Data == "a" || n.Data == "link" || n.Data == "script" }) {
			ref := sitetest.Attr(n, "href")
			if n.Data == "script" {
				ref = sitetest.Attr(n, "src")
			}
			if ref == "" || n.Data == "link" && sitetest.Attr(n, "rel") == "canonical" {
				continue
			}
			file, frag, internal := resolve(from, ref)
			if !internal {
				continue
			}
			if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(file))); err != nil {
				t.Errorf("%s: link to %s: no such file %s", from, ref, file)
				broken++
				continue
			}
			if frag != "" && strings.HasSuffix(file, ".html") && !ids[file][frag] {
				t.Errorf("%s: link to %s: no id %q in %s", from, ref, frag, file)
				broken++
			}
		}
		if broken > 20 {
			t.Fatal("too many broken links")
		}
	}
}

var bundledOnce struct {
	sync.Once
	out string
	err error
}

// bundled builds the repository's own atlas once for all tests that read
// it, and returns the output folder.
func bundled(t *testing.T) string {
	t.Helper()
	bundledOnce.Do(func() {
		dir, err := os.MkdirTemp("", "atlas-bundled-")
		if err != nil {
			bundledOnce.err = err
			return
		}
		bundledOnce.out = filepath.Join(dir, "public")
		_, bundledOnce.err = site.Build(context.Background(), site.Options{Root: os.DirFS(sitetest.RepoRoot(t)), Out: bundledOnce.out, NoCache: true})
	})
	if bundledOnce.err != nil {
		t.Fatal(bundledOnce.err)
	}
	return bundledOnce.out
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bundledOnce.out != "" {
		os.RemoveAll(filepath.Dir(bundledOnce.out))
	}
	os.Exit(code)
}

// TestTemplateEditRendersItsPages: an edit to one page kind's template
// renders that kind's pages again and nothing else; an edit to a partial
// every kind includes renders every page, but none of the files made
// without templates (citations, JSON, feeds, search).
func TestTemplateEditRendersItsPages(t *testing.T) {
	files := sitetest.SiteFiles(t, sitetest.Fixture())
	out := filepath.Join(t.TempDir(), "public")
	build(t, files, out)
	steps := []struct {
		file, old, new string
		kinds          []string // the page kinds rendered again; nil: all
	}{
		{"templates/platform.html", `<h2 id="documents">Documents</h2>`, `<h2 id="documents">Its documents</h2>`, []string{"platform"}},
		{"templates/clause.html", `<h2 id="why">Why it matters</h2>`, `<h2 id="why">Why this matters</h2>`, []string{"clause"}},
		// Only the spaces of the source: the minified template, and so
		// every page, is the same.
		{"templates/clause.html", `{{define "content"}}`, "{{define \"content\"}}\n", []string{}},
		{"templates/partials/clause-list.html", `<span class="meta">`, `<span class="meta item-meta">`, nil},
	}
	for _, s := range steps {
		sitetest.Edit(t, files, s.file, s.old, s.new)
		rep := build(t, files, out)
		want := 0
		for kind, n := range rep.Pages {
			if s.kinds == nil || slices.Contains(s.kinds, kind) {
				want += n
			}
		}
		if rep.Cold || rep.Rekeyed || rep.Rendered != want {
			t.Errorf("%s: rendered %d outputs, want the %d pages of %v (cold %v, rekeyed %v)", s.file, rep.Rendered, want, s.kinds, rep.Cold, rep.Rekeyed)
		}
	}
}
