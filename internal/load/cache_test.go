package load

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/clauseatlas/atlas/internal/atlas"
	"github.com/clauseatlas/atlas/internal/problem"
	"github.com/clauseatlas/atlas/internal/sitetest"
)

// fixtureTree writes the test fixture to a temporary folder with every
// file an hour old, out of the cache's racy window.
func fixtureTree(t *testing.T) string {
	dir := t.TempDir()
	sitetest.WriteTree(t, dir, sitetest.Fixture())
	old := time.Now().Add(-time.Hour)
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			os.Chtimes(p, old, old)
		}
		return nil
	})
	return dir
}

// loadedTree writes the fixture (fixtureTree) and loads it once into a
// new cache, failing on any problem.
func loadedTree(t *testing.T) (dir string, fsys fs.FS, cache *Cache, c *atlas.Corpus) {
	t.Helper()
	dir = fixtureTree(t)
	fsys = os.DirFS(dir)
	cache = NewCache()
	c, probs := CorpusCached(fsys, cache)
	if probs.Len() > 0 {
		t.Fatal(probs.Err())
	}
	return dir, fsys, cache, c
}

// TestCacheOnDisk checks that a cached load gives the same corpus, skips
// unchanged files, and sees an edit even when the edit keeps the file's
// size.
func TestCacheOnDisk(t *testing.T) {
	dir, fsys, cache, first := loadedTree(t)
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

// TestClauseCodecKeepsEveryField fills every field of a clause record by
// reflection and round-trips it through the cache's binary form: a field
// added to atlas.Clause but not to the codec fails here.
func TestClauseCodecKeepsEveryField(t *testing.T) {
	c := &atlas.Clause{}
	fill(reflect.ValueOf(c).Elem())
	r := result{Path: "data/x.toml", Kind: kindClause, Clause: c, Size: 9, ModTime: 99, Fatal: true, Unloaded: []string{"u"},
		Problems: []problem.Problem{{File: "f", Line: 1, Col: 2, Key: "k", Offset: 3, Msg: "m"}}}
	r.Sum[0] = 7
	e := &encoder{}
	encodeClauseResult(e, &r)
	d := &decoder{b: e.b}
	got := decodeClauseResult(d)
	if d.err != nil || len(d.b) != 0 {
		t.Fatalf("decode: %v, %d bytes left", d.err, len(d.b))
	}
	if !reflect.DeepEqual(got, r) {
		t.Errorf("round trip lost something:\n got %+v\nwant %+v", *got.Clause, *c)
	}
	// And through a whole cache file.
	cache := NewCache()
	cache.put(r)
	cache.put(result{Path: "data/site.toml", Kind: kindSite, Site: &atlas.Site{Title: "T"}})
	var buf bytes.Buffer
	if err := cache.Encode(&buf, "stamp"); err != nil {
		t.Fatal(err)
	}
	back := DecodeCache(buf.Bytes(), "stamp")
	if !reflect.DeepEqual(back.files["data/x.toml"], r) || back.files["data/site.toml"].Site.Title != "T" {
		t.Error("cache file round trip differs")
	}
	if len(DecodeCache(buf.Bytes(), "other").files) != 0 || len(DecodeCache(buf.Bytes()[:len(buf.Bytes())/2], "stamp").files) != 0 {
		t.Error("a stale or cut cache was used")
	}
}

// fill sets every field of v to a non-zero value.
func fill(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		v.SetString("s-" + v.Type().String())
	case reflect.Int, reflect.Int64:
		v.SetInt(3)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := 0; i < 2; i++ {
			fill(s.Index(i))
		}
		v.Set(s)
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(time.Time{}) {
			v.Set(reflect.ValueOf(time.Date(2026, 5, 12, 9, 51, 22, 0, time.UTC)))
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i))
			}
		}
	}
}

