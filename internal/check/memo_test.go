package check

import (
	"reflect"
	"testing"

	"github.com/clauseatlas/atlas/internal/load"
	"github.com/clauseatlas/atlas/internal/sitetest"
)

// TestMemoEqualsCorpus runs a series of edits through one Memo and, after
// each, requires exactly the problems a check without memory finds. The
// edits change a clause on its own, and the context its rules read: the
// IDs a link may name, the clause types, the documents, the records that
// failed to load, and the slugs and IDs that must be unique.
func TestMemoEqualsCorpus(t *testing.T) {
	const (
		scraping = "data/platforms/acme/terms/clauses/no-scraping.toml"
		training = "data/platforms/acme/terms/clauses/no-training.toml"
		beta     = "data/platforms/beta/tos/clauses/training.toml"
		added    = "data/platforms/beta/tos/clauses/added.toml"
		types    = "data/clause-types.toml"
		betaDoc  = "data/platforms/beta/tos/document.toml"
	)
	files := sitetest.Fixture()
	edit := func(file, old, new string) func() {
		return func() { sitetest.Edit(t, files, file, old, new) }
	}
	steps := []struct {
		name     string
		edit     func()
		replayed int // clauses whose problems came from the memo
		problems bool
	}{
		{"first check", func() {}, 0, false},
		{"no change", func() {}, 3, false},
		{"title edited", edit(training, `title = "No training on outputs"`, `title = "No training"`), 2, false},
		{"severity broken", edit(scraping, `severity = "low"`, `severity = "extreme"`), 2, true},
		{"no change, problem kept", func() {}, 3, true},
		{"severity fixed", edit(scraping, `severity = "extreme"`, `severity = "low"`), 2, false},
		{"link to a missing record", edit(beta, `analysis_generated`, "analysis = \"See [x](/id/CA-P-000009/).\"\nanalysis_generated"), 2, true},
		{"the record appears", func() {
			files[added] = sitetest.Fixture()[beta]
			sitetest.Edit(t, files, added, `id = "CA-P-000003"`, `id = "CA-P-000009"`)
			sitetest.Edit(t, files, added, `slug = "outputs-cannot-train-rival-models"`, `slug = "added"`)
		}, 0, false},
		{"a clause type renamed", edit(types, `key = "scraping-ban"`, `key = "scrape-ban"`), 0, true},
		{"renamed back", edit(types, `key = "scrape-ban"`, `key = "scraping-ban"`), 0, false},
		{"slug taken", edit(training, `slug = "no-training"`, `slug = "no-scraping"`), 3, true},
		{"slug free again", edit(training, `slug = "no-scraping"`, `slug = "no-training"`), 3, false},
		{"ID taken", edit(added, `id = "CA-P-000009"`, `id = "CA-P-000001"`), 0, true},
		{"ID free again", edit(added, `id = "CA-P-000001"`, `id = "CA-P-000009"`), 0, false},
		{"document fails to load", edit(betaDoc, `title = "Beta Terms of Service"`, `title = "Beta Terms of Service`), 0, true},
		{"document loads", edit(betaDoc, `title = "Beta Terms of Service`, `title = "Beta Terms of Service"`), 0, false},
		{"the linked clause fails to load", edit(added, `title = "Outputs cannot train rival models"`, `title = "Outputs cannot`), 0, true},
		{"it fails under another ID", edit(added, `id = "CA-P-000009"`, `id = "CA-P-000008"`), 0, true},
		{"it loads again", func() {
			sitetest.Edit(t, files, added, `id = "CA-P-000008"`, `id = "CA-P-000009"`)
			sitetest.Edit(t, files, added, `title = "Outputs cannot`, `title = "Outputs cannot train rival models"`)
		}, 0, false},
		{"no change at the end", func() {}, 4, false},
	}
	var m Memo
	for _, s := range steps {
		s.edit()
		c, loadProbs := load.Corpus(sitetest.FS(files))
		want := Corpus(c).Items()
		got := CorpusMemo(c, &m).Items()
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: with the memo\n%v\nwithout\n%v", s.name, got, want)
		}
		if has := len(want)+loadProbs.Len() > 0; has != s.problems {
			t.Errorf("%s: problems %v (%v), want some: %v", s.name, want, loadProbs.Items(), s.problems)
		}
		if m.replayed != s.replayed {
			t.Errorf("%s: %d clauses replayed, want %d", s.name, m.replayed, s.replayed)
		}
	}
}
