package load

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
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

// seedCache is a fuzz seed: a cache of clause c and a site file, and its
// encoding as a base.
func seedCache(f *testing.F, c *atlas.Clause) (*Cache, *bytes.Buffer) {
	cache := NewCache()
	cache.put(result{Path: "data/platforms/p/d/clauses/x.toml", Kind: kindClause, Clause: c})
	cache.put(result{Path: "data/site.toml", Kind: kindSite, Site: &atlas.Site{Title: "T"}})
	var buf bytes.Buffer
	if err := cache.Encode(&buf, "stamp"); err != nil {
		f.Fatal(err)
	}
	return cache, &buf
}

// FuzzDecodeCache: a damaged cache file decodes to some cache or to an
// empty one, never a panic; whatever decodes re-encodes and decodes the
// same.
func FuzzDecodeCache(f *testing.F) {
	c := &atlas.Clause{}
	fill(reflect.ValueOf(c).Elem())
	_, buf := seedCache(f, c)
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

// sums lists a cache's entries as path → sum, size and time.
func sums(c *Cache) map[string]string {
	out := map[string]string{}
	for p, r := range c.files {
		out[p] = fmt.Sprintf("%x/%d/%d", r.Sum[:4], r.Size, r.ModTime)
	}
	return out
}

// TestCacheDelta saves a cache as a base, edits, adds and removes files,
// saves only the delta, and reads both back: the result must be the
// cache as it was saved, good enough that a load through it decodes
// nothing. A delta for another base, another stamp or cut short is
// ignored.
func TestCacheDelta(t *testing.T) {
	dir, fsys, cache, _ := loadedTree(t)
	files := t.TempDir()
	base, delta := filepath.Join(files, "cache"), DeltaPath(filepath.Join(files, "cache"))
	save := func(path string, encode func(io.Writer, string) error, stamp string) []byte {
		t.Helper()
		var buf bytes.Buffer
		if err := encode(&buf, stamp); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path+".tmp", buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(path+".tmp", path); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	save(base, cache.Encode, "v1")
	baseSums := sums(cache)

	read := ReadCache(base, "v1")
	const clause = "data/platforms/acme/terms/clauses/no-scraping.toml"
	b, _ := os.ReadFile(filepath.Join(dir, clause))
	os.WriteFile(filepath.Join(dir, clause), bytes.Replace(b, []byte(`title = "No scraping"`), []byte(`title = "No scraping!"`), 1), 0o644)
	os.WriteFile(filepath.Join(dir, filepath.Dir(clause), "copy.toml"), b, 0o644)
	const gone = "data/platforms/beta/tos/clauses/training.toml"
	os.Remove(filepath.Join(dir, gone))
	// Out of the racy window, so that a later load may trust the times.
	old := time.Now().Add(-time.Hour)
	os.Chtimes(filepath.Join(dir, clause), old, old)
	os.Chtimes(filepath.Join(dir, filepath.Dir(clause), "copy.toml"), old, old)
	if _, probs := CorpusCached(fsys, read); probs.Len() > 0 {
		t.Fatal(probs.Err())
	}
	if !read.Prune() {
		t.Fatal("the edits did not change the cache")
	}
	want := sums(read)
	d := save(delta, read.EncodeDelta, "v1")
	// The delta holds the two files changed or new, and the one gone.
	dd, ok := header(d, deltaMagic, "v1")
	if !ok || dd.str() != read.baseID {
		t.Fatal("the delta's header is not for the base")
	}
	if entries, ok := decodeEntries(dd); !ok || len(entries) != 2 || entries[clause].Path != clause {
		t.Errorf("the delta holds %d entries, want the edited and the added file", len(entries))
	}
	if g := dd.strs(); !reflect.DeepEqual(g, []string{gone}) {
		t.Errorf("the delta lists %q as gone, want %q", g, gone)
	}

	both := ReadCache(base, "v1")
	if got := sums(both); !reflect.DeepEqual(got, want) {
		t.Fatalf("base and delta read back:\n got %v\nwant %v", got, want)
	}
	if _, ok := both.files[gone]; ok {
		t.Error("the removed file is still cached")
	}
	CorpusCached(fsys, both)
	if both.Changed() {
		t.Error("a load through base and delta decoded a file again")
	}

	tests := []struct {
		name  string
		delta []byte
	}{
		{"other stamp", func() []byte { var buf bytes.Buffer; read.EncodeDelta(&buf, "v2"); return buf.Bytes() }()},
		{"cut short", d[:len(d)-3]},
		{"trailing byte", append(append([]byte(nil), d...), 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			os.WriteFile(delta, tt.delta, 0o644)
			if got := sums(ReadCache(base, "v1")); !reflect.DeepEqual(got, baseSums) {
				t.Errorf("the delta was applied: %v", got)
			}
		})
	}

	// A new base makes the delta stale: it deleted a file the new base
	// holds again.
	os.WriteFile(delta, d, 0o644)
	os.WriteFile(filepath.Join(dir, gone), b, 0o644)
	os.Chtimes(filepath.Join(dir, gone), old, old)
	CorpusCached(fsys, both)
	both.Prune()
	save(base, both.Encode, "v1")
	if _, ok := ReadCache(base, "v1").files[gone]; !ok {
		t.Error("a delta for the old base was applied to the new one")
	}
}

// TestDeltaSmall: a delta is worth it with a base to apply to and at most
// an eighth of its entries changed or gone.
func TestDeltaSmall(t *testing.T) {
	base := func(n int) *Cache {
		c := NewCache()
		for i := range n {
			c.put(result{Path: fmt.Sprintf("data/%03d.toml", i), Kind: kindSite, Site: &atlas.Site{}})
		}
		c.Encode(io.Discard, "s")
		return c
	}
	tests := []struct {
		name         string
		changed, del int
		want         bool
	}{
		{"nothing", 0, 0, true},
		{"an eighth changed", 8, 0, true},
		{"one more", 9, 0, false},
		{"changed and gone", 4, 4, true},
		{"too many gone", 0, 9, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := base(64)
			for i := range tt.changed {
				c.put(result{Path: fmt.Sprintf("data/%03d.toml", i), Kind: kindSite, Site: &atlas.Site{Title: "new"}})
			}
			for i := range tt.del {
				delete(c.files, fmt.Sprintf("data/%03d.toml", 63-i))
			}
			if got := c.DeltaSmall(); got != tt.want {
				t.Errorf("DeltaSmall() = %v, want %v", got, tt.want)
			}
		})
	}
	if NewCache().DeltaSmall() {
		t.Error("a cache never saved as a base has nothing to apply a delta to")
	}
}

// FuzzApplyDelta: a damaged delta changes the cache it is applied to or
// leaves it be, never panics, and what it leaves re-encodes and decodes
// to as many files.
func FuzzApplyDelta(f *testing.F) {
	c := &atlas.Clause{ID: "CA-P-000001", Title: "T", Quote: "Q"}
	cache, base := seedCache(f, c)
	cache.put(result{Path: "data/platforms/p/d/clauses/y.toml", Kind: kindClause, Clause: c})
	delete(cache.files, "data/site.toml")
	var delta bytes.Buffer
	if err := cache.EncodeDelta(&delta, "stamp"); err != nil {
		f.Fatal(err)
	}
	f.Add(delta.Bytes())
	f.Add([]byte(deltaMagic))
	f.Fuzz(func(t *testing.T, in []byte) {
		in = append([]byte(nil), in...) // ApplyDelta keeps strings sharing in
		got := DecodeCache(base.Bytes(), "stamp")
		got.ApplyDelta(in, "stamp")
		var out bytes.Buffer
		if err := got.Encode(&out, "stamp"); err != nil {
			t.Fatal(err)
		}
		if again := DecodeCache(out.Bytes(), "stamp"); len(again.files) != len(got.files) {
			t.Fatalf("re-encoded cache has %d files, the delta left %d", len(again.files), len(got.files))
		}
	})
}

// TestCacheWrote: the URL ledger a build writes goes into the cache as a
// load would decode it, so the next load, hinted or not, takes it from
// there and sees what a full load of the new file sees.
func TestCacheWrote(t *testing.T) {
	dir, fsys, cache, _ := loadedTree(t)
	data := []byte("# ledger\n/platform/acme/\tCA-E-00001\n/platform/acme/terms/\tCA-D-00001\n")
	if err := os.WriteFile(filepath.Join(dir, LedgerFile), data, 0o644); err != nil {
		t.Fatal(err)
	}
	cache.Wrote(LedgerFile, data)
	rs := make([]result, 1)
	read := cache.peekAll([]string{LedgerFile}, nil, rs)
	r, ok := rs[0], len(read) == 0
	if !ok || r.Sum != sha256.Sum256(data) || r.Size != int64(len(data)) {
		t.Fatalf("cache entry of the ledger: %v (sum ok %v)", ok, r.Sum == sha256.Sum256(data))
	}
	want, probs := Corpus(fsys)
	if probs.Len() > 0 || len(want.Ledger) != 2 {
		t.Fatalf("full load: %d ledger rows, %v", len(want.Ledger), probs.Err())
	}
	if !reflect.DeepEqual(r.Ledger, want.Ledger) {
		t.Errorf("cached ledger %+v, full load %+v", r.Ledger, want.Ledger)
	}
	// As the next process reads it: saved, decoded, then a hinted load
	// with nothing changed and a load that checks every file.
	var buf bytes.Buffer
	if err := cache.Encode(&buf, "test"); err != nil {
		t.Fatal(err)
	}
	all := treeFiles(dir)
	hinted, _ := CorpusHinted(fsys, DecodeCache(buf.Bytes(), "test"), &Hint{Changed: map[string]bool{}, Paths: all})
	checked, _ := CorpusCached(fsys, DecodeCache(buf.Bytes(), "test"))
	for name, got := range map[string]*atlas.Corpus{"hinted": hinted, "checked": checked} {
		if got.Fingerprint() != want.Fingerprint() || !reflect.DeepEqual(got.Ledger, want.Ledger) {
			t.Errorf("%s load differs from a full load: ledger %+v", name, got.Ledger)
		}
	}
}

// TestCacheRelease: a released cache holds nothing, so the next load
// decodes every file again and gives the same corpus, and it can be
// filled and saved again.
func TestCacheRelease(t *testing.T) {
	_, fsys, cache, first := loadedTree(t)
	cache.Release()
	if n := len(cache.files); n != 0 {
		t.Fatalf("a released cache holds %d entries", n)
	}
	if cache.Changed() {
		t.Error("a released cache reports a change it was never given")
	}
	again, probs := CorpusCached(fsys, cache)
	if probs.Len() > 0 {
		t.Fatal(probs.Err())
	}
	if again.Fingerprint() != first.Fingerprint() {
		t.Error("a load into a released cache differs from the first")
	}
	if len(cache.files) == 0 || !cache.Changed() {
		t.Error("the load did not fill the released cache again")
	}
	var b bytes.Buffer
	if err := cache.Encode(&b, "stamp"); err != nil {
		t.Fatal(err)
	}
	if back := DecodeCache(b.Bytes(), "stamp"); len(back.files) != len(cache.files) {
		t.Errorf("saved %d entries, read back %d", len(cache.files), len(back.files))
	}
	var nilCache *Cache
	nilCache.Release() // no cache: nothing to do, no panic
}
