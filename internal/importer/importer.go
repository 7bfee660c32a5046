// Package importer plans the import of capture histories into the atlas.
// It reads a source (an Open Terms Archive dataset release) and the current
// atlas through io/fs and returns the files to write with a report of what
// the import creates, updates and skips. It never writes: the atlas command
// performs the writes with package write, or prints them (--dry-run).
//
// An import is a merge, never a replacement:
//
//   - each Service/Terms type folder maps onto the document whose [ota]
//     table names that service and terms type (exactly, then ignoring
//     case); else a new document is created under the platform of that
//     name (ignoring case); else a new platform is created too;
//   - versions are matched by (captured, sha256); a version already
//     recorded keeps every field an editor wrote; new versions are inserted
//     in date order; nothing is deleted;
//   - each distinct text is stored once, as texts/<sha256>.md; a recorded
//     version without a stored text gets one when the dataset has a text
//     with its SHA-256;
//   - document.toml and platform.toml files that exist are never touched;
//     versions.toml is rewritten in a canonical format, keeping its comments,
//     only when its content changes, so a second import writes nothing.
//
// Decisions:
//
//   - A new version's event is "first_record" when it is the first of the
//     merged history and "change" otherwise; its lines_added/lines_removed
//     count lines against the version before it in the merged history
//     (see lineDiff), and are left out when that version's text is not
//     available. Recorded versions keep their counts even when a version
//     is inserted before them.
//   - A capture recorded at the same second as a recorded version but with
//     another SHA-256 is a conflict: it is reported and not imported.
//   - last_verified says when an editor verified the record, not when a
//     capture was made, so it is never widened: the report notes newer
//     captures (and captures older than first_tracked) instead. A document
//     the import creates gets first_tracked/last_verified from its first
//     and last captures.
//   - A dataset release does not give a new platform's website, so the
//     record has none (its pages then show none) and the report asks an
//     editor to add it. Its sector is Options.Sector.
//   - A dataset release does not say its collection, so new [ota] tables
//     have no collection key.
//   - IDs continue after the highest in use, counting the IDs the URL
//     ledger has published, so a retired ID is never reused.
package importer

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/clauseatlas/atlas/internal/atlas"
	"github.com/clauseatlas/atlas/internal/check"
	"github.com/clauseatlas/atlas/internal/load"
	"github.com/clauseatlas/atlas/internal/problem"
)

// DefaultSector is the sector of the platforms an import creates when no
// other is chosen. It must exist in data/site.toml to be used.
const DefaultSector = "other"

// Options tune an import.
type Options struct {
	// Sector is the sector key of platforms the import creates; "" means
	// DefaultSector. An explicit sector must exist in data/site.toml even
	// when no platform is created.
	Sector string
	// Label names the dataset in messages: a problem in a dataset file is
	// reported as Label/<Service>/<Terms type>/<file>.
	Label string
}

// Write is one file to write: its bytes replace the file's, or create it.
type Write struct {
	Path string // slash path relative to the site root
	Data []byte
	New  bool // the file does not exist yet
}

// Plan is what an import would do.
type Plan struct {
	Writes []Write // in the order to write them: records, then texts, then histories
	Report Report
}

// Report says what an import does, document by document.
type Report struct {
	Documents []DocReport
	Warnings  []string
}

// DocReport is the outcome for one Service/Terms type folder.
type DocReport struct {
	Folder      string // Service/Terms type, in the dataset
	DocumentID  string
	PlatformID  string
	Dir         string // the document's folder, relative to the site root
	NewPlatform bool
	NewDocument bool
	Captures    int // version files read
	Created     int // new versions
	Updated     int // recorded versions matched by a capture whose text was stored and named
	Skipped     int // recorded versions matched by a capture, unchanged
	Conflicts   int // captures at the time of a recorded version with another SHA-256, not imported
	// Others is the number of recorded versions no capture matched but
	// whose text (the same SHA-256) the dataset provides, now named.
	Others int
	Texts  int      // texts stored
	Notes  []string // things an editor should know
}

