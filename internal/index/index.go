// Package index derives, once, every view of a checked atlas that pages
// need: records linked to each other, their canonical URL paths, clauses by
// platform, document, clause type, category, regulation and agency,
// adoption counts, and document changes. The Index is read-only once built
// and safe for concurrent use; every slice in it is sorted.
package index

import (
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/clauseatlas/atlas/internal/atlas"
)

// Index is the derived, linked view of one atlas.
type Index struct {
	Site        *atlas.Site
	Platforms   []*Platform // by name
	Documents   []*Document // by platform name, then title
	Clauses     []*Clause   // by URL
	Types       []*ClauseType
	Categories  []*Category
	Regulations []*Regulation
	Agencies    []*Agency
	Pages       []*atlas.Page // by slug
	Changes     []*Change     // every recorded change of every document, newest first
	Sectors     []atlas.Sector

	PlatformByID  map[string]*Platform
	DocumentByID  map[string]*Document
	ClauseByID    map[string]*Clause
	TypeByKey     map[string]*ClauseType
	CategoryByKey map[string]*Category
	SectorName    map[string]string

	// Texts maps a stored text's path to its SHA-256 (from load).
	Texts map[string]string
	// Corpus is the loaded atlas the index was built from.
	Corpus *atlas.Corpus
}

// Platform is a platform with its documents and clauses.
type Platform struct {
	*atlas.Platform
	URL        string
	SectorName string
	Documents  []*Document // by title
	Clauses    []*Clause   // by severity, then title
	Changes    []*Change   // newest first
}

// Document is a document with its platform, clauses and history.
type Document struct {
	*atlas.Document
	URL      string
	TypeName string
	Platform *Platform
	Clauses  []*Clause // by severity, then title
	Changes  []*Change // newest first
	// Dir is the document's folder under data/, where stored texts live.
	Dir string
	// History classifies the versions and lists the diffs.
	History *History
}

// Clause is a clause with everything it refers to resolved.
type Clause struct {
	*atlas.Clause
	Seq         int // position in Index.Clauses
	URL         string
	Document    *Document
	Platform    *Platform
	Type        *ClauseType
	Categories  []*Category // the type's category first, then the clause's own, by name
	Regulations []*Regulation
	Agencies    []*Agency
	// Version is the recorded version whose SHA-256 the clause cites, or
	// nil; TextStored says that version's text is stored and verified.
	Version    *atlas.Version
	TextStored bool
	// Freshness compares the clause with its document's history.
	Freshness Freshness
}

// ClauseType is a taxonomy entry with every clause of that type.
type ClauseType struct {
	*atlas.ClauseType
	URL       string
	Category  *Category
	Clauses   []*Clause // by platform name, then title
	Platforms int       // distinct platforms with a clause of this type
}

// Category groups clause types and clauses.
type Category struct {
	*atlas.Category
	URL     string
	Types   []*ClauseType // by name
	Clauses []*Clause     // by platform name, then title
}

// Regulation is a regulation with the clauses that engage it.
type Regulation struct {
	*atlas.Regulation
	URL     string
	Clauses []*Clause
}

// Agency is an agency with the clauses within its remit.
type Agency struct {
	*atlas.Agency
	URL     string
	Clauses []*Clause
}

// Change is one recorded version of a document that is not noise: the
// first text or a substantive change.
type Change struct {
	Document *Document
	Version  *atlas.Version
	// Seq is the version's position in its document's history (0-based).
	Seq  int
	Info *VersionInfo
}

// URL paths of the page kinds. Every path ends in a slash: pages are
// written as index.html files in folders.
func PlatformURL(p string) string     { return "/platform/" + p + "/" }
func DocumentURL(p, d string) string  { return "/platform/" + p + "/" + d + "/" }
func ClauseURL(p, d, c string) string { return "/platform/" + p + "/" + d + "/" + c + "/" }
func TypeURL(key string) string       { return "/provisions/" + key + "/" }
func CategoryURL(key string) string   { return "/categories/" + key + "/" }
func RegulationURL(key string) string { return "/regulations/" + key + "/" }
func AgencyURL(key string) string     { return "/agencies/" + key + "/" }
func PageURL(slug string) string {
	if slug == "" {
		return "/"
	}
	return "/" + slug + "/"
}

// SeverityRank orders severities from high to low.
func SeverityRank(s string) int {
	for i, v := range atlas.Severities {
		if v == s {
			return i
		}
	}
	return len(atlas.Severities)
}

