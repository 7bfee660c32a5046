package search

import (
	"strconv"

	"github.com/clauseatlas/atlas/internal/render"
)

// Document shards are most of the index's bytes and rows of plain values;
// they are written by hand (render.AppendJSONString) instead of with
// encoding/json, whose reflection over a []any per row cost more than the
// rest of the shard. TestDocShard holds them to marshal's bytes.

// appendString appends s as a JSON string, escaped as marshal escapes it.
func appendString(b []byte, s string) []byte { return render.AppendJSONString(b, s, false) }

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
