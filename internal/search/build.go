// Package search builds the atlas's static search index: small JSON files
// that the reader's browser (static/search.js) downloads on demand, so a
// query fetches only the few it needs and no server takes part.
//
// # What is indexed
//
// Every page a reader may look for is a document: clauses, platforms,
// legal documents, clause types, categories, regulations and agencies.
// Each has fields with weights (title 10, id 6, clause type or kind 4,
// platform 4, category 2, document 2, summary 2, quote 1); text goes
// through the analysis in text.go (fold, split, stop words, Porter2
// stems). A term's weight in a document is BM25F: field-weighted term
// counts, normalised by field length, saturated (k1 = 2) and quantised to
// an impact of 1–63. The browser scores a document as the sum, over the
// query's terms, of idf × impact, with idf from the term's document
// frequency; so a word in a title outranks the same word in a quote.
//
// # Files
//
// Documents are numbered in URL order, so a platform's page, its
// documents and its clauses are one range of numbers. Every file but the
// manifest is named for the start of its own SHA-256 (<h> below), so its
// URL always means the same bytes and can be cached for good, and an edit
// rewrites only the files whose bytes it changes; the manifest is small,
// names the current files and must be revalidated.
//
//	search/index.json           manifest: format, the folder of the files,
//	                            counts, field names and weights, k1, the
//	                            first term and the file of each dictionary
//	                            shard, the folder of each block of document
//	                            shards, and
//	                            the tables results and filters need (kinds,
//	                            severities and categories with their set
//	                            files, sectors, clause types, platforms
//	                            with their number ranges and IDs)
//	static/search/t/<h>.json    a dictionary shard: {"t": [entry…]}, terms
//	                            in UTF-16 order (JavaScript's), each entry
//	                              [term, df, postings]              or
//	                              [term, df, file, bytes, floor]
//	                            the second form pointing to p/<file>.json
//	static/search/p/<h>.json    {"p": postings} the term's full list, or
//	                            {"p": postings, "s": set, "f": floor} for
//	                            a term in many documents: its documents as
//	                            a set, and postings only where its impact
//	                            exceeds floor (the rest score floor)
//	static/search/d/<h>/<i>.json
//	                            document shard i, documents i·D … i·D+D−1
//	                            (D in the manifest): {"d": [[kind, title,
//	                            shared, url tail, platform, severity, type,
//	                            snippet]…]}; the URL is the first `shared`
//	                            bytes of the previous entry's URL plus the
//	                            tail; -1 where a table index does not
//	                            apply. Shards come in blocks of
//	                            ShardsPerBlock, each block's folder <h>
//	                            named for its shards' bytes
//	static/search/f/<h>.json    {"s": set}: the documents of a severity or
//	                            a category (filters)
//
// Postings are varint gaps and impact digits; sets are bitmaps or run
// lengths (encode.go). The browser finds a term's shard by binary search
// on the manifest, and a document's shard by division.
//
// Build is pure and deterministic: the same index gives the same bytes.
package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/clauseatlas/atlas/internal/atlas"
	"github.com/clauseatlas/atlas/internal/index"
	"github.com/clauseatlas/atlas/internal/render"
)

// Format is the version of the file formats; the browser refuses others.
const Format = 2

// Options shape the index files. Zero fields take the defaults.
// Dir is where the index files named for their content go, under the
// output.
const Dir = "static/search"

// ShardsPerBlock is how many document shards share one folder.
const ShardsPerBlock = 8

type Options struct {
	DocsPerShard int // documents per document shard (16)
	ShardBytes   int // a dictionary shard is closed once it passes this size (16 KiB)
	ShardTerms   int // most terms in one dictionary shard (2000)
	InlineBytes  int // postings up to this size stay in the dictionary (400)
	FullBytes    int // larger postings become a set plus the top postings (12 KiB)
	TopPostings  int // most postings kept beside a set (1000)
	SnippetRunes int // longest result snippet (160)
}

func (o Options) withDefaults() Options {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.DocsPerShard, 16)
	def(&o.ShardBytes, 16<<10)
	def(&o.ShardTerms, 2000)
	def(&o.InlineBytes, 400)
	def(&o.FullBytes, 12<<10)
	def(&o.TopPostings, 1000)
	def(&o.SnippetRunes, 160)
	return o
}

