package history

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// The shared corpus of real capture histories (Open Terms Archive,
// ODC-BY 1.0) lives outside the repository; these tests skip without it.
const corpusDir = "../../../shared/corpus"

// history is one document's recorded versions from versions/…/index.json.
type history struct {
	name string
	ns   []int // the recorder's version numbers
	vs   []Version
}

func loadHistory(t testing.TB, dir string) history {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	var idx struct {
		Versions []struct {
			N            int       `json:"n"`
			RecordedAt   time.Time `json:"recorded_at"`
			Event        string    `json:"event"`
			SHA256       string    `json:"sha256"`
			LinesAdded   int       `json:"lines_added"`
			LinesRemoved int       `json:"lines_removed"`
			File         string    `json:"file"`
		} `json:"versions"`
	}
	if err := json.Unmarshal(b, &idx); err != nil {
		t.Fatal(err)
	}
	rel, _ := filepath.Rel(filepath.Join(corpusDir, "versions"), dir)
	h := history{name: filepath.ToSlash(rel)}
	for _, v := range idx.Versions {
		text, err := os.ReadFile(filepath.Join(dir, v.File))
		if err != nil {
			t.Fatal(err)
		}
		h.ns = append(h.ns, v.N)
		h.vs = append(h.vs, Version{
			Captured: v.RecordedAt, SHA256: v.SHA256, Event: v.Event,
			LinesAdded: v.LinesAdded, LinesRemoved: v.LinesRemoved,
			Text: string(text), HasText: true,
		})
	}
	return h
}

func needCorpus(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(corpusDir, "versions")); err != nil {
		t.Skip("shared corpus not present:", err)
	}
}

// corpusCounts are the classes of every document's versions, computed
// independently with a Python re-implementation of the rules (regular
// expressions instead of the scanner, difflib instead of Myers); both agree
// version by version. distinct is the number of distinct texts.
var corpusCounts = []struct {
	doc      string // versions/<collection>/<service>/<type>
	ota      string // ota-dataset/<Service>/<Terms type>
	distinct int
	counts   map[Class]int
}{
	{"contrib/adsense/terms-of-service", "AdSense/Terms of Service", 16,
		map[Class]int{First: 1, CaptureFailure: 15}},
	{"contrib/amazon-web-services/terms-of-service", "Amazon Web Services/Terms of Service", 18,
		map[Class]int{First: 1, Substantive: 17}},
	{"genai-eu/claude-ai/acceptable-use-policy", "Claude.ai/Acceptable Use Policy", 3,
		map[Class]int{First: 1, Substantive: 2, Revert: 7}},
	{"genai-eu/le-chat/terms-of-service", "Le Chat/Terms of Service", 26,
		map[Class]int{First: 1, Substantive: 12, Formatting: 1, LinkChurn: 11, Revert: 1, CaptureFailure: 1}},
	{"genai-eu/llama-api/terms-of-service", "Llama API/Terms of Service", 16,
		map[Class]int{First: 1, Substantive: 8, LinkChurn: 4, Revert: 40, CaptureFailure: 43}},
	{"genai-eu/microsoft-copilot/terms-of-service", "Microsoft Copilot/Terms of Service", 5,
		map[Class]int{First: 1, Substantive: 3, LinkChurn: 1}},
	{"genai-eu/perplexity/terms-of-service", "Perplexity/Terms of Service", 5,
		map[Class]int{First: 1, Substantive: 4}},
	{"pga/reddit/terms-of-service", "Reddit/Terms of Service", 24,
		map[Class]int{First: 1, Substantive: 16, Formatting: 3, LinkChurn: 4}},
	{"pga/tiktok/terms-of-service", "TikTok/Terms of Service", 24,
		map[Class]int{First: 1, Substantive: 17, Formatting: 2, LinkChurn: 3, Revert: 2, CaptureFailure: 1}},
}

func countClasses(cs []Classified) (map[Class]int, int) {
	counts := map[Class]int{}
	hidden := 0
	for _, c := range cs {
		counts[c.Class]++
		if c.Class.Noise() {
			hidden++
		}
	}
	return counts, hidden
}

func sameCounts(a, b map[Class]int) bool {
	for c := First; c <= CaptureFailure; c++ {
		if a[c] != b[c] {
			return false
		}
	}
	return true
}

