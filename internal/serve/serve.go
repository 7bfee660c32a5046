// Package serve is the preview server behind `atlas serve`: it builds the
// site into a preview folder, serves it on loopback the way the CDN
// would, watches the site root, rebuilds incrementally on every change and
// tells open pages to reload.
//
//	fsnotify ─▶ debounce ─▶ site.Build (same site.Session every time)
//	                              │
//	          ok: reload event ◀──┴──▶ failed: problems event (overlay)
//
// What a browser gets is what Netlify would send for the built folder:
// pretty URLs (/x/ serves x/index.html, /x answers 301 /x/), the site's
// own 404.html with status 404, and the rules of the generated _redirects
// and _headers (see redirects.go and headers.go). Only HTML responses
// differ: the preview adds a <meta>, a stylesheet link and an external
// script (/__atlas/live.js, allowed by the site's script-src 'self') that
// listens to /__atlas/events, and, while the last build failed, an
// overlay listing the problems. Nothing of this is written to the built
// files.
//
// As on Netlify, _headers applies to the files served (pages, assets, the
// 404 page), not to redirect responses. The preview never writes the URL
// ledger; atlas build does.
//
// A bad record never stops the server: the last good build stays served
// under the overlay until the record is fixed.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/clauseatlas/atlas/internal/load"
	"github.com/clauseatlas/atlas/internal/problem"
	"github.com/clauseatlas/atlas/internal/site"
)

// Options configure a preview server.
type Options struct {
	Root string // site root on disk: data/, content/, templates/, static/
	// Out is the folder the preview is built into; "" means
	// <Root>/.atlas-cache/preview, never the published public/.
	Out string
	// Addr is the address to listen on, loopback only unless AllowRemote.
	Addr        string
	AllowRemote bool
	// Debounce is how long the server waits after the last change before
	// it rebuilds; 0 means 50 ms.
	Debounce time.Duration
	// Log receives one line per build; nil discards them.
	Log io.Writer
	// Verbose adds a line with each build's stage times to Log.
	Verbose bool
}

// DefaultAddr is where the preview listens unless told otherwise.
const DefaultAddr = "127.0.0.1:8080"

// Server is a running preview. Create it with New, run it with Run.
type Server struct {
	root, out   string
	allowRemote bool
	debounce    time.Duration
	log         io.Writer
	verbose     bool
	ln          net.Listener

	session site.Session // decoded records and the output manifest, kept between builds
	watch   *watcher     // set by Run before the first build
	nonce   string       // tells this process's builds from a previous one's
	gen     int          // successful builds that changed the output

	// mu is held for writing while a build runs, so a request never sees
	// a half-committed output folder.
	mu    sync.RWMutex
	rules atomic.Pointer[ruleSet]
	hub   hub

	ready chan struct{} // closed once the first build has finished
	done  chan struct{} // closed when the server shuts down
}

// ruleSet is the parsed _redirects and _headers of the last good build.
type ruleSet struct {
	redirects        []redirectRule
	headers          []headerRule
	rawRed, rawHeads []byte
}

// New checks the options and opens the listener; nothing is built or
// served until Run.
func New(opts Options) (*Server, error) {
	if opts.Root == "" {
		opts.Root = "."
	}
	root, err := filepath.Abs(opts.Root)
	if err != nil {
		return nil, err
	}
	if st, err := os.Stat(filepath.Join(root, "data")); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("%s has no data/ folder: is it a site root?", root)
	}
	out := opts.Out
	if out == "" {
		out = filepath.Join(root, ".atlas-cache", "preview")
	}
	if out, err = filepath.Abs(out); err != nil {
		return nil, err
	}
	if err := checkOut(root, out); err != nil {
		return nil, err
	}
	addr := opts.Addr
	if addr == "" {
		addr = DefaultAddr
	}
	if !opts.AllowRemote {
		if err := loopbackOnly(addr); err != nil {
			return nil, err
		}
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	d := opts.Debounce
	if d <= 0 {
		d = 50 * time.Millisecond
	}
	lg := opts.Log
	if lg == nil {
		lg = io.Discard
	}
	s := &Server{
		root: root, out: out, allowRemote: opts.AllowRemote, debounce: d, log: lg, verbose: opts.Verbose, ln: ln,
		nonce: strconv.FormatInt(time.Now().UnixNano(), 36),
		ready: make(chan struct{}),
		done:  make(chan struct{}),
	}
	s.rules.Store(&ruleSet{})
	s.hub.init()
	return s, nil
}

