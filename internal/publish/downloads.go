package publish

import (
	"bufio"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/clauseatlas/atlas/internal/atlas"
	"github.com/clauseatlas/atlas/internal/index"
	"github.com/clauseatlas/atlas/internal/render"
)

// SchemaVersion versions the shape of the downloads; it changes when a
// field is renamed or removed.
const SchemaVersion = 1

// Paths of the downloads.
const (
	AtlasJSON    = "data/atlas.json"
	ClausesCSV   = "data/clauses.csv"
	ManifestJSON = "data/manifest.json"
)

// Clause is a clause as the downloads describe it.
type Clause struct {
	ID                string   `json:"id"`
	URL               string   `json:"url"`
	Title             string   `json:"title"`
	Slug              string   `json:"slug"`
	PlatformID        string   `json:"platform_id"`
	Platform          string   `json:"platform"`
	DocumentID        string   `json:"document_id"`
	Document          string   `json:"document"`
	ClauseType        string   `json:"clause_type"`
	Categories        []string `json:"categories"`
	Severity          string   `json:"severity"`
	Confidence        string   `json:"confidence"`
	Evidence          string   `json:"evidence"`
	Regulations       []string `json:"regulations"`
	Agencies          []string `json:"agencies"`
	Locator           string   `json:"locator,omitempty"`
	Quote             string   `json:"quote"`
	Summary           string   `json:"summary"`
	WhyItMatters      string   `json:"why_it_matters"`
	ConsumerImpact    string   `json:"consumer_impact"`
	InterpretiveNote  string   `json:"interpretive_note,omitempty"`
	Analysis          string   `json:"analysis_markdown,omitempty"`
	FirstTracked      string   `json:"first_tracked"`
	LastVerified      string   `json:"last_verified"`
	AnalysisGenerated string   `json:"analysis_generated"`
	Captured          string   `json:"captured,omitempty"`
	SHA256            string   `json:"sha256,omitempty"`
	SnapshotVerified  bool     `json:"snapshot_verified"`
	Aliases           []string `json:"aliases,omitempty"`
}

