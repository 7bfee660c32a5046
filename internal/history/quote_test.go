package history

import (
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"  Plain   text\n\n", "plain text"},
		{"**Bold** and __strong__, *em* _em_ `code`", "bold and strong, em em code"},
		{"## 12. Arbitration ##", "12. arbitration ##"},
		{"Title\n=====\n\nSub\n---", "title sub"},
		{"*   item one\n-   item two\n+ item three", "item one item two item three"},
		{"> quoted\n> > twice", "quoted twice"},
		{"see [the policy](https://x.com/p?a=1 \"T\") and ![logo](/l.png)", "see the policy and logo"},
		{"[a](<https://x.com/a b>) [b](https://x.com/(c)d)", "a b"},
		{"[](https://llama.developer.meta.com/legal)\n\nTerms", "terms"},
		{"unclosed [bracket and (paren)", "unclosed bracket and (paren)"},
		{"1\\. Universal \\*not emphasis\\*", "1. universal *not emphasis*"},
		{"‘single’ “double” „low“ — dash – en … end", `'single' "double" "low" - dash - en ... end`},
		{"non\u00a0breaking\u2009thin\u200bzero\u00adsoft", "non breaking thinzerosoft"},
		{"AT&amp;T &lt;b&gt; caf&eacute; &#8217;s &bogus; & x", "at&t <b> café 's &bogus; & x"},
		{"ÉTÉ İstanbul ΣΟΦΙΑ", "été istanbul σοφια"},
		{"a | table | row\n|---|:---:|\n| b | c |", "a table row b c"},
		{"visit https://Example.com/A_B*x*.", "visit https://example.com/a_bx."},
		{"bad \xff byte", "bad \ufffd byte"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeKeys(t *testing.T) {
	tests := []struct {
		in, format, link string
	}{
		{"Read [this](https://x.com/?id=1).", "Read this https://x.com/?id=1 .", "Read this."},
		{"Go to https://x.com/a?t=9 now", "Go to https://x.com/a?t=9 now", "Go to now"},
		{"“Quoted” — **Bold**", `"Quoted" - Bold`, `"Quoted" - Bold`},
	}
	for _, tt := range tests {
		if got, _ := normalize(tt.in, formatMode, false); got != tt.format {
			t.Errorf("format key of %q = %q, want %q", tt.in, got, tt.format)
		}
		if got, _ := normalize(tt.in, linkMode, false); got != tt.link {
			t.Errorf("link key of %q = %q, want %q", tt.in, got, tt.link)
		}
	}
	if got := plain("**50.5.**\u00a0Except “where” [permitted](https://x)"); got != "50.5. Except “where” permitted" {
		t.Errorf("plain = %q", got)
	}
}

func TestContains(t *testing.T) {
	text := "**50.5.** Except where permitted by the AI Service, you may not use an AI Service to generate Content " +
		"for the express purpose of training an AI model.\n\n**50.6.** AI Services are not intended for use in hazardous environments. " +
		"The [Customer’s](https://x.com) obligations survive."
	tests := []struct {
		quote string
		want  bool
	}{
		{"you may not use an AI Service to generate Content for the express purpose", true},
		{"YOU  MAY NOT\nuse an ai service", true},
		{"50.5. Except where permitted", true},
		{"The Customer's obligations survive.", true},
		{"The Customer’s obligations survive", true},
		{"training an AI model. 50.6. AI Services", true},
		{"Except where permitted ... training an AI model", true},
		{"Except where permitted … hazardous environments", true},
		{"Except where permitted [...] hazardous environments", true},
		{"hazardous environments ... Except where permitted", false}, // pieces out of order
		{"you may not use the Services to develop foundation models", false},
		{"ice", false},     // inside "Service", not a word
		{"Servic", false},  // a word cut short
		{"Service,", true}, // punctuation at the edge is fine
		{"", false},        // no words
		{" ... ", false},   // no words
		{"**", false},      // no words
		{"AI Services", true},
	}
	for _, tt := range tests {
		if got := Contains(text, tt.quote); got != tt.want {
			t.Errorf("Contains(text, %q) = %v, want %v", tt.quote, got, tt.want)
		}
	}
	p := Prepare(text)
	for _, tt := range tests {
		if got := p.Contains(tt.quote); got != tt.want {
			t.Errorf("Prepared.Contains(%q) = %v, want %v", tt.quote, got, tt.want)
		}
	}
}

const nearText = `# Terms

**1. Accounts.** You must be at least 18 years old to create an account. You are responsible for your password.

**2. Use.** You will not, and will not allow any third party to, use the Services to develop or improve a similar or competing product or service.

**3. Termination.** We may suspend or terminate your access to the Services at any time if you breach these Terms.

**4. Law.** These Terms are governed by the laws of the State of Washington.
`

func TestNearest(t *testing.T) {
	tests := []struct {
		name, quote string
		want        string // passage, "" when not close
		minScore    float64
	}{
		{
			name:     "exact quote",
			quote:    "You are responsible for your password.",
			want:     "You are responsible for your password.",
			minScore: 1,
		},
		{
			name:     "reworded quote finds its sentence",
			quote:    "You may not, and may not allow any third party to, use the Services to develop or improve a competing product.",
			want:     "You will not, and will not allow any third party to, use the Services to develop or improve a similar or competing product or service.",
			minScore: 0.7,
		},
		{
			name:     "quote in other typography",
			quote:    "we may suspend or terminate your access to the services at any time if you breach these terms",
			want:     "We may suspend or terminate your access to the Services at any time if you breach these Terms.",
			minScore: 0.99,
		},
		{
			name:  "unrelated quote",
			quote: "Amazon Bedrock customers may not train foundation models that compete with AWS.",
		},
		{name: "no words", quote: " -- "},
	}
	p := Prepare(nearText)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			passage, score, ok := p.Nearest(tt.quote)
			if ok != (tt.want != "") {
				t.Fatalf("ok = %v (score %.3f, passage %q)", ok, score, passage)
			}
			if score < 0 || score > 1 {
				t.Errorf("score %v out of [0, 1]", score)
			}
			if !ok {
				return
			}
			if passage != tt.want {
				t.Errorf("passage\n got %q\nwant %q", passage, tt.want)
			}
			if score < tt.minScore {
				t.Errorf("score %.3f < %.3f", score, tt.minScore)
			}
			if p2, s2, ok2 := Nearest(nearText, tt.quote); p2 != passage || s2 != score || ok2 != ok {
				t.Errorf("Nearest and Prepared.Nearest disagree")
			}
		})
	}
	if _, _, ok := Nearest("", "anything at all"); ok {
		t.Error("Nearest on empty text is ok")
	}
}

func TestFirstAppearance(t *testing.T) {
	q := "You may not use the Services to develop or train competing models."
	vs := []Version{
		txt(1, docA),
		{Captured: day(2), SHA256: "x"}, // no text
		txt(3, docA),
		txt(4, strings.Replace(docB, "models.", "models.\u00a0", 1)),
		txt(5, docA),
	}
	if got := FirstAppearance(vs, q); got != 3 {
		t.Errorf("FirstAppearance = %d, want 3", got)
	}
	if got := FirstAppearance(vs, "not in any version"); got != -1 {
		t.Errorf("FirstAppearance of a missing quote = %d, want -1", got)
	}
	if got := FirstAppearance(vs, "  "); got != -1 {
		t.Errorf("FirstAppearance of an empty quote = %d, want -1", got)
	}
	// Versions sharing a hash are searched once; the answer is the same.
	vs[0].SHA256, vs[2].SHA256 = "a", "a"
	if got := FirstAppearance(vs, "competing models"); got != 0 {
		t.Errorf("FirstAppearance = %d, want 0", got)
	}
}
