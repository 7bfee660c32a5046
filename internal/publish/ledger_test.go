package publish

import (
	"strings"
	"testing"

	"github.com/clauseatlas/atlas/internal/atlas"
)

func TestUpdateLedger(t *testing.T) {
	const head = "# URL ledger: every URL this atlas has published, with the record behind it.\n" +
		"# atlas build adds new URLs. A URL here must stay reachable, as a page or through a\n" +
		"# redirect (a record's aliases); remove a line only to retire a URL on purpose.\n"
	entries := func(rows ...string) []atlas.LedgerEntry {
		var l []atlas.LedgerEntry
		for _, r := range rows {
			path, rec, _ := strings.Cut(r, " ")
			l = append(l, atlas.LedgerEntry{Path: path, Record: rec})
		}
		return l
	}
	tests := []struct {
		name     string
		ledger   []atlas.LedgerEntry
		produced map[string]string
		want     string // "" when unchanged
	}{
		{"nothing new", entries("/a/ r1", "/b/ r2", "/c/"), map[string]string{"/a/": "r1", "/c/": ""}, ""},
		{"a record may change hands", entries("/a/ r1"), map[string]string{"/a/": "r9"}, ""},
		{"empty ledger", nil, map[string]string{"/b/": "r2", "/a/": "r1"}, "/a/\tr1\n/b/\tr2\n"},
		{"a new URL, first", entries("/b/ r2", "/c/ r3"), map[string]string{"/a/": "r1", "/b/": "r2"}, "/a/\tr1\n/b/\tr2\n/c/\tr3\n"},
		{"a new URL, last", entries("/a/ r1", "/b/ r2"), map[string]string{"/c/": "r3"}, "/a/\tr1\n/b/\tr2\n/c/\tr3\n"},
		{"a new URL, between", entries("/a/ r1", "/c/ r3"), map[string]string{"/b/": "r2"}, "/a/\tr1\n/b/\tr2\n/c/\tr3\n"},
		{"a record for a URL without", entries("/a/", "/b/ r2"), map[string]string{"/a/": "r1"}, "/a/\tr1\n/b/\tr2\n"},
		{"unsorted ledger", entries("/b/ r2", "/a/ r1"), map[string]string{"/a/": "r1"}, "/a/\tr1\n/b/\tr2\n"},
		{"nothing produced", entries("/a/ r1"), nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, changed := UpdateLedger(tt.ledger, tt.produced)
			if changed != (tt.want != "") {
				t.Fatalf("changed = %v, want %v", changed, tt.want != "")
			}
			if changed && string(b) != head+tt.want {
				t.Errorf("ledger:\n%s\nwant:\n%s", b, head+tt.want)
			}
		})
	}
}
