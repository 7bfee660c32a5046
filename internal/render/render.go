// Package render turns the index into pages: it plans every page of the
// site (path, template, view), builds each page's view on demand, and
// executes views through the html/template files in templates/: escaped
// by html/template, and walked by the executor in exec.go where it covers
// them. Markdown goes through the one configured goldmark instance.
//
// Pages come out minified without a minification pass over each page:
// the template sources are minified once, when they are parsed, by
// tdewolff/minify's HTML minifier in its Go-template mode, and the only
// HTML that does not come from a template (converted Markdown) is minified
// as it is made. Data text is tidied in the views. Minifying every finished
// page instead would cost as much as rendering it (a test checks that a
// second pass finds almost nothing left to remove).
package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/tdewolff/minify/v2"
	minhtml "github.com/tdewolff/minify/v2/html"

	"github.com/clauseatlas/atlas/internal/index"
	"github.com/clauseatlas/atlas/internal/markdown"
)

// TemplateDir is where templates live under the site root.
const TemplateDir = "templates"

// Renderer executes views through the site's templates. It is safe for
// concurrent use once built.
type Renderer struct {
	pages       map[string]*template.Template
	partials    *template.Template
	items       *Items
	min         *minify.M
	md          *markdown.Renderer
	resolve     markdown.Resolver
	fingerprint string
	kindKeys    map[string]uint64 // see KindKey

	// fast holds, for each page kind and item partial, its tree compiled
	// for the executor in exec.go, made at the first execution so that a
	// build pays only for the kinds it renders.
	fast       map[string]*compiled
	handedOver atomic.Int64 // executions the executor left to html/template
}

// New parses templates/ under root: every *.html file in templates/ is a
// page kind, every file in templates/partials/ is shared. base.html
// defines the layout the page kinds fill.
func New(root fs.FS, x *index.Index) (*Renderer, error) {
	sum := sha256.New()
	entries, err := fs.ReadDir(root, TemplateDir)
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	shared := template.New("").Funcs(funcs)
	var kinds []string
	read := func(p string) (string, error) {
		b, err := fs.ReadFile(root, p)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(sum, "%s\x00%d\x00", p, len(b))
		sum.Write(b)
		return string(b), nil
	}
	partials, _ := fs.Glob(root, TemplateDir+"/partials/*.html")
	sort.Strings(partials)
	for _, p := range append([]string{TemplateDir + "/base.html"}, partials...) {
		src, err := read(p)
		if err != nil {
			return nil, fmt.Errorf("templates: %w", err)
		}
		if src, err = minifyTemplate(src); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		if _, err := shared.New(path.Base(p)).Parse(src); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
	}
	// What every page kind shares, so far: base.html and the partials.
	sharedSum := sum.Sum(nil)
	r := &Renderer{pages: map[string]*template.Template{}, kindKeys: map[string]uint64{}, md: markdown.New(), min: minify.New(), items: &Items{}}
	r.min.Add("text/html", htmlMinifier)
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".html") || name == "base.html" {
			continue
		}
		kinds = append(kinds, name)
	}
	sort.Strings(kinds)
	for _, name := range kinds {
		src, err := read(TemplateDir + "/" + name)
		if err != nil {
			return nil, fmt.Errorf("templates: %w", err)
		}
		if src, err = minifyTemplate(src); err != nil {
			return nil, fmt.Errorf("%s/%s: %w", TemplateDir, name, err)
		}
		t, err := shared.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := t.New(name).Parse(src); err != nil {
			return nil, fmt.Errorf("%s/%s: %w", TemplateDir, name, err)
		}
		kind := strings.TrimSuffix(name, ".html")
		r.pages[kind] = t
		r.kindKeys[kind] = NewKey().Str(string(sharedSum)).Str(name).Str(src).Done()
	}
	r.fingerprint = hex.EncodeToString(sum.Sum(nil))
	r.partials = shared
	r.compile()
	if x != nil {
		r.resolve = func(id string) (string, bool) {
			if c := x.ClauseByID[id]; c != nil {
				return c.URL, true
			}
			if d := x.DocumentByID[id]; d != nil {
				return d.URL, true
			}
			if p := x.PlatformByID[id]; p != nil {
				return p.URL, true
			}
			return "", false
		}
	}
	return r, nil
}

// funcs are the few helpers templates need; none does work beyond
// formatting a value.
var funcs = template.FuncMap{
	"add": func(a, b int) int { return a + b },
}

// Fingerprint identifies the whole template set; rendered list items
// kept between builds are dropped when it changes. Page keys use KindKey.
func (r *Renderer) Fingerprint() string { return r.fingerprint }

