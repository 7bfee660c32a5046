package render

import (
	"math/bits"
	"strings"

	"github.com/clauseatlas/atlas/internal/index"
)

// A page's dependency key hashes the bytes of every record file its view
// can read, grouped so that one edit touches few keys: the clause's own
// document (with its history and clauses), its clause type's clauses, and
// the "shape" of the atlas (site, taxonomy, platforms, content pages,
// every record's URL and name). When a page's dependency key is what it
// was at the last build, its view cannot have changed, so the build skips
// even building the view; when it changed, the view is built and hashed
// as usual, so a key that is too coarse costs time, never correctness.
// The key must therefore cover everything the view reads.

type deps struct {
	shape, global uint64
	// typePlatforms hashes the platform of every clause of a type, in
	// order: the uniqueness line, comparison counts and the FAQ's list of
	// platforms depend on it, not on the other clauses' text.
	typePlatforms map[*index.ClauseType]uint64
	// asOther and asCompared hash what a clause's row shows in another
	// clause's lists: "other clauses in this document" and "how other
	// platforms handle this" (indexed by Clause.Seq).
	asOther, asCompared []uint64
	docHist             map[*index.Document]uint64 // the document record, its versions and stored texts
	doc                 map[*index.Document]uint64 // docHist and every clause of the document
	plat                map[*index.Platform]uint64
	typ                 map[*index.ClauseType]uint64
	cat                 map[*index.Category]uint64
	reg                 map[*index.Regulation]uint64
	ag                  map[*index.Agency]uint64
}

// Key combines strings, sums and numbers into a 64-bit key that is the
// same in every process (keys are saved in the manifest, so a seeded hash
// like hash/maphash cannot serve). Strings are taken 8 bytes at a time with
// a multiply-rotate round like xxHash's, several times faster than FNV-1a
// on the long fields (quotes, summaries) dependency keys cover.
// Other stages use it too, for the keys of outputs made outside this
// package (citation files, redirects, sitemaps).
type Key struct{ h uint64 }

const (
	hashSeed = 14695981039346656037
	prime1   = 0x9E3779B185EBCA87
	prime2   = 0xC2B2AE3D27D4EB4F
)

// NewKey starts a key.
func NewKey() *Key { return &Key{h: hashSeed} }

func (f *Key) round(v uint64) {
	f.h = bits.RotateLeft64(f.h^(v*prime2), 31) * prime1
}

// Str adds a string.
func (f *Key) Str(s string) *Key {
	f.round(uint64(len(s))) // the length first, so ("ab","c") differs from ("a","bc")
	for ; len(s) >= 8; s = s[8:] {
		f.round(uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56)
	}
	if len(s) > 0 {
		var v uint64
		for i := 0; i < len(s); i++ {
			v |= uint64(s[i]) << (8 * i)
		}
		f.round(v)
	}
	return f
}

// Sum adds a SHA-256.
func (f *Key) Sum(b [32]byte) *Key {
	for i := 0; i < 32; i += 8 {
		f.round(uint64(b[i]) | uint64(b[i+1])<<8 | uint64(b[i+2])<<16 | uint64(b[i+3])<<24 |
			uint64(b[i+4])<<32 | uint64(b[i+5])<<40 | uint64(b[i+6])<<48 | uint64(b[i+7])<<56)
	}
	return f
}

// U64 adds a number.
func (f *Key) U64(v uint64) *Key {
	f.round(v)
	return f
}

// Done finishes the key with an avalanche, so that keys differing in one
// input bit differ in about half their bits.
func (f *Key) Done() uint64 {
	h := f.h
	h ^= h >> 33
	h *= prime2
	h ^= h >> 29
	h *= prime1
	h ^= h >> 32
	return h
}

// StartDeps computes the dependency keys in the background: the build
// calls it while it plans pages and lists outputs on one core, and the
// first page's key waits for the result.
func (p *Planner) StartDeps() { go p.deps() }

// deps computes the dependency keys once per planner.
func (p *Planner) deps() *deps {
	p.depsOnce.Do(func() { p.depsVal = p.computeDeps() })
	return p.depsVal
}

