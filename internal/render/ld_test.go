package render

import (
	"encoding/json"
	"html/template"
	"testing"
	"time"

	"github.com/clauseatlas/atlas/internal/atlas"
	"github.com/clauseatlas/atlas/internal/index"
	"github.com/clauseatlas/atlas/internal/load"
	"github.com/clauseatlas/atlas/internal/sitetest"
)

// The JSON-LD blocks as json.Marshal writes them from maps and structs,
// which is how they were made before ldWriter: the reference the written
// bytes must equal.

func refLD(v any) template.JS {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return template.JS(b)
}

func refBreadcrumb(p *Planner, crumbs []Link) template.JS {
	type item struct {
		Type     string `json:"@type"`
		Position int    `json:"position"`
		Name     string `json:"name"`
		Item     string `json:"item,omitempty"`
	}
	items := make([]item, len(crumbs))
	for i, c := range crumbs {
		items[i] = item{Type: "ListItem", Position: i + 1, Name: c.Label}
		if c.URL != "" {
			items[i].Item = p.site.BaseURL + c.URL
		}
	}
	return refLD(map[string]any{"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items})
}

func refFAQ(qs []QA) template.JS {
	type answer struct {
		Type string `json:"@type"`
		Text string `json:"text"`
	}
	type question struct {
		Type   string `json:"@type"`
		Name   string `json:"name"`
		Answer answer `json:"acceptedAnswer"`
	}
	items := make([]question, len(qs))
	for i, q := range qs {
		items[i] = question{Type: "Question", Name: q.Q, Answer: answer{Type: "Answer", Text: q.A}}
	}
	return refLD(map[string]any{"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": items})
}

func refClause(p *Planner, c *index.Clause, canonical string) template.JS {
	doc := map[string]any{"@type": "DigitalDocument", "name": c.Document.Title,
		"identifier": c.Document.ID, "author": map[string]any{"@type": "Organization", "name": c.Platform.Name}}
	if c.Document.SourceURL != "" {
		doc["url"] = c.Document.SourceURL
	}
	if !c.Document.LastUpdated.IsZero() {
		doc["dateModified"] = c.Document.LastUpdated.Format(time.DateOnly)
	}
	work := map[string]any{
		"@context": "https://schema.org", "@type": "CreativeWork", "@id": canonical + "#record",
		"name": c.Title, "headline": c.Title, "url": canonical,
		"identifier":    map[string]any{"@type": "PropertyValue", "propertyID": p.site.Title + " record ID", "value": c.ID},
		"description":   OneLine(c.Summary),
		"datePublished": c.FirstTracked.Format(time.DateOnly),
		"dateModified":  c.LastVerified.Format(time.DateOnly),
		"publisher":     map[string]any{"@type": "Organization", "name": p.site.Publisher},
		"isBasedOn":     doc,
		"about":         map[string]any{"@type": "Organization", "name": c.Platform.Name, "url": c.Platform.Website},
		"citation":      OneLine(c.Quote),
		"inLanguage":    p.site.Language,
	}
	if p.site.DataLicenceURL != "" {
		work["license"] = p.site.DataLicenceURL
	}
	if c.Type != nil {
		work["genre"] = c.Type.Name
	}
	return refLD(work)
}

func refSite(p *Planner) template.JS {
	s := p.x.Site
	return refLD(map[string]any{
		"@context": "https://schema.org", "@type": "WebSite", "name": s.Title,
		"url": p.site.BaseURL + "/", "description": s.Description,
		"publisher": map[string]any{"@type": "Organization", "name": s.Publisher},
	})
}

// TestLDMatchesJSON holds every JSON-LD block of a generated atlas to
// the bytes json.Marshal gives for the same values.
func TestLDMatchesJSON(t *testing.T) {
	c, probs := load.Corpus(sitetest.Generated(t, 12, 9, 3))
	if probs.Len() > 0 {
		t.Fatal(probs.Err())
	}
	x := index.Build(c)
	for _, base := range []string{"", "https://atlas.example/a?b=<&>"} {
		p := NewPlanner(x, Assets{}, base)
		if got, want := p.siteLD(), refSite(p); got != want {
			t.Errorf("site:\n got %s\nwant %s", got, want)
		}
		for _, cl := range x.Clauses {
			canonical := p.site.BaseURL + cl.URL
			if got, want := p.clauseLD(cl, canonical), refClause(p, cl, canonical); got != want {
				t.Fatalf("%s:\n got %s\nwant %s", cl.URL, got, want)
			}
			v := p.clause(cl)
			if got, want := p.faqLD(v.FAQ), refFAQ(v.FAQ); got != want {
				t.Fatalf("%s FAQ:\n got %s\nwant %s", cl.URL, got, want)
			}
			if got, want := p.breadcrumbLD(v.Crumbs), refBreadcrumb(p, v.Crumbs); got != want {
				t.Fatalf("%s crumbs:\n got %s\nwant %s", cl.URL, got, want)
			}
		}
	}
}

// FuzzLD holds the blocks to json.Marshal's bytes for any strings,
// optional fields present or not.
func FuzzLD(f *testing.F) {
	f.Add("Data sale", "Acme </script>", "https://a.example/?q=1&r=<2>", "line\u2028break \"q\" \\", "id-1", true)
	f.Add("", "", "", "\x00\x1f\xff", "", false)
	f.Fuzz(func(t *testing.T, title, name, url, text, id string, full bool) {
		p := &Planner{site: SiteInfo{Title: name, BaseURL: url, Language: text, Publisher: title},
			x: &index.Index{Site: &atlas.Site{Title: title, Description: text, Publisher: name}}}
		if full {
			p.site.DataLicenceURL = url
		}
		pl := &index.Platform{Platform: &atlas.Platform{Name: name, Website: url}}
		doc := &index.Document{Document: &atlas.Document{ID: id, Title: title}}
		cl := &index.Clause{Clause: &atlas.Clause{ID: id, Title: title, Summary: text, Quote: text + name}, Platform: pl, Document: doc}
		if full {
			doc.SourceURL = url
			doc.LastUpdated = time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC)
			cl.Type = &index.ClauseType{ClauseType: &atlas.ClauseType{Name: name}}
		}
		if got, want := p.clauseLD(cl, url), refClause(p, cl, url); got != want {
			t.Fatalf("clause:\n got %s\nwant %s", got, want)
		}
		qs := []QA{{Q: title, A: text}, {Q: name, A: url}}
		if got, want := p.faqLD(qs), refFAQ(qs); got != want {
			t.Fatalf("FAQ:\n got %s\nwant %s", got, want)
		}
		crumbs := []Link{{Label: "Home", URL: "/"}, {Label: name, URL: url}, {Label: title}}
		if got, want := p.breadcrumbLD(crumbs), refBreadcrumb(p, crumbs); got != want {
			t.Fatalf("crumbs:\n got %s\nwant %s", got, want)
		}
		if got, want := p.siteLD(), refSite(p); got != want {
			t.Fatalf("site:\n got %s\nwant %s", got, want)
		}
	})
}