// File is one output file, with a slash path under the site's root.
type File struct {
	Path string
	Data []byte
}

// Stats describe the index Build made.
type Stats struct {
	Docs, Terms   int
	Files         int
	Bytes         int64 // all files
	ManifestBytes int
	TermShards    int
	PostingFiles  int
	DocShards     int
	FacetFiles    int
	Largest       string // path of the largest file
	LargestBytes  int
}

// String summarises the stats on one line.
func (s Stats) String() string {
	return fmt.Sprintf("search index: %d documents, %d terms; %d files, %s (manifest %s; %d dictionary, %d postings, %d document, %d filter shards; largest %s, %s)",
		s.Docs, s.Terms, s.Files, kb(s.Bytes), kb(int64(s.ManifestBytes)), s.TermShards, s.PostingFiles, s.DocShards, s.FacetFiles, s.Largest, kb(int64(s.LargestBytes)))
}

func kb(n int64) string {
	if n >= 10<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
}

// Document kinds.
const (
	kindClause = iota
	kindPlatform
	kindDocument
	kindType
	kindCategory
	kindRegulation
	kindAgency
)

var kindNames = []string{"clause", "platform", "document", "type", "category", "regulation", "agency"}

// Fields and their weights. b is the share of length normalisation.
const (
	fTitle = iota
	fID
	fKind
	fPlatform
	fCategory
	fDocument
	fSummary
	fQuote
	nFields
)

var (
	fieldNames  = [nFields]string{"title", "id", "type", "platform", "category", "document", "summary", "quote"}
	fieldWeight = [nFields]float64{10, 6, 4, 4, 2, 2, 2, 1}
	fieldB      = [nFields]float64{0.5, 0, 0, 0, 0, 0, 0.75, 0.75}
)

const k1 = 2.0

type doc struct {
	kind       int
	url        string
	title      string
	text       [nFields]string
	platform   int // index in the manifest's tables, -1 for none
	severity   int
	typ        int
	categories []int
	snippet    string
}

// Build makes the search index of x.
func Build(x *index.Index, opts Options) ([]File, Stats) {
	return Prepare(x, opts).Build()
}

// Prepared is the documents and tables of an atlas's search index,
// gathered but not analysed: enough for its Key.
type Prepared struct{ b *builder }

// Prepare gathers the documents and tables of x's search index.
func Prepare(x *index.Index, opts Options) *Prepared {
	b := &builder{o: opts.withDefaults(), x: x}
	b.collect()
	return &Prepared{b}
}

// Build makes the index's files. Call it once.
func (p *Prepared) Build() ([]File, Stats) {
	p.b.analyse()
	return p.b.files()
}

// Key is a key over everything the index's files are made from: the
// options, every document's fields and the manifest's tables. Equal keys
// mean equal files, so a rebuild after an edit the index does not show
// (a clause's analysis, its sources) need not build it again.
func (p *Prepared) Key() uint64 {
	b, x := p.b, p.b.x
	o := b.o
	h := render.NewKey().U64(Format)
	for _, v := range [...]int{o.DocsPerShard, o.ShardBytes, o.ShardTerms, o.InlineBytes, o.FullBytes, o.TopPostings, o.SnippetRunes} {
		h.U64(uint64(v))
	}
	h.U64(uint64(len(b.docs)))
	for i := range b.docs {
		d := &b.docs[i]
		h.U64(uint64(d.kind)).Str(d.url).Str(d.title).Str(d.snippet)
		for _, t := range d.text {
			h.Str(t)
		}
		h.U64(uint64(int64(d.platform))).U64(uint64(int64(d.severity))).U64(uint64(int64(d.typ)))
		h.U64(uint64(len(d.categories)))
		for _, c := range d.categories {
			h.U64(uint64(c))
		}
	}
	h.U64(uint64(len(x.Platforms)))
	for _, pl := range x.Platforms {
		h.Str(pl.Slug).Str(pl.Name).Str(pl.Sector).Str(pl.ID)
	}
	h.U64(uint64(len(x.Types)))
	for _, t := range x.Types {
		h.Str(t.Key).Str(t.Name)
		if t.Category != nil {
			h.U64(uint64(b.catIdx[t.Category]) + 1)
		} else {
			h.U64(0)
		}
	}
	h.U64(uint64(len(x.Categories)))
	for _, c := range x.Categories {
		h.Str(c.Key).Str(c.Name)
	}
	h.U64(uint64(len(x.Sectors)))
	for _, s := range x.Sectors {
		h.Str(s.Key).Str(s.Name)
	}
	h.U64(uint64(len(atlas.Severities)))
	for _, s := range atlas.Severities {
		h.Str(s)
	}
	return h.Done()
}

