package render

import "html/template"

// Views are what templates see: plain, exported data, already formatted.
// A view is also what a page's cache key hashes, so every value a template
// prints must be in its view. Fields tagged hash:"ignore" are derived from
// other hashed fields (rendered Markdown from its source).

// Layout is the frame every page shares.
type Layout struct {
	Site        SiteInfo
	Title       string // the page's own title; <title> adds the site's
	Description string
	Path        string // canonical URL path
	Canonical   string // absolute canonical URL
	Crumbs      []Link
	JSONLD      []template.JS
	Feeds       []Link // rel=alternate Atom feeds
	Meta        []Meta // extra <meta> tags (citation_*, OpenGraph)
	Assets      Assets
	Menu        []Link
	NoIndex     bool
	// Refresh, when set, sends the browser on to this URL (fallback pages
	// of redirects, for hosts without redirect rules).
	Refresh string
	// Section names the top navigation entry to mark as current.
	Section string
}

// SiteInfo is the site record as pages show it.
type SiteInfo struct {
	Title, Tagline, Description, BaseURL, Language, Publisher string
	DataLicence, DataLicenceURL, Repository, Contact          string
}

// Assets are the fingerprinted paths of the static files.
type Assets struct {
	CSS, JS, Icon string
	Search        string // static/search.js, loaded by the search page and on demand by the header box
}

// Meta is one <meta> tag: name= or property=.
type Meta struct {
	Name, Property, Content string
}

// Link is a labelled URL.
type Link struct {
	Label string
	URL   string
	Note  string // a short secondary text (count, date, type)
}

// Badge is a labelled level with a CSS modifier (high, medium, low).
type Badge struct {
	Key   string
	Label string
}

// Date is a day formatted for people and machines.
type Date struct {
	Human   string // May 12, 2026
	ISO     string // 2026-05-12
	Missing bool
}

// ClauseRow is a clause as lists and tables show it.
type ClauseRow struct {
	ID           string
	Title        string
	URL          string
	Platform     Link
	Document     Link
	Severity     Badge
	Excerpt      string
	Type         Link
	Sector       string
	SectorKey    string
	LastVerified Date
	// Item is the row rendered for the list it is in; it is made from the
	// fields above, once per build.
	Item template.HTML `hash:"ignore"`
	// sum caches Hash for the rows the planner memoises.
	sum uint64
}

// Hash is the row's hash for hashstructure: a type or category page lists
// thousands of rows, and walking each by reflection took as long as
// rendering the page. It covers every field but Item (see
// TestClauseRowHashCoversEveryField).
func (r ClauseRow) Hash() (uint64, error) { return r.sumOrHash(), nil }

// sumOrHash is the row's hash, from its cache when it has one. The list
// items are keyed by it too.
func (r *ClauseRow) sumOrHash() uint64 {
	if r.sum != 0 {
		return r.sum
	}
	return r.hash()
}

func (r ClauseRow) hash() uint64 {
	h := NewKey().Str(r.ID).Str(r.Title).Str(r.URL)
	for _, l := range [...]Link{r.Platform, r.Document, r.Type} {
		h.Str(l.Label).Str(l.URL).Str(l.Note)
	}
	h.Str(r.Severity.Key).Str(r.Severity.Label).Str(r.Excerpt).Str(r.Sector).Str(r.SectorKey)
	h.Str(r.LastVerified.Human).Str(r.LastVerified.ISO)
	if r.LastVerified.Missing {
		h.U64(1)
	}
	return h.Done()
}

// ChangeRow is a recorded change of a document.
type ChangeRow struct {
	Date     Date
	Platform Link
	Document Link
	Summary  string
	Severity Badge
	Detail   string // size of the change
	SHA256   string
	URL      string // where the change is described
}

// QA is one FAQ entry.
type QA struct {
	Q, A string
}

// HomeView is the front page.
type HomeView struct {
	Layout
	Counts     []Link // label = number, note = what
	Changes    []ChangeRow
	Categories []Link
	Severities []SeverityGroup
	Platforms  []Link
	Featured   []ClauseRow
}

// SeverityGroup is a set of clauses of one severity.
type SeverityGroup struct {
	Severity Badge
	Count    int
	Clauses  []ClauseRow
}

// PlatformView is a platform page.
type PlatformView struct {
	Layout
	ID          string
	Name        string
	Website     string
	Sector      Link
	Description string
	Documents   []DocumentRow
	Groups      []SeverityGroup
	Changes     []ChangeRow
	ClauseCount int
	FeedURL     string
}

// DocumentRow is a document as lists show it.
type DocumentRow struct {
	ID           string
	Title        string
	URL          string
	Type         string
	Clauses      int
	Versions     int
	LastUpdated  Date
	LastVerified Date
}

// DocumentView is a document page.
type DocumentView struct {
	Layout
	ID           string
	Title        string
	Platform     Link
	Type         string
	Description  string
	SourceURL    string
	ArchiveURL   string
	LastUpdated  Date
	FirstTracked Date
	LastVerified Date
	OTA          string
	Clauses      []ClauseRow
	Versions     []VersionRow // changes readers need: the first text and substantive changes
	Hidden       []VersionRow // noisy captures, collapsed
	HiddenNote   string       // "12 noisy captures hidden: …"
	VersionCount int
	StoredTexts  int
	Distinct     int
}

