package render_test

import (
	"crypto/sha256"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/clauseatlas/atlas/internal/check"
	"github.com/clauseatlas/atlas/internal/index"
	"github.com/clauseatlas/atlas/internal/load"
	"github.com/clauseatlas/atlas/internal/minifier"
	"github.com/clauseatlas/atlas/internal/render"
	"github.com/clauseatlas/atlas/internal/sitetest"
)

func plannerOf(t *testing.T, files map[string]string) *render.Planner {
	t.Helper()
	c, probs := load.Corpus(sitetest.FS(files))
	if probs.Len() > 0 {
		t.Fatal(probs.Err())
	}
	return render.NewPlanner(index.Build(c), render.Assets{CSS: "/static/style.css", JS: "/static/site.js", Icon: "/static/icon.svg"}, "")
}

// site loads, checks and indexes files, and returns the renderer and the
// planned pages.
func site(t *testing.T, files map[string]string) (*render.Renderer, []render.Page) {
	t.Helper()
	fsys := sitetest.FS(sitetest.SiteFiles(t, files))
	c, probs := load.Corpus(fsys)
	probs.Append(check.Corpus(c).Items()...)
	if err := probs.Err(); err != nil {
		t.Fatalf("fixture has problems: %v", err)
	}
	x := index.Build(c)
	r, err := render.New(fsys, x)
	if err != nil {
		t.Fatal(err)
	}
	assets := render.Assets{CSS: "/static/style.css", JS: "/static/site.js", Icon: "/static/icon.svg"}
	return r, render.NewPlanner(x, assets, "").Pages()
}

// TestGoldenPages renders one page of every kind from the fixture and
// compares it with testdata/golden/<kind>.html (go test -update rewrites).
func TestGoldenPages(t *testing.T) {
	r, pages := site(t, sitetest.Fixture())
	pages = append(pages, plannerOf(t, sitetest.Fixture()).Redirect("/id/CA-P-000001/", "/platform/acme/terms/no-scraping/", "CA-P-000001"))
	seen := map[string]bool{}
	for _, p := range pages {
		if seen[p.Template] {
			continue
		}
		seen[p.Template] = true
		t.Run(p.Template, func(t *testing.T) {
			b, err := r.Execute(p.Template, p.View())
			if err != nil {
				t.Fatal(err)
			}
			sitetest.Parse(t, b)
			sitetest.Golden(t, "testdata/golden/"+p.Template+".html", readable(b))
		})
	}
	for _, kind := range r.Kinds() {
		if !seen[kind] {
			t.Errorf("no page of kind %q in the fixture", kind)
		}
	}
}

// readable breaks minified HTML before block-level tags, so golden files
// diff line by line.
func readable(b []byte) []byte {
	s := string(b)
	for _, tag := range []string{"<head", "<body", "<meta", "<link", "<script", "<header", "<footer", "<nav", "<main",
		"<section", "<article", "<aside", "<h1", "<h2", "<h3", "<p", "<ul", "<ol", "<li", "<dl", "<dt", "<dd",
		"<table", "<thead", "<tbody", "<tr", "<figure", "<blockquote", "<form", "<div"} {
		s = strings.ReplaceAll(s, tag+">", "\n"+tag+">")
		s = strings.ReplaceAll(s, tag+" ", "\n"+tag+" ")
	}
	return []byte(s + "\n")
}

// TestPagesAreMinified checks that the pages come out minified: a second
// pass of the minifier over a finished page finds almost nothing to do.
func TestPagesAreMinified(t *testing.T) {
	r, pages := site(t, sitetest.Fixture())
	m := minifier.New()
	for _, p := range pages {
		b, err := r.Execute(p.Template, p.View())
		if err != nil {
			t.Fatal(err)
		}
		again, err := m.Bytes("text/html", b)
		if err != nil {
			t.Fatal(err)
		}
		if saved := len(b) - len(again); saved*100 > len(b) {
			t.Errorf("%s: minifying the page again saves %d of %d bytes", p.Path, saved, len(b))
		}
	}
}

func pageAt(t *testing.T, r *render.Renderer, pages []render.Page, path string) *html.Node {
	t.Helper()
	for _, p := range pages {
		if p.Path == path {
			b, err := r.Execute(p.Template, p.View())
			if err != nil {
				t.Fatal(err)
			}
			return sitetest.Parse(t, b)
		}
	}
	t.Fatalf("no page at %s", path)
	return nil
}