type builder struct {
	o    Options
	x    *index.Index
	docs []doc
	// tables
	platIdx map[*index.Platform]int
	typeIdx map[*index.ClauseType]int
	catIdx  map[*index.Category]int
	sevIdx  map[string]int
	secIdx  map[string]int
	// analysis
	terms   []string         // sorted in UTF-16 order
	termIdx map[string]int32 // term → its list in lists
	lists   []postingList
	store   postingStore
}

func (b *builder) collect() {
	x := b.x
	b.platIdx = map[*index.Platform]int{}
	b.typeIdx = map[*index.ClauseType]int{}
	b.catIdx = map[*index.Category]int{}
	b.sevIdx = map[string]int{}
	b.secIdx = map[string]int{}
	for i, p := range x.Platforms {
		b.platIdx[p] = i
	}
	for i, t := range x.Types {
		b.typeIdx[t] = i
	}
	for i, c := range x.Categories {
		b.catIdx[c] = i
	}
	for i, s := range atlas.Severities {
		b.sevIdx[s] = i
	}
	for i, s := range x.Sectors {
		b.secIdx[s.Key] = i
	}
	// Room for every document up front: regrowing a slice of 20,000
	// documents of 250 bytes would copy it a dozen times.
	b.docs = make([]doc, 0, len(x.Clauses)+len(x.Platforms)+len(x.Documents)+len(x.Types)+len(x.Categories)+len(x.Regulations)+len(x.Agencies))
	none := func(d doc) doc {
		d.platform, d.severity, d.typ = -1, -1, -1
		return d
	}
	for _, c := range x.Clauses {
		d := none(doc{kind: kindClause, url: c.URL, title: c.Title, snippet: c.Summary})
		d.text[fTitle] = c.Title
		d.text[fID] = c.ID
		d.text[fPlatform] = c.Platform.Name
		d.text[fDocument] = c.Document.Title
		d.text[fSummary] = c.Summary
		d.text[fQuote] = c.Quote
		d.platform = b.platIdx[c.Platform]
		if s, ok := b.sevIdx[c.Severity]; ok {
			d.severity = s
		}
		if c.Type != nil {
			d.text[fKind] = c.Type.Name
			d.typ = b.typeIdx[c.Type]
		}
		var cats []string
		for _, cat := range c.Categories {
			cats = append(cats, cat.Name)
			d.categories = append(d.categories, b.catIdx[cat])
		}
		d.text[fCategory] = strings.Join(cats, " ")
		b.docs = append(b.docs, d)
	}
	for _, p := range x.Platforms {
		d := none(doc{kind: kindPlatform, url: p.URL, title: p.Name, snippet: p.Description})
		d.text[fTitle] = p.Name
		d.text[fID] = p.ID
		d.text[fKind] = p.SectorName
		d.text[fSummary] = p.Description
		d.platform = b.platIdx[p]
		b.docs = append(b.docs, d)
	}
	for _, dc := range x.Documents {
		d := none(doc{kind: kindDocument, url: dc.URL, title: dc.Title, snippet: dc.Description})
		if d.snippet == "" {
			d.snippet = dc.TypeName + " of " + dc.Platform.Name
		}
		d.text[fTitle] = dc.Title
		d.text[fID] = dc.ID
		d.text[fKind] = dc.TypeName
		d.text[fPlatform] = dc.Platform.Name
		d.text[fSummary] = dc.Description
		d.platform = b.platIdx[dc.Platform]
		b.docs = append(b.docs, d)
	}
	for _, t := range x.Types {
		d := none(doc{kind: kindType, url: t.URL, title: t.Name, snippet: t.Description})
		d.text[fTitle] = t.Name
		d.text[fSummary] = t.Description
		d.typ = b.typeIdx[t]
		if t.Category != nil {
			d.text[fCategory] = t.Category.Name
			d.categories = []int{b.catIdx[t.Category]}
		}
		b.docs = append(b.docs, d)
	}
	for _, c := range x.Categories {
		d := none(doc{kind: kindCategory, url: c.URL, title: c.Name, snippet: c.Description})
		d.text[fTitle] = c.Name
		d.text[fSummary] = c.Description
		d.categories = []int{b.catIdx[c]}
		b.docs = append(b.docs, d)
	}
	for _, r := range x.Regulations {
		d := none(doc{kind: kindRegulation, url: r.URL, title: r.Name, snippet: r.Description})
		d.text[fTitle] = r.Name + " " + r.ShortName
		d.text[fKind] = r.Jurisdiction
		d.text[fSummary] = r.Description
		b.docs = append(b.docs, d)
	}
	for _, a := range x.Agencies {
		d := none(doc{kind: kindAgency, url: a.URL, title: a.Name, snippet: a.Description})
		d.text[fTitle] = a.Name + " " + a.ShortName
		d.text[fKind] = a.Jurisdiction
		d.text[fSummary] = a.Description
		b.docs = append(b.docs, d)
	}
	sort.SliceStable(b.docs, func(i, j int) bool { return b.docs[i].url < b.docs[j].url })
}

