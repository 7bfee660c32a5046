package serve

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
)

// headerRule is one block of a Netlify _headers file: a path pattern on
// its own line, then indented "Name: value" lines.
type headerRule struct {
	Line    int
	Path    string
	Headers [][2]string // in file order; a name given twice is joined with ", "
	re      *regexp.Regexp
}

// parseHeaders reads a _headers file. Malformed lines are reported with
// their line numbers; the rest still apply.
func parseHeaders(src []byte) ([]headerRule, []error) {
	var rules []headerRule
	var errs []error
	for i, raw := range strings.Split(string(src), "\n") {
		n := i + 1
		line := strings.TrimSpace(raw)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "/") {
			rules = append(rules, headerRule{Line: n, Path: line, re: pathPattern(line)})
			continue
		}
		if isURL(line) {
			// A rule for one host (https://host/path) does not apply to a preview.
			rules = append(rules, headerRule{Line: n, Path: line})
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		switch {
		case len(rules) == 0:
			errs = append(errs, fmt.Errorf("_headers:%d: a path must come before header %q", n, name))
		case !ok || name == "":
			errs = append(errs, fmt.Errorf("_headers:%d: %q is neither a path nor a Name: value header", n, line))
		case value == "":
			errs = append(errs, fmt.Errorf("_headers:%d: header %q has no value", n, name))
		default:
			r := &rules[len(rules)-1]
			r.add(name, value)
		}
	}
	return rules, errs
}

func (r *headerRule) add(name, value string) {
	for i := range r.Headers {
		if strings.EqualFold(r.Headers[i][0], name) {
			r.Headers[i][1] += ", " + value
			return
		}
	}
	r.Headers = append(r.Headers, [2]string{name, value})
}

// pathPattern turns a _headers path into the expression Netlify matches
// it with: ":name" is one segment, a "*" segment is anything (including
// nothing, so /a/* also covers /a), a trailing slash is optional, and
// case does not matter.
func pathPattern(p string) *regexp.Regexp {
	var parts []string
	for _, s := range strings.Split(p, "/") {
		s = strings.TrimRight(s, " \t")
		switch {
		case s == "":
			continue
		case strings.HasPrefix(s, ":"):
			parts = append(parts, "([^/]+)")
		case s == "*":
			parts = append(parts, "?(.*)")
		case strings.Contains(s, "*"):
			q := strings.Split(s, "*")
			for i := range q {
				q[i] = regexp.QuoteMeta(q[i])
			}
			parts = append(parts, strings.Join(q, "(.*)"))
		default:
			parts = append(parts, regexp.QuoteMeta(s))
		}
	}
	return regexp.MustCompile("(?i)^/" + strings.Join(parts, "/") + "/?$")
}

// headersFor returns the headers of every rule that matches the request
// path p. When two rules set one header, the later rule's value wins.
func headersFor(rules []headerRule, p string) http.Header {
	h := http.Header{}
	for i := range rules {
		r := &rules[i]
		if r.re == nil || !r.re.MatchString(p) {
			continue
		}
		for _, kv := range r.Headers {
			h.Set(kv[0], kv[1])
		}
	}
	return h
}
