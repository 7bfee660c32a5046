package publish

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/clauseatlas/atlas/internal/index"
	"github.com/clauseatlas/atlas/internal/render"
)

// Citation is what every citation format of a clause says, once.
type Citation struct {
	ID        string // the record ID, the citation key
	Title     string
	Publisher string // the atlas, author and publisher of the record
	Platform  string
	Document  string
	Date      time.Time // last verified: the date of this version of the record
	URL       string    // canonical page
	Captured  time.Time
	SHA256    string
	Abstract  string
	Language  string
}

// CitationOf describes clause c as published under baseURL.
func CitationOf(x *index.Index, c *index.Clause, baseURL string) Citation {
	return Citation{
		ID: c.ID, Title: c.Title, Publisher: x.Site.Publisher, Platform: c.Platform.Name, Document: c.Document.Title,
		Date: c.LastVerified, URL: baseURL + c.URL, Captured: c.Captured, SHA256: c.SHA256,
		Abstract: render.OneLine(c.Summary), Language: x.Site.Language,
	}
}

func (c Citation) note() string {
	var parts []string
	parts = append(parts, fmt.Sprintf("Record %s.", c.ID))
	if !c.Captured.IsZero() {
		parts = append(parts, "Captured "+c.Captured.UTC().Format("2006-01-02 15:04:05")+" UTC.")
	}
	if c.SHA256 != "" {
		parts = append(parts, "SHA-256 "+c.SHA256+".")
	}
	return strings.Join(parts, " ")
}

// BibTeX is the record as a @misc entry.
func (c Citation) BibTeX() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "@misc{%s,\n", c.ID)
	field := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "  %s = {%s},\n", k, v)
		}
	}
	field("title", "{"+bibEscape(c.Title)+"}")
	field("author", "{"+bibEscape(c.Publisher)+"}")
	field("organization", bibEscape(c.Publisher))
	field("howpublished", bibEscape(c.Platform+", "+c.Document))
	field("year", c.Date.Format("2006"))
	field("month", strings.ToLower(c.Date.Format("Jan")))
	field("date", c.Date.Format(time.DateOnly))
	field("url", c.URL)
	field("number", c.ID)
	field("note", bibEscape(c.note()))
	field("language", c.Language)
	b.WriteString("}\n")
	return []byte(b.String())
}

// bibEscape escapes BibTeX's special characters in a field value.
func bibEscape(s string) string { return bibReplacer.Replace(render.OneLine(s)) }

// bibReplacer is made once: building a Replacer allocates a lookup table
// far larger than the fields it escapes.
var bibReplacer = strings.NewReplacer(`\`, `\textbackslash{}`, "{", `\{`, "}", `\}`, "&", `\&`, "%", `\%`, "$", `\$`, "#", `\#`, "_", `\_`, "~", `\textasciitilde{}`, "^", `\textasciicircum{}`)

// RIS is the record as an electronic-source (ELEC) reference.
func (c Citation) RIS() []byte {
	var b strings.Builder
	line := func(tag, v string) {
		if v != "" {
			fmt.Fprintf(&b, "%s  - %s\r\n", tag, render.OneLine(v))
		}
	}
	line("TY", "ELEC")
	line("TI", c.Title)
	line("AU", c.Publisher)
	line("PB", c.Publisher)
	line("T2", c.Platform+", "+c.Document)
	line("PY", c.Date.Format("2006"))
	line("DA", c.Date.Format("2006/01/02"))
	line("UR", c.URL)
	line("ID", c.ID)
	line("AN", c.ID)
	line("AB", c.Abstract)
	line("N1", c.note())
	line("LA", c.Language)
	b.WriteString("ER  - \r\n")
	return []byte(b.String())
}

type cslDate struct {
	DateParts [][]int `json:"date-parts"`
}

type cslName struct {
	Literal string `json:"literal"`
}

type cslItem struct {
	ID             string    `json:"id"`
	Type           string    `json:"type"`
	Title          string    `json:"title"`
	Author         []cslName `json:"author"`
	Publisher      string    `json:"publisher"`
	ContainerTitle string    `json:"container-title"`
	Number         string    `json:"number"`
	Issued         cslDate   `json:"issued"`
	URL            string    `json:"URL"`
	Abstract       string    `json:"abstract,omitempty"`
	Note           string    `json:"note"`
	Language       string    `json:"language,omitempty"`
}

// CSLJSON is the record as a one-item CSL-JSON array.
func (c Citation) CSLJSON() []byte {
	item := cslItem{
		ID: c.ID, Type: "webpage", Title: c.Title, Author: []cslName{{Literal: c.Publisher}}, Publisher: c.Publisher,
		ContainerTitle: c.Platform + ", " + c.Document, Number: c.ID,
		Issued: cslDate{DateParts: [][]int{{c.Date.Year(), int(c.Date.Month()), c.Date.Day()}}},
		URL:    c.URL, Abstract: c.Abstract, Note: c.note(), Language: c.Language,
	}
	b, err := json.MarshalIndent([]cslItem{item}, "", "  ")
	if err != nil {
		panic(err) // plain values
	}
	return append(b, '\n')
}