// analyse computes every document's terms and impacts into postings, in
// two passes over the text: field lengths first (for their averages),
// then the terms. Documents are analysed in parallel, batch by batch, and
// merged in document order, so postings come out sorted.
func (b *builder) analyse() {
	n := len(b.docs)
	pool := make([]*analyser, runtime.GOMAXPROCS(0))
	for i := range pool {
		pool[i] = newAnalyser()
	}
	lens := make([][nFields]uint16, n)
	parallel(n, pool, func(lo, hi int, a *analyser) {
		for i := lo; i < hi; i++ {
			for f, s := range b.docs[i].text {
				a.fold = appendFold(a.fold[:0], s)
				k := 0
				eachWord(a.fold, func(lo, hi int) {
					if indexed(a.fold[lo:hi]) {
						k++
					}
				})
				lens[i][f] = uint16(min(k, math.MaxUint16))
			}
		}
	})
	var avg [nFields]float64
	for f := range nFields {
		sum, cnt := 0, 0
		for i := range lens {
			if lens[i][f] > 0 {
				sum += int(lens[i][f])
				cnt++
			}
		}
		if cnt > 0 {
			avg[f] = float64(sum) / float64(cnt)
		}
	}

	b.termIdx = map[string]int32{}
	const batch = 2048
	out := make([][]termImpact, batch)
	for lo := 0; lo < n; lo += batch {
		hi := min(lo+batch, n)
		parallel(hi-lo, pool, func(a, z int, an *analyser) {
			for i := a; i < z; i++ {
				out[i] = an.doc(&b.docs[lo+i], &lens[lo+i], &avg, out[i][:0])
			}
		})
		for i := 0; i < hi-lo; i++ {
			for _, ti := range out[i] {
				k, ok := b.termIdx[ti.term]
				if !ok {
					k = int32(len(b.lists))
					b.termIdx[ti.term] = k
					b.lists = append(b.lists, postingList{})
				}
				b.store.add(&b.lists[k], posting{doc: uint32(lo + i), impact: ti.impact})
			}
		}
	}
	b.terms = make([]string, 0, len(b.termIdx))
	for t := range b.termIdx {
		b.terms = append(b.terms, t)
	}
	sort.Slice(b.terms, func(i, j int) bool { return lessUTF16(b.terms[i], b.terms[j]) })
}

