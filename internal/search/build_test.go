package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/clauseatlas/atlas/internal/gen"
	"github.com/clauseatlas/atlas/internal/index"
	"github.com/clauseatlas/atlas/internal/sitetest"
)

// fixture returns the shared test atlas with one edit: the training
// clause's quote mentions scraping, so "scrape" finds it in a quote only.
func fixture(t testing.TB) fstest.MapFS {
	files := sitetest.Fixture()
	sitetest.Edit(t, files, "data/platforms/acme/terms/clauses/no-training.toml", `quote = "Acme terms."`, `quote = "Acme terms. Do not scrape."`)
	return sitetest.FS(files)
}

func TestBuildFiles(t *testing.T) {
	files, st := Build(loadIndex(t, fixture(t)), Options{})
	if !sort.SliceIsSorted(files, func(i, j int) bool { return files[i].Path < files[j].Path }) {
		t.Error("files are not sorted by path")
	}
	var m manifest
	mi := slices.IndexFunc(files, func(f File) bool { return f.Path == "search/index.json" })
	if mi < 0 {
		t.Fatal("no manifest")
	}
	if err := json.Unmarshal(files[mi].Data, &m); err != nil {
		t.Fatal(err)
	}
	prefix := strings.TrimPrefix(m.Dir, "/") + "/"
	var total int64
	for i, f := range files {
		if i == mi {
			continue
		}
		if !strings.HasPrefix(f.Path, prefix) {
			t.Errorf("%s is outside the index folder %s", f.Path, prefix)
		}
		// Named for its bytes: the name is the start of their SHA-256
		// (document shards: their block's folder, checked below).
		sum := sha256.Sum256(f.Data)
		if name := path.Base(f.Path); !strings.Contains(f.Path, "/d/") && name != hex.EncodeToString(sum[:])[:16]+".json" {
			t.Errorf("%s is not named for its bytes", f.Path)
		}
		if !json.Valid(f.Data) {
			t.Errorf("%s is not JSON", f.Path)
		}
		total += int64(len(f.Data))
	}
	total += int64(len(files[mi].Data))
	if st.Files != len(files) || st.Bytes != total || st.ManifestBytes != len(files[mi].Data) {
		t.Errorf("stats %+v disagree with %d files of %d bytes", st, len(files), total)
	}
	// 3 clauses, 2 platforms, 2 documents, 2 types, 2 categories, 1 regulation, 1 agency.
	if st.Docs != 13 || m.Docs != 13 {
		t.Errorf("docs = %d, manifest %d, want 13", st.Docs, m.Docs)
	}
	// Platform ranges cover the platform page, its documents and clauses.
	r := newReader(t, files)
	for _, p := range m.Platforms {
		slug, lo, hi := p[0].(string), int(p[3].(float64)), int(p[4].(float64))
		for id := 0; id < m.Docs; id++ {
			url, _, _ := r.doc(id)
			in := strings.HasPrefix(url, "/platform/"+slug+"/")
			if in != (lo <= id && id < hi) {
				t.Errorf("platform %s range [%d,%d) and document %d %s disagree", slug, lo, hi, id, url)
			}
		}
	}
}

func TestSearchRanksTitleOverQuote(t *testing.T) {
	r := newReader(t, mustBuild(t, fixture(t)))
	hits, n := r.search("scrape", nil)
	urls := r.top(hits, 10)
	want := []string{
		"/platform/acme/terms/no-scraping/", // title, summary and quote
		"/provisions/scraping-ban/",         // title
		"/platform/acme/terms/no-training/", // quote only
	}
	if n != 3 || !slices.Equal(urls, want) {
		t.Errorf("scrape: %d hits %q, want %q", n, urls, want)
	}
}