// checkOut refuses output folders that would clobber the site root or be
// watched themselves (every build would trigger the next).
func checkOut(root, out string) error {
	if out == root || within(root, out) {
		return fmt.Errorf("output folder %s would contain the site root", out)
	}
	for _, d := range watchedDirs {
		if dir := filepath.Join(root, d); out == dir || within(out, dir) {
			return fmt.Errorf("output folder %s is inside the watched %s/ folder", out, d)
		}
	}
	return nil
}

// within reports whether p is strictly inside dir.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// loopbackOnly refuses addresses reachable from other machines: the
// preview serves unpublished work and local file paths.
func loopbackOnly(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("refusing to listen on %q: the preview listens on loopback only (127.0.0.1, ::1, localhost) unless remote access is allowed", addr)
}

// URL is the address browsers should open.
func (s *Server) URL() string { return "http://" + s.ln.Addr().String() + "/" }

// Out is the folder the preview is built into.
func (s *Server) Out() string { return s.out }

// Run builds the site, serves it and rebuilds on every change until ctx is
// done; then it shuts the HTTP server down, closes the watcher and returns
// once every goroutine it started has ended. Bad input never ends it.
func (s *Server) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Watch before the first build, so an edit made during it is not lost.
	w, err := newWatcher(s.root)
	if err != nil {
		s.ln.Close()
		return err
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	trigger := make(chan time.Time, 1)
	var wg sync.WaitGroup
	serveErr := make(chan error, 1)
	wg.Go(func() {
		if err := srv.Serve(s.ln); !errors.Is(err, http.ErrServerClosed) {
			serveErr <- err
		}
	})
	wg.Go(func() { w.run(ctx, s.debounce, trigger, s.logf) })
	s.watch = w
	wg.Go(func() { s.buildLoop(ctx, trigger) })

	select {
	case <-ctx.Done():
		err = nil
	case err = <-serveErr:
	}
	close(s.done) // ends the event streams, which Shutdown would wait for
	sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer scancel()
	if e := srv.Shutdown(sctx); e != nil && err == nil {
		err = e
	}
	cancel()
	w.close()
	wg.Wait()
	return err
}

func (s *Server) logf(format string, args ...any) {
	fmt.Fprintf(s.log, format+"\n", args...)
}

// buildLoop runs the first build, then one build per debounced batch of
// changes. Builds never overlap; changes made during a build start the
// next one as soon as it ends.
func (s *Server) buildLoop(ctx context.Context, trigger <-chan time.Time) {
	s.build(ctx, time.Time{})
	close(s.ready)
	for {
		select {
		case <-ctx.Done():
			return
		case first := <-trigger:
			s.build(ctx, first)
		}
		s.idleGC(trigger)
	}
}

// idleGC collects garbage while the editor looks at the page, unless the
// next change is already waiting. A rebuild at 20,000 clauses allocates
// about a third of the live heap; starting each one with a fresh heap goal
// keeps the collector's marking, which otherwise falls inside every other
// rebuild and takes CPU from it on a small machine, out of the time from
// save to reload.
func (s *Server) idleGC(trigger <-chan time.Time) {
	if len(trigger) > 0 {
		return
	}
	runtime.GC()
}

