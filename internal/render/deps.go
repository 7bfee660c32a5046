package render

import (
	"encoding/binary"
	"hash/fnv"
	"sort"
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
	docHist       map[*index.Document]uint64 // the document record, its versions and stored texts
	doc           map[*index.Document]uint64 // docHist and every clause of the document
	plat          map[*index.Platform]uint64
	typ           map[*index.ClauseType]uint64
	cat           map[*index.Category]uint64
	reg           map[*index.Regulation]uint64
	ag            map[*index.Agency]uint64
}

func newHash() *fnvHash { return &fnvHash{h: fnv.New64a()} }

type fnvHash struct {
	h interface {
		Write([]byte) (int, error)
		Sum64() uint64
	}
}

func (f *fnvHash) str(s string) *fnvHash {
	f.h.Write([]byte(s))
	f.h.Write([]byte{0})
	return f
}

func (f *fnvHash) sum(b [32]byte) *fnvHash {
	f.h.Write(b[:])
	return f
}

func (f *fnvHash) u64(v uint64) *fnvHash {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], v)
	f.h.Write(b[:])
	return f
}

func (f *fnvHash) done() uint64 { return f.h.Sum64() }

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
	}
	// Shape: every file that is not a clause, document or history, plus
	// every record's URL and name (pages link to and name each other).
	var shapeFiles []string
	for path := range sums {
		if !strings.HasPrefix(path, "data/platforms/") || strings.HasSuffix(path, "/platform.toml") {
			shapeFiles = append(shapeFiles, path)
		}
	}
	sort.Strings(shapeFiles)
	sh := newHash()
	for _, f := range shapeFiles {
		sh.str(f).sum(sums[f])
	}
	for _, doc := range x.Documents {
		sh.str(doc.ID).str(doc.URL).str(doc.Title).str(doc.TypeName)
	}
	for _, c := range x.Clauses {
		sh.str(c.ID).str(c.URL)
	}
	d.shape = sh.done()
	d.global = newHash().str(x.Corpus.Fingerprint()).done()

	clauseSum := func(c *index.Clause) [32]byte { return file(c.Pos.File) }
	for _, doc := range x.Documents {
		h := newHash().sum(file(doc.Pos.File))
		if doc.VersionsFile != "" {
			h.sum(file(doc.VersionsFile))
		}
		for _, v := range doc.Versions {
			if v.Text != "" {
				h.str(x.Texts[doc.Dir+"/"+v.Text])
			}
		}
		hist := h.done()
		d.docHist[doc] = hist
		all := newHash().u64(hist)
		for _, c := range doc.Clauses {
			all.sum(clauseSum(c))
		}
		d.doc[doc] = all.done()
	}
	for _, pl := range x.Platforms {
		h := newHash().sum(file(pl.Pos.File))
		for _, doc := range pl.Documents {
			h.u64(d.doc[doc])
		}
		d.plat[pl] = h.done()
	}
	agg := func(cs []*index.Clause) uint64 {
		h := newHash()
		for _, c := range cs {
			h.sum(clauseSum(c))
		}
		return h.done()
	}
	for _, t := range x.Types {
		d.typ[t] = agg(t.Clauses)
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
	h := newHash().str(kind).str(path).u64(p.deps().shape)
	for _, v := range parts {
		h.u64(v)
	}
	return h.done()
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
