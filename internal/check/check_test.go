package check_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/clauseatlas/atlas/internal/atlas"
	"github.com/clauseatlas/atlas/internal/check"
	"github.com/clauseatlas/atlas/internal/load"
	"github.com/clauseatlas/atlas/internal/sitetest"
)

// problems runs load and check the way the build does and returns the
// problems as printed.
func problems(files map[string]string) []string {
	fsys := sitetest.FS(files)
	c, probs := load.Corpus(fsys)
	probs.Append(check.Corpus(c).Items()...)
	probs.Resolve(load.Lines(fsys))
	var out []string
	for _, p := range probs.Items() {
		out = append(out, p.String())
	}
	return out
}

func TestFixtureIsValid(t *testing.T) {
	if got := problems(sitetest.Fixture()); len(got) > 0 {
		t.Fatalf("fixture has problems:\n%s", strings.Join(got, "\n"))
	}
}

const (
	clause  = "data/platforms/acme/terms/clauses/no-scraping.toml"
	clause2 = "data/platforms/acme/terms/clauses/no-training.toml"
	doc     = "data/platforms/acme/terms/document.toml"
	vers    = "data/platforms/acme/terms/versions.toml"
	plat    = "data/platforms/acme/platform.toml"
	text    = "data/platforms/acme/terms/texts/" + sitetest.TextSHA + ".md"
)

type edit struct{ file, old, new string }

