package load

import (
	"strings"
	"testing"

	"github.com/clauseatlas/atlas/internal/atlas"
	"github.com/clauseatlas/atlas/internal/problem"
	"github.com/clauseatlas/atlas/internal/sitetest"
)

func addSeeds(f *testing.F) {
	for name, body := range sitetest.Fixture() {
		if strings.HasSuffix(name, ".toml") {
			f.Add([]byte(body))
		}
	}
	for _, s := range []string{
		"", "=", "[[", "[a]\n[a]", "x = \"\"\"\nunterminated", "a.b.c = 1\n[a]", "[[version]]\n[[version.x]]\ny=1",
		"first_tracked = 2026-13-40", "captured = 1979-05-27T07:32:00", "id = 'CA-P-000001'\nid = 'x'",
		"quote = '''\n'''\nx = [\n[\n]]", "\"key with . dot\" = 1", "k = [1, [2, \"]\"], # c\n]",
	} {
		f.Add([]byte(s))
	}
}

// FuzzDecode feeds arbitrary bytes to the strict record decoder: it must
// never panic or hang, and every problem it reports must have a line.
func FuzzDecode(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, v := range []any{&atlas.Clause{}, &atlas.Document{}, &atlas.Site{}, &struct {
			Version []atlas.Version `toml:"version"`
		}{}} {
			probs, _ := decode("f.toml", src, v)
			for _, p := range probs {
				if p.Line < 1 || p.File != "f.toml" || p.Msg == "" {
					t.Fatalf("problem without position or message: %+v", p)
				}
			}
		}
	})
}

// FuzzKeyLines checks the line scanner on arbitrary input: no panic, and
// every line it names is inside the file.
func FuzzKeyLines(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		n := strings.Count(string(src), "\n") + 1
		for k, line := range KeyLines(src) {
			if strings.HasSuffix(k, problem.BodySuffix) {
				line--
			}
			if line < 1 || line > n {
				t.Fatalf("key %q on line %d of a %d-line file", k, line, n)
			}
		}
	})
}

// FuzzCorpus loads a whole atlas whose clause file is arbitrary.
func FuzzCorpus(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		files := sitetest.Fixture()
		files["data/platforms/acme/terms/clauses/no-scraping.toml"] = string(src)
		c, probs := Corpus(sitetest.FS(files))
		if c == nil || probs == nil {
			t.Fatal("nil result")
		}
	})
}
