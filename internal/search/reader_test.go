package search

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/clauseatlas/atlas/internal/check"
	"github.com/clauseatlas/atlas/internal/index"
	"github.com/clauseatlas/atlas/internal/load"
)

// reader answers queries from the built files the way static/search.js
// does, and counts the bytes a browser would download for each query.
// Tests use it to check rankings and per-query sizes without a browser.
type reader struct {
	t       testing.TB
	files   map[string][]byte
	m       manifest
	fetched map[string]bool
	bytes   int
}

type manifest struct {
	Format       int       `json:"format"`
	Dir          string    `json:"dir"`
	Docs         int       `json:"docs"`
	DocsPerShard int       `json:"docsPerShard"`
	Shards       []string  `json:"shards"`
	TermFiles    []string  `json:"termFiles"`
	DocBlocks    []string  `json:"docBlocks"`
	PerBlock     int       `json:"shardsPerBlock"`
	Severities   [][]any   `json:"severities"`
	Categories   [][]any   `json:"categories"`
	Platforms    [][]any   `json:"platforms"`
	Types        [][]any   `json:"types"`
	Sectors      [][]any   `json:"sectors"`
	Kinds        []string  `json:"kinds"`
	Fields       []string  `json:"fields"`
	Weights      []float64 `json:"weights"`
	K1           float64   `json:"k1"`
}

func newReader(t testing.TB, files []File) *reader {
	r := &reader{t: t, files: map[string][]byte{}, fetched: map[string]bool{}}
	for _, f := range files {
		r.files[f.Path] = f.Data
	}
	r.get("search/index.json", &r.m)
	if r.m.Format != Format {
		t.Fatalf("manifest format %d", r.m.Format)
	}
	return r
}

// reset forgets what was downloaded, except the manifest.
func (r *reader) reset() {
	r.fetched = map[string]bool{"search/index.json": true}
	r.bytes = 0
}

func (r *reader) get(path string, v any) {
	r.t.Helper()
	b, ok := r.files[path]
	if !ok {
		r.t.Fatalf("no file %s", path)
	}
	if !r.fetched[path] {
		r.fetched[path] = true
		r.bytes += len(b)
	}
	if err := json.Unmarshal(b, v); err != nil {
		r.t.Fatalf("%s: %v", path, err)
	}
}

func (r *reader) path(p string) string { return strings.TrimPrefix(r.m.Dir, "/") + "/" + p }

// termEntry is a dictionary entry, decoded.
type termEntry struct {
	term   string
	df     int
	ids    []uint32
	imps   []uint8
	set    []uint32 // nil for complete postings
	floor  int
	weight float64
}

func (r *reader) shardOf(term string) int {
	i := sort.Search(len(r.m.Shards), func(i int) bool { return lessUTF16(term, r.m.Shards[i]) }) - 1
	return max(i, 0)
}

func (r *reader) shard(i int) [][]any {
	var s struct {
		T [][]any `json:"t"`
	}
	r.get(r.path("t/"+r.m.TermFiles[i]+".json"), &s)
	return s.T
}

func (r *reader) resolve(e []any) termEntry {
	te := termEntry{term: e[0].(string), df: int(e[1].(float64))}
	var p string
	if len(e) == 3 {
		p = e[2].(string)
	} else {
		var body struct {
			P string `json:"p"`
			S string `json:"s"`
			F int    `json:"f"`
		}
		r.get(r.path("p/"+e[2].(string)+".json"), &body)
		p = body.P
		if body.S != "" {
			te.set = decodeSet(body.S)
			te.floor = body.F
		}
	}
	prev := int64(-1)
	for i := 0; i < len(p); {
		var gap uint32
		gap, i = decodeVarint(p, i)
		prev += int64(gap) + 1
		te.ids = append(te.ids, uint32(prev))
		te.imps = append(te.imps, uint8(digit(p[i])))
		i++
	}
	return te
}

