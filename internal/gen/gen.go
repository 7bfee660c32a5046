// Package gen makes synthetic atlases for benchmarks: valid records in the
// real schema (docs/schema.md), at realistic sizes, for any number of
// platforms and clauses, and byte for byte the same for the same options.
//
// It writes nothing itself. Generate hands each file to a callback as soon
// as it is made and reuses the buffer, so memory stays flat however large
// the atlas; the caller (the write stage, a test's in-memory file system, a
// benchmark's discard) decides where the bytes go.
//
// Every name, quote, law and agency is invented, and their web addresses
// are under the reserved .example domain, so nothing can be mistaken for,
// or link to, a real one.
package gen

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/clauseatlas/atlas/internal/atlas"
)

// Limits that keep every ID inside its format: CA-E-##### for platforms,
// CA-D-##### for up to three documents each, CA-P-###### for clauses.
const (
	MaxPlatforms = 99999 / maxDocs
	MaxClauses   = 999999
	maxDocs      = 3
)

// Options shape a synthetic atlas.
type Options struct {
	Platforms          int   // number of platforms, at most MaxPlatforms
	ClausesPerPlatform int   // clauses of each platform, spread over its 1–3 documents
	Seed               int64 // same seed, same bytes
}

// Generate makes the atlas described by o and passes each file to emit,
// with a slash path relative to the site root (data/site.toml,
// data/platforms/<p>/<d>/clauses/<slug>.toml, content/about.md, …). data is
// only valid until emit returns, as with io.Writer: emit must copy what it
// keeps. Files come in a fixed order: the site and taxonomy files, the
// content pages, then each platform followed by its documents, each as
// versions.toml, document.toml and its clauses. The first error from emit
// stops generation and is returned with the path.
func Generate(o Options, emit func(path string, data []byte) error) error {
	switch {
	case o.Platforms < 0 || o.ClausesPerPlatform < 0:
		return errors.New("gen: platforms and clauses per platform cannot be negative")
	case o.Platforms > MaxPlatforms:
		return fmt.Errorf("gen: at most %d platforms fit document IDs CA-D-#####", MaxPlatforms)
	case int64(o.Platforms)*int64(o.ClausesPerPlatform) > MaxClauses:
		return fmt.Errorf("gen: at most %d clauses in all fit clause IDs CA-P-######", MaxClauses)
	}
	g := &gen{
		o:            o,
		emit:         emit,
		totalClauses: o.Platforms * o.ClausesPerPlatform,
		platSlugs:    make(map[string]bool, o.Platforms),
		clauseSlugs:  map[string]bool{},
	}
	g.r = rand.New(&g.pcg)
	return g.run()
}

type gen struct {
	o    Options
	emit func(string, []byte) error
	pcg  rand.PCG
	r    *rand.Rand
	buf  []byte // the file being built; reused
	txt  []byte // one text field being built; reused
	path []byte

	totalClauses        int
	nextDoc, nextClause int
	platSlugs           map[string]bool // across the atlas
	clauseSlugs         map[string]bool // within the current document
	typeOrder           []int           // clause types from most to least common
	times               []int64
	versions            []version

	// What the text slots name.
	plat               platform
	doc                document
	ct, ctCat, reg, ag int
}

type platform struct {
	id, name, slug string
	sector         int
}

type document struct {
	id, title, slug, typ, typeLower string
	this                            string // how the document's own text names it
	lastVerified                    int64  // unix seconds, midnight UTC
}

type version struct {
	captured int64
	sha      [sha256.Size]byte
}

const day = 24 * 60 * 60

var (
	start2019 = time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	start2024 = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	lastCapt  = time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC).Unix()
	end2026   = time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC).Unix()
)

// splitmix64 spreads a small number over all 64 bits, so neighbouring
// platforms get unrelated random streams.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// reseed starts the stream for one part of the atlas. Each platform has
// its own, so its text does not depend on how many draws earlier
// platforms made.
func (g *gen) reseed(part uint64) {
	g.pcg.Seed(uint64(g.o.Seed), splitmix64(part))
}

func (g *gen) pick(list []string) string { return list[g.r.IntN(len(list))] }

