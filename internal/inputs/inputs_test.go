package inputs

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// site writes a small site root whose files are an hour old, out of the
// racy window.
func site(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"data/site.toml":              "title = \"x\"\n",
		"data/platforms/a/a.toml":     "name = \"A\"\n",
		"templates/base.html":         "<html>",
		"static/style.css":            "body{}",
		"public/index.html":           "not an input",
		"data/platforms/b/notes.toml": "x",
	}
	for p, s := range files {
		full := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-time.Hour)
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		return os.Chtimes(p, old, old)
	})
	return dir
}

// build reads fsys as a build does: walks data/, reads each file, lists
// templates/, stats static/style.css and a file that is not there.
func build(t *testing.T, fsys fs.FS) {
	t.Helper()
	err := fs.WalkDir(fsys, "data", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if _, err := fs.Stat(fsys, p); err != nil {
			return err
		}
		_, err = fs.ReadFile(fsys, p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fs.ReadDir(fsys, "templates"); err != nil {
		t.Fatal(err)
	}
	if _, err := fs.ReadFile(fsys, "templates/base.html"); err != nil {
		t.Fatal(err)
	}
	if f, err := fsys.Open("static/style.css"); err != nil {
		t.Fatal(err)
	} else {
		f.Close()
	}
	if _, err := fs.Stat(fsys, "data/urls.tsv"); err == nil {
		t.Fatal("data/urls.tsv should be missing")
	}
}

func record(t *testing.T, dir string) Record {
	t.Helper()
	r := NewRecorder(os.DirFS(dir))
	build(t, r)
	rec, err := r.Record()
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func TestSame(t *testing.T) {
	later := time.Now().Add(-30 * time.Minute)
	for _, tc := range changeCases(later) {
		t.Run(tc.name, func(t *testing.T) {
			dir := site(t)
			rec := record(t, dir)
			tc.change(t, dir)
			// The same answer from a record that went through its file,
			// and through either file system.
			key, meta, back, err := Decode(rec.Encode("k", []byte("m")))
			if err != nil || key != "k" || string(meta) != "m" || !reflect.DeepEqual(back, rec) {
				t.Fatalf("round trip: %q %q %v", key, meta, err)
			}
			for _, root := range roots {
				if got := rec.Same(root.fs(dir)); got != tc.same {
					t.Errorf("%s: Same = %v, want %v", root.name, got, tc.same)
				}
				if got := back.Same(root.fs(dir)); got != tc.same {
					t.Errorf("%s: decoded: Same = %v, want %v", root.name, got, tc.same)
				}
			}
		})
	}
}

// roots are the two file systems a record is checked against: os.DirFS,
// and DirFS, which stats files directly.
var roots = []struct {
	name string
	fs   func(string) fs.FS
}{{"os.DirFS", os.DirFS}, {"DirFS", DirFS}}

// changeCases are changes to the site of site(t), each with what Same and
// Changes say of a record made before it.
func changeCases(later time.Time) []struct {
	name   string
	change func(t *testing.T, dir string)
	same   bool
	files  []string // what Changes finds, when only files changed
	walk   bool     // Changes is not ok: the folders must be walked
} {
	return []struct {
		name   string
		change func(t *testing.T, dir string)
		same   bool
		files  []string
		walk   bool
	}{
		{"nothing", func(*testing.T, string) {}, true, nil, false},
		{"a file that is not an input", func(t *testing.T, dir string) {
			write(t, dir, "public/index.html", "changed output")
			write(t, dir, "public/new.html", "new")
		}, true, nil, false},
		{"a record's bytes, same size", func(t *testing.T, dir string) { write(t, dir, "data/site.toml", "title = \"y\"\n") }, false, []string{"data/site.toml"}, false},
		{"a record's time only", func(t *testing.T, dir string) {
			os.Chtimes(filepath.Join(dir, "data/site.toml"), later, later)
		}, false, []string{"data/site.toml"}, false},
		{"two records and a static file", func(t *testing.T, dir string) {
			write(t, dir, "data/platforms/b/notes.toml", "y")
			write(t, dir, "static/style.css", "body{color:red}")
			write(t, dir, "data/platforms/a/a.toml", "name = \"B\"\n")
		}, false, []string{"data/platforms/a/a.toml", "data/platforms/b/notes.toml", "static/style.css"}, false},
		{"a new record", func(t *testing.T, dir string) { write(t, dir, "data/platforms/a/b.toml", "x") }, false, nil, true},
		{"a new folder of records", func(t *testing.T, dir string) { write(t, dir, "data/platforms/c/c.toml", "x") }, false, nil, true},
		{"a record removed", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, "data/platforms/b/notes.toml")) }, false, nil, true},
		{"a record renamed", func(t *testing.T, dir string) {
			os.Rename(filepath.Join(dir, "data/platforms/a/a.toml"), filepath.Join(dir, "data/platforms/a/z.toml"))
		}, false, nil, true},
		{"a missing file appears", func(t *testing.T, dir string) { write(t, dir, "data/urls.tsv", "") }, false, nil, true},
		{"a template added", func(t *testing.T, dir string) { write(t, dir, "templates/new.html", "") }, false, nil, true},
		{"a static file's size", func(t *testing.T, dir string) { write(t, dir, "static/style.css", "body{color:red}") }, false, []string{"static/style.css"}, false},
		{"a file becomes a folder", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, "templates/base.html"))
			write(t, dir, "templates/base.html/x", "")
		}, false, nil, true},
		{"a record becomes a link that loops", func(t *testing.T, dir string) {
			full := filepath.Join(dir, "data/platforms/a/a.toml")
			os.Rename(full, full+".real")
			if err := os.Symlink("a.toml", full); err != nil {
				t.Skip(err)
			}
		}, false, nil, true},
		{"the data folder removed", func(t *testing.T, dir string) { os.RemoveAll(filepath.Join(dir, "data")) }, false, nil, true},
	}
}

