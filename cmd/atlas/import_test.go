package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clauseatlas/atlas/internal/sitetest"
)

// tree writes files under a new temporary folder.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// hashTree fingerprints every file under root.
func hashTree(t *testing.T, root string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		h.Write([]byte(p + "\x00"))
		h.Write(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return string(h.Sum(nil))
}

func runAtlas(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestImportCommand(t *testing.T) {
	site := tree(t, sitetest.Fixture())
	ds := tree(t, map[string]string{
		"README.md": "A release.\n",
		"Beta Social/Privacy Policy/2026-01-01T00-00-00Z.md": "Beta privacy.\n",
		"Beta Social/Privacy Policy/2026-02-01T00-00-00Z.md": "Beta privacy, again.\n",
	})
	start := hashTree(t, site)

	code, out, errs := runAtlas("import", "ota", ds, "--root", site, "--dry-run")
	if code != 0 || !strings.Contains(out, "2 created, 0 updated, 0 skipped") || !strings.Contains(out, "dry run: nothing written") {
		t.Fatalf("dry run: exit %d\n%s%s", code, out, errs)
	}
	if hashTree(t, site) != start {
		t.Fatal("--dry-run wrote files")
	}

	// Flags before the folder work too.
	code, out, errs = runAtlas("import", "ota", "--root", site, ds)
	if code != 0 || !strings.Contains(out, "files written: 4 (4 new, 0 changed)") {
		t.Fatalf("import: exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := runAtlas("check", "--root", site); code != 0 {
		t.Fatalf("check after import: exit %d\n%s%s", code, out, errs)
	}
	imported := hashTree(t, site)

	code, out, errs = runAtlas("import", "ota", ds, "--root", site)
	if code != 0 || !strings.Contains(out, "0 created, 0 updated, 2 skipped") || !strings.Contains(out, "files written: 0") {
		t.Fatalf("second import: exit %d\n%s%s", code, out, errs)
	}
	if hashTree(t, site) != imported {
		t.Fatal("the second import changed files")
	}
}

func TestImportCommandErrors(t *testing.T) {
	site := tree(t, sitetest.Fixture())
	bad := tree(t, map[string]string{"Acme/Terms of Service/yesterday.md": "x"})
	good := tree(t, map[string]string{"Acme/Terms of Service/2026-01-01T00-00-00Z.md": "x"})
	start := hashTree(t, site)
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"import"}, 2, "usage: atlas import ota DIR"},
		{[]string{"import", "tosdr", bad}, 2, "usage: atlas import ota DIR"},
		{[]string{"import", "ota"}, 2, "expected one dataset folder, got 0"},
		{[]string{"import", "ota", bad, bad, "--root", site}, 2, "expected one dataset folder, got 2"},
		{[]string{"import", "ota", "--nope", bad}, 2, "flag provided but not defined: -nope"},
		{[]string{"import", "ota", good, "--root", site}, 1, `no platform is named "Acme", so the import would create one in sector "other"`},
		{[]string{"import", "ota", filepath.Join(bad, "missing"), "--root", site}, 1, "not a folder"},
		{[]string{"import", "ota", bad, "--root", site}, 1, filepath.Join(bad, "Acme/Terms of Service/yesterday.md") + `: file name "yesterday.md" is not a recording time`},
		{[]string{"import", "ota", good, "--root", site, "--sector", "nope"}, 1, `sector "nope" is not a sector key of data/site.toml; pass --sector with one of: ai, social`},
	}
	for _, tt := range tests {
		code, out, errs := runAtlas(tt.args...)
		if code != tt.code || !strings.Contains(errs, tt.want) {
			t.Errorf("atlas %s: exit %d, stderr:\n%s\nstdout:\n%s\nwant exit %d and %q", strings.Join(tt.args, " "), code, errs, out, tt.code, tt.want)
		}
	}
	if hashTree(t, site) != start {
		t.Fatal("a failed import wrote files")
	}
}
