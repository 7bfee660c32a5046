package site

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"runtime"
	"runtime/trace"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gohugoio/hashstructure"

	"github.com/clauseatlas/atlas/internal/index"
	"github.com/clauseatlas/atlas/internal/inputs"
	"github.com/clauseatlas/atlas/internal/load"
	"github.com/clauseatlas/atlas/internal/mapped"
	"github.com/clauseatlas/atlas/internal/minifier"
	"github.com/clauseatlas/atlas/internal/publish"
	"github.com/clauseatlas/atlas/internal/render"
	"github.com/clauseatlas/atlas/internal/write"
)

// Options configure a build.
type Options struct {
	Root    fs.FS  // the site root: data/, content/, templates/, static/
	Out     string // output folder on disk
	BaseURL string // overrides the site record's base_url when set
	Workers int    // render workers; 0 means one per CPU
	// LedgerDir is the site root on disk; when set, a successful build
	// adds the URLs it published for the first time to data/urls.tsv.
	LedgerDir string
	// SitemapLimit overrides the protocol's 50,000 URLs per sitemap (tests).
	SitemapLimit int
	// Cache holds decoded records between builds of one process (the
	// preview server). When nil, the build uses the cache file beside the
	// output folder, so a fresh process decodes only changed files too.
	Cache *load.Cache
	// Session, when set, keeps what a long-running process (the preview
	// server) knows between builds: decoded records and the output
	// manifest, which it trusts without a stat per file after its first
	// build, since it alone writes its output folder.
	Session *Session
	// NoCache disables the on-disk cache (cold benchmarks).
	NoCache bool
	// Preview leaves out the whole-atlas downloads (atlas.json,
	// clauses.csv and their manifest) and the search index, which change
	// with every edit and cost more than the pages a preview is for, and
	// the fallback pages of record-ID permalinks, which forced redirects
	// shadow. It makes each clause's downloads (citations, JSON twin) on
	// request through Session.File rather than writing them: 80,000 files
	// at 20,000 clauses that every rebuild would otherwise look up.
	Preview bool
	// Hint, with a Session, names the files a watcher saw change since
	// the session's last build, so loading skips the walk and the stat of
	// every other file. Nil means unknown.
	Hint *load.Hint
	// Progress, when set, receives a progress line for long builds.
	Progress io.Writer
	// BoundMemory caps the heap from indexing on at a multiple of what is
	// live, plus 128 MiB (see heapBound), trading some collection work
	// for a lower peak. For one-shot builds: a long-running process's
	// heap holds more than one build.
	BoundMemory bool
}

// Report says what a build did.
type Report struct {
	Counts   Counts
	Pages    map[string]int // pages by kind
	Rendered int
	write.Stats
	Stages   []Stage
	Duration time.Duration
	// Search describes the static search index: files and sizes.
	Search string
	// Templates names the templates html/template executed instead of
	// the renderer's executor, and why; empty when there were none.
	Templates string
	// Untouched: nothing the last build read had changed and its output
	// was intact, so nothing was built (see untouched).
	Untouched bool
}

// Stage is the time one pipeline stage took.
type Stage struct {
	Name     string
	Duration time.Duration
}