// FuzzDecodeCache: a damaged cache file decodes to some cache or to an
// empty one, never a panic; whatever decodes re-encodes and decodes the
// same.
func FuzzDecodeCache(f *testing.F) {
	c := &atlas.Clause{}
	fill(reflect.ValueOf(c).Elem())
	cache := NewCache()
	cache.put(result{Path: "data/platforms/p/d/clauses/x.toml", Kind: kindClause, Clause: c})
	cache.put(result{Path: "data/site.toml", Kind: kindSite, Site: &atlas.Site{Title: "T"}})
	var buf bytes.Buffer
	if err := cache.Encode(&buf, "stamp"); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte(cacheMagic))
	f.Fuzz(func(t *testing.T, in []byte) {
		in = append([]byte(nil), in...) // DecodeCache keeps strings sharing in
		got := DecodeCache(in, "stamp")
		var out bytes.Buffer
		if err := got.Encode(&out, "stamp"); err != nil {
			t.Fatal(err)
		}
		again := DecodeCache(out.Bytes(), "stamp")
		if len(again.files) != len(got.files) {
			t.Fatalf("re-encoded cache has %d files, decoded %d", len(again.files), len(got.files))
		}
	})
}

// TestReadCache round-trips a cache through a file that ReadCache maps,
// and checks that replacing the file (as every save does, by rename)
// leaves the strings already decoded from the old one intact.
func TestReadCache(t *testing.T) {
	_, fsys, cache, want := loadedTree(t)
	file := filepath.Join(t.TempDir(), "cache")
	save := func(c *Cache, stamp string) {
		t.Helper()
		var buf bytes.Buffer
		if err := c.Encode(&buf, stamp); err != nil {
			t.Fatal(err)
		}
		tmp := file + ".tmp"
		if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, file); err != nil {
			t.Fatal(err)
		}
	}
	save(cache, "v1")

	tests := []struct {
		name  string
		path  string
		stamp string
		files int
	}{
		{"same stamp", file, "v1", len(cache.files)},
		{"other stamp", file, "v2", 0},
		{"missing file", file + ".gone", "v1", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := len(ReadCache(tt.path, tt.stamp).files); got != tt.files {
				t.Errorf("ReadCache kept %d files, want %d", got, tt.files)
			}
		})
	}

	read := ReadCache(file, "v1")
	got, _ := CorpusCached(fsys, read)
	if !reflect.DeepEqual(got.Clauses, want.Clauses) {
		t.Fatal("clauses loaded through the mapped cache differ from the first load")
	}
	save(NewCache(), "v1") // replaced while its strings are in use
	if !reflect.DeepEqual(got.Clauses, want.Clauses) {
		t.Error("replacing the cache file changed records decoded from it")
	}
}

// TestCacheChanged: a load through a warm cache reports a change only when
// a file was edited, added or removed since the load before.
func TestCacheChanged(t *testing.T) {
	const clause = "data/platforms/acme/terms/clauses/no-scraping.toml"
	tests := []struct {
		name   string
		change func(t *testing.T, dir string)
		want   bool
	}{
		{"nothing", func(*testing.T, string) {}, false},
		{"edited", func(t *testing.T, dir string) {
			p := filepath.Join(dir, clause)
			b, _ := os.ReadFile(p)
			edited := bytes.Replace(b, []byte(`title = "No scraping"`), []byte(`title = "No scraping!"`), 1)
			if bytes.Equal(edited, b) {
				t.Fatal("the edit changed nothing")
			}
			os.WriteFile(p, edited, 0o644)
		}, true},
		{"removed", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, clause)) }, true},
		{"added", func(t *testing.T, dir string) {
			b, _ := os.ReadFile(filepath.Join(dir, clause))
			os.WriteFile(filepath.Join(dir, filepath.Dir(clause), "copy.toml"), b, 0o644)
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, fsys, cache, _ := loadedTree(t)
			if !cache.Changed() {
				t.Error("a first load into an empty cache is not a change")
			}
			cache.Prune()
			tt.change(t, dir)
			CorpusCached(fsys, cache)
			if got := cache.Changed(); got != tt.want {
				t.Errorf("Changed() = %v, want %v", got, tt.want)
			}
		})
	}
}
