package sitetest

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// Parse parses an HTML document, failing the test on error.
func Parse(t testing.TB, b []byte) *html.Node {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("parse HTML: %v", err)
	}
	return doc
}

// Find returns every element below n for which match is true, in document
// order.
func Find(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

// Tag matches elements by tag name.
func Tag(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Data == name }
}

// ID returns the element with the given id, or nil.
func ID(doc *html.Node, id string) *html.Node {
	els := Find(doc, func(n *html.Node) bool { return Attr(n, "id") == id })
	if len(els) == 0 {
		return nil
	}
	return els[0]
}

// Attr returns an attribute's value, "" when absent.
func Attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// Text returns the text content of n with whitespace collapsed.
func Text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// Section returns the <section> whose heading has the given id.
func Section(doc *html.Node, headingID string) *html.Node {
	h := ID(doc, headingID)
	for n := h; n != nil; n = n.Parent {
		if n.Type == html.ElementNode && n.Data == "section" {
			return n
		}
	}
	return nil
}