// Summary is the one line a build ends with.
func (r Report) Summary() string {
	var kinds []string
	for k := range r.Pages {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	var parts []string
	total := 0
	for _, k := range kinds {
		parts = append(parts, fmt.Sprintf("%d %s", r.Pages[k], k))
		total += r.Pages[k]
	}
	mode := "incremental"
	switch {
	case r.Untouched:
		mode = "nothing changed: every input and output is as the last build left them"
	case r.Cold:
		mode = "cold"
	case r.Rekeyed:
		mode = "all outputs recomputed: generator, base URL or static files changed"
	}
	return fmt.Sprintf("%d pages (%s); %d rendered, %d skipped, %d written, %d unchanged, %d deleted; %s written; %.2fs (%s)",
		total, strings.Join(parts, ", "), r.Rendered, r.Skipped, r.Written, r.Unchanged, r.Deleted, humanBytes(r.Bytes), r.Duration.Seconds(), mode)
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.2f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// output is one file of the site: a page rendered from a view, or a file
// computed directly (static assets, sitemaps, feeds, downloads). It is
// kept small, as a cold build of 100,000 clauses lists 610,000: the
// fields few outputs use are in more.
type output struct {
	file  string // slash path under the output folder
	kind  string
	page  *render.Page
	bytes func() ([]byte, error) // for non-page outputs
	key   uint64                 // for non-page outputs: hash of their input
	more  *outputMore
}

// outputMore holds what a few outputs need besides bytes and a key.
type outputMore struct {
	stream func(*write.Stream) error // for outputs too large to hold in memory
	deps   func() uint64             // a dependency key; unchanged means skip
	after  bool                      // needs the other outputs' hashes: runs last
	// group, with deps and files, is a set of outputs made together whose
	// paths are known only once made (the search index).
	group string
	files func() []publish.File
	// final, for outputs marked after, returns the output's key from the
	// other outputs' entries and a function that makes its bytes, called
	// only when the key changed.
	final func(w *write.Writer) (uint64, func() ([]byte, error))
}

func (o *output) after() bool { return o.more != nil && o.more.after }

// Build checks the atlas and, when it is clean, renders the site into
// opts.Out. Nothing in opts.Out changes unless the whole build succeeds.
func Build(ctx context.Context, opts Options) (Report, error) {
	start := time.Now()
	var rep Report
	last := start
	stage := func(name string) {
		now := time.Now()
		rep.Stages = append(rep.Stages, Stage{name, now.Sub(last)})
		last = now
		trace.Log(ctx, "stage done", name) // for atlas build --trace
	}
	// The last build's manifest and the check of its files start first:
	// they overlap loading. A session past its first build keeps its
	// manifest in memory and trusts it.
	var prev *write.Previous
	if opts.Out != "" && (opts.Session == nil || !opts.Session.built) {
		prev = write.ReadPrevious(opts.Out)
		defer prev.Stop() // a build that fails before writing
	}
	// A fresh process building into a folder it built before asks first
	// whether anything that build read from the site root has changed:
	// when nothing has and its output is intact, there is nothing to do.
	// Otherwise this build records what it reads, for the next one.
	root := opts.Root
	hint := opts.Hint
	if opts.Session == nil {
		hint = nil // only a session's cache knows the last walk
	}
	var rec *inputs.Recorder
	if recordsInputs(opts) {
		last := readInputs(opts)
		if r, ok := untouched(opts, last, prev, start); ok {
			return r, nil
		}
		rec = inputs.NewRecorder(opts.Root)
		root = rec
		// When only files changed since the last build, and the load
		// cache beside the output is that build's, the loader reads
		// just those: the record has vouched for the rest, folders and
		// all, so the new record carries them over.
		if last.ok && opts.Cache == nil {
			reread := map[string]bool{}
			for _, f := range slices.Concat(last.changed, last.rec.Racy()) {
				reread[f] = true
			}
			rec.Carry(last.rec, reread)
			hint = &load.Hint{Changed: reread, Paths: last.rec.Files()}
		}
	}
	cache, saveCache := openCache(opts)
	min := minifier.New()
	assets, statics, err := staticFiles(root, min)
	if err != nil {
		return rep, err
	}
	var memo *prepareMemo
	if opts.Session != nil {
		memo = &opts.Session.prep
	}
	// The search index reads only the index. When the records changed it
	// will be rebuilt, so it starts as soon as the index is made, beside
	// planning and listing the outputs, rather than when a render worker
	// reaches it. Its dependency key is its own (search.Prepared.Key): an
	// edit the index does not show, such as a clause's analysis, keeps
	// it, and the background build is not started when the last build's
	// index has that key.
	var (
		searchJ    *searchJob
		searchDone chan struct{}
	)
	// The heap is bounded from the moment the records are checked and
	// indexed: planning, listing the outputs, saving the load cache and
	// building the search index all add to it before rendering starts,
	// and unbounded, the heap grows to twice the live one (at 100,000
	// clauses, a peak of 1,936 MiB of RSS before the first page was
	// rendered). A cold build measures the live heap then, and again
	// when rendering starts, once the load cache is let go of; the limit
	// follows the heap up in between (see heapBound).
	var bound *heapBound
	if opts.BoundMemory {
		bound = newHeapBound()
		defer bound.restore()
		// A build with no manifest to reuse makes every output, and its
		// load allocates the most: every record read and decoded.
		if !write.HasManifest(opts.Out) {
			bound.loading()
		}
	}
	// A cold build makes the search index once the load cache is saved
	// and let go of, so the two do not hold their memory at the same
	// time. A rebuild starts it at once: the worker that reaches it
	// first would otherwise make it alone (0.1 s more for a summary edit
	// at 20,000 clauses).
	cacheFreed := make(chan struct{})
	freeCache := sync.OnceFunc(func() { close(cacheFreed) })
	indexed := func(x *index.Index) {
		cold := prev.Empty()
		if !opts.Preview {
			bound.set(cold)
			bound.follow()
		}
		if !cold {
			freeCache()
		}
		searchJ = newSearchJob(x)
		if opts.Preview || (cache != nil && !cache.Changed()) {
			return
		}
		searchDone = make(chan struct{})
		go func() {
			defer close(searchDone)
			if d, ok := prev.GroupDeps("search"); ok && d == searchJ.deps() {
				return // kept, unless its files were touched: then made as it is reached
			}
			<-cacheFreed
			searchJ.build()
		}()
	}
	defer func() {
		freeCache()
		if searchDone != nil {
			<-searchDone // not used after all: wait rather than leak it
		}
	}()
	p, err := prepare(root, opts.BaseURL, assets.Assets, cache, hint, memo, stage, indexed)
	if err != nil {
		return rep, err
	}
	rep.Counts = p.counts
	x := p.x

	// The load cache depends only on the records read, and the ledger's
	// new rows only on the URLs planned, so both are made now, beside
	// listing the outputs, and the cache is saved before rendering starts.
	// A one-shot build's cache is then released: it holds a second copy
	// of every record (see load.Cache.Release). The ledger is an input the
	// build writes: the cache keeps the new file as a load would decode
	// it, and the inputs record (below) the file as written, so that the
	// next build, with no edit in between, has nothing to do.
	var (
		ledger        []byte
		ledgerChanged bool
		cacheDone     = make(chan error, 1)
		cacheErr      error
	)
	go func() {
		if opts.LedgerDir != "" {
			ledger, ledgerChanged = publish.UpdateLedger(p.c.Ledger, p.produced)
			if ledgerChanged {
				cache.Wrote(publish.LedgerFile, ledger)
			}
		}
		if opts.Session == nil {
			// Nothing else reads them: at 100,000 clauses the old ledger's
			// entries and the map of URLs produced are 40 MB.
			p.c.Ledger, p.produced = nil, nil
		}
		err := saveCache()
		freeCache()
		cacheDone <- err
	}()
	waitCache := sync.OnceFunc(func() { cacheErr = <-cacheDone })
	defer waitCache() // a failed build still finishes the file it started

	r, err := render.New(root, x)
	if err != nil {
		return rep, err
	}
	if opts.Session != nil {
		r.KeepItems(&opts.Session.items)
	}
	planner, pages := p.planner, p.pages
	base := planner.BaseURL()
	// Room for every output up front: the list is large, and on a cold
	// heap each regrowth is paid again in page faults.
	n := len(pages) + len(p.fallbacks) + len(statics) + len(x.Platforms) + len(x.Types) + 64
	if !opts.Preview {
		n += len(render.ClauseFiles) * len(x.Clauses)
	}
	outs := make([]output, 0, n)
	// The search index goes first: the worker that takes it writes its
	// files and frees them, with what they were made from, before the
	// render's heap grows (see searchJob).
	var searchStats string
	if !opts.Preview {
		outs = append(outs, output{file: "search/", kind: "search", more: &outputMore{group: "search", deps: searchJ.deps, files: func() []publish.File {
			files, st := searchJ.take()
			searchStats = st.String()
			out := make([]publish.File, len(files))
			for i, f := range files {
				out[i] = publish.File{Path: f.Path, Data: f.Data}
			}
			return out
		}}})
	}
	rep.Pages = map[string]int{}
	// A page's output points into the plan's list, which the build keeps,
	// rather than at a copy of its own.
	addPage := func(pg *render.Page) {
		outs = append(outs, output{file: render.File(pg.Path), kind: pg.Template, page: pg})
		rep.Pages[pg.Template]++
	}
	for i := range pages {
		addPage(&pages[i])
	}
	// The preview leaves out the fallback pages of permalinks: every
	// redirect rule is forced (301!), so the preview, like Netlify, answers
	// those paths with the redirect and never serves the page.
	var skipped []string
	if opts.Preview {
		for _, rd := range p.fallbacks {
			skipped = append(skipped, render.File(rd.from))
		}
	} else {
		fallbacks := make([]render.Page, len(p.fallbacks))
		for i, rd := range p.fallbacks {
			fallbacks[i] = planner.Redirect(rd.from, rd.to, rd.record)
			addPage(&fallbacks[i])
		}
	}
	outs = append(outs, statics...)
	outs, left := publishOutputs(outs, x, planner, pages, p, base, opts.SitemapLimit, min, !opts.Preview)
	// _headers covers what the preview leaves out, so it has the rules a
	// production build has. (The clause downloads it makes on request sit
	// beside the clause pages: no rule of their own.)
	outs = append(outs, headersOutput(outs, append(skipped, left...)))
	stage("outputs")
	if err := collisions(outs); err != nil {
		return rep, err
	}
	// The templates are not in the fingerprint: each page's key has its
	// kind's (render.KindKey), so a template edit re-renders only the
	// pages it shapes. Static files are: every page names them.
	fp := fingerprint(base, assets.Sum)

	wo := write.Options{Previous: prev}
	if opts.Session != nil {
		wo.Manifest = &opts.Session.manifest
		wo.TrustOutput = opts.Session.built
	}
	w, err := write.OpenWith(opts.Out, fp, wo)
	if err != nil {
		return rep, err
	}
	waitCache()
	if w.Cold() && searchDone != nil {
		// A cold build's search index is made in the background once the
		// load cache is let go of. Made beside the first pages, its
		// working memory (164 MiB at 100,000 clauses) came on top of
		// theirs and set the live heap's peak, and with it the limit the
		// rest of the render kept. Waiting for it here lets the limit be
		// measured without it.
		<-searchDone
	}
	bound.set(w.Cold() || w.Rekeyed())
	rendered, err := renderAll(ctx, opts, outs, r, w, start)
	if err != nil {
		w.Abort()
		return rep, err
	}
	rep.Rendered = rendered
	rep.Templates = r.Fallback()
	rep.Search = searchStats
	if rep.Search == "" && !opts.Preview {
		rep.Search = "search index: unchanged"
	}
	stage("render+write")
	// The list of inputs read does not depend on the commit: it is made
	// while the writer commits.
	var (
		inputsRec inputs.Record
		inputsErr error
		side      = make(chan struct{})
	)
	go func() {
		defer close(side)
		if rec != nil {
			inputsRec, inputsErr = rec.Record()
		}
	}()
	st, err := w.Commit()
	<-side
	if err == nil && cacheErr != nil {
		err = fmt.Errorf("cache: %w", cacheErr)
	}
	if err != nil {
		return rep, err
	}
	rep.Stats = st
	if opts.Session != nil {
		opts.Session.built = true
		opts.Session.left = nil
		if opts.Preview {
			opts.Session.left = &leftOut{x: x, base: base}
		}
	}
	if ledgerChanged {
		if err := write.File(filepath.Join(opts.LedgerDir, filepath.FromSlash(publish.LedgerFile)), ledger); err != nil {
			return rep, fmt.Errorf("ledger: %w", err)
		}
		if rec != nil && inputsErr == nil {
			inputsRec, _ = inputsRec.Wrote(opts.Root, publish.LedgerFile, ledger)
		}
	}
	if rec != nil {
		if err := saveInputs(opts, inputsRec, inputsErr, rep); err != nil {
			return rep, fmt.Errorf("inputs record: %w", err)
		}
	}
	stage("commit")
	rep.Duration = time.Since(start)
	return rep, nil
}

// recordsInputs reports whether a build checks and keeps the record of
// what it read (see untouched): a fresh process building into a folder.
// A session's builds are its own, and it trusts its own manifest.
func recordsInputs(opts Options) bool {
	return opts.Session == nil && !opts.NoCache && !opts.Preview && opts.Out != ""
}

// inputsMeta is what the inputs record keeps of its build's report, to
// report again when nothing has changed.
type inputsMeta struct {
	Counts  Counts
	Pages   map[string]int
	Outputs int
}

// inputsKey is what, beside the site root, the output of a build depends
// on, with the manifest the record is valid with.
func inputsKey(opts Options, manifest [32]byte) string {
	return fmt.Sprintf("generator %s\nbase URL %q\nsitemap limit %d\nledger %q\nmanifest %x\n",
		generator(), opts.BaseURL, opts.SitemapLimit, opts.LedgerDir, manifest)
}

// lastInputs is what the record of the last build's inputs says of the
// site root now.
type lastInputs struct {
	rec     inputs.Record
	key     string
	meta    []byte
	changed []string // the files changed since, when ok
	ok      bool     // the record is valid and only those files changed
}

// readInputs compares the site root with the record of the last build's
// inputs, when that record is valid for the manifest beside the output.
func readInputs(opts Options) lastInputs {
	b, err := mapped.File(write.InputsPath(opts.Out))
	if err != nil || len(b) == 0 {
		return lastInputs{}
	}
	// Mapped for good and replaced only by rename: the record's paths may
	// point into it.
	key, meta, rec, err := inputs.Decode(b)
	if err != nil {
		return lastInputs{}
	}
	sum, err := write.ManifestSum(opts.Out)
	if err != nil || key != inputsKey(opts, sum) {
		return lastInputs{}
	}
	changed, ok := rec.Changes(opts.Root)
	return lastInputs{rec: rec, key: key, meta: meta, changed: changed, ok: ok}
}

// untouched returns the report of a build with nothing to do: nothing the
// last build read has changed (last), and every output is as that build
// left it (prev's check).
func untouched(opts Options, last lastInputs, prev *write.Previous, start time.Time) (Report, bool) {
	if !last.ok || len(last.changed) > 0 {
		return Report{}, false
	}
	var m inputsMeta
	if json.Unmarshal(last.meta, &m) != nil || !prev.Intact() {
		return Report{}, false
	}
	// Files read moments after they were written are checked by their
	// bytes until they are older than the clock's granularity; from then
	// on their times are enough.
	if settled, ok := last.rec.Settle(time.Now()); ok {
		if write.File(write.InputsPath(opts.Out), settled.Encode(last.key, last.meta)) != nil {
			return Report{}, false
		}
	}
	rep := Report{Counts: m.Counts, Pages: m.Pages, Untouched: true, Search: "search index: unchanged"}
	rep.Skipped = m.Outputs
	rep.Duration = time.Since(start)
	rep.Stages = []Stage{{"inputs", rep.Duration}}
	return rep, true
}

// saveInputs keeps the record of what this build read beside its
// manifest, or removes the last one when this build's cannot vouch for
// its inputs (a file modified moments ago, say).
func saveInputs(opts Options, r inputs.Record, err error, rep Report) error {
	path := write.InputsPath(opts.Out)
	if err != nil {
		return write.Remove(path)
	}
	sum, err := write.ManifestSum(opts.Out)
	if err != nil {
		return write.Remove(path)
	}
	meta, err := json.Marshal(inputsMeta{Counts: rep.Counts, Pages: rep.Pages, Outputs: rep.Written + rep.Unchanged + rep.Skipped})
	if err != nil {
		return err
	}
	return write.File(path, r.Encode(inputsKey(opts, sum), meta))
}

// renderAll renders, minifies and stages every output that changed, on
// all cores. Pages stream to the writer one at a time per worker, so
// memory does not grow with the size of the site.
func renderAll(ctx context.Context, opts Options, outs []output, r *render.Renderer, w *write.Writer, start time.Time) (int, error) {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var (
		next     atomic.Int64
		done     atomic.Int64
		rendered atomic.Int64
		mu       sync.Mutex
		errs     []error
		wg       sync.WaitGroup
	)
	fail := func(err error) {
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
	}
	// Outputs marked after run last; the rest are taken in order without
	// copying the list (at 120,000 outputs a copy is tens of megabytes).
	var later []int
	for i := range outs {
		if outs[i].after() {
			later = append(later, i)
		}
	}
	stopProgress := progress(opts.Progress, &done, len(outs)-len(later), start)
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// One buffer for every page this worker renders, kept for the
			// next build of the process (the preview's) in a pool.
			buf := pageBuffers.Get().(*bytes.Buffer)
			defer pageBuffers.Put(buf)
			for {
				i := int(next.Add(1) - 1)
				if i >= len(outs) || ctx.Err() != nil {
					return
				}
				if outs[i].after() {
					continue
				}
				mu.Lock()
				failed := len(errs) > 0
				mu.Unlock()
				if failed {
					return
				}
				if err := one(&outs[i], r, w, &rendered, buf); err != nil {
					fail(err)
				}
				// What made a file's bytes is not needed again, and
				// most outputs at the end of the list are a clause's
				// downloads, each with its own function: 400,000 at
				// 100,000 clauses, 38 MB by the end of the build.
				outs[i].bytes = nil
				done.Add(1)
			}
		}()
	}
	wg.Wait()
	stopProgress()
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if len(errs) > 0 {
		return 0, errors.Join(errs...)
	}
	// Outputs that describe other outputs (the downloads manifest) run once
	// those are written.
	for _, i := range later {
		o := &outs[i]
		k, makeBytes := o.more.final(w)
		if w.Unchanged(o.file, k, 0) {
			continue
		}
		b, err := makeBytes()
		if err != nil {
			return 0, fmt.Errorf("%s: %w", o.file, err)
		}
		rendered.Add(1)
		if err := w.Write(o.file, k, 0, b); err != nil {
			return 0, err
		}
	}
	return int(rendered.Load()), nil
}

