package serve

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// redirectRule is one line of a Netlify _redirects file:
//
//	from [query…] [to] [status[!]] [conditions…]
//
// The preview applies rules the way Netlify does: the first rule that
// matches wins; a trailing slash on either side does not matter; a rule
// without "!" yields to a file that exists at the path (shadowing).
type redirectRule struct {
	Line   int
	From   string // as written
	To     string
	Status int // 301 when not written
	Force  bool
	// Query and Conditions are kept so a rule the preview cannot judge
	// (query parameters, Country=, Role=, …) is skipped rather than
	// applied to every request.
	Query      []string
	Conditions []string

	segs  []string // From's path segments, without the trailing "*"
	splat bool     // From ends in "/*"
}

// parseRedirects reads a _redirects file. Lines that cannot be rules are
// reported with their line numbers; the rest still apply.
func parseRedirects(src []byte) ([]redirectRule, []error) {
	var rules []redirectRule
	var errs []error
	for i, line := range strings.Split(string(src), "\n") {
		n := i + 1
		fields := strings.Fields(line)
		for j, f := range fields {
			if strings.HasPrefix(f, "#") {
				fields = fields[:j]
				break
			}
		}
		if len(fields) == 0 {
			continue
		}
		r, err := parseRedirectLine(n, fields)
		if err != nil {
			errs = append(errs, fmt.Errorf("_redirects:%d: %v", n, err))
			continue
		}
		rules = append(rules, r)
	}
	return rules, errs
}

func parseRedirectLine(n int, fields []string) (redirectRule, error) {
	r := redirectRule{Line: n, From: fields[0], Status: 301}
	if !strings.HasPrefix(r.From, "/") {
		// Domain-level rules (https://host/path) never match a preview.
		if isURL(r.From) {
			r.Conditions = append(r.Conditions, "host="+r.From)
		} else {
			return r, fmt.Errorf("source %q must start with / or be a URL", r.From)
		}
	}
	rest := fields[1:]
	for len(rest) > 0 && !strings.HasPrefix(rest[0], "/") && !isURL(rest[0]) && strings.Contains(rest[0], "=") {
		r.Query = append(r.Query, rest[0])
		rest = rest[1:]
	}
	if len(rest) == 0 {
		return r, fmt.Errorf("missing destination")
	}
	if !strings.HasPrefix(rest[0], "/") && !isURL(rest[0]) {
		return r, fmt.Errorf("destination %q must be a path starting with / or an http(s) URL", rest[0])
	}
	r.To, rest = rest[0], rest[1:]
	if len(rest) > 0 {
		s := rest[0]
		r.Force = strings.HasSuffix(s, "!")
		code, err := strconv.Atoi(strings.TrimSuffix(s, "!"))
		if err != nil || code < 200 || code > 599 {
			return r, fmt.Errorf("status %q is not an HTTP status code", s)
		}
		r.Status = code
		rest = rest[1:]
	}
	r.Conditions = append(r.Conditions, rest...)
	from := strings.TrimPrefix(r.From, "/")
	if from == "*" || strings.HasSuffix(from, "/*") {
		r.splat = true
		from = strings.TrimSuffix(strings.TrimSuffix(from, "*"), "/")
	} else if strings.Contains(from, "*") {
		return r, fmt.Errorf("a * must be the last segment of the source %q", r.From)
	}
	r.segs = splitPath(from)
	return r, nil
}

func isURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

// splitPath splits a slash path into its non-empty segments, so that
// "/a/b/", "/a/b" and "a/b" are the same path: Netlify normalises the
// trailing slash before it matches rules.
func splitPath(p string) []string {
	var out []string
	for _, s := range strings.Split(p, "/") {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// match reports whether r applies to the (escaped) request path p and,
// if so, the destination with :splat and :placeholders filled in.
func (r *redirectRule) match(p string) (string, bool) {
	if len(r.Query) > 0 || len(r.Conditions) > 0 {
		return "", false
	}
	segs := splitPath(p)
	if len(segs) < len(r.segs) || (!r.splat && len(segs) != len(r.segs)) {
		return "", false
	}
	var vars map[string]string
	for i, s := range r.segs {
		if strings.HasPrefix(s, ":") {
			if vars == nil {
				vars = map[string]string{}
			}
			vars[s[1:]] = segs[i]
			continue
		}
		if s != segs[i] {
			return "", false
		}
	}
	to := r.To
	if r.splat {
		to = strings.ReplaceAll(to, ":splat", afterSegments(p, len(r.segs)))
	}
	// Longer names first, so :id does not eat the start of :idx.
	names := make([]string, 0, len(vars))
	for k := range vars {
		names = append(names, k)
	}
	sort.Slice(names, func(i, j int) bool { return len(names[i]) > len(names[j]) })
	for _, k := range names {
		to = strings.ReplaceAll(to, ":"+k, vars[k])
	}
	return to, true
}

// afterSegments returns what follows the first n segments of p, without
// its leading slash but with any trailing slash kept: the splat.
func afterSegments(p string, n int) string {
	i := 0
	for seen := 0; seen < n; seen++ {
		for i < len(p) && p[i] == '/' {
			i++
		}
		for i < len(p) && p[i] != '/' {
			i++
		}
	}
	return strings.TrimLeft(p[i:], "/")
}

// findRedirect returns the first rule that matches p, with its
// destination. exists tells whether a file would be served at p; a rule
// that is not forced yields to it, as on Netlify.
func findRedirect(rules []redirectRule, p string, exists func() bool) (*redirectRule, string, bool) {
	checked, found := false, false
	for i := range rules {
		r := &rules[i]
		to, ok := r.match(p)
		if !ok {
			continue
		}
		if !r.Force {
			if !checked {
				found, checked = exists(), true
			}
			if found {
				return nil, "", false
			}
		}
		return r, to, true
	}
	return nil, "", false
}
