package write

import (
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

func files(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			out[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	return out
}

func keys(m map[string]string) string {
	var k []string
	for p := range m {
		k = append(k, p+"="+m[p])
	}
	sort.Strings(k)
	return strings.Join(k, " ")
}

func build(t *testing.T, out, fp string, o Options, outputs map[string]string, fresh map[string]uint64) Stats {
	t.Helper()
	w, err := OpenWith(out, fp, o)
	if err != nil {
		t.Fatal(err)
	}
	for p, body := range outputs {
		if d, ok := fresh[p]; ok && w.Fresh(p, d) {
			continue
		}
		if err := w.Write(p, uint64(len(body)), fresh[p], []byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	st, err := w.Commit()
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// TestStagedBuilds walks the writer through the cases a site build meets:
// a cold build, an identical rebuild, a change, a removal, an aborted
// build and a lost manifest.
func TestStagedBuilds(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")

	st := build(t, out, "fp", Options{}, map[string]string{"index.html": "home", "a/index.html": "a", "a/b/c.txt": "c"}, nil)
	if !st.Cold || st.Written != 3 || keys(files(t, out)) != "a/b/c.txt=c a/index.html=a index.html=home" {
		t.Fatalf("cold build: %+v %v", st, files(t, out))
	}

	// An identical rebuild leaves the manifest file alone.
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	os.Chtimes(ManifestPath(out), old, old)
	st = build(t, out, "fp", Options{}, map[string]string{"index.html": "home", "a/index.html": "a", "a/b/c.txt": "c"}, nil)
	if st.Cold || st.Written != 0 || st.Unchanged != 3 {
		t.Errorf("identical rebuild: %+v", st)
	}
	if fi, err := os.Stat(ManifestPath(out)); err != nil || !fi.ModTime().Equal(old) {
		t.Errorf("an identical rebuild rewrote the manifest")
	}
	// Same bytes built from another key: nothing is written, but the
	// manifest must learn the key.
	w, _ := Open(out, "fp")
	for p, body := range map[string]string{"index.html": "home", "a/index.html": "a", "a/b/c.txt": "c"} {
		w.Write(p, 99, 0, []byte(body))
	}
	if st, err := w.Commit(); err != nil || st.Written != 0 {
		t.Fatalf("rekeyed rebuild: %+v %v", st, err)
	}
	if m, _ := readManifest(ManifestPath(out)); m.Files["index.html"].Key != 99 {
		t.Errorf("the manifest kept the old key: %+v", m.Files["index.html"])
	}

	st = build(t, out, "fp", Options{}, map[string]string{"index.html": "home!", "a/index.html": "a"}, nil)
	if st.Written != 1 || st.Deleted != 1 || keys(files(t, out)) != "a/index.html=a index.html=home!" {
		t.Errorf("change and removal: %+v %v", st, files(t, out))
	}
	if _, err := os.Stat(filepath.Join(out, "a", "b")); err == nil {
		t.Error("the emptied folder a/b was left behind")
	}
	// As many files as before, one of them new: the one it replaces is
	// still stale.
	st = build(t, out, "fp", Options{}, map[string]string{"index.html": "home!", "b.txt": "b"}, nil)
	if st.Written != 1 || st.Deleted != 1 || keys(files(t, out)) != "b.txt=b index.html=home!" {
		t.Errorf("same count, one swapped: %+v %v", st, files(t, out))
	}
	st = build(t, out, "fp", Options{}, map[string]string{"index.html": "home!", "a/index.html": "a"}, nil)
	if st.Written != 1 || st.Deleted != 1 || keys(files(t, out)) != "a/index.html=a index.html=home!" {
		t.Errorf("swapped back: %+v %v", st, files(t, out))
	}

	// An aborted build leaves the output as it was and no staging folder.
	w, _ = Open(out, "fp")
	w.Write("index.html", 9, 0, []byte("never"))
	w.Abort()
	if keys(files(t, out)) != "a/index.html=a index.html=home!" {
		t.Errorf("abort changed the output: %v", files(t, out))
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), "staging") {
			t.Errorf("staging folder %s left behind", e.Name())
		}
	}

	// Another fingerprint (say, a new generator): no key is trusted, so
	// even an output whose key and deps match is computed again, but
	// files that come out the same are not rewritten.
	build(t, out, "fp", Options{}, map[string]string{"index.html": "home!", "a/index.html": "a"}, map[string]uint64{"a/index.html": 7})
	before, _ := os.Stat(filepath.Join(out, "a", "index.html"))
	st = build(t, out, "other", Options{}, map[string]string{"index.html": "home?", "a/index.html": "a", "n.txt": "n"},
		map[string]uint64{"a/index.html": 7})
	if st.Cold || !st.Rekeyed || st.Skipped != 0 || st.Written != 2 || st.Unchanged != 1 || st.Deleted != 0 {
		t.Errorf("new fingerprint: %+v", st)
	}
	if want := "a/index.html=a index.html=home? n.txt=n"; keys(files(t, out)) != want {
		t.Errorf("new fingerprint: %v, want %s", files(t, out), want)
	}
	if after, _ := os.Stat(filepath.Join(out, "a", "index.html")); !os.SameFile(before, after) || !after.ModTime().Equal(before.ModTime()) {
		t.Error("new fingerprint: an unchanged file was rewritten")
	}
	m, _ := readManifest(ManifestPath(out))
	if m.Fingerprint != "other" || m.Files["index.html"].Key != 5 {
		t.Errorf("rekeyed manifest: %q %+v", m.Fingerprint, m.Files["index.html"])
	}
	// Then the keys of the new fingerprint hold.
	st = build(t, out, "other", Options{}, map[string]string{"index.html": "home!", "n.txt": "n"}, map[string]uint64{"n.txt": 0})
	if st.Cold || st.Rekeyed || st.Written != 1 || st.Unchanged != 1 || st.Deleted != 1 {
		t.Errorf("after the new fingerprint: %+v", st)
	}
	// A corrupt manifest means cold, never wrong.
	os.WriteFile(ManifestPath(out), []byte("not a manifest"), 0o644)
	if st := build(t, out, "other", Options{}, map[string]string{"index.html": "home!"}, nil); !st.Cold {
		t.Errorf("corrupt manifest: %+v", st)
	}
}

func TestFreshSkipsAndNoticesTampering(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	outputs := map[string]string{"a.html": "a", "b.html": "b"}
	deps := map[string]uint64{"a.html": 1, "b.html": 2}
	build(t, out, "fp", Options{}, outputs, deps)
	if st := build(t, out, "fp", Options{}, outputs, deps); st.Skipped != 2 || st.Written != 0 {
		t.Errorf("unchanged deps: %+v", st)
	}
	// A file edited by hand is not trusted, unless the caller says it
	// alone writes the folder.
	os.WriteFile(filepath.Join(out, "a.html"), []byte("tampered"), 0o644)
	if st := build(t, out, "fp", Options{}, outputs, deps); st.Written != 1 || files(t, out)["a.html"] != "a" {
		t.Errorf("tampered file: %+v %v", st, files(t, out))
	}
	var m Manifest
	build(t, out, "fp", Options{Manifest: &m}, outputs, deps)
	if len(m.Files) != 2 || m.Files["b.html"].Deps != 2 {
		t.Errorf("manifest kept in memory: %+v", m)
	}
	if st := build(t, out, "fp", Options{Manifest: &m, TrustOutput: true}, outputs, deps); st.Skipped != 2 {
		t.Errorf("trusted manifest: %+v", st)
	}
	// The map of a manifest handed in is not changed: a session whose
	// commit fails part way must still hold the last good manifest. The
	// new one is a map of its own.
	before := m.Files
	kept := maps.Clone(before)
	changed := map[string]string{"a.html": "a, edited", "c.html": "c"}
	if st := build(t, out, "fp", Options{Manifest: &m, TrustOutput: true}, changed, map[string]uint64{"a.html": 3, "c.html": 4}); st.Written != 2 || st.Deleted != 1 {
		t.Errorf("changing build: %+v", st)
	}
	if !maps.Equal(before, kept) {
		t.Errorf("the manifest handed in changed: %v, was %v", before, kept)
	}
	if _, ok := m.Files["b.html"]; ok || m.Files["c.html"].Deps != 4 || len(m.Files) != 2 {
		t.Errorf("new manifest: %v", m.Files)
	}
	// A trusted build removes a file before it moves the new one over
	// it; what is left must be the new output alone.
	if got := keys(files(t, out)); got != "a.html=a, edited c.html=c" {
		t.Errorf("output after the trusted build: %s", got)
	}
}

func TestGroupsAndStreams(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	write := func(version string, deps uint64) Stats {
		w, _ := Open(out, "fp")
		if !w.FreshGroup("search", deps) {
			for _, p := range []string{"s/" + version + "/1.json", "s/" + version + "/2.json"} {
				w.Write(p, 1, deps, []byte(version))
				w.SetGroup(p, "search")
			}
		}
		w.WriteStream("big.json", 7, func(o *Stream) error { _, err := io.WriteString(o, strings.Repeat("x", 1<<20)); return err })
		st, err := w.Commit()
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	write("v1", 10)
	if st := write("v1", 10); st.Skipped != 2 || st.Unchanged != 1 {
		t.Errorf("fresh group and identical stream: %+v", st)
	}
	if st := write("v2", 11); st.Written != 2 || st.Deleted != 2 || files(t, out)["s/v2/1.json"] != "v2" {
		t.Errorf("new group version: %+v %v", st, keys(files(t, out))[:60])
	}
	if len(files(t, out)["big.json"]) != 1<<20 {
		t.Error("streamed file is incomplete")
	}
}

func TestTreeRefusesToOverwrite(t *testing.T) {
	dir := t.TempDir()
	if err := Tree(dir, map[string][]byte{"data/x.toml": []byte("a")}, false); err != nil {
		t.Fatal(err)
	}
	if err := Tree(dir, map[string][]byte{"data/x.toml": []byte("b")}, false); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("overwrote an existing file: %v", err)
	}
	if err := Tree(dir, map[string][]byte{"../escape": []byte("b")}, false); err == nil {
		t.Error("wrote outside the root")
	}
}

// TestOutputsAfterSum: an output that describes the others asks for their
// sums, then is written itself. Recorded after the sums were asked for,
// it and the others must still count as produced, changed or not, and an
// output no longer made is still deleted.
func TestOutputsAfterSum(t *testing.T) {
	for _, session := range []bool{false, true} {
		t.Run(fmt.Sprintf("session=%v", session), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			o := Options{}
			if session {
				o = Options{Manifest: &Manifest{}, TrustOutput: true}
			}
			run := func(bodies map[string]string, manifest string) Stats {
				t.Helper()
				w, err := OpenWith(out, "fp", o)
				if err != nil {
					t.Fatal(err)
				}
				for _, p := range []string{"a.json", "b.json", "c.json"} {
					if body, ok := bodies[p]; ok {
						if !w.Unchanged(p, uint64(len(body)), 0) {
							w.Write(p, uint64(len(body)), 0, []byte(body))
						}
					}
				}
				if _, _, ok := w.Sum("a.json"); !ok {
					t.Fatal("no sum for a.json")
				}
				if !w.Unchanged("manifest.json", uint64(len(manifest)), 0) {
					w.Write("manifest.json", uint64(len(manifest)), 0, []byte(manifest))
				}
				st, err := w.Commit()
				if err != nil {
					t.Fatal(err)
				}
				return st
			}
			run(map[string]string{"a.json": "a", "b.json": "b", "c.json": "c"}, "m1")
			if st := run(map[string]string{"a.json": "a", "b.json": "b", "c.json": "c"}, "m1"); st.Written != 0 || st.Deleted != 0 {
				t.Errorf("unchanged: %+v", st)
			}
			if st := run(map[string]string{"a.json": "a", "b.json": "b"}, "m1"); st.Written != 0 || st.Deleted != 1 {
				t.Errorf("c.json dropped: %+v", st)
			}
			if st := run(map[string]string{"a.json": "a", "b.json": "b"}, "m22"); st.Written != 1 || st.Deleted != 0 {
				t.Errorf("manifest changed: %+v", st)
			}
			if got := keys(files(t, out)); got != "a.json=a b.json=b manifest.json=m22" {
				t.Errorf("output: %s", got)
			}
		})
	}
}

// TestIncrementalPlacement: an incremental build stages files flat and
// renames each into place; the cases where one rename is not enough are
// a new folder, a file where a folder was, and a folder removed behind
// the writer's back.
func TestIncrementalPlacement(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	build(t, out, "fp", Options{}, map[string]string{"index.html": "home", "p/q/index.html": "q", "s/t.txt": "t"}, nil)

	st := build(t, out, "fp", Options{}, map[string]string{"index.html": "home", "p/q": "q is a file", "s/t.txt": "t", "x/y/z.txt": "new"}, nil)
	if want := "index.html=home p/q=q is a file s/t.txt=t x/y/z.txt=new"; keys(files(t, out)) != want || st.Cold {
		t.Fatalf("folder to file and a new folder: %+v %v, want %s", st, files(t, out), want)
	}

	if err := os.RemoveAll(filepath.Join(out, "s")); err != nil {
		t.Fatal(err)
	}
	st = build(t, out, "fp", Options{}, map[string]string{"index.html": "home", "p/q": "q is a file", "s/t.txt": "t", "x/y/z.txt": "new"}, nil)
	if want := "index.html=home p/q=q is a file s/t.txt=t x/y/z.txt=new"; keys(files(t, out)) != want || st.Written != 1 {
		t.Fatalf("folder removed outside the build: %+v %v, want %s", st, files(t, out), want)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	for _, e := range entries {
		if strings.Contains(e.Name(), "staging") {
			t.Errorf("staging folder %s left behind", e.Name())
		}
	}
}

// TestPreviousNoticesTampering runs builds whose manifest and file check
// were started ahead by ReadPrevious: they must skip and rewrite exactly
// what a build that stats each file itself does.
func TestPreviousNoticesTampering(t *testing.T) {
	outputs := map[string]string{"a.html": "a", "b/index.html": "b", "c.html": "c"}
	deps := map[string]uint64{"a.html": 1, "b/index.html": 2, "c.html": 3}
	tests := []struct {
		name    string
		tamper  func(out string)
		stop    bool // Stop before OpenWith: the writer must check itself
		other   bool // a Previous of another folder is not used
		written int
	}{
		{"nothing changed", func(string) {}, false, false, 0},
		{"file edited", func(out string) { os.WriteFile(filepath.Join(out, "a.html"), []byte("x"), 0o644) }, false, false, 1},
		{"file deleted", func(out string) { os.Remove(filepath.Join(out, "b/index.html")) }, false, false, 1},
		{"folder deleted", func(out string) { os.RemoveAll(filepath.Join(out, "b")) }, false, false, 1},
		{"two files", func(out string) {
			os.Remove(filepath.Join(out, "a.html"))
			os.WriteFile(filepath.Join(out, "c.html"), []byte("cc"), 0o644)
		}, false, false, 2},
		{"stopped check, file edited", func(out string) { os.WriteFile(filepath.Join(out, "c.html"), []byte("x"), 0o644) }, true, false, 1},
		{"other folder's manifest", func(out string) { os.Remove(filepath.Join(out, "a.html")) }, false, true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			build(t, out, "fp", Options{}, outputs, deps)
			tt.tamper(out)
			var prev *Previous
			if tt.other {
				other := filepath.Join(t.TempDir(), "public")
				build(t, other, "fp", Options{}, outputs, deps)
				prev = ReadPrevious(other)
			} else {
				prev = ReadPrevious(out)
			}
			if tt.stop {
				prev.Stop()
			}
			st := build(t, out, "fp", Options{Previous: prev}, outputs, deps)
			if st.Written != tt.written || st.Skipped != len(outputs)-tt.written {
				t.Errorf("got %+v, want %d written", st, tt.written)
			}
			if got := files(t, out); keys(got) != keys(outputs) {
				t.Errorf("output %v, want %v", keys(got), keys(outputs))
			}
		})
	}
}

// TestPreviousEmpty: a folder never built into, or with a corrupt
// manifest, has an empty Previous (the build will be cold); one built
// into has not.
func TestPreviousEmpty(t *testing.T) {
	tests := []struct {
		name  string
		setup func(out string)
		empty bool
	}{
		{"never built", func(string) {}, true},
		{"built", func(out string) {
			build(t, out, "fp", Options{}, map[string]string{"a.html": "a"}, map[string]uint64{"a.html": 1})
		}, false},
		{"corrupt manifest", func(out string) {
			build(t, out, "fp", Options{}, map[string]string{"a.html": "a"}, map[string]uint64{"a.html": 1})
			os.WriteFile(ManifestPath(out), []byte("not a manifest"), 0o644)
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			tt.setup(out)
			prev := ReadPrevious(out)
			defer prev.Stop()
			if got := prev.Empty(); got != tt.empty {
				t.Errorf("Empty() = %v, want %v", got, tt.empty)
			}
		})
	}
	var none *Previous
	if !none.Empty() {
		t.Error("no Previous is not empty")
	}
}

// TestCreate checks that create writes the bytes, truncates what was
// there, and reports the size and time a later stat sees (intact compares
// them), and that its errors name the file.
func TestCreate(t *testing.T) {
	dir := t.TempDir()
	big := strings.Repeat("x", 1<<20+3) // more than one write may take
	tests := []struct {
		name, before, data string
	}{
		{"new", "", "<p>hello</p>"},
		{"shorter", "a much longer old file", "short"},
		{"empty", "old", ""},
		{"large", "", big},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, tc.name)
			if tc.before != "" {
				if err := os.WriteFile(p, []byte(tc.before), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			size, mtime, err := create(p, []byte(tc.data))
			if err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(p)
			if err != nil || string(got) != tc.data {
				t.Fatalf("file holds %d bytes (%v), want %d", len(got), err, len(tc.data))
			}
			e := Entry{Size: size, ModTime: mtime}
			if !statMatches(p, e) || !statMatchesZ(append([]byte(p), 0), e) {
				st, _ := os.Stat(p)
				t.Errorf("create reported size %d, time %d; stat sees %d, %d", size, mtime, st.Size(), st.ModTime().UnixNano())
			}
			for _, other := range []Entry{{Size: size + 1, ModTime: mtime}, {Size: size, ModTime: mtime + 1}} {
				if statMatches(p, other) || statMatchesZ(append([]byte(p), 0), other) {
					t.Errorf("%+v matches a file of size %d, time %d", other, size, mtime)
				}
			}
			if st, _ := os.Stat(p); st.Mode().Perm() != 0o644&^umask(t) {
				t.Errorf("mode %v", st.Mode().Perm())
			}
		})
	}
	missing := filepath.Join(dir, "no", "such", "dir", "f")
	if statMatchesZ(append([]byte(missing), 0), Entry{}) {
		t.Error("a missing file matches")
	}
	if _, _, err := create(missing, []byte("x")); err == nil || !strings.Contains(err.Error(), missing) || !os.IsNotExist(err) {
		t.Errorf("create in a missing folder: %v", err)
	}
}

// umask returns the process's umask, which create's mode goes through.
func umask(t *testing.T) os.FileMode {
	p := filepath.Join(t.TempDir(), "probe")
	if err := os.WriteFile(p, nil, 0o777); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return 0o777 &^ st.Mode().Perm()
}

// TestColdFolders has workers write files and streams at once into
// folders that do not exist yet, several levels deep and shared between
// workers, as a cold build does: each file makes its folders when it
// finds them missing.
func TestColdFolders(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	w, err := Open(out, "fp")
	if err != nil {
		t.Fatal(err)
	}
	if !w.Cold() {
		t.Fatal("a first build is not cold")
	}
	want := map[string]string{}
	var paths []string
	for i := range 240 {
		p := fmt.Sprintf("c/%d/%d/%d.txt", i%4, i%6, i)
		if i%10 == 0 {
			p = fmt.Sprintf("s/%d/deep/er/%d.json", i%3, i)
		}
		paths = append(paths, p)
		want[p] = "body of " + p
	}
	errs := make(chan error, len(paths))
	for g := range 8 {
		go func() {
			for i := g; i < len(paths); i += 8 {
				p := paths[i]
				if strings.HasPrefix(p, "s/") {
					errs <- w.WriteStream(p, 1, func(s *Stream) error { _, err := io.WriteString(s, want[p]); return err })
				} else {
					errs <- w.Write(p, 1, 0, []byte(want[p]))
				}
			}
		}()
	}
	for range paths {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	st, err := w.Commit()
	if err != nil {
		t.Fatal(err)
	}
	if st.Written != len(paths) {
		t.Errorf("written %d, want %d", st.Written, len(paths))
	}
	if got := files(t, out); keys(got) != keys(want) {
		t.Errorf("output differs:\n got %.200s\nwant %.200s", keys(got), keys(want))
	}
}
