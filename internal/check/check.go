// Package check applies every rule of the atlas schema to a loaded corpus
// at once: required fields, enumerations, ID and slug formats and
// uniqueness, references between records, URLs, dates, version order,
// stored-text hashes and Markdown. It returns all problems; it never stops
// at the first.
package check

import (
	"fmt"
	"hash/maphash"
	"net/url"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/clauseatlas/atlas/internal/atlas"
	"github.com/clauseatlas/atlas/internal/markdown"
	"github.com/clauseatlas/atlas/internal/problem"
	"github.com/clauseatlas/atlas/internal/suggest"
)

// ID patterns. The letter names the kind of record: E for an entity (a
// platform), D for a document, P for a provision (a clause).
// The formats checked once per record are plain functions rather than
// regular expressions: at 20,000 clauses the regexp engine was a third of
// the checks' time. patterns_test.go holds each to its regexp.
var (
	rePlatformID = idPattern{"CA-E-", 5} // ^CA-E-[0-9]{5}$
	reDocumentID = idPattern{"CA-D-", 5} // ^CA-D-[0-9]{5}$
	reClauseID   = idPattern{"CA-P-", 6} // ^CA-P-[0-9]{6}$
	reSlug       = slugPattern{}         // ^[a-z0-9]+(-[a-z0-9]+)*$
	reSHA256     = hexPattern{64}        // ^[0-9a-f]{64}$
	reLang       = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)
)

type matcher interface{ MatchString(string) bool }

// idPattern matches prefix followed by exactly digits ASCII digits.
type idPattern struct {
	prefix string
	digits int
}

