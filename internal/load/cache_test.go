package load

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/clauseatlas/atlas/internal/sitetest"
)

// TestCacheOnDisk checks that a cached load gives the same corpus, skips
// unchanged files, and sees an edit even when the edit keeps the file's
// size.
func TestCacheOnDisk(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTree(t, dir, sitetest.Fixture())
	old := time.Now().Add(-time.Hour)
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			os.Chtimes(p, old, old)
		}
		return nil
	})
	fsys := os.DirFS(dir)
	cache := NewCache()
	first, probs := CorpusCached(fsys, cache)
	if probs.Len() > 0 {
		t.Fatal(probs.Err())
	}
	again, _ := CorpusCached(fsys, cache)
	if first.Fingerprint() != again.Fingerprint() || len(again.Clauses) != len(first.Clauses) {
		t.Fatal("a cached load differs from the first")
	}

	// Same size, new content, just now: read again because it is recent.
	clause := filepath.Join(dir, "data/platforms/acme/terms/clauses/no-scraping.toml")
	b, _ := os.ReadFile(clause)
	b = []byte(strings.Replace(string(b), `title = "No scraping"`, `title = "No scrapinG"`, 1))
	os.WriteFile(clause, b, 0o644)
	c, _ := CorpusCached(fsys, cache)
	found := false
	for _, cl := range c.Clauses {
		if cl.Title == "No scrapinG" {
			found = true
		}
	}
	if !found {
		t.Error("an edit that kept the file's size was missed")
	}
}
