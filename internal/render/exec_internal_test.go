package render

import (
	"bytes"
	"errors"
	"html/template"
	"regexp"
	"strings"
	"testing"

	"github.com/clauseatlas/atlas/internal/index"
	"github.com/clauseatlas/atlas/internal/load"
	"github.com/clauseatlas/atlas/internal/sitetest"
)

type execItem struct {
	Name  string
	Score int
}

type execInner struct{ X string }

type execLabel string

type execStringer string

func (s execStringer) String() string { return "stringer:" + string(s) }

type execView struct {
	execInner
	Title, Link  string
	HTML         template.HTML
	URL          template.URL
	JS           template.JS
	N, Z         int // Z, F and E stay zero: short names for the fuzzer
	U            uint
	B, F         bool
	E            string
	Named        execLabel
	Items, Empty []execItem
	Ptr, NilPtr  *execItem
	Any, NilAny  any
	M            map[string]string
	Str          execStringer
	priv         string
}

func (execView) Upper() string { return "UPPER" }

func execData() execView {
	return execView{
		execInner: execInner{X: "promoted"},
		Title:     "Terms & <b>\"Conditions\"</b> 'quoted' a+b \x00 \xe2< café",
		Link:      "/a b/ü?c=d&e=%zz%41#frag",
		HTML:      "<em>kept</em> &amp; as is",
		URL:       "javascript:kept()",
		JS:        `{"@type":"Thing"}`,
		N:         3,
		U:         3,
		B:         true,
		Named:     "named <label>",
		Items:     []execItem{{"one", 1}, {"two", 2}, {"three", 3}, {"four", 4}},
		Ptr:       &execItem{"pointed", 9},
		Any:       "in an interface",
		M:         map[string]string{"k": "v"},
		Str:       "s",
		priv:      "private",
	}
}

// Whether the executor must finish a case itself, must leave it to
// html/template, or may do either.
const (
	finishes = iota
	bails
	either
	uncompiled // the kind is left to html/template when it is compiled
)

// constructCases are templates with what the executor must do with them
// on execData.
var constructCases = []struct {
	name, src string
	want      int
}{
	{"text", `<p>{{.Title}}</p>`, finishes},
	{"attribute", `<a title="{{.Title}}">x</a>`, finishes},
	{"url", `<a href="{{.Link}}">x</a>`, finishes},
	{"unsafe url", `<a href="{{.}}">x</a>{{define "x"}}{{end}}`, either},
	{"typed url", `<a href="{{.URL}}">x</a>`, finishes},
	{"url query", `<a href="/s?q={{.Title}}&amp;r={{.Link}}">x</a>`, finishes},
	{"title", `<title>{{.Title}} {{.HTML}}</title>`, finishes},
	{"json-ld", `<script type="application/ld+json">{{.JS}}</script>`, finishes},
	{"json-ld of a string", `<script type="application/ld+json">{{.Title}}</script>`, bails},
	{"html in text", `<div>{{.HTML}}</div>`, finishes},
	{"html in an attribute", `<p title="{{.HTML}}">x</p>`, bails},
	{"numbers and names", `{{.N}} {{.U}} {{.B}} {{.Named}} {{.X}} {{.Any}}`, finishes},
	{"if chains", `{{if .Empty}}e{{else if .N}}n{{else}}none{{end}}{{if .NilPtr}}p{{else}}nil{{end}}`, finishes},
	{"with chains", `{{with .Empty}}x{{else with .Items}}{{len .}}{{end}}{{with $p := .Ptr}}{{$p.Name}}{{.Score}}{{end}}`, finishes},
	{"range", `{{range $i, $e := .Items}}{{$i}}:{{$e.Name}}:{{.Score}}:{{$.N}};{{end}}{{range .Empty}}x{{else}}empty{{end}}`, finishes},
	{"range with one variable", `{{range $e := .Items}}{{$e.Name}}{{end}}`, finishes},
	{"break and continue", `{{range .Items}}{{if eq .Score 2}}{{continue}}{{end}}{{if gt .Score 3}}{{break}}{{end}}{{.Name}}{{end}}`, finishes},
	{"template calls", `{{define "row"}}<li>{{.Name}}</li>{{end}}<ul>{{range .Items}}{{template "row" .}}{{end}}{{template "row" .Ptr}}</ul>`, finishes},
	{"variables", `{{$x := .N}}{{if .B}}{{$x = add $x 10}}{{end}}{{$x}} {{$}}`, bails},
	{"variable assignment", `{{$x := .N}}{{if .B}}{{$x = add $x 10}}{{end}}{{$x}}`, finishes},
	{"and or not", `{{if and .B .N}}a{{end}}{{if or .Empty .Title}}o{{end}}{{if not .Empty}}n{{end}}{{or .Empty "fallback"}} {{and .B .N}}`, finishes},
	{"short circuits", `{{if and .Empty .N}}a{{else}}b{{end}}{{if or .Empty .NilPtr}}o{{end}} {{and .F .N}} {{or .Z .N}} {{and .N .Z}} {{or .E .Z}} [{{and .E .N}}]`, finishes},
	{"comparisons", `{{eq .N 3}} {{eq .N 1 2 3}} {{ne .Title "x"}} {{lt .N .U}} {{le .U .N}} {{ge .N 4}} {{eq .U 3}} {{gt (len .Items) .N}} {{eq .B true}} {{ne .B false}}`, finishes},
	{"negative against unsigned", `{{lt -1 .U}} {{eq -1 .U}} {{gt .U -5}}`, finishes},
	{"piped function", `{{.N | add 1}} {{add .N 1 | add 2}}`, finishes},
	{"nil pointer", `{{.NilPtr.Name}}`, bails},
	{"map", `{{.M.k}}`, bails},
	{"stringer", `{{.Str}}`, bails},
	{"nil interface", `[{{.NilAny}}]`, bails},
	{"unexported field", `{{.priv}}`, bails},
	{"method", `{{.Upper}}`, bails},
	{"missing field", `{{.Nope}}`, bails},
	{"incompatible comparison", `{{eq .N "x"}}`, bails},
	{"ordered booleans", `{{lt .B .B}}`, bails},
	{"not of nothing", `{{define "n"}}{{not .}}{{end}}{{template "n"}}`, bails},
	{"wrong argument type", `{{add .Title 1}}`, bails},
	{"deep recursion", `{{define "r"}}{{template "r" .}}{{end}}{{template "r" .}}`, bails},
	{"printf", `{{printf "%d" .N}}`, uncompiled},
	{"index", `{{index .Items 0}}`, uncompiled},
	{"unquoted attribute", `<a title={{.Title}}>x</a>`, uncompiled},
	{"float constant", `{{if lt .N 3.5}}x{{end}}`, uncompiled},
	{"predefined escaper", `<p>{{.Title | html}}</p>`, uncompiled},
	{"range over an integer", `{{range .N}}{{.}}{{end}}`, bails},
}