func TestCorpusClassify(t *testing.T) {
	needCorpus(t)
	for _, tt := range corpusCounts {
		t.Run(tt.doc, func(t *testing.T) {
			h := loadHistory(t, filepath.Join(corpusDir, "versions", tt.doc))
			cs := Classify(h.vs)
			counts, hidden := countClasses(cs)
			t.Logf("%d versions, %d distinct, %d shown, %d hidden: %v", len(cs), len(Distinct(h.vs)), len(cs)-hidden, hidden, counts)
			if !sameCounts(counts, tt.counts) {
				t.Errorf("counts %v, want %v", counts, tt.counts)
			}
			if got := len(Distinct(h.vs)); got != tt.distinct {
				t.Errorf("%d distinct texts, want %d", got, tt.distinct)
			}
			for i, c := range cs {
				if c.SameAs >= i || c.Base >= i {
					t.Errorf("version %d refers forward: SameAs %d, Base %d", i, c.SameAs, c.Base)
				}
				if c.Base >= 0 && cs[c.Base].Class == CaptureFailure {
					t.Errorf("version %d is compared with a capture failure", i)
				}
			}
		})
	}
}

// Specific expectations on the noisy histories named in issue 9.
func TestCorpusNoise(t *testing.T) {
	needCorpus(t)
	load := func(doc string) []Classified {
		return Classify(loadHistory(t, filepath.Join(corpusDir, "versions", doc)).vs)
	}

	// AdSense: from 2025 the tracked URL returns a Google sign-in page whose
	// session tokens change on every capture.
	for i, c := range load("contrib/adsense/terms-of-service") {
		want := CaptureFailure
		if c.Captured.Year() < 2025 {
			want = First
		}
		if c.Class != want {
			t.Errorf("AdSense version %d (%s): %v, want %v", i, c.Captured.Format("2006-01-02"), c.Class, want)
		}
		if want == CaptureFailure && !strings.HasPrefix(c.Reason, "sign-in page") {
			t.Errorf("AdSense version %d: reason %q", i, c.Reason)
		}
	}

	// Llama API: the recorded text alternates with one whose first part is
	// Meta's "This page isn't available" error; the real text's returns
	// are reverts and its changes are measured against the real text.
	llama := load("genai-eu/llama-api/terms-of-service")
	if llama[0].Class != CaptureFailure || llama[1].Class != First {
		t.Errorf("Llama API starts %v, %v; want capture-failure, first", llama[0].Class, llama[1].Class)
	}
	for i, c := range llama {
		if c.Class == Revert && llama[c.SameAs].Class == CaptureFailure {
			t.Errorf("Llama version %d reverts to a failure", i)
		}
	}

	// Claude.ai's AUP flips between two renderings of its date, then gains
	// two lines.
	var got []string
	for _, c := range load("genai-eu/claude-ai/acceptable-use-policy") {
		got = append(got, c.Class.String())
	}
	want := "first substantive revert revert revert revert revert revert revert substantive"
	if strings.Join(got, " ") != want {
		t.Errorf("Claude.ai AUP: %s\nwant %s", strings.Join(got, " "), want)
	}
}

// The same histories laid out as an Open Terms Archive dataset release:
// one file per version, named by its recording time.
func TestCorpusOTADataset(t *testing.T) {
	needCorpus(t)
	total := 0
	for _, tt := range corpusCounts {
		t.Run(tt.ota, func(t *testing.T) {
			files, err := filepath.Glob(filepath.Join(corpusDir, "ota-dataset", tt.ota, "*.md"))
			if err != nil || len(files) == 0 {
				t.Fatalf("no versions: %v", err)
			}
			sort.Strings(files)
			var vs []Version
			for _, f := range files {
				b, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				at, err := time.Parse("2006-01-02T15-04-05Z", strings.TrimSuffix(filepath.Base(f), ".md"))
				if err != nil {
					t.Fatal(err)
				}
				sum := sha256.Sum256(b)
				vs = append(vs, Version{Captured: at, SHA256: hex.EncodeToString(sum[:]), Text: string(b), HasText: true})
			}
			total += len(vs)
			counts, _ := countClasses(Classify(vs))
			if !sameCounts(counts, tt.counts) {
				t.Errorf("counts %v, want %v", counts, tt.counts)
			}
		})
	}
	if total != 227 {
		t.Errorf("%d versions in the dataset, want 227", total)
	}
}

const (
	awsDir = corpusDir + "/versions/contrib/amazon-web-services/terms-of-service"
	// awsClause is §50.5 of the AWS Service Terms from 2026-01-24.
	awsClause = "Except where permitted by the AI Service, you may not use an AI Service to generate Content for the express purpose of training an AI model or service or developing a substantially similar AI model or service."
	// referenceQuote is the quote of the reference clause page.
	referenceQuote = "You may not use the Services to develop foundation models or other large scale models that compete with Amazon Bedrock or any other AWS Service."
	// awsOldClause is §50.5 before 2026-01-24.
	awsOldClause = "You will not, and will not allow any third-party to, use the AI Services to, directly or indirectly, develop or improve a similar or competing product or service."
)