// postingStore keeps every term's postings in blocks of postingBlock,
// carved from slabs and linked in order: an append never copies, and a
// term met in a few documents takes one block. Slices regrown by append
// cost three times the postings' size in garbage (44 MB at 20,000
// clauses, on a machine that charges for every fresh page).
type postingStore struct {
	slabs [][]posting // slabBlocks blocks each
	next  []int32     // the block after each block; 0 at the end
}

// postingList is one term's postings: its first and last blocks and how
// many it holds.
type postingList struct {
	head, tail, n int32
}

const (
	postingBlock = 16
	slabBlocks   = 4096
)

// block returns the postingBlock slots of block i.
func (s *postingStore) block(i int32) []posting {
	lo := int(i%slabBlocks) * postingBlock
	return s.slabs[i/slabBlocks][lo : lo+postingBlock]
}

func (s *postingStore) add(l *postingList, p posting) {
	if l.n%postingBlock == 0 {
		i := int32(len(s.next))
		if int(i)/slabBlocks == len(s.slabs) {
			s.slabs = append(s.slabs, make([]posting, slabBlocks*postingBlock))
		}
		s.next = append(s.next, 0)
		if l.n == 0 {
			l.head = i
		} else {
			s.next[l.tail] = i
		}
		l.tail = i
	}
	s.block(l.tail)[l.n%postingBlock] = p
	l.n++
}

// appendTo appends the postings of l, in order, to dst.
func (s *postingStore) appendTo(dst []posting, l postingList) []posting {
	for i, left := l.head, int(l.n); left > 0; i = s.next[i] {
		blk := s.block(i)
		dst = append(dst, blk[:min(left, postingBlock)]...)
		left -= postingBlock
	}
	return dst
}

type termImpact struct {
	term   string
	impact uint8
}

// analyser holds one worker's scratch space and stem cache. Text is
// folded into one reused buffer and its words looked up without copies:
// a word becomes a string only the first time the worker meets it.
type analyser struct {
	// words maps a folded word to its term's ID, so a word met again
	// costs one map lookup. Words with the same stem share an ID.
	words map[string]int32
	ids   map[string]int32 // term → ID, for words met for the first time
	terms []string         // ID → term; "" for words that are not indexed
	// seen and slot are per term ID: the document (gen) that last counted
	// it, and its row in tfs for that document.
	seen  []uint32
	slot  []int32
	gen   uint32
	tfs   [][nFields]uint16
	order []string
	fold  []byte
}

func newAnalyser() *analyser {
	return &analyser{words: map[string]int32{}, ids: map[string]int32{}}
}

// term returns the ID of a folded word's index term.
func (a *analyser) term(w []byte) int32 {
	if id, ok := a.words[string(w)]; ok {
		return id
	}
	s := string(w)
	t := Term(s)
	id, ok := a.ids[t]
	if !ok {
		id = int32(len(a.terms))
		a.ids[t] = id
		a.terms = append(a.terms, t)
		a.seen = append(a.seen, 0)
		a.slot = append(a.slot, 0)
	}
	a.words[s] = id
	return id
}

func (a *analyser) doc(d *doc, lens *[nFields]uint16, avg *[nFields]float64, out []termImpact) []termImpact {
	if a.gen++; a.gen == 0 { // wrapped: no document counts as seen
		clear(a.seen)
		a.gen = 1
	}
	a.order, a.tfs = a.order[:0], a.tfs[:0]
	for f, s := range d.text {
		a.fold = appendFold(a.fold[:0], s)
		eachWord(a.fold, func(lo, hi int) {
			id := a.term(a.fold[lo:hi])
			t := a.terms[id]
			if t == "" {
				return
			}
			k := a.slot[id]
			if a.seen[id] != a.gen {
				a.seen[id] = a.gen
				k = int32(len(a.tfs))
				a.slot[id] = k
				a.tfs = append(a.tfs, [nFields]uint16{})
				a.order = append(a.order, t)
			}
			if a.tfs[k][f] < math.MaxUint16 {
				a.tfs[k][f]++
			}
		})
	}
	// Terms go out in the order first met: each term's postings are
	// appended in document order whatever the order within a document.
	for k, t := range a.order {
		out = append(out, termImpact{t, impact(&a.tfs[k], lens, avg)})
	}
	return out
}