// TestDataIsEscaped puts markup and script URLs into every kind of text
// field and checks that the page holds them as inert text.
func TestDataIsEscaped(t *testing.T) {
	files := sitetest.Fixture()
	const clause = "data/platforms/acme/terms/clauses/no-scraping.toml"
	sitetest.Edit(t, files, clause, `title = "No scraping"`, `title = "No <script>alert('t')</script> scraping"`)
	sitetest.Edit(t, files, clause, `quote = "You may not scrape."`, `quote = "You <b>may</b> not <img src=x onerror=alert(1)> scrape."`)
	sitetest.Edit(t, files, clause, `summary = "Users may not scrape the service."`, `summary = "<a href='javascript:alert(1)'>click</a>"`)
	r, pages := site(t, files)
	doc := pageAt(t, r, pages, "/platform/acme/terms/no-scraping/")

	for _, s := range sitetest.Find(doc, sitetest.Tag("script")) {
		if typ := sitetest.Attr(s, "type"); typ != "application/ld+json" && sitetest.Attr(s, "src") == "" {
			t.Errorf("unexpected executable script element: %s", sitetest.Text(s))
		}
	}
	if n := len(sitetest.Find(doc, sitetest.Tag("img"))); n != 0 {
		t.Errorf("found %d img elements from data", n)
	}
	for _, a := range sitetest.Find(doc, sitetest.Tag("a")) {
		if strings.HasPrefix(strings.ToLower(strings.TrimSpace(sitetest.Attr(a, "href"))), "javascript:") {
			t.Errorf("javascript: link survived: %s", sitetest.Attr(a, "href"))
		}
	}
	h1 := sitetest.Find(doc, sitetest.Tag("h1"))
	if len(h1) != 1 || sitetest.Text(h1[0]) != "No <script>alert('t')</script> scraping" {
		t.Errorf("title not shown as text: %q", sitetest.Text(h1[0]))
	}
	quote := sitetest.Find(sitetest.Section(doc, "language"), sitetest.Tag("blockquote"))
	if len(quote) != 1 || !strings.Contains(sitetest.Text(quote[0]), "<img src=x onerror=alert(1)>") {
		t.Errorf("quote not shown as text")
	}
	what := sitetest.Section(doc, "what")
	if !strings.Contains(sitetest.Text(what), "<a href='javascript:alert(1)'>click</a>") {
		t.Errorf("summary not shown as text: %s", sitetest.Text(what))
	}
}

// TestClausePageAnatomy checks every block of a clause page is there.
func TestClausePageAnatomy(t *testing.T) {
	r, pages := site(t, sitetest.Fixture())
	doc := pageAt(t, r, pages, "/platform/acme/terms/no-scraping/")
	for _, id := range []string{"what", "why", "activity", "impact", "compare", "language", "analysis", "law", "details", "provenance", "cite", "classification", "others", "faq"} {
		if sitetest.Section(doc, id) == nil {
			t.Errorf("no section %q", id)
		}
	}
	crumbs := sitetest.Find(doc, func(n *html.Node) bool { return sitetest.Attr(n, "aria-label") == "Breadcrumb" })
	if len(crumbs) != 1 || sitetest.Text(crumbs[0]) != "Home Acme AI Acme Terms No scraping" {
		t.Errorf("breadcrumb: %v", crumbs)
	}
	badges := sitetest.Text(sitetest.Find(doc, func(n *html.Node) bool { return sitetest.Attr(n, "class") == "badges" })[0])
	if want := "Low severity High confidence Explicit document language Unique · 0 of 1 other platforms"; badges != want {
		t.Errorf("badges = %q, want %q", badges, want)
	}
	prov := sitetest.Text(sitetest.Section(doc, "provenance"))
	for _, want := range []string{sitetest.TextSHA, "Snapshot stored", "Hash verified"} {
		if !strings.Contains(prov, want) {
			t.Errorf("provenance lacks %q: %s", want, prov)
		}
	}
	if got := len(sitetest.Find(sitetest.Section(doc, "faq"), sitetest.Tag("h3"))); got != 5 {
		t.Errorf("FAQ has %d questions, want 5", got)
	}
	var types []string
	for _, s := range sitetest.Find(doc, sitetest.Tag("script")) {
		if sitetest.Attr(s, "type") == "application/ld+json" {
			types = append(types, strings.SplitN(strings.SplitN(sitetest.Text(s), `"@type":"`, 2)[1], `"`, 2)[0])
		}
	}
	if strings.Join(types, ",") != "BreadcrumbList,FAQPage,CreativeWork" {
		t.Errorf("JSON-LD types %v", types)
	}
}

