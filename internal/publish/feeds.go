package publish

import (
	"encoding/xml"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/clauseatlas/atlas/internal/index"
)

// FeedEntries is how many entries a feed carries, newest first.
const FeedEntries = 50

// Feed is one Atom feed to publish.
type Feed struct {
	Path  string // output file, e.g. feed.xml or platform/x/feed.xml
	Title string
	Page  string // the page the feed belongs to
	feed  atomFeed
}

type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle,omitempty"`
	ID       string      `xml:"id"`
	Updated  string      `xml:"updated"`
	Links    []atomLink  `xml:"link"`
	Author   atomPerson  `xml:"author"`
	Rights   string      `xml:"rights,omitempty"`
	Entries  []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomEntry struct {
	Title     string     `xml:"title"`
	ID        string     `xml:"id"`
	Updated   string     `xml:"updated"`
	Published string     `xml:"published,omitempty"`
	Links     []atomLink `xml:"link"`
	Summary   string     `xml:"summary"`
	Category  []atomCat  `xml:"category,omitempty"`
}

type atomCat struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

// Bytes encodes the feed.
func (f Feed) Bytes() []byte { return encodeXML(f.feed) }

// Key identifies the feed's content for incremental builds.
func (f Feed) Key() any { return f.feed }

// item is a feed entry before encoding, with the time it sorts by.
type item struct {
	at    time.Time
	entry atomEntry
}

// Feeds builds the site feed, one feed per platform and one per clause
// type. Entries are the document changes and clause records behind each
// page; their IDs are tag URIs that never change for the same event.
func Feeds(x *index.Index, baseURL string, diffURL func(*index.Change) string) []Feed {
	host := "clause-atlas"
	if u, err := url.Parse(baseURL); err == nil && u.Host != "" {
		host = u.Host
	}
	site := x.Site
	change := func(ch *index.Change) item {
		v := ch.Version
		link := baseURL + ch.Document.URL + "#v-" + short(v.SHA256)
		if diffURL != nil {
			if u := diffURL(ch); u != "" {
				link = baseURL + u
			}
		}
		summary := v.Summary
		if summary == "" {
			summary = fmt.Sprintf("A new version of %s was recorded (%d lines added, %d removed). SHA-256 %s.",
				ch.Document.Title, v.LinesAdded, v.LinesRemoved, v.SHA256)
		}
		return item{at: v.Captured, entry: atomEntry{
			Title:    fmt.Sprintf("%s changed (%s)", ch.Document.Title, ch.Document.Platform.Name),
			ID:       fmt.Sprintf("tag:%s,%s:%s/%s", host, v.Captured.UTC().Format(time.DateOnly), ch.Document.ID, v.SHA256),
			Updated:  v.Captured.UTC().Format(time.RFC3339),
			Links:    []atomLink{{Rel: "alternate", Type: "text/html", Href: link}},
			Summary:  summary,
			Category: []atomCat{{Term: "document-change", Label: "Document change"}},
		}}
	}
	clause := func(c *index.Clause) item {
		e := atomEntry{
			Title:     fmt.Sprintf("%s (%s, %s)", c.Title, c.Platform.Name, severityWord(c.Severity)),
			ID:        fmt.Sprintf("tag:%s,%s:%s", host, c.FirstTracked.Format(time.DateOnly), c.ID),
			Updated:   c.LastVerified.UTC().Format(time.RFC3339),
			Published: c.FirstTracked.UTC().Format(time.RFC3339),
			Links:     []atomLink{{Rel: "alternate", Type: "text/html", Href: baseURL + c.URL}},
			Summary:   oneLine(c.Summary),
			Category:  []atomCat{{Term: "clause", Label: "Clause"}},
		}
		if c.Type != nil {
			e.Category = append(e.Category, atomCat{Term: c.Type.Key, Label: c.Type.Name})
		}
		return item{at: c.LastVerified, entry: e}
	}
	newFeed := func(path, title, subtitle, page string, items []item) Feed {
		sort.SliceStable(items, func(i, j int) bool {
			if !items[i].at.Equal(items[j].at) {
				return items[i].at.After(items[j].at)
			}
			return items[i].entry.ID < items[j].entry.ID
		})
		if len(items) > FeedEntries {
			items = items[:FeedEntries]
		}
		f := atomFeed{
			Title: title, Subtitle: subtitle,
			ID:     baseURL + "/" + path,
			Links:  []atomLink{{Rel: "self", Type: "application/atom+xml", Href: baseURL + "/" + path}, {Rel: "alternate", Type: "text/html", Href: baseURL + page}},
			Author: atomPerson{Name: site.Publisher, URI: baseURL + "/"},
			Rights: site.DataLicence,
		}
		var updated time.Time
		for _, it := range items {
			f.Entries = append(f.Entries, it.entry)
			if it.at.After(updated) {
				updated = it.at
			}
		}
		if updated.IsZero() {
			updated = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC) // an empty feed still needs a date; a fixed one keeps builds identical
		}
		f.Updated = updated.UTC().Format(time.RFC3339)
		return Feed{Path: path, Title: title, Page: page, feed: f}
	}

	var all []item
	for _, ch := range x.Changes {
		all = append(all, change(ch))
	}
	for _, c := range x.Clauses {
		all = append(all, clause(c))
	}
	feeds := []Feed{newFeed("feed.xml", site.Title+": recent changes", "Document changes and clause records across the atlas.", "/changes/", all)}
	for _, p := range x.Platforms {
		var items []item
		for _, ch := range p.Changes {
			items = append(items, change(ch))
		}
		for _, c := range p.Clauses {
			items = append(items, clause(c))
		}
		feeds = append(feeds, newFeed(strings.TrimPrefix(p.URL, "/")+"feed.xml", p.Name+": changes and clauses", "", p.URL, items))
	}
	for _, t := range x.Types {
		var items []item
		for _, c := range t.Clauses {
			items = append(items, clause(c))
		}
		feeds = append(feeds, newFeed(strings.TrimPrefix(t.URL, "/")+"feed.xml", t.Name+": clauses across platforms", "", t.URL, items))
	}
	return feeds
}

func severityWord(s string) string {
	if s == "" {
		return "unrated"
	}
	return s + " severity"
}

func short(s string) string {
	if len(s) > 12 {
		return s[:12]
	}
	return s
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
