package site_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/clauseatlas/atlas/internal/problem"
	"github.com/clauseatlas/atlas/internal/site"
	"github.com/clauseatlas/atlas/internal/sitetest"
)

// TestBrokenAtlasReportsEveryProblem checks that one run reports every
// problem of an atlas broken in many ways across many files, each on its
// line, sorted.
func TestBrokenAtlasReportsEveryProblem(t *testing.T) {
	_, _, err := site.Check(os.DirFS("testdata/broken"))
	var pe *problem.Error
	if !errors.As(err, &pe) {
		t.Fatalf("want problems, got %v", err)
	}
	var b strings.Builder
	files := map[string]bool{}
	for _, p := range pe.Problems {
		b.WriteString(p.String() + "\n")
		files[p.File] = true
		if p.Line == 0 {
			t.Errorf("problem without a line: %s", p)
		}
	}
	if len(pe.Problems) < 12 || len(files) < 5 {
		t.Errorf("want at least 12 problems over 5 files, got %d over %d", len(pe.Problems), len(files))
	}
	sitetest.Golden(t, "testdata/broken.want", []byte(b.String()))
}

func TestRealDataChecks(t *testing.T) {
	_, counts, err := site.Check(os.DirFS("../.."))
	if err != nil {
		t.Fatalf("the bundled atlas has problems:\n%v", err)
	}
	if counts.Clauses < 34 || counts.Platforms < 10 {
		t.Errorf("bundled atlas is too small: %s", counts)
	}
}
