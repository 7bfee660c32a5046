// Package markdown is the atlas's one configured goldmark instance: GFM
// tables, strikethrough and autolinks, automatic heading IDs, and safe mode
// (raw HTML is dropped and dangerous link schemes are neutralised, because
// record text is written from third-party material). Links to record
// permalinks (/id/CA-P-011410/) are rewritten to the record's canonical URL.
// Lint reports what safe mode would silently drop, so the check stage can
// reject it with a position.
package markdown

import (
	"bytes"
	"fmt"
	"html/template"
	"net/url"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Resolver maps a record ID to its canonical URL path.
type Resolver func(id string) (string, bool)

// LinkChecker says whether a record ID exists.
type LinkChecker func(id string) bool

// Renderer converts Markdown to safe HTML. It is safe for concurrent use.
type Renderer struct {
	md goldmark.Markdown
}

var (
	shiftKey   = parser.NewContextKey()
	resolveKey = parser.NewContextKey()
)

// New returns a Renderer that rewrites /id/<ID>/ links with resolve.
func New() *Renderer {
	md := goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(transformer{}, 100)),
		),
	)
	return &Renderer{md: md}
}

// Options tune one conversion.
type Options struct {
	// Shift lowers every heading by this many levels (## becomes ### with 1),
	// so a snippet fits under the page's own headings.
	Shift int
	// Resolve rewrites /id/<ID>/ links; nil leaves them as they are.
	Resolve Resolver
	// IDs shares heading IDs across the snippets of one page so they stay
	// unique; nil gives the conversion its own.
	IDs parser.IDs
}

// HTML converts src. The result is safe to place in a page unescaped.
// The renderer's pages use Write, with buffers of their own.
func (r *Renderer) HTML(src string, o Options) template.HTML {
	if strings.TrimSpace(src) == "" {
		return ""
	}
	var buf bytes.Buffer
	r.Write(&buf, src, o)
	return template.HTML(buf.String())
}

// Write appends the HTML of src to buf, for a caller that processes it
// further without a copy of its own.
func (r *Renderer) Write(buf *bytes.Buffer, src string, o Options) {
	var ctx parser.Context
	if o.IDs != nil {
		ctx = parser.NewContext(parser.WithIDs(o.IDs))
	} else {
		ctx = parser.NewContext()
	}
	ctx.Set(shiftKey, o.Shift)
	ctx.Set(resolveKey, o.Resolve)
	start := buf.Len()
	if err := r.md.Convert([]byte(src), direct{buf}, parser.WithContext(ctx)); err != nil {
		// goldmark only fails when the writer fails; a bytes.Buffer does not.
		buf.Truncate(start)
		buf.WriteString(template.HTMLEscapeString(src))
	}
}

// direct lets goldmark's renderer write into the buffer itself: given
// a plain io.Writer it wraps it in a new bufio.Writer (4 KiB) for every
// conversion, and copies everything through it.
type direct struct{ *bytes.Buffer }

func (direct) Buffered() int { return 0 }
func (direct) Flush() error  { return nil }

var _ util.BufWriter = direct{}

// NewIDs returns a heading ID set to share across one page's snippets.
func NewIDs() parser.IDs { return parser.NewContext().IDs() }

type transformer struct{}

func (transformer) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	shift, _ := pc.Get(shiftKey).(int)
	resolve, _ := pc.Get(resolveKey).(Resolver)
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			n.Level = min(6, n.Level+shift)
		case *ast.Link:
			if resolve != nil {
				if id, ok := permalinkID(string(n.Destination)); ok {
					if u, ok := resolve(id); ok {
						n.Destination = []byte(u)
					}
				}
			}
		}
		return ast.WalkContinue, nil
	})
}

// permalinkID extracts the record ID of a /id/<ID>/ link.
func permalinkID(dest string) (string, bool) {
	rest, ok := strings.CutPrefix(dest, "/id/")
	if !ok {
		return "", false
	}
	id := strings.TrimSuffix(rest, "/")
	if id == "" || strings.Contains(id, "/") {
		return "", false
	}
	return id, true
}

// Issue is a problem in a Markdown source, with its 1-based line.
type Issue struct {
	Line int
	Msg  string
	// Permalink is the record ID of a /id/<ID>/ link: the issue stands
	// only if no record has that ID (see Known).
	Permalink string
}

