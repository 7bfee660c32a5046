package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clauseatlas/atlas/internal/publish"
	"github.com/clauseatlas/atlas/internal/render"
	"github.com/clauseatlas/atlas/internal/site"
	"github.com/clauseatlas/atlas/internal/sitetest"
)

const (
	clauseFile = "data/platforms/acme/terms/clauses/no-scraping.toml"
	clauseURL  = "/platform/acme/terms/no-scraping/"
)

// fixtureRoot writes the test atlas, with the real templates and an alias
// on one clause, to a temporary site root.
func fixtureRoot(t *testing.T) string {
	t.Helper()
	files := sitetest.SiteFiles(t, sitetest.Fixture())
	sitetest.Edit(t, files, clauseFile, `slug = "no-scraping"`, "slug = \"no-scraping\"\naliases = [\"old-slug\"]")
	root := t.TempDir()
	sitetest.WriteTree(t, root, files)
	return root
}

// start runs a preview of root on a random loopback port until the test
// ends, and checks that it then shuts down cleanly.
func start(t *testing.T, root string) *Server {
	t.Helper()
	s, err := New(Options{Root: root, Addr: "127.0.0.1:0", Debounce: 20 * time.Millisecond, Log: testLog{t}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("the server did not shut down within 10s")
		}
	})
	return s
}

type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// client does not follow redirects, so tests see them.
var client = &http.Client{
	Timeout:       30 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

func get(t *testing.T, s *Server, p string) (*http.Response, string) {
	t.Helper()
	resp, err := client.Get(strings.TrimSuffix(s.URL(), "/") + p)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

type event struct {
	name string
	data map[string]any
}

// subscribe opens the event stream and returns its events as they come.
// scanEvents reads a Server-Sent Events stream and calls emit for each
// event with its name and data.
func scanEvents(r io.Reader, emit func(name, data string)) {
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	var name, data string
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			data = strings.TrimPrefix(line, "data: ")
		case line == "" && name != "":
			emit(name, data)
			name, data = "", ""
		}
	}
}

func subscribe(t *testing.T, s *Server) <-chan event {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", s.URL()+"__atlas/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events: Content-Type %q", ct)
	}
	ch := make(chan event, 16)
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(ch)
		scanEvents(resp.Body, func(name, data string) {
			ev := event{name: name}
			if err := json.Unmarshal([]byte(data), &ev.data); err != nil {
				t.Errorf("event %s: bad data %q: %v", name, data, err)
			}
			ch <- ev
		})
	})
	t.Cleanup(func() { cancel(); resp.Body.Close(); wg.Wait() })
	return ch
}

func next(t *testing.T, ch <-chan event, want string) event {
	t.Helper()
	select {
	case ev, ok := <-ch:
		if !ok {
			t.Fatalf("event stream closed while waiting for %q", want)
		}
		if ev.name != want {
			t.Fatalf("got event %q %v, want %q", ev.name, ev.data, want)
		}
		return ev
	case <-time.After(30 * time.Second):
		t.Fatalf("no %q event within 30s", want)
	}
	return event{}
}

