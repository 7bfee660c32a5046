package serve

import (
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

func TestParseRedirects(t *testing.T) {
	src := `# comment
/id/CA-P-000001/ /platform/a/d/c/ 301!
/old/*   /new/:splat   302   # trailing comment

/news/:year/:month  /blog/:year-:month
/store id=:id  /shop/:id  301
/fr/*  /fr/404.html  404
/app/* /index.html 200!
/pricing /fr/pricing 302 Country=fr
https://www.example.com/* https://example.com/:splat 301!
broken
/no-destination
/bad-status /x 3xx
/mid/*/x /y
`
	rules, errs := parseRedirects([]byte(src))
	var got []string
	for _, r := range rules {
		got = append(got, fmt.Sprintf("%d %s -> %s %d force=%v query=%v cond=%v", r.Line, r.From, r.To, r.Status, r.Force, r.Query, r.Conditions))
	}
	want := []string{
		"2 /id/CA-P-000001/ -> /platform/a/d/c/ 301 force=true query=[] cond=[]",
		"3 /old/* -> /new/:splat 302 force=false query=[] cond=[]",
		"5 /news/:year/:month -> /blog/:year-:month 301 force=false query=[] cond=[]",
		"6 /store -> /shop/:id 301 force=false query=[id=:id] cond=[]",
		"7 /fr/* -> /fr/404.html 404 force=false query=[] cond=[]",
		"8 /app/* -> /index.html 200 force=true query=[] cond=[]",
		"9 /pricing -> /fr/pricing 302 force=false query=[] cond=[Country=fr]",
		"10 https://www.example.com/* -> https://example.com/:splat 301 force=true query=[] cond=[host=https://www.example.com/*]",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rules:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, e.Error())
	}
	wantErrs := []string{
		`_redirects:11: source "broken" must start with / or be a URL`,
		`_redirects:12: missing destination`,
		`_redirects:13: status "3xx" is not an HTTP status code`,
		`_redirects:14: a * must be the last segment of the source "/mid/*/x"`,
	}
	if !reflect.DeepEqual(msgs, wantErrs) {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(wantErrs, "\n"))
	}
}

func TestFindRedirect(t *testing.T) {
	rules, errs := parseRedirects([]byte(`/id/CA-P-000001/ /platform/a/d/c/ 301!
/platform/a/d/old/* /platform/a/d/c/:splat 301!
/platform/a/* /platform/b/:splat 301!
/news/:year/:month/:day/:slug /blog/:year/:month/:slug
/soft /target
/:id/x/:idx /p/:idx/:id 302
/* /catch-all/:splat 301
`))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	for _, tc := range []struct {
		path   string
		exists bool
		to     string // "" means no redirect
		line   int
	}{
		{"/id/CA-P-000001/", true, "/platform/a/d/c/", 1},
		{"/id/CA-P-000001", false, "/platform/a/d/c/", 1}, // trailing slash optional
		{"/id/CA-P-000001//", false, "/platform/a/d/c/", 1},
		{"/id/CA-P-0000011/", false, "/catch-all/id/CA-P-0000011/", 7},
		// First match wins, even where a later rule is more specific.
		{"/platform/a/d/old/", false, "/platform/a/d/c/", 2},
		{"/platform/a/d/old", false, "/platform/a/d/c/", 2},
		{"/platform/a/d/old/cite.bib", false, "/platform/a/d/c/cite.bib", 2},
		{"/platform/a/d/old/x/y/", false, "/platform/a/d/c/x/y/", 2},
		{"/platform/a/d/older/", true, "/platform/b/d/older/", 3},
		{"/platform/a", false, "/platform/b/", 3},
		{"/news/2024/01/02/hello", false, "/blog/2024/01/hello", 4},
		{"/news/2024/01/02", false, "/catch-all/news/2024/01/02", 7},
		// A rule without ! yields to a file at the path (shadowing) and
		// so does every later rule.
		{"/soft", false, "/target", 5},
		{"/soft/", false, "/target", 5},
		{"/soft", true, "", 0},
		{"/1/x/2", false, "/p/2/1", 6},
		{"/", false, "/catch-all/", 7},
		{"/", true, "", 0},
	} {
		r, to, ok := findRedirect(rules, tc.path, func() bool { return tc.exists })
		line := 0
		if ok {
			line = r.Line
		}
		if to != tc.to || line != tc.line {
			t.Errorf("%s (file exists: %v): -> %q (line %d), want %q (line %d)", tc.path, tc.exists, to, line, tc.to, tc.line)
		}
	}
}