// Build links a checked corpus. It assumes check passed: every reference
// resolves.
func Build(c *atlas.Corpus) *Index {
	x := &Index{
		Site:          &c.Site,
		Sectors:       c.Site.Sectors,
		PlatformByID:  map[string]*Platform{},
		DocumentByID:  map[string]*Document{},
		ClauseByID:    make(map[string]*Clause, len(c.Clauses)),
		TypeByKey:     map[string]*ClauseType{},
		CategoryByKey: map[string]*Category{},
		SectorName:    map[string]string{},
		Texts:         c.Texts,
		Corpus:        c,
	}
	for _, s := range c.Site.Sectors {
		x.SectorName[s.Key] = s.Name
	}
	for i := range c.Categories {
		cat := &Category{Category: &c.Categories[i], URL: CategoryURL(c.Categories[i].Key)}
		x.Categories = append(x.Categories, cat)
		x.CategoryByKey[cat.Key] = cat
	}
	for i := range c.ClauseTypes {
		t := &ClauseType{ClauseType: &c.ClauseTypes[i], URL: TypeURL(c.ClauseTypes[i].Key)}
		t.Category = x.CategoryByKey[t.ClauseType.Category]
		x.Types = append(x.Types, t)
		x.TypeByKey[t.Key] = t
		if t.Category != nil {
			t.Category.Types = append(t.Category.Types, t)
		}
	}
	regs := map[string]*Regulation{}
	for i := range c.Regulations {
		r := &Regulation{Regulation: &c.Regulations[i], URL: RegulationURL(c.Regulations[i].Key)}
		x.Regulations = append(x.Regulations, r)
		regs[r.Key] = r
	}
	ags := map[string]*Agency{}
	for i := range c.Agencies {
		a := &Agency{Agency: &c.Agencies[i], URL: AgencyURL(c.Agencies[i].Key)}
		x.Agencies = append(x.Agencies, a)
		ags[a.Key] = a
	}
	for i := range c.Platforms {
		p := &Platform{Platform: &c.Platforms[i], URL: PlatformURL(c.Platforms[i].Slug)}
		p.SectorName = x.SectorName[p.Sector]
		x.Platforms = append(x.Platforms, p)
		x.PlatformByID[p.ID] = p
	}
	for i := range c.Documents {
		d := &Document{Document: &c.Documents[i]}
		d.Platform = x.PlatformByID[d.Document.Platform]
		if d.Platform == nil {
			continue
		}
		d.URL = DocumentURL(d.Platform.Slug, d.Slug)
		d.TypeName = atlas.DocumentTypes[d.Type]
		d.Dir = d.Pos.File[:strings.LastIndexByte(d.Pos.File, '/')]
		d.Platform.Documents = append(d.Platform.Documents, d)
		x.Documents = append(x.Documents, d)
		x.DocumentByID[d.ID] = d
	}
	// The title order needs only the records: it is worked out while they
	// are linked, which leaves a core idle.
	titles := make(chan []int32, 1)
	go func() { titles <- titleOrder(c.Clauses) }()
	// One allocation for every clause: 20,000 small ones cost more, and
	// the collector scans them one by one.
	slab := make([]Clause, len(c.Clauses))
	var doc *Document // clauses come in file order: a document's are together
	// versionOf maps a SHA-256 to the first of doc's versions with it:
	// made once per document, not searched for each of its clauses (a
	// document holds 22 versions and 49 clauses on average in the
	// generated 20,000-clause atlas).
	var versionOf map[string]int
	for i := range c.Clauses {
		cl := &slab[i]
		cl.Clause = &c.Clauses[i]
		if doc == nil || doc.ID != cl.Clause.Document {
			doc = x.DocumentByID[cl.Clause.Document]
			versionOf = nil
		}
		cl.Document = doc
		if cl.Document == nil {
			continue
		}
		cl.Platform = cl.Document.Platform
		cl.URL = ClauseURL(cl.Platform.Slug, cl.Document.Slug, cl.Slug)
		cl.Type = x.TypeByKey[cl.ClauseType]
		if cl.Type != nil && cl.Type.Category != nil {
			cl.Categories = append(cl.Categories, cl.Type.Category)
		}
		var own []*Category
		for _, k := range cl.Clause.Categories {
			if cat := x.CategoryByKey[k]; cat != nil && !slices.Contains(cl.Categories, cat) && !slices.Contains(own, cat) {
				own = append(own, cat)
			}
		}
		sort.Slice(own, func(i, j int) bool { return own[i].Name < own[j].Name })
		cl.Categories = append(cl.Categories, own...)
		for _, cat := range cl.Categories {
			cat.Clauses = append(cat.Clauses, cl)
		}
		for _, k := range cl.Clause.Regulations {
			if r := regs[k]; r != nil {
				cl.Regulations = append(cl.Regulations, r)
				r.Clauses = append(r.Clauses, cl)
			}
		}
		for _, k := range cl.Clause.Agencies {
			if a := ags[k]; a != nil {
				cl.Agencies = append(cl.Agencies, a)
				a.Clauses = append(a.Clauses, cl)
			}
		}
		if cl.SHA256 != "" {
			if versionOf == nil {
				versionOf = make(map[string]int, len(doc.Versions))
				for j := len(doc.Versions) - 1; j >= 0; j-- {
					versionOf[doc.Versions[j].SHA256] = j // the first one wins
				}
			}
			if j, ok := versionOf[cl.SHA256]; ok {
				v := &cl.Document.Versions[j]
				cl.Version = v
				if v.Text != "" {
					_, cl.TextStored = c.Texts[cl.Document.Dir+"/"+v.Text]
				}
			}
		}
		if cl.Type != nil {
			cl.Type.Clauses = append(cl.Type.Clauses, cl)
		}
		cl.Document.Clauses = append(cl.Document.Clauses, cl)
		cl.Platform.Clauses = append(cl.Platform.Clauses, cl)
		x.Clauses = append(x.Clauses, cl)
		x.ClauseByID[cl.ID] = cl
	}
	for i := range c.Pages {
		x.Pages = append(x.Pages, &c.Pages[i])
	}

	// Histories: classify every version; the changes readers see are the
	// versions that are not noise.
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for _, d := range x.Documents {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			x.buildHistory(d)
			<-sem
		}()
	}
	wg.Wait()
	for _, d := range x.Documents {
		for i := range d.Versions {
			vi := &d.History.Versions[i]
			if vi.Class.Noise() {
				continue
			}
			ch := &Change{Document: d, Version: &d.Versions[i], Seq: i, Info: vi}
			d.Changes = append(d.Changes, ch)
			x.Changes = append(x.Changes, ch)
		}
		reverseChanges(d.Changes)
		d.Platform.Changes = append(d.Platform.Changes, d.Changes...)
	}
	// Clauses in chunks: a goroutine each would cost more than the work.
	var next atomic.Int64
	const chunk = 256
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				end := int(next.Add(chunk))
				start := end - chunk
				if start >= len(x.Clauses) {
					return
				}
				for _, c := range x.Clauses[start:min(end, len(x.Clauses))] {
					x.freshness(c)
				}
			}
		}()
	}
	wg.Wait()

	x.sort(<-titles, slab)
	return x
}

