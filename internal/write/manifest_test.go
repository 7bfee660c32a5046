package write

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"testing"
)

func sampleManifest() Manifest {
	return Manifest{Version: manifestVersion, Fingerprint: "fp-1", Files: map[string]Entry{
		"index.html":                {Deps: 1, Key: 2, Sum: [32]byte{1, 2, 3}, Size: 10, ModTime: 1_700_000_000_123_456_789},
		"search/ab/t/1.json":        {Deps: 1<<63 + 5, Key: 7, Size: 0, ModTime: -1, Group: "search"},
		"search/ab/t/2.json":        {Key: 8, Group: "search"},
		"platform/x/cite.bib":       {Key: 1<<64 - 1, Size: 1 << 40},
		"platform/x/é/index.html":   {Key: 3},
		"feeds/platform/x.xml":      {},
		"static/style.0123abcd.css": {Deps: 9, Sum: [32]byte{31: 0xff}},
	}}
}

func TestManifestRoundTrip(t *testing.T) {
	for _, m := range []Manifest{
		sampleManifest(),
		{Version: manifestVersion, Files: map[string]Entry{}},
	} {
		var b bytes.Buffer
		if err := encodeManifest(&b, m); err != nil {
			t.Fatal(err)
		}
		got, paths, err := decodeManifest(b.String())
		if err != nil {
			t.Fatalf("decode: %v", err)
		}
		if want := sha256.Sum256(b.Bytes()[:b.Len()-32]); got.base == nil || got.base.id != want || !slices.Equal(got.base.paths, paths) {
			t.Errorf("the base read is not remembered with its ID and paths: %+v", got.base)
		}
		got.base = nil
		if !reflect.DeepEqual(got, m) {
			t.Errorf("round trip:\n got %+v\nwant %+v", got, m)
		}
		if !slices.IsSorted(paths) || len(paths) != len(m.Files) {
			t.Errorf("paths %q: want the %d paths sorted", paths, len(m.Files))
		}
		for _, p := range paths {
			if _, ok := m.Files[p]; !ok {
				t.Errorf("path %q is not in the manifest", p)
			}
		}
		// Same manifest, same bytes: the file is sorted by path.
		var again bytes.Buffer
		encodeManifest(&again, got)
		if !bytes.Equal(again.Bytes(), b.Bytes()) {
			t.Error("encoding is not deterministic")
		}
	}
}

// TestManifestCorrupt: every damaged manifest reads as none (a cold
// build), never as a wrong one.
func TestManifestCorrupt(t *testing.T) {
	var b bytes.Buffer
	encodeManifest(&b, sampleManifest())
	good := b.Bytes()
	cases := map[string][]byte{
		"empty":         nil,
		"gob era":       []byte("\x0f\xff\x81\x03\x01\x01\x08Manifest"),
		"wrong version": append([]byte(manifestMagic), 4),
		"trailing":      append(append([]byte(nil), good...), 0),
		"bad path":      mustEncode(t, Manifest{Version: manifestVersion, Files: map[string]Entry{"../x": {}}}),
		"unsorted":      swapEntries(t),
	}
	for i := len(manifestMagic); i < len(good); i += 7 {
		cases[fmt.Sprintf("cut at %d", i)] = good[:i]
	}
	for name, in := range cases {
		if m, _, err := decodeManifest(string(in)); err == nil {
			t.Errorf("%s: decoded %d files, want an error", name, len(m.Files))
		}
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "m")
	os.WriteFile(p, good[:len(good)/2], 0o644)
	if m, _ := readManifest(p); m.Files != nil {
		t.Error("a cut manifest file was used")
	}
}

