package site_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/clauseatlas/atlas/internal/history"
	"github.com/clauseatlas/atlas/internal/sitetest"
)

func page(t *testing.T, out, path string) *html.Node {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(strings.TrimPrefix(path, "/")), "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	return sitetest.Parse(t, b)
}

const referenceClause = "/platform/aws-bedrock/aws-service-terms/prohibition-on-training-competing-models-with-bedrock-outputs/"

// TestReferenceClausePage checks the reference record's page shows every
// block of the anatomy with the reference's facts.
func TestReferenceClausePage(t *testing.T) {
	doc := page(t, bundled(t), referenceClause)
	text := sitetest.Text(doc)
	h1 := sitetest.Find(doc, sitetest.Tag("h1"))
	if len(h1) != 1 || sitetest.Text(h1[0]) != "Prohibition on Training Competing Models with Bedrock Outputs" {
		t.Fatalf("title: %v", h1)
	}
	for _, id := range []string{"what", "why", "activity", "impact", "compare", "language", "analysis", "law", "details", "provenance", "cite", "classification", "others", "faq"} {
		if sitetest.Section(doc, id) == nil {
			t.Errorf("no section %q", id)
		}
	}
	facts := map[string][]string{
		"what":       {"foundation model"},
		"language":   {"You may not use the Services to develop foundation models or other large scale models that compete with Amazon Bedrock or any other AWS Service."},
		"law":        {"Federal Trade Commission (FTC)", "Computer Fraud and Abuse Act (CFAA)"},
		"details":    {"CA-P-011410", "CA-D-00648", "May 5, 2026", "May 12, 2026", "May 12, 2026 09:51 UTC"},
		"provenance": {"880a4da359a0dff037c3d51956decd29ac6fa13b72df323303ce916dc8798c62", "May 12, 2026 09:51 UTC", "Snapshot not stored here", "Hash not verifiable here"},
		"cite":       {"Record ID CA-P-011410", "2026-05-12 09:51:22 UTC"},
		"compare":    {"AI21 Labs", "Netflix", "Runway"},
	}
	for id, wants := range facts {
		sec := sitetest.Text(sitetest.Section(doc, id))
		for _, w := range wants {
			if !strings.Contains(sec, w) {
				t.Errorf("section %q lacks %q:\n%s", id, w, sec)
			}
		}
	}
	// The quote is checked against the latest stored text and the page
	// says honestly that it is not there.
	if !strings.Contains(text, "Quote not found in the current version") || !strings.Contains(text, "Needs re-check") {
		t.Errorf("the page does not say the quote is gone from the current text")
	}
	if !strings.Contains(text, "Found in 4 of 12 platforms") && !regexp.MustCompile(`Found in \d+ of 12 platforms`).MatchString(text) {
		t.Errorf("no uniqueness line")
	}
}

// TestClauseFirstAppearance: the AWS §50.5 clause on generating content
// to train models first appears in the version recorded 2026-01-24, and
// that version's diff page shows it inserted.
func TestClauseFirstAppearance(t *testing.T) {
	out := bundled(t)
	var clause string
	matches, _ := filepath.Glob(filepath.Join(sitetest.RepoRoot(t), "data/platforms/aws-bedrock/aws-service-terms/clauses/*.toml"))
	for _, m := range matches {
		b, _ := os.ReadFile(m)
		if strings.Contains(string(b), "express purpose of training an AI model") {
			slug := regexp.MustCompile(`(?m)^slug = "([^"]+)"`).FindStringSubmatch(string(b))
			clause = "/platform/aws-bedrock/aws-service-terms/" + slug[1] + "/"
		}
	}
	if clause == "" {
		t.Fatal("no clause quotes §50.5")
	}
	lang := sitetest.Text(sitetest.Section(page(t, out, clause), "language"))
	if !strings.Contains(lang, "Found in the current version") || !strings.Contains(lang, "in the document since January 24, 2026") || strings.Contains(lang, "at least") {
		t.Errorf("presence line: %s", lang)
	}
	diff := page(t, out, "/platform/aws-bedrock/aws-service-terms/diff/801012d191d8-17a5e9c42250/")
	found := false
	for _, h := range sitetest.Find(diff, sitetest.Tag("li")) {
		heading := sitetest.Find(h, sitetest.Tag("h2"))
		for _, ins := range sitetest.Find(h, sitetest.Tag("ins")) {
			if strings.Contains(sitetest.Text(ins), "express purpose of training an AI model") && len(heading) == 1 && strings.HasPrefix(sitetest.Text(heading[0]), "§ 50.5") {
				found = true
			}
		}
	}
	if !found {
		t.Error("the diff page does not show the §50.5 clause inserted")
	}
}

// TestNoisyHistoriesCollapse compares the document pages of the Llama API
// terms and Claude.ai's usage policy with counts computed from the corpus
// the data came from.
func TestNoisyHistoriesCollapse(t *testing.T) {
	corpus := filepath.Join(sitetest.RepoRoot(t), "..", "shared", "corpus", "versions")
	if _, err := os.Stat(corpus); err != nil {
		t.Skip("the shared corpus is not here")
	}
	out := bundled(t)
	for _, tt := range []struct{ corpus, page string }{
		{"genai-eu/llama-api/terms-of-service", "/platform/llama-api/terms-of-service/"},
		{"genai-eu/claude-ai/acceptable-use-policy", "/platform/claude-ai/usage-policy/"},
	} {
		var idx struct {
			Versions []struct {
				RecordedAt string `json:"recorded_at"`
				SHA256     string `json:"sha256"`
				Event      string `json:"event"`
				File       string `json:"file"`
			} `json:"versions"`
		}
		b, err := os.ReadFile(filepath.Join(corpus, tt.corpus, "index.json"))
		if err != nil {
			t.Fatal(err)
		}
		json.Unmarshal(b, &idx)
		var vs []history.Version
		for _, v := range idx.Versions {
			at, _ := time.Parse(time.RFC3339, v.RecordedAt)
			text, err := os.ReadFile(filepath.Join(corpus, tt.corpus, v.File))
			vs = append(vs, history.Version{Captured: at, SHA256: v.SHA256, Event: v.Event, Text: string(text), HasText: err == nil})
		}
		shown, hidden := 0, 0
		for _, c := range history.Classify(vs) {
			if c.Class.Noise() {
				hidden++
			} else {
				shown++
			}
		}
		doc := page(t, out, tt.page)
		hist := sitetest.Section(doc, "history")
		items := 0
		for _, ol := range sitetest.Find(hist, sitetest.Tag("ol")) {
			items += len(sitetest.Find(ol, sitetest.Tag("li")))
		}
		summary := sitetest.Find(hist, sitetest.Tag("summary"))
		if items != shown || len(summary) != 1 || !strings.HasPrefix(sitetest.Text(summary[0]), strconv.Itoa(hidden)+" noisy captures hidden") {
			t.Errorf("%s: page shows %d changes and %v; the data has %d changes and %d noisy captures", tt.page, items, summary, shown, hidden)
		}
	}
}
