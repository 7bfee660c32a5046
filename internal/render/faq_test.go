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
			}
		})
	}
}