// TestClauseContentsMatchSections: the "On this page" list of a clause
// page names exactly the page's sections, in order, for clauses with and
// without the optional sections (analysis, agencies and regulations).
func TestClauseContentsMatchSections(t *testing.T) {
	r, pages := site(t, sitetest.Fixture())
	clauses, withAnalysis, withLaw := 0, 0, 0
	for _, p := range pages {
		if p.Template != "clause" {
			continue
		}
		clauses++
		b, err := r.Execute(p.Template, p.View())
		if err != nil {
			t.Fatal(err)
		}
		doc, err := html.Parse(strings.NewReader(string(b)))
		if err != nil {
			t.Fatal(err)
		}
		var sections, links []string
		for _, h := range sitetest.Find(doc, func(n *html.Node) bool {
			return n.Type == html.ElementNode && n.Data == "h2" && n.Parent != nil && n.Parent.Data == "section"
		}) {
			sections = append(sections, "#"+sitetest.Attr(h, "id"))
		}
		navs := sitetest.Find(doc, func(n *html.Node) bool {
			return n.Type == html.ElementNode && n.Data == "nav" && sitetest.Attr(n, "aria-label") == "On this page"
		})
		if len(navs) != 1 {
			t.Fatalf("%s: %d contents lists", p.Path, len(navs))
		}
		for _, a := range sitetest.Find(navs[0], func(n *html.Node) bool { return n.Type == html.ElementNode && n.Data == "a" }) {
			links = append(links, sitetest.Attr(a, "href"))
		}
		if strings.Join(links, " ") != strings.Join(sections, " ") {
			t.Errorf("%s: contents %v, sections %v", p.Path, links, sections)
		}
		if strings.Contains(strings.Join(sections, " "), "#analysis") {
			withAnalysis++
		}
		if strings.Contains(strings.Join(sections, " "), "#law") {
			withLaw++
		}
	}
	if clauses < 2 || withAnalysis == 0 || withAnalysis == clauses || withLaw == 0 || withLaw == clauses {
		t.Errorf("fixture does not exercise the optional sections: %d clauses, %d with analysis, %d with agencies or regulations", clauses, withAnalysis, withLaw)
	}
}

// TestPageTitles: a page's <title> and meta description are the ones the
// planner made for its layout, not a field of the page's own view with
// the same name. Clause and document titles name the platform, since
// many platforms have a clause or a document of the same title.
func TestPageTitles(t *testing.T) {
	const doc = "data/platforms/acme/terms/document.toml"
	tests := []struct {
		name      string
		edit      [2]string // in the Acme document's record, when set
		path      string
		title     string
		described bool // meta description not empty
	}{
		{name: "clause", path: "/platform/acme/terms/no-scraping/", title: "No scraping · Acme AI · Test Atlas", described: true},
		{name: "document", path: "/platform/acme/terms/", title: "Acme Terms (Acme AI) · Test Atlas", described: true},
		{name: "document naming its platform", edit: [2]string{`title = "Acme Terms"`, `title = "The ACME AI Terms"`},
			path: "/platform/acme/terms/", title: "The ACME AI Terms · Test Atlas", described: true},
		{name: "platform", path: "/platform/acme/", title: "Acme AI: terms, policies and clauses · Test Atlas", described: true},
		{name: "home, no tagline", path: "/", title: "Test Atlas", described: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := sitetest.Fixture()
			if tt.edit[0] != "" {
				sitetest.Edit(t, files, doc, tt.edit[0], tt.edit[1])
			}
			r, pages := site(t, files)
			page := pageAt(t, r, pages, tt.path)
			titles := sitetest.Find(page, sitetest.Tag("title"))
			if len(titles) != 1 {
				t.Fatalf("%d title elements", len(titles))
			}
			if got := sitetest.Text(titles[0]); got != tt.title {
				t.Errorf("title = %q, want %q", got, tt.title)
			}
			// The fixture's site has no tagline: nothing may be left of it.
			for _, p := range sitetest.Find(page, sitetest.Tag("p")) {
				if strings.HasPrefix(sitetest.Text(p), ".") {
					t.Errorf("paragraph %q", sitetest.Text(p))
				}
			}
			desc := sitetest.Find(page, func(n *html.Node) bool { return n.Data == "meta" && sitetest.Attr(n, "name") == "description" })
			if len(desc) != 1 || (sitetest.Attr(desc[0], "content") != "") != tt.described {
				t.Errorf("meta description: %d elements, content %q", len(desc), sitetest.Attr(desc[0], "content"))
			}
		})
	}
}

// TestDiffTitlesSameDay: a document captured twice in one day has two
// diffs ending that day, and their pages' titles name the time.
func TestDiffTitlesSameDay(t *testing.T) {
	files := sitetest.Fixture()
	text := sitetest.StoredText + "\nYou may not resell what the service makes to third parties.\n"
	sum := fmt.Sprintf("%x", sha256.Sum256([]byte(text)))
	files["data/platforms/acme/terms/texts/"+sum+".md"] = text
	files["data/platforms/acme/terms/versions.toml"] += fmt.Sprintf(`
[[version]]
captured = 2026-02-01T18:00:00Z
sha256 = "%s"
bytes = %d
lines_added = 1
event = "change"
text = "texts/%s.md"
`, sum, len(text), sum)
	r, pages := site(t, files)
	var titles []string
	for _, p := range pages {
		if p.Template != "diff" {
			continue
		}
		title := sitetest.Find(pageAt(t, r, pages, p.Path), sitetest.Tag("title"))
		titles = append(titles, sitetest.Text(title[0]))
	}
	sort.Strings(titles)
	want := []string{
		"Changes to Acme Terms, February 1, 2026, 10:00 UTC · Test Atlas",
		"Changes to Acme Terms, February 1, 2026, 18:00 UTC · Test Atlas",
	}
	if !slices.Equal(titles, want) {
		t.Errorf("diff titles:\n%q\nwant\n%q", titles, want)
	}
}
