package render

import (
	"html/template"
	"strconv"
	"time"

	"github.com/clauseatlas/atlas/internal/index"
)

// JSON-LD blocks are written with ldWriter rather than json.Marshal of
// maps: every page has one and a clause page three, and encoding maps by
// reflection, with their keys sorted on each call, was a quarter of the
// time it took to build a clause page's view. The keys are written in the
// order json.Marshal gives a map's (sorted bytewise) or a struct's
// (declared), so the bytes are the same; TestLDMatchesJSON holds them to
// it.

// ldWriter appends one JSON value. Strings are escaped as json.Marshal
// escapes them, <, > and & included, so the value cannot end its
// <script> element.
type ldWriter struct {
	b    []byte
	open bool // just after { or [: the next member takes no comma
}

func (w *ldWriter) sep() {
	if !w.open {
		w.b = append(w.b, ',')
	}
	w.open = false
}

func (w *ldWriter) key(k string) {
	w.sep()
	w.b = AppendJSONString(w.b, k, true)
	w.b = append(w.b, ':')
	w.open = true // the value follows the colon with no comma
}

// obj starts an object, as a member (k != "") or an array element.
func (w *ldWriter) obj(k string) {
	if k != "" {
		w.key(k)
	}
	w.sep()
	w.b = append(w.b, '{')
	w.open = true
}

func (w *ldWriter) arr(k string) {
	w.key(k)
	w.sep()
	w.b = append(w.b, '[')
	w.open = true
}

func (w *ldWriter) end(c byte) {
	w.b = append(w.b, c)
	w.open = false
}

func (w *ldWriter) str(k, v string) {
	w.key(k)
	w.sep()
	w.b = AppendJSONString(w.b, v, true)
}

func (w *ldWriter) int(k string, v int) {
	w.key(k)
	w.sep()
	w.b = strconv.AppendInt(w.b, int64(v), 10)
}

// org writes {"@type":"Organization","name":…}.
func (w *ldWriter) org(k, name string) {
	w.obj(k)
	w.str("@type", "Organization")
	w.str("name", name)
	w.end('}')
}

func (w *ldWriter) js() template.JS { return template.JS(w.b) }

// schema opens a top-level block of schema.org type typ: the two keys
// that sort first in most blocks (a clause's "@id" falls between them).
func (w *ldWriter) schema(typ string) {
	w.obj("")
	w.str("@context", "https://schema.org")
	w.str("@type", typ)
}

func newLD(size int) *ldWriter { return &ldWriter{b: make([]byte, 0, size), open: true} }

func (p *Planner) breadcrumbLD(crumbs []Link) template.JS {
	w := newLD(160 * (len(crumbs) + 1))
	w.schema("BreadcrumbList")
	w.arr("itemListElement")
	for i, c := range crumbs {
		w.obj("")
		w.str("@type", "ListItem")
		w.int("position", i+1)
		w.str("name", c.Label)
		if c.URL != "" {
			w.str("item", p.site.BaseURL+c.URL)
		}
		w.end('}')
	}
	w.end(']')
	w.end('}')
	return w.js()
}

func (p *Planner) faqLD(qs []QA) template.JS {
	n := 80
	for _, q := range qs {
		n += len(q.Q) + len(q.A) + 100
	}
	w := newLD(n)
	w.schema("FAQPage")
	w.arr("mainEntity")
	for _, q := range qs {
		w.obj("")
		w.str("@type", "Question")
		w.str("name", q.Q)
		w.obj("acceptedAnswer")
		w.str("@type", "Answer")
		w.str("text", q.A)
		w.end('}')
		w.end('}')
	}
	w.end(']')
	w.end('}')
	return w.js()
}

func (p *Planner) clauseLD(c *index.Clause, canonical string) template.JS {
	summary, quote := OneLine(c.Summary), OneLine(c.Quote)
	w := newLD(1200 + len(summary) + len(quote))
	w.obj("")
	w.str("@context", "https://schema.org")
	w.str("@id", canonical+"#record")
	w.str("@type", "CreativeWork")
	w.obj("about")
	w.str("@type", "Organization")
	w.str("name", c.Platform.Name)
	w.str("url", c.Platform.Website)
	w.end('}')
	w.str("citation", quote)
	w.str("dateModified", c.LastVerified.Format(time.DateOnly))
	w.str("datePublished", c.FirstTracked.Format(time.DateOnly))
	w.str("description", summary)
	if c.Type != nil {
		w.str("genre", c.Type.Name)
	}
	w.str("headline", c.Title)
	w.obj("identifier")
	w.str("@type", "PropertyValue")
	w.str("propertyID", p.site.Title+" record ID")
	w.str("value", c.ID)
	w.end('}')
	w.str("inLanguage", p.site.Language)
	w.obj("isBasedOn")
	w.str("@type", "DigitalDocument")
	w.org("author", c.Platform.Name)
	if !c.Document.LastUpdated.IsZero() {
		w.str("dateModified", c.Document.LastUpdated.Format(time.DateOnly))
	}
	w.str("identifier", c.Document.ID)
	w.str("name", c.Document.Title)
	if c.Document.SourceURL != "" {
		w.str("url", c.Document.SourceURL)
	}
	w.end('}')
	if p.site.DataLicenceURL != "" {
		w.str("license", p.site.DataLicenceURL)
	}
	w.str("name", c.Title)
	w.org("publisher", p.site.Publisher)
	w.str("url", canonical)
	w.end('}')
	return w.js()
}

// siteLD is the home page's WebSite block.
func (p *Planner) siteLD() template.JS {
	s := p.x.Site
	w := newLD(400)
	w.schema("WebSite")
	w.str("description", s.Description)
	w.str("name", s.Title)
	w.org("publisher", s.Publisher)
	w.str("url", p.site.BaseURL+"/")
	w.end('}')
	return w.js()
}
