package search

import (
	"strconv"
	"unicode/utf8"
)

// Document shards are most of the index's bytes and rows of plain values;
// they are written with these appenders instead of encoding/json, whose
// reflection over a []any per row cost more than the rest of the shard.
// The bytes are those marshal gives (FuzzAppendString holds them to it).

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string, escaped as encoding/json does
// with HTML escaping off: quotes, backslashes and control characters,
// U+2028 and U+2029, and invalid UTF-8 as U+FFFD.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// docShard encodes documents as {"d":[rows]}, each row
// [kind, title, shared, rest of URL, platform, severity, type, snippet]:
// the shared length of the URL with the row before it, then the rest.
func docShard(docs []doc, snippetRunes int) []byte {
	b := make([]byte, 0, 8+len(docs)*256)
	b = append(b, `{"d":[`...)
	prev := ""
	for i := range docs {
		d := &docs[i]
		if i > 0 {
			b = append(b, ',')
		}
		shared := commonPrefix(prev, d.url)
		b = append(b, '[')
		b = strconv.AppendInt(b, int64(d.kind), 10)
		b = append(b, ',')
		b = appendString(b, d.title)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(shared), 10)
		b = append(b, ',')
		b = appendString(b, d.url[shared:])
		for _, v := range [...]int{d.platform, d.severity, d.typ} {
			b = append(b, ',')
			b = strconv.AppendInt(b, int64(v), 10)
		}
		b = append(b, ',')
		b = appendString(b, snippet(d.snippet, snippetRunes))
		b = append(b, ']')
		prev = d.url
	}
	return append(b, "]}"...)
}
