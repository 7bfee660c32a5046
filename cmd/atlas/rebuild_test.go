package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/clauseatlas/atlas/internal/write"
)

// TestRebuild: huge pages are asked for when the output folder has a
// manifest from a last build, or when ATLAS_HUGEPAGES=1.
func TestRebuild(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	tests := []struct {
		name  string
		setup func()
		env   string
		want  bool
	}{
		{"no output yet", func() {}, "", false},
		{"no output yet, asked for", func() {}, "1", true},
		{"an output without a manifest", func() { os.MkdirAll(out, 0o755) }, "", false},
		{"a manifest beside it", func() {
			os.MkdirAll(filepath.Dir(write.ManifestPath(out)), 0o755)
			os.WriteFile(write.ManifestPath(out), []byte("x"), 0o644)
		}, "", true},
		{"a manifest, turned off", func() {}, "0", true}, // hugeHeap itself honours 0
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.setup()
			t.Setenv("ATLAS_HUGEPAGES", tt.env)
			if got := rebuild(out); got != tt.want {
				t.Errorf("rebuild = %v, want %v", got, tt.want)
			}
		})
	}
}