// impact is BM25F's saturated, field-weighted term frequency, quantised
// to 1–63. Every product is converted explicitly so no platform fuses
// multiply and add differently: the index must be the same bytes
// everywhere.
func impact(tf, lens *[nFields]uint16, avg *[nFields]float64) uint8 {
	w := 0.0
	for f := range nFields {
		if tf[f] == 0 {
			continue
		}
		norm := 1.0
		if fieldB[f] > 0 && avg[f] > 0 {
			norm = float64(1-fieldB[f]) + float64(fieldB[f]*float64(lens[f])/avg[f])
		}
		w += float64(fieldWeight[f]*float64(tf[f])) / norm
	}
	s := float64(w*(k1+1)) / (w + k1) / (k1 + 1)
	q := int(math.Ceil(float64(s * 63)))
	return uint8(max(1, min(63, q)))
}

// parallel runs fn over [0,n) split into one contiguous part for each
// analyser of the pool.
func parallel(n int, pool []*analyser, fn func(lo, hi int, a *analyser)) {
	if n < 256 || len(pool) < 2 {
		fn(0, n, pool[0])
		return
	}
	var wg sync.WaitGroup
	step := (n + len(pool) - 1) / len(pool)
	for k, lo := 0, 0; lo < n; k, lo = k+1, lo+step {
		wg.Add(1)
		go func(lo, hi int, a *analyser) {
			defer wg.Done()
			fn(lo, hi, a)
		}(lo, min(lo+step, n), pool[k])
	}
	wg.Wait()
}

// lessUTF16 orders strings by UTF-16 code units, as JavaScript compares
// them, so the browser's binary search agrees with the build's sort.
func lessUTF16(a, b string) bool {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb {
			return utf16Key(ra) < utf16Key(rb)
		}
		a, b = a[na:], b[nb:]
	}
	return a == "" && b != ""
}

// utf16Key maps a rune to a number that sorts like its first UTF-16 code
// unit, and like the rune among runes with the same first unit: BMP
// runes below the surrogates, then supplementary runes, then the rest of
// the BMP.
func utf16Key(r rune) int {
	switch {
	case r < 0xD800:
		return int(r)
	case r >= 0x10000:
		return 0xD800 + int(r-0x10000)
	}
	return int(r) + 0x100000
}

// entry is a term's line in its dictionary shard.
type entry struct {
	term string
	df   int
	json []byte // the encoded entry
	file *named // its postings file, if not inline
}

