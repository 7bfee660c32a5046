// Package load reads an atlas from a site root (an fs.FS) into typed
// records: the TOML records under data/, the Markdown pages under content/
// and the URL ledger. Decoding is strict: unknown keys, syntax errors, type
// mismatches and badly written dates are all problems, each with its file
// and line. Every record remembers where it came from.
//
// Layout of data/ (see docs/schema.md):
//
//	data/site.toml                           the site record
//	data/categories.toml                     [[category]]
//	data/clause-types.toml                   [[clause_type]]
//	data/regulations.toml                    [[regulation]]
//	data/agencies.toml                       [[agency]]
//	data/urls.tsv                            the URL ledger
//	data/platforms/<p>/platform.toml         one platform
//	data/platforms/<p>/<d>/document.toml     one document
//	data/platforms/<p>/<d>/versions.toml     its [[version]] history
//	data/platforms/<p>/<d>/texts/<sha>.md    stored captured texts
//	data/platforms/<p>/<d>/clauses/<c>.toml  one clause each
package load

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/clauseatlas/atlas/internal/atlas"
	"github.com/clauseatlas/atlas/internal/inputs"
	"github.com/clauseatlas/atlas/internal/markdown"
	"github.com/clauseatlas/atlas/internal/problem"
)

// File names and folders of the layout.
const (
	DataDir     = "data"
	ContentDir  = "content"
	LedgerFile  = "data/urls.tsv"
	platformDir = "data/platforms"
)

// racyWindow is how recent a modification must be for a file to be read
// even when its size and time match the cache: the window the inputs
// record trusts times by, for the same reason.
const racyWindow = inputs.RacyWindow

// reIDLine finds the IDs and keys in a file that failed to decode.
var reIDLine = regexp.MustCompile(`(?m)^\s*(?:id|key)\s*=\s*"([^"\n]*)"`)

type kind int // stored in the cache: append new kinds at the end

const (
	kindUnknown kind = iota
	kindSite
	kindCategories
	kindClauseTypes
	kindRegulations
	kindAgencies
	kindLedger
	kindPlatform
	kindDocument
	kindVersions
	kindText
	kindClause
	kindIgnored
	kindPage
)

// classify says what a file under data/ is, from its path alone.
func classify(p string) kind {
	switch p {
	case "data/site.toml":
		return kindSite
	case "data/categories.toml":
		return kindCategories
	case "data/clause-types.toml":
		return kindClauseTypes
	case "data/regulations.toml":
		return kindRegulations
	case "data/agencies.toml":
		return kindAgencies
	case LedgerFile:
		return kindLedger
	case "data/README.md":
		return kindIgnored
	}
	rest, ok := strings.CutPrefix(p, platformDir+"/")
	if !ok {
		return kindUnknown
	}
	parts := strings.Split(rest, "/")
	switch {
	case len(parts) == 2 && parts[1] == "platform.toml":
		return kindPlatform
	case len(parts) == 3 && parts[2] == "document.toml":
		return kindDocument
	case len(parts) == 3 && parts[2] == "versions.toml":
		return kindVersions
	case len(parts) == 4 && parts[2] == "texts":
		return kindText
	case len(parts) == 4 && parts[2] == "clauses" && strings.HasSuffix(parts[3], ".toml"):
		return kindClause
	}
	return kindUnknown
}

// result is what decoding one file produced.
type result struct {
	Path     string
	Kind     kind
	Problems []problem.Problem
	Site     *atlas.Site
	Cats     []atlas.Category
	Types    []atlas.ClauseType
	Regs     []atlas.Regulation
	Agencies []atlas.Agency
	Platform *atlas.Platform
	Document *atlas.Document
	Versions []atlas.Version
	Clause   *atlas.Clause
	TextHash string
	Text     string
	Sum      [32]byte
	Size     int64 // of the file when read, with ModTime, for the cache
	ModTime  int64
	Fatal    bool
	Unloaded []string
	Ledger   []atlas.LedgerEntry
	Page     *atlas.Page
}

// Corpus reads the whole atlas under fsys. It returns every record it could
// decode and every problem it met; records with problems are left out, so
// later checks do not report their consequences twice.
func Corpus(fsys fs.FS) (*atlas.Corpus, *problem.List) { return CorpusCached(fsys, nil) }

