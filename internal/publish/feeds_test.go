package publish

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/clauseatlas/atlas/internal/atlas"
	"github.com/clauseatlas/atlas/internal/index"
)

// TestFeedKeepsNewestAcrossTies: a feed leaves out items older than its
// FeedEntries-th newest before sorting; the result must be exactly what
// sorting every item gives, also when many items share the cutoff time.
func TestFeedKeepsNewestAcrossTies(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 1, d, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		name     string
		clauses  int
		changes  int
		dayOf    func(i int) time.Time
		wantSize int
	}{
		{"fewer than a feed", 10, 3, func(i int) time.Time { return day(1 + i%5) }, 13},
		{"all on one day", 200, 0, func(i int) time.Time { return day(7) }, FeedEntries},
		{"ties at the cutoff", 300, 40, func(i int) time.Time { return day(1 + i%4) }, FeedEntries},
		{"distinct days", 120, 20, func(i int) time.Time { return day(1).AddDate(0, 0, i) }, FeedEntries},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pl := &index.Platform{Platform: &atlas.Platform{ID: "CA-PL-001", Name: "Acme"}, URL: "/platform/acme/"}
			doc := &index.Document{Document: &atlas.Document{ID: "CA-D-00001", Title: "Terms"}, URL: "/platform/acme/terms/", Platform: pl}
			x := &index.Index{Site: &atlas.Site{Title: "Atlas", Publisher: "P"}}
			for i := 0; i < tc.clauses; i++ {
				c := &index.Clause{Clause: &atlas.Clause{ID: fmt.Sprintf("CA-P-%06d", i), Title: fmt.Sprintf("Clause %d", i),
					LastVerified: tc.dayOf(i), FirstTracked: day(1)}, URL: fmt.Sprintf("/platform/acme/terms/c%d/", i), Document: doc, Platform: pl}
				x.Clauses = append(x.Clauses, c)
			}
			for i := 0; i < tc.changes; i++ {
				v := &atlas.Version{Captured: tc.dayOf(i * 7), SHA256: fmt.Sprintf("%064x", i)}
				x.Changes = append(x.Changes, &index.Change{Document: doc, Version: v, Seq: i})
			}
			fs := NewFeedSet(x, "https://example.org", nil)
			got := fs.Site()
			// The reference: every item, sorted.
			var all []item
			for _, ch := range x.Changes {
				all = append(all, fs.change(ch))
			}
			for _, c := range x.Clauses {
				all = append(all, fs.clause(c))
			}
			want := fs.feed(SitePath(), x.Site.Title+": recent changes", "Document changes and clause records across the atlas.", "/changes/", all)
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Errorf("feed differs from sorting every item:\n got %s\nwant %s", got.Bytes(), want.Bytes())
			}
			if n := len(got.feed.Entries); n != tc.wantSize {
				t.Errorf("%d entries, want %d", n, tc.wantSize)
			}
		})
	}
}