func TestSearchQueries(t *testing.T) {
	r := newReader(t, mustBuild(t, fixture(t)))
	tests := []struct {
		q     string
		first string
		n     int
	}{
		{"training", "/platform/acme/terms/no-training/", 3}, // both clauses and their type
		{"train", "/platform/acme/terms/no-training/", 3},    // the same stem
		{"trai", "/platform/acme/terms/no-training/", 3},     // a word being typed
		{"trainin", "/platform/acme/terms/no-training/", 3},  // extends the stem "train"
		{"rival models", "/platform/beta/terms-of-service/outputs-cannot-train-rival-models/", 1},
		{"BETA Social", "/platform/beta/", 3},                               // the platform first, then its pages
		{"CA-P-000002", "/platform/acme/terms/no-training/", 1},             // record IDs
		{"scrape nonexistentword ", "/platform/acme/terms/no-scraping/", 3}, // no page has both: any word
		{"the of", "", 0}, // stop words only
	}
	for _, tt := range tests {
		r.reset()
		hits, n := r.search(tt.q, nil)
		first := ""
		if len(hits) > 0 {
			first, _, _ = r.doc(hits[0].doc)
		}
		if first != tt.first || n != tt.n {
			t.Errorf("%q: %d hits, first %q; want %d, %q", tt.q, n, first, tt.n, tt.first)
		}
	}
}

func TestFilterSets(t *testing.T) {
	files := mustBuild(t, fixture(t))
	r := newReader(t, files)
	// The manifest names each severity's and category's set file.
	set := func(entry []any) []uint32 {
		var body struct{ S string }
		r.get(r.path("f/"+entry[4].(string)+".json"), &body)
		return decodeSet(body.S)
	}
	sets := map[string][]uint32{}
	for i, e := range r.m.Severities {
		sets["s"+strconv.Itoa(i)] = set(e)
	}
	for i, e := range r.m.Categories {
		sets["c"+strconv.Itoa(i)] = set(e)
	}
	titles := func(ids []uint32) []string {
		var out []string
		for _, id := range ids {
			_, title, _ := r.doc(int(id))
			out = append(out, title)
		}
		return out
	}
	// Severities are high, medium, low; categories as the index sorts them.
	if got := titles(sets["s0"]); !slices.Equal(got, []string{"No training on outputs"}) {
		t.Errorf("high severity: %q", got)
	}
	if got := titles(sets["s2"]); !slices.Equal(got, []string{"No scraping"}) {
		t.Errorf("low severity: %q", got)
	}
	ai := slices.IndexFunc(r.m.Categories, func(c []any) bool { return c[0] == "ai-governance" })
	got := titles(sets["c"+strconv.Itoa(ai)])
	sort.Strings(got)
	if want := []string{"AI governance", "No training on outputs", "Outputs cannot train rival models", "Training ban"}; !slices.Equal(got, want) {
		t.Errorf("category ai-governance: %q, want %q", got, want)
	}
}

func TestBuildIsDeterministic(t *testing.T) {
	x := loadIndex(t, generated(t, 3, 200))
	a, _ := Build(x, Options{})
	prev := runtime.GOMAXPROCS(1)
	b, _ := Build(x, Options{})
	runtime.GOMAXPROCS(prev)
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for i := range a {
		if a[i].Path != b[i].Path || !bytes.Equal(a[i].Data, b[i].Data) {
			t.Fatalf("%s differs between builds", a[i].Path)
		}
	}
}

// TestRealAtlas searches the repository's own data/ (issue 7's browser
// test finds this clause by typing "training").
func TestRealAtlas(t *testing.T) {
	x := loadIndex(t, os.DirFS(sitetest.RepoRoot(t)))
	r := newReader(t, mustBuildIndex(t, x))
	const bedrock = "/platform/aws-bedrock/aws-service-terms/prohibition-on-training-competing-models-with-bedrock-outputs/"
	for _, q := range []string{"training", "Training competing models", "bedrock training", "CA-P-011410"} {
		r.reset()
		hits, _ := r.search(q, nil)
		if urls := r.top(hits, 8); !slices.Contains(urls, bedrock) {
			t.Errorf("%q: the Bedrock clause is not in the first 8: %q", q, urls)
		}
		if r.bytes > 300<<10 {
			t.Errorf("%q downloads %d bytes", q, r.bytes)
		}
	}
}