var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func one(o *output, r *render.Renderer, w *write.Writer, rendered *atomic.Int64, buf *bytes.Buffer) error {
	if m := o.more; m != nil && m.group != "" {
		deps := m.deps()
		if w.FreshGroup(m.group, deps) {
			return nil
		}
		for _, f := range m.files() {
			rendered.Add(1)
			if err := w.Write(f.Path, keyOfBytes(f.Data), deps, f.Data); err != nil {
				return err
			}
			w.SetGroup(f.Path, m.group)
		}
		return nil
	}
	if m := o.more; o.page == nil && m != nil && m.deps != nil {
		deps := m.deps()
		if w.Fresh(o.file, deps) {
			return nil
		}
		b, err := o.bytes()
		if err != nil {
			return fmt.Errorf("%s: %w", o.file, err)
		}
		rendered.Add(1)
		return w.Write(o.file, deps, deps, b)
	}
	if o.page == nil {
		key := o.key
		if w.Unchanged(o.file, key, 0) {
			return nil
		}
		rendered.Add(1)
		if m := o.more; m != nil && m.stream != nil {
			return w.WriteStream(o.file, key, m.stream)
		}
		b, err := o.bytes()
		if err != nil {
			return fmt.Errorf("%s: %w", o.file, err)
		}
		return w.Write(o.file, key, 0, b)
	}
	templates := r.KindKey(o.page.Template)
	var deps uint64
	if o.page.Deps != nil {
		if deps = o.page.Deps(); deps != 0 {
			deps = render.NewKey().U64(deps).U64(templates).Done()
		}
		if w.Fresh(o.file, deps) {
			return nil
		}
	}
	view := o.page.View()
	key, err := hashstructure.Hash(struct {
		Kind      string
		Templates uint64
		View      any
	}{o.page.Template, templates, view}, nil)
	if err != nil {
		return fmt.Errorf("%s: hashing the view: %w", o.file, err)
	}
	if w.Unchanged(o.file, key, deps) {
		return nil
	}
	// Pages come out of the (minified) templates already minified; see
	// the render package.
	buf.Reset()
	if err := r.ExecuteTo(buf, o.page.Template, view); err != nil {
		return fmt.Errorf("%s: %w", o.file, err)
	}
	rendered.Add(1)
	// Write keeps no reference to the bytes, so the buffer is reused.
	return w.Write(o.file, key, deps, buf.Bytes())
}

