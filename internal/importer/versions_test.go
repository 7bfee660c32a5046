package importer

import (
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/clauseatlas/atlas/internal/atlas"
	"github.com/clauseatlas/atlas/internal/load"
)

// The importer's version record must have exactly the keys of
// atlas.Version: a key it did not know would fail its strict decode (so
// the history is left alone), and one it lacked would never be written.
func TestVersionKeysMatchAtlas(t *testing.T) {
	keys := func(typ reflect.Type) []string {
		var out []string
		for i := 0; i < typ.NumField(); i++ {
			f := typ.Field(i)
			if tag := f.Tag.Get("toml"); f.IsExported() && tag != "-" && tag != "" {
				out = append(out, tag)
			}
		}
		sort.Strings(out)
		return out
	}
	got, want := keys(reflect.TypeOf(version{})), keys(reflect.TypeOf(atlas.Version{}))
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("importer version keys %v, atlas.Version keys %v", got, want)
	}
	var v version
	if n := len(v.fields()); n != 0 {
		t.Fatalf("an empty version writes %d keys", n)
	}
	all := version{Captured: time.Unix(1, 0), SHA256: "s", Bytes: new(int64), LinesAdded: new(int64), LinesRemoved: new(int64), Event: "e", Text: "t", Source: "s", Summary: "s", Severity: "s"}
	if n := len(all.fields()); n != len(want) {
		t.Fatalf("a full version writes %d keys, want %d", n, len(want))
	}
}

// canonical is a versions.toml in the canonical format: written back, it
// comes out byte for byte.
const canonical = `# History header.
#
# Second paragraph.

[[version]]
captured = 2026-01-05T10:00:00Z
sha256 = "1111111111111111111111111111111111111111111111111111111111111111"
bytes = 30
lines_added = 3
lines_removed = 0
event = "first_record"
source = "OpenTermsArchive/contrib-versions@c61a6c632dc7"

[[version]]
captured = 2026-02-01T10:00:00.5Z
sha256 = "2222222222222222222222222222222222222222222222222222222222222222"
bytes = 0
event = "change"
text = "texts/2222222222222222222222222222222222222222222222222222222222222222.md"
summary = "Renamed \"X\" to \"Y\"; see § 5."
severity = "low"
`

func TestCanonicalRoundTrip(t *testing.T) {
	f, err := parseVersions("v.toml", []byte(canonical))
	if err != nil {
		t.Fatal(err)
	}
	if got := string(f.bytes()); got != canonical {
		t.Fatalf("rewritten:\n%s\nwant:\n%s", got, canonical)
	}
	if f.versions[1].LinesAdded != nil || *f.versions[1].Bytes != 0 {
		t.Fatalf("absent numbers must stay absent and zeros zero: %+v", f.versions[1])
	}
}

func TestCommentsKept(t *testing.T) {
	src := `# Header.
[[version]] # the first
captured = 2026-01-05T10:00:00+01:00 # local time of the editor
# about the hash
sha256 = "1111111111111111111111111111111111111111111111111111111111111111"
summary = """
A summary
# that is not a comment
over lines.""" # after a multi-line string
  # indented, after summary

# about the second version
[[version]]
sha256 = '2222222222222222222222222222222222222222222222222222222222222222'  # literal "quoted" # hash
captured = 2026-02-01T10:00:00Z
source = "a # that is not a comment" # but this is
summary = ""
# after an empty summary

# at the end
`
	want := `# Header.

[[version]] # the first
captured = 2026-01-05T09:00:00Z # local time of the editor
# about the hash
sha256 = "1111111111111111111111111111111111111111111111111111111111111111"
summary = """
A summary
# that is not a comment
over lines.""" # after a multi-line string
# indented, after summary

# about the second version
[[version]]
captured = 2026-02-01T10:00:00Z
sha256 = "2222222222222222222222222222222222222222222222222222222222222222" # literal "quoted" # hash
source = "a # that is not a comment" # but this is
# after an empty summary

# at the end
`
	f, err := parseVersions("v.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if f.dropped {
		t.Fatal("layout not recognised")
	}
	got := string(f.bytes())
	if got != want {
		t.Fatalf("rewritten:\n%s\nwant:\n%s", got, want)
	}
	// And the rewrite is stable.
	g, err := parseVersions("v.toml", []byte(got))
	if err != nil {
		t.Fatal(err)
	}
	if again := string(g.bytes()); again != got {
		t.Fatalf("second rewrite differs:\n%s", again)
	}
}

func TestUnknownLayoutIsFlagged(t *testing.T) {
	f, err := parseVersions("v.toml", []byte("# Header.\nversion = [{captured = 2026-01-05T10:00:00Z, sha256 = \"ab\"}] # note\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !f.dropped || !hasCommentsAfterHeader(f) || len(f.versions) != 1 {
		t.Fatalf("dropped=%v comments=%v versions=%d", f.dropped, hasCommentsAfterHeader(f), len(f.versions))
	}
	if _, err := parseVersions("v.toml", []byte("[[version]]\ncaptured = 2026-01-05T10:00:00Z\nsummry = \"x\"\n")); err == nil || !strings.Contains(err.Error(), `v.toml:3: unknown key "version.summry"`) {
		t.Fatalf("unknown key: err = %v", err)
	}
}

// Every history bundled with the atlas survives a rewrite: same records,
// same comments. (The bundled files are in the canonical format, so a
// rewrite that adds text = lines changes only those lines.)
func TestBundledHistoriesRoundTrip(t *testing.T) {
	files, _ := filepath.Glob("../../data/platforms/*/*/versions.toml")
	if len(files) == 0 {
		t.Skip("no bundled histories")
	}
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parseVersions(file, src)
		if err != nil {
			t.Fatal(err)
		}
		out := f.bytes()
		var a, b struct {
			Version []atlas.Version `toml:"version"`
		}
		if p := load.Decode(file, src, &a); len(p) > 0 {
			t.Fatal(p)
		}
		if p := load.Decode(file, out, &b); len(p) > 0 {
			t.Fatalf("%s rewritten does not decode: %v", file, p)
		}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: rewrite changes the records", file)
		}
		if comments(src) != comments(out) {
			t.Errorf("%s: rewrite changes the comments", file)
		}
		if string(out) != string(src) {
			t.Logf("%s is not in the canonical format: a rewrite would reformat it", file)
		}
	}
}