// TestChanges covers what Changes tells a build that need not walk the
// folders: which files to read again. A recorder that carries the rest
// over and reads only those must end with the record a full build makes.
func TestChanges(t *testing.T) {
	later := time.Now().Add(-30 * time.Minute)
	for _, tc := range changeCases(later) {
		t.Run(tc.name, func(t *testing.T) {
			dir := site(t)
			rec := record(t, dir)
			tc.change(t, dir)
			fsys := os.DirFS(dir)
			files, ok := rec.Changes(fsys)
			if ok == tc.walk || !reflect.DeepEqual(files, tc.files) {
				t.Fatalf("Changes = %q, %v; want %q, %v", files, ok, tc.files, !tc.walk)
			}
			if f, o := rec.Changes(DirFS(dir)); o != ok || !reflect.DeepEqual(f, files) {
				t.Fatalf("through DirFS: Changes = %q, %v; through os.DirFS %q, %v", f, o, files, ok)
			}
			if !ok {
				return
			}
			// Out of the racy window, so that both records trust times.
			for _, f := range files {
				os.Chtimes(filepath.Join(dir, f), later, later)
			}
			skip := map[string]bool{}
			for _, f := range files {
				skip[f] = true
			}
			r := NewRecorder(fsys)
			r.Carry(rec, skip)
			for _, f := range files {
				if _, err := fs.ReadFile(r, f); err != nil {
					t.Fatal(err)
				}
			}
			got, err := r.Record()
			if err != nil {
				t.Fatal(err)
			}
			if want := record(t, dir); !reflect.DeepEqual(got, want) {
				t.Errorf("carried record differs from a full build's:\n%v\n%v", got, want)
			}
			if !got.Same(fsys) {
				t.Error("the carried record does not hold")
			}
		})
	}
}