func reverseChanges(cs []*Change) {
	for i, j := 0, len(cs)-1; i < j; i, j = i+1, j-1 {
		cs[i], cs[j] = cs[j], cs[i]
	}
}

// sort puts every list in its order. order is the title order of the
// corpus's clauses (titleOrder) and slab their index clauses.
func (x *Index) sort(order []int32, slab []Clause) {
	byName := func(ps []*Platform) {
		sort.Slice(ps, func(i, j int) bool { return lessFold(ps[i].Name, ps[j].Name, ps[i].ID, ps[j].ID) })
	}
	byName(x.Platforms)
	sort.Slice(x.Documents, func(i, j int) bool { return x.Documents[i].URL < x.Documents[j].URL })
	sort.Slice(x.Clauses, func(i, j int) bool { return x.Clauses[i].URL < x.Clauses[j].URL })
	for i, c := range x.Clauses {
		c.Seq = i
	}
	sort.Slice(x.Types, func(i, j int) bool { return lessFold(x.Types[i].Name, x.Types[j].Name, x.Types[i].Key, x.Types[j].Key) })
	sort.Slice(x.Categories, func(i, j int) bool {
		return lessFold(x.Categories[i].Name, x.Categories[j].Name, x.Categories[i].Key, x.Categories[j].Key)
	})
	sort.Slice(x.Regulations, func(i, j int) bool {
		return lessFold(x.Regulations[i].Name, x.Regulations[j].Name, x.Regulations[i].Key, x.Regulations[j].Key)
	})
	sort.Slice(x.Agencies, func(i, j int) bool {
		return lessFold(x.Agencies[i].Name, x.Agencies[j].Name, x.Agencies[i].Key, x.Agencies[j].Key)
	})
	sort.Slice(x.Pages, func(i, j int) bool { return x.Pages[i].Slug < x.Pages[j].Slug })
	sortChanges(x.Changes)
	// Clause lists are sorted by one of two orders. Each is computed once
	// over all clauses; the many lists then sort by rank, an integer
	// compare, instead of comparing names case-insensitively n log n
	// times per list.
	bySeverity, byPlatform := x.ranks(order, slab)
	for _, p := range x.Platforms {
		sort.Slice(p.Documents, func(i, j int) bool {
			return lessFold(p.Documents[i].Title, p.Documents[j].Title, p.Documents[i].ID, p.Documents[j].ID)
		})
		byRank(p.Clauses, bySeverity)
		sortChanges(p.Changes)
	}
	for _, d := range x.Documents {
		byRank(d.Clauses, bySeverity)
	}
	for _, t := range x.Types {
		byRank(t.Clauses, byPlatform)
		seen := map[string]bool{}
		for _, c := range t.Clauses {
			seen[c.Platform.ID] = true
		}
		t.Platforms = len(seen)
	}
	for _, c := range x.Categories {
		sort.Slice(c.Types, func(i, j int) bool { return lessFold(c.Types[i].Name, c.Types[j].Name, c.Types[i].Key, c.Types[j].Key) })
		byRank(c.Clauses, byPlatform)
	}
	for _, r := range x.Regulations {
		byRank(r.Clauses, byPlatform)
	}
	for _, a := range x.Agencies {
		byRank(a.Clauses, byPlatform)
	}
}

