package site_test

import (
	"bufio"
	"context"
	"encoding/xml"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/clauseatlas/atlas/internal/problem"
	"github.com/clauseatlas/atlas/internal/site"
	"github.com/clauseatlas/atlas/internal/sitetest"
)

// redirects parses a _redirects file into source → target.
func redirects(t *testing.T, out string) map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join(out, "_redirects"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		parts := strings.Fields(l)
		if len(parts) != 3 || parts[2] != "301!" {
			t.Fatalf("bad _redirects line %q", l)
		}
		m[parts[0]] = parts[1]
	}
	return m
}

// refreshTarget returns where a fallback page sends the browser.
func refreshTarget(t *testing.T, file string) string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("no fallback page: %v", err)
	}
	doc := sitetest.Parse(t, b)
	for _, m := range sitetest.Find(doc, sitetest.Tag("meta")) {
		if sitetest.Attr(m, "http-equiv") == "refresh" {
			return strings.TrimPrefix(sitetest.Attr(m, "content"), "0; url=")
		}
	}
	t.Fatalf("%s has no refresh", file)
	return ""
}

func TestRenamedSlugNeedsAlias(t *testing.T) {
	files := sitetest.SiteFiles(t, sitetest.Fixture())
	files["data/urls.tsv"] = "/platform/acme/terms/no-scraping/\tCA-P-000001\n"
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	build(t, files, out)

	const clause = "data/platforms/acme/terms/clauses/no-scraping.toml"
	sitetest.Edit(t, files, clause, `slug = "no-scraping"`, `slug = "scraping-forbidden"`)
	_, err := site.Build(context.Background(), site.Options{Root: sitetest.FS(files), Out: out})
	var pe *problem.Error
	if !errors.As(err, &pe) || len(pe.Problems) != 1 {
		t.Fatalf("renaming without an alias: want one problem, got %v", err)
	}
	want := "data/urls.tsv:1: published URL /platform/acme/terms/no-scraping/ (record CA-P-000001) is no longer produced and no redirect covers it"
	if got := pe.Problems[0].String(); !strings.HasPrefix(got, want) {
		t.Errorf("problem:\n got %s\nwant %s…", got, want)
	}

	sitetest.Edit(t, files, clause, `slug = "scraping-forbidden"`, "slug = \"scraping-forbidden\"\naliases = [\"no-scraping\"]")
	build(t, files, out)
	rs := redirects(t, out)
	if got := rs["/platform/acme/terms/no-scraping/*"]; got != "/platform/acme/terms/scraping-forbidden/:splat" {
		t.Errorf("_redirects sends the old URL to %q", got)
	}
	if got := refreshTarget(t, filepath.Join(out, "platform/acme/terms/no-scraping/index.html")); got != "/platform/acme/terms/scraping-forbidden/" {
		t.Errorf("fallback page sends the old URL to %q", got)
	}
}

// TestEveryRecordHasAPermalink checks /id/<ID>/ for every platform,
// document and clause of the bundled atlas, through _redirects and through
// the fallback pages.
func TestEveryRecordHasAPermalink(t *testing.T) {
	root := sitetest.RepoRoot(t)
	out := bundled(t)
	c, _, err := site.Check(os.DirFS(root))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range c.Platforms {
		ids = append(ids, p.ID)
	}
	for _, d := range c.Documents {
		ids = append(ids, d.ID)
	}
	for _, cl := range c.Clauses {
		ids = append(ids, cl.ID)
	}
	rs := redirects(t, out)
	for _, id := range ids {
		target, ok := rs["/id/"+id+"/"]
		if !ok {
			t.Errorf("no redirect for %s", id)
			continue
		}
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(target), "index.html")); err != nil {
			t.Errorf("%s redirects to %s, which is not a page", id, target)
		}
		if got := refreshTarget(t, filepath.Join(out, "id", id, "index.html")); got != target {
			t.Errorf("%s: fallback page goes to %s, redirect to %s", id, got, target)
		}
	}
}

type atomFeed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Entries []struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Link    struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
	} `xml:"entry"`
}

func TestFeedsAndSitemap(t *testing.T) {
	files := sitetest.SiteFiles(t, sitetest.Fixture())
	out := filepath.Join(t.TempDir(), "public")
	build(t, files, out)

	read := func(name string, v any) {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := xml.Unmarshal(b, v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	var f atomFeed
	read("platform/acme/feed.xml", &f)
	if f.ID != "https://atlas.example/platform/acme/feed.xml" || f.Updated != "2026-02-01T10:00:00Z" {
		t.Errorf("feed head: %+v", f)
	}
	var got []string
	for _, e := range f.Entries {
		got = append(got, e.Updated+" "+e.Title+" "+e.ID)
	}
	want := []string{
		"2026-02-01T10:00:00Z Acme Terms changed (Acme AI) tag:atlas.example,2026-02-01:CA-D-00001/" + sitetest.TextSHA,
		"2026-02-01T00:00:00Z No scraping (Acme AI, low severity) tag:atlas.example,2026-01-05:CA-P-000001",
		"2026-02-01T00:00:00Z No training on outputs (Acme AI, high severity) tag:atlas.example,2026-01-05:CA-P-000002",
		"2026-01-05T10:00:00Z Acme Terms changed (Acme AI) tag:atlas.example,2026-01-05:CA-D-00001/" + sitetest.OldTextSHA,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("platform feed entries:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	var sm struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	read("sitemap.xml", &sm)
	var locs []string
	for _, u := range sm.URLs {
		locs = append(locs, strings.TrimPrefix(u.Loc, "https://atlas.example"))
	}
	// Exactly the canonical pages: no 404, no search, no redirect pages.
	var pages []string
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Name() == "index.html" {
			rel, _ := filepath.Rel(out, filepath.Dir(p))
			u := "/" + filepath.ToSlash(rel) + "/"
			if rel == "." {
				u = "/"
			}
			if !strings.HasPrefix(u, "/id/") && u != "/search/" {
				pages = append(pages, u)
			}
		}
		return nil
	})
	sort.Strings(pages)
	if strings.Join(locs, "\n") != strings.Join(pages, "\n") {
		t.Errorf("sitemap lists:\n%s\ncanonical pages:\n%s", strings.Join(locs, "\n"), strings.Join(pages, "\n"))
	}
}

func TestNetlifyConfig(t *testing.T) {
	var cfg struct {
		Build struct {
			Command     string            `toml:"command"`
			Publish     string            `toml:"publish"`
			Environment map[string]string `toml:"environment"`
		} `toml:"build"`
	}
	md, err := toml.DecodeFile(filepath.Join(sitetest.RepoRoot(t), "netlify.toml"), &cfg)
	if err != nil {
		t.Fatal(err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		t.Errorf("unexpected keys: %v", und)
	}
	if cfg.Build.Publish != "public" || !strings.Contains(cfg.Build.Command, "atlas build --out "+cfg.Build.Publish) {
		t.Errorf("netlify.toml builds %q and publishes %q", cfg.Build.Command, cfg.Build.Publish)
	}
	if !strings.HasPrefix(cfg.Build.Environment["GO_VERSION"], "1.26") {
		t.Errorf("GO_VERSION = %q", cfg.Build.Environment["GO_VERSION"])
	}
}