// awsPair returns the AWS Service Terms recorded 2026-01-10 and 2026-01-24.
func awsPair(t testing.TB) (old, new string) {
	h := loadHistory(t, awsDir)
	for _, v := range h.vs {
		switch v.Captured.Format("2006-01-02") {
		case "2026-01-10":
			old = v.Text
		case "2026-01-24":
			new = v.Text
		}
	}
	if old == "" || new == "" {
		t.Fatal("AWS versions of 2026-01-10 and 2026-01-24 not found")
	}
	return old, new
}

func TestCorpusAWSClause(t *testing.T) {
	needCorpus(t)
	h := loadHistory(t, awsDir)

	i := FirstAppearance(h.vs, awsClause)
	if i < 0 || h.vs[i].Captured.Format("2006-01-02") != "2026-01-24" {
		t.Fatalf("§50.5 first appears in version %d, want the one recorded 2026-01-24", i)
	}

	old, new := awsPair(t)
	var found bool
	for _, hk := range Hunks(old, new) {
		var ins strings.Builder
		for _, op := range hk.Ops {
			if op.Kind == Insert {
				ins.WriteString(op.Text)
			}
		}
		if strings.Contains(ins.String(), "express purpose of training an AI model") {
			found = true
			if hk.Number != "50.5" {
				t.Errorf("the hunk inserting §50.5's new wording is labelled %q", hk.Number)
			}
		}
	}
	if !found {
		t.Error("no hunk inserts §50.5's new wording")
	}

	latest := h.vs[len(h.vs)-1]
	p := Prepare(latest.Text)
	if p.Contains(referenceQuote) {
		t.Error("the reference quote is in the latest AWS text")
	}
	passage, score, ok := p.Nearest(referenceQuote)
	t.Logf("reference quote, latest text (%s): ok=%v score=%.3f nearest %q", latest.Captured.Format("2006-01-02"), ok, score, passage)
	if ok {
		t.Errorf("the reference quote has a close passage (score %.3f): %q", score, passage)
	}
	_, s505, _ := Nearest(awsClause, referenceQuote)
	t.Logf("reference quote against §50.5 itself: score %.3f", s505)

	// The wording §50.5 had before 2026-01-24 survives elsewhere for
	// other services, which Nearest finds.
	if p.Contains(awsOldClause) {
		t.Error("the old §50.5 is in the latest text")
	}
	passage, score, ok = p.Nearest(awsOldClause)
	t.Logf("old §50.5, latest text: ok=%v score=%.3f nearest %q", ok, score, passage)
	if !ok || !strings.Contains(passage, "develop or improve a similar or competing product or service") {
		t.Errorf("old §50.5: ok=%v score=%.3f passage %q", ok, score, passage)
	}
}

// Benchmarks on the real AWS Service Terms (about 280 KB, 600+ sections).

func BenchmarkDiffAWS(b *testing.B) {
	needCorpus(b)
	old, new := awsPair(b)
	b.SetBytes(int64(len(old) + len(new)))
	b.ReportAllocs()
	for b.Loop() {
		Diff(old, new)
	}
}

func BenchmarkHunksAWS(b *testing.B) {
	needCorpus(b)
	old, new := awsPair(b)
	b.ReportAllocs()
	for b.Loop() {
		Hunks(old, new)
	}
}

// BenchmarkDiffAWSFiveYears diffs the first and last recorded versions,
// five years apart (185 KB against 315 KB, thousands of changes).
func BenchmarkDiffAWSFiveYears(b *testing.B) {
	needCorpus(b)
	h := loadHistory(b, awsDir)
	old, new := h.vs[0].Text, h.vs[len(h.vs)-1].Text
	b.ReportAllocs()
	for b.Loop() {
		Diff(old, new)
	}
}

func BenchmarkPrepareNearestAWS(b *testing.B) {
	needCorpus(b)
	_, new := awsPair(b)
	b.ReportAllocs()
	for b.Loop() {
		Prepare(new).Nearest(referenceQuote)
	}
}

func BenchmarkNearestAWSPrepared(b *testing.B) {
	needCorpus(b)
	_, new := awsPair(b)
	p := Prepare(new)
	b.ReportAllocs()
	for b.Loop() {
		p.Nearest(referenceQuote)
	}
}

func BenchmarkClassifyAWS(b *testing.B) {
	needCorpus(b)
	vs := loadHistory(b, awsDir).vs
	b.ReportAllocs()
	for b.Loop() {
		Classify(vs)
	}
}

func BenchmarkClassifyLlama(b *testing.B) {
	needCorpus(b)
	vs := loadHistory(b, filepath.Join(corpusDir, "versions/genai-eu/llama-api/terms-of-service")).vs
	b.ReportAllocs()
	for b.Loop() {
		Classify(vs)
	}
}
