package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/clauseatlas/atlas/internal/gen"
	"github.com/clauseatlas/atlas/internal/write"
)

// cmdGen writes a synthetic site root: generated data/ and content/, plus
// a copy of this site's templates/ and static/ so it builds with the
// project's own design.
func cmdGen(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("atlas gen", flag.ContinueOnError)
	fl.SetOutput(stderr)
	platforms := fl.Int("platforms", 100, "number of platforms")
	per := fl.Int("clauses-per-platform", 26, "clauses per platform")
	seed := fl.Int64("seed", 1, "random seed; the same seed gives the same atlas")
	out := fl.String("out", "", "new folder to write the site root into (required)")
	root := fl.String("root", ".", "site root whose templates/ and static/ are copied")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if *out == "" {
		fmt.Fprintln(stderr, "atlas gen: --out is required")
		return 2
	}
	start := time.Now()
	emit, err := write.NewTree(*out)
	if err != nil {
		fmt.Fprintf(stderr, "atlas gen: %v\n", err)
		return 1
	}
	files, bytes := 0, 0
	count := func(p string, b []byte) error {
		files++
		bytes += len(b)
		return emit(p, b)
	}
	if err := gen.Generate(gen.Options{Platforms: *platforms, ClausesPerPlatform: *per, Seed: *seed}, count); err != nil {
		fmt.Fprintf(stderr, "atlas gen: %v\n", err)
		return 1
	}
	for _, dir := range []string{"templates", "static"} {
		err := filepath.WalkDir(filepath.Join(*root, dir), func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(*root, p)
			return count(filepath.ToSlash(rel), b)
		})
		if err != nil {
			fmt.Fprintf(stderr, "atlas gen: copying %s: %v\n", dir, err)
			return 1
		}
	}
	fmt.Fprintf(stdout, "atlas gen: %d platforms, %d clauses; %d files, %.1f MB in %.2fs → %s\n",
		*platforms, *platforms**per, files, float64(bytes)/(1<<20), time.Since(start).Seconds(), *out)
	return 0
}