// CorpusCached is Corpus with a cache of decoded files: a file whose bytes
// are unchanged is not decoded again. cache may be nil.
func CorpusCached(fsys fs.FS, cache *Cache) (*atlas.Corpus, *problem.List) {
	return CorpusHinted(fsys, cache, nil)
}

// Hint is what a file watcher saw change since the cache's last load:
// slash paths relative to the site root of files that were written. It
// lets a long-running process skip walking the folders and statting every
// file. A hint is only used when each of its files was already there at
// the last load and still is a file; anything else (a file created,
// removed or renamed, a folder) means a full walk, as without a hint.
type Hint struct {
	Changed map[string]bool
	// Paths, for a cache read from disk, which does not know the last
	// walk's files, names them: every file the site root held when the
	// cache was saved. Those outside the data and content folders, and
	// those a walk passes over, are left out.
	Paths []string
}

// CorpusHinted is CorpusCached told by hint which files changed since the
// cache's last load; a nil hint means "unknown". Files the hint does not
// name are taken from the cache without a stat.
func CorpusHinted(fsys fs.FS, cache *Cache, hint *Hint) (*atlas.Corpus, *problem.List) {
	if paths, ok := cache.hinted(fsys, hint); ok {
		results := make([]result, len(paths))
		read := cache.peekAll(paths, hint.Changed, results)
		parallel(len(read), func(j int) {
			i := read[j]
			results[i] = readOne(fsys, paths[i], cache)
		})
		return assemble(results, &problem.List{})
	}
	probs := &problem.List{}
	var paths []string
	for _, dir := range []string{DataDir, ContentDir} {
		err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) && p == dir {
					if dir == DataDir {
						probs.Add(dir, 0, "", "no data folder: the site root must hold data/site.toml and the records")
					}
					return fs.SkipDir
				}
				probs.Add(p, 0, "", "cannot read: %v", err)
				return nil
			}
			if p != dir && skipped(d.Name()) {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if !d.IsDir() {
				paths = append(paths, p)
			}
			return nil
		})
		if err != nil {
			probs.Add(dir, 0, "", "cannot read: %v", err)
		}
	}
	sort.Strings(paths)
	cache.setPaths(paths)

	results := make([]result, len(paths))
	parallel(len(paths), func(i int) { results[i] = readOne(fsys, paths[i], cache) })
	return assemble(results, probs)
}

// skipped reports whether a walk of the folders passes over a file or
// folder of this name: hidden ones and editors' backups.
func skipped(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~")
}

// walked returns the paths of files, in order, that a walk of the data
// and content folders would meet.
func walked(files []string) []string {
	var out []string
next:
	for _, p := range files {
		if !strings.HasPrefix(p, DataDir+"/") && !strings.HasPrefix(p, ContentDir+"/") {
			continue
		}
		for name := range strings.SplitSeq(p, "/") {
			if skipped(name) {
				continue next
			}
		}
		out = append(out, p)
	}
	return out
}

// parallel runs fn(0) … fn(n-1) on all cores.
func parallel(n int, fn func(int)) {
	var wg sync.WaitGroup
	var next atomic.Int64
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
}

