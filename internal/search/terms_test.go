package search

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"testing"
	"testing/fstest"
)

// sameFiles fails unless a and b are the same files with the same bytes.
func sameFiles(t *testing.T, what string, a, b []File) {
	t.Helper()
	if len(a) != len(b) {
		t.Fatalf("%s: %d files, want %d", what, len(a), len(b))
	}
	for i := range a {
		if a[i].Path != b[i].Path || !bytes.Equal(a[i].Data, b[i].Data) {
			t.Fatalf("%s: file %d is %s, want %s (or its bytes differ)", what, i, a[i].Path, b[i].Path)
		}
	}
}

// editClauses returns a copy of fsys with the summary of every step-th
// clause file changed.
func editClauses(fsys fstest.MapFS, step int, tag string) fstest.MapFS {
	out := fstest.MapFS{}
	var clauses []string
	isClause := regexp.MustCompile(`/clauses/[^/]+\.toml$`)
	for p, f := range fsys {
		out[p] = &fstest.MapFile{Data: f.Data}
		if isClause.MatchString(p) {
			clauses = append(clauses, p)
		}
	}
	sort.Strings(clauses)
	re := regexp.MustCompile(`(?m)^summary = "`)
	for i := 0; i < len(clauses); i += step {
		p := clauses[i]
		out[p] = &fstest.MapFile{Data: re.ReplaceAll(fsys[p].Data, []byte(`summary = "`+tag+` `))}
	}
	return out
}

// TestTermCacheSameFiles: an index built from the last build's term
// cache has the same bytes as one built from nothing, after edits, and
// analyses only the documents whose text changed; a cache made under
// another stamp, or damaged, is refused.
func TestTermCacheSameFiles(t *testing.T) {
	fsys := generated(t, 4, 30)
	x := loadIndex(t, fsys)
	want, _ := Build(x, Options{})
	got, st, enc := Prepare(x, Options{}).BuildTerms(nil, "gen 1")
	sameFiles(t, "first build with a cache", got, want)
	if st.Analysed != st.Docs {
		t.Errorf("first build analysed %d of %d documents", st.Analysed, st.Docs)
	}
	cache, err := DecodeTermCache(enc, "gen 1")
	if err != nil {
		t.Fatal(err)
	}
	if cache.Len() == 0 || cache.Len() > st.Docs {
		t.Errorf("cache holds %d texts for %d documents", cache.Len(), st.Docs)
	}
	if _, err := DecodeTermCache(enc, "gen 2"); err == nil {
		t.Error("a cache from another generator was accepted")
	}

	tests := []struct {
		name     string
		fsys     fstest.MapFS
		analysed int // the clauses edited
	}{
		{"no edit", fsys, 0},
		{"one summary in 60", editClauses(fsys, 60, "Edited."), 2},
		{"every summary", editClauses(fsys, 1, "Edited."), 120},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := loadIndex(t, tt.fsys)
			want, _ := Build(x, Options{})
			got, st, enc2 := Prepare(x, Options{}).BuildTerms(cache, "gen 1")
			sameFiles(t, tt.name, got, want)
			// A clause's summary is in its own document and, as its
			// snippet, nowhere else; the documents of its platform and
			// type do not hold it.
			if st.Analysed != tt.analysed {
				t.Errorf("analysed %d documents, want %d", st.Analysed, tt.analysed)
			}
			next, err := DecodeTermCache(enc2, "gen 1")
			if err != nil {
				t.Fatal(err)
			}
			again, st, _ := Prepare(x, Options{}).BuildTerms(next, "gen 1")
			sameFiles(t, tt.name+", again", again, want)
			if st.Analysed != 0 {
				t.Errorf("a build from its own cache analysed %d documents", st.Analysed)
			}
		})
	}

	// Every cut of the encoding is refused, and never panics.
	for n := 0; n < len(enc); n += max(1, len(enc)/200) {
		if _, err := DecodeTermCache(enc[:n], "gen 1"); err == nil {
			t.Fatalf("the first %d of %d bytes were accepted", n, len(enc))
		}
	}
}

// FuzzDecodeTermCache: no input panics the decoder, and a cache it
// accepts builds an index without panicking.
func FuzzDecodeTermCache(f *testing.F) {
	x := loadIndex(f, fixture(f))
	_, _, enc := Prepare(x, Options{}).BuildTerms(nil, "s")
	f.Add(enc)
	f.Add(slices.Clone(enc[:len(enc)/2]))
	f.Add([]byte(termsMagic))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := DecodeTermCache(b, "s")
		if err != nil {
			if c != nil {
				t.Fatal("a cache with an error")
			}
			return
		}
		files, st, _ := Prepare(x, Options{}).BuildTerms(c, "s")
		if len(files) == 0 || st.Docs == 0 {
			t.Fatal(fmt.Sprint("no index: ", st))
		}
	})
}
