package site

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/clauseatlas/atlas/internal/gen"
	"github.com/clauseatlas/atlas/internal/minifier"
)

// TestSitemapIndexAboveLimit generates an atlas with more than 50,000
// canonical pages and checks that sitemap.xml becomes an index over child
// sitemaps of at most 50,000 URLs that together list every page once.
func TestSitemapIndexAboveLimit(t *testing.T) {
	if raceEnabled || testing.Short() {
		t.Skip("generates and loads 50,500 clauses")
	}
	p := prepareGenerated(t, gen.Options{Platforms: 101, ClausesPerPlatform: 500, Seed: 7})
	outs, _ := publishOutputs(nil, p.x, p.planner, p.pages, p, "https://example.org", 0, minifier.New(), false)
	children := map[string][]byte{}
	var index []byte
	for _, o := range outs {
		if o.kind != "sitemap" {
			continue
		}
		b, _ := o.bytes()
		if o.file == "sitemap.xml" {
			index = b
		} else {
			children[o.file] = b
		}
	}
	var idx struct {
		XMLName  xml.Name `xml:"sitemapindex"`
		Sitemaps []struct {
			Loc string `xml:"loc"`
		} `xml:"sitemap"`
	}
	if err := xml.Unmarshal(index, &idx); err != nil {
		t.Fatalf("sitemap.xml is not a sitemap index: %v", err)
	}
	seen := map[string]bool{}
	for _, s := range idx.Sitemaps {
		name := strings.TrimPrefix(s.Loc, "https://example.org/")
		var set struct {
			URLs []struct {
				Loc string `xml:"loc"`
			} `xml:"url"`
		}
		if err := xml.Unmarshal(children[name], &set); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(set.URLs) == 0 || len(set.URLs) > 50000 {
			t.Errorf("%s lists %d URLs", name, len(set.URLs))
		}
		for _, u := range set.URLs {
			if seen[u.Loc] {
				t.Errorf("%s listed twice", u.Loc)
			}
			seen[u.Loc] = true
		}
	}
	want := 0
	for _, pg := range p.pages {
		if pg.Template != "notfound" && pg.Template != "search" {
			want++
		}
	}
	if len(idx.Sitemaps) != len(children) || len(seen) != want || want <= 50000 {
		t.Errorf("index names %d of %d child sitemaps listing %d URLs; %d canonical pages", len(idx.Sitemaps), len(children), len(seen), want)
	}
}
