package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/clauseatlas/atlas/internal/sitetest"
)

func TestNewCommand(t *testing.T) {
	defer func(old func() time.Time) { now = old }(now)
	now = func() time.Time { return time.Date(2026, 5, 12, 10, 0, 0, 0, time.UTC) }
	site := tree(t, sitetest.Fixture())

	code, out, errs := runAtlas("new", "clause", "--root", site, "--document", "CA-D-00001", "--title", "Élan vital", "--type", "training-ban")
	want := filepath.Join(site, "data/platforms/acme/terms/clauses/elan-vital.toml")
	if code != 0 || strings.TrimSpace(out) != want {
		t.Fatalf("atlas new clause: %d %q %q", code, out, errs)
	}
	if !strings.Contains(errs, "clause CA-P-000004, to be published at /platform/acme/terms/elan-vital/") {
		t.Errorf("stderr: %q", errs)
	}
	b, err := os.ReadFile(want)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `id = "CA-P-000004"`) || !strings.Contains(string(b), "first_tracked = 2026-05-12") {
		t.Errorf("new clause:\n%s", b)
	}
	// The same title again gets the next slug and ID, never the same file.
	code, out, _ = runAtlas("new", "clause", "--root", site, "--document", "acme/terms", "--title", "Élan vital", "--type", "training-ban")
	if code != 0 || !strings.HasSuffix(strings.TrimSpace(out), "elan-vital-2.toml") {
		t.Errorf("second clause: %d %q", code, out)
	}
	// An explicit slug that is taken is refused.
	code, _, errs = runAtlas("new", "clause", "--root", site, "--document", "CA-D-00001", "--title", "X", "--slug", "elan-vital", "--type", "training-ban")
	if code != 1 || !strings.Contains(errs, `slug "elan-vital" is already used`) {
		t.Errorf("taken slug: %d %q", code, errs)
	}

	code, out, errs = runAtlas("new", "platform", "--root", site, "--name", "Gamma", "--sector", "ai")
	if code != 0 || strings.TrimSpace(out) != filepath.Join(site, "data/platforms/gamma/platform.toml") {
		t.Errorf("atlas new platform: %d %q %q", code, out, errs)
	}
	code, out, errs = runAtlas("new", "document", "--root", site, "--platform", "gamma", "--title", "Privacy Policy", "--type", "privacy-policy")
	if code != 0 || strings.TrimSpace(out) != filepath.Join(site, "data/platforms/gamma/privacy-policy/document.toml") {
		t.Errorf("atlas new document: %d %q %q", code, out, errs)
	}

	for _, args := range [][]string{
		{"new"},
		{"new", "policy"},
		{"new", "platform", "--name", "X"},
		{"new", "clause", "--document", "CA-D-00001", "--title", "X", "--type", "training-ban", "extra"},
	} {
		if code, _, _ := runAtlas(append(args, "--root", site)...); code == 0 {
			t.Errorf("atlas %s: exit 0", strings.Join(args, " "))
		}
	}
}