// Totals sums the documents' counts.
func (r *Report) Totals() (t DocReport) {
	for _, d := range r.Documents {
		t.Captures += d.Captures
		t.Created += d.Created
		t.Updated += d.Updated
		t.Skipped += d.Skipped
		t.Conflicts += d.Conflicts
		t.Others += d.Others
		t.Texts += d.Texts
	}
	return t
}

// OTA plans the import of an Open Terms Archive dataset release (the
// folder tree <Service>/<Terms type>/<YYYY-MM-DDTHH-MM-SSZ>.md in dataset)
// into the atlas whose site root is site. The error lists every problem
// found (as *problem.Error when they have a place); with an error there is
// no plan. Before returning a plan, OTA loads and checks the atlas as the
// writes would leave it, so an import never leaves a problem behind.
func OTA(dataset, site fs.FS, opt Options) (*Plan, error) {
	sets, warnings, probs := readDataset(dataset, opt.Label)
	if len(probs) > 0 {
		return nil, &problem.Error{Problems: sortProblems(probs)}
	}
	if len(sets) == 0 {
		return nil, fmt.Errorf("%s: no documents found: a dataset release holds <Service>/<Terms type>/<YYYY-MM-DDTHH-MM-SSZ>.md", labelOr(opt.Label))
	}
	// The cache spares the verification decoding the files again.
	cache := load.NewCache()
	c, lp := load.CorpusCached(site, cache)
	if lp.Len() > 0 {
		lp.Resolve(load.Lines(site))
		items := lp.Items()
		lead := problem.Problem{Msg: fmt.Sprintf("the atlas has %d problem%s; fix %s before importing (atlas check lists them):", len(items), plural(len(items)), map[bool]string{true: "it", false: "them"}[len(items) == 1])}
		return nil, &problem.Error{Problems: append([]problem.Problem{lead}, items...)}
	}
	p := newPlanner(c, site, opt)
	if opt.Sector != "" && !p.hasSector(opt.Sector) {
		return nil, fmt.Errorf("sector %q is not a sector key of data/site.toml; pass --sector with one of: %s", opt.Sector, strings.Join(p.sectorKeys(), ", "))
	}
	p.report.Warnings = warnings
	for _, s := range sets {
		p.importSeries(s)
	}
	if len(p.probs) > 0 {
		return nil, &problem.Error{Problems: sortProblems(p.probs)}
	}
	plan := &Plan{Writes: p.sortedWrites(), Report: p.report}
	if err := verify(c, site, plan.Writes, cache); err != nil {
		return nil, err
	}
	return plan, nil
}