func TestRulesWithConditionsNeverMatch(t *testing.T) {
	rules, _ := parseRedirects([]byte("/a /b 302 Country=fr\n/c id=:id /d\nhttps://x.example/* /e 301!\n"))
	for _, p := range []string{"/a", "/c", "/anything"} {
		if _, to, ok := findRedirect(rules, p, func() bool { return false }); ok {
			t.Errorf("%s -> %s: rules the preview cannot judge must not apply", p, to)
		}
	}
}

func TestParseHeaders(t *testing.T) {
	src := `# Generated.
/*
  X-Frame-Options: DENY
  Content-Security-Policy: default-src 'self'; img-src 'self' data:
/
  Cache-Control: public, max-age=0
/static/*
  Cache-Control: public, max-age=31536000, immutable
/multi
  Link: </a.css>; rel=preload
  link: </b.js>; rel=preload
/platform/:p/feed.xml
  Content-Type: application/atom+xml
  X-Empty:
X-Unindented: still this rule's
https://example.com/*
  X-Host: yes
`
	rules, errs := parseHeaders([]byte(src))
	if len(errs) != 1 || errs[0].Error() != `_headers:14: header "X-Empty" has no value` {
		t.Errorf("errors: %v", errs)
	}
	for _, tc := range []struct {
		path string
		want http.Header
	}{
		{"/", http.Header{
			"X-Frame-Options":         {"DENY"},
			"Content-Security-Policy": {"default-src 'self'; img-src 'self' data:"},
			"Cache-Control":           {"public, max-age=0"},
		}},
		{"/static/style.abc.css", http.Header{
			"X-Frame-Options":         {"DENY"},
			"Content-Security-Policy": {"default-src 'self'; img-src 'self' data:"},
			"Cache-Control":           {"public, max-age=31536000, immutable"},
		}},
		// "/static/*" covers the folder itself, and case does not matter.
		{"/STATIC", http.Header{
			"X-Frame-Options":         {"DENY"},
			"Content-Security-Policy": {"default-src 'self'; img-src 'self' data:"},
			"Cache-Control":           {"public, max-age=31536000, immutable"},
		}},
		// A header given twice in one rule is joined.
		{"/multi/", http.Header{
			"X-Frame-Options":         {"DENY"},
			"Content-Security-Policy": {"default-src 'self'; img-src 'self' data:"},
			"Link":                    {"</a.css>; rel=preload, </b.js>; rel=preload"},
		}},
		// Indentation does not matter: a header line belongs to the last path.
		{"/platform/acme/feed.xml", http.Header{
			"X-Frame-Options":         {"DENY"},
			"Content-Security-Policy": {"default-src 'self'; img-src 'self' data:"},
			"Content-Type":            {"application/atom+xml"},
			"X-Unindented":            {"still this rule's"},
		}},
		{"/platform/acme/x/feed.xml", http.Header{
			"X-Frame-Options":         {"DENY"},
			"Content-Security-Policy": {"default-src 'self'; img-src 'self' data:"},
		}},
	} {
		if got := headersFor(rules, tc.path); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s:\n got %v\nwant %v", tc.path, got, tc.want)
		}
	}
}

func TestHeaderBeforePath(t *testing.T) {
	_, errs := parseHeaders([]byte("X-A: b\nnonsense\n/\n  nonsense\n"))
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, e.Error())
	}
	want := []string{
		`_headers:1: a path must come before header "X-A"`,
		`_headers:2: a path must come before header "nonsense"`,
		`_headers:4: "nonsense" is neither a path nor a Name: value header`,
	}
	if !reflect.DeepEqual(msgs, want) {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
}

func TestHeadersLaterRuleWins(t *testing.T) {
	rules, _ := parseHeaders([]byte("/*\n  Cache-Control: a\n/x/*\n  Cache-Control: b\n"))
	if got := headersFor(rules, "/x/y").Get("Cache-Control"); got != "b" {
		t.Errorf("Cache-Control %q, want the later rule's b", got)
	}
	if got := headersFor(rules, "/y").Get("Cache-Control"); got != "a" {
		t.Errorf("Cache-Control %q, want a", got)
	}
}
