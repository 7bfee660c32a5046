package site

import (
	"testing"

	"github.com/clauseatlas/atlas/internal/atlas"
	"github.com/clauseatlas/atlas/internal/render"
	"github.com/clauseatlas/atlas/internal/sitetest"
)

// TestURLShape: the key a session reuses its redirects, published URLs
// and fallback pages by changes with each input they are made from, and
// not with text that is in no URL.
func TestURLShape(t *testing.T) {
	fresh := func() *prepared {
		p, err := prepare(sitetest.FS(sitetest.Fixture()), "", render.Assets{}, nil, nil, nil, func(string) {}, nil)
		if err != nil {
			t.Fatal(err)
		}
		// The planner reads the index in the background: let it finish
		// before the test changes the index.
		for _, pg := range p.pages {
			if pg.Deps != nil {
				pg.Deps()
				break
			}
		}
		return p
	}
	type key struct{ shape, ledger uint64 }
	shape := func(p *prepared) key { return key{urlShape(p.x, p.pages), ledgerKey(p.c.Ledger)} }
	base := shape(fresh())
	tests := []struct {
		name    string
		change  func(p *prepared)
		changes bool
	}{
		{"nothing", func(p *prepared) {}, false},
		{"a clause title", func(p *prepared) { p.x.Clauses[0].Title = "Other" }, false},
		{"a clause summary", func(p *prepared) { p.x.Clauses[0].Summary = "Other" }, false},
		{"a clause ID", func(p *prepared) { p.x.Clauses[0].ID = "CA-P-000099" }, true},
		{"a clause URL", func(p *prepared) { p.x.Clauses[0].URL = "/platform/x/y/z/" }, true},
		{"a clause alias", func(p *prepared) { p.x.Clauses[0].Aliases = []string{"old"} }, true},
		{"aliases moved between clauses", func(p *prepared) {
			p.x.Clauses[0].Aliases, p.x.Clauses[1].Aliases = []string{"a"}, []string{"b"}
		}, true},
		{"a document URL", func(p *prepared) { p.x.Documents[0].URL = "/platform/x/y/" }, true},
		{"a document alias", func(p *prepared) { p.x.Documents[0].Aliases = []string{"old"} }, true},
		{"a platform alias", func(p *prepared) { p.x.Platforms[0].Aliases = []string{"old"} }, true},
		{"a clause type alias", func(p *prepared) { p.x.Types[0].Aliases = []string{"old"} }, true},
		{"a category alias", func(p *prepared) { p.x.Categories[0].Aliases = []string{"old"} }, true},
		{"a regulation alias", func(p *prepared) { p.x.Regulations[0].Aliases = []string{"old"} }, true},
		{"an agency alias", func(p *prepared) { p.x.Agencies[0].Aliases = []string{"old"} }, true},
		{"a page path", func(p *prepared) { p.pages[0].Path = "/elsewhere/" }, true},
		{"a page's record", func(p *prepared) { p.pages[0].Record = "CA-P-000099" }, true},
		{"a page's kind", func(p *prepared) { p.pages[0].Template = "other" }, true},
		{"a page fewer", func(p *prepared) { p.pages = p.pages[1:] }, true},
		{"a ledger entry", func(p *prepared) {
			p.c.Ledger = append(p.c.Ledger, atlas.LedgerEntry{Path: "/old/", Record: "CA-P-000001"})
		}, true},
	}
	for _, tt := range tests {
		p := fresh()
		tt.change(p)
		if got := shape(p) != base; got != tt.changes {
			t.Errorf("%s: shape changed %v, want %v", tt.name, got, tt.changes)
		}
	}
}