// BuildInfo is what a reload event says about the build behind it.
type BuildInfo struct {
	Build    string  `json:"build"`
	Rendered int     `json:"rendered"`
	Written  int     `json:"written"`
	Deleted  int     `json:"deleted"`
	BuildMS  float64 `json:"build_ms"`
	// SinceChangeMS is the time from the first change the watcher saw to
	// the end of the build (debounce included).
	SinceChangeMS float64 `json:"since_change_ms,omitempty"`
}

func (s *Server) build(ctx context.Context, changed time.Time) {
	start := time.Now()
	s.mu.Lock()
	rep, err := s.buildOnce(ctx)
	s.loadRules() // a failed build left the folder, and so its rules, as they were
	s.mu.Unlock()
	if ctx.Err() != nil {
		return
	}
	took := time.Since(start)
	if err != nil {
		probs := problemsOf(err)
		s.logf("atlas serve: build failed (%d problem%s); the last good build is still served", len(probs), plural(len(probs)))
		for _, p := range probs {
			s.logf("  %s", p)
		}
		s.hub.update(func(st *state) { st.Problems = probs })
		return
	}
	info := BuildInfo{Rendered: rep.Rendered, Written: rep.Written, Deleted: rep.Deleted, BuildMS: ms(took)}
	if !changed.IsZero() {
		info.SinceChangeMS = ms(time.Since(changed))
	}
	s.logf("atlas serve: built in %.0f ms: %d rendered, %d written, %d deleted", info.BuildMS, info.Rendered, info.Written, info.Deleted)
	if s.verbose {
		s.logf("  stages:%s", stageTimes(rep.Stages))
		if rep.Templates != "" {
			s.logf("  %s", rep.Templates)
		}
	}
	st := s.hub.get()
	if st.Build != "" && len(st.Problems) == 0 && rep.Written == 0 && rep.Deleted == 0 {
		return // nothing a browser could see changed
	}
	s.gen++
	info.Build = s.nonce + "-" + strconv.Itoa(s.gen)
	s.hub.update(func(st *state) {
		st.Build = info.Build
		st.Problems = nil
		st.Last = info
	})
}

// stageTimes formats stages as " load 12.3 ms, check+index 45.6 ms".
func stageTimes(stages []site.Stage) string {
	var b strings.Builder
	for i, st := range stages {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, " %s %.1f ms", st.Name, ms(st.Duration))
	}
	return b.String()
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// buildOnce runs one build. A panic in the pipeline is a failed build, not
// a dead server.
func (s *Server) buildOnce(ctx context.Context) (rep site.Report, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error while building: %v", r)
		}
	}()
	var hint *load.Hint
	if s.watch != nil {
		hint = s.watch.take()
		defer func() {
			if err != nil {
				// The build may have stopped before reading the changed
				// files: the next one reads everything.
				s.watch.lost()
			}
		}()
	}
	return site.Build(ctx, site.Options{Root: os.DirFS(s.root), Out: s.out, Session: &s.session, Preview: true, Hint: hint})
}

// problemsOf lists a failed build's problems as `path:line: message`
// lines; an error that is not a problem list gives its own lines.
func problemsOf(err error) []string {
	var pe *problem.Error
	if errors.As(err, &pe) {
		out := make([]string, len(pe.Problems))
		for i, p := range pe.Problems {
			out[i] = p.String()
		}
		return out
	}
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(err.Error()), "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

// loadRules reads the _redirects and _headers the build just wrote.
func (s *Server) loadRules() {
	old := s.rules.Load()
	red, _ := os.ReadFile(filepath.Join(s.out, "_redirects"))
	heads, _ := os.ReadFile(filepath.Join(s.out, "_headers"))
	if string(red) == string(old.rawRed) && string(heads) == string(old.rawHeads) {
		return
	}
	rs := &ruleSet{rawRed: red, rawHeads: heads}
	var errs, herrs []error
	rs.redirects, errs = parseRedirects(red)
	rs.headers, herrs = parseHeaders(heads)
	for _, e := range append(errs, herrs...) {
		s.logf("atlas serve: %v", e)
	}
	s.rules.Store(rs)
}