// progress prints a progress line to a terminal for builds that take
// longer than a second, and returns a function that ends it.
func progress(w io.Writer, done *atomic.Int64, total int, start time.Time) func() {
	if w == nil {
		return func() {}
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		shown := false
		for {
			select {
			case <-stop:
				if shown {
					fmt.Fprint(w, "\r\033[K")
				}
				return
			case <-tick.C:
				if time.Since(start) < time.Second {
					continue
				}
				n := done.Load()
				fmt.Fprintf(w, "\rrendering %d/%d outputs (%d%%)", n, total, int(n*100/int64(max(total, 1))))
				shown = true
			}
		}
	}()
	return func() { close(stop); wg.Wait() }
}

// collisions reports two outputs that would be written to one file.
func collisions(outs []output) error {
	seen := make(map[string]int, len(outs))
	who := func(o *output) string {
		if o.page != nil && o.page.Record != "" {
			return o.kind + " " + o.page.Record
		}
		return o.kind
	}
	var msgs []string
	for i := range outs {
		if prev, ok := seen[outs[i].file]; ok {
			msgs = append(msgs, fmt.Sprintf("%s: produced by both %s and %s", outs[i].file, who(&outs[prev]), who(&outs[i])))
			continue
		}
		seen[outs[i].file] = i
	}
	if len(msgs) > 0 {
		sort.Strings(msgs)
		return fmt.Errorf("output path collisions:\n%s", strings.Join(msgs, "\n"))
	}
	return nil
}