func labelOr(l string) string {
	if l == "" {
		return "."
	}
	return l
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func sortProblems(ps []problem.Problem) []problem.Problem {
	var l problem.List
	l.Append(ps...)
	return l.Items()
}

// verify loads and checks the atlas as the writes leave it and fails when
// that shows a problem the atlas did not have before.
func verify(before *atlas.Corpus, site fs.FS, writes []Write, cache *load.Cache) error {
	type key struct{ file, msg string }
	had := map[key]bool{}
	for _, p := range check.Corpus(before).Items() {
		had[key{p.File, p.Msg}] = true
	}
	after := Overlay(site, writes)
	c, probs := load.CorpusCached(after, cache)
	probs.Append(check.Corpus(c).Items()...)
	probs.Resolve(load.Lines(after))
	var added []problem.Problem
	for _, p := range probs.Items() {
		if !had[key{p.File, p.Msg}] {
			added = append(added, p)
		}
	}
	if len(added) == 0 {
		return nil
	}
	lead := problem.Problem{Msg: "the import would leave these problems in the atlas, so nothing is written (please report this as a bug):"}
	return &problem.Error{Problems: append([]problem.Problem{lead}, added...)}
}

// docRef is a document an import may map a dataset folder onto.
type docRef struct {
	id, platform string
	dir          string // its folder, relative to the site root
	ota          *atlas.OTARef
	doc          *atlas.Document // nil for a document this import creates
	claimed      string          // the dataset folder mapped onto it
}

// platRef is a platform documents may be created under.
type platRef struct {
	id, name, slug string
	dir            string
	taken          map[string]bool // document slugs and folder names in use; nil until needed
}

type planner struct {
	c      *atlas.Corpus
	site   fs.FS
	opt    Options
	docs   []*docRef
	plats  []*platRef
	slugs  map[string]bool // platform slugs and folders in use
	lastE  int             // highest platform ID number in use
	lastD  int             // highest document ID number in use
	writes map[string]Write
	probs  []problem.Problem
	report Report
}

func newPlanner(c *atlas.Corpus, site fs.FS, opt Options) *planner {
	p := &planner{c: c, site: site, opt: opt, slugs: map[string]bool{}, writes: map[string]Write{}}
	for _, pl := range c.Platforms {
		p.plats = append(p.plats, &platRef{id: pl.ID, name: pl.Name, slug: pl.Slug, dir: path.Dir(pl.Pos.File)})
		p.slugs[pl.Slug] = true
		for _, a := range pl.Aliases {
			p.slugs[a] = true
		}
		p.useID(pl.ID)
	}
	for i := range c.Documents {
		d := &c.Documents[i]
		p.docs = append(p.docs, &docRef{id: d.ID, platform: d.Platform, dir: path.Dir(d.Pos.File), ota: d.OTA, doc: d})
		p.useID(d.ID)
	}
	// An ID is never reused: IDs the ledger has published, and IDs in
	// files that did not load, count as used.
	for _, e := range c.Ledger {
		p.useID(e.Record)
		if seg := ledgerSegments(e.Path); len(seg) >= 2 && seg[0] == "platform" {
			p.slugs[seg[1]] = true
		}
	}
	for id := range c.Unloaded {
		p.useID(id)
	}
	if ents, err := fs.ReadDir(p.site, "data/platforms"); err == nil {
		for _, e := range ents {
			p.slugs[e.Name()] = true
		}
	}
	return p
}

func ledgerSegments(u string) []string {
	return strings.Split(strings.Trim(u, "/"), "/")
}

func (p *planner) useID(id string) {
	var last *int
	switch {
	case strings.HasPrefix(id, "CA-E-"):
		last = &p.lastE
	case strings.HasPrefix(id, "CA-D-"):
		last = &p.lastD
	default:
		return
	}
	if n, err := strconv.Atoi(id[5:]); err == nil && n > *last {
		*last = n
	}
}

func (p *planner) hasSector(key string) bool {
	for _, s := range p.c.Site.Sectors {
		if s.Key == key {
			return true
		}
	}
	return false
}

func (p *planner) sectorKeys() []string {
	var out []string
	for _, s := range p.c.Site.Sectors {
		out = append(out, s.Key)
	}
	sort.Strings(out)
	if len(out) == 0 {
		out = []string{"(none: add a [[sector]] to data/site.toml)"}
	}
	return out
}

func (p *planner) fail(s series, format string, args ...any) {
	p.probs = append(p.probs, problem.Problem{File: path.Join(p.opt.Label, s.dir), Msg: fmt.Sprintf(format, args...)})
}

func (p *planner) write(file string, data []byte) {
	_, err := fs.Stat(p.site, file)
	p.writes[file] = Write{Path: file, Data: data, New: err != nil}
}

// sortedWrites orders the writes so an interrupted import is finished by
// running it again: platforms and documents first (they are found by name
// and [ota] table on the next run), then texts, then the histories that
// name them.
func (p *planner) sortedWrites() []Write {
	rank := func(f string) int {
		switch path.Base(f) {
		case "platform.toml":
			return 0
		case "document.toml":
			return 1
		case "versions.toml":
			return 3
		}
		return 2
	}
	out := make([]Write, 0, len(p.writes))
	for _, w := range p.writes {
		out = append(out, w)
	}
	sort.Slice(out, func(i, j int) bool {
		if a, b := rank(out[i].Path), rank(out[j].Path); a != b {
			return a < b
		}
		return out[i].Path < out[j].Path
	})
	return out
}

func (p *planner) importSeries(s series) {
	rep := DocReport{Folder: s.dir, Captures: len(s.captures)}
	d, ok := p.findDocument(s)
	if !ok {
		return
	}
	if d == nil {
		pl, ok := p.findPlatform(s)
		if !ok {
			return
		}
		if pl == nil {
			if pl, ok = p.newPlatform(s); !ok {
				return
			}
			rep.NewPlatform = true
			rep.Notes = append(rep.Notes, fmt.Sprintf("new platform %s (%s): it has no website and its description is a stub; edit %s/platform.toml", pl.id, pl.name, pl.dir))
		}
		if d, ok = p.newDocument(pl, s, &rep); !ok {
			return
		}
		rep.NewDocument = true
	}
	d.claimed = s.dir
	rep.DocumentID, rep.PlatformID, rep.Dir = d.id, d.platform, d.dir
	p.merge(d, s, &rep)
	p.report.Documents = append(p.report.Documents, rep)
}

// findDocument finds the document whose [ota] table names the folder's
// service and terms type, exactly or else ignoring case. ok is false when
// the match is ambiguous or already taken (a problem is recorded).
func (p *planner) findDocument(s series) (_ *docRef, ok bool) {
	var exact, folded []*docRef
	for _, d := range p.docs {
		switch {
		case d.ota == nil:
		case d.ota.Service == s.service && d.ota.TermsType == s.termsType:
			exact = append(exact, d)
		case strings.EqualFold(d.ota.Service, s.service) && strings.EqualFold(d.ota.TermsType, s.termsType):
			folded = append(folded, d)
		}
	}
	found := exact
	if len(found) == 0 {
		found = folded
	}
	switch {
	case len(found) == 0:
		return nil, true
	case len(found) > 1:
		var ids []string
		for _, d := range found {
			ids = append(ids, d.id+" ("+d.dir+"/document.toml)")
		}
		p.fail(s, "several documents have [ota] service = %q and terms_type = %q: %s; keep the [ota] table on one of them", found[0].ota.Service, found[0].ota.TermsType, strings.Join(ids, ", "))
		return nil, false
	case found[0].claimed != "":
		p.fail(s, "maps onto document %s (%s), as does the dataset folder %q; a document takes one history", found[0].id, found[0].dir, found[0].claimed)
		return nil, false
	}
	return found[0], true
}

// findPlatform finds the platform named like the service, ignoring case.
func (p *planner) findPlatform(s series) (_ *platRef, ok bool) {
	var found []*platRef
	for _, pl := range p.plats {
		if strings.EqualFold(strings.TrimSpace(pl.name), strings.TrimSpace(s.service)) {
			found = append(found, pl)
		}
	}
	if len(found) > 1 {
		var ids []string
		for _, pl := range found {
			ids = append(ids, pl.id)
		}
		p.fail(s, "several platforms are named %q (%s); add an [ota] table to the document this folder is the history of", s.service, strings.Join(ids, ", "))
		return nil, false
	}
	if len(found) == 1 {
		return found[0], true
	}
	return nil, true
}

func (p *planner) newPlatform(s series) (_ *platRef, ok bool) {
	sector := p.opt.Sector
	if sector == "" {
		sector = DefaultSector
	}
	if !p.hasSector(sector) {
		p.fail(s, "no platform is named %q, so the import would create one in sector %q, which data/site.toml does not define; pass --sector with one of: %s", s.service, sector, strings.Join(p.sectorKeys(), ", "))
		return nil, false
	}
	if p.lastE >= 99999 {
		p.fail(s, "no platform ID is left (CA-E-99999 is in use)")
		return nil, false
	}
	p.lastE++
	base := Slugify(s.service)
	if base == "" {
		base = "platform"
	}
	slug := unique(base, func(x string) bool { return p.slugs[x] })
	p.slugs[slug] = true
	pl := &platRef{id: fmt.Sprintf("CA-E-%05d", p.lastE), name: strings.TrimSpace(clean(s.service)), slug: slug, dir: "data/platforms/" + slug, taken: map[string]bool{}}
	if pl.name == "" {
		pl.name = slug
	}
	p.plats = append(p.plats, pl)

	var b strings.Builder
	b.WriteString("# Created by atlas import ota from an Open Terms Archive dataset release.\n")
	writeKVs(&b, []kv{
		{key: "id", value: quote(pl.id)},
		{key: "name", value: quote(pl.name)},
		{key: "slug", value: quote(pl.slug)},
	})
	b.WriteString("# The dataset does not give the platform's website: add it as website = \"https://…\".\n")
	writeKVs(&b, []kv{
		{key: "sector", value: quote(sector)},
		{key: "description", value: quote(fmt.Sprintf("%s, as Open Terms Archive names the service. This record was created by importing an Open Terms Archive dataset release and is yet to be described by an editor.", pl.name))},
	})
	p.write(pl.dir+"/platform.toml", []byte(b.String()))
	return pl, true
}

// docTaken lists the document slugs and folder names in use under a
// platform: its documents' slugs and aliases, its folder's entries and the
// document paths the ledger has published under it.
func (p *planner) docTaken(pl *platRef) map[string]bool {
	if pl.taken != nil {
		return pl.taken
	}
	pl.taken = map[string]bool{}
	for _, d := range p.c.Documents {
		if d.Platform == pl.id {
			pl.taken[d.Slug] = true
			for _, a := range d.Aliases {
				pl.taken[a] = true
			}
		}
	}
	if ents, err := fs.ReadDir(p.site, pl.dir); err == nil {
		for _, e := range ents {
			pl.taken[e.Name()] = true
		}
	}
	for _, e := range p.c.Ledger {
		if seg := ledgerSegments(e.Path); len(seg) >= 3 && seg[0] == "platform" && seg[1] == pl.slug {
			pl.taken[seg[2]] = true
		}
	}
	return pl.taken
}

func (p *planner) newDocument(pl *platRef, s series, rep *DocReport) (_ *docRef, ok bool) {
	if p.lastD >= 99999 {
		p.fail(s, "no document ID is left (CA-D-99999 is in use)")
		return nil, false
	}
	p.lastD++
	typ := DocumentType(s.termsType)
	for _, d := range p.c.Documents {
		if d.Platform == pl.id && d.Type == typ && d.OTA == nil {
			rep.Notes = append(rep.Notes, fmt.Sprintf("platform %s already has a %s document without an [ota] table, %s (%s); if it is the same document, give it an [ota] table instead and import again", pl.id, typ, d.ID, path.Dir(d.Pos.File)))
		}
	}
	taken := p.docTaken(pl)
	base := Slugify(s.termsType)
	if base == "" {
		base = "document"
	}
	slug := unique(base, func(x string) bool { return taken[x] })
	taken[slug] = true
	d := &docRef{id: fmt.Sprintf("CA-D-%05d", p.lastD), platform: pl.id, dir: pl.dir + "/" + slug, ota: &atlas.OTARef{Service: s.service, TermsType: s.termsType}}
	p.docs = append(p.docs, d)

	// The platform's own name reads better than the dataset's spelling.
	service, terms := pl.name, strings.TrimSpace(clean(s.termsType))
	first, last := s.captures[0].at, s.captures[len(s.captures)-1].at
	var b strings.Builder
	b.WriteString("# Created by atlas import ota from an Open Terms Archive dataset release.\n")
	writeKVs(&b, []kv{
		{key: "id", value: quote(d.id)},
		{key: "platform", value: quote(pl.id)},
		{key: "title", value: quote(strings.TrimSpace(service + " " + terms))},
		{key: "slug", value: quote(slug)},
		{key: "type", value: quote(typ)},
		{key: "first_tracked", value: localDate(first)},
		{key: "last_verified", value: localDate(last)},
		{key: "description", value: quote(fmt.Sprintf("The %s of %s, imported from an Open Terms Archive dataset release, which records the texts but not where the document is published.", terms, service))},
	})
	b.WriteString("\n[ota]\n")
	writeKVs(&b, []kv{
		{key: "service", value: quote(s.service)},
		{key: "terms_type", value: quote(s.termsType)},
	})
	p.write(d.dir+"/document.toml", []byte(b.String()))
	return d, true
}

// merge folds the captures of s into the document's history and plans the
// texts and the versions.toml to write.
func (p *planner) merge(d *docRef, s series, rep *DocReport) {
	file := d.dir + "/versions.toml"
	vf := &versionsFile{}
	exists := d.doc != nil && d.doc.VersionsFile != ""
	if exists {
		src, err := fs.ReadFile(p.site, d.doc.VersionsFile)
		if err == nil {
			vf, err = parseVersions(d.doc.VersionsFile, src)
		}
		if err != nil {
			p.fail(s, "cannot read the history of %s: %v", d.id, err)
			return
		}
		file = d.doc.VersionsFile
	} else {
		vf.header = commentLines(fmt.Sprintf(
			"Version history of this document: one [[version]] per version recorded by Open Terms Archive (%s / %s), imported with atlas import ota from a dataset release, in date order. Licence of the database: ODC-BY 1.0. Attribution: \"Open Terms Archive contributors\" (and the collection's own attribution). The document texts are the platform's own works, stored under texts/ as evidence for the hashes and quotations.",
			s.service, s.termsType), 79)
	}

	texts := map[string][]byte{} // the dataset's texts by SHA-256
	for _, cp := range s.captures {
		texts[cp.sum] = cp.data
	}

	// Match captures with recorded versions.
	type key struct {
		sec int64
		sum string
	}
	byKey := map[key]int{}
	byTime := map[int64]int{}
	for i, v := range vf.versions {
		k := key{v.Captured.Unix(), v.SHA256}
		if _, dup := byKey[k]; !dup {
			byKey[k] = i
		}
		if _, dup := byTime[k.sec]; !dup {
			byTime[k.sec] = i
		}
	}
	matched := map[int]bool{}
	var fresh []version
	for _, cp := range s.captures {
		if i, ok := byKey[key{cp.at.Unix(), cp.sum}]; ok {
			matched[i] = true
			continue
		}
		if i, ok := byTime[cp.at.Unix()]; ok {
			rep.Conflicts++
			rep.Notes = append(rep.Notes, fmt.Sprintf("%s: the version recorded at %s has SHA-256 %s, this file %s; not imported (check which is right)", path.Join(p.opt.Label, cp.path), instant(vf.versions[i].Captured), vf.versions[i].SHA256, cp.sum))
			continue
		}
		n := int64(len(cp.data))
		fresh = append(fresh, version{Captured: cp.at, SHA256: cp.sum, Bytes: &n, Text: textName(cp.sum), fresh: true})
	}
	changed := !exists
	for i := range vf.versions {
		v := &vf.versions[i]
		if _, have := texts[v.SHA256]; v.Text != "" || !have {
			if matched[i] {
				rep.Skipped++
			}
			continue
		}
		v.Text = textName(v.SHA256)
		changed = true
		if matched[i] {
			rep.Updated++
		} else {
			rep.Others++
		}
	}
	rep.Created = len(fresh)

	// Insert the new versions in date order, never moving a recorded one.
	merged := make([]version, 0, len(vf.versions)+len(fresh))
	j := 0
	for _, v := range vf.versions {
		for j < len(fresh) && fresh[j].Captured.Before(v.Captured) {
			merged = append(merged, fresh[j])
			j++
		}
		merged = append(merged, v)
	}
	merged = append(merged, fresh[j:]...)
	vf.versions = merged

	textOf := func(sum string) ([]byte, bool) {
		if b, ok := texts[sum]; ok {
			return b, true
		}
		for _, v := range vf.versions {
			if v.SHA256 == sum && v.Text != "" {
				f := path.Join(d.dir, v.Text)
				if p.c.Texts[f] == sum {
					if b, err := fs.ReadFile(p.site, f); err == nil {
						return b, true
					}
				}
			}
		}
		return nil, false
	}
	unknown := 0
	for i := range vf.versions {
		v := &vf.versions[i]
		if !v.fresh {
			continue
		}
		changed = true
		var prev []byte
		if i == 0 {
			v.Event = "first_record"
			if len(vf.versions) > 1 && !vf.versions[1].fresh {
				rep.Notes = append(rep.Notes, fmt.Sprintf("the capture of %s is older than the first recorded version; it is now the first_record (the event of the version after it is left as it was)", instant(v.Captured)))
			}
		} else {
			v.Event = "change"
			var ok bool
			if prev, ok = textOf(vf.versions[i-1].SHA256); !ok {
				unknown++
				continue
			}
		}
		a, r := lineDiff(prev, texts[v.SHA256])
		v.LinesAdded, v.LinesRemoved = &a, &r
	}
	if unknown > 0 {
		rep.Notes = append(rep.Notes, fmt.Sprintf("%d new version%s left without lines_added/lines_removed: the text of the version before is not available", unknown, plural(unknown)))
	}

	// Store each text a version names and the dataset provides, once.
	stored := map[string]bool{}
	for _, v := range vf.versions {
		if _, have := texts[v.SHA256]; v.Text != textName(v.SHA256) || !have || stored[v.SHA256] {
			continue
		}
		stored[v.SHA256] = true
		f := d.dir + "/" + v.Text
		switch got, ok := p.c.Texts[f]; {
		case !ok:
			p.write(f, texts[v.SHA256])
			rep.Texts++
		case got != v.SHA256:
			rep.Notes = append(rep.Notes, fmt.Sprintf("%s exists with other content (SHA-256 %s); not overwritten", f, got))
		}
	}

	if changed {
		if vf.dropped && hasCommentsAfterHeader(vf) {
			p.fail(s, "%s: its layout is not one the importer can rewrite without losing comments; move the comments to the top of the file and import again", file)
			return
		}
		p.write(file, vf.bytes())
	}

	if d.doc != nil {
		first, last := s.captures[0].at, s.captures[len(s.captures)-1].at
		if day(last).After(d.doc.LastVerified) {
			rep.Notes = append(rep.Notes, fmt.Sprintf("the newest capture (%s) is after last_verified %s; document.toml is left as the editors wrote it", localDate(last), localDate(d.doc.LastVerified)))
		}
		if day(first).Before(d.doc.FirstTracked) {
			rep.Notes = append(rep.Notes, fmt.Sprintf("the oldest capture (%s) is before first_tracked %s; document.toml is left as the editors wrote it", localDate(first), localDate(d.doc.FirstTracked)))
		}
	}
}

func textName(sum string) string { return "texts/" + sum + ".md" }

func day(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// hasCommentsAfterHeader reports whether a rewrite of a file whose layout
// was not recognised would lose comments.
func hasCommentsAfterHeader(vf *versionsFile) bool { return vf.raw != "" && commentAfterHeader(vf.raw) }

// It errs on the safe side: any # after the header counts.
func commentAfterHeader(src string) bool {
	inHeader := true
	for _, l := range strings.Split(src, "\n") {
		s := strings.TrimSpace(l)
		if inHeader {
			if s == "" || strings.HasPrefix(s, "#") {
				continue
			}
			inHeader = false
		}
		if strings.Contains(s, "#") {
			return true
		}
	}
	return false
}