func writeFile(t *testing.T, root, name, body string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(name)), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, root, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestEditReloadBreakFix is the editors' loop of issue 6: a saved edit
// reloads open pages with the new text; a broken record shows its
// problems on open pages and on pages loaded while broken; fixing it
// recovers.
func TestEditReloadBreakFix(t *testing.T) {
	root := fixtureRoot(t)
	s := start(t, root)

	resp, body := get(t, s, clauseURL)
	if resp.StatusCode != 200 || !strings.Contains(body, "<h1>No scraping</h1>") {
		t.Fatalf("clause page: %d\n%s", resp.StatusCode, body)
	}
	for _, want := range []string{`<script src="/__atlas/live.js" defer></script>`, `<link rel="stylesheet" href="/__atlas/live.css">`, `<meta name="atlas-build"`} {
		if !strings.Contains(body, want) {
			t.Errorf("served page lacks %s", want)
		}
	}
	if strings.Contains(body, "atlas-live-overlay") {
		t.Error("a healthy page shows the overlay")
	}
	built := readFile(t, s.Out(), "platform/acme/terms/no-scraping/index.html")
	if strings.Contains(built, "__atlas") {
		t.Error("the live script was written into the built file")
	}

	events := subscribe(t, s)
	st := next(t, events, EventState)
	if p := st.data["problems"].([]any); len(p) != 0 {
		t.Fatalf("fresh state has problems: %v", p)
	}
	build := st.data["build"].(string)

	// Edit the title: a reload event, then the new title over HTTP.
	orig := readFile(t, root, clauseFile)
	writeFile(t, root, clauseFile, strings.Replace(orig, `title = "No scraping"`, `title = "No scraping, ever"`, 1))
	ev := next(t, events, EventReload)
	if ev.data["build"] == build || ev.data["written"].(float64) == 0 {
		t.Errorf("reload event %v: want a new build that wrote files", ev.data)
	}
	_, body = get(t, s, clauseURL)
	if !strings.Contains(body, "<h1>No scraping, ever</h1>") {
		t.Fatalf("after the edit the page does not have the new title:\n%s", body)
	}
	// So do its citation files, which the preview makes on request.
	if _, bib := get(t, s, clauseURL+"cite.bib"); !strings.Contains(bib, "{No scraping, ever}") {
		t.Errorf("after the edit cite.bib does not have the new title:\n%s", bib)
	}

	// Break the record with a misspelt key.
	writeFile(t, root, clauseFile, strings.Replace(orig, `severity = "low"`, `severty = "low"`, 1))
	ev = next(t, events, EventProblems)
	probs := ev.data["problems"].([]any)
	want := clauseFile + `:7: unknown key "severty" (did you mean "severity"?)`
	if len(probs) != 1 || probs[0] != want {
		t.Fatalf("problems event: %q, want [%q]", probs, want)
	}
	resp, body = get(t, s, clauseURL)
	if resp.StatusCode != 200 {
		t.Errorf("while broken the page answers %d", resp.StatusCode)
	}
	if resp, bib := get(t, s, clauseURL+"cite.bib"); resp.StatusCode != 200 || !strings.Contains(bib, "{No scraping, ever}") {
		t.Errorf("while broken cite.bib answers %d, not the last good build's:\n%s", resp.StatusCode, bib)
	}
	if !strings.Contains(body, `<div id="atlas-live-overlay" class="atlas-live" role="alertdialog"`) ||
		!strings.Contains(body, "The atlas has 1 problem") {
		t.Errorf("a page loaded while broken lacks the overlay:\n%s", body)
	}
	if !strings.Contains(body, "<li><code>"+html.EscapeString(want)+"</code></li>") {
		t.Errorf("the overlay does not list the problem, escaped:\n%s", body)
	}
	if !strings.Contains(body, "<h1>No scraping, ever</h1>") {
		t.Error("the last good build is not served under the overlay")
	}
	// A page opened now learns the state from its first event.
	late := subscribe(t, s)
	if p := next(t, late, EventState).data["problems"].([]any); len(p) != 1 {
		t.Errorf("state of a new stream while broken: %v", p)
	}

	// Fix it: a reload, no overlay, the original title.
	writeFile(t, root, clauseFile, orig)
	next(t, events, EventReload)
	next(t, late, EventReload)
	_, body = get(t, s, clauseURL)
	if strings.Contains(body, "atlas-live-overlay") || !strings.Contains(body, "<h1>No scraping</h1>") {
		t.Errorf("after the fix:\n%s", body)
	}
}

