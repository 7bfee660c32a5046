package render

import (
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/clauseatlas/atlas/internal/atlas"
	"github.com/clauseatlas/atlas/internal/history"
	"github.com/clauseatlas/atlas/internal/index"
)

// Page is one HTML page to produce. Its view is built on demand, so a
// build holds only the views it is rendering at the moment.
type Page struct {
	Path     string // canonical URL path, ending in /
	Template string // page kind: the template file's name without .html
	View     func() any
	// Record is the ID or key of the record behind the page ("" for
	// site pages), for the URL ledger.
	Record string
	// LastMod is the date the page's data last changed, for sitemaps.
	LastMod time.Time
	// Deps, when set, returns a key over every input the view can read
	// (see deps.go); an unchanged key lets a rebuild skip the page without
	// building its view.
	Deps func() uint64
}

// File returns the output file of a page path: /a/b/ → a/b/index.html.
func File(path string) string {
	if strings.HasSuffix(path, ".html") {
		return strings.TrimPrefix(path, "/")
	}
	return strings.TrimPrefix(path, "/") + "index.html"
}

// Feed paths: the site's, and one per platform and clause type.
const SiteFeed = "/feed.xml"

// FeedURL is the Atom feed of a platform or clause-type page.
func FeedURL(pageURL string) string { return pageURL + "feed.xml" }

// Per-clause downloads, relative to the clause's URL.
var ClauseFiles = []struct{ Name, Label, Note string }{
	{"cite.bib", "BibTeX", "cite.bib"},
	{"cite.ris", "RIS", "cite.ris (EndNote, Zotero, Mendeley)"},
	{"cite.json", "CSL-JSON", "cite.json"},
	{"index.json", "Record as JSON", "the data behind this page"},
}

// Limits of the lists on clause pages: the full lists are one link away,
// and a page must not grow with the size of the atlas.
const (
	maxComparison = 8
	maxOthers     = 8
	maxActivity   = 3
	maxHomeChange = 8
	maxChanges    = 200
	excerptRunes  = 280
)

// Planner builds pages from an index. It is safe for concurrent use.
type Planner struct {
	x      *index.Index
	site   SiteInfo
	assets Assets
	menu   []Link
	// rows memoises each clause's row: one clause appears in the lists of
	// many pages.
	rows    []ClauseRow
	rowOnce []sync.Once

	depsOnce sync.Once
	depsVal  *deps

	// typePlatforms holds, for each clause type, the platforms with a
	// clause of it, for the FAQ's answer on similar clauses. Gathering
	// them per clause instead walked every clause of the type for every
	// clause: at 100,000 clauses, 1,700 map inserts a page.
	typePlatforms map[*index.ClauseType]platformNames
}

// platformNames are the names of the platforms with clauses of one type,
// each once, in the order of the type's clauses (by platform name). owner
// maps a name to its platform, or to nil when platforms share the name.
type platformNames struct {
	names []string
	owner map[string]*index.Platform
	// count is each platform's number of clauses of the type: a clause
	// page's comparison total is the rest, without a pass over the type
	// (at 100,000 clauses, 1,700 clauses a type, for each clause).
	count map[*index.Platform]int
}

func namesOf(t *index.ClauseType) platformNames {
	pn := platformNames{owner: map[string]*index.Platform{}, count: map[*index.Platform]int{}}
	for _, o := range t.Clauses {
		pn.count[o.Platform]++
		name := o.Platform.Name
		switch p, seen := pn.owner[name]; {
		case !seen:
			pn.names = append(pn.names, name)
			pn.owner[name] = o.Platform
		case p != o.Platform:
			pn.owner[name] = nil
		}
	}
	return pn
}

// others returns how many platforms other than pl have a clause of this
// type, counted by name, and the first max of their names.
func (pn platformNames) others(pl *index.Platform, max int) (int, []string) {
	own := pn.owner[pl.Name] == pl // pl alone has its name: leave it out
	n := len(pn.names)
	if own {
		n--
	}
	shown := make([]string, 0, min(n, max))
	for _, name := range pn.names {
		if len(shown) == max {
			break
		}
		if !own || name != pl.Name {
			shown = append(shown, name)
		}
	}
	return n, shown
}

// NewPlanner prepares page planning. baseURL overrides the site record's
// when not empty.
func NewPlanner(x *index.Index, assets Assets, baseURL string) *Planner {
	s := x.Site
	if baseURL == "" {
		baseURL = s.BaseURL
	}
	p := &Planner{x: x, assets: assets, rows: make([]ClauseRow, len(x.Clauses)), rowOnce: make([]sync.Once, len(x.Clauses)), site: SiteInfo{
		Title: s.Title, Tagline: s.Tagline, Description: s.Description,
		BaseURL: strings.TrimSuffix(baseURL, "/"), Language: s.Language, Publisher: s.Publisher,
		DataLicence: s.DataLicence, DataLicenceURL: s.DataLicenceURL, Repository: s.Repository, Contact: s.Contact,
	}}
	p.typePlatforms = make(map[*index.ClauseType]platformNames, len(x.Types))
	for _, t := range x.Types {
		p.typePlatforms[t] = namesOf(t)
	}
	for _, pg := range x.Pages {
		if pg.Menu > 0 {
			p.menu = append(p.menu, Link{Label: pg.Title, URL: index.PageURL(pg.Slug), Note: strconv.Itoa(pg.Menu)})
		}
	}
	// Menu order: by position, then title.
	for i := 1; i < len(p.menu); i++ {
		for j := i; j > 0 && menuLess(p.menu[j], p.menu[j-1]); j-- {
			p.menu[j], p.menu[j-1] = p.menu[j-1], p.menu[j]
		}
	}
	return p
}

func menuLess(a, b Link) bool {
	ai, _ := strconv.Atoi(a.Note)
	bi, _ := strconv.Atoi(b.Note)
	if ai != bi {
		return ai < bi
	}
	return a.Label < b.Label
}

// BaseURL is the absolute URL pages are published under, without a
// trailing slash.
func (p *Planner) BaseURL() string { return p.site.BaseURL }