func (g *gen) put(path string) error {
	if err := g.emit(path, g.buf); err != nil {
		return fmt.Errorf("gen: %s: %w", path, err)
	}
	return nil
}

func (g *gen) run() error {
	g.reseed(0)
	g.typeOrder = g.r.Perm(len(clauseTypes))
	for _, f := range []func() error{g.site, g.taxonomy, g.laws, g.pages} {
		if err := f(); err != nil {
			return err
		}
	}
	for i := range g.o.Platforms {
		if err := g.platform(i); err != nil {
			return err
		}
	}
	return nil
}

func (g *gen) site() error {
	b := g.buf[:0]
	b = kvString(b, "title", "Synthetic Clause Atlas")
	b = kvString(b, "tagline", "Invented platforms, invented terms, real schema")
	b = kvString(b, "description", fmt.Sprintf("A synthetic atlas of %d platforms with %d clauses each, generated with seed %d to benchmark the build. No platform, document, quote or law in it is real.",
		g.o.Platforms, g.o.ClausesPerPlatform, g.o.Seed))
	b = kvString(b, "base_url", "https://synthetic-atlas.example")
	b = kvString(b, "language", "en")
	b = kvString(b, "publisher", "Clause Atlas benchmark generator")
	b = kvString(b, "contact", "https://github.com/clauseatlas/atlas/issues")
	b = kvString(b, "data_licence", "CC0 1.0")
	b = kvString(b, "data_licence_url", "https://creativecommons.org/publicdomain/zero/1.0/")
	b = kvString(b, "repository", "https://github.com/clauseatlas/atlas")
	for _, s := range sectors {
		b = append(b, "\n[[sector]]\n"...)
		b = kvString(b, "key", s.key)
		b = kvString(b, "name", s.name)
	}
	b = append(b, "\n[[source]]\n"...)
	b = kvString(b, "name", "Synthetic generator")
	b = kvString(b, "url", "https://synthetic-atlas.example/generator/")
	b = kvString(b, "licence", "CC0 1.0")
	b = kvString(b, "attribution", "Clause Atlas contributors")
	b = kvString(b, "used", "Every record in this atlas.")
	g.buf = b
	return g.put("data/site.toml")
}

func (g *gen) taxonomy() error {
	b := g.buf[:0]
	for i, c := range categories {
		if i > 0 {
			b = append(b, '\n')
		}
		b = append(b, "[[category]]\n"...)
		b = kvString(b, "key", c.key)
		b = kvString(b, "name", c.name)
		b = kvString(b, "description", c.desc)
	}
	g.buf = b
	if err := g.put("data/categories.toml"); err != nil {
		return err
	}
	b = g.buf[:0]
	for i, t := range clauseTypes {
		if i > 0 {
			b = append(b, '\n')
		}
		b = append(b, "[[clause_type]]\n"...)
		b = kvString(b, "key", t.key)
		b = kvString(b, "name", t.name)
		b = kvString(b, "category", t.cat)
		b = kvString(b, "description", t.desc)
	}
	g.buf = b
	return g.put("data/clause-types.toml")
}

func (g *gen) laws() error {
	for _, f := range []struct {
		path, table string
		list        []law
	}{
		{"data/regulations.toml", "[[regulation]]\n", regulations},
		{"data/agencies.toml", "[[agency]]\n", agencies},
	} {
		b := g.buf[:0]
		for i, l := range f.list {
			if i > 0 {
				b = append(b, '\n')
			}
			b = append(b, f.table...)
			b = kvString(b, "key", l.key)
			b = kvString(b, "name", l.name)
			b = kvString(b, "short_name", l.short)
			b = kvString(b, "jurisdiction", l.juris)
			b = kvString(b, "description", l.desc)
			b = kvString(b, "url", l.url)
			if l.complaint != "" {
				b = kvString(b, "complaint_url", l.complaint)
			}
		}
		g.buf = b
		if err := g.put(f.path); err != nil {
			return err
		}
	}
	return nil
}

