package site

import (
	"strings"
	"testing"

	"github.com/clauseatlas/atlas/internal/render"
)

// TestCollisions: two outputs bound for one file are reported with both
// producers, every such file once per extra producer, in sorted order.
func TestCollisions(t *testing.T) {
	page := func(file, rec string) output {
		return output{file: file, kind: "clause", page: &render.Page{Template: "clause", Record: rec}}
	}
	tests := []struct {
		name string
		outs []output
		want []string // lines of the error; none means no error
	}{
		{"distinct", []output{page("a/index.html", "c1"), page("b/index.html", "c2"), {file: "static/x.css", kind: "static"}}, nil},
		{"two pages", []output{page("a/index.html", "c1"), page("a/index.html", "c2")},
			[]string{"a/index.html: produced by both clause c1 and clause c2"}},
		{"page and static file, twice", []output{
			{file: "z.css", kind: "static"}, page("z.css", "c9"), page("b/index.html", "c1"), {file: "b/index.html", kind: "feed"}},
			[]string{"b/index.html: produced by both clause c1 and feed", "z.css: produced by both static and clause c9"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := collisions(tt.outs)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("no error")
			}
			got := strings.Split(err.Error(), "\n")[1:]
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}
