package scaffold

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/clauseatlas/atlas/internal/problem"
	"github.com/clauseatlas/atlas/internal/site"
	"github.com/clauseatlas/atlas/internal/sitetest"
	"github.com/clauseatlas/atlas/internal/write"
)

var now = time.Date(2026, 5, 12, 9, 51, 7, 0, time.UTC)

// fixture writes the test atlas to a temporary site root. The ledger
// remembers a retired clause CA-P-000009, merged into CA-P-000001 (whose
// alias keeps its URL alive): its ID must not be reused.
func fixture(t *testing.T) string {
	t.Helper()
	files := sitetest.Fixture()
	files["data/urls.tsv"] = "/platform/acme/terms/old-name/\tCA-P-000009\n"
	sitetest.Edit(t, files, "data/platforms/acme/terms/clauses/no-scraping.toml", `slug = "no-scraping"`,
		"slug = \"no-scraping\"\naliases = [\"/platform/acme/terms/old-name/\"]")
	root := t.TempDir()
	sitetest.WriteTree(t, root, files)
	return root
}

// create plans req in root and writes the file, as atlas new does.
func create(t *testing.T, root string, req Request) Plan {
	t.Helper()
	req.Now = now
	p, err := New(os.DirFS(root), req)
	if err != nil {
		t.Fatalf("New(%+v): %v", req, err)
	}
	if err := write.Tree(root, map[string][]byte{p.Path: p.Body}, false); err != nil {
		t.Fatal(err)
	}
	return p
}

