package search

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

//go:generate node foldgen.mjs

// Text analysis. The same steps run in the reader's browser
// (static/search.js), so a query's terms are the index's terms:
//
//  1. lower-case (Unicode simple case mapping);
//  2. fold: a letter whose canonical decomposition carries combining
//     diacritical marks becomes its base letters (é → e, Ǻ → a), loose
//     marks U+0300–U+036F are dropped, and a few letters with no
//     decomposition are spelt out (ß → ss, æ → ae, ø → o, ł → l, …);
//  3. split into words: maximal runs of letters, digits and marks, so
//     punctuation, apostrophes and hyphens separate words;
//  4. drop stop words and one-letter words (a single digit stays);
//  5. stem words of the letters a–z with Porter2 (Stem).

// foldExtra spells out letters that have no canonical decomposition.
var foldExtra = map[rune]string{
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'đ': "d", 'ð': "d", 'ł': "l", 'þ': "th", 'ı': "i", 'ς': "σ",
}

// maxWord is the longest word, in characters, that is indexed: longer
// runs are identifiers or noise, not words anyone types.
const maxWord = 40

// Fold lower-cases s and removes its diacritics.
func Fold(s string) string { return string(appendFold(nil, s)) }

// appendFold appends Fold(s) to dst: the index folds every text into one
// reused buffer rather than a new string each.
func appendFold(dst []byte, s string) []byte {
	dst = slices.Grow(dst, len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		dst = appendFoldRune(dst, unicode.ToLower(r))
		i += n
	}
	return dst
}

func appendFoldRune(dst []byte, r rune) []byte {
	if 0x300 <= r && r <= 0x36f {
		return dst
	}
	if s, ok := foldTable[r]; ok {
		// The table's bases are upper or lower case as decomposed.
		for _, c := range s {
			dst = appendFoldRune(dst, unicode.ToLower(c))
		}
		return dst
	}
	if s, ok := foldExtra[r]; ok {
		return append(dst, s...)
	}
	return utf8.AppendRune(dst, r)
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || 'A' <= r && r <= 'Z'
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

// Words splits folded text into words: the runs of word runes, as
// strings.FieldsFunc would with !isWordRune, but with a table for ASCII
// bytes instead of a function call per rune (the search index splits
// every clause's text; FieldsFunc was most of its time).
func Words(s string) []string {
	s = Fold(s)
	out := make([]string, 0, len(s)/8+1)
	eachWord(s, func(lo, hi int) { out = append(out, s[lo:hi]) })
	return out
}

// eachWord calls fn with the bounds of each word of folded text s.
func eachWord[T string | []byte](s T, fn func(lo, hi int)) {
	start := -1
	for i := 0; i < len(s); {
		word, n := asciiWord[s[i]], 1
		if s[i] >= utf8.RuneSelf {
			var r rune
			// A conversion this short is made on the stack.
			r, n = utf8.DecodeRuneInString(string(s[i:min(i+utf8.UTFMax, len(s))]))
			word = isWordRune(r)
		}
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			fn(start, i)
			start = -1
		}
		i += n
	}
	if start >= 0 {
		fn(start, len(s))
	}
}

// asciiWord says which ASCII bytes isWordRune accepts.
var asciiWord = func() (t [256]bool) {
	for c := 0; c < utf8.RuneSelf; c++ {
		t[c] = isWordRune(rune(c))
	}
	return t
}()

// Term returns the index term of one folded word, or "" when the word is
// not indexed (a stop word, a single letter, or too long).
func Term(w string) string {
	if !indexed(w) {
		return ""
	}
	return Stem(w)
}

func indexed[T string | []byte](w T) bool {
	// Indexing a map with string(w) makes no copy of w.
	if stopWords[string(w)] || len(w) > maxWord && runes(w) > maxWord {
		return false
	}
	r, n := utf8.DecodeRuneInString(string(w[:min(utf8.UTFMax, len(w))]))
	return n < len(w) || unicode.IsNumber(r)
}

// runes counts the characters of valid UTF-8 (folded text always is): the
// bytes that do not continue a character.
func runes[T string | []byte](w T) int {
	n := 0
	for i := 0; i < len(w); i++ {
		if w[i]&0xc0 != 0x80 {
			n++
		}
	}
	return n
}

// Terms returns the index terms of a text, in order, with repeats.
func Terms(s string) []string {
	var out []string
	for _, w := range Words(s) {
		if t := Term(w); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// stopWords are function words too common to help a search: Snowball's
// English list, with contractions split as Words splits them, and the
// modal verbs that fill every legal text.
var stopWords = setOf(`a about above after again against all am an and any are aren as at
be because been before being below between both but by can couldn d did didn do does doesn
doing don down during each few for from further had hadn has hasn have haven having he her here
hers herself him himself his how i if in into is isn it its itself just ll m may me might more
most must mustn my myself no nor not now of off on once only or other ought our ours ourselves
out over own re s same shall shan she should shouldn so some such t than that the their theirs
them themselves then there these they this those through to too under until up us ve very was
wasn we were weren what when where which while who whom why will with won would wouldn you your
yours yourself yourselves`)

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}