// Pages lists every HTML page of the site, sorted by path.
func (p *Planner) Pages() []Page {
	x := p.x
	var out []Page
	add := func(pg Page) { out = append(out, pg) }
	global := func(kind, path string) func() uint64 {
		return func() uint64 { return p.key(kind, path, p.deps().global) }
	}
	shape := func(kind, path string) func() uint64 {
		return func() uint64 { return p.key(kind, path) }
	}
	latest := index.Latest(p.latestChange(), clausesMod(x.Clauses))
	add(Page{Path: "/", Template: "home", View: func() any { return p.home() }, LastMod: latest, Deps: global("home", "/")})
	add(Page{Path: "/404.html", Template: "notfound", View: func() any { return p.notFound() }, Deps: shape("notfound", "/404.html")})
	add(Page{Path: "/platforms/", Template: "list", View: func() any { return p.platformList() }, LastMod: latest, Deps: global("list", "/platforms/")})
	add(Page{Path: "/provisions/", Template: "list", View: func() any { return p.typeList() }, LastMod: latest, Deps: global("list", "/provisions/")})
	add(Page{Path: "/categories/", Template: "list", View: func() any { return p.categoryList() }, LastMod: latest, Deps: global("list", "/categories/")})
	add(Page{Path: "/regulations/", Template: "list", View: func() any { return p.regulationList() }, LastMod: latest, Deps: global("list", "/regulations/")})
	add(Page{Path: "/agencies/", Template: "list", View: func() any { return p.agencyList() }, LastMod: latest, Deps: global("list", "/agencies/")})
	add(Page{Path: "/search/", Template: "search", View: func() any { return p.search() }, Deps: shape("search", "/search/")})
	add(Page{Path: "/changes/", Template: "changes", View: func() any { return p.changes() }, LastMod: p.latestChange(), Deps: global("changes", "/changes/")})
	for _, pl := range x.Platforms {
		add(Page{Path: pl.URL, Template: "platform", Record: pl.ID, View: func() any { return p.platform(pl) }, LastMod: platformMod(pl),
			Deps: func() uint64 { return p.key("platform", pl.URL, p.deps().plat[pl]) }})
	}
	for _, d := range x.Documents {
		add(Page{Path: d.URL, Template: "document", Record: d.ID, View: func() any { return p.document(d) }, LastMod: documentMod(d),
			Deps: func() uint64 { return p.key("document", d.URL, p.deps().doc[d]) }})
	}
	for _, c := range x.Clauses {
		add(Page{Path: c.URL, Template: "clause", Record: c.ID, View: func() any { return p.clause(c) }, LastMod: c.LastVerified,
			Deps: func() uint64 { return p.clauseKey(c) }})
	}
	for _, pg := range p.diffPages() {
		add(pg)
	}
	for _, t := range x.Types {
		add(Page{Path: t.URL, Template: "type", Record: t.Key, View: func() any { return p.clauseType(t) }, LastMod: clausesMod(t.Clauses),
			Deps: func() uint64 { return p.key("type", t.URL, p.deps().typ[t]) }})
	}
	for _, c := range x.Categories {
		add(Page{Path: c.URL, Template: "topic", Record: c.Key, View: func() any { return p.category(c) }, LastMod: clausesMod(c.Clauses),
			Deps: func() uint64 { return p.key("category", c.URL, p.deps().cat[c]) }})
	}
	for _, r := range x.Regulations {
		add(Page{Path: r.URL, Template: "topic", Record: r.Key, View: func() any { return p.regulation(r) }, LastMod: clausesMod(r.Clauses),
			Deps: func() uint64 { return p.key("regulation", r.URL, p.deps().reg[r]) }})
	}
	for _, a := range x.Agencies {
		add(Page{Path: a.URL, Template: "topic", Record: a.Key, View: func() any { return p.agency(a) }, LastMod: clausesMod(a.Clauses),
			Deps: func() uint64 { return p.key("agency", a.URL, p.deps().ag[a]) }})
	}
	for _, pg := range x.Pages {
		path := index.PageURL(pg.Slug)
		add(Page{Path: path, Template: "content", View: func() any { return p.content(pg) }, LastMod: pg.Updated, Deps: shape("content", path)})
	}
	sortPages(out)
	return out
}

func sortPages(ps []Page) {
	sortSlice(ps, func(a, b Page) bool { return a.Path < b.Path })
}

func (p *Planner) latestChange() time.Time {
	if len(p.x.Changes) == 0 {
		return time.Time{}
	}
	return day(p.x.Changes[0].Version.Captured)
}

func platformMod(pl *index.Platform) time.Time {
	t := clausesMod(pl.Clauses)
	for _, d := range pl.Documents {
		t = index.Latest(t, documentMod(d))
	}
	return t
}

func documentMod(d *index.Document) time.Time {
	t := index.Latest(d.LastVerified, d.LastUpdated, clausesMod(d.Clauses))
	if len(d.Versions) > 0 {
		t = index.Latest(t, day(d.Versions[len(d.Versions)-1].Captured))
	}
	return t
}

func clausesMod(cs []*index.Clause) time.Time {
	var t time.Time
	for _, c := range cs {
		t = index.Latest(t, c.LastVerified)
	}
	return t
}