// fill replaces each placeholder line of a scaffolded file, failing when
// one is not there.
func fill(t *testing.T, root, file string, values map[string]string) {
	t.Helper()
	name := filepath.Join(root, filepath.FromSlash(file))
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for old, new := range values {
		if !strings.Contains(s, old) {
			t.Fatalf("%s has no %q:\n%s", file, old, s)
		}
		s = strings.Replace(s, old, new, 1)
	}
	if err := os.WriteFile(name, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// problems runs atlas check on root and returns its problems as text.
func problems(t *testing.T, root string) []string {
	t.Helper()
	_, _, err := site.Check(os.DirFS(root))
	if err == nil {
		return nil
	}
	var pe *problem.Error
	if !errors.As(err, &pe) {
		t.Fatalf("check: %v", err)
	}
	var out []string
	for _, p := range pe.Problems {
		out = append(out, p.String())
	}
	return out
}

// TestScaffoldedRecordsPassCheckOnceFilled scaffolds a platform, a
// document in it and a clause in that, and checks that unfilled
// placeholders are reported clearly and filled ones pass (issue 6).
func TestScaffoldedRecordsPassCheckOnceFilled(t *testing.T) {
	root := fixture(t)

	pl := create(t, root, Request{Kind: Platform, Title: "Ünïcode Café & Co.", Sector: "social"})
	if pl.Path != "data/platforms/unicode-cafe-co/platform.toml" || pl.ID != "CA-E-00003" || pl.URL != "/platform/unicode-cafe-co/" {
		t.Errorf("platform plan: %s %s %s", pl.Path, pl.ID, pl.URL)
	}
	doc := create(t, root, Request{Kind: Document, Title: "Terms of Service", Parent: "unicode-cafe-co", Type: "terms-of-service"})
	if doc.Path != "data/platforms/unicode-cafe-co/terms-of-service/document.toml" || doc.ID != "CA-D-00003" {
		t.Errorf("document plan: %s %s", doc.Path, doc.ID)
	}
	cl := create(t, root, Request{Kind: Clause, Title: "No \"scraping\", ever", Parent: doc.ID, Type: "scraping-ban"})
	// CA-P-000009 is retired (in the ledger), so the next clause is 10.
	if cl.Path != "data/platforms/unicode-cafe-co/terms-of-service/clauses/no-scraping-ever.toml" || cl.ID != "CA-P-000010" ||
		cl.URL != "/platform/unicode-cafe-co/terms-of-service/no-scraping-ever/" {
		t.Errorf("clause plan: %s %s %s", cl.Path, cl.ID, cl.URL)
	}

	got := problems(t, root)
	want := []string{
		pl.Path + `:8: missing required field "description"`,
		cl.Path + `:8: missing required field "severity"`,
		cl.Path + `:9: missing required field "confidence"`,
		cl.Path + `:10: missing required field "evidence"`,
		cl.Path + `:23: quote is empty: a clause quotes the document's own language`,
		cl.Path + `:25: missing required field "summary"`,
		cl.Path + `:27: missing required field "why_it_matters"`,
		cl.Path + `:29: missing required field "consumer_impact"`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("check of unfilled records:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	fill(t, root, pl.Path, map[string]string{`description = ""`: `description = "A café."`})
	fill(t, root, doc.Path, map[string]string{`source_url = ""`: `source_url = "https://cafe.example/terms"`})
	fill(t, root, cl.Path, map[string]string{
		`severity = ""`:        `severity = "low"`,
		`confidence = ""`:      `confidence = "high"`,
		`evidence = ""`:        `evidence = "explicit-language"`,
		`quote = ""`:           `quote = "Do not scrape."`,
		`summary = ""`:         `summary = "No scraping."`,
		`why_it_matters = ""`:  `why_it_matters = "Research."`,
		`consumer_impact = ""`: `consumer_impact = "None."`,
	})
	if got := problems(t, root); len(got) > 0 {
		t.Errorf("check of filled records:\n%s", strings.Join(got, "\n"))
	}
}

func TestClauseFileLooksRight(t *testing.T) {
	root := fixture(t)
	p, err := New(os.DirFS(root), Request{Kind: Clause, Title: "No training", Parent: "acme/terms", Type: "training-ban", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	want := `# Clause record, scaffolded by atlas new on 2026-05-12. See docs/schema.md.
# Fill in every field marked required, then run atlas check.
id = "CA-P-000010"                # permanent: never change or reuse it
document = "CA-D-00001"           # Acme AI · Acme Terms
clause_type = "training-ban"      # Training ban
title = "No training"             # required: what the clause does, as a headline
slug = "no-training-2"            # required; URL /platform/acme/terms/no-training-2/
severity = ""                     # required: high, medium or low
confidence = ""                   # required: high, medium or low
evidence = ""                     # required: explicit-language, implicit-language, absence-of-language, external-statement or secondary-quotation
categories = []                   # category keys besides the clause type's own: ai-governance, acceptable-use
regulations = []                  # regulation keys: cfaa
agencies = []                     # agency keys: ftc
locator = ""                      # where the quote sits in the document, e.g. § 50.5
first_tracked = 2026-05-12        # required
last_verified = 2026-05-12        # required: when the clause was last checked against the document
analysis_generated = 2026-05-12T09:51:07Z   # required: when the analysis below was written
# captured = 2026-05-12T09:51:07Z   # when the quoted text was captured; uncomment with sha256
# sha256 = ""                     # SHA-256 of that capture (64 hex digits), as in the document's versions.toml
aliases = []                      # old slugs or paths, after a rename

# required: the document's own words, verbatim
quote = ""
# required: what the clause does, in plain words
summary = ""
# required: why a reader should care
why_it_matters = ""
# required: what it means for the people bound by it
consumer_impact = ""
# where the wording leaves room for doubt
interpretive_note = ""
# Markdown: the regulatory landscape, exposure, jurisdiction, what to do
analysis = """
"""
`
	if string(p.Body) != want {
		t.Errorf("clause file:\n%s\nwant:\n%s", p.Body, want)
	}
}

func TestRefusals(t *testing.T) {
	root := fixture(t)
	fsys := os.DirFS(root)
	for _, tc := range []struct {
		req  Request
		want string
	}{
		{Request{Kind: Platform, Title: "", Sector: "ai"}, "--name is required"},
		{Request{Kind: Platform, Title: "Gamma", Sector: "socail"}, `--sector "socail" is not one of: ai, social (did you mean "social"?)`},
		{Request{Kind: Platform, Title: "Acme", Slug: "acme", Sector: "ai"}, `slug "acme" is already used`},
		{Request{Kind: Platform, Title: "Weibo 微博", Slug: "Bad Slug", Sector: "ai"}, `--slug "Bad Slug" must be`},
		{Request{Kind: Platform, Title: "微博", Sector: "ai"}, `cannot make a slug from "微博": give one with --slug`},
		{Request{Kind: Document, Title: "Terms", Parent: "acm", Type: "terms-of-service"}, `no platform "acm" (did you mean "acme"?)`},
		{Request{Kind: Document, Title: "Terms", Parent: "acme", Type: "tos"}, `--type "tos" is not one of:`},
		{Request{Kind: Clause, Title: "X", Parent: "CA-D-99999", Type: "training-ban"}, `no document "CA-D-99999"`},
		{Request{Kind: Clause, Title: "X", Parent: "CA-D-00001", Type: "training"}, `--type "training" is not one of: scraping-ban, training-ban`},
		{Request{Kind: Clause, Title: "X", Parent: "CA-D-00001", Slug: "no-scraping", Type: "training-ban"}, `slug "no-scraping" is already used in document CA-D-00001`},
		{Request{Kind: "policy", Title: "X"}, `cannot scaffold a "policy"`},
	} {
		tc.req.Now = now
		_, err := New(fsys, tc.req)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%+v): %v, want an error containing %q", tc.req, err, tc.want)
		}
	}
}

// TestSlugsAvoidAliasesAndFolders checks that a made slug skips slugs that
// records, their aliases or existing folders hold.
func TestSlugsAvoidAliasesAndFolders(t *testing.T) {
	files := sitetest.Fixture()
	sitetest.Edit(t, files, "data/platforms/beta/platform.toml", `slug = "beta"`, "slug = \"beta\"\naliases = [\"gamma\"]")
	root := t.TempDir()
	sitetest.WriteTree(t, root, files)
	if err := os.MkdirAll(filepath.Join(root, "data/platforms/gamma-2"), 0o755); err != nil {
		t.Fatal(err)
	}
	p, err := New(os.DirFS(root), Request{Kind: Platform, Title: "Gamma", Sector: "ai", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if p.Path != "data/platforms/gamma-3/platform.toml" {
		t.Errorf("path %s, want gamma-3 (gamma is an alias, gamma-2 a folder)", p.Path)
	}
	// A document's folder and a clause's file are named after the slug.
	p, err = New(os.DirFS(root), Request{Kind: Document, Title: "Acme Terms", Parent: "CA-E-00001", Type: "terms-of-service", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if p.Path != "data/platforms/acme/acme-terms/document.toml" {
		t.Errorf("path %s", p.Path)
	}
	p, err = New(os.DirFS(root), Request{Kind: Document, Title: "Terms", Parent: "acme", Type: "terms-of-service", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if p.Path != "data/platforms/acme/terms-2/document.toml" {
		t.Errorf("path %s, want terms-2 (terms is a document and a folder)", p.Path)
	}
}

func TestLongTitlesMakeShortSlugs(t *testing.T) {
	root := fixture(t)
	title := strings.Repeat("Prohibition on training competing models ", 5)
	p, err := New(os.DirFS(root), Request{Kind: Clause, Title: title, Parent: "CA-D-00002", Type: "training-ban", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	slug := strings.TrimSuffix(filepath.Base(p.Path), ".toml")
	if len(slug) > maxSlug || strings.HasSuffix(slug, "-") || !strings.HasPrefix(slug, "prohibition-on-training-competing-models-prohibition") {
		t.Errorf("slug %q (%d bytes)", slug, len(slug))
	}
}
