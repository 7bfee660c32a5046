package search

// Stem returns the Porter2 (Snowball English) stem of a lower-case word.
// It follows english.sbl of Snowball 2.x step by step, so its output is the
// reference stemmer's for every word of ASCII letters and apostrophes;
// static/search.js carries a line-for-line port, and both are checked
// against the same stem pairs (testdata/stems.txt). Words holding any other
// byte are returned unchanged.
//
// The notation in comments is the algorithm's: R1 is the region after the
// first non-vowel that follows a vowel, R2 the same region taken again
// inside R1; a "short syllable" is a vowel between non-vowels at the end.
func Stem(word string) string {
	for i := 0; i < len(word); i++ {
		if c := word[i]; (c < 'a' || c > 'z') && c != '\'' {
			return word
		}
	}
	if s, ok := exception1[word]; ok {
		return s
	}
	if len(word) < 3 {
		return word
	}
	w := []byte(word)
	// Prelude: drop an initial apostrophe; mark consonant y as Y.
	if w[0] == '\'' {
		w = w[1:]
	}
	yFound := false
	for i := range w {
		if w[i] == 'y' && (i == 0 || isVowel(w[i-1])) {
			w[i] = 'Y'
			yFound = true
		}
	}
	p1, p2 := regions(w)

	w = step1a(w)
	if !exception2[string(w)] {
		w = step1b(w, p1)
		w = step1c(w)
		w = step2(w, p1)
		w = step3(w, p1, p2)
		w = step4(w, p2)
		w = step5(w, p1, p2)
	}
	if yFound {
		for i := range w {
			if w[i] == 'Y' {
				w[i] = 'y'
			}
		}
	}
	return string(w)
}

// exception1 holds the words stemmed by rote, before anything else.
var exception1 = map[string]string{
	"skis": "ski", "skies": "sky", "dying": "die", "lying": "lie", "tying": "tie",
	"idly": "idl", "gently": "gentl", "ugly": "ugli", "early": "earli", "only": "onli", "singly": "singl",
	"sky": "sky", "news": "news", "howe": "howe", "atlas": "atlas", "cosmos": "cosmos", "bias": "bias", "andes": "andes",
}

