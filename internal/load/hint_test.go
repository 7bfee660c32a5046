package load

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/clauseatlas/atlas/internal/atlas"
)

// TestHintedLoad: after a full load, a load told which files changed gives
// the same corpus as a full load of the changed tree, whether the hint can
// be used (files written in place) or must fall back to a walk (files
// created, removed, renamed, hint naming a folder or a template).
var titleLine = regexp.MustCompile(`(?m)^title = ".*"$`)

func TestHintedLoad(t *testing.T) {
	const clause = "data/platforms/acme/terms/clauses/no-scraping.toml"
	const clause2 = "data/platforms/acme/terms/clauses/no-training.toml"
	retitle := func(file, title string) func(t *testing.T, dir string) {
		return func(t *testing.T, dir string) {
			p := filepath.Join(dir, file)
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			out := titleLine.ReplaceAllString(string(b), `title = "`+title+`"`)
			if err := os.WriteFile(p, []byte(out), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	tests := []struct {
		name    string
		change  func(t *testing.T, dir string)
		hint    []string
		useHint bool // the hint is trusted: no walk
	}{
		{"one clause written", retitle(clause, "Edited title"), []string{clause}, true},
		{"two clauses written", func(t *testing.T, dir string) {
			retitle(clause, "First")(t, dir)
			retitle(clause2, "Second")(t, dir)
		}, []string{clause, clause2}, true},
		{"template change only", func(t *testing.T, dir string) {}, []string{"templates/base.html"}, true},
		{"new clause file", func(t *testing.T, dir string) {
			b, _ := os.ReadFile(filepath.Join(dir, clause))
			s := strings.Replace(string(b), `"CA-P-000001"`, `"CA-P-000099"`, 1)
			s = strings.Replace(s, `slug = "no-scraping"`, `slug = "no-scraping-two"`, 1)
			os.WriteFile(filepath.Join(dir, "data/platforms/acme/terms/clauses/no-scraping-two.toml"), []byte(s), 0o644)
		}, []string{"data/platforms/acme/terms/clauses/no-scraping-two.toml"}, false},
		{"clause removed", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, clause2))
		}, []string{clause2}, false},
		{"clause renamed", func(t *testing.T, dir string) {
			os.Rename(filepath.Join(dir, clause2), filepath.Join(dir, "data/platforms/acme/terms/clauses/renamed.toml"))
		}, []string{clause2, "data/platforms/acme/terms/clauses/renamed.toml"}, false},
		{"folder named", func(t *testing.T, dir string) {}, []string{"data/platforms/acme"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := fixtureTree(t)
			fsys := os.DirFS(dir)
			cache := NewCache()
			if _, probs := CorpusHinted(fsys, cache, nil); probs.Len() > 0 {
				t.Fatal(probs.Err())
			}
			cache.Prune()
			tt.change(t, dir)
			hint := &Hint{Changed: map[string]bool{}}
			for _, p := range tt.hint {
				hint.Changed[p] = true
			}
			if _, ok := cache.hinted(fsys, hint); ok != tt.useHint {
				t.Fatalf("hint used = %v, want %v", ok, tt.useHint)
			}
			got, gotProbs := CorpusHinted(fsys, cache, hint)
			want, wantProbs := Corpus(fsys)
			if g, w := gotProbs.Len(), wantProbs.Len(); g != w {
				t.Fatalf("hinted load: %d problems, full load %d", g, w)
			}
			if g, w := got.Fingerprint(), want.Fingerprint(); g != w {
				t.Errorf("hinted load differs from a full load:\n got %v\nwant %v", titles(got), titles(want))
			}
			// Every file the tree holds is still in the cache after a
			// prune: a hinted load marks what it reused as used.
			cache.Prune()
			if n, w := len(cache.files), countFiles(t, dir); n != w {
				t.Errorf("cache holds %d files after prune, tree has %d", n, w)
			}
		})
	}
}

func titles(c *atlas.Corpus) []string {
	var out []string
	for _, cl := range c.Clauses {
		out = append(out, cl.ID+" "+cl.Title)
	}
	sort.Strings(out)
	return out
}

func countFiles(t *testing.T, dir string) int {
	n := 0
	for _, top := range []string{DataDir, ContentDir} {
		filepath.WalkDir(filepath.Join(dir, top), func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				n++
			}
			return nil
		})
	}
	return n
}

// TestHintPaths: a cache read from disk does not know the last walk's
// files; a hint that names them (as the record of a build's inputs does,
// with files a walk passes over and files outside the records) lets a
// load skip the walk and still give a full load's corpus.
func TestHintPaths(t *testing.T) {
	const clause = "data/platforms/acme/terms/clauses/no-scraping.toml"
	dir := fixtureTree(t)
	for p, s := range map[string]string{"data/.notes": "not a record", "data/platforms/acme/terms/clauses/no-scraping.toml~": "a backup"} {
		if err := os.WriteFile(filepath.Join(dir, p), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fsys := os.DirFS(dir)
	all := treeFiles(dir)
	all = append(all, "templates/base.html", "static/style.css")
	sort.Strings(all)

	saved := NewCache()
	if _, probs := CorpusHinted(fsys, saved, nil); probs.Len() > 0 {
		t.Fatal(probs.Err())
	}
	var buf strings.Builder
	if err := saved.Encode(&buf, "test"); err != nil {
		t.Fatal(err)
	}
	data := []byte(buf.String())
	if err := os.WriteFile(filepath.Join(dir, clause), []byte(titleLine.ReplaceAllString(mustRead(t, filepath.Join(dir, clause)), `title = "Edited"`)), 0o644); err != nil {
		t.Fatal(err)
	}
	changed := map[string]bool{clause: true}

	if _, ok := DecodeCache(data, "test").hinted(fsys, &Hint{Changed: changed}); ok {
		t.Error("a cache read from disk trusted a hint without the walk's files")
	}
	cache := DecodeCache(data, "test")
	if _, ok := cache.hinted(fsys, &Hint{Changed: changed, Paths: all}); !ok {
		t.Fatal("a hint with the walk's files was not used")
	}
	got, gotProbs := CorpusHinted(fsys, cache, &Hint{Changed: changed, Paths: all})
	want, wantProbs := Corpus(fsys)
	if g, w := gotProbs.Len(), wantProbs.Len(); g != 0 || w != 0 {
		t.Fatalf("hinted load: %d problems (%v), full load %d", g, gotProbs.Err(), w)
	}
	if g, w := got.Fingerprint(), want.Fingerprint(); g != w {
		t.Errorf("hinted load differs from a full load:\n got %v\nwant %v", titles(got), titles(want))
	}
}

// treeFiles lists the files under dir as slash paths relative to it:
// the Paths of a hint.
func treeFiles(dir string) []string {
	var all []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			all = append(all, filepath.ToSlash(rel))
		}
		return nil
	})
	return all
}

func mustRead(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
