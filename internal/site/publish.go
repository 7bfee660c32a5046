package site

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"io/fs"
	"sort"
	"strings"

	"github.com/clauseatlas/atlas/internal/atlas"
	"github.com/clauseatlas/atlas/internal/check"
	"github.com/clauseatlas/atlas/internal/index"
	"github.com/clauseatlas/atlas/internal/load"
	"github.com/clauseatlas/atlas/internal/minifier"
	"github.com/clauseatlas/atlas/internal/problem"
	"github.com/clauseatlas/atlas/internal/publish"
	"github.com/clauseatlas/atlas/internal/render"
	"github.com/clauseatlas/atlas/internal/write"
)

// prepared is a checked atlas with everything known before rendering.
type prepared struct {
	c         *atlas.Corpus
	counts    Counts
	x         *index.Index
	redirects []publish.Redirect
	produced  map[string]string // every URL this build publishes → its record
	planner   *render.Planner
	pages     []render.Page
	fallbacks []fallback
	shape     uint64 // urlShape: the redirects are a function of it
}

type fallback struct{ from, to, record string }

// prepareMemo is what a preview session's prepare keeps between builds.
type prepareMemo struct {
	check check.Memo
	urls  *urlPlan
}

// urlPlan is the part of a plan that depends only on the atlas's URLs:
// the redirects, the published URLs and the fallback pages, once they
// passed the permanence checks. A session reuses it while the shape is
// the same: at 20,000 clauses, working it out and checking it was a fifth
// of a preview rebuild, and an edit rarely changes a URL.
type urlPlan struct {
	shape     uint64 // urlShape
	ledger    uint64 // ledgerKey
	redirects []publish.Redirect
	produced  map[string]string
	fallbacks []fallback
}

// urlShape is a key over what the URL plan is made from besides the
// ledger (see ledgerKey): every record's ID, URL and aliases, and every
// page's path, record and kind. The redirects depend on nothing else.
func urlShape(x *index.Index, pages []render.Page) uint64 {
	h := render.NewKey()
	rec := func(id, url, parent string, aliases []string) {
		h.Str(id).Str(url).Str(parent).U64(uint64(len(aliases)))
		for _, a := range aliases {
			h.Str(a)
		}
	}
	h.U64(uint64(len(x.Platforms)))
	for _, pl := range x.Platforms {
		rec(pl.ID, pl.URL, "", pl.Aliases)
	}
	h.U64(uint64(len(x.Documents)))
	for _, d := range x.Documents {
		rec(d.ID, d.URL, d.Platform.URL, d.Aliases)
	}
	h.U64(uint64(len(x.Clauses)))
	for _, c := range x.Clauses {
		rec(c.ID, c.URL, c.Document.URL, c.Aliases)
	}
	// The taxonomies: records with a key, a URL and aliases.
	keyed := func(n int, at func(i int) (key, url string, aliases []string)) {
		h.U64(uint64(n))
		for i := range n {
			key, url, aliases := at(i)
			rec(key, url, "", aliases)
		}
	}
	keyed(len(x.Types), func(i int) (string, string, []string) { t := x.Types[i]; return t.Key, t.URL, t.Aliases })
	keyed(len(x.Categories), func(i int) (string, string, []string) { c := x.Categories[i]; return c.Key, c.URL, c.Aliases })
	keyed(len(x.Regulations), func(i int) (string, string, []string) { r := x.Regulations[i]; return r.Key, r.URL, r.Aliases })
	keyed(len(x.Agencies), func(i int) (string, string, []string) { a := x.Agencies[i]; return a.Key, a.URL, a.Aliases })
	h.U64(uint64(len(pages)))
	for _, pg := range pages {
		h.Str(pg.Path).Str(pg.Record).Str(pg.Template)
	}
	return h.Done()
}

// ledgerKey is a key over the URL ledger's entries.
func ledgerKey(ledger []atlas.LedgerEntry) uint64 {
	h := render.NewKey().U64(uint64(len(ledger)))
	for _, e := range ledger {
		h.Str(e.Path).Str(e.Record)
	}
	return h.Done()
}