func write(t *testing.T, dir, p, s string) {
	t.Helper()
	full := filepath.Join(dir, p)
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestRecordRefuses covers records that must not vouch for anything.
func TestRecordRefuses(t *testing.T) {
	tests := []struct {
		name string
		prep func(t *testing.T, dir string, r *Recorder)
		want string
	}{
		{"a file modified just now, and not read", func(t *testing.T, dir string, r *Recorder) {
			write(t, dir, "static/style.css", "body{color:red}")
		}, "too recently"},
		{"a file changed while read", func(t *testing.T, dir string, r *Recorder) {
			// The recorder's clock runs ahead, so the edit is not racy:
			// only the second look can tell.
			r.now = func() time.Time { return time.Now().Add(time.Hour) }
			fs.Stat(r, "data/site.toml")
			write(t, dir, "data/site.toml", "title = \"longer\"\n")
		}, "changed while it was read"},
		{"no times", func(t *testing.T, dir string, r *Recorder) {
			os.Chtimes(filepath.Join(dir, "data/site.toml"), time.Time{}, time.Unix(0, 0))
			r.fsys = zeroTimes{r.fsys}
		}, "no modification time"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := site(t)
			r := NewRecorder(os.DirFS(dir))
			tc.prep(t, dir, r)
			build(t, r)
			if _, err := r.Record(); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Record: %v, want an error saying %q", err, tc.want)
			}
		})
	}
	if (Record{}).Same(os.DirFS(t.TempDir())) {
		t.Error("an empty record vouches for a site")
	}
}

// zeroTimes is a file system without modification times (as fstest.MapFS
// files often are).
type zeroTimes struct{ fs.FS }

func (z zeroTimes) Stat(name string) (fs.FileInfo, error) {
	st, err := fs.Stat(z.FS, name)
	if err != nil {
		return nil, err
	}
	return zeroInfo{st}, nil
}

type zeroInfo struct{ fs.FileInfo }

func (zeroInfo) ModTime() time.Time { return time.Time{} }

func TestDecodeRejects(t *testing.T) {
	dir := site(t)
	good := record(t, dir).Encode("key", nil)
	tests := []struct {
		name string
		b    []byte
	}{
		{"empty", nil},
		{"other magic", append([]byte("clause-atlas inputs 0\n"), good[len(magic):]...)},
		{"truncated", good[:len(good)-1]},
		{"trailing bytes", append(bytes.Clone(good), 0)},
		{"bad kind", bytes.Replace(bytes.Clone(good), []byte("data\x02"), []byte("data\x09"), 1)},
		{"paths out of order", Record{paths: []string{"b", "a"}, obs: []obs{{kind: kindAbsent}, {kind: kindAbsent}}}.Encode("", nil)},
		{"a path twice", Record{paths: []string{"a", "a"}, obs: []obs{{kind: kindAbsent}, {kind: kindAbsent}}}.Encode("", nil)},
		{"an invalid path", Record{paths: []string{"../a"}, obs: []obs{{kind: kindAbsent}}}.Encode("", nil)},
		{"a huge count", append([]byte(magic), 0, 0, 0xff, 0xff, 0xff, 0xff, 0x0f)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, _, _, err := Decode(tc.b); err == nil {
				t.Error("decoded")
			}
		})
	}
	if _, _, _, err := Decode(good); err != nil {
		t.Fatalf("the good record: %v", err)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(Record{paths: []string{"data", "data/a.toml", "x"}, obs: []obs{{kind: kindDir, list: [32]byte{1}}, {kind: kindFile, size: 3, mtime: -5, mode: uint32(fs.ModeSymlink)}, {kind: kindAbsent}}}.Encode("key", []byte("{}")))
	f.Add([]byte(magic))
	f.Fuzz(func(t *testing.T, b []byte) {
		key, meta, rec, err := Decode(b)
		if err != nil {
			return
		}
		key2, meta2, rec2, err := Decode(rec.Encode(key, meta))
		if err != nil || key2 != key || !bytes.Equal(meta2, meta) || !reflect.DeepEqual(rec2, rec) {
			t.Fatalf("re-encoded record differs: %v", err)
		}
	})
}

