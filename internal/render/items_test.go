package render

import (
	"html/template"
	"testing"
)

// TestFillItems: a row is rendered once per partial and reused wherever
// it is listed again; a row that differs in any field gets its own item;
// the store starts over when full, and a new fingerprint clears it.
func TestFillItems(t *testing.T) {
	runs := 0
	partials := template.Must(template.New("").Funcs(template.FuncMap{
		"count": func() string { runs++; return "" },
	}).Parse(`{{define "clause-item"}}{{count}}<li>{{.Title}} ({{.Platform.Label}})</li>{{end}}` +
		`{{define "other-item"}}{{count}}<p>{{.Title}}</p>{{end}}`))
	r := &Renderer{partials: partials, items: &Items{}}
	a := ClauseRow{ID: "a", Title: "Arbitration", Platform: Link{Label: "Acme"}}
	b := a
	b.Platform.Label = "Bolt" // differs in a nested field only
	tests := []struct {
		name    string
		partial string
		rows    []ClauseRow
		want    []template.HTML
		runs    int // partial executions this step adds
	}{
		{"first listing", "clause-item", []ClauseRow{a, b}, []template.HTML{"<li>Arbitration (Acme)</li>", "<li>Arbitration (Bolt)</li>"}, 2},
		{"listed again", "clause-item", []ClauseRow{b, a, a}, []template.HTML{"<li>Arbitration (Bolt)</li>", "<li>Arbitration (Acme)</li>", "<li>Arbitration (Acme)</li>"}, 0},
		{"another partial", "other-item", []ClauseRow{a}, []template.HTML{"<p>Arbitration</p>"}, 1},
	}
	for _, tt := range tests {
		before := runs
		rows := append([]ClauseRow(nil), tt.rows...)
		r.fillItems(rows, tt.partial)
		for i, row := range rows {
			if row.Item != tt.want[i] {
				t.Errorf("%s: row %d = %q, want %q", tt.name, i, row.Item, tt.want[i])
			}
		}
		if got := runs - before; got != tt.runs {
			t.Errorf("%s: %d partial executions, want %d", tt.name, got, tt.runs)
		}
	}

	r.items.reset("new templates")
	before := runs
	r.fillItems([]ClauseRow{a}, "clause-item")
	if runs-before != 1 {
		t.Error("an item outlived a change of fingerprint")
	}

	full := &Items{}
	for i := range maxItems {
		full.put(itemKey{"clause-item", uint64(i)}, "x")
	}
	full.put(itemKey{"clause-item", maxItems}, "y")
	if n := len(full.m); n != 1 {
		t.Errorf("a full store holds %d items after one more, want 1 (started over)", n)
	}
	if h, ok := full.get(itemKey{"clause-item", maxItems}); !ok || h != "y" {
		t.Error("the item that overflowed the store was lost")
	}
}