// TestRedirectsAndHeadersMatchNetlifyFiles checks that the preview
// answers an /id/ permalink and an alias as the generated _redirects say,
// with the headers _headers gives (issue 6).
func TestRedirectsAndHeadersMatchNetlifyFiles(t *testing.T) {
	root := fixtureRoot(t)
	s := start(t, root)
	get(t, s, "/") // waits for the first build
	redirects := readFile(t, s.Out(), "_redirects")
	headers := readFile(t, s.Out(), "_headers")
	for _, line := range []string{
		"/id/CA-P-000001/ " + clauseURL + " 301!",
		"/platform/acme/terms/old-slug/* " + clauseURL + ":splat 301!",
	} {
		if !strings.Contains(redirects, line+"\n") {
			t.Fatalf("_redirects lacks %q:\n%s", line, redirects)
		}
	}

	for _, tc := range []struct{ path, location string }{
		{"/id/CA-P-000001/", clauseURL},
		{"/id/CA-P-000001", clauseURL}, // trailing slash optional
		{"/id/CA-P-000001/?utm=x", clauseURL + "?utm=x"},
		{"/platform/acme/terms/old-slug/", clauseURL},
		{"/platform/acme/terms/old-slug", clauseURL},
		{"/platform/acme/terms/old-slug/cite.bib", clauseURL + "cite.bib"},
		{"/id/CA-D-00001/", "/platform/acme/terms/"},
		{"/platform/acme/terms", "/platform/acme/terms/"}, // pretty URL
	} {
		resp, _ := get(t, s, tc.path)
		if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != tc.location {
			t.Errorf("GET %s: %d Location %q, want 301 %q", tc.path, resp.StatusCode, resp.Header.Get("Location"), tc.location)
		}
	}
	// The preview leaves out the fallback page at /id/…/index.html (the
	// forced rule shadows it, as on Netlify; shadowing is in rules_test),
	// yet its _headers keeps the /id/* rule a production build has.
	if _, err := os.Stat(filepath.Join(s.Out(), "id/CA-P-000001/index.html")); err == nil {
		t.Error("the preview wrote a fallback page no request can reach")
	}
	if !strings.Contains(headers, "\n/id/*\n") {
		t.Errorf("preview _headers lacks the /id/* rule:\n%s", headers)
	}

	// The page the redirect leads to carries the security headers of /*
	// and the caching of /platform/*, exactly as written in _headers.
	resp, _ := get(t, s, clauseURL)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d", clauseURL, resp.StatusCode)
	}
	wantHeaders := map[string]string{
		"Content-Security-Policy": publish.CSP,
		"X-Frame-Options":         "DENY",
		"X-Content-Type-Options":  "nosniff",
		"Cache-Control":           "public, max-age=0, must-revalidate",
	}
	for k, v := range wantHeaders {
		if !strings.Contains(headers, "  "+k+": "+v+"\n") {
			t.Fatalf("_headers lacks %s: %s", k, v)
		}
		if got := resp.Header.Get(k); got != v {
			t.Errorf("%s: %s = %q, want %q", clauseURL, k, got, v)
		}
	}
	// A clause's downloads, which the preview makes on request, are the
	// bytes a production build writes, with their types and headers.
	full := t.TempDir()
	if _, err := site.Build(context.Background(), site.Options{Root: os.DirFS(root), Out: full}); err != nil {
		t.Fatal(err)
	}
	for _, f := range render.ClauseFiles {
		// The type a file on disk gets: the system's table, then ours.
		ctype := mime.TypeByExtension(path.Ext(f.Name))
		if ctype == "" {
			ctype = contentTypes[path.Ext(f.Name)]
		}
		resp, body := get(t, s, clauseURL+f.Name)
		want := readFile(t, full, strings.TrimPrefix(clauseURL, "/")+f.Name)
		if resp.StatusCode != 200 || body != want {
			t.Errorf("GET %s: %d, body differs from the production build's:\n%s\nwant:\n%s", clauseURL+f.Name, resp.StatusCode, body, want)
		}
		if got := resp.Header.Get("Content-Type"); ctype == "" || got != ctype {
			t.Errorf("GET %s: Content-Type %q, want %q", clauseURL+f.Name, got, ctype)
		}
		if got := resp.Header.Get("Cache-Control"); got != "public, max-age=0, must-revalidate" {
			t.Errorf("GET %s: Cache-Control %q", clauseURL+f.Name, got)
		}
		if _, err := os.Stat(filepath.Join(s.Out(), filepath.FromSlash(clauseURL), f.Name)); err == nil {
			t.Errorf("the preview wrote %s, which it makes on request", f.Name)
		}
	}
	if resp, _ := get(t, s, clauseURL+"cite.txt"); resp.StatusCode != 404 {
		t.Errorf("GET %scite.txt: %d, want 404", clauseURL, resp.StatusCode)
	}

	// Fingerprinted assets are immutable.
	css := ""
	for _, l := range strings.Split(readFile(t, s.Out(), "index.html"), `"`) {
		if strings.HasPrefix(l, "/static/style.") {
			css = l
		}
	}
	resp, _ = get(t, s, css)
	if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/css") {
		t.Errorf("GET %s: %d %v", css, resp.StatusCode, resp.Header)
	}

	// The real 404 page, with status 404; the CDN's own files are not served.
	for _, p := range []string{"/no/such/page/", "/_redirects", "/_headers"} {
		resp, body := get(t, s, p)
		if resp.StatusCode != 404 || !strings.Contains(body, "Page not found") {
			t.Errorf("GET %s: %d, want the 404 page", p, resp.StatusCode)
		}
		if resp.Header.Get("Content-Security-Policy") != publish.CSP {
			t.Errorf("GET %s: 404 without the site's CSP", p)
		}
	}
}

