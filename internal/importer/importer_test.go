package importer

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/clauseatlas/atlas/internal/atlas"
	"github.com/clauseatlas/atlas/internal/check"
	"github.com/clauseatlas/atlas/internal/load"
	"github.com/clauseatlas/atlas/internal/problem"
	"github.com/clauseatlas/atlas/internal/sitetest"
)

const (
	acmeDoc  = "data/platforms/acme/terms/document.toml"
	acmeVers = "data/platforms/acme/terms/versions.toml"
	sha1s    = "1111111111111111111111111111111111111111111111111111111111111111"
)

// acmeHistory is the fixture's history with editor-written fields and
// comments, which an import must keep.
const acmeHistory = `# Acme's terms, as recorded by hand.

[[version]]
captured = 2026-01-05T10:00:00Z
sha256 = "` + sha1s + `"
bytes = 30
event = "first_record"
source = "OpenTermsArchive/contrib-versions@c61a6c632dc7" # the commit

# The change that matters.
[[version]]
captured = 2026-02-01T10:00:00Z
sha256 = "` + sitetest.TextSHA + `"
bytes = 32
lines_added = 1
lines_removed = 1
event = "change"
text = "texts/` + sitetest.TextSHA + `.md"
summary = "Adds a \"no scraping\" rule."
severity = "high"
`

// fixture is the shared test atlas with an [ota] table on Acme's terms and
// an edited history.
func fixture() fstest.MapFS {
	files := sitetest.Fixture()
	// The history is replaced: drop the texts the shared fixture stores
	// beside it, but the one acmeHistory names.
	for name := range files {
		if strings.HasPrefix(name, "data/platforms/acme/terms/texts/") && !strings.HasSuffix(name, sitetest.TextSHA+".md") {
			delete(files, name)
		}
	}
	files[acmeDoc] += "\n[ota]\ncollection = \"contrib\"\nservice = \"Acme AI\"\nterms_type = \"Terms of Service\"\n"
	files[acmeVers] = acmeHistory
	return sitetest.FS(files)
}

const (
	textJan = "Acme terms.\nDraft.\n"
	textMar = sitetest.StoredText + "You may not train.\n"
)

// dataset is a small release: Acme's terms (one recorded capture, one new
// capture between the recorded ones, one after), Beta's privacy policy
// (named in another case: a new document under Beta Social) and a service
// the atlas does not know (a new platform).
func dataset() fstest.MapFS {
	return fstest.MapFS{
		"README.md": {Data: []byte("# A dataset release\n")},
		".DS_Store": {Data: []byte{0}},
		"Acme AI/Terms of Service/2026-02-01T10-00-00Z.md":    {Data: []byte(sitetest.StoredText)},
		"Acme AI/Terms of Service/2026-01-20T00-00-00Z.md":    {Data: []byte(textJan)},
		"Acme AI/Terms of Service/2026-03-01T00-00-00Z.md":    {Data: []byte(textMar)},
		"beta social/Privacy Policy/2025-12-01T08-30-00Z.md":  {Data: []byte("Beta privacy.\n")},
		"beta social/Privacy Policy/2026-01-01T08-30-00Z.md":  {Data: []byte("Beta privacy.\nWe sell nothing.\n")},
		"beta social/Privacy Policy/2026-02-01T08-30-00Z.md":  {Data: []byte("Beta privacy.\n")},
		"Gamma Café/Terms of Service/2024-05-06T07-08-09Z.md": {Data: []byte("Gamma terms.\n")},
	}
}

