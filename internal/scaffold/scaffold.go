// Package scaffold plans new records for `atlas new`: a platform, a
// document or a clause, placed where docs/schema.md says it lives, with
// the next free ID, a slug made from its name, today's date, and every
// required field present with a comment saying what goes there.
//
// Required text the command cannot know is left as an empty string, so
// `atlas check` names each field still to fill in ("missing required
// field") and a half-written record can never be published by mistake.
//
// Planning only reads the site root; the caller writes the planned file
// (with write.Tree, which refuses to overwrite anything).
package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/clauseatlas/atlas/internal/atlas"
	"github.com/clauseatlas/atlas/internal/importer"
	"github.com/clauseatlas/atlas/internal/load"
	"github.com/clauseatlas/atlas/internal/suggest"
)

// Kinds of record that can be scaffolded.
const (
	Platform = "platform"
	Document = "document"
	Clause   = "clause"
)

// Request says what to scaffold.
type Request struct {
	Kind string // Platform, Document or Clause
	// Title is the platform's name, or the document's or clause's title.
	Title string
	// Slug overrides the slug made from Title; it must then be free.
	Slug string
	// Sector is a platform's sector key (site.toml).
	Sector string
	// Parent is a document's platform (ID or slug) or a clause's document
	// (ID, or platform-slug/document-slug).
	Parent string
	// Type is a document's type or a clause's clause type key.
	Type string
	// Now is the moment of scaffolding: today's date and the analysis
	// time come from it. It is the only wall-clock time in the program,
	// and it goes into the new file only.
	Now time.Time
}

// Plan is a record ready to be written.
type Plan struct {
	Path string // slash path relative to the site root
	ID   string
	URL  string // the record's page, once built
	Body []byte
}

// maxSlug keeps URLs readable; a title longer than this is cut at a word.
const maxSlug = 80

// New plans the record req asks for in the atlas under root.
func New(root fs.FS, req Request) (Plan, error) {
	req.Title = strings.TrimSpace(req.Title)
	if req.Title == "" {
		return Plan{}, errors.New(map[string]string{Platform: "--name", Document: "--title", Clause: "--title"}[req.Kind] + " is required")
	}
	if req.Now.IsZero() {
		return Plan{}, errors.New("scaffold: Request.Now is not set")
	}
	c, _ := load.Corpus(root) // problems elsewhere in the atlas do not stop a new record
	if c.Site.Pos.File == "" {
		return Plan{}, errors.New("no data/site.toml: is this a site root?")
	}
	ids, err := usedIDs(root)
	if err != nil {
		return Plan{}, err
	}
	switch req.Kind {
	case Platform:
		return newPlatform(root, c, ids, req)
	case Document:
		return newDocument(root, c, ids, req)
	case Clause:
		return newClause(root, c, ids, req)
	}
	return Plan{}, fmt.Errorf("cannot scaffold a %q: choose platform, document or clause", req.Kind)
}

// reID finds record IDs anywhere in the data: in records, in references,
// in files that do not decode, and in the URL ledger, which keeps the IDs
// of retired records so they are never given out again.
var reID = regexp.MustCompile(`CA-(E|D)-([0-9]{5})\b|CA-P-([0-9]{6})\b`)

// usedIDs returns the highest number in use for each ID letter.
func usedIDs(root fs.FS) (map[string]int, error) {
	top := map[string]int{}
	err := fs.WalkDir(root, load.DataDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !(strings.HasSuffix(p, ".toml") || strings.HasSuffix(p, ".tsv")) {
			return nil
		}
		b, err := fs.ReadFile(root, p)
		if err != nil {
			return err
		}
		for _, m := range reID.FindAllSubmatch(b, -1) {
			letter, digits := string(m[1]), string(m[2])
			if letter == "" {
				letter, digits = "P", string(m[3])
			}
			n, _ := strconv.Atoi(digits)
			top[letter] = max(top[letter], n)
		}
		return nil
	})
	return top, err
}

// nextID is the ID after the highest one used: IDs are never reused, so
// gaps (retired or never published) stay gaps.
func nextID(ids map[string]int, letter string) (string, error) {
	width := 5
	if letter == "P" {
		width = 6
	}
	n := ids[letter] + 1
	if len(strconv.Itoa(n)) > width {
		return "", fmt.Errorf("no %s IDs left: CA-%s-%s is taken", letter, letter, strings.Repeat("9", width))
	}
	return fmt.Sprintf("CA-%s-%0*d", letter, width, n), nil
}