// TestLoopbackOnly checks that the preview neither listens on nor answers
// for other hosts unless told to.
func TestLoopbackOnly(t *testing.T) {
	root := fixtureRoot(t)
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.1:0"} {
		if _, err := New(Options{Root: root, Addr: addr}); err == nil || !strings.Contains(err.Error(), "loopback") {
			t.Errorf("New(%q): %v, want a refusal", addr, err)
		}
	}
	s := start(t, root)
	req, _ := http.NewRequest("GET", s.URL(), nil)
	req.Host = "attacker.example"
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("Host attacker.example: %d, want 421", resp.StatusCode)
	}
}

// TestOutputFolder checks the default preview folder and refuses folders
// that are watched or hold the site root.
func TestOutputFolder(t *testing.T) {
	root := fixtureRoot(t)
	for _, out := range []string{root, filepath.Dir(root), filepath.Join(root, "data"), filepath.Join(root, "static", "x")} {
		if _, err := New(Options{Root: root, Out: out, Addr: "127.0.0.1:0"}); err == nil {
			t.Errorf("New with Out %s: no error", out)
		}
	}
	s, err := New(Options{Root: root, Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.ln.Close()
	if want := filepath.Join(root, ".atlas-cache", "preview"); s.Out() != want {
		t.Errorf("default Out %s, want %s", s.Out(), want)
	}
}

// TestNewFoldersAreWatched checks that a record in a folder created after
// the server started is built.
func TestNewFoldersAreWatched(t *testing.T) {
	root := fixtureRoot(t)
	s := start(t, root)
	events := subscribe(t, s)
	next(t, events, EventState)
	dir := filepath.Join(root, "data/platforms/gamma")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, root, "data/platforms/gamma/platform.toml", `id = "CA-E-00003"
name = "Gamma"
slug = "gamma"
sector = "ai"
description = "A third platform."
`)
	deadline := time.After(30 * time.Second)
	for {
		select {
		case ev := <-events:
			if ev.name == EventProblems {
				t.Fatalf("problems: %v", ev.data)
			}
			if resp, _ := get(t, s, "/platform/gamma/"); ev.name == EventReload && resp.StatusCode == 200 {
				return
			}
		case <-deadline:
			t.Fatal("the new platform was not built within 30s")
		}
	}
}

// TestInjectEscapesProblems checks that problem text, which quotes the
// editor's input, reaches the page only escaped.
func TestInjectEscapesProblems(t *testing.T) {
	page := []byte(`<!doctype html><html><HEAD><title>x</title></HEAD><body class="a"><p>hi</p></body></html>`)
	got := string(inject(page, state{Build: `b"1`, Problems: []string{`data/x.toml:1: unknown key "<script>alert(1)</script>"`}}))
	for _, want := range []string{
		`<title>x</title><meta name="atlas-build" content="b&#34;1"><link rel="stylesheet" href="/__atlas/live.css"><script src="/__atlas/live.js" defer></script></HEAD>`,
		`<body class="a"><div id="atlas-live-overlay"`,
		`<code>data/x.toml:1: unknown key &#34;&lt;script&gt;alert(1)&lt;/script&gt;&#34;</code>`,
		`</div></div><p>hi</p>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("injected page lacks %s:\n%s", want, got)
		}
	}
	if strings.Contains(got, "<script>alert") {
		t.Error("unescaped markup from a problem")
	}
	if got := string(inject(page, state{Build: "1"})); strings.Contains(got, "atlas-live-overlay") {
		t.Error("overlay without problems")
	}
	// A fragment without <head> still gets the hooks.
	if got := string(inject([]byte("<p>x</p>"), state{Build: "1"})); !strings.HasPrefix(got, `<meta name="atlas-build" content="1">`) {
		t.Errorf("fragment: %s", got)
	}
}

// TestShutdownLeavesNoGoroutines checks that Run, once its context is
// done, ends everything it started: the HTTP server and open event
// streams, the watcher and the build loop.
func TestShutdownLeavesNoGoroutines(t *testing.T) {
	root := fixtureRoot(t)
	before := runtime.NumGoroutine()
	s, err := New(Options{Root: root, Addr: "127.0.0.1:0", Debounce: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()

	tr := &http.Transport{}
	c := &http.Client{Transport: tr}
	resp, err := c.Get(s.URL())
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	stream, err := c.Get(s.URL() + "__atlas/events")
	if err != nil {
		t.Fatal(err)
	}
	streamDone := make(chan struct{})
	go func() { io.Copy(io.Discard, stream.Body); close(streamDone) }()
	writeFile(t, root, clauseFile, strings.Replace(readFile(t, root, clauseFile), "No scraping", "No scraping at all", 1))

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return within 10s")
	}
	select {
	case <-streamDone: // the server ended the open stream
	case <-time.After(5 * time.Second):
		t.Fatal("the event stream was left open")
	}
	stream.Body.Close()
	tr.CloseIdleConnections()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Fatalf("%d goroutines before, %d after:\n%s", before, runtime.NumGoroutine(), buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestEverySaveStyleIsSeen: editors save in different ways, and the
// preview reads only the files the watcher reports (falling back to a full
// walk when a reported path is new, gone or a folder). Every way must show
// the new title, and adding or removing a clause file must add or remove
// its page.
func TestEverySaveStyleIsSeen(t *testing.T) {
	root := fixtureRoot(t)
	s := start(t, root)
	events := subscribe(t, s)
	next(t, events, EventState)
	full := filepath.Join(root, filepath.FromSlash(clauseFile))
	orig := readFile(t, root, clauseFile)
	retitle := func(title string) []byte {
		return []byte(strings.Replace(orig, `title = "No scraping"`, `title = "`+title+`"`, 1))
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	const extraFile = "data/platforms/acme/terms/clauses/no-scraping-again.toml"
	const extraURL = "/platform/acme/terms/no-scraping-again/"
	steps := []struct {
		name  string
		save  func(title string)
		url   string
		title string // "" means the page must be gone
	}{
		{"written in place", func(title string) { must(os.WriteFile(full, retitle(title), 0o644)) }, clauseURL, "In place"},
		{"atomic rename from a dot file", func(title string) {
			tmp := filepath.Join(filepath.Dir(full), ".no-scraping.toml.tmp-1")
			must(os.WriteFile(tmp, retitle(title), 0o644))
			must(os.Rename(tmp, full))
		}, clauseURL, "Renamed over"},
		{"backup then new file (vim)", func(title string) {
			must(os.Rename(full, full+"~"))
			must(os.WriteFile(full, retitle(title), 0o644))
			must(os.Remove(full + "~"))
		}, clauseURL, "Vim style"},
		{"removed and written again", func(title string) {
			must(os.Remove(full))
			must(os.WriteFile(full, retitle(title), 0o644))
		}, clauseURL, "Recreated"},
		{"a new clause file", func(title string) {
			body := strings.Replace(string(retitle(title)), `slug = "no-scraping"`, `slug = "no-scraping-again"`, 1)
			body = strings.Replace(body, `id = "CA-P-000001"`, `id = "CA-P-000099"`, 1)
			writeFile(t, root, extraFile, body)
		}, extraURL, "A new one"},
		{"that file removed", func(string) { must(os.Remove(filepath.Join(root, filepath.FromSlash(extraFile)))) }, extraURL, ""},
	}
	for _, st := range steps {
		st.save(st.title)
		deadline := time.After(30 * time.Second)
	wait:
		for {
			select {
			case ev := <-events:
				if ev.name == EventProblems {
					t.Fatalf("%s: problems %v", st.name, ev.data)
				}
				if ev.name != EventReload {
					continue
				}
				resp, body := get(t, s, st.url)
				if st.title == "" && resp.StatusCode == 404 ||
					st.title != "" && strings.Contains(body, "<h1>"+st.title+"</h1>") {
					break wait
				}
			case <-deadline:
				resp, body := get(t, s, st.url)
				t.Fatalf("%s: no build served the change within 30s (%d):\n%.400s", st.name, resp.StatusCode, body)
			}
		}
	}
}

// TestVerboseLogsStages checks that Verbose follows each build's line
// with the time of every stage the build reported, in order, and then
// names the templates html/template executed: the not-found page's here,
// which uses printf.
func TestVerboseLogsStages(t *testing.T) {
	for _, verbose := range []bool{false, true} {
		t.Run(fmt.Sprint(verbose), func(t *testing.T) {
			root := fixtureRoot(t)
			notFound := `{{define "content"}}<h1>{{printf "%s" "Page not found"}}</h1>{{end}}`
			if err := os.WriteFile(filepath.Join(root, "templates", "notfound.html"), []byte(notFound), 0o644); err != nil {
				t.Fatal(err)
			}
			var log sitetest.SyncBuffer
			s, err := New(Options{Root: root, Addr: "127.0.0.1:0", Log: &log, Verbose: verbose})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- s.Run(ctx) }()
			// The first build is logged before its reload event is sent.
			events := subscribe(t, s)
			if next(t, events, EventState).data["build"] == "" {
				next(t, events, EventReload)
			}
			cancel()
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimRight(log.String(), "\n"), "\n")
			at := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "atlas serve: built in ") })
			if at < 0 {
				t.Fatalf("no build line in the log:\n%s", log.String())
			}
			stages, ok := strings.CutPrefix(strings.Join(lines[at+1:], "\n"), "  stages: ")
			if ok != verbose {
				t.Fatalf("verbose %v: stage line present %v; log:\n%s", verbose, ok, log.String())
			}
			if !verbose {
				return
			}
			stages, rest, _ := strings.Cut(stages, "\n")
			if want := `  templates executed by html/template: notfound (function "printf")`; !strings.HasPrefix(rest, want) {
				t.Errorf("after the stages, the log has %q; want %q", rest, want)
			}
			var names []string
			for _, part := range strings.Split(stages, ", ") {
				name, ms, found := strings.Cut(part, " ")
				if !found || !strings.HasSuffix(ms, " ms") {
					t.Fatalf("stage %q is not NAME N ms", part)
				}
				if v, err := strconv.ParseFloat(strings.TrimSuffix(ms, " ms"), 64); err != nil || v < 0 {
					t.Errorf("stage %q: time %q", name, ms)
				}
				names = append(names, name)
			}
			want := []string{"load", "check+index", "plan", "outputs", "render+write", "commit"}
			if !slices.Equal(names, want) {
				t.Errorf("stages %v, want %v", names, want)
			}
		})
	}
}
