package publish

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"time"
)

// SitemapLimit is the sitemaps.org protocol's limit of URLs per file.
const SitemapLimit = 50000

// SitemapEntry is one canonical page.
type SitemapEntry struct {
	Path    string
	LastMod time.Time
}

// File is one computed output.
type File struct {
	Path string // slash path under the output folder
	Data []byte
}

type urlset struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

type sitemapIndex struct {
	XMLName  xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []sitemapURL `xml:"sitemap"`
}

// SitemapPart is one sitemap file before it is encoded: a build can tell
// from its entries whether it changed without encoding it.
type SitemapPart struct {
	Path    string
	Entries []SitemapEntry // the URLs it covers (for the index, all of them)
	Encode  func() []byte
}

// SitemapParts returns sitemap.xml listing every entry (in the given
// order), or, past limit entries, sitemap.xml as an index over
// sitemap-1.xml, sitemap-2.xml, … each holding at most limit URLs.
func SitemapParts(baseURL string, entries []SitemapEntry, limit int) []SitemapPart {
	if limit <= 0 {
		limit = SitemapLimit
	}
	if len(entries) <= limit {
		return []SitemapPart{{Path: "sitemap.xml", Entries: entries, Encode: func() []byte {
			return encodeXML(urlset{URLs: sitemapURLs(baseURL, entries)})
		}}}
	}
	var chunks []SitemapPart
	for i, n := 0, 1; i < len(entries); i, n = i+limit, n+1 {
		chunk := entries[i:min(i+limit, len(entries))]
		chunks = append(chunks, SitemapPart{Path: fmt.Sprintf("sitemap-%d.xml", n), Entries: chunk, Encode: func() []byte {
			return encodeXML(urlset{URLs: sitemapURLs(baseURL, chunk)})
		}})
	}
	index := SitemapPart{Path: "sitemap.xml", Entries: entries, Encode: func() []byte {
		var idx sitemapIndex
		for _, c := range chunks {
			var last time.Time
			for _, e := range c.Entries {
				if e.LastMod.After(last) {
					last = e.LastMod
				}
			}
			idx.Sitemaps = append(idx.Sitemaps, sitemapURL{Loc: baseURL + "/" + c.Path, LastMod: isoDate(last)})
		}
		return encodeXML(idx)
	}}
	return append([]SitemapPart{index}, chunks...)
}

func sitemapURLs(baseURL string, entries []SitemapEntry) []sitemapURL {
	urls := make([]sitemapURL, len(entries))
	for i, e := range entries {
		urls[i] = sitemapURL{Loc: baseURL + e.Path, LastMod: isoDate(e.LastMod)}
	}
	return urls
}

func isoDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}

func encodeXML(v any) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	if err := enc.Encode(v); err != nil {
		panic(fmt.Sprintf("publish: XML value does not encode: %v", err)) // plain structs of strings
	}
	b.WriteByte('\n')
	return b.Bytes()
}

// Robots is robots.txt: everything may be crawled; the sitemap is named.
func Robots(baseURL string) []byte {
	return []byte("User-agent: *\nAllow: /\n\nSitemap: " + baseURL + "/sitemap.xml\n")
}