// TestCompiledConstructs runs each template through html/template and
// through the executor. Where html/template fails, the executor must
// stop; where it succeeds, the executor must give the same bytes or stop
// (never different bytes), and finish the cases marked so.
func TestCompiledConstructs(t *testing.T) {
	for _, tc := range constructCases {
		t.Run(tc.name, func(t *testing.T) {
			parse := func() *template.Template {
				return template.Must(template.New("page").Funcs(funcs).Parse(tc.src))
			}
			r := runBoth(t, parse)
			switch {
			case !r.escaped:
				t.Fatalf("escaping failed: %v", r.refErr)
			case tc.want == uncompiled && r.compiled:
				t.Fatal("compiled; want it left to html/template")
			case tc.want != uncompiled && !r.compiled:
				t.Fatal("not compiled")
			case tc.want == bails && r.finished:
				t.Fatalf("finished with %q; want it left to html/template", r.want)
			case tc.want == finishes && !r.finished:
				t.Fatalf("left to html/template (%v); want %q", r.refErr, r.want)
			}
		})
	}
}

// outcome is what html/template and the executor made of one template.
type outcome struct {
	escaped, compiled, finished bool
	want                        string // html/template's output
	refErr                      error  // html/template's error
}

// runBoth executes a template (parse makes a fresh copy) on execData
// through html/template and, when it compiles, through the executor. It
// fails t where the executor's result contradicts html/template's: an
// output where html/template failed, or other bytes than its.
func runBoth(t *testing.T, parse func() *template.Template) outcome {
	var o outcome
	var want bytes.Buffer
	o.refErr = parse().Execute(&want, execData())
	o.want = want.String()
	set := parse()
	if o.escaped = escaped(set, "page"); !o.escaped {
		return o
	}
	p, err := compileKind(set, "page", funcs)
	if o.compiled = err == nil; !o.compiled {
		return o
	}
	var got bytes.Buffer
	err = p.execute(&got, execData())
	o.finished = err == nil
	switch {
	case err != nil && !errors.Is(err, errBail):
		t.Fatalf("execute: %v", err)
	case o.refErr != nil && err == nil:
		t.Fatalf("html/template failed (%v), the executor wrote %q", o.refErr, got.String())
	case err == nil && got.String() != o.want:
		t.Fatalf("got  %q\nwant %q", got.String(), o.want)
	}
	return o
}