// assemble builds the corpus from every file's result, in path order.
func assemble(results []result, probs *problem.List) (*atlas.Corpus, *problem.List) {
	// Sized up front: a preview rebuild assembles 20,000 records or more
	// from the cache, and growing this map from empty showed in its
	// profile.
	c := &atlas.Corpus{Texts: map[string]string{}, TextData: map[string]string{}, Unloaded: map[string]bool{}, Sums: make(map[string][32]byte, len(results))}
	docsByDir := map[string]*atlas.Document{}
	var docIdx []int
	versionsByDir := map[string]result{}
	nClauses := 0
	for i := range results {
		if results[i].Kind == kindClause && results[i].Clause != nil {
			nClauses++
		}
	}
	c.Clauses = make([]atlas.Clause, 0, nClauses)
	for _, r := range results {
		probs.Append(r.Problems...)
		for _, id := range r.Unloaded {
			c.Unloaded[id] = true
		}
		if r.Sum != ([32]byte{}) && r.Kind != kindLedger {
			c.Sums[r.Path] = r.Sum
		}
		if r.Page != nil {
			c.Pages = append(c.Pages, *r.Page)
		}
		switch r.Kind {
		case kindSite:
			if r.Site != nil {
				c.Site = *r.Site
			}
		case kindCategories:
			c.Categories = append(c.Categories, r.Cats...)
		case kindClauseTypes:
			c.ClauseTypes = append(c.ClauseTypes, r.Types...)
		case kindRegulations:
			c.Regulations = append(c.Regulations, r.Regs...)
		case kindAgencies:
			c.Agencies = append(c.Agencies, r.Agencies...)
		case kindLedger:
			c.Ledger = r.Ledger
		case kindPlatform:
			if r.Platform != nil {
				c.Platforms = append(c.Platforms, *r.Platform)
			}
		case kindDocument:
			if r.Document != nil {
				c.Documents = append(c.Documents, *r.Document)
				docIdx = append(docIdx, len(c.Documents)-1)
			}
		case kindVersions:
			versionsByDir[path.Dir(r.Path)] = r
		case kindText:
			c.Texts[r.Path] = r.TextHash
			c.TextData[r.Path] = r.Text
		case kindClause:
			if r.Clause != nil {
				c.Clauses = append(c.Clauses, *r.Clause)
			}
		case kindUnknown:
			probs.Add(r.Path, 0, "", "unexpected file: records live in data/site.toml, data/categories.toml, data/clause-types.toml, data/regulations.toml, data/agencies.toml and data/platforms/<platform>/… (see docs/schema.md)")
		}
	}
	for _, i := range docIdx {
		docsByDir[path.Dir(c.Documents[i].Pos.File)] = &c.Documents[i]
	}
	for dir, r := range versionsByDir {
		d := docsByDir[dir]
		if d == nil {
			if !r.Fatal {
				probs.Add(r.Path, 0, "", "versions.toml without a document.toml beside it")
			}
			continue
		}
		d.Versions = r.Versions
		d.VersionsFile = r.Path
	}
	if c.Site.Pos.File == "" && probs.Len() == 0 {
		probs.Add("data/site.toml", 0, "", "missing: every atlas needs a site record")
	}
	return c, probs
}

func readOne(fsys fs.FS, p string, cache *Cache) (r result) {
	r = result{Path: p}
	if strings.HasPrefix(p, ContentDir+"/") {
		r.Kind = kindIgnored
		if !strings.HasSuffix(p, ".md") {
			return r
		}
		r.Kind = kindPage
	} else {
		r.Kind = classify(p)
	}
	if r.Kind == kindUnknown || r.Kind == kindIgnored {
		return r
	}
	// A file whose size and modification time are those it had when it
	// was cached is not read again, as git's index does. A file modified
	// in the last few seconds is read anyway: a second edit within the
	// clock's granularity could keep both (git's "racy" case). Without a
	// modification time (in-memory file systems) every file is read.
	var size, mtime int64
	if cache != nil {
		if st, err := fs.Stat(fsys, p); err == nil && !st.ModTime().IsZero() {
			size, mtime = st.Size(), st.ModTime().UnixNano()
			if time.Since(st.ModTime()) > racyWindow {
				if c, ok := cache.getStat(p, size, mtime); ok {
					return c
				}
			}
		}
	}
	src, err := fs.ReadFile(fsys, p)
	if err != nil {
		r.Problems = append(r.Problems, problem.Problem{File: p, Msg: fmt.Sprintf("cannot read: %v", err)})
		return r
	}
	sum := sha256.Sum256(src)
	if c, ok := cache.get(p, sum); ok {
		c.Size, c.ModTime = size, mtime
		cache.put(c)
		return c
	}
	r = decodeOne(p, r.Kind, src)
	r.Sum = sum
	r.Size, r.ModTime = size, mtime
	cache.put(r)
	return r
}

