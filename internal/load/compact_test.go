package load

import (
	"reflect"
	"testing"
	"unsafe"

	"github.com/clauseatlas/atlas/internal/atlas"
)

// TestCompact fills every field of each record that decodeOne compacts,
// compacts a deep copy, and requires the same values with every string
// copied, into one block of exactly their total length.
func TestCompact(t *testing.T) {
	tests := []struct {
		name string
		new  func() any // a pointer to a filled record
	}{
		{"clause", func() any { return new(atlas.Clause) }},
		{"document", func() any { return new(atlas.Document) }},
		{"versions", func() any { return new([]atlas.Version) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, got := tt.new(), tt.new()
			fill(reflect.ValueOf(want).Elem())
			fill(reflect.ValueOf(got).Elem())
			before := map[uintptr]bool{}
			eachString(reflect.ValueOf(got).Elem(), func(s reflect.Value) {
				before[uintptr(unsafe.Pointer(unsafe.StringData(s.String())))] = true
			})
			compact(got)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("compact changed the record:\n got %+v\nwant %+v", got, want)
			}
			var lo, hi uintptr
			total, count := 0, 0
			eachString(reflect.ValueOf(got).Elem(), func(s reflect.Value) {
				str := s.String()
				if str == "" {
					return
				}
				p := uintptr(unsafe.Pointer(unsafe.StringData(str)))
				if before[p] {
					t.Errorf("string %q was not copied", str)
				}
				if count == 0 || p < lo {
					lo = p
				}
				if end := p + uintptr(len(str)); end > hi {
					hi = end
				}
				total += len(str)
				count++
			})
			if count < 3 {
				t.Fatalf("only %d strings filled", count)
			}
			if int(hi-lo) != total {
				t.Errorf("%d strings of %d bytes span %d bytes: not one block", count, total, hi-lo)
			}
		})
	}
}