func comments(b []byte) string {
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if s := strings.TrimSpace(l); strings.HasPrefix(s, "#") {
			out = append(out, s)
		}
	}
	return strings.Join(out, "\n")
}

// FuzzVersionsRoundTrip writes versions with arbitrary strings, numbers
// and instants and decodes them back with BurntSushi/toml: every value
// must come back as written (strings with invalid UTF-8 as TOML can hold
// them).
func FuzzVersionsRoundTrip(f *testing.F) {
	f.Add("change", "Renamed \"X\"; see § 5.\nSecond line.", "texts/a.md", int64(277808), int64(1769214803), int64(0), true)
	f.Add("", "", "", int64(0), int64(0), int64(5), false)
	f.Add("\x00\x1f\x7f\\\"\"\"'''", "\r\n\t\b\f", "#", int64(-1), int64(-62135596800), int64(999999999), true)
	f.Add("ends with a quote\"", "\"\"\"\n\"\"", "trailing backslash\\", int64(1<<62), int64(253402300799), int64(1), false)
	f.Fuzz(func(t *testing.T, s1, s2, s3 string, n, sec, nsec int64, withLines bool) {
		// TOML date-times have four-digit years.
		const minSec, maxSec = -62135596800, 253402300798 // 0001-01-01 … 9999-12-31T23:59:58 (the second version is a second later)
		if sec < minSec || sec > maxSec {
			sec = minSec + (sec%(maxSec-minSec)+(maxSec-minSec))%(maxSec-minSec)
		}
		nsec = (nsec%1e9 + 1e9) % 1e9
		at := time.Unix(sec, nsec).UTC()
		v := version{Captured: at, SHA256: s1, Bytes: &n, Event: s1, Text: s3, Source: s2, Summary: s2 + s1, Severity: s3}
		if withLines {
			v.LinesAdded, v.LinesRemoved = &n, &sec
		}
		vf := &versionsFile{header: commentLines(s2, 40), versions: []version{v, {Captured: at.Add(time.Second), SHA256: s3}}}
		out := vf.bytes()
		var back struct {
			Version []version `toml:"version"`
		}
		md, err := toml.Decode(string(out), &back)
		if err != nil {
			t.Fatalf("emitted TOML does not decode: %v\n%s", err, out)
		}
		if und := md.Undecoded(); len(und) > 0 {
			t.Fatalf("undecoded keys %v", und)
		}
		if probs := load.Decode("v.toml", out, &back); len(probs) > 0 {
			t.Fatalf("strict decode: %v\n%s", probs, out)
		}
		if len(back.Version) != 2 {
			t.Fatalf("%d versions back", len(back.Version))
		}
		got := back.Version[0]
		valid := func(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }
		if !got.Captured.Equal(at) {
			t.Errorf("captured %v, want %v", got.Captured, at)
		}
		for _, c := range []struct{ got, want string }{
			{got.SHA256, s1}, {got.Event, s1}, {got.Text, s3}, {got.Source, s2}, {got.Summary, s2 + s1}, {got.Severity, s3},
		} {
			if c.got != valid(c.want) {
				t.Errorf("string %q came back as %q\n%s", valid(c.want), c.got, out)
			}
		}
		if got.Bytes == nil || *got.Bytes != n {
			t.Errorf("bytes %v, want %d", got.Bytes, n)
		}
		if withLines && (got.LinesAdded == nil || *got.LinesAdded != n || got.LinesRemoved == nil || *got.LinesRemoved != sec) {
			t.Errorf("lines %v %v, want %d %d", got.LinesAdded, got.LinesRemoved, n, sec)
		}
		if !withLines && (got.LinesAdded != nil || got.LinesRemoved != nil) {
			t.Errorf("absent line counts came back")
		}
		// Parsing what was written and writing it again changes nothing.
		g, err := parseVersions("v.toml", out)
		if err != nil {
			t.Fatal(err)
		}
		if again := g.bytes(); string(again) != string(out) {
			t.Fatalf("rewrite not stable:\n%s\n---\n%s", out, again)
		}
	})
}

// FuzzParseCaptureName: any name either parses to a whole second in UTC
// that names the file back exactly, or is refused with an error; never a
// panic.
func FuzzParseCaptureName(f *testing.F) {
	for _, s := range []string{"2026-01-24T00-33-23Z.md", "2026-13-01T00-00-00Z.md", "x.md", "", "0000-01-01T00-00-00Z.md", "9999-12-31T23-59-59Z.md", "2026-01-24T00-33-23Z.md.md"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		at, err := ParseCaptureName(name)
		if err != nil {
			if !at.IsZero() {
				t.Fatalf("error with a time: %v", at)
			}
			return
		}
		if at.Location() != time.UTC || at.Nanosecond() != 0 {
			t.Fatalf("%q → %v: not a whole second in UTC", name, at)
		}
		if back := CaptureName(at); back != name {
			t.Fatalf("%q → %v → %q", name, at, back)
		}
	})
}
