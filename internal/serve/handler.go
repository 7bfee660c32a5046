package serve

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"mime"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// ServeHTTP serves the preview's own files under /__atlas/ and, for
// everything else, the built site as the CDN would.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.allowRemote && !loopbackHost(r.Host) {
		// A page on another site reaching the preview through a DNS name
		// that resolves to loopback (DNS rebinding) gets nothing.
		http.Error(w, "atlas serve answers only requests addressed to localhost or a loopback address", http.StatusMisdirectedRequest)
		return
	}
	if strings.HasPrefix(r.URL.Path, LivePrefix) {
		s.serveLive(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	select {
	case <-s.ready:
	case <-r.Context().Done():
		return
	case <-s.done:
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	s.serveSite(w, r)
}

// loopbackHost reports whether a Host header names this machine.
func loopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// serveSite applies, in Netlify's order: forced redirects, then files
// (with pretty URLs), then the other redirects, then 404.html.
func (s *Server) serveSite(w http.ResponseWriter, r *http.Request) {
	if strings.ContainsAny(r.URL.Path, "\\\x00") {
		http.Error(w, "bad path", http.StatusBadRequest) // no Windows separators, no NUL
		return
	}
	rules := s.rules.Load()
	p := cleanPath(r.URL.Path)
	exists := func() bool { _, kind := s.resolve(p); return kind != notFound }
	if rule, to, ok := findRedirect(rules.redirects, r.URL.EscapedPath(), exists); ok {
		s.redirect(w, r, rules, rule, to)
		return
	}
	s.serveFile(w, r, rules, p, http.StatusOK)
}

// cleanPath resolves dot segments and keeps a trailing slash.
func cleanPath(p string) string {
	if p == "" || p[0] != '/' {
		p = "/" + p
	}
	c := path.Clean(p)
	if strings.HasSuffix(p, "/") && c != "/" {
		c += "/"
	}
	return c
}

type fileKind int

const (
	notFound fileKind = iota
	regular
	dirIndex // a folder with index.html, asked for without its slash
	made     // a file the preview build left out and makes on request
)

// resolve finds the file the CDN would serve for the clean path p.
func (s *Server) resolve(p string) (string, fileKind) {
	switch p {
	case "/_redirects", "/_headers":
		return "", notFound // read by the CDN, never served
	}
	file := filepath.Join(s.out, filepath.FromSlash(p))
	if strings.HasSuffix(p, "/") {
		file = filepath.Join(file, "index.html")
		if isFile(file) {
			return file, regular
		}
		return "", notFound
	}
	st, err := os.Stat(file)
	switch {
	case err != nil:
		if s.session.Has(p) {
			return p, made
		}
		return "", notFound
	case st.Mode().IsRegular():
		return file, regular
	case st.IsDir() && isFile(filepath.Join(file, "index.html")):
		return file, dirIndex
	}
	return "", notFound
}

func isFile(name string) bool {
	st, err := os.Stat(name)
	return err == nil && st.Mode().IsRegular()
}

// redirect applies one _redirects rule: a 3xx sends the browser on (with
// the query string), 200 rewrites to the destination's content, 404 and
// other codes serve the destination with that status.
func (s *Server) redirect(w http.ResponseWriter, r *http.Request, rules *ruleSet, rule *redirectRule, to string) {
	if rule.Status >= 300 && rule.Status < 400 {
		if r.URL.RawQuery != "" && !strings.Contains(to, "?") {
			to += "?" + r.URL.RawQuery
		}
		w.Header().Set("Location", to)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(rule.Status)
		if r.Method != http.MethodHead {
			fmt.Fprintf(w, "<a href=\"%s\">%s</a>.\n", html.EscapeString(to), http.StatusText(rule.Status))
		}
		return
	}
	if isURL(to) {
		http.Error(w, fmt.Sprintf("_redirects line %d proxies to %s: the preview does not proxy", rule.Line, to), http.StatusBadGateway)
		return
	}
	target := to
	if i := strings.IndexAny(target, "?#"); i >= 0 {
		target = target[:i]
	}
	s.serveFile(w, r, rules, cleanPath(target), rule.Status)
}

// serveFile serves the file at the clean path p with the headers _headers
// gives the requested path, or the 404 page.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, rules *ruleSet, p string, status int) {
	file, kind := s.resolve(p)
	switch kind {
	case notFound:
		s.notFound(w, r, rules)
		return
	case dirIndex:
		to := r.URL.EscapedPath() + "/"
		if r.URL.RawQuery != "" {
			to += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, to, http.StatusMovedPermanently)
		return
	}
	s.setHeaders(w, rules, r.URL.Path)
	if kind == made {
		s.sendMade(w, r, file, status)
		return
	}
	s.sendFile(w, r, file, status)
}

// sendMade serves a clause's download, which the preview makes on request
// rather than writing (site.Session.File), as the file it stands for.
func (s *Server) sendMade(w http.ResponseWriter, r *http.Request, p string, status int) {
	b, ok := s.session.File(p)
	if !ok {
		http.Error(w, "gone", http.StatusInternalServerError) // resolve just found it, under the same lock
		return
	}
	sendContent(w, r, p, time.Time{}, int64(len(b)), bytes.NewReader(b), status)
}

// notFound serves the site's 404.html with status 404, as the CDN does.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request, rules *ruleSet) {
	s.setHeaders(w, rules, r.URL.Path)
	file := filepath.Join(s.out, "404.html")
	if isFile(file) {
		s.sendFile(w, r, file, http.StatusNotFound)
		return
	}
	page := []byte("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head><body><h1>Not found</h1><p>Nothing has been built here yet.</p></body></html>")
	s.sendHTML(w, r, page, http.StatusNotFound)
}

