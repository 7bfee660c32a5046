package search

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// Known Porter2 pairs, each exercising one rule (snowballstem.org's
// description of the English stemmer).
func TestStem(t *testing.T) {
	tests := []struct{ word, want string }{
		// Short words and exceptions.
		{"a", "a"}, {"at", "at"}, {"skies", "sky"}, {"dying", "die"}, {"news", "news"}, {"atlas", "atlas"},
		{"only", "onli"}, {"gently", "gentl"},
		// Prelude: consonant y.
		{"youth", "youth"}, {"sayings", "say"}, {"enjoying", "enjoy"},
		// R1 exceptions.
		{"generously", "generous"}, {"communism", "communism"}, {"arsenal", "arsenal"}, {"general", "general"},
		// Step 0 and 1a.
		{"dog's", "dog"}, {"caresses", "caress"}, {"ties", "tie"}, {"cries", "cri"}, {"gas", "gas"},
		{"gaps", "gap"}, {"kiwis", "kiwi"}, {"consensus", "consensus"}, {"class", "class"},
		// Exception 2.
		{"succeed", "succeed"}, {"innings", "inning"},
		// Step 1b.
		{"agreed", "agre"}, {"feed", "feed"}, {"luxuriated", "luxuri"}, {"hoping", "hope"}, {"hopping", "hop"},
		{"training", "train"}, {"trained", "train"}, {"conflated", "conflat"}, {"troubled", "troubl"},
		{"sized", "size"}, {"fizzed", "fizz"}, {"failing", "fail"}, {"filing", "file"},
		// Step 1c.
		{"cry", "cri"}, {"by", "by"}, {"say", "say"},
		// Step 2.
		{"relational", "relat"}, {"conditional", "condit"}, {"valenci", "valenc"}, {"digitizer", "digit"},
		{"operator", "oper"}, {"feudalism", "feudal"}, {"decisiveness", "decis"}, {"hopefulness", "hope"},
		{"callousness", "callous"}, {"formaliti", "formal"}, {"sensitiviti", "sensit"}, {"sensibiliti", "sensibl"},
		{"analogi", "analog"}, {"quickli", "quick"},
		// Step 3.
		{"triplicate", "triplic"}, {"formative", "format"}, {"formalize", "formal"}, {"electrical", "electr"},
		{"hopeful", "hope"}, {"goodness", "good"},
		// Step 4.
		{"revival", "reviv"}, {"allowance", "allow"}, {"inference", "infer"}, {"airliner", "airlin"},
		{"adjustable", "adjust"}, {"defensible", "defens"}, {"irritant", "irrit"}, {"replacement", "replac"},
		{"adjustment", "adjust"}, {"dependent", "depend"}, {"adoption", "adopt"}, {"communism", "communism"},
		{"activate", "activ"}, {"homologous", "homolog"}, {"effective", "effect"}, {"bowdlerize", "bowdler"},
		// Step 5.
		{"rate", "rate"}, {"cease", "ceas"}, {"controll", "control"}, {"roll", "roll"},
		// The atlas's own vocabulary.
		{"arbitration", "arbitr"}, {"provisions", "provis"}, {"liability", "liabil"}, {"competing", "compet"},
		{"outputs", "output"}, {"privacy", "privaci"}, {"terminate", "termin"},
		// Not a–z: unchanged.
		{"café", "café"}, {"2025", "2025"}, {"gpt4", "gpt4"},
	}
	for _, tt := range tests {
		if got := Stem(tt.word); got != tt.want {
			t.Errorf("Stem(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}

// TestStemReference checks the stem pairs in testdata/stems.txt, made by
// the reference Snowball English stemmer (libstemmer 2.2) from the atlas's
// words and a sample of an English word list. static/search.js is checked
// against the same file by .ci/browser/text.test.mjs.
func TestStemReference(t *testing.T) {
	f, err := os.Open("testdata/stems.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		word, want, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			t.Fatalf("bad line %q", sc.Text())
		}
		n++
		if got := Stem(word); got != want {
			t.Errorf("Stem(%q) = %q, want %q", word, got, want)
		}
	}
	if n < 5000 {
		t.Fatalf("only %d pairs", n)
	}
}

func BenchmarkStem(b *testing.B) {
	words := strings.Fields("training arbitration provisions competing outputs generously luxuriated hopefulness the a")
	for b.Loop() {
		for _, w := range words {
			Stem(w)
		}
	}
}
