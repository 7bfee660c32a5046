// Package sitetest holds test helpers shared by the stages' tests: a small
// valid atlas as an in-memory file system, edits to it, and golden files.
package sitetest

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// StoredText is the stored capture of the fixture's terms; TextSHA is its hash.
const (
	StoredText = "Acme terms. You may not scrape.\n"
	// OldText is the first stored capture, before the clause was added.
	OldText    = "Acme terms. You may scrape.\n"
	OldTextSHA = "058ef2b0cb7630cc91bde604a3fe17f7388c37b91793dc41b783b78d1637fe66"
	TextSHA    = "2de6dcd3f9396cc01e87e5ec21a98d6de886702703aa061f3b6ae226f919a680"
)

// Fixture returns the files of a small, valid atlas: two platforms, two
// documents, three clauses, one stored text and one content page.
func Fixture() map[string]string {
	return map[string]string{
		"data/site.toml": `title = "Test Atlas"
description = "A test atlas."
base_url = "https://atlas.example"
language = "en"
publisher = "Test Publisher"
data_licence = "CC BY 4.0"

[[sector]]
key = "ai"
name = "AI services"

[[sector]]
key = "social"
name = "Social media"
`,
		"data/categories.toml": `[[category]]
key = "ai-governance"
name = "AI governance"
description = "How services govern AI."

[[category]]
key = "acceptable-use"
name = "Acceptable use"
description = "What users may not do."
`,
		"data/clause-types.toml": `[[clause_type]]
key = "scraping-ban"
name = "Scraping ban"
category = "acceptable-use"
description = "Forbids automated collection."

[[clause_type]]
key = "training-ban"
name = "Training ban"
category = "ai-governance"
description = "Forbids training models on outputs."
`,
		"data/regulations.toml": `[[regulation]]
key = "cfaa"
name = "Computer Fraud and Abuse Act"
short_name = "CFAA"
jurisdiction = "United States · Federal"
description = "US anti-hacking law."
url = "https://www.law.cornell.edu/uscode/text/18/1030"
`,
		"data/agencies.toml": `[[agency]]
key = "ftc"
name = "Federal Trade Commission"
short_name = "FTC"
jurisdiction = "United States"
description = "US consumer protection agency."
url = "https://www.ftc.gov/"
complaint_url = "https://reportfraud.ftc.gov/"
`,
		"data/platforms/acme/platform.toml": `id = "CA-E-00001"
name = "Acme AI"
slug = "acme"
website = "https://acme.example/"
sector = "ai"
description = "An AI service."
`,
		"data/platforms/acme/terms/document.toml": `id = "CA-D-00001"
platform = "CA-E-00001"
title = "Acme Terms"
slug = "terms"
type = "terms-of-service"
source_url = "https://acme.example/terms"
last_updated = 2026-01-02
first_tracked = 2026-01-05
last_verified = 2026-02-01
`,
		"data/platforms/acme/terms/versions.toml": `[[version]]
captured = 2026-01-05T10:00:00Z
sha256 = "` + OldTextSHA + `"
bytes = 28
event = "first_record"
text = "texts/` + OldTextSHA + `.md"

[[version]]
captured = 2026-02-01T10:00:00Z
sha256 = "` + TextSHA + `"
bytes = 32
lines_added = 1
lines_removed = 1
event = "change"
text = "texts/` + TextSHA + `.md"
`,
		"data/platforms/acme/terms/texts/" + TextSHA + ".md":    StoredText,
		"data/platforms/acme/terms/texts/" + OldTextSHA + ".md": OldText,
		"data/platforms/acme/terms/clauses/no-scraping.toml": `id = "CA-P-000001"
document = "CA-D-00001"
clause_type = "scraping-ban"
title = "No scraping"
slug = "no-scraping"
severity = "low"
confidence = "high"
evidence = "explicit-language"
categories = ["acceptable-use"]
regulations = ["cfaa"]
agencies = ["ftc"]
locator = "§ 1"
quote = "You may not scrape."
summary = "Users may not scrape the service."
why_it_matters = "Researchers often scrape."
consumer_impact = "Automated collection is a breach."
analysis = """
Scraping is **forbidden**. See [the terms](/id/CA-D-00001/).
"""
first_tracked = 2026-01-05
last_verified = 2026-02-01
analysis_generated = 2026-02-01T12:00:00Z
captured = 2026-02-01T10:00:00Z
sha256 = "` + TextSHA + `"
`,
		"data/platforms/acme/terms/clauses/no-training.toml": `id = "CA-P-000002"
document = "CA-D-00001"
clause_type = "training-ban"
title = "No training on outputs"
slug = "no-training"
severity = "high"
confidence = "medium"
evidence = "explicit-language"
quote = "Acme terms."
summary = "Outputs may not train models."
why_it_matters = "It limits reuse."
consumer_impact = "Keep outputs out of training sets."
first_tracked = 2026-01-05
last_verified = 2026-02-01
analysis_generated = 2026-02-01T12:00:00Z
`,
		"data/platforms/beta/platform.toml": `id = "CA-E-00002"
name = "Beta Social"
slug = "beta"
website = "https://beta.example/"
sector = "social"
description = "A social network."
`,
		"data/platforms/beta/tos/document.toml": `id = "CA-D-00002"
platform = "CA-E-00002"
title = "Beta Terms of Service"
slug = "terms-of-service"
type = "terms-of-service"
source_url = "https://beta.example/tos"
first_tracked = 2025-06-01
last_verified = 2026-01-10
`,
		"data/platforms/beta/tos/clauses/training.toml": `id = "CA-P-000003"
document = "CA-D-00002"
clause_type = "training-ban"
title = "Outputs cannot train rival models"
slug = "outputs-cannot-train-rival-models"
severity = "medium"
confidence = "high"
evidence = "explicit-language"
quote = "Do not train rival models on our outputs."
summary = "Beta forbids training rival models."
why_it_matters = "It limits reuse."
consumer_impact = "Keep Beta outputs out of training sets."
first_tracked = 2025-06-01
last_verified = 2026-01-10
analysis_generated = 2026-01-10T08:00:00Z
`,
		"content/about.md": `+++
title = "About"
description = "About the test atlas."
menu = 1
+++
The test atlas is **small**.
`,
	}
}

// FS turns files into an in-memory file system.
func FS(files map[string]string) fstest.MapFS {
	m := fstest.MapFS{}
	for name, body := range files {
		m[name] = &fstest.MapFile{Data: []byte(body)}
	}
	return m
}

// Edit replaces the first occurrence of old with new in file, failing the
// test when old is not there, so fixture drift is caught.
func Edit(t testing.TB, files map[string]string, file, old, new string) {
	t.Helper()
	body, ok := files[file]
	if !ok {
		t.Fatalf("fixture has no file %s", file)
	}
	if !strings.Contains(body, old) {
		t.Fatalf("fixture file %s has no %q", file, old)
	}
	files[file] = strings.Replace(body, old, new, 1)
}

// RepoRoot finds the repository root (the folder holding go.mod) from the
// test's working folder.
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test folder")
		}
		dir = parent
	}
}

// SiteFiles returns files plus the repository's own templates/ and
// static/, so fixtures render with the real design.
func SiteFiles(t testing.TB, files map[string]string) map[string]string {
	t.Helper()
	root := RepoRoot(t)
	out := map[string]string{}
	for k, v := range files {
		out[k] = v
	}
	for _, dir := range []string{"templates", "static"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			out[filepath.ToSlash(rel)] = string(b)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// WriteTree writes files under dir, for tests that need a site root on
// disk (the CLI, the preview server).
func WriteTree(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
