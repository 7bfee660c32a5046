package importer

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"testing"
	"testing/fstest"

	"github.com/clauseatlas/atlas/internal/atlas"
)

// otaDataset is the real dataset-release sample of the shared corpus.
const otaDataset = "../../../shared/corpus/ota-dataset"

// bundledAtlas reads the repository's own data/ and content/ into memory.
func bundledAtlas(t *testing.T) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	for _, dir := range []string{"data", "content"} {
		err := filepath.WalkDir(filepath.Join("../..", dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel("../..", p)
			m[filepath.ToSlash(rel)] = &fstest.MapFile{Data: b}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return m
}

// TestImportRealDataset imports the whole sample (227 versions of 9
// documents) into a copy of the bundled atlas.
func TestImportRealDataset(t *testing.T) {
	if st, err := os.Stat(otaDataset); err != nil || !st.IsDir() {
		t.Skipf("%s not available", otaDataset)
	}
	if testing.Short() {
		t.Skip("reads 16 MB of texts")
	}
	ds := os.DirFS(otaDataset)
	// What the dataset holds, independently of the importer.
	files, err := fs.Glob(ds, "*/*/*.md")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 227 {
		t.Fatalf("the sample has %d version files, want 227", len(files))
	}
	type capKey struct{ at, sum string }
	captures := map[string][]capKey{} // Service/Terms type → captures
	for _, f := range files {
		b, err := fs.ReadFile(ds, f)
		if err != nil {
			t.Fatal(err)
		}
		at, err := ParseCaptureName(filepath.Base(f))
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.Sum256(b)
		dir := filepath.ToSlash(filepath.Dir(f))
		captures[dir] = append(captures[dir], capKey{instant(at), hex.EncodeToString(h[:])})
	}

	site := bundledAtlas(t)
	before := loadCheck(t, site)
	plan, err := OTA(ds, site, Options{Label: "ota-dataset"})
	if err != nil {
		t.Fatal(err)
	}
	after := apply(site, plan.Writes)
	c := loadCheck(t, after)

	// The nine folders map onto the bundled documents with [ota] tables.
	want := map[string]string{
		"AdSense/Terms of Service":             "CA-D-00659",
		"Amazon Web Services/Terms of Service": "CA-D-00648",
		"Claude.ai/Acceptable Use Policy":      "CA-D-00652",
		"Le Chat/Terms of Service":             "CA-D-00653",
		"Llama API/Terms of Service":           "CA-D-00656",
		"Microsoft Copilot/Terms of Service":   "CA-D-00654",
		"Perplexity/Terms of Service":          "CA-D-00655",
		"Reddit/Terms of Service":              "CA-D-00657",
		"TikTok/Terms of Service":              "CA-D-00658",
	}
	got := map[string]string{}
	for _, d := range plan.Report.Documents {
		got[d.Folder] = d.DocumentID
		if d.NewDocument || d.NewPlatform {
			t.Errorf("%s: created a record", d.Folder)
		}
		if d.Conflicts != 0 {
			t.Errorf("%s: %d conflicts: %v", d.Folder, d.Conflicts, d.Notes)
		}
		if d.Captures != len(captures[d.Folder]) || d.Created+d.Updated+d.Skipped != d.Captures {
			t.Errorf("%s: %d captures: %d created, %d updated, %d skipped", d.Folder, d.Captures, d.Created, d.Updated, d.Skipped)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("mapping %v, want %v", got, want)
	}
	tot := plan.Report.Totals()
	if tot.Captures != 227 || tot.Created+tot.Updated+tot.Skipped != 227 {
		t.Fatalf("totals %+v", tot)
	}
	if len(c.Platforms) != len(before.Platforms) || len(c.Documents) != len(before.Documents) {
		t.Fatalf("records created: %d platforms, %d documents (were %d, %d)", len(c.Platforms), len(c.Documents), len(before.Platforms), len(before.Documents))
	}

	// Every recorded version is kept as it was (only a missing text may be
	// named now); every capture is in the history with its text stored.
	for folder, id := range want {
		old, cur := docByID(before, id), docByID(c, id)
		if cur.OTA == nil || cur.OTA.Service+"/"+cur.OTA.TermsType != folder {
			t.Errorf("%s: [ota] %+v", id, cur.OTA)
		}
		byKey := map[capKey]atlas.Version{}
		for _, v := range cur.Versions {
			byKey[capKey{instant(v.Captured), v.SHA256}] = v
		}
		if len(cur.Versions) < len(captures[folder]) {
			t.Errorf("%s: %d versions for %d captures", id, len(cur.Versions), len(captures[folder]))
		}
		if len(cur.Versions) != len(old.Versions)+countCreated(plan, folder) {
			t.Errorf("%s: %d versions, was %d", id, len(cur.Versions), len(old.Versions))
		}
		for _, ov := range old.Versions {
			nv, ok := byKey[capKey{instant(ov.Captured), ov.SHA256}]
			if !ok {
				t.Errorf("%s: recorded version %s lost", id, instant(ov.Captured))
				continue
			}
			if ov.Text == "" {
				ov.Text = nv.Text
			}
			ov.Pos, nv.Pos = atlas.Pos{}, atlas.Pos{}
			if ov != nv {
				t.Errorf("%s: recorded version changed:\n%+v\n%+v", id, ov, nv)
			}
		}
		dir := filepath.ToSlash(filepath.Dir(cur.Pos.File))
		for _, k := range captures[folder] {
			v, ok := byKey[k]
			if !ok {
				t.Errorf("%s: capture %s not in the history", id, k.at)
				continue
			}
			if v.Text == "" || c.Texts[dir+"/"+v.Text] != k.sum {
				t.Errorf("%s: capture %s: text %q not stored", id, k.at, v.Text)
			}
		}
	}
	t.Logf("%d files written; %d created, %d updated, %d skipped, %d texts stored", len(plan.Writes), tot.Created, tot.Updated, tot.Skipped, tot.Texts)

	// A second import changes nothing.
	again, err := OTA(ds, after, Options{Label: "ota-dataset"})
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Writes) != 0 {
		t.Fatalf("second import writes %d files: %v", len(again.Writes), writePaths(again.Writes)[:min(5, len(again.Writes))])
	}
	if tot := again.Report.Totals(); tot.Created != 0 || tot.Updated != 0 || tot.Skipped != 227 || tot.Texts != 0 {
		t.Fatalf("second import: %+v", tot)
	}
}

func countCreated(p *Plan, folder string) int {
	for _, d := range p.Report.Documents {
		if d.Folder == folder {
			return d.Created
		}
	}
	return 0
}

// TestImportRealDatasetFresh imports the sample into the bundled atlas
// with its histories and stored texts removed, so every version is
// created, and compares what the importer computes with what Open Terms
// Archive recorded for the same versions (kept in the bundled histories).
func TestImportRealDatasetFresh(t *testing.T) {
	if st, err := os.Stat(otaDataset); err != nil || !st.IsDir() {
		t.Skipf("%s not available", otaDataset)
	}
	if testing.Short() {
		t.Skip("reads 16 MB of texts")
	}
	site := bundledAtlas(t)
	before := loadCheck(t, site)
	for name := range site {
		if path.Base(name) == "versions.toml" || path.Base(path.Dir(name)) == "texts" {
			delete(site, name)
		}
	}
	plan, err := OTA(os.DirFS(otaDataset), site, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if tot := plan.Report.Totals(); tot.Created != 227 || tot.Updated+tot.Skipped != 0 {
		t.Fatalf("totals %+v", tot)
	}
	c := loadCheck(t, apply(site, plan.Writes))
	same, compared := 0, 0
	for _, d := range plan.Report.Documents {
		recorded, imported := docByID(before, d.DocumentID), docByID(c, d.DocumentID)
		at := map[string]int{}
		for i, v := range recorded.Versions {
			at[instant(v.Captured)] = i
		}
		for i, v := range imported.Versions {
			want := i == 0 && v.Event == "first_record" || i > 0 && v.Event == "change"
			j, ok := at[instant(v.Captured)]
			if !want || !ok {
				t.Fatalf("%s: version %s: event %q, recorded %v", d.DocumentID, instant(v.Captured), v.Event, ok)
			}
			r := recorded.Versions[j]
			if r.SHA256 != v.SHA256 || r.Bytes != v.Bytes {
				t.Errorf("%s %s: sha256 %s bytes %d, recorded %s %d", d.DocumentID, instant(v.Captured), v.SHA256, v.Bytes, r.SHA256, r.Bytes)
			}
			// Line counts are comparable when the version before is the
			// same in both histories (the sample leaves some out).
			if (i == 0) != (j == 0) || i > 0 && !imported.Versions[i-1].Captured.Equal(recorded.Versions[j-1].Captured) {
				continue
			}
			compared++
			if r.LinesAdded == v.LinesAdded && r.LinesRemoved == v.LinesRemoved {
				same++
			}
			// Added minus removed is the change in line count either way.
			if r.LinesAdded-r.LinesRemoved != v.LinesAdded-v.LinesRemoved {
				t.Errorf("%s %s: +%d -%d, recorded +%d -%d", d.DocumentID, instant(v.Captured), v.LinesAdded, v.LinesRemoved, r.LinesAdded, r.LinesRemoved)
			}
		}
	}
	t.Logf("line counts equal to the recorded (git diff) ones for %d of %d comparable versions", same, compared)
	if compared < 200 || same*10 < compared*9 {
		t.Errorf("line counts agree for only %d of %d versions", same, compared)
	}
}
