package load

import (
	"bytes"

	"github.com/clauseatlas/atlas/internal/problem"
	"strconv"
	"strings"
)

// keyLine is one key (or table header) of a TOML file and the line it is on.
// Indexed paths number array tables ("clause_type.3.name"); plain paths do
// not ("clause_type.name"), which is how the TOML decoder names keys.
type keyLine struct {
	indexed, plain string
	line           int
	value          string // the value's text on the key's line, comment removed
}

// scanKeys lists the keys of a TOML file with their lines. It is a
// line-oriented scan, not a parser: it runs only on files that decoded (or
// to place a message), so it can assume well-formed input and skip what it
// does not recognise. Multi-line strings and arrays are stepped over.
func scanKeys(src []byte) []keyLine {
	var out []keyLine
	var prefixIdx, prefixPlain string
	counts := map[string]int{}
	inML := "" // closing delimiter of the multi-line string we are in
	depth := 0 // open brackets of a multi-line array
	line := 0
	for len(src) > 0 {
		line++
		var l []byte
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			l, src = src[:i], src[i+1:]
		} else {
			l, src = src, nil
		}
		// Lines inside multi-line strings and arrays (an analysis is most
		// of a clause file) are looked at as bytes: a string of each
		// line cost as much memory as the file.
		b := bytes.TrimSpace(l)
		if inML != "" {
			if bytes.Count(b, []byte(inML))%2 == 1 {
				inML = ""
			}
			continue
		}
		if depth > 0 {
			depth += bracketDelta(b)
			continue
		}
		if len(b) == 0 || b[0] == '#' {
			continue
		}
		s := string(b)
		if strings.HasPrefix(s, "[[") {
			t := trimComment(s)
			end := strings.LastIndex(t, "]]")
			if end < 2 {
				continue
			}
			name := normKey(strings.TrimSpace(t[2:end]))
			plain := name
			idxBase := name
			// Nested array tables hang off the latest element of their parent.
			if prefixPlain != "" && strings.HasPrefix(name, prefixPlain+".") {
				idxBase = prefixIdx + name[len(prefixPlain):]
			} else if i := strings.LastIndexByte(name, '.'); i > 0 {
				if n, ok := counts[name[:i]]; ok {
					idxBase = name[:i] + "." + strconv.Itoa(n-1) + name[i:]
				}
			}
			n := counts[name]
			counts[name] = n + 1
			prefixIdx = idxBase + "." + strconv.Itoa(n)
			prefixPlain = plain
			out = append(out, keyLine{prefixIdx, prefixPlain, line, ""})
			continue
		}
		if s[0] == '[' {
			t := trimComment(s)
			end := strings.LastIndexByte(t, ']')
			if end < 1 {
				continue
			}
			name := normKey(strings.TrimSpace(t[1:end]))
			prefixIdx, prefixPlain = name, name
			out = append(out, keyLine{name, name, line, ""})
			continue
		}
		eq := keyEnd(s)
		if eq < 0 {
			continue
		}
		k := normKey(strings.TrimSpace(s[:eq]))
		rest := strings.TrimSpace(s[eq+1:])
		out = append(out, keyLine{join(prefixIdx, k), join(prefixPlain, k), line, trimComment(rest)})
		switch {
		case strings.HasPrefix(rest, `"""`):
			if !strings.Contains(rest[3:], `"""`) {
				inML = `"""`
			}
		case strings.HasPrefix(rest, `'''`):
			if !strings.Contains(rest[3:], `'''`) {
				inML = `'''`
			}
		case strings.HasPrefix(rest, "["):
			depth = bracketDelta(trimComment(rest))
		}
	}
	return out
}

// keyEnd returns the index of the '=' that ends a key, or -1 when the line
// is not a key/value line.
func keyEnd(s string) int {
	inQ := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inQ != 0:
			if c == inQ {
				inQ = 0
			}
		case c == '"' || c == '\'':
			inQ = c
		case c == '=':
			return i
		case c == ' ' || c == '\t' || c == '.' || c == '-' || c == '_' ||
			c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9':
		default:
			return -1
		}
	}
	return -1
}

func bracketDelta[T string | []byte](s T) int {
	d := 0
	inQ := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inQ != 0:
			if c == '\\' && inQ == '"' {
				i++
			} else if c == inQ {
				inQ = 0
			}
		case c == '"' || c == '\'':
			inQ = c
		case c == '#':
			return d
		case c == '[':
			d++
		case c == ']':
			d--
		}
	}
	return d
}

func trimComment(s string) string {
	inQ := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inQ != 0:
			if c == inQ {
				inQ = 0
			}
		case c == '"' || c == '\'':
			inQ = c
		case c == '#':
			return strings.TrimSpace(s[:i])
		}
	}
	return s
}

// normKey removes quotes and spaces around the parts of a dotted key.
func normKey(k string) string {
	if !strings.ContainsAny(k, "\"' \t") {
		return k
	}
	parts := strings.Split(k, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return strings.Join(parts, ".")
}

func join(prefix, k string) string {
	if prefix == "" {
		return k
	}
	return prefix + "." + k
}

// KeyLines maps every indexed key path of a TOML file to its line. A key
// whose value is a multi-line string opened alone on its line ("""), also
// maps key+problem.BodySuffix to the line its text starts on, so problems
// inside the text can be placed on their own line.
func KeyLines(src []byte) map[string]int {
	m := map[string]int{}
	for _, kl := range scanKeys(src) {
		if _, ok := m[kl.indexed]; !ok {
			m[kl.indexed] = kl.line
			if kl.value == `"""` || kl.value == `'''` {
				m[kl.indexed+problem.BodySuffix] = kl.line + 1
			}
		}
	}
	return m
}