func sum(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// apply returns a copy of site with the writes made.
func apply(site fstest.MapFS, writes []Write) fstest.MapFS {
	out := fstest.MapFS{}
	for k, v := range site {
		out[k] = v
	}
	for _, w := range writes {
		out[w.Path] = &fstest.MapFile{Data: w.Data}
	}
	return out
}

// loadCheck loads and checks an atlas and fails the test on any problem.
func loadCheck(t *testing.T, fsys fs.FS) *atlas.Corpus {
	t.Helper()
	c, probs := load.Corpus(fsys)
	probs.Append(check.Corpus(c).Items()...)
	probs.Resolve(load.Lines(fsys))
	if probs.Len() > 0 {
		var b strings.Builder
		for _, p := range probs.Items() {
			b.WriteString(p.String() + "\n")
		}
		t.Fatalf("atlas has problems:\n%s", b.String())
	}
	return c
}

func docByID(c *atlas.Corpus, id string) *atlas.Document {
	for i := range c.Documents {
		if c.Documents[i].ID == id {
			return &c.Documents[i]
		}
	}
	return nil
}

func writePaths(ws []Write) []string {
	var out []string
	for _, w := range ws {
		state := "changed"
		if w.New {
			state = "new"
		}
		out = append(out, state+" "+w.Path)
	}
	return out
}

func TestImportFixture(t *testing.T) {
	site := fixture()
	plan, err := OTA(dataset(), site, Options{Sector: "ai", Label: "ds"})
	if err != nil {
		t.Fatal(err)
	}
	wantWrites := []string{
		"new data/platforms/gamma-cafe/platform.toml",
		"new data/platforms/beta/privacy-policy/document.toml",
		"new data/platforms/gamma-cafe/terms-of-service/document.toml",
		"new data/platforms/acme/terms/texts/" + sum(textMar) + ".md", // b011…
		"new data/platforms/acme/terms/texts/" + sum(textJan) + ".md", // 4368…
		"new data/platforms/beta/privacy-policy/texts/" + sum("Beta privacy.\n") + ".md",
		"new data/platforms/beta/privacy-policy/texts/" + sum("Beta privacy.\nWe sell nothing.\n") + ".md",
		"new data/platforms/gamma-cafe/terms-of-service/texts/" + sum("Gamma terms.\n") + ".md",
		"changed data/platforms/acme/terms/versions.toml",
		"new data/platforms/beta/privacy-policy/versions.toml",
		"new data/platforms/gamma-cafe/terms-of-service/versions.toml",
	}
	if got := writePaths(plan.Writes); !reflect.DeepEqual(got, wantWrites) {
		t.Fatalf("writes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantWrites, "\n"))
	}

	type counts struct {
		folder, doc, platform            string
		newPlatform, newDoc              bool
		created, updated, skipped, texts int
	}
	var got []counts
	for _, d := range plan.Report.Documents {
		got = append(got, counts{d.Folder, d.DocumentID, d.PlatformID, d.NewPlatform, d.NewDocument, d.Created, d.Updated, d.Skipped, d.Texts})
	}
	want := []counts{
		{"Acme AI/Terms of Service", "CA-D-00001", "CA-E-00001", false, false, 2, 0, 1, 2},
		{"Gamma Café/Terms of Service", "CA-D-00003", "CA-E-00003", true, true, 1, 0, 0, 1},
		{"beta social/Privacy Policy", "CA-D-00004", "CA-E-00002", false, true, 3, 0, 0, 2},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("report:\n%+v\nwant:\n%+v", got, want)
	}

	after := apply(site, plan.Writes)
	c := loadCheck(t, after)

	// The merged history: recorded versions exactly as they were, new ones
	// in date order with their counts, every text stored.
	wantHistory := `# Acme's terms, as recorded by hand.

[[version]]
captured = 2026-01-05T10:00:00Z
sha256 = "` + sha1s + `"
bytes = 30
event = "first_record"
source = "OpenTermsArchive/contrib-versions@c61a6c632dc7" # the commit

[[version]]
captured = 2026-01-20T00:00:00Z
sha256 = "` + sum(textJan) + `"
bytes = 19
event = "change"
text = "texts/` + sum(textJan) + `.md"

# The change that matters.
[[version]]
captured = 2026-02-01T10:00:00Z
sha256 = "` + sitetest.TextSHA + `"
bytes = 32
lines_added = 1
lines_removed = 1
event = "change"
text = "texts/` + sitetest.TextSHA + `.md"
summary = "Adds a \"no scraping\" rule."
severity = "high"

[[version]]
captured = 2026-03-01T00:00:00Z
sha256 = "` + sum(textMar) + `"
bytes = 51
lines_added = 1
lines_removed = 0
event = "change"
text = "texts/` + sum(textMar) + `.md"
`
	if got := string(after[acmeVers].Data); got != wantHistory {
		t.Fatalf("merged history:\n%s\nwant:\n%s", got, wantHistory)
	}
	notes := strings.Join(plan.Report.Documents[0].Notes, "\n")
	if !strings.Contains(notes, "1 new version left without lines_added/lines_removed") {
		t.Errorf("notes do not say why lines are missing:\n%s", notes)
	}
	if !strings.Contains(notes, "the newest capture (2026-03-01) is after last_verified 2026-02-01") {
		t.Errorf("notes do not mention last_verified:\n%s", notes)
	}
	if !bytes.Equal(after[acmeDoc].Data, site[acmeDoc].Data) {
		t.Error("an existing document.toml was changed")
	}

	// The new document under Beta Social.
	beta := docByID(c, "CA-D-00004")
	if beta == nil || beta.Platform != "CA-E-00002" || beta.Slug != "privacy-policy" || beta.Type != "privacy-policy" ||
		beta.Title != "Beta Social Privacy Policy" || beta.SourceURL != "" ||
		beta.FirstTracked.Format("2006-01-02") != "2025-12-01" || beta.LastVerified.Format("2006-01-02") != "2026-02-01" ||
		beta.OTA == nil || *beta.OTA != (atlas.OTARef{Service: "beta social", TermsType: "Privacy Policy"}) {
		t.Fatalf("new document: %+v", beta)
	}
	var events []string
	for _, v := range beta.Versions {
		events = append(events, v.Event)
		if v.Text != "texts/"+v.SHA256+".md" {
			t.Errorf("version %s names text %q", v.Captured, v.Text)
		}
	}
	if strings.Join(events, " ") != "first_record change change" || beta.Versions[1].LinesAdded != 1 || beta.Versions[2].LinesRemoved != 1 || beta.Versions[0].LinesAdded != 1 {
		t.Errorf("new history: %+v", beta.Versions)
	}

	// The new platform.
	var gamma *atlas.Platform
	for i := range c.Platforms {
		if c.Platforms[i].ID == "CA-E-00003" {
			gamma = &c.Platforms[i]
		}
	}
	if gamma == nil || gamma.Name != "Gamma Café" || gamma.Slug != "gamma-cafe" || gamma.Sector != "ai" || gamma.Website != "" {
		t.Fatalf("new platform: %+v", gamma)
	}
	if !strings.Contains(string(after["data/platforms/gamma-cafe/platform.toml"].Data), "# The dataset does not give the platform's website") {
		t.Error("the placeholder website is not marked")
	}

	// Printing the report.
	var out bytes.Buffer
	plan.Print(&out, false)
	for _, want := range []string{
		"Acme AI / Terms of Service → CA-D-00001 data/platforms/acme/terms\n    3 version files: 2 created, 0 updated, 1 skipped; 2 texts stored\n",
		"Gamma Café / Terms of Service → new platform CA-E-00003, new document CA-D-00003 data/platforms/gamma-cafe/terms-of-service\n",
		"total: 7 version files of 3 documents: 6 created, 0 updated, 1 skipped; 5 texts stored; 1 platform and 2 documents created\n",
		"files written: 11 (10 new, 1 changed)\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

// Importing again what was just imported plans no write; so does importing
// through the overlay the planner verifies with.
func TestImportIsIdempotent(t *testing.T) {
	site := fixture()
	plan, err := OTA(dataset(), site, Options{Sector: "ai"})
	if err != nil {
		t.Fatal(err)
	}
	for name, fsys := range map[string]fs.FS{"applied": apply(site, plan.Writes), "overlay": Overlay(site, plan.Writes)} {
		again, err := OTA(dataset(), fsys, Options{Sector: "ai"})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(again.Writes) != 0 {
			t.Fatalf("%s: second import writes %v", name, writePaths(again.Writes))
		}
		tot := again.Report.Totals()
		if tot.Created != 0 || tot.Updated != 0 || tot.Skipped != 7 || tot.Texts != 0 {
			t.Fatalf("%s: second import: %+v", name, tot)
		}
		for _, d := range again.Report.Documents {
			if d.NewDocument || d.NewPlatform {
				t.Fatalf("%s: second import creates %+v", name, d)
			}
		}
	}
}

// A recorded version without a text gets one when the dataset has the
// same text, even when no capture matches it (an update); a capture at the
// time of a recorded version with another text is a conflict, not imported.
func TestImportUpdatesAndConflicts(t *testing.T) {
	site := fixture()
	files := map[string]string{}
	// The recorded first version's text, under its real hash.
	first := "Acme terms, first.\n"
	site[acmeVers] = &fstest.MapFile{Data: []byte(strings.Replace(acmeHistory, sha1s, sum(first), 1))}
	files["Acme AI/Terms of Service/2026-01-05T10-00-00Z.md"] = "Not what was recorded.\n" // conflict
	files["Acme AI/Terms of Service/2026-02-15T00-00-00Z.md"] = first                      // flaps back
	ds := fstest.MapFS{}
	for k, v := range files {
		ds[k] = &fstest.MapFile{Data: []byte(v)}
	}
	plan, err := OTA(ds, site, Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := plan.Report.Documents[0]
	if d.Created != 1 || d.Updated != 0 || d.Others != 1 || d.Conflicts != 1 || d.Texts != 1 {
		t.Fatalf("report %+v", d)
	}
	if !strings.Contains(strings.Join(d.Notes, "\n"), "Acme AI/Terms of Service/2026-01-05T10-00-00Z.md: the version recorded at 2026-01-05T10:00:00Z has SHA-256 "+sum(first)) {
		t.Errorf("conflict not reported: %q", d.Notes)
	}
	c := loadCheck(t, apply(site, plan.Writes))
	vs := docByID(c, "CA-D-00001").Versions
	if len(vs) != 3 || vs[0].Text != "texts/"+sum(first)+".md" || vs[0].Source == "" || vs[2].SHA256 != sum(first) ||
		vs[2].LinesAdded != 1 || vs[2].LinesRemoved != 1 || vs[1].Summary == "" {
		t.Fatalf("history %+v", vs)
	}
}

func TestImportMatching(t *testing.T) {
	// The [ota] table matches ignoring case when nothing matches exactly.
	site := fixture()
	ds := fstest.MapFS{"acme ai/terms of service/2026-02-01T10-00-00Z.md": {Data: []byte(sitetest.StoredText)}}
	plan, err := OTA(ds, site, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d := plan.Report.Documents[0]; d.DocumentID != "CA-D-00001" || d.Skipped != 1 || len(plan.Writes) != 0 {
		t.Fatalf("case-insensitive match: %+v, writes %v", d, writePaths(plan.Writes))
	}

	// An exact match wins over one that differs in case.
	files := sitetest.Fixture()
	files[acmeDoc] += "\n[ota]\nservice = \"acme ai\"\nterms_type = \"terms of service\"\n"
	files["data/platforms/beta/tos/document.toml"] += "\n[ota]\nservice = \"Acme AI\"\nterms_type = \"Terms of Service\"\n"
	plan, err = OTA(fstest.MapFS{"Acme AI/Terms of Service/2026-02-01T10-00-00Z.md": {Data: []byte(sitetest.StoredText)}}, sitetest.FS(files), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d := plan.Report.Documents[0]; d.DocumentID != "CA-D-00002" || d.Created != 1 {
		t.Fatalf("exact match: %+v", d)
	}

	// IDs already published (in the ledger) are not reused; slugs the
	// ledger has published, and folders in use, are not taken.
	site = fixture()
	site["data/urls.tsv"] = &fstest.MapFile{Data: []byte("/id/CA-E-00007/\tCA-E-00007\n/id/CA-D-00009/\tCA-D-00009\n/platform/gamma-cafe/\tCA-E-00007\n")}
	site["data/platforms/beta/privacy-policy/.keep"] = &fstest.MapFile{Data: nil}
	plan, err = OTA(fstest.MapFS{
		"Gamma Café/Terms of Service/2024-05-06T07-08-09Z.md": {Data: []byte("x")},
		"Beta Social/Privacy Policy/2024-05-06T07-08-09Z.md":  {Data: []byte("y")},
	}, site, Options{Sector: "social"})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, d := range plan.Report.Documents {
		ids[d.Folder] = d.PlatformID + " " + d.DocumentID + " " + d.Dir
	}
	if ids["Gamma Café/Terms of Service"] != "CA-E-00008 CA-D-00011 data/platforms/gamma-cafe-2/terms-of-service" ||
		ids["Beta Social/Privacy Policy"] != "CA-E-00002 CA-D-00010 data/platforms/beta/privacy-policy-2" {
		t.Fatalf("ids and folders: %v", ids)
	}
	loadCheck(t, apply(site, plan.Writes))
}

func TestImportErrors(t *testing.T) {
	v := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	tests := []struct {
		name string
		ds   fstest.MapFS
		edit func(fstest.MapFS)
		opt  Options
		want []string
	}{
		{
			name: "file name not a timestamp",
			ds: fstest.MapFS{
				"Acme AI/Terms of Service/2026-02-30T10-00-00Z.md": v("x"),
				"Acme AI/Terms of Service/notes.txt":               v("x"),
				"Acme AI/Terms of Service/2026-02-01T10-00-00Z.md": v("x"),
			},
			want: []string{
				`ds/Acme AI/Terms of Service/2026-02-30T10-00-00Z.md: file name "2026-02-30T10-00-00Z.md" is not a recording time: expected YYYY-MM-DDTHH-MM-SSZ.md, like 2026-01-24T00-33-23Z.md`,
				"ds/Acme AI/Terms of Service/notes.txt: not a version file: expected a name like 2026-01-24T00-33-23Z.md (the recording time in UTC)",
			},
		},
		{
			name: "layout",
			ds: fstest.MapFS{
				"Acme AI/2026-02-01T10-00-00Z.md":                      v("x"),
				"Acme AI/Terms of Service/old/2026-02-01T10-00-00Z.md": v("x"),
			},
			want: []string{
				"ds/Acme AI/2026-02-01T10-00-00Z.md: not a terms type folder: a dataset release holds <Service>/<Terms type>/<YYYY-MM-DDTHH-MM-SSZ>.md",
				"ds/Acme AI/Terms of Service/old: unexpected folder: a terms type folder holds only version files named YYYY-MM-DDTHH-MM-SSZ.md",
			},
		},
		{
			name: "name not UTF-8",
			ds:   fstest.MapFS{"Acme \xff/Terms of Service/2026-02-01T10-00-00Z.md": v("x")},
			want: []string{"ds/Acme \xff: the folder name is not valid UTF-8, so it cannot be recorded as a service name; rename it"},
		},
		{
			name: "empty dataset",
			ds:   fstest.MapFS{"README.md": v("x")},
			want: []string{"ds: no documents found: a dataset release holds <Service>/<Terms type>/<YYYY-MM-DDTHH-MM-SSZ>.md"},
		},
		{
			name: "default sector missing",
			ds:   fstest.MapFS{"Gamma/Terms of Service/2026-02-01T10-00-00Z.md": v("x")},
			want: []string{`ds/Gamma/Terms of Service: no platform is named "Gamma", so the import would create one in sector "other", which data/site.toml does not define; pass --sector with one of: ai, social`},
		},
		{
			name: "explicit sector missing",
			ds:   fstest.MapFS{"Acme AI/Terms of Service/2026-02-01T10-00-00Z.md": v("x")},
			opt:  Options{Sector: "cloud"},
			want: []string{`sector "cloud" is not a sector key of data/site.toml; pass --sector with one of: ai, social`},
		},
		{
			name: "two folders, one document",
			ds: fstest.MapFS{
				"Acme AI/Terms of Service/2026-02-01T10-00-00Z.md": v(sitetest.StoredText),
				"acme ai/terms of service/2026-02-01T10-00-00Z.md": v(sitetest.StoredText),
			},
			want: []string{`ds/acme ai/terms of service: maps onto document CA-D-00001 (data/platforms/acme/terms), as does the dataset folder "Acme AI/Terms of Service"; a document takes one history`},
		},
		{
			name: "atlas does not load",
			ds:   fstest.MapFS{"Acme AI/Terms of Service/2026-02-01T10-00-00Z.md": v("x")},
			edit: func(m fstest.MapFS) { m[acmeVers] = v("[[version]]\ncaptured = 2026-01-05\n") },
			want: []string{
				"the atlas has 1 problem; fix it before importing (atlas check lists them):",
				"data/platforms/acme/terms/versions.toml:2: version.captured needs a time zone offset, like 2026-01-05T00:00:00Z",
			},
		},
		{
			name: "history with comments in an unknown layout",
			ds:   fstest.MapFS{"Acme AI/Terms of Service/2026-03-01T10-00-00Z.md": v("x")},
			edit: func(m fstest.MapFS) {
				m[acmeVers] = v("version = [ # inline\n {captured = 2026-01-05T10:00:00Z, sha256 = \"" + sitetest.TextSHA + "\", text = \"texts/" + sitetest.TextSHA + ".md\"},\n]\n")
			},
			want: []string{"ds/Acme AI/Terms of Service: data/platforms/acme/terms/versions.toml: its layout is not one the importer can rewrite without losing comments; move the comments to the top of the file and import again"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := fixture()
			if tt.edit != nil {
				tt.edit(site)
			}
			opt := tt.opt
			opt.Label = "ds"
			plan, err := OTA(tt.ds, site, opt)
			if err == nil {
				t.Fatalf("no error; plan %v", writePaths(plan.Writes))
			}
			var got []string
			var pe *problem.Error
			if errors.As(err, &pe) {
				for _, p := range pe.Problems {
					got = append(got, p.String())
				}
			} else {
				got = []string{err.Error()}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// A history without comments after its header in another layout is
// rewritten in the canonical one.
func TestImportRewritesOtherLayouts(t *testing.T) {
	site := fixture()
	site[acmeVers] = &fstest.MapFile{Data: []byte("# Header.\nversion = [\n {captured = 2026-01-05T10:00:00Z, sha256 = \"" + sitetest.TextSHA + "\", text = \"texts/" + sitetest.TextSHA + ".md\"},\n]\n")}
	plan, err := OTA(fstest.MapFS{"Acme AI/Terms of Service/2026-03-01T10-00-00Z.md": {Data: []byte(textMar)}}, site, Options{})
	if err != nil {
		t.Fatal(err)
	}
	after := apply(site, plan.Writes)
	loadCheck(t, after)
	if got := string(after[acmeVers].Data); !strings.HasPrefix(got, "# Header.\n\n[[version]]\ncaptured = 2026-01-05T10:00:00Z\n") {
		t.Fatalf("rewritten:\n%s", got)
	}
}

// An empty capture (a page that came back blank) is a version like any
// other, with an empty stored text.
func TestImportEmptyCapture(t *testing.T) {
	site := fixture()
	ds := fstest.MapFS{
		"Acme AI/Terms of Service/2026-03-01T00-00-00Z.md": {Data: nil},
		"Acme AI/Terms of Service/2026-04-01T00-00-00Z.md": {Data: []byte(sitetest.StoredText)},
	}
	plan, err := OTA(ds, site, Options{})
	if err != nil {
		t.Fatal(err)
	}
	after := apply(site, plan.Writes)
	vs := docByID(loadCheck(t, after), "CA-D-00001").Versions
	if len(vs) != 4 || vs[2].Bytes != 0 || vs[2].LinesRemoved != 1 || vs[2].Text != "texts/"+sum("")+".md" || vs[3].LinesAdded != 1 || vs[3].LinesRemoved != 0 {
		t.Fatalf("history %+v", vs)
	}
	if again, err := OTA(ds, after, Options{}); err != nil || len(again.Writes) != 0 {
		t.Fatalf("second import: %v %v", err, again)
	}
}
