package search

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzAnalysis checks the text analysis on any input: folding is stable,
// words are made of word characters only, and stemming neither panics nor
// leaves the alphabet it was given.
func FuzzAnalysis(f *testing.F) {
	for _, s := range analysisCases {
		f.Add(s)
	}
	f.Add("'y''s'")
	f.Add("yyyyyyes")
	f.Add("\xff\xfe bad utf-8")
	f.Fuzz(func(t *testing.T, s string) {
		folded := Fold(s)
		if again := Fold(folded); again != folded {
			t.Fatalf("Fold is not stable: %q → %q → %q", s, folded, again)
		}
		for _, w := range Words(s) {
			if w == "" {
				t.Fatal("empty word")
			}
			for _, r := range w {
				if !isWordRune(r) {
					t.Fatalf("word %q of %q holds %q", w, s, r)
				}
			}
			if tm := Term(w); tm != "" && utf8.RuneCountInString(tm) > maxWord+1 {
				t.Fatalf("term %q longer than its word %q allows", tm, w)
			}
		}
		// Stem any lower-case ASCII rendering of the input.
		w := strings.Map(func(r rune) rune {
			if 'a' <= r && r <= 'z' || r == '\'' {
				return r
			}
			return -1
		}, strings.ToLower(s))
		st := Stem(w)
		if len(st) > len(w)+1 || (st == "" && strings.Trim(w, "'s") != "") {
			t.Fatalf("Stem(%q) = %q", w, st)
		}
		for i := 0; i < len(st); i++ {
			if c := st[i]; (c < 'a' || c > 'z') && c != '\'' {
				t.Fatalf("Stem(%q) = %q leaves the alphabet", w, st)
			}
		}
	})
}

// FuzzSets checks that sets of documents round-trip through encodeSet.
func FuzzSets(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 200, 201})
	f.Add([]byte{255})
	f.Fuzz(func(t *testing.T, b []byte) {
		seen := map[uint32]bool{}
		var ids []uint32
		for i, c := range b {
			id := uint32(c) + uint32(i%4)*256
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
		slices.Sort(ids)
		if got := decodeSet(encodeSet(ids, 1024)); !slices.Equal(got, ids) {
			t.Fatalf("round trip of %v gave %v", ids, got)
		}
	})
}

// FuzzWords holds Words to strings.FieldsFunc, which it replaced for
// speed: the same words for any text, valid UTF-8 or not.
func FuzzWords(f *testing.F) {
	for _, s := range analysisCases {
		f.Add(s)
	}
	f.Add("a\xffb  c\u0301d–e")
	f.Fuzz(func(t *testing.T, s string) {
		want := strings.FieldsFunc(Fold(s), func(r rune) bool { return !isWordRune(r) })
		if got := Words(s); !slices.Equal(got, want) {
			t.Fatalf("Words(%q) = %q, want %q", s, got, want)
		}
	})
}

// FuzzAnalyser holds the index's copy-free analysis (one folding buffer,
// words looked up as bytes) to Words and Term: the same field length and
// the same terms with the same counts, for any text.
func FuzzAnalyser(f *testing.F) {
	for _, s := range analysisCases {
		f.Add(s, "Title")
	}
	f.Add("a\xffb  c\u0301d–e Straße", "ÉCOLE école")
	f.Add(strings.Repeat("x", maxWord+1)+" "+strings.Repeat("é", maxWord), "the of and")
	f.Fuzz(func(t *testing.T, summary, title string) {
		a := newAnalyser()
		d := doc{}
		d.text[fSummary], d.text[fTitle] = summary, title
		var lens [nFields]uint16
		avg := [nFields]float64{}
		for fi, s := range d.text {
			want := 0
			for _, w := range Words(s) {
				if indexed(w) {
					want++
				}
			}
			a.fold = appendFold(a.fold[:0], s)
			got := 0
			eachWord(a.fold, func(lo, hi int) {
				if indexed(a.fold[lo:hi]) {
					got++
				}
			})
			if got != want {
				t.Fatalf("field %d of %q: %d indexed words, Words finds %d", fi, s, got, want)
			}
			lens[fi] = uint16(got)
			avg[fi] = 1
		}
		counts := map[string]*[nFields]uint16{}
		for fi, s := range d.text {
			for _, tm := range Terms(s) {
				if counts[tm] == nil {
					counts[tm] = new([nFields]uint16)
				}
				counts[tm][fi]++
			}
		}
		var want []termImpact
		for tm, c := range counts {
			want = append(want, termImpact{tm, impact(c, &lens, &avg)})
		}
		byTerm := func(x, y termImpact) int { return strings.Compare(x.term, y.term) }
		slices.SortFunc(want, byTerm)
		// Twice through one analyser: its scratch space must not leak
		// from one document into the next. A document's terms may come
		// in any order (postings are appended in document order), but
		// each only once.
		for range 2 {
			got := a.doc(&d, &lens, &avg, nil)
			slices.SortFunc(got, byTerm)
			if !slices.Equal(got, want) {
				t.Fatalf("analyser: %v, want %v", got, want)
			}
		}
	})
}