// decodeOne decodes the bytes of one file of a known kind.
func decodeOne(p string, k kind, src []byte) (r result) {
	r = result{Path: p, Kind: k}
	if k == kindPage {
		r.Page, r.Problems = page(p, src)
		if r.Page != nil {
			r.Page.Lint = lint(r.Page.Body)
		}
		return r
	}
	whole := atlas.Pos{File: p, Line: 1}
	defer func() {
		if r.Fatal && r.Kind != kindText && r.Kind != kindLedger {
			r.Unloaded = append(r.Unloaded, p)
			for _, m := range reIDLine.FindAllSubmatch(src, -1) {
				r.Unloaded = append(r.Unloaded, string(m[1]))
			}
		}
	}()
	switch r.Kind {
	case kindText:
		sum := sha256.Sum256(src)
		r.TextHash = hex.EncodeToString(sum[:])
		r.Text = string(src)
	case kindLedger:
		r.Ledger, r.Problems = ledger(p, src)
	case kindSite:
		var s atlas.Site
		if r.Problems, r.Fatal = decode(p, src, &s); !r.Fatal {
			s.Pos = whole
			lines := KeyLines(src)
			for i := range s.Sectors {
				s.Sectors[i].Pos = arrayPos(p, lines, "sector", i)
			}
			for i := range s.Sources {
				s.Sources[i].Pos = arrayPos(p, lines, "source", i)
			}
			r.Site = &s
		}
	case kindCategories:
		var f struct {
			Category []atlas.Category `toml:"category"`
		}
		if r.Problems, r.Fatal = decode(p, src, &f); !r.Fatal {
			lines := KeyLines(src)
			for i := range f.Category {
				f.Category[i].Pos = arrayPos(p, lines, "category", i)
			}
			r.Cats = f.Category
		}
	case kindClauseTypes:
		var f struct {
			ClauseType []atlas.ClauseType `toml:"clause_type"`
		}
		if r.Problems, r.Fatal = decode(p, src, &f); !r.Fatal {
			lines := KeyLines(src)
			for i := range f.ClauseType {
				f.ClauseType[i].Pos = arrayPos(p, lines, "clause_type", i)
			}
			r.Types = f.ClauseType
		}
	case kindRegulations:
		var f struct {
			Regulation []atlas.Regulation `toml:"regulation"`
		}
		if r.Problems, r.Fatal = decode(p, src, &f); !r.Fatal {
			lines := KeyLines(src)
			for i := range f.Regulation {
				f.Regulation[i].Pos = arrayPos(p, lines, "regulation", i)
			}
			r.Regs = f.Regulation
		}
	case kindAgencies:
		var f struct {
			Agency []atlas.Agency `toml:"agency"`
		}
		if r.Problems, r.Fatal = decode(p, src, &f); !r.Fatal {
			lines := KeyLines(src)
			for i := range f.Agency {
				f.Agency[i].Pos = arrayPos(p, lines, "agency", i)
			}
			r.Agencies = f.Agency
		}
	case kindPlatform:
		var pl atlas.Platform
		if r.Problems, r.Fatal = decode(p, src, &pl); !r.Fatal {
			pl.Pos = whole
			r.Platform = &pl
		}
	case kindDocument:
		var d atlas.Document
		if r.Problems, r.Fatal = decode(p, src, &d); !r.Fatal {
			d.Pos = whole
			d.LastUpdated, d.FirstTracked, d.LastVerified = day(d.LastUpdated), day(d.FirstTracked), day(d.LastVerified)
			compact(&d)
			r.Document = &d
		}
	case kindVersions:
		var f struct {
			Version []atlas.Version `toml:"version"`
		}
		if r.Problems, r.Fatal = decode(p, src, &f); !r.Fatal {
			lines := KeyLines(src)
			for i := range f.Version {
				f.Version[i].Pos = arrayPos(p, lines, "version", i)
				f.Version[i].Captured = f.Version[i].Captured.UTC()
			}
			compact(&f.Version)
			r.Versions = f.Version
		}
	case kindClause:
		var cl atlas.Clause
		if r.Problems, r.Fatal = decode(p, src, &cl); !r.Fatal {
			cl.Pos = whole
			cl.FirstTracked, cl.LastVerified = day(cl.FirstTracked), day(cl.LastVerified)
			cl.AnalysisGenerated, cl.Captured = cl.AnalysisGenerated.UTC(), cl.Captured.UTC()
			cl.Lint = lint(cl.Analysis)
			compact(&cl)
			r.Clause = &cl
		}
	}
	return r
}

func arrayPos(file string, lines map[string]int, table string, i int) atlas.Pos {
	key := fmt.Sprintf("%s.%d", table, i)
	return atlas.Pos{File: file, Line: lines[key], Path: key}
}