// ClauseOf describes c for the downloads.
func ClauseOf(c *index.Clause, baseURL string) Clause {
	out := Clause{
		ID: c.ID, URL: baseURL + c.URL, Title: c.Title, Slug: c.Slug,
		PlatformID: c.Platform.ID, Platform: c.Platform.Name, DocumentID: c.Document.ID, Document: c.Document.Title,
		ClauseType: c.ClauseType, Severity: c.Severity, Confidence: c.Confidence, Evidence: c.Evidence,
		Regulations: nonNil(c.Clause.Regulations), Agencies: nonNil(c.Clause.Agencies),
		Locator: c.Locator, Quote: strings.TrimSpace(c.Quote), Summary: strings.TrimSpace(c.Summary),
		WhyItMatters: strings.TrimSpace(c.WhyItMatters), ConsumerImpact: strings.TrimSpace(c.ConsumerImpact),
		InterpretiveNote: strings.TrimSpace(c.InterpretiveNote), Analysis: strings.TrimSpace(c.Analysis),
		FirstTracked: day(c.FirstTracked), LastVerified: day(c.LastVerified), AnalysisGenerated: instant(c.AnalysisGenerated),
		Captured: instant(c.Captured), SHA256: c.SHA256, SnapshotVerified: c.TextStored, Aliases: c.Aliases,
	}
	out.Categories = []string{}
	for _, cat := range c.Categories {
		out.Categories = append(out.Categories, cat.Key)
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func instant(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// ClauseJSON is the JSON twin of a clause page.
func ClauseJSON(c *index.Clause, baseURL, licence string) []byte {
	cl := ClauseOf(c, baseURL)
	b := appendClause(make([]byte, 0, 1024+len(c.Analysis)+len(c.Quote)+len(c.Summary)+len(c.WhyItMatters)+len(c.ConsumerImpact)), &cl, true, licence)
	return append(b, '\n')
}

type exportVersion struct {
	Captured     string `json:"captured"`
	SHA256       string `json:"sha256"`
	Bytes        int    `json:"bytes,omitempty"`
	LinesAdded   int    `json:"lines_added"`
	LinesRemoved int    `json:"lines_removed"`
	Event        string `json:"event,omitempty"`
	Source       string `json:"source,omitempty"`
	Summary      string `json:"summary,omitempty"`
	Severity     string `json:"severity,omitempty"`
	TextStored   bool   `json:"text_stored"`
}

// RowWriter takes a download's bytes. Row adds a row that make appends
// to dst, unless the writer already has the bytes of a row with that key
// (write.Stream copies the last build's). Key 0 is no key.
type RowWriter interface {
	io.Writer
	Row(key uint64, make func(dst []byte) []byte) error
}

// WriteAtlasJSON streams the whole atlas as one JSON document: every
// record, with the schema version and the licence. Each clause is a row
// with the key keys[i] (none when keys is nil): keys must cover all a
// row is made from (ClauseOf's fields and baseURL).
func WriteAtlasJSON(w RowWriter, x *index.Index, baseURL string, keys []uint64) error {
	bw := bufio.NewWriterSize(w, 256<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	put := func(s string) { bw.WriteString(s) }
	field := func(first bool, name string, v any) error {
		if !first {
			put(",\n")
		}
		put(`"` + name + `":`)
		return enc.Encode(v)
	}
	s := x.Site
	put("{\n")
	if err := field(true, "schema_version", SchemaVersion); err != nil {
		return err
	}
	meta := map[string]any{
		"title": s.Title, "base_url": baseURL, "publisher": s.Publisher,
		"licence": s.DataLicence, "licence_url": s.DataLicenceURL, "language": s.Language,
	}
	var sources []map[string]string
	for _, src := range s.Sources {
		sources = append(sources, map[string]string{"name": src.Name, "url": src.URL, "licence": src.Licence, "attribution": src.Attribution, "used": src.Used})
	}
	meta["sources"] = sources
	if err := field(false, "site", meta); err != nil {
		return err
	}
	var sectors []map[string]string
	for _, sec := range s.Sectors {
		sectors = append(sectors, map[string]string{"key": sec.Key, "name": sec.Name})
	}
	if err := field(false, "sectors", sectors); err != nil {
		return err
	}
	var cats []map[string]string
	for _, c := range x.Categories {
		cats = append(cats, map[string]string{"key": c.Key, "name": c.Name, "description": c.Description, "url": baseURL + c.URL})
	}
	if err := field(false, "categories", cats); err != nil {
		return err
	}
	var types []map[string]any
	for _, t := range x.Types {
		types = append(types, map[string]any{"key": t.Key, "name": t.Name, "category": t.ClauseType.Category, "description": t.Description,
			"url": baseURL + t.URL, "platforms": t.Platforms})
	}
	if err := field(false, "clause_types", types); err != nil {
		return err
	}
	var regs []map[string]string
	for _, r := range x.Regulations {
		regs = append(regs, map[string]string{"key": r.Key, "name": r.Name, "short_name": r.ShortName, "jurisdiction": r.Jurisdiction, "description": r.Description, "url": r.Regulation.URL})
	}
	if err := field(false, "regulations", regs); err != nil {
		return err
	}
	var ags []map[string]string
	for _, a := range x.Agencies {
		ags = append(ags, map[string]string{"key": a.Key, "name": a.Name, "short_name": a.ShortName, "jurisdiction": a.Jurisdiction, "description": a.Description, "url": a.Agency.URL, "complaint_url": a.ComplaintURL})
	}
	if err := field(false, "agencies", ags); err != nil {
		return err
	}
	var pls []map[string]any
	for _, p := range x.Platforms {
		pls = append(pls, map[string]any{"id": p.ID, "name": p.Name, "slug": p.Slug, "url": baseURL + p.URL, "website": p.Website, "sector": p.Sector, "description": p.Description})
	}
	if err := field(false, "platforms", pls); err != nil {
		return err
	}
	put(",\n\"documents\":[")
	for i, d := range x.Documents {
		if i > 0 {
			put(",")
		}
		vs := make([]exportVersion, len(d.Versions))
		for j, v := range d.Versions {
			_, stored := x.Texts[d.Dir+"/"+v.Text]
			vs[j] = exportVersion{Captured: instant(v.Captured), SHA256: v.SHA256, Bytes: v.Bytes, LinesAdded: v.LinesAdded, LinesRemoved: v.LinesRemoved,
				Event: v.Event, Source: v.Source, Summary: v.Summary, Severity: v.Severity, TextStored: v.Text != "" && stored}
		}
		if err := enc.Encode(map[string]any{
			"id": d.ID, "platform_id": d.Platform.ID, "title": d.Title, "slug": d.Slug, "type": d.Type, "url": baseURL + d.URL,
			"source_url": d.SourceURL, "archive_url": d.ArchiveURL, "last_updated": day(d.LastUpdated),
			"first_tracked": day(d.FirstTracked), "last_verified": day(d.LastVerified), "versions": vs,
		}); err != nil {
			return err
		}
	}
	put("],\n\"clauses\":[")
	if err := bw.Flush(); err != nil {
		return err
	}
	for i, c := range x.Clauses {
		if i > 0 {
			if _, err := io.WriteString(w, ","); err != nil {
				return err
			}
		}
		err := w.Row(keyOf(keys, i), func(dst []byte) []byte {
			cl := ClauseOf(c, baseURL)
			return append(appendClause(dst, &cl, false, ""), '\n') // as enc.Encode ends it
		})
		if err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, "]}\n")
	return err
}

func keyOf(keys []uint64, i int) uint64 {
	if keys == nil {
		return 0
	}
	return keys[i]
}

// csvHeader names the columns of clauses.csv.
var csvHeader = []string{"id", "url", "title", "platform_id", "platform", "document_id", "document", "clause_type", "categories",
	"severity", "confidence", "evidence", "regulations", "agencies", "locator", "first_tracked", "last_verified",
	"analysis_generated", "captured", "sha256", "snapshot_verified", "quote", "summary"}

// WriteClausesCSV streams every clause as RFC 4180 CSV (CRLF line ends,
// quoted fields where needed), one row per clause; lists are joined with
// semicolons. Rows are keyed as in WriteAtlasJSON.
func WriteClausesCSV(w RowWriter, x *index.Index, baseURL string, keys []uint64) error {
	// One csv.Writer appends each row to the slice the RowWriter hands
	// over; csv.Writer buffers, so each row is flushed.
	sink := &appender{}
	cw := csv.NewWriter(sink)
	cw.UseCRLF = true
	line := func(dst []byte, fields []string) []byte {
		sink.b = dst
		cw.Write(fields) // into sink: cannot fail
		cw.Flush()
		return sink.b
	}
	if _, err := w.Write(line(nil, csvHeader)); err != nil {
		return err
	}
	for i, c := range x.Clauses {
		err := w.Row(keyOf(keys, i), func(dst []byte) []byte {
			e := ClauseOf(c, baseURL)
			verified := "false"
			if e.SnapshotVerified {
				verified = "true"
			}
			return line(dst, []string{e.ID, e.URL, e.Title, e.PlatformID, e.Platform, e.DocumentID, e.Document, e.ClauseType,
				strings.Join(e.Categories, ";"), e.Severity, e.Confidence, e.Evidence, strings.Join(e.Regulations, ";"),
				strings.Join(e.Agencies, ";"), e.Locator, e.FirstTracked, e.LastVerified, e.AnalysisGenerated, e.Captured,
				e.SHA256, verified, render.OneLine(e.Quote), render.OneLine(e.Summary)})
		})
		if err != nil {
			return err
		}
	}
	return nil
}

type appender struct{ b []byte }

func (a *appender) Write(p []byte) (int, error) {
	a.b = append(a.b, p...)
	return len(p), nil
}

// ManifestEntry is one published download with its hash.
type ManifestEntry struct {
	Path   string `json:"path"`
	URL    string `json:"url"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// Manifest lists the downloads with their SHA-256, sorted by path. It
// lists every output (123,000 at 20,000 clauses) and is made again on
// every change, so it is written by hand: json.MarshalIndent took 0.2 s
// of a one-record rebuild. The bytes are MarshalIndent's with a one-space
// indent (TestManifestBytes, FuzzManifest).
func Manifest(site atlas.Site, baseURL string, entries []ManifestEntry) []byte {
	sort.Slice(entries, func(i, j int) bool { return entries[i].Path < entries[j].Path })
	str := func(b []byte, s string) []byte { return render.AppendJSONString(b, s, true) }
	n := 256 + len(site.DataLicence) + len(site.DataLicenceURL)
	for _, e := range entries {
		n += 80 + len(e.Path) + len(e.URL) + len(e.SHA256) // all but escapes
	}
	b := make([]byte, 0, n)
	b = append(b, "{\n \"schema_version\": "...)
	b = strconv.AppendInt(b, SchemaVersion, 10)
	b = append(b, ",\n \"licence\": "...)
	b = str(b, site.DataLicence)
	if site.DataLicenceURL != "" {
		b = append(b, ",\n \"licence_url\": "...)
		b = str(b, site.DataLicenceURL)
	}
	b = append(b, ",\n \"files\": "...)
	switch {
	case entries == nil:
		b = append(b, "null"...)
	case len(entries) == 0:
		b = append(b, "[]"...)
	default:
		b = append(b, '[')
		for i, e := range entries {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, "\n  {\n   \"path\": "...)
			b = str(b, e.Path)
			b = append(b, ",\n   \"url\": "...)
			b = str(b, e.URL)
			b = append(b, ",\n   \"bytes\": "...)
			b = strconv.AppendInt(b, e.Bytes, 10)
			b = append(b, ",\n   \"sha256\": "...)
			b = str(b, e.SHA256)
			b = append(b, "\n  }"...)
		}
		b = append(b, "\n ]"...)
	}
	return append(b, "\n}\n"...)
}

// HexSum formats a SHA-256.
func HexSum(s [32]byte) string { return hex.EncodeToString(s[:]) }