func fingerprint(parts ...string) string {
	h := sha256.New()
	for _, p := range append([]string{generator()}, parts...) {
		fmt.Fprintf(h, "%d:%s;", len(p), p)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// assetSet is the fingerprinted static files.
type assetSet struct {
	render.Assets
	Sum string // hash over every asset's name, for the build fingerprint
}

// staticFiles minifies and fingerprints everything under static/: a file
// style.css is published as /static/style.<hash>.css, so it can be cached
// for a year.
func staticFiles(root fs.FS, min *minifier.M) (assetSet, []output, error) {
	var set assetSet
	var outs []output
	var names []string
	err := fs.WalkDir(root, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == "static" {
				return fs.SkipDir
			}
			return err
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		src, err := fs.ReadFile(root, p)
		if err != nil {
			return err
		}
		b, err := min.File(p, src)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		sum := sha256.Sum256(b)
		ext := path.Ext(p)
		name := strings.TrimSuffix(p, ext) + "." + hex.EncodeToString(sum[:])[:10] + ext
		url := "/" + name
		switch path.Base(p) {
		case "style.css":
			set.CSS = url
		case "site.js":
			set.JS = url
		case "icon.svg":
			set.Icon = url
		case "search.js":
			set.Search = url
		}
		names = append(names, name)
		key := keyOf(sum[:])
		data := b
		outs = append(outs, output{file: name, kind: "static", key: key, bytes: func() ([]byte, error) { return data, nil }})
		return nil
	})
	if err != nil {
		return set, nil, fmt.Errorf("static: %w", err)
	}
	sort.Strings(names)
	set.Sum = strings.Join(names, ",")
	return set, outs, nil
}

func keyOf(b []byte) uint64 {
	var k uint64
	for i := 0; i < 8 && i < len(b); i++ {
		k = k<<8 | uint64(b[i])
	}
	return k
}

// openCache returns the load cache for this build and a function that
// saves it when it changed: the caller's in-memory cache, or the one on
// disk beside the output folder.
func openCache(opts Options) (*load.Cache, func() error) {
	if opts.Session != nil {
		if opts.Session.cache == nil {
			opts.Session.cache = load.NewCache()
		}
		opts.Cache = opts.Session.cache
	}
	if opts.Cache != nil {
		return opts.Cache, func() error { opts.Cache.Prune(); return nil }
	}
	if opts.NoCache || opts.Out == "" {
		return nil, func() error { return nil }
	}
	file := write.ManifestPath(opts.Out) + ".load"
	c := load.ReadCache(file, generator())
	return c, func() error {
		defer c.Release() // saved, and not read again by this process
		if !c.Prune() {
			return nil
		}
		// A few files changed: save just those, beside the base.
		if c.DeltaSmall() {
			return write.FileStream(load.DeltaPath(file), func(w io.Writer) error { return c.EncodeDelta(w, generator()) })
		}
		if err := write.FileStream(file, func(w io.Writer) error { return c.Encode(w, generator()) }); err != nil {
			return err
		}
		return write.Remove(load.DeltaPath(file)) // it was for the old base
	}
}

// Session is the state a long-running process keeps between builds of one
// site into one output folder. The zero value is ready to use; a Session
// must not be used by two builds at once.
type Session struct {
	cache    *load.Cache
	prep     prepareMemo
	manifest write.Manifest
	built    bool // a build succeeded: the manifest in memory is the truth
	items    render.Items
	// left is what the last good preview build left out of the output
	// folder and makes on request instead.
	left *leftOut
}

type leftOut struct {
	x    *index.Index
	base string
}

// File returns a file the last good preview build left out of its output
// folder, made on request exactly as a full build writes it: a clause's
// citation files and JSON twin (render.ClauseFiles). p is a URL path. It
// may run at the same time as other calls of File and Has, never during a
// build.
func (s *Session) File(p string) ([]byte, bool) {
	c, name := s.leftClause(p)
	if c == nil {
		return nil, false
	}
	return clauseFile(s.left.x, c, s.left.base, name)
}

// Has reports whether File makes p, without making it.
func (s *Session) Has(p string) bool {
	c, _ := s.leftClause(p)
	return c != nil
}

// leftClause finds the clause and download name of p, if File makes it.
func (s *Session) leftClause(p string) (*index.Clause, string) {
	if s.left == nil {
		return nil, ""
	}
	dir, name := path.Split(p)
	known := false
	for _, f := range render.ClauseFiles {
		known = known || f.Name == name
	}
	if !known {
		return nil, ""
	}
	if !strings.HasPrefix(dir, "/") {
		dir = "/" + dir
	}
	cs := s.left.x.Clauses // sorted by URL
	i := sort.Search(len(cs), func(i int) bool { return cs[i].URL >= dir })
	if i == len(cs) || cs[i].URL != dir {
		return nil, ""
	}
	return cs[i], name
}
