package publish

import (
	"encoding/xml"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/clauseatlas/atlas/internal/index"
	"github.com/clauseatlas/atlas/internal/render"
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

// item is a feed entry before encoding: the time and ID it sorts by, and
// how to make the entry, which is done only for the entries a feed keeps.
type item struct {
	at    time.Time
	id    string
	entry func() atomEntry
}

// Feeds builds the site feed, one feed per platform and one per clause
// type. Entries are the document changes and clause records behind each
// page; their IDs are tag URIs that never change for the same event.
func Feeds(x *index.Index, baseURL string, diffURL func(*index.Change) string) []Feed {
	fs := NewFeedSet(x, baseURL, diffURL)
	out := []Feed{fs.Site()}
	for _, p := range x.Platforms {
		out = append(out, fs.Platform(p))
	}
	for _, t := range x.Types {
		out = append(out, fs.Type(t))
	}
	return out
}

// FeedSet builds the feeds of one atlas one at a time, so a build makes
// only those whose inputs changed.
type FeedSet struct {
	x       *index.Index
	base    string
	host    string
	diffURL func(*index.Change) string
}

// NewFeedSet prepares the feeds of x as published under baseURL; diffURL
// gives the diff page of a change, if any.
func NewFeedSet(x *index.Index, baseURL string, diffURL func(*index.Change) string) *FeedSet {
	host := "clause-atlas"
	if u, err := url.Parse(baseURL); err == nil && u.Host != "" {
		host = u.Host
	}
	return &FeedSet{x: x, base: baseURL, host: host, diffURL: diffURL}
}

// SitePath, PlatformPath and TypePath are the feeds' output files.
func SitePath() string                      { return "feed.xml" }
func PlatformPath(p *index.Platform) string { return strings.TrimPrefix(p.URL, "/") + "feed.xml" }
func TypePath(t *index.ClauseType) string   { return strings.TrimPrefix(t.URL, "/") + "feed.xml" }

// Site is the whole atlas's feed.
func (fs *FeedSet) Site() Feed {
	return fs.feed(SitePath(), fs.x.Site.Title+": recent changes", "Document changes and clause records across the atlas.", "/changes/",
		fs.items(fs.x.Changes, fs.x.Clauses))
}

// Platform is one platform's feed: its documents' changes and its clauses.
func (fs *FeedSet) Platform(p *index.Platform) Feed {
	return fs.feed(PlatformPath(p), p.Name+": changes and clauses", "", p.URL, fs.items(p.Changes, p.Clauses))
}

// Type is one clause type's feed: its clauses across platforms.
func (fs *FeedSet) Type(t *index.ClauseType) Feed {
	return fs.feed(TypePath(t), t.Name+": clauses across platforms", "", t.URL, fs.items(nil, t.Clauses))
}

// items makes the feed items of changes and clauses that can be among the
// FeedEntries newest. An item older than the FeedEntries-th newest time
// has at least that many items sorting before it, so it is left out
// before its ID is even made: the site feed of a large atlas would
// otherwise sort every clause on every build.
func (fs *FeedSet) items(changes []*index.Change, clauses []*index.Clause) []item {
	var cutoff time.Time
	if n := len(changes) + len(clauses); n > FeedEntries {
		times := make([]time.Time, 0, n)
		for _, ch := range changes {
			times = append(times, ch.Version.Captured)
		}
		for _, c := range clauses {
			times = append(times, c.LastVerified)
		}
		slices.SortFunc(times, time.Time.Compare)
		cutoff = times[len(times)-FeedEntries]
	}
	var out []item
	for _, ch := range changes {
		if !ch.Version.Captured.Before(cutoff) {
			out = append(out, fs.change(ch))
		}
	}
	for _, c := range clauses {
		if !c.LastVerified.Before(cutoff) {
			out = append(out, fs.clause(c))
		}
	}
	return out
}

func (fs *FeedSet) change(ch *index.Change) item {
	v := ch.Version
	id := fmt.Sprintf("tag:%s,%s:%s/%s", fs.host, v.Captured.UTC().Format(time.DateOnly), ch.Document.ID, v.SHA256)
	return item{at: v.Captured, id: id, entry: func() atomEntry { return fs.changeEntry(ch, id) }}
}

func (fs *FeedSet) changeEntry(ch *index.Change, id string) atomEntry {
	v := ch.Version
	link := fs.base + ch.Document.URL + "#v-" + short(v.SHA256)
	if fs.diffURL != nil {
		if u := fs.diffURL(ch); u != "" {
			link = fs.base + u
		}
	}
	summary := v.Summary
	if summary == "" {
		summary = fmt.Sprintf("A new version of %s was recorded (%d lines added, %d removed). SHA-256 %s.",
			ch.Document.Title, v.LinesAdded, v.LinesRemoved, v.SHA256)
	}
	return atomEntry{
		Title:    fmt.Sprintf("%s changed (%s)", ch.Document.Title, ch.Document.Platform.Name),
		ID:       id,
		Updated:  v.Captured.UTC().Format(time.RFC3339),
		Links:    []atomLink{{Rel: "alternate", Type: "text/html", Href: link}},
		Summary:  summary,
		Category: []atomCat{{Term: "document-change", Label: "Document change"}},
	}
}

func (fs *FeedSet) clause(c *index.Clause) item {
	id := "tag:" + fs.host + "," + c.FirstTracked.Format(time.DateOnly) + ":" + c.ID
	return item{at: c.LastVerified, id: id, entry: func() atomEntry { return fs.clauseEntry(c, id) }}
}

func (fs *FeedSet) clauseEntry(c *index.Clause, id string) atomEntry {
	e := atomEntry{
		Title:     fmt.Sprintf("%s (%s, %s)", c.Title, c.Platform.Name, severityWord(c.Severity)),
		ID:        id,
		Updated:   c.LastVerified.UTC().Format(time.RFC3339),
		Published: c.FirstTracked.UTC().Format(time.RFC3339),
		Links:     []atomLink{{Rel: "alternate", Type: "text/html", Href: fs.base + c.URL}},
		Summary:   render.OneLine(c.Summary),
		Category:  []atomCat{{Term: "clause", Label: "Clause"}},
	}
	if c.Type != nil {
		e.Category = append(e.Category, atomCat{Term: c.Type.Key, Label: c.Type.Name})
	}
	return e
}

func (fs *FeedSet) feed(path, title, subtitle, page string, items []item) Feed {
	sort.SliceStable(items, func(i, j int) bool {
		if !items[i].at.Equal(items[j].at) {
			return items[i].at.After(items[j].at)
		}
		return items[i].id < items[j].id
	})
	if len(items) > FeedEntries {
		items = items[:FeedEntries]
	}
	base, site := fs.base, fs.x.Site
	f := atomFeed{
		Title: title, Subtitle: subtitle,
		ID:     base + "/" + path,
		Links:  []atomLink{{Rel: "self", Type: "application/atom+xml", Href: base + "/" + path}, {Rel: "alternate", Type: "text/html", Href: base + page}},
		Author: atomPerson{Name: site.Publisher, URI: base + "/"},
		Rights: site.DataLicence,
	}
	var updated time.Time
	for _, it := range items {
		f.Entries = append(f.Entries, it.entry())
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