func TestRules(t *testing.T) {
	tests := []struct {
		name  string
		edits []edit
		add   map[string]string
		want  []string
	}{
		{
			name:  "syntax error keeps line and column",
			edits: []edit{{clause, `severity = "low"`, `severity = "low`}},
			want:  []string{clause + ":6:16: syntax error: strings cannot contain newlines"},
		},
		{
			name: "syntax error at the very end of a file still has a line",
			add:  map[string]string{"data/platforms/acme/terms/clauses/cut.toml": "\"\\"},
			want: []string{`data/platforms/acme/terms/clauses/cut.toml:1: syntax error: invalid escape in string '\' at the end of the file`},
		},
		{
			name:  "unknown key with suggestion",
			edits: []edit{{clause, `clause_type = "scraping-ban"`, `clasue_type = "scraping-ban"`}},
			want:  []string{clause + `:3: unknown key "clasue_type" (did you mean "clause_type"?)`},
		},
		{
			name:  "unknown key in an array table",
			edits: []edit{{vers, `lines_added = 1`, `lines_added = 1` + "\nsummry = \"x\""}},
			want:  []string{vers + `:13: unknown key "version.summry" (did you mean "version.summary"?)`},
		},
		{
			name:  "type mismatch",
			edits: []edit{{vers, `bytes = 32`, `bytes = "32"`}},
			want:  []string{vers + `:11: version.bytes must be an integer, not a string`},
		},
		{
			name:  "date written as a string",
			edits: []edit{{clause, `first_tracked = 2026-01-05`, `first_tracked = "2026-01-05"`}},
			want:  []string{clause + `:20:18: first_tracked: a date is written without quotes, like 2026-05-12 (or 2026-05-12T09:51:00Z for a moment in time)`},
		},
		{
			name:  "date with a clock",
			edits: []edit{{clause, `first_tracked = 2026-01-05`, `first_tracked = 2026-01-05T00:00:00Z`}},
			want:  []string{clause + `:20: first_tracked must be a date like 2026-05-12, not 2026-01-05T00:00:00Z`},
		},
		{
			name:  "instant without an offset",
			edits: []edit{{clause, `analysis_generated = 2026-02-01T12:00:00Z`, `analysis_generated = 2026-02-01T12:00:00`}},
			want:  []string{clause + `:22: analysis_generated needs a time zone offset, like 2026-02-01T12:00:00Z`},
		},
		{
			name:  "required field",
			edits: []edit{{clause, "title = \"No scraping\"\n", ""}},
			want:  []string{clause + `:1: missing required field "title"`},
		},
		{
			name: "enumerations",
			edits: []edit{
				{clause, `severity = "low"`, `severity = "lwo"`},
				{clause, `confidence = "high"`, `confidence = "certain"`},
				{clause, `evidence = "explicit-language"`, `evidence = "explicit"`},
				{doc, `type = "terms-of-service"`, `type = "terms"`},
			},
			want: []string{
				clause + `:6: severity "lwo" is not one of: high, medium, low (did you mean "low"?)`,
				clause + `:7: confidence "certain" is not one of: high, medium, low`,
				clause + `:8: evidence "explicit" is not one of: absence-of-language, explicit-language, external-statement, implicit-language, secondary-quotation`,
				doc + `:5: type "terms" is not one of: ` + strings.Join(sortedDocTypes(), ", "),
			},
		},
		{
			name:  "ID format",
			edits: []edit{{clause, `id = "CA-P-000001"`, `id = "CA-P-1"`}},
			want:  []string{clause + `:1: clause id "CA-P-1" does not match CA-P-###### (six digits)`},
		},
		{
			name:  "duplicate ID across files",
			edits: []edit{{clause2, `id = "CA-P-000002"`, `id = "CA-P-000001"`}},
			want:  []string{clause2 + `:1: duplicate id "CA-P-000001" (also used at ` + clause + `:1)`},
		},
		{
			name:  "slug format",
			edits: []edit{{clause, `slug = "no-scraping"`, `slug = "No Scraping"`}},
			want:  []string{clause + `:5: slug "No Scraping" must be lower-case ASCII letters, digits and single hyphens`},
		},
		{
			name:  "slug unique within its document",
			edits: []edit{{clause2, `slug = "no-training"`, `slug = "no-scraping"`}},
			want:  []string{clause2 + `:5: slug "no-scraping" is already used by another clause of document CA-D-00001 (` + clause + `:1)`},
		},
		{
			name: "references name the nearest key",
			edits: []edit{
				{clause, `clause_type = "scraping-ban"`, `clause_type = "scraping-bann"`},
				{clause, `categories = ["acceptable-use"]`, `categories = ["acceptable-uses"]`},
				{clause, `regulations = ["cfaa"]`, `regulations = ["cfa"]`},
				{clause, `agencies = ["ftc"]`, `agencies = ["fcc", "ftc", "ftc"]`},
				{plat, `sector = "ai"`, `sector = "a1"`},
			},
			want: []string{
				plat + `:5: sector "a1": no such sector in data/site.toml (nearest: "ai")`,
				clause + `:3: clause_type "scraping-bann": no such clause type (nearest: "scraping-ban")`,
				clause + `:9: categories "acceptable-uses": no such category (nearest: "acceptable-use")`,
				clause + `:10: regulations "cfa": no such regulation (nearest: "cfaa")`,
				clause + `:11: agencies "fcc": no such agency (nearest: "ftc")`,
				clause + `:11: agencies lists "ftc" twice`,
			},
		},
		{
			name:  "document and platform references",
			edits: []edit{{clause, `document = "CA-D-00001"`, `document = "CA-D-00011"`}, {doc, `platform = "CA-E-00001"`, `platform = "CA-E-00009"`}},
			want: []string{
				clause + `:2: document "CA-D-00011": no such document (nearest: "CA-D-00001")`,
				doc + `:2: platform "CA-E-00009": no such platform (nearest: "CA-E-00001")`,
			},
		},
		{
			name:  "clause outside its document's folder",
			edits: []edit{{clause, `document = "CA-D-00001"`, `document = "CA-D-00002"`}},
			want:  []string{clause + `:2: clause names document CA-D-00002, but lives outside its folder data/platforms/beta/tos/clauses/`},
		},
		{
			name:  "sha256 format",
			edits: []edit{{clause, `sha256 = "` + sitetest.TextSHA + `"`, `sha256 = "ABC"`}},
			want:  []string{clause + `:24: sha256 "ABC" must be 64 lower-case hexadecimal digits`},
		},
		{
			name: "stored text hash is recomputed",
			add:  map[string]string{text: "Acme terms, edited.\n"},
			want: []string{vers + `:15: stored text ` + text + ` has SHA-256 cebfd5889f6fe4bc8ede74873c0095c3862fa20038b8cd20258c8eee0a695609, but the version records ` + sitetest.TextSHA},
		},
		{
			name:  "stored text missing",
			edits: []edit{{vers, `text = "texts/` + sitetest.TextSHA, `text = "texts/x` + sitetest.TextSHA}},
			want: []string{
				text + `: stored text is not named by any version in versions.toml`,
				vers + `:15: stored text data/platforms/acme/terms/texts/x` + sitetest.TextSHA + `.md does not exist`,
			},
		},
		{
			name:  "URLs are absolute http(s)",
			edits: []edit{{doc, `source_url = "https://acme.example/terms"`, `source_url = "ftp://acme.example/terms"`}, {plat, `website = "https://acme.example/"`, `website = "acme.example"`}},
			want: []string{
				plat + `:4: website "acme.example" must be an absolute http(s) URL`,
				doc + `:6: source_url "ftp://acme.example/terms" must be an absolute http(s) URL`,
			},
		},
		{
			name:  "first tracked after last verified",
			edits: []edit{{clause, `first_tracked = 2026-01-05`, `first_tracked = 2026-03-05`}},
			want:  []string{clause + `:20: first_tracked 2026-03-05 is after last_verified 2026-02-01`},
		},
		{
			name:  "versions in date order",
			edits: []edit{{vers, `captured = 2026-02-01T10:00:00Z`, `captured = 2025-02-01T10:00:00Z`}},
			want:  []string{vers + `:9: versions must be in date order: 2025-02-01T10:00:00Z comes after 2026-01-05T10:00:00Z`},
		},
		{
			name: "Markdown fields convert safely",
			edits: []edit{{clause, `Scraping is **forbidden**. See [the terms](/id/CA-D-00001/).`,
				`Scraping is <b>forbidden</b>. See [x](javascript:alert(1)) and [y](/id/CA-D-09999/).`}},
			want: []string{
				clause + `:18: analysis: link "javascript:alert(1)" uses the scheme "javascript"; only http, https and mailto are allowed`,
				clause + `:18: analysis: link to /id/CA-D-09999/: no record has that ID`,
				clause + `:18: analysis: raw HTML "</b>" is not allowed (write Markdown instead)`,
				clause + `:18: analysis: raw HTML "<b>" is not allowed (write Markdown instead)`,
			},
		},
		{
			name:  "quotes are non-empty",
			edits: []edit{{clause, `quote = "You may not scrape."`, `quote = "  "`}},
			want:  []string{clause + `:13: quote is empty: a clause quotes the document's own language`},
		},
		{
			name: "unexpected file",
			add:  map[string]string{"data/platforms/acme/notes.txt": "x"},
			want: []string{`data/platforms/acme/notes.txt: unexpected file: records live in data/site.toml, data/categories.toml, data/clause-types.toml, data/regulations.toml, data/agencies.toml and data/platforms/<platform>/… (see docs/schema.md)`},
		},
		{
			name:  "content page Markdown",
			edits: []edit{{"content/about.md", "The test atlas is **small**.", "Intro.\n\n<div>raw</div>"}},
			want:  []string{`content/about.md:8: raw HTML "<div>raw</div>" is not allowed (write Markdown instead)`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := sitetest.Fixture()
			for _, e := range tt.edits {
				sitetest.Edit(t, files, e.file, e.old, e.new)
			}
			for k, v := range tt.add {
				files[k] = v
			}
			got := problems(files)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("problems:\n got: %s\nwant: %s", strings.Join(got, "\n      "), strings.Join(tt.want, "\n      "))
			}
		})
	}
}

func sortedDocTypes() []string {
	var out []string
	for k := range atlas.DocumentTypes {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
