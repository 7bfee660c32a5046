package search

import (
	"bytes"
	"testing"
)

// TestDocShard: a shard written by hand is the shard marshal makes of
// the same rows.
func TestDocShard(t *testing.T) {
	docs := []doc{
		{kind: kindClause, url: "/platform/a/terms/x/", title: `Quotes "and" \ slashes`, platform: 0, severity: 2, typ: 5, snippet: "A  summary\nover two lines, long enough to be cut somewhere past its limit of runes."},
		{kind: kindClause, url: "/platform/a/terms/y/", title: "Line\u2028separator", platform: 0, severity: -1, typ: -1, snippet: "<b>&</b> \x01"},
		{kind: kindPlatform, url: "/platform/b/", title: "Bé", platform: 1, severity: -1, typ: -1, snippet: ""},
	}
	var rows []any
	prev := ""
	for _, d := range docs {
		shared := commonPrefix(prev, d.url)
		rows = append(rows, []any{d.kind, d.title, shared, d.url[shared:], d.platform, d.severity, d.typ, snippet(d.snippet, 40)})
		prev = d.url
	}
	if got, want := docShard(docs, 40), marshal(map[string]any{"d": rows}); !bytes.Equal(got, want) {
		t.Errorf("docShard:\n got %s\nwant %s", got, want)
	}
}