func (p *Planner) computeDeps() *deps {
	x := p.x
	sums := x.Corpus.Sums
	file := func(path string) [32]byte { return sums[path] }
	d := &deps{
		docHist: map[*index.Document]uint64{}, doc: map[*index.Document]uint64{}, plat: map[*index.Platform]uint64{},
		typ: map[*index.ClauseType]uint64{}, cat: map[*index.Category]uint64{}, reg: map[*index.Regulation]uint64{}, ag: map[*index.Agency]uint64{},
		typePlatforms: map[*index.ClauseType]uint64{},
	}
	// Shape: every file that is not a clause, document or history, plus
	// every record's URL and name (pages link to and name each other).
	// Global: every file. Both add up one hash per file, an order-free
	// combination, so the 20,000 paths need no sorting.
	var shapeFiles, global uint64
	for path, sum := range sums {
		h := NewKey().Str(path).Sum(sum).Done()
		global += h
		if !strings.HasPrefix(path, "data/platforms/") || strings.HasSuffix(path, "/platform.toml") {
			shapeFiles += h
		}
	}
	sh := NewKey().U64(shapeFiles)
	for _, doc := range x.Documents {
		sh.Str(doc.ID).Str(doc.URL).Str(doc.Title).Str(doc.TypeName)
	}
	for _, c := range x.Clauses {
		sh.Str(c.ID).Str(c.URL)
	}
	d.shape = sh.Done()
	d.global = NewKey().U64(global).Done()

	// Each clause's file sum, looked up once: the aggregates below read
	// every clause several times.
	clauseSums := make([][32]byte, len(x.Clauses))
	for _, c := range x.Clauses {
		clauseSums[c.Seq] = file(c.Pos.File)
	}
	clauseSum := func(c *index.Clause) [32]byte { return clauseSums[c.Seq] }
	d.asOther = make([]uint64, len(x.Clauses))
	d.asCompared = make([]uint64, len(x.Clauses))
	for _, c := range x.Clauses {
		d.asOther[c.Seq] = NewKey().Str(c.URL).Str(c.Title).Str(c.Severity).Str(c.ClauseType).Done()
		d.asCompared[c.Seq] = NewKey().Str(c.URL).Str(c.Severity).Str(c.Quote).Done()
	}
	for _, doc := range x.Documents {
		h := NewKey().Sum(file(doc.Pos.File))
		if doc.VersionsFile != "" {
			h.Sum(file(doc.VersionsFile))
		}
		for _, v := range doc.Versions {
			if v.Text != "" {
				h.Str(x.Texts[doc.Dir+"/"+v.Text])
			}
		}
		hist := h.Done()
		d.docHist[doc] = hist
		all := NewKey().U64(hist)
		for _, c := range doc.Clauses {
			all.Sum(clauseSum(c))
		}
		d.doc[doc] = all.Done()
	}
	for _, pl := range x.Platforms {
		h := NewKey().Sum(file(pl.Pos.File))
		for _, doc := range pl.Documents {
			h.U64(d.doc[doc])
		}
		d.plat[pl] = h.Done()
	}
	agg := func(cs []*index.Clause) uint64 {
		h := NewKey()
		for _, c := range cs {
			h.Sum(clauseSum(c))
		}
		return h.Done()
	}
	for _, t := range x.Types {
		d.typ[t] = agg(t.Clauses)
		h := NewKey()
		for _, c := range t.Clauses {
			h.Str(c.Platform.ID)
		}
		d.typePlatforms[t] = h.Done()
	}
	for _, c := range x.Categories {
		d.cat[c] = agg(c.Clauses)
	}
	for _, r := range x.Regulations {
		d.reg[r] = agg(r.Clauses)
	}
	for _, a := range x.Agencies {
		d.ag[a] = agg(a.Clauses)
	}
	return d
}

// key combines a page kind and path with the shape and the given
// aggregates.
func (p *Planner) key(kind, path string, parts ...uint64) uint64 {
	h := NewKey().Str(kind).Str(path).U64(p.deps().shape)
	for _, v := range parts {
		h.U64(v)
	}
	return h.Done()
}

// GlobalDeps, PlatformDeps and TypeDeps are dependency keys for outputs
// that are not pages but read the same records: the site's, a platform's
// and a clause type's feeds.
func (p *Planner) GlobalDeps() uint64 { return p.key("global", "", p.deps().global) }

// PlatformDeps covers a platform, its documents and histories and clauses.
func (p *Planner) PlatformDeps(pl *index.Platform) uint64 {
	return p.key("platform-data", pl.URL, p.deps().plat[pl])
}

// TypeDeps covers the clauses of a clause type.
func (p *Planner) TypeDeps(t *index.ClauseType) uint64 {
	return p.key("type-data", t.URL, p.deps().typ[t])
}

// clauseKey is a clause page's dependency key. Besides its own record and
// its document's history, a clause page shows only a few other clauses:
// the first rows of its document's other clauses and of other platforms'
// clauses of its type, with counts. Hashing exactly the fields those rows
// show (see the clause-item and compare-item templates) keeps an edit to
// one clause from re-rendering every page of its type.
func (p *Planner) clauseKey(c *index.Clause) uint64 {
	d := p.deps()
	sums := p.x.Corpus.Sums
	h := NewKey().Str("clause").Str(c.URL).U64(d.shape).Sum(sums[c.Pos.File]).U64(d.docHist[c.Document])
	// The first rows only, then the count: c is once among its
	// document's clauses, so the others are one fewer. Counting them one
	// by one made every clause's key a pass over its whole document (125
	// clauses a document at 100,000 clauses).
	hashed := 0
	for _, o := range c.Document.Clauses {
		if hashed == maxOthers {
			break
		}
		if o != c {
			h.U64(d.asOther[o.Seq])
			hashed++
		}
	}
	h.U64(uint64(len(c.Document.Clauses) - 1))
	if t := c.Type; t != nil {
		h.U64(d.typePlatforms[t])
		n := 0
		for _, o := range t.Clauses {
			if o.Platform == c.Platform {
				continue
			}
			if n < maxComparison {
				h.U64(d.asCompared[o.Seq])
			}
			n++
			if n >= maxComparison {
				break // the count follows from typePlatforms
			}
		}
	}
	return h.Done()
}
