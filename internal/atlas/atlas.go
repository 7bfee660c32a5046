// Package atlas holds the typed records of the atlas: site, platforms,
// documents with their version histories, the taxonomy (categories, clause
// types), regulations, agencies and clauses. It does no I/O; the load stage
// fills it and every later stage reads it.
package atlas

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"time"
)

// Pos is where a record (or a table inside a file) starts. Path is the TOML
// key path of the record inside its file ("" for a whole-file record,
// "clause_type.3" for the fourth [[clause_type]] table), so a problem about
// one field can be placed on that field's line.
type Pos struct {
	File string // slash path relative to the site root, e.g. data/platforms/x/platform.toml
	Line int
	Path string
}

// Key returns the full key path of field inside the record at p.
func (p Pos) Key(field string) string {
	if p.Path == "" {
		return field
	}
	if field == "" {
		return p.Path
	}
	return p.Path + "." + field
}

// Date is a calendar day, written in TOML as a local date (2026-05-12); the
// loader normalises it to midnight UTC.
type Date = time.Time

// Corpus is every record of one atlas, as loaded. Slices are in file order
// (files sorted by path), which makes every later stage deterministic.
type Corpus struct {
	Site        Site
	Categories  []Category
	ClauseTypes []ClauseType
	Regulations []Regulation
	Agencies    []Agency
	Platforms   []Platform
	Documents   []Document
	Clauses     []Clause
	Pages       []Page
	Ledger      []LedgerEntry
	// Unloaded holds the paths of files that failed to decode and the IDs
	// and keys written in them, so what depends on them is not reported
	// as missing too.
	Unloaded map[string]bool
	// Sums maps every file read (data/ and content/, but not the ledger)
	// to the SHA-256 of its bytes; together they fingerprint the input.
	Sums map[string][32]byte
	// Texts maps a stored text's path (relative to the site root) to the
	// SHA-256 recomputed from its bytes at load time.
	Texts map[string]string
	// TextData maps a stored text's path to its content.
	TextData map[string]string
}