// exception2 holds the words left alone after step 1a.
var exception2 = map[string]bool{
	"inning": true, "outing": true, "canning": true, "herring": true, "earring": true,
	"proceed": true, "exceed": true, "succeed": true,
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

// regions returns the starts of R1 and R2.
func regions(w []byte) (p1, p2 int) {
	p1 = len(w)
	for _, pre := range []string{"gener", "commun", "arsen"} {
		if len(w) >= len(pre) && string(w[:len(pre)]) == pre {
			p1 = len(pre)
			break
		}
	}
	if p1 == len(w) {
		p1 = afterVC(w, 0)
	}
	return p1, afterVC(w, p1)
}

// afterVC returns the position after the first non-vowel that follows a
// vowel at or after from, or len(w).
func afterVC(w []byte, from int) int {
	for i := from; i+1 < len(w); i++ {
		if isVowel(w[i]) && !isVowel(w[i+1]) {
			return i + 2
		}
	}
	return len(w)
}

// shortSyllable reports whether w[:end] ends in a short syllable: a
// non-vowel other than w, x or Y after a vowel after a non-vowel, or a
// vowel and a non-vowel that make up the whole word.
func shortSyllable(w []byte, end int) bool {
	if end >= 3 {
		c := w[end-1]
		if !isVowel(c) && c != 'w' && c != 'x' && c != 'Y' && isVowel(w[end-2]) && !isVowel(w[end-3]) {
			return true
		}
	}
	return end == 2 && isVowel(w[0]) && !isVowel(w[1])
}

func hasVowel(w []byte) bool {
	for _, c := range w {
		if isVowel(c) {
			return true
		}
	}
	return false
}

func hasSuffix(w []byte, s string) bool {
	return len(w) >= len(s) && string(w[len(w)-len(s):]) == s
}

// longest returns the longest of suffixes (listed longest first) that w
// ends with, or "".
func longest(w []byte, suffixes []string) string {
	for _, s := range suffixes {
		if hasSuffix(w, s) {
			return s
		}
	}
	return ""
}

func replace(w []byte, suffix, with string) []byte {
	return append(w[:len(w)-len(suffix)], with...)
}

func step1a(w []byte) []byte {
	// Step 0: possessive apostrophes.
	switch {
	case hasSuffix(w, "'s'"):
		w = w[:len(w)-3]
	case hasSuffix(w, "'s"):
		w = w[:len(w)-2]
	case hasSuffix(w, "'"):
		w = w[:len(w)-1]
	}
	switch s := longest(w, []string{"sses", "ied", "ies", "us", "ss", "s"}); s {
	case "sses":
		w = replace(w, s, "ss")
	case "ied", "ies":
		if len(w)-len(s) > 1 {
			w = replace(w, s, "i")
		} else {
			w = replace(w, s, "ie")
		}
	case "s":
		// Delete when the part before the letter before s has a vowel.
		if len(w) >= 2 && hasVowel(w[:len(w)-2]) {
			w = w[:len(w)-1]
		}
	}
	return w
}

func step1b(w []byte, p1 int) []byte {
	s := longest(w, []string{"eedly", "ingly", "edly", "eed", "ing", "ed"})
	switch s {
	case "":
		return w
	case "eed", "eedly":
		if len(w)-len(s) >= p1 {
			w = replace(w, s, "ee")
		}
		return w
	}
	if !hasVowel(w[:len(w)-len(s)]) {
		return w
	}
	w = w[:len(w)-len(s)]
	switch {
	case hasSuffix(w, "at"), hasSuffix(w, "bl"), hasSuffix(w, "iz"):
		w = append(w, 'e')
	case len(w) >= 2 && w[len(w)-1] == w[len(w)-2] && isDoubleable(w[len(w)-1]):
		w = w[:len(w)-1]
	case len(w) == p1 && shortSyllable(w, len(w)):
		w = append(w, 'e')
	}
	return w
}

func isDoubleable(c byte) bool {
	switch c {
	case 'b', 'd', 'f', 'g', 'm', 'n', 'p', 'r', 't':
		return true
	}
	return false
}

func step1c(w []byte) []byte {
	n := len(w)
	if n > 2 && (w[n-1] == 'y' || w[n-1] == 'Y') && !isVowel(w[n-2]) {
		w[n-1] = 'i'
	}
	return w
}

var step2Suffixes = []string{
	"ational", "fulness", "iveness", "ization", "ousness",
	"biliti", "lessli", "tional",
	"alism", "aliti", "ation", "entli", "fulli", "iviti", "ousli",
	"abli", "alli", "anci", "ator", "enci", "izer",
	"bli", "ogi",
	"li",
}

func step2(w []byte, p1 int) []byte {
	s := longest(w, step2Suffixes)
	if s == "" || len(w)-len(s) < p1 {
		return w
	}
	switch s {
	case "tional":
		return replace(w, s, "tion")
	case "enci":
		return replace(w, s, "ence")
	case "anci":
		return replace(w, s, "ance")
	case "abli":
		return replace(w, s, "able")
	case "entli":
		return replace(w, s, "ent")
	case "izer", "ization":
		return replace(w, s, "ize")
	case "ational", "ation", "ator":
		return replace(w, s, "ate")
	case "alism", "aliti", "alli":
		return replace(w, s, "al")
	case "fulness":
		return replace(w, s, "ful")
	case "ousli", "ousness":
		return replace(w, s, "ous")
	case "iveness", "iviti":
		return replace(w, s, "ive")
	case "biliti", "bli":
		return replace(w, s, "ble")
	case "ogi":
		if len(w) > 3 && w[len(w)-4] == 'l' {
			return replace(w, s, "og")
		}
	case "fulli":
		return replace(w, s, "ful")
	case "lessli":
		return replace(w, s, "less")
	case "li":
		if len(w) > 2 && isValidLi(w[len(w)-3]) {
			return w[:len(w)-2]
		}
	}
	return w
}

func isValidLi(c byte) bool {
	switch c {
	case 'c', 'd', 'e', 'g', 'h', 'k', 'm', 'n', 'r', 't':
		return true
	}
	return false
}

var step3Suffixes = []string{"ational", "tional", "alize", "ative", "icate", "iciti", "ical", "ness", "ful"}

func step3(w []byte, p1, p2 int) []byte {
	s := longest(w, step3Suffixes)
	start := len(w) - len(s)
	if s == "" || start < p1 {
		return w
	}
	switch s {
	case "tional":
		return replace(w, s, "tion")
	case "ational":
		return replace(w, s, "ate")
	case "alize":
		return replace(w, s, "al")
	case "icate", "iciti", "ical":
		return replace(w, s, "ic")
	case "ful", "ness":
		return w[:start]
	case "ative":
		if start >= p2 {
			return w[:start]
		}
	}
	return w
}

var step4Suffixes = []string{
	"ement",
	"able", "ance", "ence", "ible", "ment",
	"ant", "ate", "ent", "ion", "ism", "iti", "ive", "ize", "ous",
	"al", "er", "ic",
}

func step4(w []byte, p2 int) []byte {
	s := longest(w, step4Suffixes)
	start := len(w) - len(s)
	if s == "" || start < p2 {
		return w
	}
	if s == "ion" {
		if start > 0 && (w[start-1] == 's' || w[start-1] == 't') {
			return w[:start]
		}
		return w
	}
	return w[:start]
}

func step5(w []byte, p1, p2 int) []byte {
	n := len(w)
	if n == 0 {
		return w
	}
	start := n - 1
	switch w[start] {
	case 'e':
		if start >= p2 || (start >= p1 && !shortSyllable(w, start)) {
			return w[:start]
		}
	case 'l':
		if start >= p2 && start > 0 && w[start-1] == 'l' {
			return w[:start]
		}
	}
	return w
}