// DiffView is the word-level diff between two stored versions.
type DiffView struct {
	Layout
	Platform       Link
	Document       Link
	From, To       VersionRow
	Added, Removed string // "3 words"
	Hunks          []HunkView
	Prev, Next     Link
}

// HunkView is one group of changes with its section of the document.
type HunkView struct {
	Section string
	Ops     []OpView
}

// OpView is a run of text: kept, inserted or deleted.
type OpView struct {
	Kind string // "eq", "ins", "del"
	Text string
}

// VersionRow is one recorded capture in a document's history.
type VersionRow struct {
	Captured Date
	Time     string // 00:33 UTC
	SHA256   string
	Short    string
	Bytes    string
	Change   string // +3 −1 lines
	Event    string
	Summary  string
	Severity Badge
	Stored   bool
	Source   string
	Class    string // what the capture is: "Substantive change", "Revert", …
	Reason   string
	// The distinct text this capture holds: when it was first and last
	// captured and how often.
	FirstSeen, LastSeen Date
	Captures            int
	DiffURL             string
	// Anchor is the row's id ("v-<hash>"), on the first row of each text
	// only: a text captured again must not repeat an id.
	Anchor string
}

// ClauseView is a clause page: the atlas's main product.
type ClauseView struct {
	Layout
	ID                string
	Title             string
	Platform          Link
	Document          Link
	DocumentID        string
	SourceURL         string
	ArchiveURL        string
	Severity          Badge
	Confidence        Badge
	Evidence          string
	Uniqueness        string
	Summary           string
	WhyItMatters      string
	InterpretiveNote  string
	ConsumerImpact    string
	Activity          []ChangeRow
	DocumentChanged   bool
	Type              Link
	TypeDescription   string
	Comparison        []ClauseRow
	ComparisonTotal   int
	Quote             string
	Locator           string
	AnalysisMD        string
	Analysis          template.HTML `hash:"ignore"`
	Agencies          []AgencyRow
	Regulations       []RegulationRow
	FirstTracked      Date
	LastVerified      Date
	AnalysisGenerated string
	DocLastUpdated    Date
	Captured          string
	CapturedISO       string
	SHA256            string
	Evidence2         Evidence
	Freshness         FreshnessView
	Citation          Citation
	Categories        []Link
	Others            []ClauseRow
	OthersTotal       int
	FAQ               []QA
	Share             []Link
	Downloads         []Link
}

// FreshnessView says whether the clause still matches its document.
type FreshnessView struct {
	Stale        bool
	ChangedOn    Date
	Checked      bool
	Found        bool
	CheckedOn    Date
	Nearest      string
	Since        Date
	SinceAtLeast bool // the quote is in the earliest stored text
}

// Evidence says what the atlas can show about a clause's capture.
type Evidence struct {
	Stored   bool   // the capture's text is stored in the atlas
	Verified bool   // and its SHA-256 was recomputed at build time
	Note     string // what this means, in words
}

// Citation is the citation record of a clause.
type Citation struct {
	Entity, Document, RecordID, Captured, SHA256, ShortSHA, URL, Verified string
	Text                                                                  string
}

// AgencyRow is an agency on a clause page.
type AgencyRow struct {
	Name, ShortName, URL, Description, Jurisdiction, ComplaintURL string
}

// RegulationRow is a regulation on a clause page.
type RegulationRow struct {
	Name, ShortName, URL, Jurisdiction string
}

// TypeView is a clause-type page: adoption and the full comparison.
type TypeView struct {
	Layout
	Key         string
	Name        string
	Category    Link
	Description string
	Adoption    string
	Platforms   int
	Total       int
	Percent     string
	Rows        []ClauseRow
	Sectors     []Link // for the filter
	FeedURL     string
}

// ListView is an index of links (platforms, provisions, categories, …).
type ListView struct {
	Layout
	Heading string
	Intro   string
	Groups  []ListGroup
}

// ListGroup is a titled list of links.
type ListGroup struct {
	Title string
	Items []Link
}

// TopicView is a category, regulation or agency page.
type TopicView struct {
	Layout
	Kind         string // Category, Regulation, Agency
	Name         string
	ShortName    string
	Jurisdiction string
	Description  string
	URL          string
	ComplaintURL string
	Types        []Link
	Clauses      []ClauseRow
}

// ChangesView is the site-wide list of document changes.
type ChangesView struct {
	Layout
	Changes []ChangeRow
	Total   int
}

// ContentView is a Markdown page from content/.
type ContentView struct {
	Layout
	Updated Date
	BodyMD  string
	Body    template.HTML `hash:"ignore"`
}

// NotFoundView is the 404 page.
type NotFoundView struct {
	Layout
	Platforms []Link
}

// SearchView is the search page. Without JavaScript it shows the query
// form and a browse list; with it, results from the static search index.
type SearchView struct {
	Layout
	Platforms  []Link
	Types      []Link
	Categories []Link
	Severities []Badge
	Sectors    []Link
	IndexURL   string // the search index manifest
}

// RedirectView is the static fallback page of a redirect: a record-ID
// permalink or a renamed record's old URL.
type RedirectView struct {
	Layout
	Target string // path of the page the record now lives at
	Record string
}