func (p idPattern) MatchString(s string) bool {
	if len(s) != len(p.prefix)+p.digits || s[:len(p.prefix)] != p.prefix {
		return false
	}
	for i := len(p.prefix); i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// slugPattern matches lower-case ASCII letters and digits in runs joined
// by single hyphens.
type slugPattern struct{}

func (slugPattern) MatchString(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case c == '-':
			if s[i-1] == '-' {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// hexPattern matches exactly n lower-case hexadecimal digits.
type hexPattern struct{ n int }

func (p hexPattern) MatchString(s string) bool {
	if len(s) != p.n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// IDPatterns describes the ID formats for messages and documentation.
var IDPatterns = map[string]string{
	"platform": "CA-E-##### (five digits)",
	"document": "CA-D-##### (five digits)",
	"clause":   "CA-P-###### (six digits)",
}

type checker struct {
	c     *atlas.Corpus
	p     *problem.List
	ids   map[string]atlas.Pos
	links markdown.LinkChecker
	// idHash adds up the IDs in ids, in the order they were added, for a
	// Memo's context; only when there is a memo (hashIDs).
	idHash  maphash.Hash
	hashIDs bool
}

func (k *checker) add(pos atlas.Pos, field, format string, args ...any) {
	k.p.Add(pos.File, pos.Line, pos.Key(field), format, args...)
}

// Corpus checks c and returns every problem found.
func Corpus(c *atlas.Corpus) *problem.List { return CorpusMemo(c, nil) }

// CorpusMemo is Corpus for a long-running process that checks the same
// atlas again and again: m remembers each clause's own problems and, while
// the records a clause refers to are unchanged, replays them for clauses
// whose file is unchanged. The result is Corpus's. m may be nil.
func CorpusMemo(c *atlas.Corpus, m *Memo) *problem.List {
	k := &checker{c: c, p: &problem.List{}, ids: make(map[string]atlas.Pos, len(c.Platforms)+len(c.Documents)+len(c.Clauses))}
	if m != nil {
		k.idHash.SetSeed(seed)
		k.hashIDs = true
	}
	k.links = func(target string) bool { _, ok := k.ids[target]; return ok }
	k.site()
	cats := k.taxonomy("category", keysOf(c.Categories, func(x atlas.Category) (string, string, atlas.Pos, []string) {
		return x.Key, x.Name, x.Pos, x.Aliases
	}))
	types := k.taxonomy("clause type", keysOf(c.ClauseTypes, func(x atlas.ClauseType) (string, string, atlas.Pos, []string) {
		return x.Key, x.Name, x.Pos, x.Aliases
	}))
	regs := k.taxonomy("regulation", keysOf(c.Regulations, func(x atlas.Regulation) (string, string, atlas.Pos, []string) {
		return x.Key, x.Name, x.Pos, x.Aliases
	}))
	ags := k.taxonomy("agency", keysOf(c.Agencies, func(x atlas.Agency) (string, string, atlas.Pos, []string) {
		return x.Key, x.Name, x.Pos, x.Aliases
	}))
	for _, ct := range c.ClauseTypes {
		k.required(ct.Pos, "description", ct.Description)
		k.ref(ct.Pos, "category", ct.Category, cats, "category")
	}
	for _, x := range c.Categories {
		k.required(x.Pos, "description", x.Description)
	}
	for _, r := range c.Regulations {
		k.required(r.Pos, "jurisdiction", r.Jurisdiction)
		k.required(r.Pos, "description", r.Description)
		k.url(r.Pos, "url", r.URL, false)
	}
	for _, a := range c.Agencies {
		k.required(a.Pos, "jurisdiction", a.Jurisdiction)
		k.required(a.Pos, "description", a.Description)
		k.url(a.Pos, "url", a.URL, false)
		k.url(a.Pos, "complaint_url", a.ComplaintURL, false)
	}

	// IDs first, so references and Markdown links can be resolved.
	for _, pl := range c.Platforms {
		k.id(pl.Pos, pl.ID, rePlatformID, "platform")
	}
	for _, d := range c.Documents {
		k.id(d.Pos, d.ID, reDocumentID, "document")
	}
	for _, cl := range c.Clauses {
		k.id(cl.Pos, cl.ID, reClauseID, "clause")
	}

	platforms := map[string]*atlas.Platform{}
	var platformIDs []string
	sectors := map[string]bool{}
	var sectorKeys []string
	for _, s := range c.Site.Sectors {
		sectors[s.Key] = true
		sectorKeys = append(sectorKeys, s.Key)
	}
	platformSlugs := map[string]atlas.Pos{}
	for i := range c.Platforms {
		pl := &c.Platforms[i]
		platforms[pl.ID] = pl
		platformIDs = append(platformIDs, pl.ID)
		k.required(pl.Pos, "name", pl.Name)
		k.slug(pl.Pos, pl.Slug, platformSlugs, "platform", "the atlas")
		k.url(pl.Pos, "website", pl.Website, false) // not every source gives one
		k.required(pl.Pos, "description", pl.Description)
		if k.required(pl.Pos, "sector", pl.Sector) && !sectors[pl.Sector] {
			k.miss(pl.Pos, "sector", pl.Sector, sectorKeys, "sector in data/site.toml")
		}
		k.aliases(pl.Pos, pl.Aliases)
	}

	documents := map[string]*atlas.Document{}
	var documentIDs []string
	docSlugs := map[string]map[string]atlas.Pos{}
	for i := range c.Documents {
		d := &c.Documents[i]
		documents[d.ID] = d
		documentIDs = append(documentIDs, d.ID)
		k.required(d.Pos, "title", d.Title)
		pl := platforms[d.Platform]
		if k.required(d.Pos, "platform", d.Platform) && pl == nil {
			k.miss(d.Pos, "platform", d.Platform, platformIDs, "platform")
		}
		if pl != nil {
			if want := path.Dir(pl.Pos.File); path.Dir(path.Dir(d.Pos.File)) != want {
				k.add(d.Pos, "platform", "document names platform %s, but lives outside its folder %s/", d.Platform, want)
			}
			if docSlugs[d.Platform] == nil {
				docSlugs[d.Platform] = map[string]atlas.Pos{}
			}
			k.slug(d.Pos, d.Slug, docSlugs[d.Platform], "document", "platform "+d.Platform)
		} else {
			k.slugFormat(d.Pos, d.Slug)
		}
		if k.required(d.Pos, "type", d.Type) {
			if _, ok := atlas.DocumentTypes[d.Type]; !ok {
				k.enum(d.Pos, "type", d.Type, sortedKeys(atlas.DocumentTypes))
			}
		}
		// A document known only from another publication's quotation may
		// have no recorded URL; pages then say so instead of guessing one.
		k.url(d.Pos, "source_url", d.SourceURL, false)
		k.url(d.Pos, "archive_url", d.ArchiveURL, false)
		k.dateRequired(d.Pos, "first_tracked", d.FirstTracked)
		k.dateRequired(d.Pos, "last_verified", d.LastVerified)
		k.order(d.Pos, d.FirstTracked, d.LastVerified)
		k.aliases(d.Pos, d.Aliases)
		k.versions(d)
	}
	k.unreferencedTexts()

	clauseSlugs := map[string]map[string]atlas.Pos{}
	cx := &clauseContext{documents: documents, documentIDs: documentIDs, types: types, cats: cats, regs: regs, ags: ags,
		typeKeys: keys(types), catKeys: keys(cats), regKeys: keys(regs), agKeys: keys(ags)}
	m.begin(k, cx)
	var d *atlas.Document // clauses come in file order: a document's are together
	for i := range c.Clauses {
		cl := &c.Clauses[i]
		if d == nil || d.ID != cl.Document {
			d = documents[cl.Document]
		}
		slugOK, ok := m.replay(k, cl)
		if !ok {
			n := k.p.Len()
			slugOK = k.clause(cl, d, cx)
			m.record(k, cl, slugOK, k.p.Since(n))
		}
		// Slugs are unique among a document's clauses: checked across
		// records, so never replayed.
		if d != nil && slugOK {
			if clauseSlugs[d.ID] == nil {
				clauseSlugs[d.ID] = map[string]atlas.Pos{}
			}
			k.slugUnique(cl.Pos, cl.Slug, clauseSlugs[d.ID], "clause", "document "+d.ID)
		}
	}
	m.end()
	for _, pg := range c.Pages {
		k.required(pg.Pos, "title", pg.Title)
		k.markdownAt(atlas.Pos{File: pg.Pos.File, Line: pg.BodyLine}, pg.Body, pg.Lint)
	}
	return k.p
}

// clauseContext is what a clause's own checks read besides the clause:
// the records it refers to and the keys offered as suggestions.
type clauseContext struct {
	documents                          map[string]*atlas.Document
	documentIDs                        []string
	types, cats, regs, ags             map[string]atlas.Pos
	typeKeys, catKeys, regKeys, agKeys []string
}

// clause applies the rules about one clause on its own (everything but the
// uniqueness of its ID and slug) and says whether its slug is well formed.
func (k *checker) clause(cl *atlas.Clause, d *atlas.Document, cx *clauseContext) (slugOK bool) {
	if k.required(cl.Pos, "document", cl.Document) && d == nil {
		k.miss(cl.Pos, "document", cl.Document, cx.documentIDs, "document")
	}
	if d != nil {
		if want := dir(d.Pos.File); dir(dir(cl.Pos.File)) != want {
			k.add(cl.Pos, "document", "clause names document %s, but lives outside its folder %s/clauses/", cl.Document, want)
		}
	}
	slugOK = k.slugFormat(cl.Pos, cl.Slug)
	k.required(cl.Pos, "title", cl.Title)
	if k.required(cl.Pos, "clause_type", cl.ClauseType) && cx.types[cl.ClauseType] == (atlas.Pos{}) {
		k.miss(cl.Pos, "clause_type", cl.ClauseType, cx.typeKeys, "clause type")
	}
	k.enumField(cl.Pos, "severity", cl.Severity, atlas.Severities)
	k.enumField(cl.Pos, "confidence", cl.Confidence, atlas.Confidences)
	if k.required(cl.Pos, "evidence", cl.Evidence) {
		if _, ok := atlas.EvidenceKinds[cl.Evidence]; !ok {
			k.enum(cl.Pos, "evidence", cl.Evidence, sortedKeys(atlas.EvidenceKinds))
		}
	}
	k.refs(cl.Pos, "categories", cl.Categories, cx.cats, cx.catKeys, "category")
	k.refs(cl.Pos, "regulations", cl.Regulations, cx.regs, cx.regKeys, "regulation")
	k.refs(cl.Pos, "agencies", cl.Agencies, cx.ags, cx.agKeys, "agency")
	if strings.TrimSpace(cl.Quote) == "" {
		k.add(cl.Pos, "quote", "quote is empty: a clause quotes the document's own language")
	}
	k.required(cl.Pos, "summary", cl.Summary)
	k.required(cl.Pos, "why_it_matters", cl.WhyItMatters)
	k.required(cl.Pos, "consumer_impact", cl.ConsumerImpact)
	k.markdown(cl.Pos, "analysis", cl.Analysis, cl.Lint)
	k.dateRequired(cl.Pos, "first_tracked", cl.FirstTracked)
	k.dateRequired(cl.Pos, "last_verified", cl.LastVerified)
	k.order(cl.Pos, cl.FirstTracked, cl.LastVerified)
	if cl.AnalysisGenerated.IsZero() {
		k.missing(cl.Pos, "analysis_generated")
	}
	if cl.SHA256 != "" && !reSHA256.MatchString(cl.SHA256) {
		k.add(cl.Pos, "sha256", "sha256 %q must be 64 lower-case hexadecimal digits", cl.SHA256)
	}
	k.aliases(cl.Pos, cl.Aliases)
	return slugOK
}

func (k *checker) site() {
	s := k.c.Site
	if s.Pos.File == "" {
		return
	}
	k.required(s.Pos, "title", s.Title)
	k.required(s.Pos, "description", s.Description)
	k.required(s.Pos, "publisher", s.Publisher)
	k.required(s.Pos, "data_licence", s.DataLicence)
	k.url(s.Pos, "data_licence_url", s.DataLicenceURL, false)
	k.url(s.Pos, "repository", s.Repository, false)
	if k.url(s.Pos, "base_url", s.BaseURL, true) {
		if u, _ := url.Parse(s.BaseURL); u.RawQuery != "" || u.Fragment != "" {
			k.add(s.Pos, "base_url", "base_url %q must not have a query or fragment", s.BaseURL)
		}
	}
	if k.required(s.Pos, "language", s.Language) && !reLang.MatchString(s.Language) {
		k.add(s.Pos, "language", "language %q must be a language tag like en or en-GB", s.Language)
	}
	seen := map[string]atlas.Pos{}
	for _, sec := range s.Sectors {
		k.slug(sec.Pos, sec.Key, seen, "sector", "the site")
		k.required(sec.Pos, "name", sec.Name)
	}
	for _, src := range s.Sources {
		k.required(src.Pos, "name", src.Name)
		k.url(src.Pos, "url", src.URL, true)
		k.required(src.Pos, "licence", src.Licence)
		k.required(src.Pos, "attribution", src.Attribution)
	}
}

type keyed struct {
	key, name string
	pos       atlas.Pos
	aliases   []string
}

func keysOf[T any](xs []T, f func(T) (string, string, atlas.Pos, []string)) []keyed {
	out := make([]keyed, len(xs))
	for i, x := range xs {
		out[i].key, out[i].name, out[i].pos, out[i].aliases = f(x)
	}
	return out
}

// taxonomy checks keys and names of one kind of keyed record and returns
// the set of valid keys with their positions.
func (k *checker) taxonomy(kind string, xs []keyed) map[string]atlas.Pos {
	seen := map[string]atlas.Pos{}
	for _, x := range xs {
		k.required(x.pos, "name", x.name)
		if !k.required(x.pos, "key", x.key) {
			continue
		}
		if !reSlug.MatchString(x.key) {
			k.add(x.pos, "key", "key %q must be lower-case ASCII letters, digits and single hyphens", x.key)
			continue
		}
		if prev, dup := seen[x.key]; dup {
			k.add(x.pos, "key", "duplicate %s key %q (first at %s:%d)", kind, x.key, prev.File, prev.Line)
			continue
		}
		seen[x.key] = x.pos
		k.aliases(x.pos, x.aliases)
	}
	return seen
}

func keys(m map[string]atlas.Pos) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// dir is path.Dir for the clean slash paths the loader gives records,
// without path.Dir's allocation: it runs for every clause.
func dir(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[:i]
	}
	return "."
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (k *checker) missing(pos atlas.Pos, field string) {
	k.add(pos, field, "missing required field %q", field)
}

// required reports an empty field and says whether it has a value.
func (k *checker) required(pos atlas.Pos, field, v string) bool {
	if strings.TrimSpace(v) == "" {
		k.missing(pos, field)
		return false
	}
	return true
}

func (k *checker) enum(pos atlas.Pos, field, v string, allowed []string) {
	msg := fmt.Sprintf("%s %q is not one of: %s", field, v, strings.Join(allowed, ", "))
	if s := suggest.Nearest(v, allowed); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	k.add(pos, field, "%s", msg)
}

func (k *checker) enumField(pos atlas.Pos, field, v string, allowed []string) {
	if !k.required(pos, field, v) {
		return
	}
	for _, a := range allowed {
		if v == a {
			return
		}
	}
	k.enum(pos, field, v, allowed)
}

func (k *checker) id(pos atlas.Pos, id string, re matcher, kind string) {
	if !k.required(pos, "id", id) {
		return
	}
	if !re.MatchString(id) {
		k.add(pos, "id", "%s id %q does not match %s", kind, id, IDPatterns[kind])
		return
	}
	if prev, dup := k.ids[id]; dup {
		k.add(pos, "id", "duplicate id %q (also used at %s:%d)", id, prev.File, prev.Line)
		return
	}
	k.ids[id] = pos
	if k.hashIDs {
		k.idHash.WriteString(id)
		k.idHash.WriteByte(0)
	}
}

func (k *checker) slugFormat(pos atlas.Pos, slug string) bool {
	if !k.required(pos, "slug", slug) {
		return false
	}
	if !reSlug.MatchString(slug) {
		k.add(pos, "slug", "slug %q must be lower-case ASCII letters, digits and single hyphens", slug)
		return false
	}
	return true
}

// slug checks a slug's format and its uniqueness among its siblings.
func (k *checker) slug(pos atlas.Pos, slug string, seen map[string]atlas.Pos, kind, parent string) {
	if k.slugFormat(pos, slug) {
		k.slugUnique(pos, slug, seen, kind, parent)
	}
}

// slugUnique checks a well-formed slug's uniqueness among its siblings.
func (k *checker) slugUnique(pos atlas.Pos, slug string, seen map[string]atlas.Pos, kind, parent string) {
	if prev, dup := seen[slug]; dup {
		k.add(pos, "slug", "slug %q is already used by another %s of %s (%s:%d)", slug, kind, parent, prev.File, prev.Line)
		return
	}
	seen[slug] = pos
}

func (k *checker) aliases(pos atlas.Pos, aliases []string) {
	for _, a := range aliases {
		if strings.HasPrefix(a, "/") {
			if strings.ContainsAny(a, " \t\"'<>?#") || !strings.HasSuffix(a, "/") {
				k.add(pos, "aliases", "alias path %q must be a clean URL path ending in /", a)
			}
			continue
		}
		if !reSlug.MatchString(a) {
			k.add(pos, "aliases", "alias %q must be an old slug (lower-case letters, digits, hyphens) or an old path starting with /", a)
		}
	}
}

func (k *checker) ref(pos atlas.Pos, field, v string, set map[string]atlas.Pos, kind string) {
	if !k.required(pos, field, v) {
		return
	}
	if _, ok := set[v]; !ok {
		k.miss(pos, field, v, keys(set), kind)
	}
}

func (k *checker) refs(pos atlas.Pos, field string, vs []string, set map[string]atlas.Pos, all []string, kind string) {
	// Lists are short: looking back is cheaper than a map per list, and
	// there are three lists per clause.
	for i, v := range vs {
		if slices.Contains(vs[:i], v) {
			k.add(pos, field, "%s lists %q twice", field, v)
			continue
		}
		if _, ok := set[v]; !ok {
			k.miss(pos, field, v, all, kind)
		}
	}
}

// miss reports a reference to a record that does not exist, naming the
// nearest existing key.
func (k *checker) miss(pos atlas.Pos, field, v string, candidates []string, kind string) {
	if k.c.Unloaded[v] {
		return // its own file's problem is reported instead
	}
	msg := fmt.Sprintf("%s %q: no such %s", field, v, kind)
	if s := suggest.Nearest(v, candidates); s != "" {
		msg += fmt.Sprintf(" (nearest: %q)", s)
	} else if len(candidates) == 0 {
		msg += " (none is defined)"
	}
	k.add(pos, field, "%s", msg)
}

// url checks an absolute http(s) URL and says whether it is usable.
func (k *checker) url(pos atlas.Pos, field, v string, required bool) bool {
	if v == "" {
		if required {
			k.missing(pos, field)
		}
		return false
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(v, " \t\n") {
		k.add(pos, field, "%s %q must be an absolute http(s) URL", field, v)
		return false
	}
	return true
}

func (k *checker) dateRequired(pos atlas.Pos, field string, t time.Time) {
	if t.IsZero() {
		k.missing(pos, field)
	}
}

func (k *checker) order(pos atlas.Pos, first, last time.Time) {
	if !first.IsZero() && !last.IsZero() && first.After(last) {
		k.add(pos, "first_tracked", "first_tracked %s is after last_verified %s", first.Format(time.DateOnly), last.Format(time.DateOnly))
	}
}

func (k *checker) versions(d *atlas.Document) {
	var prev time.Time
	dir := path.Dir(d.Pos.File)
	for _, v := range d.Versions {
		if v.Captured.IsZero() {
			k.missing(v.Pos, "captured")
		} else {
			if !prev.IsZero() && v.Captured.Before(prev) {
				k.add(v.Pos, "captured", "versions must be in date order: %s comes after %s", v.Captured.Format(time.RFC3339), prev.Format(time.RFC3339))
			}
			prev = v.Captured
		}
		if k.required(v.Pos, "sha256", v.SHA256) && !reSHA256.MatchString(v.SHA256) {
			k.add(v.Pos, "sha256", "sha256 %q must be 64 lower-case hexadecimal digits", v.SHA256)
		}
		if v.Event != "" {
			k.enumField(v.Pos, "event", v.Event, atlas.VersionEvents)
		}
		if v.Severity != "" {
			k.enumField(v.Pos, "severity", v.Severity, atlas.Severities)
		}
		if v.Bytes < 0 || v.LinesAdded < 0 || v.LinesRemoved < 0 {
			k.add(v.Pos, "bytes", "bytes and line counts cannot be negative")
		}
		if v.Text != "" {
			p := path.Join(dir, v.Text)
			if !strings.HasPrefix(p, dir+"/texts/") {
				k.add(v.Pos, "text", "text %q must name a file in the document's texts/ folder", v.Text)
				continue
			}
			got, ok := k.c.Texts[p]
			switch {
			case !ok:
				k.add(v.Pos, "text", "stored text %s does not exist", p)
			case reSHA256.MatchString(v.SHA256) && got != v.SHA256:
				k.add(v.Pos, "text", "stored text %s has SHA-256 %s, but the version records %s", p, got, v.SHA256)
			}
		}
	}
}

// unreferencedTexts reports stored texts no version names: they would be
// published nowhere and verified against nothing.
func (k *checker) unreferencedTexts() {
	used := map[string]bool{}
	for _, d := range k.c.Documents {
		for _, v := range d.Versions {
			if v.Text != "" {
				used[path.Join(path.Dir(d.Pos.File), v.Text)] = true
			}
		}
	}
	for _, p := range sortedKeys(k.c.Texts) {
		if !used[p] && !k.c.Unloaded[path.Join(path.Dir(path.Dir(p)), "versions.toml")] {
			k.p.Add(p, 0, "", "stored text is not named by any version in versions.toml")
		}
	}
}

func (k *checker) markdown(pos atlas.Pos, field, src string, l atlas.MarkdownLint) {
	for _, issue := range k.standing(src, l) {
		k.p.AddAt(pos.File, pos.Line, pos.Key(field), issue.Line, "%s: %s", field, issue.Msg)
	}
}

// markdownAt checks a Markdown body whose first line is pos.Line.
func (k *checker) markdownAt(pos atlas.Pos, src string, l atlas.MarkdownLint) {
	for _, issue := range k.standing(src, l) {
		k.p.Add(pos.File, pos.Line+issue.Line-1, "", "%s", issue.Msg)
	}
}

// standing returns the Markdown issues that stand against this atlas,
// from the loader's analysis when it made one. A link to a record whose
// file failed to decode is not reported again.
func (k *checker) standing(src string, l atlas.MarkdownLint) []atlas.MarkdownIssue {
	if !l.Done {
		for _, i := range markdown.Analyze(src) {
			l.Issues = append(l.Issues, atlas.MarkdownIssue{Line: i.Line, Msg: i.Msg, Permalink: i.Permalink})
		}
	}
	var out []atlas.MarkdownIssue
	for _, i := range l.Issues {
		if i.Permalink != "" && (k.links(i.Permalink) || k.c.Unloaded[i.Permalink]) {
			continue
		}
		out = append(out, i)
	}
	return out
}