func (s *Server) setHeaders(w http.ResponseWriter, rules *ruleSet, p string) {
	for k, vs := range headersFor(rules.headers, p) {
		w.Header()[k] = vs
	}
}

func (s *Server) sendFile(w http.ResponseWriter, r *http.Request, file string, status int) {
	f, err := os.Open(file)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if strings.HasSuffix(file, ".html") {
		b, err := io.ReadAll(f)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		s.sendHTML(w, r, b, status)
		return
	}
	sendContent(w, r, file, st.ModTime(), st.Size(), f, status)
}

// sendContent serves content named name (for its type) with status: a
// 200 with validators and ranges, any other status as it is.
func sendContent(w http.ResponseWriter, r *http.Request, name string, mod time.Time, size int64, content io.ReadSeeker, status int) {
	ctype := mime.TypeByExtension(filepath.Ext(name))
	if ctype == "" {
		ctype = contentTypes[filepath.Ext(name)]
	}
	if ctype != "" {
		w.Header().Set("Content-Type", ctype)
	}
	if status == http.StatusOK {
		http.ServeContent(w, r, name, mod, content)
		return
	}
	w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		io.Copy(w, content)
	}
}

// contentTypes covers outputs the system's MIME table may not know.
var contentTypes = map[string]string{
	".bib":  "application/x-bibtex; charset=utf-8",
	".ris":  "application/x-research-info-systems; charset=utf-8",
	".csv":  "text/csv; charset=utf-8",
	".json": "application/json",
	".xml":  "application/xml",
	".svg":  "image/svg+xml",
	".txt":  "text/plain; charset=utf-8",
}

// sendHTML serves a page with the preview's hooks injected. A page carries
// the state of the moment, so it has no validators (no ETag or
// Last-Modified): revalidating it always fetches the current one.
func (s *Server) sendHTML(w http.ResponseWriter, r *http.Request, page []byte, status int) {
	b := inject(page, s.hub.get())
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		io.Copy(w, bytes.NewReader(b))
	}
}