// day drops the clock and zone of a local date, so 2026-05-12 means the
// same day on every machine.
func day(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// page splits a content page into TOML front matter (between +++ lines)
// and its Markdown body.
func page(p string, src []byte) (_ *atlas.Page, problems []problem.Problem) {
	pg := &atlas.Page{Pos: atlas.Pos{File: p, Line: 1}}
	slug := strings.TrimSuffix(strings.TrimPrefix(p, ContentDir+"/"), ".md")
	slug = strings.TrimSuffix(slug, "/index")
	if slug == "index" {
		slug = ""
	}
	pg.Slug = slug
	body := src
	if bytes.HasPrefix(src, []byte("+++\n")) || bytes.HasPrefix(src, []byte("+++\r\n")) {
		start := bytes.IndexByte(src, '\n') + 1
		end := bytes.Index(src[start:], []byte("\n+++"))
		if end < 0 {
			return nil, []problem.Problem{{File: p, Line: 1, Msg: "front matter opened with +++ is never closed"}}
		}
		fm := src[start : start+end+1]
		// Pad with blank lines so decode's line numbers are the file's.
		padded := append([]byte("\n"), fm...)
		probs, fatal := decode(p, padded, pg)
		if fatal {
			return nil, probs
		}
		defer func() { problems = append(problems, probs...) }()
		rest := src[start+end+1:]
		nl := bytes.IndexByte(rest, '\n')
		if nl < 0 {
			rest = nil
		} else {
			rest = rest[nl+1:]
		}
		pg.BodyLine = bytes.Count(src[:len(src)-len(rest)], []byte("\n")) + 1
		body = rest
	} else {
		return nil, []problem.Problem{{File: p, Line: 1, Msg: "a content page starts with TOML front matter between +++ lines (title at least)"}}
	}
	pg.Updated = day(pg.Updated)
	pg.Body = string(body)
	return pg, nil
}

// ledger parses data/urls.tsv: "path<TAB>record" per line, # comments.
func ledger(p string, src []byte) ([]atlas.LedgerEntry, []problem.Problem) {
	var out []atlas.LedgerEntry
	var probs []problem.Problem
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		l := strings.TrimRight(sc.Text(), "\r")
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		path, rec, ok := strings.Cut(l, "\t")
		if !ok || !strings.HasPrefix(path, "/") || rec == "" {
			probs = append(probs, problem.Problem{File: p, Line: n, Msg: "a ledger line is <path><TAB><record>, with the path starting with /"})
			continue
		}
		out = append(out, atlas.LedgerEntry{Pos: atlas.Pos{File: p, Line: n}, Path: path, Record: rec})
	}
	if err := sc.Err(); err != nil {
		probs = append(probs, problem.Problem{File: p, Line: n + 1, Msg: err.Error()})
	}
	return out, probs
}

// Lines returns a resolver from file to key lines, reading through fsys. It
// places problems found by later stages on the line of their key.
func Lines(fsys fs.FS) func(file string) map[string]int {
	return func(file string) map[string]int {
		src, err := fs.ReadFile(fsys, file)
		if err != nil || !strings.HasSuffix(file, ".toml") && !strings.HasSuffix(file, ".md") {
			return nil
		}
		if strings.HasSuffix(file, ".md") {
			// Front matter: keys are on their own lines after the opening +++.
			if end := bytes.Index(src[min(4, len(src)):], []byte("\n+++")); end >= 0 {
				return KeyLines(append([]byte("\n"), src[4:4+end+1]...))
			}
			return nil
		}
		return KeyLines(src)
	}
}

// Decode strictly decodes a single TOML record, the way Corpus does. It is
// exported for tools that read one record (scaffolding, import) and for
// fuzzing.
func Decode(file string, src []byte, v any) []problem.Problem {
	probs, _ := decode(file, src, v)
	return probs
}

// lint analyses a Markdown field once, when its file is decoded, so the
// result is cached with the record.
func lint(src string) atlas.MarkdownLint {
	l := atlas.MarkdownLint{Done: true}
	for _, i := range markdown.Analyze(src) {
		l.Issues = append(l.Issues, atlas.MarkdownIssue{Line: i.Line, Msg: i.Msg, Permalink: i.Permalink})
	}
	return l
}