// slugAndID picks a new record's slug among taken and its next ID.
func slugAndID(req Request, taken map[string]bool, parent string, ids map[string]int, letter string) (slug, id string, err error) {
	if slug, err = slugFor(req, taken, parent); err != nil {
		return "", "", err
	}
	id, err = nextID(ids, letter)
	return slug, id, err
}

// slugFor returns the requested slug, or one made from the title, that
// none of taken holds. A requested slug that is taken is an error; a
// made one gets -2, -3, … instead.
func slugFor(req Request, taken map[string]bool, parent string) (string, error) {
	if req.Slug != "" {
		if importer.Slugify(req.Slug) != req.Slug {
			return "", fmt.Errorf("--slug %q must be lower-case ASCII letters, digits and single hyphens", req.Slug)
		}
		if taken[req.Slug] {
			return "", fmt.Errorf("slug %q is already used in %s (by a record, an alias or a folder)", req.Slug, parent)
		}
		return req.Slug, nil
	}
	base := importer.Slugify(req.Title)
	if len(base) > maxSlug {
		base = base[:maxSlug]
		if i := strings.LastIndexByte(base, '-'); i > maxSlug/2 {
			base = base[:i]
		}
		base = strings.TrimRight(base, "-")
	}
	if base == "" {
		return "", fmt.Errorf("cannot make a slug from %q: give one with --slug", req.Title)
	}
	s := base
	for i := 2; taken[s]; i++ {
		s = base + "-" + strconv.Itoa(i)
	}
	return s, nil
}

// entries adds the names in dir (without a .toml suffix) to taken, so a
// new record never lands in an existing folder or file.
func entries(root fs.FS, dir string, taken map[string]bool) {
	es, _ := fs.ReadDir(root, dir)
	for _, e := range es {
		taken[strings.TrimSuffix(e.Name(), ".toml")] = true
	}
}

func exists(root fs.FS, p string) bool {
	_, err := fs.Stat(root, p)
	return err == nil
}

// choose checks v against the allowed values and says which are allowed
// (and which one was probably meant) when it is not one of them.
func choose(flag, v string, allowed []string) error {
	for _, a := range allowed {
		if v == a {
			return nil
		}
	}
	if v == "" {
		return fmt.Errorf("%s is required: one of %s", flag, strings.Join(allowed, ", "))
	}
	msg := fmt.Sprintf("%s %q is not one of: %s", flag, v, strings.Join(allowed, ", "))
	if s := suggest.Nearest(v, allowed); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	return errors.New(msg)
}

func date(t time.Time) string { return t.Format(time.DateOnly) }

func newPlatform(root fs.FS, c *atlas.Corpus, ids map[string]int, req Request) (Plan, error) {
	var sectors []string
	for _, s := range c.Site.Sectors {
		sectors = append(sectors, s.Key)
	}
	if err := choose("--sector", req.Sector, sectors); err != nil {
		return Plan{}, err
	}
	taken := map[string]bool{}
	for _, p := range c.Platforms {
		taken[p.Slug] = true
		for _, a := range p.Aliases {
			taken[a] = true
		}
	}
	entries(root, "data/platforms", taken)
	slug, id, err := slugAndID(req, taken, "the atlas's platforms", ids, "E")
	if err != nil {
		return Plan{}, err
	}
	var b builder
	b.comment("Platform record, scaffolded by atlas new on %s. See docs/schema.md.", date(req.Now))
	b.comment("Fill in every field marked required, then run atlas check.")
	b.kv("id", quote(id), "permanent: never change or reuse it")
	b.kv("name", quote(req.Title), "required")
	b.kv("slug", quote(slug), "required; URL /platform/"+slug+"/")
	b.kv("website", `""`, "the platform's own site (https://…), when known")
	b.kv("sector", quote(req.Sector), "required: "+strings.Join(sectors, ", "))
	b.kv("description", `""`, "required: one sentence saying what the platform is")
	b.kv("aliases", "[]", "old slugs, after a rename: /platform/<alias>/ redirects here")
	return Plan{Path: "data/platforms/" + slug + "/platform.toml", ID: id, URL: "/platform/" + slug + "/", Body: b.bytes()}, nil
}