func (g *gen) pages() error {
	for _, p := range []struct {
		slug, title, desc string
		menu              int
		body              string
	}{
		{"about", "About", "What this synthetic atlas is.", 1, `This atlas is **synthetic**. It was generated to measure how fast the site builds, and every platform, document and quote in it is invented.

- Platforms are named from syllables and product words.
- Laws and agencies belong to made-up places such as Northland and the Meridian Union.
- Their websites are under the reserved [example domain](https://www.iana.org/domains/reserved).

Nothing here describes a real service.
`},
		{"methodology", "Methodology", "How the synthetic records are made.", 2, `### Records

Each platform has one to three documents with five to forty recorded versions. Clauses quote invented terms, and their analyses are assembled from sentence templates.

### Determinism

The same options and seed give the same files, byte for byte, so builds of the atlas can be compared over time.
`},
	} {
		b := append(g.buf[:0], "+++\n"...)
		b = kvString(b, "title", p.title)
		b = kvString(b, "description", p.desc)
		b = append(b, "updated = 2026-01-15\n"...)
		b = kvInt(b, "menu", p.menu)
		b = append(b, "+++\n"...)
		b = append(b, p.body...)
		g.buf = b
		if err := g.put("content/" + p.slug + ".md"); err != nil {
			return err
		}
	}
	return nil
}

var (
	namePrefixes = []string{"Lum", "Vex", "Quor", "Zent", "Trel", "Brix", "Dral", "Fen", "Glim", "Hov",
		"Ixt", "Jor", "Kev", "Mirr", "Nyx", "Oph", "Pell", "Ryl", "Sov", "Tav", "Ulv", "Vorn", "Wex",
		"Yal", "Zyr", "Cind", "Eld", "Grev", "Kalm", "Quill"}
	nameSuffixes = []string{"ora", "alink", "eon", "ova", "abe", "osh", "unda", "etta", "igo", "aro",
		"eni", "umo", "axa", "ibo", "ulet", "ondra", "esk", "avix", "orim", "elth"}
	descTails = []string{"for teams and individuals", "with a free tier and paid plans",
		"available in forty countries", "aimed at small businesses", "with apps for phones and the web",
		"used mostly by students", "sold through resellers"}
)

func (g *gen) platform(i int) error {
	g.reseed(uint64(i) + 1)
	p := &g.plat
	p.sector = g.r.IntN(len(sectors))
	sec := &sectors[p.sector]
	name := g.pick(namePrefixes) + g.pick(nameSuffixes)
	if g.r.IntN(10) < 7 {
		name += " " + g.pick(sec.products)
	}
	slug := string(appendSlug(nil, []byte(name), 60))
	// Names come from a few thousand combinations, so large atlases draw
	// some twice; number the repeats to keep slugs unique in the atlas.
	if g.platSlugs[slug] {
		for n := 2; ; n++ {
			s := slug + "-" + strconv.Itoa(n)
			if !g.platSlugs[s] {
				name, slug = name+" "+strconv.Itoa(n), s
				break
			}
		}
	}
	g.platSlugs[slug] = true
	p.name, p.slug = name, slug
	p.id = string(appendID(nil, "CA-E-", i+1, 5))

	b := g.buf[:0]
	b = kvString(b, "id", p.id)
	b = kvString(b, "name", p.name)
	b = kvString(b, "slug", p.slug)
	b = kvString(b, "website", "https://"+p.slug+".example/")
	b = kvString(b, "sector", sec.key)
	b = kvString(b, "description", "A synthetic "+lowerFirst(sec.name)+" platform "+g.pick(descTails)+".")
	if g.r.IntN(10) == 0 {
		b = kvStrings(b, "aliases", []string{p.slug + "-legacy"})
	}
	g.buf = b
	dir := "data/platforms/" + p.slug + "/"
	if err := g.put(dir + "platform.toml"); err != nil {
		return err
	}

	// Documents: always terms of service first, then distinct others.
	nd := 1 + g.r.IntN(maxDocs)
	nd = max(1, min(nd, g.o.ClausesPerPlatform))
	var types [maxDocs]string
	types[0] = "terms-of-service"
	for k := 1; k < nd; k++ {
		for {
			t := g.pick(docTypes)
			if !slices.Contains(types[:k], t) {
				types[k] = t
				break
			}
		}
	}
	// Spread clauses: one each, then the rest at random, the terms of
	// service drawing twice as often since they usually hold the most.
	var counts [maxDocs]int
	rest := g.o.ClausesPerPlatform
	for k := range nd {
		if rest > 0 {
			counts[k]++
			rest--
		}
	}
	for ; rest > 0; rest-- {
		k := g.r.IntN(nd + 1)
		if k == nd {
			k = 0
		}
		counts[k]++
	}
	for k := range nd {
		if err := g.document(dir, types[k], counts[k]); err != nil {
			return err
		}
	}
	return nil
}

