package index_test

import (
	"sort"
	"testing"

	"github.com/clauseatlas/atlas/internal/index"
)

// TestClauseListsAreInOrder: every clause list of the index is in its
// documented order (by severity on platform and document pages, by
// platform elsewhere), on a generated atlas large enough for lists to
// share platforms, titles and severities.
func TestClauseListsAreInOrder(t *testing.T) {
	x := index.Build(genCorpus(t, 12, 40, 3))
	sorted := func(what string, cs []*index.Clause, order func([]*index.Clause)) {
		t.Helper()
		want := append([]*index.Clause(nil), cs...)
		order(want)
		for i := range cs {
			if cs[i] != want[i] {
				t.Fatalf("%s: position %d is %s, want %s", what, i, cs[i].ID, want[i].ID)
			}
		}
	}
	lists := 0
	check := func(kind, key string, cs []*index.Clause, order func([]*index.Clause)) {
		sorted(kind+" "+key, cs, order)
		lists++
	}
	for _, p := range x.Platforms {
		check("platform", p.ID, p.Clauses, index.SortBySeverity)
	}
	for _, d := range x.Documents {
		check("document", d.ID, d.Clauses, index.SortBySeverity)
	}
	for _, ty := range x.Types {
		check("type", ty.Key, ty.Clauses, index.SortByPlatform)
	}
	for _, cat := range x.Categories {
		check("category", cat.Key, cat.Clauses, index.SortByPlatform)
	}
	for _, r := range x.Regulations {
		check("regulation", r.Key, r.Clauses, index.SortByPlatform)
	}
	for _, a := range x.Agencies {
		check("agency", a.Key, a.Clauses, index.SortByPlatform)
	}
	if !sort.SliceIsSorted(x.Clauses, func(i, j int) bool { return x.Clauses[i].URL < x.Clauses[j].URL }) {
		t.Error("Index.Clauses is not by URL")
	}
	if lists < 60 || len(x.Clauses) != 480 {
		t.Fatalf("generated atlas too small to test: %d lists, %d clauses", lists, len(x.Clauses))
	}
}