func day(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// layout fills the shared frame of a page.
func (p *Planner) layout(title, desc, path, section string, crumbs ...Link) Layout {
	l := Layout{
		Site: p.site, Title: title, Description: OneLine(desc), Path: path,
		Canonical: p.site.BaseURL + path, Assets: p.assets, Menu: p.menu, Section: section,
		Feeds: []Link{{Label: p.site.Title + ": recent changes", URL: SiteFeed}},
	}
	if path != "/" {
		l.Crumbs = append([]Link{{Label: "Home", URL: "/"}}, crumbs...)
		l.JSONLD = append(l.JSONLD, p.breadcrumbLD(l.Crumbs))
	} else {
		l.JSONLD = append(l.JSONLD, p.breadcrumbLD([]Link{{Label: "Home", URL: "/"}}))
	}
	return l
}

func date(t time.Time) Date {
	if t.IsZero() {
		return Date{Missing: true}
	}
	return Date{Human: t.Format("January 2, 2006"), ISO: t.Format(time.DateOnly)}
}

func instant(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("January 2, 2006 15:04 UTC")
}

var severityLabels = map[string]string{"high": "High", "medium": "Medium", "low": "Low"}

func severity(s string) Badge {
	return Badge{Key: s, Label: severityLabels[s] + " severity"}
}

func confidence(s string) Badge {
	return Badge{Key: s, Label: severityLabels[s] + " confidence"}
}

// excerpt shortens text to about n characters at a word boundary.
func excerpt(s string, n int) string {
	s = OneLine(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := s
	for i := range s {
		if n == 0 {
			cut = s[:i]
			break
		}
		n--
	}
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.") + "…"
}

// OneLine collapses all whitespace to single spaces, as strings.Fields
// and Join would, but returns a text that is already one line (most are)
// without a copy.
func OneLine(s string) string {
	if !needsTidy(s, false) {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// tidy collapses runs of spaces to one and runs of blank lines to one line
// break, keeping the line breaks a text is written with (pages show such
// fields with white-space: pre-line).
func tidy(s string) string {
	s = strings.TrimSpace(s)
	if !needsTidy(s, true) {
		return s
	}
	lines := strings.Split(s, "\n")
	out := lines[:0]
	for _, l := range lines {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// needsTidy reports whether s has whitespace other than single spaces
// (and, when newlines are kept, single newlines), whitespace being what
// strings.Fields splits at.
func needsTidy(s string, keepNewlines bool) bool {
	prevSpace := true
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ':
			if prevSpace {
				return true
			}
			prevSpace = true
		case '\n':
			if !keepNewlines || prevSpace {
				return true
			}
			prevSpace = true
		case '\t', '\r', '\v', '\f':
			return true
		default:
			if c >= utf8.RuneSelf {
				r, n := utf8.DecodeRuneInString(s[i:])
				if unicode.IsSpace(r) {
					return true
				}
				i += n - 1
			}
			prevSpace = false
		}
	}
	return prevSpace && len(s) > 0
}

func (p *Planner) clauseRow(c *index.Clause) ClauseRow {
	p.rowOnce[c.Seq].Do(func() { p.rows[c.Seq] = p.makeRow(c) })
	return p.rows[c.Seq]
}

func (p *Planner) makeRow(c *index.Clause) ClauseRow {
	r := ClauseRow{
		ID: c.ID, Title: c.Title, URL: c.URL,
		Platform:     Link{Label: c.Platform.Name, URL: c.Platform.URL},
		Document:     Link{Label: c.Document.Title, URL: c.Document.URL},
		Severity:     severity(c.Severity),
		Excerpt:      excerpt(c.Quote, excerptRunes),
		Sector:       c.Platform.SectorName,
		SectorKey:    c.Platform.Sector,
		LastVerified: date(c.LastVerified),
	}
	if c.Type != nil {
		r.Type = Link{Label: c.Type.Name, URL: c.Type.URL}
	}
	r.sum = r.hash()
	return r
}

func (p *Planner) clauseRows(cs []*index.Clause) []ClauseRow {
	out := make([]ClauseRow, len(cs))
	for i, c := range cs {
		out[i] = p.clauseRow(c)
	}
	return out
}

func (p *Planner) changeRow(ch *index.Change) ChangeRow {
	v := ch.Version
	r := ChangeRow{
		Date:     date(v.Captured),
		Platform: Link{Label: ch.Document.Platform.Name, URL: ch.Document.Platform.URL},
		Document: Link{Label: ch.Document.Title, URL: ch.Document.URL},
		Summary:  v.Summary,
		SHA256:   v.SHA256,
		URL:      ch.Document.URL + "#v-" + shortSHA(v.SHA256),
	}
	if ch.Info != nil && ch.Info.Diff != nil {
		r.URL = ch.Info.Diff.URL
	}
	if v.Severity != "" {
		r.Severity = severity(v.Severity)
	}
	switch {
	case ch.Seq == 0 || ch.Info != nil && ch.Info.Class == history.First:
		r.Detail = "First capture"
	case ch.Info != nil && (ch.Info.Added > 0 || ch.Info.Removed > 0):
		r.Detail = fmt.Sprintf("%s added, %s removed", words(ch.Info.Added), words(ch.Info.Removed))
	case v.LinesAdded > 0 || v.LinesRemoved > 0:
		r.Detail = fmt.Sprintf("%s added, %s removed", lines(v.LinesAdded), lines(v.LinesRemoved))
	default:
		r.Detail = "Text changed"
	}
	if v.Event == "technical_upgrade" {
		r.Detail += " (recorded by the archive as a re-extraction)"
	}
	return r
}

func lines(n int) string {
	if n == 1 {
		return "1 line"
	}
	return strconv.Itoa(n) + " lines"
}

func (p *Planner) changeRows(cs []*index.Change, limit int) []ChangeRow {
	if limit > 0 && len(cs) > limit {
		cs = cs[:limit]
	}
	out := make([]ChangeRow, len(cs))
	for i, c := range cs {
		out[i] = p.changeRow(c)
	}
	return out
}

func shortSHA(s string) string {
	if len(s) > 12 {
		return s[:12]
	}
	return s
}

func (p *Planner) severityGroups(cs []*index.Clause) []SeverityGroup {
	var out []SeverityGroup
	for _, s := range atlas.Severities {
		g := SeverityGroup{Severity: severity(s)}
		for _, c := range cs {
			if c.Severity == s {
				g.Clauses = append(g.Clauses, p.clauseRow(c))
			}
		}
		g.Count = len(g.Clauses)
		if g.Count > 0 {
			out = append(out, g)
		}
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func (p *Planner) home() HomeView {
	x := p.x
	v := HomeView{Layout: p.layout("", x.Site.Description, "/", "home")}
	v.Layout.Title = x.Site.Title
	versions := 0
	for _, d := range x.Documents {
		versions += len(d.Versions)
	}
	v.Counts = []Link{
		{Label: strconv.Itoa(len(x.Platforms)), Note: "platforms", URL: "/platforms/"},
		{Label: strconv.Itoa(len(x.Documents)), Note: "documents", URL: "/platforms/"},
		{Label: strconv.Itoa(len(x.Clauses)), Note: "clauses", URL: "/provisions/"},
		{Label: strconv.Itoa(len(x.Types)), Note: "clause types", URL: "/provisions/"},
		{Label: strconv.Itoa(versions), Note: "recorded versions", URL: "/changes/"},
	}
	v.Changes = p.changeRows(x.Changes, maxHomeChange)
	for _, c := range x.Categories {
		v.Categories = append(v.Categories, Link{Label: c.Name, URL: c.URL, Note: plural(len(c.Clauses), "clause", "clauses")})
	}
	for _, s := range atlas.Severities {
		g := SeverityGroup{Severity: severity(s)}
		for _, c := range x.Clauses {
			if c.Severity == s {
				g.Count++
			}
		}
		v.Severities = append(v.Severities, g)
	}
	for _, pl := range x.Platforms {
		v.Platforms = append(v.Platforms, Link{Label: pl.Name, URL: pl.URL, Note: plural(len(pl.Clauses), "clause", "clauses")})
	}
	// Featured: the most recently verified high-severity clauses.
	var feat []*index.Clause
	for _, c := range x.Clauses {
		if c.Severity == "high" {
			feat = append(feat, c)
		}
	}
	sortSlice(feat, func(a, b *index.Clause) bool {
		if !a.LastVerified.Equal(b.LastVerified) {
			return a.LastVerified.After(b.LastVerified)
		}
		return a.URL < b.URL
	})
	if len(feat) > 6 {
		feat = feat[:6]
	}
	v.Featured = p.clauseRows(feat)
	v.JSONLD = append(v.JSONLD, p.siteLD())
	return v
}

func (p *Planner) notFound() NotFoundView {
	v := NotFoundView{Layout: p.layout("Page not found", "The page you asked for is not in the atlas.", "/404.html", "")}
	v.NoIndex = true
	v.Crumbs, v.JSONLD = nil, nil
	for _, pl := range p.x.Platforms {
		v.Platforms = append(v.Platforms, Link{Label: pl.Name, URL: pl.URL})
	}
	return v
}

func (p *Planner) platformList() ListView {
	v := ListView{Layout: p.layout("Platforms", "Every platform in the atlas, with its documents and clauses.", "/platforms/", "platforms", Link{Label: "Platforms"}),
		Heading: "Platforms", Intro: "Every platform the atlas tracks, grouped by sector."}
	for _, s := range p.x.Sectors {
		g := ListGroup{Title: s.Name}
		for _, pl := range p.x.Platforms {
			if pl.Sector == s.Key {
				g.Items = append(g.Items, Link{Label: pl.Name, URL: pl.URL, Note: plural(len(pl.Documents), "document", "documents") + " · " + plural(len(pl.Clauses), "clause", "clauses")})
			}
		}
		if len(g.Items) > 0 {
			v.Groups = append(v.Groups, g)
		}
	}
	return v
}

func (p *Planner) typeList() ListView {
	v := ListView{Layout: p.layout("Provisions", "Every clause type in the atlas and how many platforms have one.", "/provisions/", "provisions", Link{Label: "Provisions"}),
		Heading: "Provisions", Intro: "The taxonomy of clause types, by category. Each links to a comparison of every platform's clause of that type."}
	n := len(p.x.Platforms)
	for _, c := range p.x.Categories {
		g := ListGroup{Title: c.Name}
		for _, t := range c.Types {
			g.Items = append(g.Items, Link{Label: t.Name, URL: t.URL, Note: fmt.Sprintf("found in %d of %d platforms", t.Platforms, n)})
		}
		if len(g.Items) > 0 {
			v.Groups = append(v.Groups, g)
		}
	}
	return v
}

func (p *Planner) categoryList() ListView {
	v := ListView{Layout: p.layout("Categories", "Browse the atlas's clauses by category.", "/categories/", "categories", Link{Label: "Categories"}),
		Heading: "Categories", Intro: "Clause types grouped by the area of life they touch."}
	g := ListGroup{}
	for _, c := range p.x.Categories {
		g.Items = append(g.Items, Link{Label: c.Name, URL: c.URL, Note: plural(len(c.Types), "clause type", "clause types") + " · " + plural(len(c.Clauses), "clause", "clauses")})
	}
	v.Groups = []ListGroup{g}
	return v
}

func (p *Planner) regulationList() ListView {
	v := ListView{Layout: p.layout("Regulations", "Laws and rules that clauses in the atlas engage.", "/regulations/", "", Link{Label: "Regulations"}),
		Heading: "Regulations", Intro: "Laws and rules that the atlas's clauses engage, with the clauses that engage each."}
	g := ListGroup{}
	for _, r := range p.x.Regulations {
		g.Items = append(g.Items, Link{Label: r.Name, URL: r.URL, Note: r.Jurisdiction + " · " + plural(len(r.Clauses), "clause", "clauses")})
	}
	v.Groups = []ListGroup{g}
	return v
}

func (p *Planner) agencyList() ListView {
	v := ListView{Layout: p.layout("Agencies", "Public bodies with authority over what the atlas's clauses touch.", "/agencies/", "", Link{Label: "Agencies"}),
		Heading: "Agencies", Intro: "Regulators and public bodies whose remit covers what the clauses touch."}
	g := ListGroup{}
	for _, a := range p.x.Agencies {
		g.Items = append(g.Items, Link{Label: a.Name, URL: a.URL, Note: a.Jurisdiction + " · " + plural(len(a.Clauses), "clause", "clauses")})
	}
	v.Groups = []ListGroup{g}
	return v
}

func (p *Planner) search() SearchView {
	v := SearchView{Layout: p.layout("Search", "Search every platform, document and clause in the atlas.", "/search/", "search", Link{Label: "Search"}),
		IndexURL: "/search/index.json"}
	v.NoIndex = true // result pages are for people, not for search engines
	for _, pl := range p.x.Platforms {
		v.Platforms = append(v.Platforms, Link{Label: pl.Name, URL: pl.URL, Note: pl.ID})
	}
	for _, t := range p.x.Types {
		v.Types = append(v.Types, Link{Label: t.Name, URL: t.URL, Note: t.Key})
	}
	for _, c := range p.x.Categories {
		v.Categories = append(v.Categories, Link{Label: c.Name, URL: c.URL, Note: c.Key})
	}
	for _, s := range atlas.Severities {
		v.Severities = append(v.Severities, severity(s))
	}
	for _, s := range p.x.Sectors {
		v.Sectors = append(v.Sectors, Link{Label: s.Name, URL: s.Key})
	}
	return v
}

func (p *Planner) changes() ChangesView {
	v := ChangesView{Layout: p.layout("Recent changes", "Changes recorded in the documents the atlas tracks, newest first.", "/changes/", "changes", Link{Label: "Changes"})}
	v.Total = len(p.x.Changes)
	v.Changes = p.changeRows(p.x.Changes, maxChanges)
	return v
}

func (p *Planner) platform(pl *index.Platform) PlatformView {
	v := PlatformView{
		Layout: p.layout(pl.Name+": terms, policies and clauses", pl.Description, pl.URL, "platforms",
			Link{Label: "Platforms", URL: "/platforms/"}, Link{Label: pl.Name}),
		ID: pl.ID, Name: pl.Name, Website: pl.Website, Description: pl.Description,
		Sector: Link{Label: pl.SectorName}, ClauseCount: len(pl.Clauses),
	}
	for _, d := range pl.Documents {
		v.Documents = append(v.Documents, p.documentRow(d))
	}
	v.Groups = p.severityGroups(pl.Clauses)
	v.Changes = p.changeRows(pl.Changes, 10)
	v.FeedURL = FeedURL(pl.URL)
	v.Feeds = append(v.Feeds, Link{Label: pl.Name + ": changes and clauses", URL: v.FeedURL})
	return v
}

func (p *Planner) documentRow(d *index.Document) DocumentRow {
	return DocumentRow{ID: d.ID, Title: d.Title, URL: d.URL, Type: d.TypeName, Clauses: len(d.Clauses), Versions: len(d.Versions),
		LastUpdated: date(d.LastUpdated), LastVerified: date(d.LastVerified)}
}

// docTitle is a document page's title: the document's own, with its
// platform's name added unless the title already holds it ("Netflix Terms
// of Use" needs no "(Netflix)"; "Usage Policy" does).
func docTitle(d *index.Document) string {
	if strings.Contains(strings.ToLower(d.Title), strings.ToLower(d.Platform.Name)) {
		return d.Title
	}
	return d.Title + " (" + d.Platform.Name + ")"
}

func (p *Planner) document(d *index.Document) DocumentView {
	v := DocumentView{
		Layout: p.layout(docTitle(d), docDescription(d), d.URL, "platforms",
			Link{Label: "Platforms", URL: "/platforms/"}, Link{Label: d.Platform.Name, URL: d.Platform.URL}, Link{Label: d.Title}),
		ID: d.ID, Title: d.Title, Platform: Link{Label: d.Platform.Name, URL: d.Platform.URL}, Type: d.TypeName,
		Description: d.Description, SourceURL: d.SourceURL, ArchiveURL: d.ArchiveURL,
		LastUpdated: date(d.LastUpdated), FirstTracked: date(d.FirstTracked), LastVerified: date(d.LastVerified),
		Clauses: p.clauseRows(d.Clauses), VersionCount: len(d.Versions),
	}
	if d.OTA != nil {
		v.OTA = d.OTA.Service + " / " + d.OTA.TermsType + " (" + d.OTA.Collection + ")"
	}
	h := d.History
	counts := map[string]int{}
	var noiseOrder []string
	for i := len(d.Versions) - 1; i >= 0; i-- {
		row := p.versionRow(d, i)
		if row.Stored {
			v.StoredTexts++
		}
		if h != nil && h.Versions[i].Class.Noise() {
			v.Hidden = append(v.Hidden, row)
			if counts[row.Class] == 0 {
				noiseOrder = append(noiseOrder, row.Class)
			}
			counts[row.Class]++
			continue
		}
		v.Versions = append(v.Versions, row)
	}
	if h != nil {
		v.Distinct = len(h.Distinct)
	}
	seen := map[string]bool{}
	for _, rows := range [][]VersionRow{v.Versions, v.Hidden} {
		for i := range rows {
			if !seen[rows[i].Short] {
				seen[rows[i].Short] = true
				rows[i].Anchor = "v-" + rows[i].Short
			}
		}
	}
	if n := len(v.Hidden); n > 0 {
		sort.Strings(noiseOrder)
		var parts []string
		for _, c := range noiseOrder {
			parts = append(parts, fmt.Sprintf("%d %s", counts[c], strings.ToLower(c)))
		}
		v.HiddenNote = fmt.Sprintf("%s hidden: %s", plural(n, "noisy capture", "noisy captures"), strings.Join(parts, ", "))
	}
	return v
}

var classLabels = map[history.Class]string{
	history.First: "First capture", history.Substantive: "Substantive change", history.Unknown: "Change (text not stored)",
	history.Formatting: "Formatting only", history.LinkChurn: "Link churn", history.Revert: "Revert",
	history.Unchanged: "Unchanged", history.CaptureFailure: "Capture failure",
}

// versionRow describes version i of d.
func (p *Planner) versionRow(d *index.Document, i int) VersionRow {
	ver := d.Versions[i]
	row := VersionRow{
		Captured: date(ver.Captured), Time: ver.Captured.UTC().Format("15:04 UTC"),
		SHA256: ver.SHA256, Short: shortSHA(ver.SHA256), Bytes: bytesLabel(ver.Bytes),
		Event: eventLabel(ver.Event), Summary: ver.Summary, Source: ver.Source,
	}
	if ver.LinesAdded > 0 || ver.LinesRemoved > 0 {
		row.Change = fmt.Sprintf("+%d −%d lines", ver.LinesAdded, ver.LinesRemoved)
	}
	if ver.Severity != "" {
		row.Severity = severity(ver.Severity)
	}
	if ver.Text != "" {
		_, row.Stored = p.x.Texts[d.Dir+"/"+ver.Text]
	}
	if h := d.History; h != nil {
		vi := h.Versions[i]
		row.Class, row.Reason = classLabels[vi.Class], vi.Reason
		if vi.Class == history.Substantive && (vi.Added > 0 || vi.Removed > 0) {
			row.Change = fmt.Sprintf("%s added, %s removed", words(vi.Added), words(vi.Removed))
		}
		if dt, ok := h.Distinct[ver.SHA256]; ok {
			row.FirstSeen, row.LastSeen, row.Captures = date(dt.FirstSeen), date(dt.LastSeen), dt.Captures
		}
		if vi.Diff != nil {
			row.DiffURL = vi.Diff.URL
		}
	}
	return row
}

func words(n int) string {
	if n == 1 {
		return "1 word"
	}
	return strconv.Itoa(n) + " words"
}

// Diffs plans one page per diff between stored versions.
func (p *Planner) diffPages() []Page {
	var out []Page
	for _, d := range p.x.Documents {
		if d.History == nil {
			continue
		}
		for i, df := range d.History.Diffs {
			df, i := df, i
			out = append(out, Page{Path: df.URL, Template: "diff", Record: d.ID, LastMod: day(d.Versions[df.To].Captured),
				View: func() any { return p.diff(d, i) }, Deps: func() uint64 { return p.key("diff", df.URL, p.deps().docHist[d]) }})
		}
	}
	return out
}

func (p *Planner) diff(d *index.Document, i int) DiffView {
	df := d.History.Diffs[i]
	from, to := p.versionRow(d, df.From), p.versionRow(d, df.To)
	// A document captured twice in a day has two diffs ending that day:
	// the time tells their pages apart. Diffs are in version order, so
	// such a pair is adjacent.
	when := to.Captured.Human
	sameDay := func(j int) bool {
		return j >= 0 && j < len(d.History.Diffs) && date(d.Versions[d.History.Diffs[j].To].Captured).ISO == to.Captured.ISO
	}
	if sameDay(i-1) || sameDay(i+1) {
		when += ", " + to.Time
	}
	title := fmt.Sprintf("Changes to %s, %s", d.Title, when)
	v := DiffView{
		Layout: p.layout(title, fmt.Sprintf("What changed in %s's %s between the versions captured on %s and %s.", d.Platform.Name, d.Title, from.Captured.Human, to.Captured.Human),
			df.URL, "changes", Link{Label: d.Platform.Name, URL: d.Platform.URL}, Link{Label: d.Title, URL: d.URL}, Link{Label: "Changes of " + when}),
		Platform: Link{Label: d.Platform.Name, URL: d.Platform.URL}, Document: Link{Label: d.Title, URL: d.URL},
		From: from, To: to,
	}
	vi := d.History.Versions[df.To]
	v.Added, v.Removed = words(vi.Added), words(vi.Removed)
	for _, hk := range history.Hunks(d.History.Versions[df.From].Text, vi.Text) {
		hv := HunkView{Section: sectionLabel(hk.Number, hk.Title)}
		for _, op := range hk.Ops {
			kind := "eq"
			switch op.Kind {
			case history.Insert:
				kind = "ins"
			case history.Delete:
				kind = "del"
			}
			hv.Ops = append(hv.Ops, OpView{Kind: kind, Text: op.Text})
		}
		v.Hunks = append(v.Hunks, hv)
	}
	if i > 0 {
		prev := d.History.Diffs[i-1]
		v.Prev = Link{Label: date(d.Versions[prev.To].Captured).Human, URL: prev.URL}
	}
	if i+1 < len(d.History.Diffs) {
		next := d.History.Diffs[i+1]
		v.Next = Link{Label: date(d.Versions[next.To].Captured).Human, URL: next.URL}
	}
	return v
}

func sectionLabel(num, title string) string {
	switch {
	case num != "" && title != "":
		return "§ " + num + " " + title
	case num != "":
		return "§ " + num
	case title != "":
		return title
	}
	return "Opening text, before any numbered section"
}

func docDescription(d *index.Document) string {
	if d.Description != "" {
		return d.Description
	}
	return fmt.Sprintf("%s's %s: metadata, version history and the clauses the atlas records.", d.Platform.Name, d.Title)
}

func bytesLabel(n int) string {
	switch {
	case n <= 0:
		return ""
	case n < 1024:
		return strconv.Itoa(n) + " B"
	default:
		return strconv.FormatFloat(float64(n)/1024, 'f', 1, 64) + " KB"
	}
}

var eventLabels = map[string]string{
	"first_record": "First capture", "change": "Change", "technical_upgrade": "Re-extraction",
	"deleted": "Removed", "other": "Other",
}

func eventLabel(e string) string { return eventLabels[e] }

func (p *Planner) clause(c *index.Clause) ClauseView {
	x := p.x
	v := ClauseView{
		Layout: p.layout(c.Title+" · "+c.Platform.Name, c.Summary, c.URL, "platforms",
			Link{Label: c.Platform.Name, URL: c.Platform.URL}, Link{Label: c.Document.Title, URL: c.Document.URL}, Link{Label: c.Title}),
		ID: c.ID, Title: c.Title,
		Platform:   Link{Label: c.Platform.Name, URL: c.Platform.URL},
		Document:   Link{Label: c.Document.Title, URL: c.Document.URL},
		DocumentID: c.Document.ID, SourceURL: c.Document.SourceURL, ArchiveURL: c.Document.ArchiveURL,
		Severity: severity(c.Severity), Confidence: confidence(c.Confidence), Evidence: atlas.EvidenceKinds[c.Evidence],
		Summary: tidy(c.Summary), WhyItMatters: tidy(c.WhyItMatters), InterpretiveNote: tidy(c.InterpretiveNote), ConsumerImpact: tidy(c.ConsumerImpact),
		Quote: tidy(c.Quote), Locator: OneLine(c.Locator), AnalysisMD: c.Analysis,
		FirstTracked: date(c.FirstTracked), LastVerified: date(c.LastVerified),
		AnalysisGenerated: instant(c.AnalysisGenerated), DocLastUpdated: date(c.Document.LastUpdated),
		Captured: instant(c.Captured), SHA256: c.SHA256,
	}
	if !c.Captured.IsZero() {
		v.CapturedISO = c.Captured.UTC().Format(time.RFC3339)
	}
	n := len(x.Platforms)
	if c.Type != nil {
		v.Type = Link{Label: c.Type.Name, URL: c.Type.URL}
		v.TypeDescription = c.Type.Description
		k := c.Type.Platforms
		if k <= 1 {
			v.Uniqueness = fmt.Sprintf("Unique · 0 of %d other platforms", n-1)
		} else {
			v.Uniqueness = fmt.Sprintf("Found in %d of %d platforms (%s)", k, n, percent(k, n))
		}
		v.ComparisonTotal = len(c.Type.Clauses) - p.typePlatforms[c.Type].count[c.Platform]
		v.Comparison = make([]ClauseRow, 0, min(v.ComparisonTotal, maxComparison))
		for _, o := range c.Type.Clauses {
			if len(v.Comparison) == cap(v.Comparison) {
				break
			}
			if o.Platform != c.Platform {
				v.Comparison = append(v.Comparison, p.clauseRow(o))
			}
		}
	}
	v.Activity = p.changeRows(c.Document.Changes, maxActivity)
	f := c.Freshness
	v.DocumentChanged = f.Stale
	v.Freshness = FreshnessView{Stale: f.Stale, ChangedOn: date(f.ChangedOn), Checked: f.Checked, Found: f.Found,
		CheckedOn: date(f.CheckedOn), Nearest: tidy(f.Nearest), Since: date(f.Since), SinceAtLeast: f.SinceFirst}
	for _, a := range c.Agencies {
		v.Agencies = append(v.Agencies, AgencyRow{Name: a.Name, ShortName: a.ShortName, URL: a.URL, Description: a.Description,
			Jurisdiction: a.Jurisdiction, ComplaintURL: a.ComplaintURL})
	}
	for _, r := range c.Regulations {
		v.Regulations = append(v.Regulations, RegulationRow{Name: r.Name, ShortName: r.ShortName, URL: r.URL, Jurisdiction: r.Jurisdiction})
	}
	for _, cat := range c.Categories {
		v.Categories = append(v.Categories, Link{Label: cat.Name, URL: cat.URL})
	}
	v.OthersTotal = len(c.Document.Clauses) - 1 // c is one of them
	v.Others = make([]ClauseRow, 0, min(v.OthersTotal, maxOthers))
	for _, o := range c.Document.Clauses {
		if len(v.Others) == cap(v.Others) {
			break
		}
		if o != c {
			v.Others = append(v.Others, p.clauseRow(o))
		}
	}
	v.Evidence2 = evidence(c)
	canonical := p.site.BaseURL + c.URL
	v.Citation = Citation{
		Entity: c.Platform.Name, Document: c.Document.Title, RecordID: c.ID,
		SHA256: c.SHA256, ShortSHA: shortSHA(c.SHA256), URL: canonical, Verified: date(c.LastVerified).Human,
	}
	if !c.Captured.IsZero() {
		v.Citation.Captured = c.Captured.UTC().Format("2006-01-02 15:04:05 UTC")
	}
	v.Citation.Text = citationText(p.site.Title, v.Citation, c.Title)
	v.FAQ = p.faq(c, v.Comparison, v.ComparisonTotal)
	v.Share = shareLinks(c.Title+" · "+c.Platform.Name, canonical)
	for _, f := range ClauseFiles {
		v.Downloads = append(v.Downloads, Link{Label: f.Label, URL: c.URL + f.Name, Note: f.Note})
	}
	v.Feeds = append(v.Feeds, Link{Label: c.Platform.Name + ": changes and clauses", URL: FeedURL(c.Platform.URL)})
	v.Meta = p.clauseMeta(c, canonical)
	v.JSONLD = append(v.JSONLD, p.faqLD(v.FAQ), p.clauseLD(c, canonical))
	return v
}

// clauseMeta is what reference managers (Highwire citation_* tags, read by
// Zotero and Google Scholar), link previews (OpenGraph, Twitter cards) and
// Dublin Core readers need.
func (p *Planner) clauseMeta(c *index.Clause, canonical string) []Meta {
	desc := excerpt(c.Summary, 200)
	m := []Meta{
		{Name: "citation_title", Content: c.Title},
		{Name: "citation_author", Content: p.site.Publisher},
		{Name: "citation_publisher", Content: p.site.Publisher},
		{Name: "citation_date", Content: c.LastVerified.Format("2006/01/02")},
		{Name: "citation_publication_date", Content: c.FirstTracked.Format("2006/01/02")},
		{Name: "citation_online_date", Content: c.LastVerified.Format("2006/01/02")},
		{Name: "citation_public_url", Content: canonical},
		{Name: "citation_abstract_html_url", Content: canonical},
		{Name: "citation_technical_report_number", Content: c.ID},
		{Name: "citation_technical_report_institution", Content: p.site.Publisher},
		{Name: "citation_language", Content: p.site.Language},
		{Name: "citation_keywords", Content: keywords(c)},
		{Name: "DC.identifier", Content: c.ID},
		{Name: "DC.title", Content: c.Title},
		{Name: "DC.publisher", Content: p.site.Publisher},
		{Name: "DC.date", Content: c.LastVerified.Format(time.DateOnly)},
		{Property: "og:type", Content: "article"},
		{Property: "og:site_name", Content: p.site.Title},
		{Property: "og:title", Content: c.Title + " · " + c.Platform.Name},
		{Property: "og:description", Content: desc},
		{Property: "og:url", Content: canonical},
		{Property: "article:published_time", Content: c.FirstTracked.Format(time.DateOnly)},
		{Property: "article:modified_time", Content: c.LastVerified.Format(time.DateOnly)},
		{Name: "twitter:card", Content: "summary"},
		{Name: "twitter:title", Content: c.Title + " · " + c.Platform.Name},
		{Name: "twitter:description", Content: desc},
	}
	return m
}

func keywords(c *index.Clause) string {
	var k []string
	if c.Type != nil {
		k = append(k, c.Type.Name)
	}
	for _, cat := range c.Categories {
		k = append(k, cat.Name)
	}
	k = append(k, c.Platform.Name)
	return strings.Join(k, "; ")
}

// Redirect plans the fallback page of a redirect from path to target.
func (p *Planner) Redirect(path, target, record string) Page {
	return Page{Path: path, Template: "redirect", Record: record, Deps: func() uint64 {
		return NewKey().Str("redirect").Str(path).Str(target).Str(record).Str(p.site.Title).Str(p.site.BaseURL).Str(p.site.Language).Done()
	}, View: func() any {
		v := RedirectView{Layout: p.layout("Moved", "This address now leads to "+target+".", path, ""), Target: target, Record: record}
		v.Canonical = p.site.BaseURL + target
		v.Refresh = target
		v.NoIndex = true
		v.Crumbs, v.JSONLD = nil, nil
		return v
	}}
}

func percent(k, n int) string {
	if n == 0 {
		return "0%"
	}
	return strconv.Itoa(int(float64(k)*100/float64(n)+0.5)) + "%"
}

func evidence(c *index.Clause) Evidence {
	switch {
	case c.SHA256 == "":
		return Evidence{Note: "No capture hash is recorded for this clause; its language is " + strings.ToLower(atlas.EvidenceKinds[c.Evidence]) + "."}
	case c.TextStored:
		return Evidence{Stored: true, Verified: true, Note: "The captured text is stored with the atlas and its SHA-256 was recomputed and matched when this page was built."}
	case c.Version != nil:
		return Evidence{Note: "The hash matches a recorded version of the document, but that version's text is not stored here, so the hash cannot be recomputed."}
	}
	return Evidence{Note: "The hash is recorded as captured, but the capture it belongs to is not stored in the atlas, so it cannot be verified here."}
}

func citationText(site string, c Citation, title string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s, \"%s\", %s, %s. Record %s.", site, title, c.Entity, c.Document, c.RecordID)
	if c.Captured != "" {
		fmt.Fprintf(&b, " Captured %s.", c.Captured)
	}
	if c.SHA256 != "" {
		fmt.Fprintf(&b, " SHA-256 %s.", c.SHA256)
	}
	fmt.Fprintf(&b, " %s", c.URL)
	return b.String()
}

func shareLinks(text, u string) []Link {
	q := url.QueryEscape
	return []Link{
		{Label: "Email", URL: "mailto:?subject=" + pathEscape(text) + "&body=" + pathEscape(u)},
		{Label: "Bluesky", URL: "https://bsky.app/intent/compose?text=" + q(text+" "+u)},
		{Label: "Mastodon", URL: "https://mastodonshare.com/?text=" + q(text) + "&url=" + q(u)},
		{Label: "LinkedIn", URL: "https://www.linkedin.com/sharing/share-offsite/?url=" + q(u)},
		{Label: "X", URL: "https://x.com/intent/post?text=" + q(text) + "&url=" + q(u)},
	}
}

// pathEscape escapes for mailto: bodies, where + is not a space.
func pathEscape(s string) string { return url.PathEscape(s) }

func (p *Planner) faq(c *index.Clause, others []ClauseRow, total int) []QA {
	site := p.site.Title
	var similar string
	switch {
	case c.Type == nil:
	case total == 0:
		similar = fmt.Sprintf("Not so far: the atlas records no clause of this type (%s) for any of the other %s.", c.Type.Name, plural(len(p.x.Platforms)-1, "platform", "platforms"))
	default:
		pn, ok := p.typePlatforms[c.Type]
		if !ok {
			pn = namesOf(c.Type)
		}
		count, shown := pn.others(c.Platform, 6)
		s, have := "s", "have"
		if count == 1 {
			s, have = "", "has"
		}
		similar = fmt.Sprintf("%d other platform%s in the atlas %s a clause of this type (%s): %s",
			count, s, have, c.Type.Name, strings.Join(shown, ", "))
		if count > len(shown) {
			similar += fmt.Sprintf(" and %d more", count-len(shown))
		}
		similar += ". The comparison page shows each one's wording side by side."
	}
	out := make([]QA, 0, 5)
	out = append(out,
		QA{Q: fmt.Sprintf("What does %s's “%s” clause do?", c.Platform.Name, c.Title), A: OneLine(c.Summary)},
		QA{Q: "How does this clause affect me?", A: OneLine(c.ConsumerImpact)},
	)
	if similar != "" {
		out = append(out, QA{Q: "Do other platforms have a similar clause?", A: similar})
	}
	verified := fmt.Sprintf("%s last verified this clause against %s's %s on %s; it was first tracked on %s.",
		site, c.Platform.Name, c.Document.Title, date(c.LastVerified).Human, date(c.FirstTracked).Human)
	out = append(out,
		QA{Q: "When was this clause last verified?", A: verified},
		QA{Q: fmt.Sprintf("Is %s affiliated with %s?", site, c.Platform.Name), A: fmt.Sprintf(
			"No. %s is independent: it is not affiliated with, endorsed by or sponsored by %s. It records what %s's documents say and analyses them; the analysis is not legal advice.",
			site, c.Platform.Name, c.Platform.Name)},
	)
	return out
}

func (p *Planner) clauseType(t *index.ClauseType) TypeView {
	n := len(p.x.Platforms)
	v := TypeView{
		Layout: p.layout(t.Name+": how platforms compare", t.Description, t.URL, "provisions",
			Link{Label: "Provisions", URL: "/provisions/"}, Link{Label: t.Name}),
		Key: t.Key, Name: t.Name, Description: t.Description,
		Platforms: t.Platforms, Total: n, Percent: percent(t.Platforms, n),
		Rows: p.clauseRows(t.Clauses),
	}
	v.Adoption = fmt.Sprintf("Found in %d of %d platforms (%s)", t.Platforms, n, v.Percent)
	v.FeedURL = FeedURL(t.URL)
	v.Feeds = append(v.Feeds, Link{Label: t.Name + ": clauses across platforms", URL: v.FeedURL})
	if t.Category != nil {
		v.Category = Link{Label: t.Category.Name, URL: t.Category.URL}
	}
	seen := map[string]bool{}
	for _, c := range t.Clauses {
		if !seen[c.Platform.Sector] {
			seen[c.Platform.Sector] = true
		}
	}
	for _, s := range p.x.Sectors {
		if seen[s.Key] {
			v.Sectors = append(v.Sectors, Link{Label: s.Name, URL: s.Key})
		}
	}
	return v
}

func (p *Planner) category(c *index.Category) TopicView {
	v := TopicView{
		Layout: p.layout(c.Name, c.Description, c.URL, "categories", Link{Label: "Categories", URL: "/categories/"}, Link{Label: c.Name}),
		Kind:   "Category", Name: c.Name, Description: c.Description, Clauses: p.clauseRows(c.Clauses),
	}
	for _, t := range c.Types {
		v.Types = append(v.Types, Link{Label: t.Name, URL: t.URL, Note: fmt.Sprintf("found in %d of %d platforms", t.Platforms, len(p.x.Platforms))})
	}
	return v
}

func (p *Planner) regulation(r *index.Regulation) TopicView {
	return TopicView{
		Layout: p.layout(r.Name, r.Description, r.URL, "", Link{Label: "Regulations", URL: "/regulations/"}, Link{Label: r.Name}),
		Kind:   "Regulation", Name: r.Name, ShortName: r.ShortName, Jurisdiction: r.Jurisdiction, Description: r.Description,
		URL: r.Regulation.URL, Clauses: p.clauseRows(r.Clauses),
	}
}

func (p *Planner) agency(a *index.Agency) TopicView {
	return TopicView{
		Layout: p.layout(a.Name, a.Description, a.URL, "", Link{Label: "Agencies", URL: "/agencies/"}, Link{Label: a.Name}),
		Kind:   "Agency", Name: a.Name, ShortName: a.ShortName, Jurisdiction: a.Jurisdiction, Description: a.Description,
		URL: a.Agency.URL, ComplaintURL: a.ComplaintURL, Clauses: p.clauseRows(a.Clauses),
	}
}

func (p *Planner) content(pg *atlas.Page) ContentView {
	path := index.PageURL(pg.Slug)
	v := ContentView{Layout: p.layout(pg.Title, pg.Description, path, pg.Slug, Link{Label: pg.Title}), Updated: date(pg.Updated), BodyMD: pg.Body}
	return v
}

// sortSlice sorts stably with a less function.
func sortSlice[T any](s []T, less func(a, b T) bool) {
	slices.SortStableFunc(s, func(a, b T) int {
		switch {
		case less(a, b):
			return -1
		case less(b, a):
			return 1
		}
		return 0
	})
}