// prepare loads, checks and indexes the atlas, then checks URL permanence:
// every URL in the ledger must still be produced or redirected.
//
// The planner it makes (with assets, which only the build needs) is the
// one the build renders with: pages are planned once. indexed is called
// with the index as soon as the atlas passes the check.
//
// memo, in a preview session, holds what earlier builds worked out; it is
// nil otherwise.
func prepare(root fs.FS, baseURL string, assets render.Assets, cache *load.Cache, hint *load.Hint, memo *prepareMemo, stage func(string), indexed func(*index.Index)) (*prepared, error) {
	c, probs := load.CorpusHinted(root, cache, hint)
	stage("load")
	// Check and index only read the corpus, so they run at once; the index
	// is used only if the check passes. Built from a corpus that fails the
	// check, it may panic: that panic matters only if the check passed.
	var (
		x      *index.Index
		failed any
		done   = make(chan struct{})
	)
	go func() {
		defer close(done)
		defer func() { failed = recover() }()
		x = index.Build(c)
	}()
	var cm *check.Memo
	if memo != nil {
		cm = &memo.check
	}
	probs.Append(check.CorpusMemo(c, cm).Items()...)
	<-done
	stage("check+index")
	if probs.Len() > 0 {
		probs.Resolve(load.Lines(root))
		return nil, probs.Err()
	}
	if failed != nil {
		panic(failed)
	}
	if memo == nil {
		// The loader's Markdown findings are for the check alone, which
		// is done: at 100,000 clauses they are 31 MB that rendering
		// would otherwise keep. A session's next check may reuse them.
		for i := range c.Clauses {
			c.Clauses[i].Lint = atlas.MarkdownLint{}
		}
	}
	if indexed != nil {
		indexed(x)
	}
	p := &prepared{c: c, counts: countsOf(c), x: x}
	defer stage("plan")
	p.planner = render.NewPlanner(p.x, assets, baseURL)
	p.planner.StartDeps()
	p.pages = p.planner.Pages()
	p.shape = urlShape(x, p.pages)
	ledger := ledgerKey(c.Ledger)
	if memo != nil && memo.urls != nil && memo.urls.shape == p.shape && memo.urls.ledger == ledger {
		p.redirects, p.produced, p.fallbacks = memo.urls.redirects, memo.urls.produced, memo.urls.fallbacks
		return p, nil
	}
	p.redirects = publish.Redirects(p.x)
	pages := p.pages
	pagePaths := make(map[string]string, len(pages))
	for _, pg := range pages {
		pagePaths[pg.Path] = pg.Record
	}
	if clash := publish.CheckRedirects(pagePaths, p.redirects); len(clash) > 0 {
		return nil, fmt.Errorf("aliases collide with pages:\n%s", strings.Join(clash, "\n"))
	}
	p.produced = published(p.x, pages, p.redirects)
	var lp problem.List
	lp.Append(publish.CheckLedger(c.Ledger, p.produced, p.redirects)...)
	if lp.Len() > 0 {
		return nil, lp.Err()
	}
	for _, r := range p.redirects {
		if r.Fallback {
			p.fallbacks = append(p.fallbacks, fallback{r.From, r.To, r.Record})
		}
	}
	// Old pages under a renamed record keep a fallback page of their own.
	seen := map[string]bool{}
	for _, f := range p.fallbacks {
		seen[f.from] = true
	}
	for _, e := range c.Ledger {
		if _, ok := p.produced[e.Path]; ok || seen[e.Path] || !strings.HasSuffix(e.Path, "/") {
			continue
		}
		if r, target, ok := publish.Cover(p.redirects, e.Path); ok && r.Splat {
			p.fallbacks = append(p.fallbacks, fallback{e.Path, target, e.Record})
			seen[e.Path] = true
		}
	}
	sort.Slice(p.fallbacks, func(i, j int) bool { return p.fallbacks[i].from < p.fallbacks[j].from })
	if memo != nil {
		memo.urls = &urlPlan{shape: p.shape, ledger: ledger, redirects: p.redirects, produced: p.produced, fallbacks: p.fallbacks}
	}
	return p, nil
}

// published maps every URL the ledger keeps to the record behind it: pages,
// record-ID permalinks, feeds and the site-wide files.
func published(x *index.Index, pages []render.Page, rs []publish.Redirect) map[string]string {
	out := map[string]string{}
	for _, pg := range pages {
		rec := pg.Record
		if rec == "" {
			rec = "site:" + pg.Template
		}
		out[pg.Path] = rec
	}
	for _, r := range rs {
		if strings.HasPrefix(r.From, "/id/") {
			out[r.From] = r.Record
		}
	}
	out[render.SiteFeed] = "site:feed"
	for _, pl := range x.Platforms {
		out[render.FeedURL(pl.URL)] = pl.ID
	}
	for _, t := range x.Types {
		out[render.FeedURL(t.URL)] = t.Key
	}
	for _, f := range []string{"/sitemap.xml", "/robots.txt", "/" + publish.AtlasJSON, "/" + publish.ClausesCSV, "/" + publish.ManifestJSON} {
		out[f] = "site:download"
	}
	return out
}

