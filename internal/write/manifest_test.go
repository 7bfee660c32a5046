package write

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
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
		got, err := decodeManifest(b.String())
		if err != nil {
			t.Fatalf("decode: %v", err)
		}
		if !reflect.DeepEqual(got, m) {
			t.Errorf("round trip:\n got %+v\nwant %+v", got, m)
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
	}
	for i := len(manifestMagic); i < len(good); i += 7 {
		cases[fmt.Sprintf("cut at %d", i)] = good[:i]
	}
	for name, in := range cases {
		if m, err := decodeManifest(string(in)); err == nil {
			t.Errorf("%s: decoded %d files, want an error", name, len(m.Files))
		}
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "m")
	os.WriteFile(p, good[:len(good)/2], 0o644)
	if m := readManifest(p); m.Files != nil {
		t.Error("a cut manifest file was used")
	}
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
		m, err := decodeManifest(string(in))
		if err != nil {
			return
		}
		// Whatever decodes re-encodes to a manifest that decodes the same.
		var out bytes.Buffer
		if err := encodeManifest(&out, m); err != nil {
			t.Fatal(err)
		}
		again, err := decodeManifest(out.String())
		if err != nil || !reflect.DeepEqual(again, m) {
			t.Fatalf("re-encoded manifest differs: %v", err)
		}
	})
}