// TestRacyFile covers a file modified moments before it was read: its
// time cannot be trusted, so its record checks its bytes, until Settle.
func TestRacyFile(t *testing.T) {
	dir := site(t)
	write(t, dir, "data/site.toml", "title = \"new\"\n") // just now
	rec := record(t, dir)
	if !rec.Same(os.DirFS(dir)) {
		t.Fatal("an untouched site differs")
	}
	if files, ok := rec.Changes(os.DirFS(dir)); !ok || files != nil {
		t.Errorf("Changes of an untouched racy record = %q, %v", files, ok)
	}
	if racy := rec.Racy(); !reflect.DeepEqual(racy, []string{"data/site.toml"}) {
		t.Errorf("Racy = %q", racy)
	}
	// Settling within the window changes nothing; after it, the file is
	// trusted by its time.
	st, err := os.Stat(filepath.Join(dir, "data/site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if _, changed := rec.Settle(st.ModTime().Add(time.Second)); changed {
		t.Error("settled within the racy window")
	}
	settled, changed := rec.Settle(st.ModTime().Add(RacyWindow + time.Second))
	if !changed || !settled.Same(os.DirFS(dir)) {
		t.Fatalf("Settle: changed %v", changed)
	}
	if _, again := settled.Settle(time.Now().Add(time.Hour)); again {
		t.Error("a settled record settled again")
	}
	// An edit of the same size within the clock's granularity: the time
	// is the same, only the bytes tell.
	write(t, dir, "data/site.toml", "title = \"wen\"\n")
	os.Chtimes(filepath.Join(dir, "data/site.toml"), st.ModTime(), st.ModTime())
	if rec.Same(os.DirFS(dir)) {
		t.Error("the racy record missed an edit that kept size and time")
	}
	if files, ok := rec.Changes(os.DirFS(dir)); !ok || !reflect.DeepEqual(files, []string{"data/site.toml"}) {
		t.Errorf("Changes missed an edit that kept size and time: %q, %v", files, ok)
	}
	if _, _, back, err := Decode(rec.Encode("", nil)); err != nil || back.Same(os.DirFS(dir)) {
		t.Errorf("decoded racy record: %v", err)
	}
	if !settled.Same(os.DirFS(dir)) {
		t.Error("a settled record should check times only")
	}
}

// TestWrote: a build that writes a file of the site root (the URL
// ledger) after reading it records the file as it left it, so the next
// build finds nothing changed; anything else that changed still shows.
func TestWrote(t *testing.T) {
	const ledger = "data/urls.tsv"
	tests := []struct {
		name   string
		before string // the ledger when the build reads the site; "" for none
		during func(t *testing.T, dir string)
		after  func(t *testing.T, dir string) // once Wrote has run
		ok     bool                           // Wrote vouches
		same   bool                           // the next build finds nothing changed
	}{
		{name: "new ledger", ok: true, same: true},
		{name: "ledger rewritten", before: "/a/\tCA-1\n", ok: true, same: true},
		{name: "another file added to the folder", during: func(t *testing.T, dir string) {
			write(t, dir, "data/extra.toml", "x = 1\n")
		}, ok: false, same: false},
		{name: "rewritten again later, same size and time", after: func(t *testing.T, dir string) {
			full := filepath.Join(dir, ledger)
			st, err := os.Stat(full)
			if err != nil {
				t.Fatal(err)
			}
			write(t, dir, ledger, strings.Repeat("x", int(st.Size())))
			os.Chtimes(full, st.ModTime(), st.ModTime())
		}, ok: true, same: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := site(t)
			if tt.before != "" {
				write(t, dir, ledger, tt.before)
				old := time.Now().Add(-time.Hour)
				os.Chtimes(filepath.Join(dir, ledger), old, old)
			}
			r := NewRecorder(os.DirFS(dir))
			if _, err := fs.ReadDir(r, "data"); err != nil {
				t.Fatal(err)
			}
			r.ReadFile("data/site.toml")
			r.ReadFile(ledger) // missing or not
			rec, err := r.Record()
			if err != nil {
				t.Fatal(err)
			}
			if tt.during != nil {
				tt.during(t, dir)
			}
			data := []byte("/a/\tCA-1\n/b/\tCA-2\n")
			write(t, dir, ledger, string(data))
			got, ok := rec.Wrote(os.DirFS(dir), ledger, data)
			if ok != tt.ok {
				t.Fatalf("Wrote vouched %v, want %v", ok, tt.ok)
			}
			if tt.after != nil {
				tt.after(t, dir)
			}
			if same := got.Same(os.DirFS(dir)); same != tt.same {
				t.Errorf("next build finds nothing changed: %v, want %v", same, tt.same)
			}
			if rec.Same(os.DirFS(dir)) {
				t.Error("the record before Wrote should see the new ledger as a change")
			}
			// What Wrote returns survives encoding.
			if _, _, back, err := Decode(got.Encode("k", nil)); err != nil || back.Same(os.DirFS(dir)) != tt.same {
				t.Errorf("decoded: %v", err)
			}
		})
	}
}