// ranks returns each clause's position, indexed by Seq, in the orders of
// SortBySeverity and SortByPlatform. Both end in title and ID, so one sort
// by title serves both: a stable pass by severity, or by platform, over
// the title order gives the rest. Titles are case-folded once per clause,
// so the n log n comparisons are plain string compares.
func (x *Index) ranks(order []int32, slab []Clause) (bySeverity, byPlatform []int) {
	n := len(x.Clauses)
	// The platforms' own order, as SortByPlatform compares them.
	plats := slices.Clone(x.Platforms)
	names := make(map[*Platform]string, len(plats))
	for _, p := range plats {
		names[p] = foldKey(p.Name)
	}
	slices.SortFunc(plats, func(a, b *Platform) int {
		if c := strings.Compare(names[a], names[b]); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	platRank := make(map[*Platform]int, len(plats))
	for i, p := range plats {
		platRank[p] = i
	}
	// stable places the title order into buckets (severity or platform
	// rank) and returns each clause's position.
	stable := func(buckets int, bucket func(c *Clause) int) []int {
		start := make([]int, buckets+1)
		for _, c := range x.Clauses {
			start[bucket(c)+1]++
		}
		for i := 1; i <= buckets; i++ {
			start[i] += start[i-1]
		}
		r := make([]int, n)
		for _, i := range order {
			c := &slab[i]
			if c.Document == nil {
				continue // not linked (only in an index of a corpus that failed the check)
			}
			b := bucket(c)
			r[c.Seq] = start[b]
			start[b]++
		}
		return r
	}
	bySeverity = stable(len(atlas.Severities)+1, func(c *Clause) int { return SeverityRank(c.Severity) })
	byPlatform = stable(len(plats)+1, func(c *Clause) int {
		if r, ok := platRank[c.Platform]; ok {
			return r
		}
		return len(plats) // not listed (not in an index Build made): last
	})
	return bySeverity, byPlatform
}

// titleOrder returns the indices of cs in the order of their titles as
// compareFold orders them, then their IDs: the order both clause orders
// end in. It reads the records alone, so Build works it out while it links
// them.
func titleOrder(cs []atlas.Clause) []int32 {
	titles := foldKeys(cs)
	// The first 8 bytes of each title, as a number, settle most
	// comparisons without reading the strings.
	type item struct {
		prefix uint64
		i      int32
	}
	items := make([]item, len(cs))
	for i, t := range titles {
		var p uint64
		for j := 0; j < 8; j++ {
			p <<= 8
			if j < len(t) {
				p |= uint64(t[j])
			}
		}
		items[i] = item{p, int32(i)}
	}
	slices.SortFunc(items, func(a, b item) int {
		if a.prefix != b.prefix {
			if a.prefix < b.prefix {
				return -1
			}
			return 1
		}
		if c := strings.Compare(titles[a.i], titles[b.i]); c != 0 {
			return c
		}
		return strings.Compare(cs[a.i].ID, cs[b.i].ID)
	})
	order := make([]int32, len(cs))
	for k, it := range items {
		order[k] = it.i
	}
	return order
}

// foldKeys returns each clause's title as foldKey gives it. The folded
// ASCII titles share one string: a string each cost more in allocation
// than the folding itself.
func foldKeys(cs []atlas.Clause) []string {
	titles := make([]string, len(cs))
	size := 0
	for i := range cs {
		size += len(cs[i].Title)
	}
	buf := make([]byte, 0, size)
	ends := make([]int, len(cs))
	for i := range cs {
		t, mark, ascii := cs[i].Title, len(buf), true
		for j := 0; j < len(t) && ascii; j++ {
			b := t[j]
			if 'A' <= b && b <= 'Z' {
				b += 'a' - 'A'
			}
			buf = append(buf, b)
			ascii = b < utf8.RuneSelf
		}
		if ascii {
			ends[i] = len(buf)
		} else { // folded rune by rune, apart
			buf, ends[i] = buf[:mark], -1
			titles[i] = foldKey(t)
		}
	}
	all := string(buf)
	start := 0
	for i, end := range ends {
		if end >= 0 {
			titles[i] = all[start:end]
			start = end
		}
	}
	return titles
}

// foldKey lowers s rune by rune as compareFold does, so that comparing two
// keys bytewise gives compareFold's order (UTF-8 keeps code point order).
func foldKey(s string) string {
	ascii, lower := true, true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf {
			ascii = false
			break
		} else if 'A' <= c && c <= 'Z' {
			lower = false
		}
	}
	if ascii && lower {
		return s
	}
	if ascii {
		return strings.ToLower(s) // most titles; for ASCII it lowers A-Z only
	}
	b := make([]byte, 0, len(s)+4)
	for s != "" {
		r, n := utf8.DecodeRuneInString(s)
		switch {
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b = append(b, byte(r))
		default:
			b = utf8.AppendRune(b, unicode.ToLower(r))
		}
		s = s[n:]
	}
	return string(b)
}

func byRank(cs []*Clause, rank []int) {
	slices.SortFunc(cs, func(a, b *Clause) int { return rank[a.Seq] - rank[b.Seq] })
}

// sortChanges orders changes newest first, ties by document URL.
func sortChanges(cs []*Change) {
	sort.SliceStable(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		if !a.Version.Captured.Equal(b.Version.Captured) {
			return a.Version.Captured.After(b.Version.Captured)
		}
		return a.Document.URL < b.Document.URL
	})
}