func findPlatform(c *atlas.Corpus, ref string) (*atlas.Platform, error) {
	var names []string
	for i := range c.Platforms {
		p := &c.Platforms[i]
		if p.ID == ref || p.Slug == ref {
			return p, nil
		}
		names = append(names, p.Slug)
	}
	if ref == "" {
		return nil, errors.New("--platform is required: a platform ID (CA-E-#####) or slug")
	}
	msg := fmt.Sprintf("no platform %q", ref)
	if s := suggest.Nearest(ref, names); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	return nil, errors.New(msg)
}

func newDocument(root fs.FS, c *atlas.Corpus, ids map[string]int, req Request) (Plan, error) {
	pl, err := findPlatform(c, req.Parent)
	if err != nil {
		return Plan{}, err
	}
	types := make([]string, 0, len(atlas.DocumentTypes))
	for k := range atlas.DocumentTypes {
		types = append(types, k)
	}
	sort.Strings(types)
	if err := choose("--type", req.Type, types); err != nil {
		return Plan{}, err
	}
	dir := path.Dir(pl.Pos.File)
	taken := map[string]bool{}
	for _, d := range c.Documents {
		if d.Platform == pl.ID {
			taken[d.Slug] = true
			for _, a := range d.Aliases {
				taken[a] = true
			}
		}
	}
	entries(root, dir, taken) // platform.toml takes "platform"
	slug, id, err := slugAndID(req, taken, "platform "+pl.Slug, ids, "D")
	if err != nil {
		return Plan{}, err
	}
	url := "/platform/" + pl.Slug + "/" + slug + "/"
	var b builder
	b.comment("Document record, scaffolded by atlas new on %s. See docs/schema.md.", date(req.Now))
	b.comment("Fill in every field marked required, then run atlas check.")
	b.kv("id", quote(id), "permanent: never change or reuse it")
	b.kv("platform", quote(pl.ID), pl.Name)
	b.kv("title", quote(req.Title), "required: the document's own title")
	b.kv("slug", quote(slug), "required; URL "+url)
	b.kv("type", quote(req.Type), "required: "+atlas.DocumentTypes[req.Type]+"; see docs/schema.md for the others")
	b.kv("source_url", `""`, "where the document is published (https://…); leave empty only for a document known from a secondary quotation")
	b.kv("archive_url", `""`, "an archived copy (https://web.archive.org/…), when there is one")
	b.kv("# last_updated", date(req.Now), "the date the document itself states; uncomment when it states one")
	b.kv("first_tracked", date(req.Now), "required: when the atlas first recorded the document")
	b.kv("last_verified", date(req.Now), "required: when it was last checked against the source; not before first_tracked")
	b.kv("description", `""`, "what the document is, in a sentence")
	b.kv("aliases", "[]", "old slugs, after a rename")
	return Plan{Path: dir + "/" + slug + "/document.toml", ID: id, URL: url, Body: b.bytes()}, nil
}

func findDocument(c *atlas.Corpus, ref string) (*atlas.Document, *atlas.Platform, error) {
	platforms := map[string]*atlas.Platform{}
	for i := range c.Platforms {
		platforms[c.Platforms[i].ID] = &c.Platforms[i]
	}
	var names []string
	for i := range c.Documents {
		d := &c.Documents[i]
		pl := platforms[d.Platform]
		full := d.ID
		if pl != nil {
			full = pl.Slug + "/" + d.Slug
		}
		if d.ID == ref || full == ref {
			if pl == nil {
				return nil, nil, fmt.Errorf("document %s names platform %q, which does not load: run atlas check", d.ID, d.Platform)
			}
			return d, pl, nil
		}
		names = append(names, full)
	}
	if ref == "" {
		return nil, nil, errors.New("--document is required: a document ID (CA-D-#####) or platform-slug/document-slug")
	}
	msg := fmt.Sprintf("no document %q", ref)
	if s := suggest.Nearest(ref, names); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	return nil, nil, errors.New(msg)
}

