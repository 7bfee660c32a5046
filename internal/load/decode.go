package load

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/clauseatlas/atlas/internal/problem"
	"github.com/clauseatlas/atlas/internal/suggest"
)

// Keys holding calendar days and instants. Days must be written as local
// dates; instants need an offset, or their meaning would depend on the
// machine's time zone.
var (
	dateKeys    = map[string]bool{"last_updated": true, "first_tracked": true, "last_verified": true, "updated": true}
	instantKeys = map[string]bool{"captured": true, "analysis_generated": true}
)

var (
	reTypeErr  = regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]*)"\): incompatible types: TOML value has type (\S+); destination has type (\S+)`)
	reLineErr  = regexp.MustCompile(`^toml: line (\d+)(?: \(last key "([^"]*)"\))?: (.*)$`)
	reLocalDT  = regexp.MustCompile(`^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?$`)
	reDateOnly = regexp.MustCompile(`^\d{4}-\d\d-\d\d$`)
)

// decode strictly decodes one TOML file into v and returns every problem
// with its line: syntax errors (with column), type mismatches, unknown
// keys, and dates or instants written in the wrong form. fatal says the
// record must be dropped; a badly written date still decodes, so the
// record's other fields are checked too.
func decode(file string, src []byte, v any) (probs []problem.Problem, fatal bool) {
	md, err := toml.Decode(string(src), v)
	if err != nil {
		return []problem.Problem{decodeError(file, src, err)}, true
	}
	var out []problem.Problem
	var keys []keyLine
	if und := md.Undecoded(); len(und) > 0 {
		keys = scanKeys(src)
		allowed := fieldsOf(reflect.TypeOf(v))
		reported := map[string]bool{}
		for _, k := range und {
			plain := k.String()
			if reported[plain] {
				continue
			}
			reported[plain] = true
			// A key under an unknown table is covered by the table's message.
			if parentUnknown(plain, und) {
				continue
			}
			msg := fmt.Sprintf("unknown key %q", plain)
			if s := suggest.Nearest(plain[len(parentOf(plain))+min(1, len(parentOf(plain))):], allowed[parentOf(plain)]); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", join(parentOf(plain), s))
			}
			found := false
			for _, kl := range keys {
				if kl.plain == plain {
					out = append(out, problem.Problem{File: file, Line: kl.line, Msg: msg})
					found = true
				}
			}
			if !found {
				out = append(out, problem.Problem{File: file, Line: 1, Msg: msg})
			}
		}
	}
	fatal = len(out) > 0
	if keys == nil {
		keys = scanKeys(src)
	}
	for _, kl := range keys {
		last := kl.plain[strings.LastIndexByte(kl.plain, '.')+1:]
		switch {
		case dateKeys[last] && !reDateOnly.MatchString(kl.value):
			out = append(out, problem.Problem{File: file, Line: kl.line, Msg: fmt.Sprintf("%s must be a date like 2026-05-12, not %s", kl.plain, kl.value)})
		case instantKeys[last] && (reLocalDT.MatchString(kl.value) || reDateOnly.MatchString(kl.value)):
			out = append(out, problem.Problem{File: file, Line: kl.line, Msg: fmt.Sprintf("%s needs a time zone offset, like %sZ", kl.plain, strings.Replace(dateTimeOf(kl.value), " ", "T", 1))})
		}
	}
	return out, fatal
}

func dateTimeOf(v string) string {
	if reDateOnly.MatchString(v) {
		return v + "T00:00:00"
	}
	return v
}

func parentOf(k string) string {
	if i := strings.LastIndexByte(k, '.'); i >= 0 {
		return k[:i]
	}
	return ""
}

func parentUnknown(k string, und []toml.Key) bool {
	for p := parentOf(k); p != ""; p = parentOf(p) {
		for _, u := range und {
			if u.String() == p {
				return true
			}
		}
	}
	return false
}

var tomlTypeNames = map[string]string{
	"int": "an integer", "int64": "an integer", "integer": "an integer", "float": "a number", "boolean": "true or false", "float64": "a number", "string": "a string",
	"bool": "true or false", "time.Time": "a date",
}

func typeName(t string) string {
	if v, ok := tomlTypeNames[t]; ok {
		return v
	}
	if strings.HasPrefix(t, "[]") || strings.HasPrefix(t, "*[]") {
		return "an array"
	}
	if strings.Contains(t, "struct") || strings.Contains(t, ".") || strings.HasPrefix(t, "map") {
		return "a table"
	}
	return t
}

func decodeError(file string, src []byte, err error) problem.Problem {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		msg := pe.Message
		if strings.HasPrefix(msg, "parsing time ") {
			msg = "a date is written without quotes, like 2026-05-12 (or 2026-05-12T09:51:00Z for a moment in time)"
			if pe.LastKey != "" {
				msg = pe.LastKey + ": " + msg
			}
		} else {
			if strings.Contains(msg, "\x00") {
				// The parser shows the end of input as a NUL.
				msg = strings.ReplaceAll(msg, "\x00", "") + " at the end of the file"
			}
			msg = "syntax error: " + msg
		}
		line, col := pe.Position.Line, pe.Position.Col
		if line < 1 {
			// Some errors at the end of input (an escape cut off by the
			// end of the file) come without a line: take it from the
			// byte offset, or the last line.
			at := min(max(pe.Position.Start, 0), len(src))
			if pe.Position.Start <= 0 {
				at = len(src)
			}
			line, col = bytes.Count(src[:at], []byte("\n"))+1, 0
		}
		return problem.Problem{File: file, Line: line, Col: col, Msg: msg}
	}
	s := err.Error()
	if m := reTypeErr.FindStringSubmatch(s); m != nil {
		line, _ := strconv.Atoi(m[1])
		return problem.Problem{File: file, Line: line, Msg: fmt.Sprintf("%s must be %s, not %s", m[2], typeName(m[4]), typeName(m[3]))}
	}
	if m := reLineErr.FindStringSubmatch(s); m != nil {
		line, _ := strconv.Atoi(m[1])
		msg := m[3]
		if m[2] != "" {
			msg = m[2] + ": " + msg
		}
		return problem.Problem{File: file, Line: line, Msg: msg}
	}
	return problem.Problem{File: file, Line: 1, Msg: strings.TrimPrefix(s, "toml: ")}
}

// fieldsOf maps each plain key path of a record type (the "" path for the
// top level) to the keys allowed there, for "did you mean" hints.
func fieldsOf(t reflect.Type) map[string][]string {
	out := map[string][]string{}
	var walk func(t reflect.Type, prefix string, depth int)
	walk = func(t reflect.Type, prefix string, depth int) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || t == reflect.TypeOf(time.Time{}) || depth > 4 {
			return
		}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name := strings.Split(f.Tag.Get("toml"), ",")[0]
			if name == "-" || !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			out[prefix] = append(out[prefix], name)
			walk(f.Type, join(prefix, name), depth+1)
		}
		sort.Strings(out[prefix])
	}
	walk(t, "", 0)
	return out
}
