package render

import (
	"fmt"
	"slices"
	"testing"

	"github.com/clauseatlas/atlas/internal/atlas"
	"github.com/clauseatlas/atlas/internal/index"
)

// similarByWalk is how the FAQ found other platforms before namesOf: a
// walk of the type's clauses for every clause. The two must agree.
func similarByWalk(c *index.Clause) (int, []string) {
	var names []string
	seen := map[string]bool{}
	for _, o := range c.Type.Clauses {
		if o.Platform != c.Platform && !seen[o.Platform.Name] {
			seen[o.Platform.Name] = true
			names = append(names, o.Platform.Name)
		}
	}
	return len(names), names[:min(len(names), 6)]
}

func TestPlatformNames(t *testing.T) {
	plat := func(name string) *index.Platform { return &index.Platform{Platform: &atlas.Platform{Name: name}} }
	a, b, c, d := plat("Alpha"), plat("Beta"), plat("Gamma"), plat("Delta")
	twinA := plat("Alpha") // another platform with Alpha's name
	var many []*index.Platform
	for i := range 9 {
		many = append(many, plat(fmt.Sprintf("P%d", i)))
	}
	tests := []struct {
		name  string
		plats []*index.Platform // one clause each, in the type's order
	}{
		{"one platform", []*index.Platform{a}},
		{"two of one platform", []*index.Platform{a, a}},
		{"distinct", []*index.Platform{a, b, c, d}},
		{"repeated", []*index.Platform{a, a, b, b, b, c}},
		{"shared name", []*index.Platform{a, twinA, b}},
		{"shared name interleaved", []*index.Platform{a, twinA, a, b, twinA}},
		{"more than shown", append([]*index.Platform{a}, many...)},
		{"more than shown, repeated", append(append([]*index.Platform{}, many...), many[3], a, many[8])},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ty := &index.ClauseType{ClauseType: &atlas.ClauseType{Name: "T"}}
			for _, p := range tt.plats {
				ty.Clauses = append(ty.Clauses, &index.Clause{Clause: &atlas.Clause{}, Platform: p, Type: ty})
			}
			pn := namesOf(ty)
			for i, cl := range ty.Clauses {
				wantN, want := similarByWalk(cl)
				gotN, got := pn.others(cl.Platform, 6)
				if gotN != wantN || !slices.Equal(got, want) {
					t.Errorf("clause %d (%s): got %d %q, want %d %q", i, cl.Platform.Name, gotN, got, wantN, want)
				}
				// The clause page's comparison total comes from the
				// counts: the clauses of other platforms, by platform
				// (not by name).
				walked := 0
				for _, o := range ty.Clauses {
					if o.Platform != cl.Platform {
						walked++
					}
				}
				if total := len(ty.Clauses) - pn.count[cl.Platform]; total != walked {
					t.Errorf("clause %d (%s): comparison total %d, want %d", i, cl.Platform.Name, total, walked)
				}
			}
		})
	}
}

// TestFAQSimilarWording: the FAQ's answer on similar clauses agrees in
// number with the count of other platforms.
func TestFAQSimilarWording(t *testing.T) {
	plat := func(name string) *index.Platform { return &index.Platform{Platform: &atlas.Platform{Name: name}} }
	a, b, c := plat("Alpha"), plat("Beta"), plat("Gamma")
	tests := []struct {
		plats []*index.Platform
		want  string
	}{
		{[]*index.Platform{a, b}, "1 other platform in the atlas has a clause of this type (T): Beta. "},
		{[]*index.Platform{a, b, c}, "2 other platforms in the atlas have a clause of this type (T): Beta, Gamma. "},
	}
	for _, tt := range tests {
		ty := &index.ClauseType{ClauseType: &atlas.ClauseType{Name: "T"}}
		doc := &index.Document{Document: &atlas.Document{Title: "Terms"}}
		for _, p := range tt.plats {
			ty.Clauses = append(ty.Clauses, &index.Clause{Clause: &atlas.Clause{Title: "X"}, Platform: p, Type: ty, Document: doc})
		}
		p := &Planner{x: &index.Index{Platforms: tt.plats}, typePlatforms: map[*index.ClauseType]platformNames{ty: namesOf(ty)}}
		cl := ty.Clauses[0]
		qs := p.faq(cl, nil, len(ty.Clauses)-1)
		if len(qs) < 3 || qs[2].A != tt.want+"The comparison page shows each one's wording side by side." {
			t.Errorf("%d platforms: %+v", len(tt.plats), qs)
		}
	}
}