// TestScale builds the index of a generated atlas and checks the shard
// sizes and what typical queries download. SEARCH_SCALE=PxC sets the size
// (P platforms of C clauses; issue 7 measures 100x1000), and SEARCH_OUT=DIR
// writes the index files there, for measuring in a browser.
func TestScale(t *testing.T) {
	plats, per := 10, 300
	if testing.Short() {
		plats, per = 4, 100
	}
	if s := os.Getenv("SEARCH_SCALE"); s != "" {
		a, b, _ := strings.Cut(s, "x")
		plats, _ = strconv.Atoi(a)
		per, _ = strconv.Atoi(b)
	}
	x := loadIndex(t, generated(t, plats, per))
	files, st := Build(x, Options{})
	t.Log(st)
	if dir := os.Getenv("SEARCH_OUT"); dir != "" {
		for _, f := range files {
			p := filepath.Join(dir, filepath.FromSlash(f.Path))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, f := range files {
		if len(f.Data) > 32<<10 {
			t.Errorf("%s is %d bytes, more than 32 KiB", f.Path, len(f.Data))
		}
	}
	r := newReader(t, files)
	platform := x.Platforms[len(x.Platforms)/2].Name
	for _, q := range []string{"training", "arbitration class action", platform, "terms", "data retention", "arb"} {
		r.reset()
		hits, n := r.search(q, nil)
		r.top(hits, 10)
		t.Logf("%-28q %6d hits; downloads %6.1f KB after the manifest (%d files)", q, n, float64(r.bytes)/1024, len(r.fetched)-1)
		if r.bytes > 300<<10 {
			t.Errorf("%q downloads %d bytes, more than 300 KiB", q, r.bytes)
		}
		if n == 0 {
			t.Errorf("%q finds nothing", q)
		}
	}
}

func mustBuild(t testing.TB, fsys fstest.MapFS) []File {
	return mustBuildIndex(t, loadIndex(t, fsys))
}

func mustBuildIndex(t testing.TB, x *index.Index) []File {
	t.Helper()
	files, _ := Build(x, Options{})
	return files
}

// generated returns a synthetic atlas from internal/gen.
func generated(t testing.TB, platforms, perPlatform int) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	err := gen.Generate(gen.Options{Platforms: platforms, ClausesPerPlatform: perPlatform, Seed: 7}, func(p string, data []byte) error {
		if _, dup := fsys[p]; dup {
			return errors.New("emitted twice")
		}
		fsys[p] = &fstest.MapFile{Data: bytes.Clone(data)}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fsys
}

// BenchmarkBuild indexes a generated atlas of 3,000 clauses.
func BenchmarkBuild(b *testing.B) {
	x := loadIndex(b, generated(b, 10, 300))
	b.ResetTimer()
	var bytes int64
	for b.Loop() {
		_, st := Build(x, Options{})
		bytes = st.Bytes
	}
	b.ReportMetric(float64(bytes), "index-bytes")
}

func TestNamerKeepsDistinctFilesApart(t *testing.T) {
	n := namer{}
	a := [32]byte{1, 2, 3, 4, 5, 6, 7, 8, 9}
	b := a
	b[31] = 1 // same first 16 hex digits, different file
	if got := n.name("t", a); got != hex.EncodeToString(a[:])[:16] {
		t.Errorf("first name %q", got)
	}
	if got := n.name("t", a); got != hex.EncodeToString(a[:])[:16] {
		t.Errorf("same bytes, new name %q", got)
	}
	if got := n.name("t", b); got != hex.EncodeToString(b[:]) {
		t.Errorf("a prefix collision got %q, want the full digest", got)
	}
	if got := n.name("p", b); got != hex.EncodeToString(b[:])[:16] {
		t.Errorf("another kind's name %q", got)
	}
}
