package index_test

import (
	"strings"
	"testing"
	"time"

	"github.com/clauseatlas/atlas/internal/atlas"
	"github.com/clauseatlas/atlas/internal/index"
)

// TestClauseVersion: a clause's version is the first of its document's
// versions with the clause's SHA-256, whichever of the document's clauses
// asks first; none when no version has it or the clause has none. Its text
// counts as stored when the loader read it.
func TestClauseVersion(t *testing.T) {
	sha := func(c string) string { return strings.Repeat(c, 64) }
	day := func(d int) time.Time { return time.Date(2026, 1, d, 0, 0, 0, 0, time.UTC) }
	c := &atlas.Corpus{
		Platforms: []atlas.Platform{{ID: "CA-E-000001", Slug: "acme", Name: "Acme"}},
		Documents: []atlas.Document{{
			ID: "CA-D-000001", Platform: "CA-E-000001", Slug: "terms", Title: "Terms",
			Pos: atlas.Pos{File: "data/platforms/acme/terms/document.toml"},
			Versions: []atlas.Version{
				{Captured: day(1), SHA256: sha("a"), Text: "1.md"},
				{Captured: day(2), SHA256: sha("b")},
				{Captured: day(3), SHA256: sha("a"), Text: "3.md"},
			},
		}},
		Texts: map[string]string{"data/platforms/acme/terms/1.md": sha("a")},
	}
	want := []struct {
		sha     string
		version int // index in Versions; -1 for none
		stored  bool
	}{
		{sha("b"), 1, false},
		{sha("a"), 0, true}, // the first with that hash, though the third has it too
		{sha("c"), -1, false},
		{"", -1, false},
		{sha("a"), 0, true}, // asked again by a later clause of the document
	}
	for i, w := range want {
		c.Clauses = append(c.Clauses, atlas.Clause{
			ID: "CA-P-00000" + string(rune('1'+i)), Document: "CA-D-000001", Slug: "c" + string(rune('1'+i)),
			Title: "Clause", SHA256: w.sha,
		})
	}
	x := index.Build(c)
	doc := x.Documents[0]
	for i, w := range want {
		cl := x.ClauseByID[c.Clauses[i].ID]
		if cl == nil {
			t.Fatalf("clause %d not indexed", i)
		}
		var wantV *atlas.Version
		if w.version >= 0 {
			wantV = &doc.Versions[w.version]
		}
		if cl.Version != wantV || cl.TextStored != w.stored {
			t.Errorf("clause %d (%.8s): version %p stored %v, want version %d (%p) stored %v", i, w.sha, cl.Version, cl.TextStored, w.version, wantV, w.stored)
		}
	}
}
