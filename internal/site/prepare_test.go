package site

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/clauseatlas/atlas/internal/gen"
	"github.com/clauseatlas/atlas/internal/render"
	"github.com/clauseatlas/atlas/internal/sitetest"
)

// prepareGenerated generates an atlas in memory and prepares it as a
// build does, up to the URL plan.
func prepareGenerated(tb testing.TB, o gen.Options) *prepared {
	tb.Helper()
	fsys := fstest.MapFS{}
	err := gen.Generate(o, func(p string, b []byte) error {
		fsys[p] = &fstest.MapFile{Data: bytes.Clone(b)}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	p, err := prepare(fsys, "", render.Assets{}, nil, nil, nil, func(string) {}, nil)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// TestCheckBeforePlan: records that fail the check report the check's
// problems only, even when their URL plan would fail too (an alias that
// is another clause's page); a plan that fails on records that pass
// reports the plan's. A session's memo is used both ways.
func TestCheckBeforePlan(t *testing.T) {
	const clause = "data/platforms/acme/terms/clauses/no-scraping.toml"
	for _, tc := range []struct {
		badRecord, badPlan bool
		want, notWant      string // in the error; want "" means no error
	}{
		{},
		{badPlan: true, want: "aliases collide"},
		{badRecord: true, want: "severity", notWant: "aliases collide"},
		{badRecord: true, badPlan: true, want: "severity", notWant: "aliases collide"},
	} {
		for _, session := range []bool{false, true} {
			t.Run(fmt.Sprintf("record=%v/plan=%v/session=%v", !tc.badRecord, !tc.badPlan, session), func(t *testing.T) {
				files := sitetest.Fixture()
				if tc.badRecord {
					sitetest.Edit(t, files, clause, `severity = "low"`, `severity = "lowest"`)
				}
				if tc.badPlan {
					// The alias is the path of another clause's page.
					sitetest.Edit(t, files, clause, `slug = "no-scraping"`, "slug = \"no-scraping\"\naliases = [\"no-training\"]")
				}
				var memo *prepareMemo
				if session {
					memo = &prepareMemo{}
				}
				for range 2 { // a session's second build reuses its memo
					p, err := prepare(sitetest.FS(files), "", render.Assets{}, nil, nil, memo, func(string) {}, nil)
					if tc.want == "" {
						if err != nil || p == nil || p.x == nil || len(p.pages) == 0 {
							t.Fatalf("prepare: %v", err)
						}
						continue
					}
					if err == nil {
						t.Fatalf("prepare succeeded; want an error with %q", tc.want)
					}
					if !strings.Contains(err.Error(), tc.want) || (tc.notWant != "" && strings.Contains(err.Error(), tc.notWant)) {
						t.Fatalf("error %q: want %q and not %q", err, tc.want, tc.notWant)
					}
				}
			})
		}
	}
}