// lowerFirst lower-cases a name's first letter for use mid-sentence,
// leaving acronyms such as "AI" alone.
func lowerFirst(s string) string {
	if s != "" && s[0] >= 'A' && s[0] <= 'Z' && (len(s) < 2 || s[1] < 'A' || s[1] > 'Z') {
		return string(s[0]+'a'-'A') + s[1:]
	}
	return s
}

var changeSeverity = []string{"high", "medium", "medium", "low", "low", "low"}

func (g *gen) document(platDir, typ string, clauses int) error {
	g.nextDoc++
	d := &g.doc
	d.id = string(appendID(nil, "CA-D-", g.nextDoc, 5))
	d.typ, d.slug = typ, typ
	tn := atlas.DocumentTypes[typ]
	d.title = g.plat.name + " " + tn
	d.typeLower = strings.ToLower(tn)
	d.this = "this " + d.typeLower
	if d.typ == "terms-of-service" {
		d.this = "these terms"
	}

	// Capture times: the first between 2019 and 2023, the rest after it
	// and before mid-2026, in order.
	n := 5 + g.r.IntN(36)
	first := start2019 + g.r.Int64N(start2024-start2019)
	g.times = append(g.times[:0], first)
	for range n - 1 {
		g.times = append(g.times, first+g.r.Int64N(lastCapt-first))
	}
	slices.Sort(g.times)
	d.lastVerified = min(end2026, floorDay(g.times[n-1])+int64(g.r.IntN(60))*day)

	// versions.toml comes first: the document states dates taken from it.
	b := g.buf[:0]
	g.versions = g.versions[:0]
	size := 15000 + g.r.IntN(120000)
	lastChange := g.times[0]
	for k, t := range g.times {
		g.txt = append(g.txt[:0], d.id...)
		g.txt = append(g.txt, " synthetic capture "...)
		g.txt = strconv.AppendInt(g.txt, int64(k), 10)
		g.txt = append(g.txt, ' ')
		g.txt = strconv.AppendUint(g.txt, g.r.Uint64(), 16)
		v := version{captured: t, sha: sha256.Sum256(g.txt)}
		g.versions = append(g.versions, v)
		var hexSHA [2 * sha256.Size]byte
		hex.Encode(hexSHA[:], v.sha[:])

		event := "change"
		switch {
		case k == 0:
			event = "first_record"
		case g.r.IntN(8) == 0:
			event = "technical_upgrade"
		}
		if k > 0 {
			b = append(b, '\n')
		}
		b = append(b, "[[version]]\n"...)
		b = kvInstant(b, "captured", t)
		b = kvBytes(b, "sha256", hexSHA[:])
		added, removed := 0, 0
		switch event {
		case "change":
			added, removed = 1+g.r.IntN(40), g.r.IntN(25)
			size = max(2000, size+60*(added-removed)+g.r.IntN(400)-200)
			lastChange = t
		case "technical_upgrade":
			added, removed = 50+g.r.IntN(400), 50+g.r.IntN(400)
			size = max(2000, size+g.r.IntN(3000)-1500)
		}
		b = kvInt(b, "bytes", size)
		if k > 0 {
			b = kvInt(b, "lines_added", added)
			b = kvInt(b, "lines_removed", removed)
		}
		b = kvString(b, "event", event)
		b = append(b, `source = "synthetic/`...)
		b = append(b, g.plat.slug...)
		b = append(b, "-versions@"...)
		b = append(b, hexSHA[:12]...)
		b = append(b, "\"\n"...)
		switch {
		case event == "technical_upgrade":
			b = kvString(b, "summary", "Re-extracted after the tracker's filters changed; the terms themselves did not change.")
		case event == "change" && g.r.IntN(5) < 3:
			g.ct, g.reg = g.r.IntN(len(clauseTypes)), g.r.IntN(len(regulations))
			g.txt = g.sentence(g.txt[:0], tChange[g.r.IntN(len(tChange))])
			b = kvBytes(b, "summary", g.txt)
			if g.r.IntN(2) == 0 {
				b = kvString(b, "severity", g.pick(changeSeverity))
			}
		}
	}
	g.buf = b
	dir := platDir + d.slug + "/"
	if err := g.put(dir + "versions.toml"); err != nil {
		return err
	}

	b = g.buf[:0]
	b = kvString(b, "id", d.id)
	b = kvString(b, "platform", g.plat.id)
	b = kvString(b, "title", d.title)
	b = kvString(b, "slug", d.slug)
	b = kvString(b, "type", d.typ)
	b = kvString(b, "source_url", "https://"+g.plat.slug+".example/legal/"+d.slug)
	b = kvString(b, "archive_url", "https://archive.example/snapshots/"+g.plat.slug+"/"+d.slug)
	b = kvDate(b, "last_updated", floorDay(lastChange))
	b = kvDate(b, "first_tracked", floorDay(g.times[0]))
	b = kvDate(b, "last_verified", d.lastVerified)
	b = kvString(b, "description", "The "+d.typeLower+" of "+g.plat.name+", as the synthetic generator imagines it.")
	if g.r.IntN(20) == 0 {
		b = kvStrings(b, "aliases", []string{d.slug + "-previous"})
	}
	if g.r.IntN(2) == 0 {
		b = append(b, "\n[ota]\n"...)
		b = kvString(b, "collection", "synthetic")
		b = kvString(b, "service", g.plat.name)
		b = kvString(b, "terms_type", tn)
	}
	g.buf = b
	if err := g.put(dir + "document.toml"); err != nil {
		return err
	}

	clear(g.clauseSlugs)
	for range clauses {
		if err := g.clause(dir); err != nil {
			return err
		}
	}
	return nil
}

