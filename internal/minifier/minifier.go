// Package minifier is the build's one configured tdewolff/minify instance:
// HTML (keeping document tags, end tags and default attribute values, as
// conservative as Hugo's defaults), CSS, JavaScript, JSON (including
// JSON-LD inside pages), SVG and XML. Types it does not know pass through.
package minifier

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
)

// M minifies by media type. It is configured once in New and is then safe
// for concurrent use.
type M struct {
	m *minify.M
}

// New returns the configured minifier.
func New() *M {
	m := minify.New()
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepDefaultAttrVals: true, KeepQuotes: true})
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("application/javascript", js.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	// JSON-LD blocks in pages are minified through this regexp.
	m.AddFuncRegexp(regexp.MustCompile(`^(application|text)/(x-)?(ld\+)?json$`), json.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`^(application|text)/(atom\+|rss\+|xml)?xml$|[/+]xml$`), xml.Minify)
	return &M{m: m}
}

// Types maps output file extensions to media types.
var Types = map[string]string{
	".html": "text/html", ".css": "text/css", ".js": "application/javascript",
	".json": "application/json", ".svg": "image/svg+xml", ".xml": "application/xml",
	".atom": "application/atom+xml",
}

// TypeOf returns the media type of a file name, "" when it is not minified.
func TypeOf(name string) string { return Types[strings.ToLower(path.Ext(name))] }

// Bytes minifies b as media type mt; unknown types are returned as is.
func (m *M) Bytes(mt string, b []byte) ([]byte, error) {
	if mt == "" {
		return b, nil
	}
	var out bytes.Buffer
	out.Grow(len(b))
	if err := m.m.Minify(mt, &out, bytes.NewReader(b)); err != nil {
		if err == minify.ErrNotExist {
			return b, nil
		}
		return nil, fmt.Errorf("minify %s: %w", mt, err)
	}
	return out.Bytes(), nil
}

// File minifies b by the media type of its file name.
func (m *M) File(name string, b []byte) ([]byte, error) { return m.Bytes(TypeOf(name), b) }
