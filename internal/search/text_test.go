package search

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/clauseatlas/atlas/internal/sitetest"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Café Über", "cafe uber"},
		{"Straße ÆSIR œuvre", "strasse aesir oeuvre"},
		{"Dvořák Łódź", "dvorak lodz"},
		{"Việt Nam", "viet nam"},
		{"İstanbul", "istanbul"},
		{"ΟΔΟΣ όδος", "οδοσ οδοσ"},
		{"e\u0301te\u0301", "ete"}, // decomposed input
		{"Ǻngström", "angstrom"},
		{"東京 2025", "東京 2025"},
		{"ǿ", "o"}, // decomposes to ø, which is then spelt out
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTerms(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Prohibition on Training Competing Models with Bedrock Outputs", []string{"prohibit", "train", "compet", "model", "bedrock", "output"}},
		{"You may not use the Services", []string{"use", "servic"}},
		{"Anthropic’s users' rights", []string{"anthrop", "user", "right"}},
		{"opt-out, e-mail", []string{"opt", "mail"}},
		{"CA-P-011410", []string{"ca", "011410"}},
		{"within 30 days; 7 days", []string{"within", "30", "day", "7", "day"}},
		{"x y z", nil},
		{"Naïve résumé", []string{"naiv", "resum"}},
		{strings.Repeat("a", 41) + " ok", []string{"ok"}},
	}
	for _, tt := range tests {
		if got := Terms(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Terms(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// analysisCases are texts whose analysis static/search.js must reproduce:
// .ci/browser/text.test.mjs runs them through the browser's code and
// compares with testdata/analysis.json, which this test keeps current.
var analysisCases = []string{
	"Prohibition on Training Competing Models with Bedrock Outputs",
	"Binding Individual Arbitration Before JAMS, with a 30-Day Opt-Out",
	"Café Über Straße ÆSIR œuvre Dvořák Łódź Việt Nam İstanbul ΟΔΟΣ",
	"e\u0301te\u0301 Ǻngström ǿ ﬁ ß ẞ Ĳssel",
	"東京 2025 ١٢٣ ½ x² Ⅻ",
	"Anthropic’s users' rights; don't won't can't",
	"CA-P-011410 CA-D-00648 sha256:880a4da359a0dff0",
	"hopping hoping skies dying generously communism yelling",
	"The quick brown fox — “quoted” (parenthesised) [bracketed] {braced} a/b a.b a_b",
	"𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🙂 emoji \u200d zero\u200bwidth",
	"ΣΊΣΥΦΟΣ Ὀδυσσεύς кириллица Ёлка",
	"supercalifragilisticexpialidociousnessessessesses" + strings.Repeat("x", 10),
}

type analysis struct {
	In    string   `json:"in"`
	Fold  string   `json:"fold"`
	Words []string `json:"words"`
	Terms []string `json:"terms"`
}

func TestAnalysisGolden(t *testing.T) {
	var got []analysis
	for _, s := range analysisCases {
		got = append(got, analysis{In: s, Fold: Fold(s), Words: Words(s), Terms: Terms(s)})
	}
	b, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	sitetest.Golden(t, "testdata/analysis.json", append(b, '\n'))
}