// publishOutputs appends to outs the site-wide files: redirects, sitemaps, robots,
// feeds, citation files, JSON twins and the downloads.
//
// Without downloads it also returns the files it leaves out (the
// whole-atlas downloads), which _headers still covers.
func publishOutputs(outs []output, x *index.Index, planner *render.Planner, pages []render.Page, p *prepared, base string, limit int, min *minifier.M, downloads bool) ([]output, []string) {
	fixed := func(file, kind string, b []byte) {
		data := b
		outs = append(outs, output{file: file, kind: kind, key: keyOfBytes(b), bytes: func() ([]byte, error) { return data, nil }})
	}
	// The redirects and sitemaps are made only when what they list
	// changed: at 20,000 clauses, encoding them is tens of milliseconds,
	// and the preview rebuilds on every save.
	outs = append(outs, output{file: "_redirects", kind: "netlify", more: &outputMore{deps: func() uint64 {
		return render.NewKey().Str("redirects").U64(p.shape).Done() // the redirects are made from the shape
	}}, bytes: func() ([]byte, error) { return publish.NetlifyRedirects(p.redirects), nil }})
	fixed("robots.txt", "robots", publish.Robots(base))

	var entries []publish.SitemapEntry
	for _, pg := range pages {
		if pg.Template == "notfound" || pg.Template == "search" || pg.Template == "redirect" {
			continue
		}
		entries = append(entries, publish.SitemapEntry{Path: pg.Path, LastMod: pg.LastMod})
	}
	for _, part := range publish.SitemapParts(base, entries, limit) {
		outs = append(outs, output{file: part.Path, kind: "sitemap", more: &outputMore{deps: func() uint64 {
			h := render.NewKey().Str("sitemap").Str(base).Str(part.Path).U64(uint64(len(part.Entries)))
			for _, e := range part.Entries {
				h.Str(e.Path).U64(uint64(e.LastMod.UnixNano()))
			}
			return h.Done()
		}}, bytes: func() ([]byte, error) {
			data := part.Encode()
			if b, err := min.File(part.Path, data); err == nil {
				return b, nil
			}
			return data, nil
		}})
	}

	diffURL := func(ch *index.Change) string {
		if ch.Info != nil && ch.Info.Diff != nil {
			return ch.Info.Diff.URL
		}
		return ""
	}
	// Feeds are built only when their dependency key changed.
	fs := publish.NewFeedSet(x, base, diffURL)
	feed := func(file string, deps func() uint64, make func() publish.Feed) {
		outs = append(outs, output{file: file, kind: "feed", more: &outputMore{deps: deps},
			bytes: func() ([]byte, error) { return min.Bytes("application/atom+xml", make().Bytes()) }})
	}
	feed(publish.SitePath(), planner.GlobalDeps, fs.Site)
	for _, pl := range x.Platforms {
		feed(publish.PlatformPath(pl), func() uint64 { return planner.PlatformDeps(pl) }, func() publish.Feed { return fs.Platform(pl) })
	}
	for _, t := range x.Types {
		feed(publish.TypePath(t), func() uint64 { return planner.TypeDeps(t) }, func() publish.Feed { return fs.Type(t) })
	}

	if !downloads {
		// The preview makes each clause's downloads on request instead
		// (Session.File): 80,000 files at 20,000 clauses that no edit
		// needs rewritten before the browser reloads.
		return outs, []string{publish.AtlasJSON, publish.ClausesCSV, publish.ManifestJSON}
	}
	// The clause's key also keys its rows in the whole-atlas downloads:
	// an edit copies the other rows from the files on disk.
	keys := make([]uint64, len(x.Clauses))
	// Each output's closure holds only the shared context, its clause and
	// the file's number: 32 bytes, where capturing the index, the base URL
	// and the file's entry took 96 (400,000 closures at 100,000 clauses).
	cf := &clauseFiles{x: x, base: base}
	for ci := range x.Clauses {
		c := x.Clauses[ci] // never assigned again: captured by value
		dir := strings.TrimPrefix(c.URL, "/")
		k := clauseKey(x, c, base)
		keys[ci] = k
		for i, f := range render.ClauseFiles {
			kind := "citation"
			if f.Name == "index.json" {
				kind = "json"
			}
			outs = append(outs, output{file: dir + f.Name, kind: kind, key: k ^ uint64(i+1), bytes: func() ([]byte, error) { return cf.bytes(c, i) }})
		}
	}

	whole := keyOfBytes([]byte(p.c.Fingerprint() + "\x00" + base))
	outs = append(outs,
		output{file: publish.AtlasJSON, kind: "download", key: whole ^ 1, more: &outputMore{stream: func(w *write.Stream) error { return publish.WriteAtlasJSON(w, x, base, keys) }}},
		output{file: publish.ClausesCSV, kind: "download", key: whole ^ 2, more: &outputMore{stream: func(w *write.Stream) error { return publish.WriteClausesCSV(w, x, base, keys) }}},
		output{file: publish.ManifestJSON, kind: "download", more: &outputMore{after: true, final: func(w *write.Writer) (uint64, func() ([]byte, error)) {
			files := []string{publish.AtlasJSON, publish.ClausesCSV}
			for _, c := range x.Clauses {
				files = append(files, strings.TrimPrefix(c.URL, "/")+"index.json")
			}
			// The key covers what the manifest lists, so an unchanged
			// manifest (20,002 entries at 20,000 clauses) is not
			// marshalled only to find its bytes the same.
			key := render.NewKey().Str("downloads").Str(base).Str(x.Site.DataLicence).Str(x.Site.DataLicenceURL)
			// The entries' strings are made only if the manifest is: a
			// no-change build needs just the key.
			type listed struct {
				file string
				sum  [32]byte
				size int64
			}
			ls := make([]listed, 0, len(files))
			for _, f := range files {
				sum, size, ok := w.Sum(f)
				if !ok {
					continue
				}
				key.Str(f).U64(uint64(size)).Sum(sum)
				ls = append(ls, listed{f, sum, size})
			}
			return key.Done(), func() ([]byte, error) {
				es := make([]publish.ManifestEntry, len(ls))
				for i, l := range ls {
					es[i] = publish.ManifestEntry{Path: "/" + l.file, URL: base + "/" + l.file, Bytes: l.size, SHA256: publish.HexSum(l.sum)}
				}
				return publish.Manifest(*x.Site, base, es), nil
			}
		}}},
	)
	return outs, nil
}

