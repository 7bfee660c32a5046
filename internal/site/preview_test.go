package site_test

import (
	"context"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clauseatlas/atlas/internal/render"
	"github.com/clauseatlas/atlas/internal/site"
	"github.com/clauseatlas/atlas/internal/sitetest"
)

// checkMade holds the files a preview session makes on request to the
// ones a full build wrote into full: every clause download must be there,
// with the same bytes, and none of them in the preview's own folder.
func checkMade(t *testing.T, sess *site.Session, full, preview string) {
	t.Helper()
	files := tree(t, full)
	n := 0
	for p := range files {
		if path.Base(p) != "cite.bib" {
			continue
		}
		dir := path.Dir(p)
		for _, f := range render.ClauseFiles {
			rel := dir + "/" + f.Name
			want, err := os.ReadFile(filepath.Join(full, filepath.FromSlash(rel)))
			if err != nil {
				t.Fatalf("full build lacks %s: %v", rel, err)
			}
			got, ok := sess.File("/" + rel)
			if sess.Has("/"+rel) != ok {
				t.Errorf("Has(/%s) = %v, File made it: %v", rel, !ok, ok)
			}
			if !ok {
				t.Errorf("the session does not make /%s", rel)
				continue
			}
			if string(got) != string(want) {
				t.Errorf("/%s made on request differs from the full build's:\n%s\nwant:\n%s", rel, got, want)
			}
			if _, err := os.Stat(filepath.Join(preview, filepath.FromSlash(rel))); err == nil {
				t.Errorf("the preview wrote %s, which it makes on request", rel)
			}
			n++
		}
	}
	if n == 0 {
		t.Fatal("the full build has no clause downloads")
	}
}

// TestPreviewMakesClauseDownloads: a preview build leaves out each
// clause's citation files and JSON twin and makes them on request with
// the bytes a full build writes; everything else, _headers and
// _redirects included, is as a full build has it.
func TestPreviewMakesClauseDownloads(t *testing.T) {
	files := sitetest.SiteFiles(t, sitetest.Fixture())
	dir := t.TempDir()
	full, preview := filepath.Join(dir, "full"), filepath.Join(dir, "preview")
	build(t, files, full)
	var sess site.Session
	if _, ok := sess.File("/platform/acme/terms/arbitration/cite.bib"); ok {
		t.Error("a session with no build makes files")
	}
	if _, err := site.Build(context.Background(), site.Options{Root: sitetest.FS(files), Out: preview, Session: &sess, Preview: true}); err != nil {
		t.Fatal(err)
	}
	checkMade(t, &sess, full, preview)
	for _, name := range []string{"_headers", "_redirects"} {
		a, _ := os.ReadFile(filepath.Join(full, name))
		b, _ := os.ReadFile(filepath.Join(preview, name))
		if len(a) == 0 || string(a) != string(b) {
			t.Errorf("preview %s differs from the full build's:\n%s\nwant:\n%s", name, b, a)
		}
	}
	var clause string
	for p := range tree(t, full) {
		if strings.HasSuffix(p, "/cite.bib") {
			clause = "/" + strings.TrimSuffix(p, "cite.bib")
			break
		}
	}
	for _, p := range []string{
		clause + "index.html", // on disk, not made
		clause + "feed.xml",
		clause + "cite.txt",
		clause,
		strings.TrimSuffix(clause, "/") + "x/cite.bib",
		"/cite.bib",
		"/platform/cite.bib",
		"",
	} {
		if _, ok := sess.File(p); ok || sess.Has(p) {
			t.Errorf("File(%q) made something, or Has says it would", p)
		}
	}
}