// group returns the entries for one query word and the group's idf, as
// static/search.js chooses them: the word's own term and, for a word
// still being typed, the terms it extends by up to four letters
// ("trainin" → "train"), then, while fewer than eight and within a byte
// budget, the five most frequent terms that start with it.
func (r *reader) group(word string, prefix bool) ([]termEntry, float64) {
	type want struct {
		term   string
		weight float64
	}
	var wanted []want
	if t := Term(word); t != "" {
		wanted = append(wanted, want{t, 1})
	}
	runes := []rune(word)
	if prefix && len(runes) >= 2 {
		for k := len(runes) - 1; k >= max(3, len(runes)-4); k-- {
			wanted = append(wanted, want{string(runes[:k]), 0.8})
		}
	}
	var out []termEntry
	seen := map[string]bool{}
	for _, w := range wanted {
		for _, e := range r.shard(r.shardOf(w.term)) {
			if e[0].(string) == w.term && !seen[w.term] {
				seen[w.term] = true
				te := r.resolve(e)
				te.weight = w.weight
				out = append(out, te)
			}
		}
	}
	if prefix && len(runes) >= 2 {
		var cands [][]any
		first := r.shardOf(word)
		for i := first; i < len(r.m.Shards) && i <= first+2; i++ {
			if i > first && !strings.HasPrefix(r.m.Shards[i], word) {
				break
			}
			for _, e := range r.shard(i) {
				if strings.HasPrefix(e[0].(string), word) {
					cands = append(cands, e)
				}
			}
		}
		sort.SliceStable(cands, func(i, j int) bool { return cands[i][1].(float64) > cands[j][1].(float64) })
		budget := 48 << 10
		for _, e := range cands[:min(5, len(cands))] {
			t := e[0].(string)
			if seen[t] || len(out) >= 8 {
				continue
			}
			cost := 0
			if len(e) > 3 {
				cost = int(e[3].(float64))
			}
			if cost > budget {
				continue
			}
			budget -= cost
			seen[t] = true
			te := r.resolve(e)
			te.weight = 0.8
			out = append(out, te)
		}
	}
	df := 0
	for _, e := range out {
		df += e.df
	}
	n := float64(r.m.Docs)
	df = min(df, r.m.Docs)
	return out, math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))
}

type hit struct {
	doc   int
	score float64
}

// search returns the ranked documents matching every word of q (the last
// one, unless q ends in a space, as a word still being typed), and their
// count; when no document has every word, those with any, ranked by how
// many they have.
func (r *reader) search(q string, filter func(doc int) bool) ([]hit, int) {
	var words []string
	all := Words(q)
	for i, w := range all {
		last := i == len(all)-1 && !strings.HasSuffix(q, " ")
		if indexed(w) || last && utf8.RuneCountInString(w) >= 2 {
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		return nil, 0
	}
	n := r.m.Docs
	acc := make([]float64, n)
	member := make([]int, n)
	for wi, w := range words {
		entries, idf := r.group(w, wi == len(words)-1 && !strings.HasSuffix(q, " "))
		best := make([]float64, n)
		in := make([]bool, n)
		for _, e := range entries {
			listed := make(map[uint32]bool, len(e.ids))
			for k, id := range e.ids {
				listed[id] = true
				in[id] = true
				best[id] = math.Max(best[id], e.weight*idf*float64(e.imps[k]))
			}
			for _, id := range e.set {
				in[id] = true
				if !listed[id] {
					best[id] = math.Max(best[id], e.weight*idf*float64(e.floor))
				}
			}
		}
		for d := range n {
			if in[d] {
				member[d]++
				acc[d] += best[d]
			}
		}
	}
	var hits []hit
	need := len(words)
	for {
		for d := range n {
			if member[d] >= need && (filter == nil || filter(d)) {
				hits = append(hits, hit{d, acc[d] + 1000*float64(member[d])})
			}
		}
		if len(hits) > 0 || need <= 1 {
			break
		}
		need = 1
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].score > hits[j].score })
	return hits, len(hits)
}

// doc returns a document's URL and title, fetching its shard.
func (r *reader) doc(id int) (url, title string, row []any) {
	var s struct {
		D [][]any `json:"d"`
	}
	shard := id / r.m.DocsPerShard
	r.get(r.path(fmt.Sprintf("d/%s/%d.json", r.m.DocBlocks[shard/r.m.PerBlock], shard)), &s)
	prev := ""
	for i, row := range s.D {
		url = prev[:int(row[2].(float64))] + row[3].(string)
		prev = url
		if i == id%r.m.DocsPerShard {
			return url, row[1].(string), row
		}
	}
	r.t.Fatalf("doc %d not in its shard", id)
	return "", "", nil
}

// top returns the URLs of the first k hits, fetching their shards.
func (r *reader) top(hits []hit, k int) []string {
	var urls []string
	for _, h := range hits[:min(k, len(hits))] {
		u, _, _ := r.doc(h.doc)
		urls = append(urls, u)
	}
	return urls
}

// loadIndex loads, checks and indexes the atlas in fsys.
func loadIndex(t testing.TB, fsys fs.FS) *index.Index {
	t.Helper()
	c, probs := load.Corpus(fsys)
	probs.Append(check.Corpus(c).Items()...)
	if probs.Len() > 0 {
		t.Fatal(probs.Err())
	}
	return index.Build(c)
}