// SortBySeverity orders clauses high to low, then by title and ID.
func SortBySeverity(cs []*Clause) {
	sort.Slice(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		if ra, rb := SeverityRank(a.Severity), SeverityRank(b.Severity); ra != rb {
			return ra < rb
		}
		return lessFold(a.Title, b.Title, a.ID, b.ID)
	})
}

// SortByPlatform orders clauses by platform name, then title and ID.
func SortByPlatform(cs []*Clause) {
	sort.Slice(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		if a.Platform != b.Platform {
			return lessFold(a.Platform.Name, b.Platform.Name, a.Platform.ID, b.Platform.ID)
		}
		return lessFold(a.Title, b.Title, a.ID, b.ID)
	})
}

// lessFold compares names case-insensitively, falling back to IDs so the
// order is total.
func lessFold(a, b, ida, idb string) bool {
	if c := compareFold(a, b); c != 0 {
		return c < 0
	}
	return ida < idb
}

// compareFold compares as strings.ToLower(a) < strings.ToLower(b) would,
// without allocating: sorting calls it n log n times.
func compareFold(a, b string) int {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra < utf8.RuneSelf && rb < utf8.RuneSelf {
			ca, cb := byte(ra), byte(rb)
			if 'A' <= ca && ca <= 'Z' {
				ca += 'a' - 'A'
			}
			if 'A' <= cb && cb <= 'Z' {
				cb += 'a' - 'A'
			}
			if ca != cb {
				return int(ca) - int(cb)
			}
		} else if la, lb := unicode.ToLower(ra), unicode.ToLower(rb); la != lb {
			return int(la) - int(lb)
		}
		a, b = a[na:], b[nb:]
	}
	return len(a) - len(b)
}

// Latest returns the newest of the given times; zero when there are none.
func Latest(ts ...time.Time) time.Time {
	var out time.Time
	for _, t := range ts {
		if t.After(out) {
			out = t
		}
	}
	return out
}