// Known keeps the issues that stand, given the records that exist: every
// issue but links to existing records' permalinks.
func Known(issues []Issue, known LinkChecker) []Issue {
	var out []Issue
	for _, i := range issues {
		if i.Permalink != "" && (known == nil || known(i.Permalink)) {
			continue
		}
		out = append(out, i)
	}
	return out
}

func (i Issue) String() string { return i.Msg }

// Lint lists what the renderer would drop or could not resolve, as
// messages without positions (for one-field snippets).
func Lint(src string, known LinkChecker) []string {
	var out []string
	for _, i := range LintLines(src, known) {
		out = append(out, i.Msg)
	}
	return out
}

// LintLines lists what the renderer would drop or could not resolve: raw
// HTML, links with schemes other than http, https and mailto, and
// permalinks to records that do not exist.
func LintLines(src string, known LinkChecker) []Issue { return Known(Analyze(src), known) }

// Analyze lists what the renderer would drop or must resolve, without
// knowing which records exist: raw HTML, bad link schemes, and every
// permalink link as a provisional issue. It depends on src alone, so the
// loader computes it once per file and caches it.
func Analyze(src string) []Issue {
	if strings.TrimSpace(src) == "" {
		return nil
	}
	b := []byte(src)
	doc := std.Parser().Parse(text.NewReader(b))
	var out []Issue
	lineOf := func(n ast.Node) int {
		for p := n; p != nil; p = p.Parent() {
			if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
				return bytes.Count(b[:p.Lines().At(0).Start], []byte("\n")) + 1
			}
		}
		return 1
	}
	checkURL := func(n ast.Node, dest string, what string) {
		if id, ok := permalinkID(dest); ok {
			out = append(out, Issue{Line: lineOf(n), Msg: fmt.Sprintf("%s to /id/%s/: no record has that ID", what, id), Permalink: id})
			return
		}
		if strings.HasPrefix(dest, "/") || strings.HasPrefix(dest, "#") {
			return
		}
		u, err := url.Parse(dest)
		if err != nil {
			out = append(out, Issue{Line: lineOf(n), Msg: fmt.Sprintf("%s %q is not a valid URL", what, dest)})
			return
		}
		switch strings.ToLower(u.Scheme) {
		case "http", "https", "mailto":
			if u.Scheme != "mailto" && u.Host == "" {
				out = append(out, Issue{Line: lineOf(n), Msg: fmt.Sprintf("%s %q has no host", what, dest)})
			}
		case "":
			out = append(out, Issue{Line: lineOf(n), Msg: fmt.Sprintf("%s %q must be absolute (https://…) or a site path starting with /", what, dest)})
		default:
			out = append(out, Issue{Line: lineOf(n), Msg: fmt.Sprintf("%s %q uses the scheme %q; only http, https and mailto are allowed", what, dest, u.Scheme)})
		}
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.RawHTML:
			var raw []byte
			for i := 0; i < n.Segments.Len(); i++ {
				s := n.Segments.At(i)
				raw = append(raw, s.Value(b)...)
			}
			out = append(out, Issue{Line: lineOf(n), Msg: fmt.Sprintf("raw HTML %q is not allowed (write Markdown instead)", clip(string(raw)))})
		case *ast.HTMLBlock:
			first := ""
			if n.Lines().Len() > 0 {
				seg := n.Lines().At(0)
				first = strings.TrimSpace(string(seg.Value(b)))
			}
			out = append(out, Issue{Line: lineOf(n), Msg: fmt.Sprintf("raw HTML %q is not allowed (write Markdown instead)", clip(first))})
		case *ast.Link:
			checkURL(n, string(n.Destination), "link")
		case *ast.Image:
			checkURL(n, string(n.Destination), "image")
		case *ast.AutoLink:
			if u := string(n.URL(b)); n.AutoLinkType == ast.AutoLinkURL && !strings.HasPrefix(u, "www.") {
				checkURL(n, u, "link")
			}
		}
		return ast.WalkContinue, nil
	})
	return out
}

// std parses for Lint with the same extensions as the renderer.
var std = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify))

func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
