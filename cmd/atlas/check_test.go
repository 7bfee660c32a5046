package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clauseatlas/atlas/internal/sitetest"
)

// copyTree copies the repository's data/ and content/ into a new site root.
func copyTree(t *testing.T) string {
	t.Helper()
	repo := sitetest.RepoRoot(t)
	dst := t.TempDir()
	for _, dir := range []string{"data", "content"} {
		err := filepath.WalkDir(filepath.Join(repo, dir), func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(repo, p)
			out := filepath.Join(dst, rel)
			if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
				return err
			}
			return os.WriteFile(out, b, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

func edit(t *testing.T, file, old, new string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(old)) {
		t.Fatalf("%s has no %q", file, old)
	}
	if err := os.WriteFile(file, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestCheckCommandOnABrokenCopy breaks a copy of the bundled atlas the
// way an editor might and runs the command as a user would: each break is
// reported at its file and line, and the command exits 1.
func TestCheckCommandOnABrokenCopy(t *testing.T) {
	root := copyTree(t)
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"check", "--root", root}, &stdout, &stderr); code != 0 {
		t.Fatalf("the unbroken copy fails: %s", stderr.String())
	}
	ref := filepath.Join(root, "data/platforms/aws-bedrock/aws-service-terms/clauses/prohibition-on-training-competing-models-with-bedrock-outputs.toml")
	platform := filepath.Join(root, "data/platforms/runway/platform.toml")
	doc := filepath.Join(root, "data/platforms/aws-bedrock/aws-service-terms/document.toml")
	netflix := filepath.Join(root, "data/platforms/netflix/terms-of-use/clauses/prohibited-uses-in-connection-with-machine-learning-development.toml")
	edit(t, platform, `slug = "runway"`, `slug = "runway`)                                              // TOML syntax error
	edit(t, doc, `title = "AWS Service Terms"`, `title = "AWS Service Terms"`+"\ntitel = \"x\"")        // unknown key
	edit(t, ref, `clause_type = "competing-model-training-ban"`, `clause_type = "competing-model-ban"`) // missing clause type
	edit(t, netflix, `id = "CA-P-011413"`, `id = "CA-P-011410"`)                                        // duplicate ID
	texts, _ := filepath.Glob(filepath.Join(root, "data/platforms/claude-ai/usage-policy/texts/*.md"))
	if len(texts) == 0 {
		t.Fatal("no stored texts to break")
	}
	f, _ := os.OpenFile(texts[0], os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("tampered\n") // hash no longer matches
	f.Close()

	stdout.Reset()
	stderr.Reset()
	if code := run(context.Background(), []string{"check", "--root", root}, &stdout, &stderr); code != 1 {
		t.Fatalf("exit code %d, want 1", code)
	}
	out := stderr.String()
	rel := func(p string) string { r, _ := filepath.Rel(root, p); return filepath.ToSlash(r) }
	for _, want := range []string{
		rel(platform) + ":3:",
		rel(doc) + ":4: unknown key \"titel\" (did you mean \"title\"?)",
		rel(ref) + ":3: clause_type \"competing-model-ban\": no such clause type (nearest: \"competing-model-training-ban\")",
		rel(netflix) + ":1: duplicate id \"CA-P-011410\"",
		"data/platforms/claude-ai/usage-policy/versions.toml:",
		"has SHA-256",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(out, "atlas: ") || !strings.HasSuffix(strings.TrimSpace(out), "problems") {
		t.Errorf("no count at the end:\n%s", out)
	}
}