// swapEntries encodes a two-file manifest with its entries out of order;
// in order, the same entries must decode.
func swapEntries(t *testing.T) []byte {
	a := mustEncode(t, Manifest{Version: manifestVersion, Files: map[string]Entry{"a.html": {}}})
	b := mustEncode(t, Manifest{Version: manifestVersion, Files: map[string]Entry{"b.html": {}}})
	head := len(manifestMagic) + 3 // magic, version, empty fingerprint, count
	pair := func(first, second []byte) []byte {
		out := append([]byte(nil), a[:head]...)
		out[head-1] = 2
		out = append(out, first[head:len(first)-32]...)
		out = append(out, second[head:len(second)-32]...)
		id := sha256.Sum256(out)
		return append(out, id[:]...)
	}
	if m, _, err := decodeManifest(string(pair(a, b))); err != nil || len(m.Files) != 2 {
		t.Fatalf("two sorted entries: %v, %d files", err, len(m.Files))
	}
	return pair(b, a)
}

func mustEncode(t *testing.T, m Manifest) []byte {
	var b bytes.Buffer
	if err := encodeManifest(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func FuzzDecodeManifest(f *testing.F) {
	var b bytes.Buffer
	encodeManifest(&b, sampleManifest())
	f.Add(b.Bytes())
	f.Add([]byte(manifestMagic))
	f.Fuzz(func(t *testing.T, in []byte) {
		m, paths, err := decodeManifest(string(in))
		if err != nil {
			return
		}
		if !slices.IsSorted(paths) || len(paths) != len(m.Files) {
			t.Fatalf("%d paths for %d files, or unsorted", len(paths), len(m.Files))
		}
		// Whatever decodes re-encodes to a manifest that decodes the same.
		var out bytes.Buffer
		if err := encodeManifest(&out, m); err != nil {
			t.Fatal(err)
		}
		again, _, err := decodeManifest(out.String())
		again.base, m.base = nil, nil
		if err != nil || !reflect.DeepEqual(again, m) {
			t.Fatalf("re-encoded manifest differs: %v", err)
		}
	})
}

// TestManifestDelta: a build that changes few outputs saves a delta
// beside the manifest and leaves the manifest itself alone; the two read
// back as the build's manifest, the delta grows with every change since
// the manifest was written, and many changes write a new manifest and
// drop the delta, which no longer applies.
func TestManifestDelta(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	outputs := map[string]string{}
	for i := range 40 {
		outputs[fmt.Sprintf("p/%02d.html", i)] = fmt.Sprint("page ", i)
	}
	base, delta := ManifestPath(out), DeltaPath(ManifestPath(out))
	// check reads the manifest back and compares it with the output.
	check := func(step string) {
		t.Helper()
		m, paths := readManifest(base)
		var want []string
		for p, body := range files(t, out) {
			want = append(want, p)
			if e, ok := m.Files[p]; !ok || e.Sum != sha256.Sum256([]byte(body)) || e.Key != uint64(len(body)) {
				t.Errorf("%s: %s read back as %+v", step, p, e)
			}
		}
		sort.Strings(want)
		if !slices.Equal(paths, want) || len(m.Files) != len(want) {
			t.Errorf("%s: manifest lists %q, the output holds %q", step, paths, want)
		}
	}
	deltaPaths := func() []string {
		t.Helper()
		b, err := os.ReadFile(delta)
		if err != nil {
			t.Fatal(err)
		}
		m, paths := readManifest(base)
		if _, err := applyDelta(&m, paths, string(b)); err != nil {
			t.Fatal(err)
		}
		return slices.Sorted(maps.Keys(m.base.moved))
	}

	build(t, out, "fp", Options{}, outputs, nil)
	if _, err := os.Stat(delta); err == nil {
		t.Error("a cold build left a delta")
	}
	first, _ := os.ReadFile(base)

	outputs["p/00.html"] = "page zero"
	delete(outputs, "p/01.html")
	outputs["p/new.html"] = "new"
	if st := build(t, out, "fp", Options{}, outputs, nil); st.Written != 2 || st.Deleted != 1 {
		t.Fatalf("small change: %+v", st)
	}
	if now, _ := os.ReadFile(base); !bytes.Equal(now, first) {
		t.Error("a small change rewrote the manifest")
	}
	if got, want := deltaPaths(), []string{"p/00.html", "p/new.html"}; !slices.Equal(got, want) {
		t.Errorf("delta holds %q, want %q", got, want)
	}
	check("after a delta")

	outputs["p/02.html"] = "page two"
	build(t, out, "fp", Options{}, outputs, nil)
	if got, want := deltaPaths(), []string{"p/00.html", "p/02.html", "p/new.html"}; !slices.Equal(got, want) {
		t.Errorf("second delta holds %q, want %q", got, want)
	}
	check("after a second delta")
	if st := build(t, out, "fp", Options{}, outputs, nil); st.Written != 0 || st.Unchanged != len(outputs) {
		t.Errorf("no change after deltas: %+v", st)
	}
	stale, _ := os.ReadFile(delta)

	for i := 10; i < 20; i++ {
		outputs[fmt.Sprintf("p/%02d.html", i)] = fmt.Sprint("page ", i, " again")
	}
	outputs["p/00.html"] = "page zero, twice" // so the stale delta would be wrong
	build(t, out, "fp", Options{}, outputs, nil)
	if _, err := os.Stat(delta); err == nil {
		t.Error("a new manifest left the old delta")
	}
	if now, _ := os.ReadFile(base); bytes.Equal(now, first) {
		t.Error("many changes did not write a new manifest")
	}
	check("after a new manifest")
	os.WriteFile(delta, stale, 0o644)
	check("with a delta for the old manifest")
	os.WriteFile(delta, []byte(deltaMagic+"\x06garbage"), 0o644)
	check("with a malformed delta")
}

// FuzzApplyDelta: any delta applies to a manifest or is refused, never
// panics, and an applied one leaves the paths sorted and matching the
// entries.
func FuzzApplyDelta(f *testing.F) {
	var b bytes.Buffer
	encodeManifest(&b, sampleManifest())
	baseFile := b.String()
	m, _, err := decodeManifest(baseFile)
	if err != nil {
		f.Fatal(err)
	}
	m.Files["new/index.html"] = Entry{Key: 4}
	var d bytes.Buffer
	if err := encodeDelta(&d, m, m.base.id, []string{"index.html", "new/index.html"}, []string{"search/ab/t/2.json"}); err != nil {
		f.Fatal(err)
	}
	f.Add(d.Bytes())
	f.Add([]byte(deltaMagic))
	f.Fuzz(func(t *testing.T, in []byte) {
		m, paths, err := decodeManifest(baseFile)
		if err != nil {
			t.Fatal(err)
		}
		merged, err := applyDelta(&m, paths, string(in))
		if err != nil {
			return
		}
		if !slices.IsSorted(merged) || len(merged) != len(m.Files) {
			t.Fatalf("%d paths for %d entries, or unsorted", len(merged), len(m.Files))
		}
		for _, p := range merged {
			if _, ok := m.Files[p]; !ok {
				t.Fatalf("path %q has no entry", p)
			}
		}
	})
}

// TestManifestSum checks that the sum names one manifest: it changes with
// a new base and with a new delta, and only then.
func TestManifestSum(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if _, err := ManifestSum(out); err == nil {
		t.Error("a sum without a manifest")
	}
	outputs := map[string]string{}
	for i := range 40 {
		outputs[fmt.Sprintf("p/%02d.html", i)] = fmt.Sprint("page ", i)
	}
	sum := func() [32]byte {
		t.Helper()
		s, err := ManifestSum(out)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	steps := []struct {
		name   string
		change func()
		same   bool
	}{
		{"a first build", func() {}, false},
		{"no change", func() {}, true},
		{"a delta", func() { outputs["p/00.html"] = "page zero" }, false},
		{"another delta", func() { outputs["p/01.html"] = "page one" }, false},
		{"a new base", func() {
			for i := 10; i < 30; i++ {
				outputs[fmt.Sprintf("p/%02d.html", i)] = fmt.Sprint("page ", i, " again")
			}
		}, false},
	}
	var last [32]byte
	for _, s := range steps {
		s.change()
		build(t, out, "fp", Options{}, outputs, nil)
		if now := sum(); (now == last) != s.same {
			t.Errorf("%s: sum unchanged %v, want %v", s.name, now == last, s.same)
		} else {
			last = now
		}
	}
	// A base cut short is no manifest.
	if err := os.WriteFile(ManifestPath(out), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ManifestSum(out); err == nil {
		t.Error("a sum of a truncated manifest")
	}
}

// decodeManifest parses a base manifest file held in s, and returns it
// with its paths, sorted.
func decodeManifest(s string) (Manifest, []string, error) {
	l, err := decodeList(s, 0)
	return l.manifest(), l.paths, err
}

// applyDelta applies the delta held in s to m, a base read with the
// sorted paths, and returns the new sorted paths; a malformed delta, or
// one for another base, is an error and changes nothing.
func applyDelta(m *Manifest, paths []string, s string) ([]string, error) {
	l := list{version: m.Version, fingerprint: m.Fingerprint, paths: paths, base: m.base}
	l.entries = make([]Entry, len(paths))
	for i, p := range paths {
		l.entries[i] = m.Files[p]
	}
	if err := l.applyDelta(s); err != nil {
		return nil, err
	}
	*m = l.manifest()
	return l.paths, nil
}

// TestApplyDeltaInPlace applies deltas of every shape to a base list, with
// and without room for them in its entries, and compares the result with
// (base ∪ delta) − gone made with a map; the base's own paths, which the
// next delta is made against, must not change.
func TestApplyDeltaInPlace(t *testing.T) {
	base := []string{"b", "d", "f", "h", "j"}
	tests := []struct {
		name        string
		delta, gone []string
	}{
		{"entries changed only", []string{"d", "j"}, nil},
		{"added at the front, middle and end", []string{"a", "e", "k"}, nil},
		{"gone at the front, middle and end", nil, []string{"b", "f", "j"}},
		{"added and gone", []string{"a", "c", "d", "i"}, []string{"b", "h"}},
		{"more gone than added, gone first", []string{"i"}, []string{"b", "d", "f"}},
		{"more added than gone, added first", []string{"a", "c", "e"}, []string{"j"}},
		{"gone that the base lacks", []string{"c"}, []string{"a", "z"}},
		{"added and gone at once", []string{"c", "e"}, []string{"e"}},
		{"everything gone", nil, []string{"b", "d", "f", "h", "j"}},
		{"nothing", nil, nil},
	}
	for _, tc := range tests {
		for _, room := range []int{0, len(tc.delta)} {
			t.Run(fmt.Sprintf("%s, room %d", tc.name, room), func(t *testing.T) {
				l := list{version: manifestVersion, fingerprint: "old", base: &manifestBase{id: [32]byte{7}}}
				want := map[string]Entry{}
				l.entries = make([]Entry, 0, len(base)+room)
				for i, p := range base {
					e := Entry{Key: uint64(i + 1)}
					l.paths = append(l.paths, p)
					l.entries = append(l.entries, e)
					want[p] = e
				}
				l.base.paths = l.paths // shared, as decodeList leaves them
				m := Manifest{Version: manifestVersion, Fingerprint: "new", Files: map[string]Entry{}}
				for i, p := range tc.delta {
					m.Files[p] = Entry{Key: uint64(100 + i), Group: "g"}
					want[p] = m.Files[p]
				}
				for _, p := range tc.gone {
					delete(want, p)
				}
				var d bytes.Buffer
				if err := encodeDelta(&d, m, l.base.id, tc.delta, tc.gone); err != nil {
					t.Fatal(err)
				}
				if err := l.applyDelta(d.String()); err != nil {
					t.Fatal(err)
				}
				got := map[string]Entry{}
				for i, p := range l.paths {
					got[p] = l.entries[i]
				}
				if !maps.Equal(got, want) || len(l.paths) != len(want) || len(l.entries) != len(want) || !slices.IsSorted(l.paths) {
					t.Errorf("got %v %v, want %v", l.paths, l.entries, want)
				}
				if !slices.Equal(l.base.paths, base) || l.fingerprint != "new" || len(l.base.moved) != len(tc.delta) {
					t.Errorf("base paths %v, fingerprint %q, %d moved", l.base.paths, l.fingerprint, len(l.base.moved))
				}
			})
		}
	}
}