func (b *builder) files() ([]File, Stats) {
	o := b.o
	n := len(b.docs)
	var out []File // paths relative to Dir
	var st Stats
	var termShards, docBlocks []string
	// Two files with the same bytes (two empty filter sets, say) have
	// the same name: the second is not added again.
	seen := map[string]bool{}
	names := namer{}
	namedFile := func(kind string, data []byte) named {
		name := names.name(kind, sha256.Sum256(data))
		return named{File{Path: kind + "/" + name + ".json", Data: data}, name}
	}
	add := func(f named) {
		if !seen[f.Path] {
			seen[f.Path] = true
			out = append(out, f.File)
		}
	}
	st.Docs, st.Terms = n, len(b.terms)

	// Dictionary entries and postings files.
	entries := make([]entry, len(b.terms))
	var ps []posting // each term's postings in turn, in one reused slice
	for i, t := range b.terms {
		ps = b.store.appendTo(ps[:0], b.lists[b.termIdx[t]])
		e := entry{term: t, df: len(ps)}
		enc := encodePostings(ps)
		switch {
		case len(enc) <= o.InlineBytes:
			e.json = marshal([]any{t, len(ps), enc})
		default:
			var body []byte
			floor := 0
			if len(enc) <= o.FullBytes {
				body = marshal(map[string]any{"p": enc})
			} else {
				var top []posting
				top, floor = topPostings(ps, o.TopPostings)
				ids := make([]uint32, len(ps))
				for k, p := range ps {
					ids[k] = p.doc
				}
				body = marshal(map[string]any{"p": encodePostings(top), "s": encodeSet(ids, n), "f": floor})
			}
			f := namedFile("p", body)
			e.file = &f
			e.json = marshal([]any{t, len(ps), f.name, len(body), floor})
		}
		entries[i] = e
	}
	b.termIdx, b.lists, b.store = nil, nil, postingStore{}

	// Dictionary shards.
	var firsts []string
	for i := 0; i < len(entries); {
		j, size := i, 0
		for j < len(entries) && (j == i || size+len(entries[j].json) <= o.ShardBytes) && j-i < o.ShardTerms {
			size += len(entries[j].json) + 1
			j++
		}
		var buf bytes.Buffer
		buf.WriteString(`{"t":[`)
		for k := i; k < j; k++ {
			if k > i {
				buf.WriteByte(',')
			}
			buf.Write(entries[k].json)
		}
		buf.WriteString("]}")
		f := namedFile("t", buf.Bytes())
		add(f)
		firsts = append(firsts, entries[i].term)
		termShards = append(termShards, f.name)
		i = j
	}
	st.TermShards = len(firsts)
	for _, e := range entries {
		if e.file != nil {
			add(*e.file)
			st.PostingFiles++
		}
	}

	// Document shards, in blocks of ShardsPerBlock: a block's folder is
	// named for its shards' bytes, so the manifest names a few hundred
	// blocks rather than every shard (at 100,000 clauses, 6,400 names
	// would triple what the first query downloads), and an edit rewrites
	// the shards of one block.
	var block []File
	flush := func() {
		h := sha256.New()
		for _, f := range block {
			fmt.Fprintf(h, "%s %d\n", f.Path, len(f.Data))
			h.Write(f.Data)
		}
		name := names.name("d", [32]byte(h.Sum(nil)))
		for _, f := range block {
			add(named{File{Path: "d/" + name + "/" + f.Path, Data: f.Data}, name})
		}
		docBlocks = append(docBlocks, name)
		block = block[:0]
	}
	for lo := 0; lo < n; lo += o.DocsPerShard {
		hi := min(lo+o.DocsPerShard, n)
		i := lo / o.DocsPerShard
		block = append(block, File{Path: strconv.Itoa(i) + ".json", Data: docShard(b.docs[lo:hi], o.SnippetRunes)})
		st.DocShards++
		if len(block) == ShardsPerBlock {
			flush()
		}
	}
	if len(block) > 0 {
		flush()
	}

	// Filter sets.
	sevs := make([][]uint32, len(atlas.Severities))
	cats := make([][]uint32, len(b.x.Categories))
	for i, d := range b.docs {
		if d.severity >= 0 {
			sevs[d.severity] = append(sevs[d.severity], uint32(i))
		}
		for _, c := range d.categories {
			if k := len(cats[c]); k == 0 || cats[c][k-1] != uint32(i) {
				cats[c] = append(cats[c], uint32(i))
			}
		}
	}
	facet := func(ids []uint32) (int, string) {
		f := namedFile("f", marshal(map[string]any{"s": encodeSet(ids, n)}))
		add(f)
		st.FacetFiles++
		return len(f.Data), f.name
	}
	var severities, categories [][]any
	for i, s := range atlas.Severities {
		size, name := facet(sevs[i])
		severities = append(severities, []any{s, severityLabel(s), len(sevs[i]), size, name})
	}
	for i, c := range b.x.Categories {
		size, name := facet(cats[i])
		categories = append(categories, []any{c.Key, c.Name, len(cats[i]), size, name})
	}

	// Every file but the manifest is named for its own bytes, so an edit
	// rewrites only the shards it changes, and a file's URL always means
	// the same bytes (cached for a year under static/); only the manifest,
	// which names the current shards, is revalidated.
	manifest := b.manifest("/"+Dir, firsts, termShards, docBlocks, severities, categories)
	files := make([]File, 0, len(out)+1)
	files = append(files, File{Path: "search/index.json", Data: manifest})
	for _, f := range out {
		files = append(files, File{Path: Dir + "/" + f.Path, Data: f.Data})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	st.ManifestBytes = len(manifest)
	st.Files = len(files)
	for _, f := range files {
		st.Bytes += int64(len(f.Data))
		if len(f.Data) > st.LargestBytes {
			st.Largest, st.LargestBytes = f.Path, len(f.Data)
		}
	}
	return files, st
}

// named is a file whose name is the start of its SHA-256.
type named struct {
	File
	name string
}

// namer names files for their SHA-256: its first 16 hex digits, or all 64
// should two different files of one kind share those 16.
type namer map[string][32]byte

func (n namer) name(kind string, sum [32]byte) string {
	full := hex.EncodeToString(sum[:])
	key := kind + "/" + full[:16]
	if prev, ok := n[key]; ok && prev != sum {
		return full
	}
	n[key] = sum
	return full[:16]
}

func (b *builder) manifest(dir string, firsts, termShards, docBlocks []string, severities, categories [][]any) []byte {
	x := b.x
	// Platforms' number ranges: URL order keeps each platform's pages
	// together.
	lo := make([]int, len(x.Platforms))
	hi := make([]int, len(x.Platforms))
	for i := range lo {
		lo[i] = -1
	}
	for i, d := range b.docs {
		if p := d.platform; p >= 0 {
			if lo[p] < 0 {
				lo[p] = i
			}
			hi[p] = i + 1
		}
	}
	var platforms, types, sectors [][]any
	for i, p := range x.Platforms {
		sec := -1
		if s, ok := b.secIdx[p.Sector]; ok {
			sec = s
		}
		platforms = append(platforms, []any{p.Slug, p.Name, sec, max(lo[i], 0), hi[i], p.ID})
	}
	for _, t := range x.Types {
		cat := -1
		if t.Category != nil {
			cat = b.catIdx[t.Category]
		}
		types = append(types, []any{t.Key, t.Name, cat})
	}
	for _, s := range x.Sectors {
		sectors = append(sectors, []any{s.Key, s.Name})
	}
	m := struct {
		Format       int       `json:"format"`
		Dir          string    `json:"dir"`
		Docs         int       `json:"docs"`
		DocsPerShard int       `json:"docsPerShard"`
		K1           float64   `json:"k1"`
		Fields       []string  `json:"fields"`
		Weights      []float64 `json:"weights"`
		Shards       []string  `json:"shards"`
		TermFiles    []string  `json:"termFiles"`
		DocBlocks    []string  `json:"docBlocks"`
		PerBlock     int       `json:"shardsPerBlock"`
		Kinds        []string  `json:"kinds"`
		Severities   [][]any   `json:"severities"`
		Sectors      [][]any   `json:"sectors"`
		Categories   [][]any   `json:"categories"`
		Types        [][]any   `json:"types"`
		Platforms    [][]any   `json:"platforms"`
	}{Format, dir, len(b.docs), b.o.DocsPerShard, k1, fieldNames[:], fieldWeight[:], firsts, termShards, docBlocks, ShardsPerBlock, kindNames,
		severities, sectors, categories, types, platforms}
	return marshal(m)
}

// topPostings returns the postings whose impact exceeds the impact of the
// limit-th best (the floor), sorted by document, and the floor.
func topPostings(ps []posting, limit int) ([]posting, int) {
	if len(ps) <= limit {
		return ps, 0
	}
	imps := make([]int, len(ps))
	for i, p := range ps {
		imps[i] = int(p.impact)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(imps)))
	floor := imps[limit]
	var top []posting
	for _, p := range ps {
		if int(p.impact) > floor {
			top = append(top, p)
		}
	}
	return top, floor
}

func commonPrefix(a, b string) int {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return i
}

// snippet collapses white space and cuts s at a word boundary.
func snippet(s string, limit int) string {
	s = render.OneLine(s) // no copy of a text already on one line
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	cut, runes := 0, 0
	for i, r := range s {
		if runes > limit {
			break
		}
		if r == ' ' {
			cut = i
		}
		runes++
	}
	if cut == 0 {
		r := []rune(s)
		return string(r[:limit]) + "…"
	}
	return strings.TrimRight(s[:cut], ",;:.") + "…"
}

func severityLabel(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:] + " severity"
}

// marshal encodes v as compact JSON without HTML escapes.
func marshal(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err) // only plain values reach here
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}