// FuzzCompiledTemplates runs arbitrary templates, grown from the
// construct cases, through html/template and the executor: where
// html/template fails the executor must stop, and where it succeeds the
// executor must give its bytes or stop.
func FuzzCompiledTemplates(f *testing.F) {
	for _, tc := range constructCases {
		f.Add(tc.src)
	}
	f.Add(`{{and .B .N}}{{or .F .Z}}{{if .E}}e{{else if not .Z}}z{{end}}{{eq .Z .N}}{{lt .U .N}}{{with .F}}f{{end}}`)
	long := regexp.MustCompile(`[0-9]{3}`)
	f.Fuzz(func(t *testing.T, src string) {
		// Ranges over large integers run for minutes in html/template.
		if long.MatchString(src) || strings.Count(src, "range") > 3 || len(src) > 2000 {
			t.Skip()
		}
		parse := func() *template.Template {
			tt, err := template.New("page").Funcs(funcs).Parse(src)
			if err != nil {
				t.Skip()
			}
			return tt
		}
		runBoth(t, parse)
	})
}

// FuzzCompiledEscaping puts any text in every context the executor
// escapes for and checks its bytes against html/template's.
func FuzzCompiledEscaping(f *testing.F) {
	for _, s := range []string{"", "plain", execData().Title, execData().Link, "javascript:x()", "HTTP://A/%41%g", "mailto:a@b", "a:b/c", "\xff\xfe<>&'\"+\x00", "%", "ab%4"} {
		f.Add(s)
	}
	const src = `<title>{{.Title}}</title><p title="{{.Title}}">{{.Title}}{{.HTML}}</p>` +
		`<a href="{{.Link}}">a</a><a href="{{.URL}}">b</a><a href="/q?s={{.Title}}">c</a><a href="{{.Link}}?s={{.URL}}">d</a>` +
		`<script type="application/ld+json">{{.JS}}</script>`
	ref := template.Must(template.New("page").Parse(src))
	set := template.Must(template.New("page").Parse(src))
	if !escaped(set, "page") {
		f.Fatal("escaping failed")
	}
	p, err := compileKind(set, "page", funcs)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v := execView{Title: s, Link: s, URL: template.URL(s), HTML: template.HTML(s), JS: template.JS(s)}
		var want, got bytes.Buffer
		if err := ref.Execute(&want, v); err != nil {
			t.Fatal(err)
		}
		if err := p.execute(&got, v); err != nil {
			t.Fatalf("left to html/template: %v", err)
		}
		if got.String() != want.String() {
			t.Fatalf("for %q:\ngot  %q\nwant %q", s, got.String(), want.String())
		}
	})
}

// TestCompiledItems checks the item partials, which pages show already
// rendered, on every row the test fixture's pages list: the executor
// must finish each and give html/template's bytes.
func TestCompiledItems(t *testing.T) {
	fsys := sitetest.FS(sitetest.SiteFiles(t, sitetest.Fixture()))
	c, probs := load.Corpus(fsys)
	if probs.Len() > 0 {
		t.Fatal(probs.Err())
	}
	x := index.Build(c)
	r, err := New(fsys, x)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	try := func(partial string, rows []ClauseRow) {
		p := r.program("partial:" + partial)
		if p == nil {
			t.Fatalf("partial %s not compiled", partial)
		}
		for _, row := range rows {
			var got, want bytes.Buffer
			if err := p.execute(&got, row); err != nil {
				t.Fatalf("%s of %s: %v", partial, row.ID, err)
			}
			if err := r.partials.ExecuteTemplate(&want, partial, row); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Fatalf("%s of %s:\ngot  %q\nwant %q", partial, row.ID, got.String(), want.String())
			}
			n++
		}
	}
	for _, pg := range NewPlanner(x, Assets{}, "").Pages() {
		switch v := pg.View().(type) {
		case ClauseView:
			try("compare-item", v.Comparison)
			try("clause-item", v.Others)
		case PlatformView:
			for _, g := range v.Groups {
				try("clause-item", g.Clauses)
			}
		case TopicView:
			try("clause-item", v.Clauses)
		}
	}
	if n < 10 {
		t.Fatalf("compared %d rows", n)
	}
}
