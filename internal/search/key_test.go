package search

import (
	"reflect"
	"testing"

	"github.com/clauseatlas/atlas/internal/index"
)

// TestKeyFollowsFiles checks Prepared.Key against what it stands for:
// after each edit of the atlas, the key changes exactly when the index's
// files do. The edits cover every field a document or the manifest
// reads, and fields the index does not show.
func TestKeyFollowsFiles(t *testing.T) {
	// A new field of doc is read by the files: Key must hash it too.
	if n := reflect.TypeFor[doc]().NumField(); n != 9 {
		t.Fatalf("doc has %d fields; Key hashes 9: add the new one to Key, then here", n)
	}
	fsys := generated(t, 3, 8)
	base := func() *index.Index { return loadIndex(t, fsys) }
	x0 := base()
	files0, _ := Build(x0, Options{})
	key0 := Prepare(base(), Options{}).Key()
	if k := Prepare(base(), Options{}).Key(); k != key0 {
		t.Fatalf("two keys of one atlas differ: %x %x", key0, k)
	}
	other := func(x *index.Index, t0 *index.ClauseType) *index.ClauseType {
		for _, t := range x.Types {
			if t != t0 && t.Category != t0.Category {
				return t
			}
		}
		return nil
	}
	tests := []struct {
		name  string
		edit  func(x *index.Index)
		shown bool // the index shows the edited field
	}{
		{"clause title", func(x *index.Index) { x.Clauses[0].Title += " edited" }, true},
		{"clause ID", func(x *index.Index) { x.Clauses[0].ID += "9" }, true},
		{"clause summary", func(x *index.Index) { x.Clauses[0].Summary += " edited" }, true},
		{"clause quote", func(x *index.Index) { x.Clauses[0].Quote += " edited" }, true},
		{"clause severity", func(x *index.Index) {
			c := x.Clauses[0]
			if c.Severity == "high" {
				c.Severity = "low"
			} else {
				c.Severity = "high"
			}
		}, true},
		{"clause type", func(x *index.Index) { c := x.Clauses[0]; c.Type = other(x, c.Type) }, true},
		{"clause categories", func(x *index.Index) {
			c := x.Clauses[0]
			for _, cat := range x.Categories {
				if len(c.Categories) == 0 || cat != c.Categories[0] {
					c.Categories = append(c.Categories, cat)
					return
				}
			}
		}, true},
		{"clause URL", func(x *index.Index) { x.Clauses[0].URL += "x/" }, true},
		{"platform name", func(x *index.Index) { x.Platforms[0].Name += " edited" }, true},
		{"platform slug", func(x *index.Index) { x.Platforms[0].Slug += "x" }, true},
		{"platform ID", func(x *index.Index) { x.Platforms[0].ID += "x" }, true},
		{"platform description", func(x *index.Index) { x.Platforms[0].Description += " edited" }, true},
		{"platform sector", func(x *index.Index) { x.Platforms[0].Sector = x.Sectors[len(x.Sectors)-1].Key + "-other" }, true},
		{"platform sector's name", func(x *index.Index) { x.Platforms[0].SectorName += " edited" }, true},
		{"document title", func(x *index.Index) { x.Documents[0].Title += " edited" }, true},
		{"document description", func(x *index.Index) { x.Documents[0].Description += " edited" }, true},
		{"document type name", func(x *index.Index) { x.Documents[0].TypeName += " edited" }, true},
		{"document ID", func(x *index.Index) { x.Documents[0].ID += "x" }, true},
		{"clause type name", func(x *index.Index) { x.Types[0].Name += " edited" }, true},
		{"clause type key", func(x *index.Index) { x.Types[0].Key += "x" }, true},
		{"clause type description", func(x *index.Index) { x.Types[0].Description += " edited" }, true},
		{"clause type category", func(x *index.Index) {
			t := x.Types[0]
			for _, c := range x.Categories {
				if c != t.Category {
					t.Category = c
					return
				}
			}
		}, true},
		{"category name", func(x *index.Index) { x.Categories[0].Name += " edited" }, true},
		{"category key", func(x *index.Index) { x.Categories[0].Key += "x" }, true},
		{"category description", func(x *index.Index) { x.Categories[0].Description += " edited" }, true},
		{"sector name", func(x *index.Index) { x.Sectors[0].Name += " edited" }, true},
		{"sector key", func(x *index.Index) { x.Sectors[0].Key += "x" }, true},
		{"regulation", func(x *index.Index) { x.Regulations[0].Description += " edited" }, true},
		{"agency", func(x *index.Index) { x.Agencies[0].ShortName += "X" }, true},
		{"clause analysis", func(x *index.Index) { x.Clauses[0].Analysis += "\n\nMore analysis." }, false},
		{"clause why it matters", func(x *index.Index) { x.Clauses[0].WhyItMatters += " edited" }, false},
		{"clause confidence", func(x *index.Index) { x.Clauses[0].Confidence = "low" }, false},
		{"platform website", func(x *index.Index) { x.Platforms[0].Website += "x" }, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x := base()
			tc.edit(x)
			p := Prepare(x, Options{})
			key := p.Key()
			files, _ := p.Build()
			filesChanged := !reflect.DeepEqual(files, files0)
			if filesChanged != tc.shown {
				t.Fatalf("files changed: %v, want %v", filesChanged, tc.shown)
			}
			if keyChanged := key != key0; keyChanged != filesChanged {
				t.Errorf("key changed: %v, files changed: %v", keyChanged, filesChanged)
			}
		})
	}
	// An option changes the files, and so the key.
	o := Options{DocsPerShard: 4}
	if Prepare(base(), o).Key() == key0 {
		t.Error("other options, same key")
	}
}