func floorDay(t int64) int64 { return t - t%day }

var (
	severityDist   = []string{"high", "high", "medium", "medium", "medium", "medium", "low", "low", "low"}
	confidenceDist = []string{"high", "high", "high", "high", "medium", "medium", "medium", "low"}
	evidenceDist   = []string{
		"explicit-language", "explicit-language", "explicit-language", "explicit-language", "explicit-language",
		"explicit-language", "explicit-language", "explicit-language", "explicit-language", "explicit-language",
		"explicit-language", "explicit-language", "explicit-language", "explicit-language",
		"implicit-language", "implicit-language", "implicit-language",
		"absence-of-language", "external-statement", "secondary-quotation",
	}
	locatorForms = []string{"§ ", "Section ", "Clause ", "Part "}
)

func (g *gen) clause(dir string) error {
	g.nextClause++
	d := &g.doc
	// Skewed toward the first types of a per-seed order: some kinds of
	// provision are everywhere, others rare.
	u := math.Pow(g.r.Float64(), 1.5)
	g.ct = g.typeOrder[int(u*float64(len(clauseTypes)))]
	ct := &clauseTypes[g.ct]
	g.ctCat = slices.IndexFunc(categories, func(c category) bool { return c.key == ct.cat })
	g.reg, g.ag = g.r.IntN(len(regulations)), g.r.IntN(len(agencies))

	// Title and slug, unique within the document.
	title := append(g.txt[:0], ct.name...)
	title = append(title, ' ')
	for _, p := range tTitleTail[g.r.IntN(len(tTitleTail))] {
		if p.slot != nil {
			title = p.slot(g, title)
		} else {
			title = append(title, p.lit...)
		}
	}
	g.txt = title
	var sb [96]byte
	slug := appendSlug(sb[:0], title, 70)
	if g.clauseSlugs[string(slug)] {
		base := len(slug)
		for n := 2; ; n++ {
			slug = strconv.AppendInt(append(slug[:base], '-'), int64(n), 10)
			if !g.clauseSlugs[string(slug)] {
				break
			}
		}
	}
	slugStr := string(slug)
	g.clauseSlugs[slugStr] = true

	b := g.buf[:0]
	b = append(b, `id = "`...)
	b = appendID(b, "CA-P-", g.nextClause, 6)
	b = append(b, "\"\n"...)
	b = kvString(b, "document", d.id)
	b = kvString(b, "clause_type", ct.key)
	b = kvBytes(b, "title", title)
	b = kvString(b, "slug", slugStr)
	b = kvString(b, "severity", g.pick(severityDist))
	b = kvString(b, "confidence", g.pick(confidenceDist))
	evidence := g.pick(evidenceDist)
	b = kvString(b, "evidence", evidence)
	var list [2]string
	if k := g.r.IntN(3); k > 0 {
		b = kvStrings(b, "categories", g.distinct(list[:0], k, len(categories), g.ctCat, func(i int) string { return categories[i].key }))
	}
	if k := g.r.IntN(3); k > 0 {
		b = kvStrings(b, "regulations", g.distinct(list[:0], k, len(regulations), -1, func(i int) string { return regulations[i].key }))
	}
	if k := g.r.IntN(3); k > 0 {
		b = kvStrings(b, "agencies", g.distinct(list[:0], k, len(agencies), -1, func(i int) string { return agencies[i].key }))
	}
	b = append(b, `locator = "`...)
	b = append(b, g.pick(locatorForms)...)
	b = strconv.AppendInt(b, int64(1+g.r.IntN(40)), 10)
	if g.r.IntN(2) == 0 {
		b = append(b, '.')
		b = strconv.AppendInt(b, int64(1+g.r.IntN(12)), 10)
	}
	b = append(b, "\"\n"...)

	// Dates: a clause quoting the document cites one of its captures;
	// one known from elsewhere was first tracked on some day in between.
	var first, generated int64
	var v *version
	if evidence != "external-statement" && evidence != "secondary-quotation" {
		v = &g.versions[g.r.IntN(len(g.versions))]
		first = floorDay(v.captured)
		generated = v.captured + g.r.Int64N(20*day)
	} else {
		first = floorDay(g.versions[0].captured)
		first += g.r.Int64N((d.lastVerified-first)/day+1) * day
		generated = first + g.r.Int64N(day)
	}
	generated = min(generated, d.lastVerified+day-1)
	b = kvDate(b, "first_tracked", first)
	b = kvDate(b, "last_verified", d.lastVerified)
	b = kvInstant(b, "analysis_generated", generated)
	if v != nil {
		var hexSHA [2 * sha256.Size]byte
		hex.Encode(hexSHA[:], v.sha[:])
		b = kvInstant(b, "captured", v.captured)
		b = kvBytes(b, "sha256", hexSHA[:])
	}
	if g.r.IntN(30) == 0 {
		b = kvStrings(b, "aliases", []string{slugStr + "-v1"})
	}
	b = append(b, '\n')

	// Text fields, sized like the real atlas's.
	g.txt = g.text(g.txt[:0], tQuote, 300+g.r.IntN(70))
	b = kvBytes(b, "quote", g.txt)
	g.txt = g.text(g.txt[:0], tSummary, 220+g.r.IntN(60))
	b = kvBytes(b, "summary", g.txt)
	g.txt = g.text(g.txt[:0], tWhy, 170+g.r.IntN(60))
	b = kvBytes(b, "why_it_matters", g.txt)
	g.txt = g.text(g.txt[:0], tImpact, 170+g.r.IntN(60))
	b = kvBytes(b, "consumer_impact", g.txt)
	if g.r.IntN(5) < 2 {
		g.txt = g.text(g.txt[:0], tNote, 100+g.r.IntN(80))
		b = kvBytes(b, "interpretive_note", g.txt)
	}
	g.txt = g.analysis(g.txt[:0], 1700+g.r.IntN(500))
	b = kvMultiline(b, "analysis", g.txt)
	g.buf = b

	p := append(g.path[:0], dir...)
	p = append(p, "clauses/"...)
	p = append(p, slugStr...)
	p = append(p, ".toml"...)
	g.path = p
	return g.put(string(p))
}

// distinct appends k different keys out of n, skipping index skip.
func (g *gen) distinct(dst []string, k, n, skip int, key func(int) string) []string {
	for len(dst) < k {
		i := g.r.IntN(n)
		if i == skip || slices.Contains(dst, key(i)) {
			continue
		}
		dst = append(dst, key(i))
	}
	return dst
}
