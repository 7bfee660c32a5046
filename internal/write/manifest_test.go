package write

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
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
		out = append(out, first[head:]...)
		return append(out, second[head:]...)
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
		if err != nil || !reflect.DeepEqual(again, m) {
			t.Fatalf("re-encoded manifest differs: %v", err)
		}
	})
}