// KindKey identifies the templates that render pages of kind: its own
// file, base.html and the partials. It belongs in the key of each such
// page, so an edit to one kind's template re-renders that kind's pages
// and nothing else.
func (r *Renderer) KindKey(kind string) uint64 { return r.kindKeys[kind] }

// Kinds lists the page kinds the templates define.
func (r *Renderer) Kinds() []string {
	var out []string
	for k := range r.pages {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Execute renders a view through the template of kind.
func (r *Renderer) Execute(kind string, view any) ([]byte, error) {
	var buf bytes.Buffer
	if err := r.ExecuteTo(&buf, kind, view); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ExecuteTo is Execute appending to buf: a render worker reuses one
// buffer for all its pages rather than growing a new one for each (a
// category page at 20,000 clauses is 1.7 MB).
func (r *Renderer) ExecuteTo(buf *bytes.Buffer, kind string, view any) error {
	t := r.pages[kind]
	if t == nil {
		return fmt.Errorf("render: no template %s/%s.html", TemplateDir, kind)
	}
	view = r.fill(view)
	if err := r.execute(buf, t, kind, rootOf(t), view); err != nil {
		return fmt.Errorf("render %s: %w", kind, err)
	}
	return nil
}

// rootOf names the template a page kind starts from: a kind may be a
// complete document of its own instead of filling the shared frame.
func rootOf(t *template.Template) string {
	if t.Lookup("document") != nil {
		return "document"
	}
	return "base.html"
}

// execute runs template name of t on data into buf, through its compiled
// program (under key) when there is one. When that program stops short,
// what it wrote is dropped and html/template runs instead.
func (r *Renderer) execute(buf *bytes.Buffer, t *template.Template, key, name string, data any) error {
	if p := r.program(key); p != nil {
		start := buf.Len()
		if p.execute(buf, data) == nil {
			return nil
		}
		buf.Truncate(start)
		r.handedOver.Add(1)
	}
	return t.ExecuteTemplate(buf, name, data)
}

// compiled is one template's program, compiled once on first use.
type compiled struct {
	t    *template.Template
	root string
	once sync.Once
	done atomic.Bool // set after p and why
	p    *program
	why  string // why there is no program
}

// itemPartials are the partials fillItems executes.
var itemPartials = []string{"clause-item", "compare-item"}

// compile lists what the executor may run: every page kind and the item
// partials. Each is escaped and compiled at its first execution.
func (r *Renderer) compile() {
	r.fast = map[string]*compiled{}
	for kind, t := range r.pages {
		r.fast[kind] = &compiled{t: t, root: rootOf(t)}
	}
	for _, name := range itemPartials {
		if r.partials.Lookup(name) != nil {
			r.fast["partial:"+name] = &compiled{t: r.partials, root: name}
		}
	}
}

// program returns key's compiled program, compiling it the first time:
// html/template escapes the templates, as their first execution would,
// and the executor compiles what it covers. html/template keeps an
// escaping error and reports it at the real execution.
func (r *Renderer) program(key string) *program {
	c := r.fast[key]
	if c == nil {
		return nil
	}
	c.once.Do(func() {
		defer c.done.Store(true)
		if !escaped(c.t, c.root) {
			c.why = "not escaped"
			return
		}
		p, err := compileKind(c.t, c.root, funcs)
		if err != nil {
			c.why = err.Error()
			return
		}
		c.p = p
	})
	return c.p
}

// Fallback says which templates html/template executed rather than the
// executor, and why, and how many executions the executor handed over
// to it; it is empty when the executor ran everything so far.
func (r *Renderer) Fallback() string {
	var parts []string
	for key, c := range r.fast {
		if c.done.Load() && c.p == nil {
			parts = append(parts, fmt.Sprintf("%s (%s)", strings.TrimPrefix(key, "partial:"), c.why))
		}
	}
	sort.Strings(parts)
	var out string
	if len(parts) > 0 {
		out = "templates executed by html/template: " + strings.Join(parts, ", ")
	}
	if n := r.handedOver.Load(); n > 0 {
		if out != "" {
			out += "; "
		}
		out += fmt.Sprintf("%d executions handed over to html/template at a value the executor does not handle", n)
	}
	return out
}

// escaped makes html/template escape name's templates by executing it on
// no data, and reports whether escaping succeeded.
func escaped(t *template.Template, name string) bool {
	err := t.ExecuteTemplate(io.Discard, name, nil)
	var e *template.Error
	return !errors.As(err, &e)
}

// fill converts the Markdown sources of a view into HTML. It runs only
// for pages that are rendered, not for those skipped as unchanged.
func (r *Renderer) fill(view any) any {
	switch v := view.(type) {
	case ClauseView:
		v.Analysis = r.markdown(v.AnalysisMD, 2)
		r.fillItems(v.Comparison, "compare-item")
		r.fillItems(v.Others, "clause-item")
		return v
	case HomeView:
		r.fillItems(v.Featured, "clause-item")
		return v
	case PlatformView:
		for _, g := range v.Groups {
			r.fillItems(g.Clauses, "clause-item")
		}
		return v
	case DocumentView:
		r.fillItems(v.Clauses, "clause-item")
		return v
	case TopicView:
		r.fillItems(v.Clauses, "clause-item")
		return v
	case ContentView:
		v.Body = r.markdown(v.BodyMD, 0)
		return v
	}
	return view
}

// fillItems renders each row through partial, once per distinct row: a
// clause is listed on many pages.
func (r *Renderer) fillItems(rows []ClauseRow, partial string) {
	for i := range rows {
		key := itemKey{partial, rows[i].sumOrHash()}
		if h, ok := r.items.get(key); ok {
			rows[i].Item = h
			continue
		}
		var b bytes.Buffer
		if err := r.execute(&b, r.partials, "partial:"+partial, partial, rows[i]); err != nil {
			// The partial is checked when the page using it is executed;
			// show the error there rather than hide the row.
			rows[i].Item = template.HTML(template.HTMLEscapeString(err.Error()))
			continue
		}
		h := template.HTML(b.String())
		r.items.put(key, h)
		rows[i].Item = h
	}
}

// Items holds rendered list items (a clause's row in the lists of other
// pages) between the builds of a long-running process: an edit changes a
// few rows, and a type or platform page re-rendered for it reuses the
// hundreds of others. An item is keyed by its partial and the hash of
// every field of its row (the one its pages' keys use), so a changed row
// is rendered anew; a change of templates clears them all. The zero value
// is ready to use.
type Items struct {
	mu          sync.RWMutex
	fingerprint string
	m           map[itemKey]template.HTML
}

// maxItems bounds a long session's items: a few times what one atlas
// of 100,000 clauses shows.
const maxItems = 1 << 19

// itemKey is a partial's name and a row's hash. Keyed by the row itself,
// the items of 100,000 clauses held 35 MB more, in keys the collector
// had to scan.
type itemKey struct {
	partial string
	row     uint64
}

func (c *Items) get(k itemKey) (template.HTML, bool) {
	c.mu.RLock()
	h, ok := c.m[k]
	c.mu.RUnlock()
	return h, ok
}

func (c *Items) put(k itemKey, h template.HTML) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxItems {
		c.m = map[itemKey]template.HTML{} // bounded: start over
	}
	c.m[k] = h
}

func (c *Items) reset(fingerprint string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.fingerprint = fingerprint
	c.m = nil
}

// KeepItems makes the renderer use c for list items, so they outlive it.
func (r *Renderer) KeepItems(c *Items) {
	c.mu.Lock()
	stale := c.fingerprint != r.fingerprint
	c.mu.Unlock()
	if stale {
		c.reset(r.fingerprint)
	}
	r.items = c
}

func (r *Renderer) markdown(src string, shift int) template.HTML {
	if strings.TrimSpace(src) == "" {
		return ""
	}
	in, out := mdBufs.Get().(*bytes.Buffer), mdBufs.Get().(*bytes.Buffer)
	in.Reset()
	out.Reset()
	defer mdBufs.Put(in)
	defer mdBufs.Put(out)
	r.md.Write(in, src, markdown.Options{Shift: shift, Resolve: r.resolve})
	// The minifier reads a reader with a Bytes method in place, where it
	// would copy a string's reader into a growing slice first.
	if err := r.min.MinifyMimetype(htmlMime, out, in, nil); err == nil {
		return template.HTML(out.String())
	}
	return template.HTML(in.String())
}

var (
	mdBufs   = sync.Pool{New: func() any { return new(bytes.Buffer) }}
	htmlMime = []byte("text/html")
)

// htmlMinifier keeps what some readers of HTML rely on: document tags, end
// tags, default attribute values and quotes.
var htmlMinifier = &minhtml.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepDefaultAttrVals: true, KeepQuotes: true}

var templateMinifier = func() *minify.M {
	m := minify.New()
	mt := *htmlMinifier
	mt.TemplateDelims = [2]string{"{{", "}}"}
	m.Add("text/html", &mt)
	return m
}()

// minifyTemplate minifies a template's HTML around its actions.
func minifyTemplate(src string) (string, error) {
	return templateMinifier.String("text/html", src)
}