// Fingerprint identifies the whole input: it changes when any record,
// stored text or content page does.
func (c *Corpus) Fingerprint() string {
	paths := make([]string, 0, len(c.Sums))
	for p := range c.Sums {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	h := sha256.New()
	for _, p := range paths {
		s := c.Sums[p]
		h.Write([]byte(p))
		h.Write([]byte{0})
		h.Write(s[:])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Site is data/site.toml: the atlas's own identity.
type Site struct {
	Pos            Pos      `toml:"-"`
	Title          string   `toml:"title"`
	Tagline        string   `toml:"tagline"`
	Description    string   `toml:"description"`
	BaseURL        string   `toml:"base_url"`
	Language       string   `toml:"language"`
	Publisher      string   `toml:"publisher"`
	Contact        string   `toml:"contact"`
	DataLicence    string   `toml:"data_licence"`
	DataLicenceURL string   `toml:"data_licence_url"`
	Repository     string   `toml:"repository"`
	Sectors        []Sector `toml:"sector"`
	Sources        []Source `toml:"source"`
}

// Sector is a kind of platform (AI, social media, …), used to filter tables.
type Sector struct {
	Pos  Pos    `toml:"-"`
	Key  string `toml:"key"`
	Name string `toml:"name"`
}

// Source is a body of data the atlas draws on, with the attribution its
// licence asks for.
type Source struct {
	Pos         Pos    `toml:"-"`
	Name        string `toml:"name"`
	URL         string `toml:"url"`
	Licence     string `toml:"licence"`
	Attribution string `toml:"attribution"`
	Used        string `toml:"used"`
}

// Category groups clause types for browsing (AI governance, dispute
// resolution, …).
type Category struct {
	Pos         Pos      `toml:"-"`
	Key         string   `toml:"key"`
	Name        string   `toml:"name"`
	Description string   `toml:"description"`
	Aliases     []string `toml:"aliases"`
}

// ClauseType is one entry of the taxonomy: a kind of provision that many
// platforms' documents contain in their own words.
type ClauseType struct {
	Pos         Pos      `toml:"-"`
	Key         string   `toml:"key"`
	Name        string   `toml:"name"`
	Category    string   `toml:"category"`
	Description string   `toml:"description"`
	Aliases     []string `toml:"aliases"`
}

// Regulation is a law or rule a clause may engage.
type Regulation struct {
	Pos          Pos      `toml:"-"`
	Key          string   `toml:"key"`
	Name         string   `toml:"name"`
	ShortName    string   `toml:"short_name"`
	Jurisdiction string   `toml:"jurisdiction"`
	Description  string   `toml:"description"`
	URL          string   `toml:"url"`
	Aliases      []string `toml:"aliases"`
}

// Agency is a public body with authority over what a clause touches.
type Agency struct {
	Pos          Pos      `toml:"-"`
	Key          string   `toml:"key"`
	Name         string   `toml:"name"`
	ShortName    string   `toml:"short_name"`
	Jurisdiction string   `toml:"jurisdiction"`
	Description  string   `toml:"description"`
	URL          string   `toml:"url"`
	ComplaintURL string   `toml:"complaint_url"`
	Aliases      []string `toml:"aliases"`
}

// Platform is a company or service whose documents the atlas tracks.
type Platform struct {
	Pos         Pos      `toml:"-"`
	ID          string   `toml:"id"`
	Name        string   `toml:"name"`
	Slug        string   `toml:"slug"`
	Website     string   `toml:"website"`
	Sector      string   `toml:"sector"`
	Description string   `toml:"description"`
	Aliases     []string `toml:"aliases"`
}

// Document is one legal document of a platform, with its capture history.
type Document struct {
	Pos          Pos       `toml:"-"`
	ID           string    `toml:"id"`
	Platform     string    `toml:"platform"` // platform ID
	Title        string    `toml:"title"`
	Slug         string    `toml:"slug"`
	Type         string    `toml:"type"`
	SourceURL    string    `toml:"source_url"`
	ArchiveURL   string    `toml:"archive_url"`
	LastUpdated  Date      `toml:"last_updated"`
	FirstTracked Date      `toml:"first_tracked"`
	LastVerified Date      `toml:"last_verified"`
	Description  string    `toml:"description"`
	Aliases      []string  `toml:"aliases"`
	OTA          *OTARef   `toml:"ota"`
	Versions     []Version `toml:"-"` // from versions.toml beside the document
	// VersionsFile is the versions.toml path, "" when the document has none.
	VersionsFile string `toml:"-"`
}

// OTARef names the document in Open Terms Archive, for imports.
type OTARef struct {
	Collection string `toml:"collection"`
	Service    string `toml:"service"`
	TermsType  string `toml:"terms_type"`
}

// Version is one recorded capture of a document.
type Version struct {
	Pos          Pos       `toml:"-"`
	Captured     time.Time `toml:"captured"`
	SHA256       string    `toml:"sha256"`
	Bytes        int       `toml:"bytes"`
	LinesAdded   int       `toml:"lines_added"`
	LinesRemoved int       `toml:"lines_removed"`
	Event        string    `toml:"event"`
	Text         string    `toml:"text"` // stored text, relative to the document's folder
	Source       string    `toml:"source"`
	Summary      string    `toml:"summary"`
	Severity     string    `toml:"severity"`
}

// Clause is one provision of one document, with its analysis.
type Clause struct {
	Pos               Pos       `toml:"-"`
	ID                string    `toml:"id"`
	Document          string    `toml:"document"` // document ID
	ClauseType        string    `toml:"clause_type"`
	Title             string    `toml:"title"`
	Slug              string    `toml:"slug"`
	Severity          string    `toml:"severity"`
	Confidence        string    `toml:"confidence"`
	Evidence          string    `toml:"evidence"`
	Categories        []string  `toml:"categories"`
	Regulations       []string  `toml:"regulations"`
	Agencies          []string  `toml:"agencies"`
	Locator           string    `toml:"locator"`
	Quote             string    `toml:"quote"`
	Summary           string    `toml:"summary"`
	WhyItMatters      string    `toml:"why_it_matters"`
	ConsumerImpact    string    `toml:"consumer_impact"`
	InterpretiveNote  string    `toml:"interpretive_note"`
	Analysis          string    `toml:"analysis"`
	FirstTracked      Date      `toml:"first_tracked"`
	LastVerified      Date      `toml:"last_verified"`
	AnalysisGenerated time.Time `toml:"analysis_generated"`
	Captured          time.Time `toml:"captured"`
	SHA256            string    `toml:"sha256"`
	Aliases           []string  `toml:"aliases"`
	// Lint is what the loader found in Analysis (see MarkdownLint).
	Lint MarkdownLint `toml:"-"`
}

// MarkdownLint is what a Markdown field holds that the renderer would drop
// or must resolve. The loader computes it once per file (it depends on the
// text alone); the check stage decides which issues stand.
type MarkdownLint struct {
	Done   bool
	Issues []MarkdownIssue
}

// MarkdownIssue is one finding, on a 1-based line of the field's text.
// Permalink names the record of a /id/<ID>/ link: the issue stands only
// when no record has that ID.
type MarkdownIssue struct {
	Line      int
	Msg       string
	Permalink string
}

// Page is a hand-written Markdown page from content/.
type Page struct {
	Pos         Pos          `toml:"-"`
	Slug        string       `toml:"-"` // from the file name; "about" for content/about.md
	Title       string       `toml:"title"`
	Description string       `toml:"description"`
	Updated     Date         `toml:"updated"`
	Menu        int          `toml:"menu"` // position in the footer menu; 0 = not listed
	Body        string       `toml:"-"`
	BodyLine    int          `toml:"-"` // line of the body's first line in the file
	Lint        MarkdownLint `toml:"-"`
}

// LedgerEntry is one line of the URL ledger: a path the site has published
// and the record behind it.
type LedgerEntry struct {
	Pos    Pos
	Path   string
	Record string
}

// Enumerations. Order matters: it is the display and sort order.
var (
	Severities  = []string{"high", "medium", "low"}
	Confidences = []string{"high", "medium", "low"}
	// EvidenceKinds maps each evidence kind to how pages name it.
	EvidenceKinds = map[string]string{
		"explicit-language":   "Explicit document language",
		"implicit-language":   "Implied by document language",
		"absence-of-language": "Absence of language",
		"external-statement":  "Platform statement outside the document",
		"secondary-quotation": "Quoted from a secondary source",
	}
	VersionEvents = []string{"first_record", "change", "technical_upgrade", "deleted", "other"}
)

// DocumentTypes maps each document type key to its name. The vocabulary is
// Open Terms Archive's terms types (EUPL-1.2), so imported histories map
// onto it without translation; "other" covers the rest.
var DocumentTypes = map[string]string{
	"terms-of-service":                "Terms of Service",
	"privacy-policy":                  "Privacy Policy",
	"imprint":                         "Imprint",
	"trackers-policy":                 "Trackers Policy",
	"developer-terms":                 "Developer Terms",
	"community-guidelines":            "Community Guidelines",
	"deceased-users":                  "Deceased Users",
	"acceptable-use-policy":           "Acceptable Use Policy",
	"restricted-use-policy":           "Restricted Use Policy",
	"commercial-terms":                "Commercial Terms",
	"copyright-claims-policy":         "Copyright Claims Policy",
	"law-enforcement-guidelines":      "Law Enforcement Guidelines",
	"human-rights-policy":             "Human Rights Policy",
	"in-app-purchases-policy":         "In-App Purchases Policy",
	"review-guidelines":               "Review Guidelines",
	"brand-guidelines":                "Brand Guidelines",
	"quality-guidelines":              "Quality Guidelines",
	"data-controller-agreement":       "Data Controller Agreement",
	"data-processor-agreement":        "Data Processor Agreement",
	"user-consent-policy":             "User Consent Policy",
	"closed-captioning-policy":        "Closed Captioning Policy",
	"seller-warranty":                 "Seller Warranty",
	"single-sign-on-policy":           "Single Sign-On Policy",
	"vulnerability-disclosure-policy": "Vulnerability Disclosure Policy",
	"live-policy":                     "Live Policy",
	"complaints-policy":               "Complaints Policy",
	"conditions-of-carriage":          "Conditions of Carriage",
	"general-conditions-of-sale":      "General Conditions of Sale",
	"marketplace-buyers-conditions":   "Marketplace Buyers Conditions",
	"marketplace-sellers-conditions":  "Marketplace Sellers Conditions",
	"ranking-parameters-description":  "Ranking Parameters Description",
	"premium-partner-conditions":      "Premium Partner Conditions",
	"platform-to-business-notice":     "Platform to Business Notice",
	"business-mediation-policy":       "Business Mediation Policy",
	"business-privacy-policy":         "Business Privacy Policy",
	"editorial-policy":                "Editorial Policy",
	"anti-corruption-policy":          "Anti-corruption Policy",
	"accessibility-statement":         "Accessibility Statement",
	"hyperlinks-policy":               "Hyperlinks Policy",
	"whistleblower-policy":            "Whistleblower Policy",
	"affiliate-agreement":             "Affiliate Agreement",
	"service-level-agreement":         "Service Level Agreement",
	"content-monetisation-policy":     "Content Monetisation Policy",
	"advertising-content-policy":      "Advertising Content Policy",
	"other":                           "Other",
}
