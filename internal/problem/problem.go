// Package problem is the one shape of a data error in the atlas: a file, a
// line (and column when known) and a message, printed as
// "path:line: message". Every stage that finds problems collects them in a
// List so all of them are reported at once, sorted.
package problem

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one thing wrong with the input.
type Problem struct {
	File string // slash path relative to the site root
	Line int    // 1-based; 0 when the problem is about the whole file
	Col  int    // 1-based; 0 when unknown
	// Key is the TOML key path the problem is about ("severity",
	// "clause_type.3.category"). A resolver uses it to refine Line.
	Key string
	// Offset is a 1-based line within the key's multi-line text, for
	// problems found inside Markdown fields.
	Offset int
	Msg    string
}

// BodySuffix marks, in a resolver's map, the line where a key's multi-line
// text begins.
const BodySuffix = "\x00body"

func (p Problem) String() string {
	switch {
	case p.Line > 0 && p.Col > 0:
		return fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Col, p.Msg)
	case p.Line > 0:
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	case p.File != "":
		return fmt.Sprintf("%s: %s", p.File, p.Msg)
	}
	return p.Msg
}

// List collects problems. The zero value is ready to use. It is not safe
// for concurrent use.
type List struct {
	items []Problem
}

// Add records a problem with a formatted message.
func (l *List) Add(file string, line int, key, format string, args ...any) {
	l.items = append(l.items, Problem{File: file, Line: line, Key: key, Msg: fmt.Sprintf(format, args...)})
}

// AddAt records a problem found on line offset of key's multi-line text.
func (l *List) AddAt(file string, line int, key string, offset int, format string, args ...any) {
	l.items = append(l.items, Problem{File: file, Line: line, Key: key, Offset: offset, Msg: fmt.Sprintf(format, args...)})
}

// Append adds problems found elsewhere.
func (l *List) Append(ps ...Problem) { l.items = append(l.items, ps...) }

// Len reports how many problems were recorded.
func (l *List) Len() int { return len(l.items) }

// Items returns the problems sorted by file, line, column and message, with
// exact duplicates removed.
func (l *List) Items() []Problem {
	out := append([]Problem(nil), l.items...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Msg < b.Msg
	})
	dedup := out[:0]
	for i, p := range out {
		if i > 0 && p.String() == out[i-1].String() {
			continue
		}
		dedup = append(dedup, p)
	}
	return dedup
}

// Resolve refines the line of every problem that names a key, using lines
// (file → key path → line). Problems whose key is not found keep their line.
func (l *List) Resolve(lines func(file string) map[string]int) {
	cache := map[string]map[string]int{}
	for i := range l.items {
		p := &l.items[i]
		if p.Key == "" || p.File == "" {
			continue
		}
		m, ok := cache[p.File]
		if !ok {
			m = lines(p.File)
			cache[p.File] = m
		}
		if p.Offset > 0 {
			if n, ok := m[p.Key+BodySuffix]; ok {
				p.Line = n + p.Offset - 1
				continue
			}
		}
		// Walk up the key path: a missing field is reported on its table.
		for k := p.Key; k != ""; k = parent(k) {
			if n, ok := m[k]; ok {
				p.Line = n
				break
			}
		}
	}
}

func parent(k string) string {
	i := strings.LastIndexByte(k, '.')
	if i < 0 {
		return ""
	}
	return k[:i]
}

// Error is a List returned as an error.
type Error struct{ Problems []Problem }

func (e *Error) Error() string {
	var b strings.Builder
	for _, p := range e.Problems {
		b.WriteString(p.String())
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "%d problem%s", len(e.Problems), plural(len(e.Problems)))
	return b.String()
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// Err returns the list as an *Error, or nil when it is empty.
func (l *List) Err() error {
	if l.Len() == 0 {
		return nil
	}
	return &Error{Problems: l.Items()}
}

// Since returns a copy of the problems recorded after the first n, in the
// order they were recorded.
func (l *List) Since(n int) []Problem {
	if n >= len(l.items) {
		return nil
	}
	return append([]Problem(nil), l.items[n:]...)
}
