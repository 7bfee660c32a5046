package importer

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// This file is a small TOML emitter for the records the importer writes:
// strings, integers, local dates and instants, one key per line. Output is
// deterministic: the same records always give the same bytes.

// quote returns s as a TOML string: a basic string ("…") on one line, or a
// multi-line basic string ("""…""") when s holds a line break, so long
// texts stay readable. Invalid UTF-8 (which TOML cannot hold) is replaced
// with U+FFFD.
func quote(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	multi := strings.Contains(s, "\n")
	var b strings.Builder
	b.Grow(len(s) + 8)
	if multi {
		// The line break right after the opening delimiter is not part of
		// the string.
		b.WriteString("\"\"\"\n")
	} else {
		b.WriteByte('"')
	}
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			if multi {
				b.WriteByte('\n')
			} else {
				b.WriteString(`\n`)
			}
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			if r < 0x20 || r == 0x7f {
				b.WriteString(`\u`)
				h := strconv.FormatInt(int64(r), 16)
				b.WriteString(strings.Repeat("0", 4-len(h)))
				b.WriteString(strings.ToUpper(h))
				continue
			}
			b.WriteRune(r)
		}
	}
	if multi {
		b.WriteString(`"""`)
	} else {
		b.WriteByte('"')
	}
	return b.String()
}

// instant formats a moment as a TOML offset date-time in UTC
// (2026-01-24T00:33:23Z), with fractional seconds only when there are some.
func instant(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// localDate formats a calendar day as a TOML local date (2026-01-24).
func localDate(t time.Time) string { return t.Format(time.DateOnly) }

// commentLines turns free text into TOML comment lines of at most width
// characters (longer words are kept whole).
func commentLines(text string, width int) []string {
	var out []string
	line := "#"
	for _, w := range strings.Fields(clean(text)) {
		if line != "#" && utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) > width {
			out = append(out, line)
			line = "#"
		}
		line += " " + w
	}
	if line != "#" {
		out = append(out, line)
	}
	return out
}

// kv is one key = value line; comment, when set, follows the value.
type kv struct {
	key, value, comment string
}

// writeKVs writes key = value lines.
func writeKVs(b *strings.Builder, kvs []kv) {
	for _, x := range kvs {
		b.WriteString(x.key)
		b.WriteString(" = ")
		b.WriteString(x.value)
		if x.comment != "" {
			b.WriteByte(' ')
			b.WriteString(x.comment)
		}
		b.WriteByte('\n')
	}
}