func newClause(root fs.FS, c *atlas.Corpus, ids map[string]int, req Request) (Plan, error) {
	d, pl, err := findDocument(c, req.Parent)
	if err != nil {
		return Plan{}, err
	}
	var types []string
	typeName := map[string]string{}
	for _, t := range c.ClauseTypes {
		types = append(types, t.Key)
		typeName[t.Key] = t.Name
	}
	sort.Strings(types)
	if err := choose("--type", req.Type, types); err != nil {
		return Plan{}, err
	}
	dir := path.Dir(d.Pos.File) + "/clauses"
	taken := map[string]bool{}
	for _, cl := range c.Clauses {
		if cl.Document == d.ID {
			taken[cl.Slug] = true
			for _, a := range cl.Aliases {
				taken[a] = true
			}
		}
	}
	entries(root, dir, taken)
	slug, id, err := slugAndID(req, taken, "document "+d.ID, ids, "P")
	if err != nil {
		return Plan{}, err
	}
	file := dir + "/" + slug + ".toml"
	if exists(root, file) {
		return Plan{}, fmt.Errorf("%s already exists", file)
	}
	url := "/platform/" + pl.Slug + "/" + d.Slug + "/" + slug + "/"
	keys := func(n int, f func(int) string) string {
		var out []string
		for i := 0; i < n && len(out) < 4; i++ {
			out = append(out, f(i))
		}
		if n > len(out) {
			out = append(out, "…")
		}
		return strings.Join(out, ", ")
	}
	var b builder
	b.comment("Clause record, scaffolded by atlas new on %s. See docs/schema.md.", date(req.Now))
	b.comment("Fill in every field marked required, then run atlas check.")
	b.kv("id", quote(id), "permanent: never change or reuse it")
	b.kv("document", quote(d.ID), pl.Name+" · "+d.Title)
	b.kv("clause_type", quote(req.Type), typeName[req.Type])
	b.kv("title", quote(req.Title), "required: what the clause does, as a headline")
	b.kv("slug", quote(slug), "required; URL "+url)
	b.kv("severity", `""`, "required: high, medium or low")
	b.kv("confidence", `""`, "required: high, medium or low")
	b.kv("evidence", `""`, "required: explicit-language, implicit-language, absence-of-language, external-statement or secondary-quotation")
	b.kv("categories", "[]", "category keys besides the clause type's own: "+keys(len(c.Categories), func(i int) string { return c.Categories[i].Key }))
	b.kv("regulations", "[]", "regulation keys: "+keys(len(c.Regulations), func(i int) string { return c.Regulations[i].Key }))
	b.kv("agencies", "[]", "agency keys: "+keys(len(c.Agencies), func(i int) string { return c.Agencies[i].Key }))
	b.kv("locator", `""`, "where the quote sits in the document, e.g. § 50.5")
	b.kv("first_tracked", date(req.Now), "required")
	b.kv("last_verified", date(req.Now), "required: when the clause was last checked against the document")
	b.kv("analysis_generated", req.Now.UTC().Truncate(time.Second).Format(time.RFC3339), "required: when the analysis below was written")
	b.kv("# captured", req.Now.UTC().Truncate(time.Second).Format(time.RFC3339), "when the quoted text was captured; uncomment with sha256")
	b.kv("# sha256", `""`, "SHA-256 of that capture (64 hex digits), as in the document's versions.toml")
	b.kv("aliases", "[]", "old slugs or paths, after a rename")
	b.line("")
	b.comment("required: the document's own words, verbatim")
	b.line(`quote = ""`)
	b.comment("required: what the clause does, in plain words")
	b.line(`summary = ""`)
	b.comment("required: why a reader should care")
	b.line(`why_it_matters = ""`)
	b.comment("required: what it means for the people bound by it")
	b.line(`consumer_impact = ""`)
	b.comment("where the wording leaves room for doubt")
	b.line(`interpretive_note = ""`)
	b.comment("Markdown: the regulatory landscape, exposure, jurisdiction, what to do")
	b.line(`analysis = """`)
	b.line(`"""`)
	return Plan{Path: file, ID: id, URL: url, Body: b.bytes()}, nil
}

// builder writes a TOML record line by line, comments aligned.
type builder struct{ lines []string }

func (b *builder) comment(format string, args ...any) {
	b.lines = append(b.lines, "# "+fmt.Sprintf(format, args...))
}

func (b *builder) line(s string) { b.lines = append(b.lines, s) }

// kv writes key = value, with a comment saying what goes there.
func (b *builder) kv(key, value, comment string) {
	s := key + " = " + value
	if comment != "" {
		s += strings.Repeat(" ", max(1, 32-len(s))) + "  # " + comment
	}
	b.lines = append(b.lines, s)
}

func (b *builder) bytes() []byte { return []byte(strings.Join(b.lines, "\n") + "\n") }

// quote writes s as a TOML basic string.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