// clauseFiles is what every clause's downloads are made from.
type clauseFiles struct {
	x    *index.Index
	base string
}

// bytes makes download i (render.ClauseFiles) of clause c.
func (cf *clauseFiles) bytes(c *index.Clause, i int) ([]byte, error) {
	b, _ := clauseFile(cf.x, c, cf.base, render.ClauseFiles[i].Name)
	return b, nil
}

// clauseFile makes one of a clause's downloads (render.ClauseFiles), as
// a full build writes it and the preview serves it.
func clauseFile(x *index.Index, c *index.Clause, base, name string) ([]byte, bool) {
	switch name {
	case "cite.bib":
		return publish.CitationOf(x, c, base).BibTeX(), true
	case "cite.ris":
		return publish.CitationOf(x, c, base).RIS(), true
	case "cite.json":
		return publish.CitationOf(x, c, base).CSLJSON(), true
	case "index.json":
		return publish.ClauseJSON(c, base, x.Site.DataLicence), true
	}
	return nil, false
}

// clauseKey identifies everything a clause's citation files and JSON twin
// are made from: its own record, the names of its platform and document,
// its categories and evidence, and the site's identity. It is computed
// without reflection because there is one per clause.
func clauseKey(x *index.Index, c *index.Clause, base string) uint64 {
	h := render.NewKey().Sum(x.Corpus.Sums[c.Pos.File])
	for _, s := range []string{base, x.Site.Publisher, x.Site.Language, x.Site.DataLicence, c.Platform.ID, c.Platform.Name,
		c.Document.ID, c.Document.Title, c.Document.Platform.Slug, c.Document.Slug} {
		h.Str(s)
	}
	h.U64(uint64(len(c.Categories)))
	for _, cat := range c.Categories {
		h.Str(cat.Key)
	}
	if c.TextStored {
		h.U64(1)
	}
	return h.Done()
}

func keyOfBytes(b []byte) uint64 {
	h := fnv.New64a()
	h.Write(b)
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(len(b)))
	h.Write(n[:])
	return h.Sum64()
}

// headersOutput computes _headers from the final list of outputs and the
// files a preview leaves out, so both have the same rules.
func headersOutput(outs []output, leftOut []string) output {
	files := make([]string, 0, len(outs)+len(leftOut))
	for _, o := range outs {
		files = append(files, o.file)
	}
	files = append(files, leftOut...)
	b := publish.NetlifyHeaders(publish.HeaderRules(files, []string{"static"}))
	return output{file: "_headers", kind: "netlify", key: keyOfBytes(b), bytes: func() ([]byte, error) { return b, nil }}
}
