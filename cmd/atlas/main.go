// Command atlas builds, checks and previews a Clause Atlas site.
//
//	atlas check [--root DIR]
//	atlas build [--root DIR] [--out DIR] [--base-url URL]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"sync"

	"github.com/clauseatlas/atlas/internal/inputs"
	"github.com/clauseatlas/atlas/internal/problem"
	"github.com/clauseatlas/atlas/internal/site"
	"github.com/clauseatlas/atlas/internal/write"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `usage: atlas <command> [flags]

commands:
  check   load and check every record; print problems or counts
  build   check, then render the site into the output folder (public/)
  gen     generate a synthetic atlas of any size, for benchmarks
  import  import capture histories: atlas import ota DIR (an Open Terms Archive dataset)
  serve   preview the site on loopback, rebuilding and reloading on every change
  new     scaffold a record: atlas new platform|document|clause …

Run "atlas <command> -h" for a command's flags.
`

// adviseHeap asks for huge pages for the heap (hugeHeap) once per
// process, for the commands that load a whole atlas and then exit. The
// preview server asks for them itself, as a process that reuses its heap.
var adviseHeap = sync.OnceValues(func() (uintptr, uintptr) { return hugeHeap(false) })

// rebuild reports whether a build into out has a last build to keep
// outputs of, or ATLAS_HUGEPAGES=1 asks for huge pages anyway. A first
// build renders everything and its memory is what bounds the size of
// atlas a machine can build: there huge pages halved the time of a
// 100,000-clause build (399.5 s to 230.2 s, one run each) but raised its
// peak RSS from 1,809 to 2,475 MB, since the runtime keeps dense huge
// pages rather than break them up to return memory.
func rebuild(out string) bool {
	if os.Getenv("ATLAS_HUGEPAGES") == "1" {
		return true
	}
	return write.HasManifest(out)
}

// run is the whole CLI; main only wires it to the process.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "check":
		adviseHeap()
		return cmdCheck(args[1:], stdout, stderr)
	case "build":
		return cmdBuild(ctx, args[1:], stdout, stderr)
	case "gen":
		return cmdGen(args[1:], stdout, stderr)
	case "import":
		return cmdImport(args[1:], stdout, stderr)
	case "serve":
		hugeHeap(true)
		return cmdServe(ctx, args[1:], stdout, stderr)
	case "new":
		return cmdNew(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "atlas: unknown command %q\n\n%s", args[0], usage)
	return 2
}

func cmdCheck(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("atlas check", flag.ContinueOnError)
	fl.SetOutput(stderr)
	root := fl.String("root", ".", "site root holding data/ and content/")
	stale := fl.Bool("stale", false, "list clauses whose document changed after they were last verified, or whose quote is gone; exit 1 if any")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if *stale {
		list, err := site.Stale(os.DirFS(*root))
		if err != nil {
			return report(stderr, err)
		}
		for _, p := range list {
			fmt.Fprintln(stdout, p)
		}
		fmt.Fprintf(stdout, "atlas check --stale: %d finding%s\n", len(list), map[bool]string{true: "", false: "s"}[len(list) == 1])
		if len(list) > 0 {
			return 1
		}
		return 0
	}
	_, counts, err := site.Check(os.DirFS(*root))
	if err != nil {
		return report(stderr, err)
	}
	fmt.Fprintf(stdout, "atlas check: ok: %s\n", counts)
	return 0
}

// report prints problems (or any other error) and returns the exit code.
func report(w io.Writer, err error) int {
	var pe *problem.Error
	if errors.As(err, &pe) {
		for _, p := range pe.Problems {
			fmt.Fprintln(w, p)
		}
		fmt.Fprintf(w, "atlas: %d problem%s\n", len(pe.Problems), map[bool]string{true: "", false: "s"}[len(pe.Problems) == 1])
		return 1
	}
	fmt.Fprintf(w, "atlas: %v\n", err)
	return 1
}

func cmdBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("atlas build", flag.ContinueOnError)
	fl.SetOutput(stderr)
	root := fl.String("root", ".", "site root holding data/, content/, templates/ and static/")
	out := fl.String("out", "public", "output folder (relative paths are relative to the current folder)")
	baseURL := fl.String("base-url", "", "absolute URL the site is published under (default: base_url in data/site.toml)")
	verbose := fl.Bool("verbose", false, "print the time of each stage")
	cpuprofile := fl.String("cpuprofile", "", "write a CPU profile to this file (for benchmarking)")
	memprofile := fl.String("memprofile", "", "write a profile of the build's allocations to this file (for benchmarking)")
	traceFile := fl.String("trace", "", "write an execution trace to this file, for go tool trace (for benchmarking)")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if rebuild(*out) {
		adviseHeap()
	}
	stopCPU, err := record(*cpuprofile, pprof.StartCPUProfile, pprof.StopCPUProfile)
	if err != nil {
		return report(stderr, err)
	}
	defer stopCPU()
	stopTrace, err := record(*traceFile, trace.Start, trace.Stop)
	if err != nil {
		return report(stderr, err)
	}
	defer stopTrace()
	opts := site.Options{Root: inputs.DirFS(*root), Out: *out, BaseURL: *baseURL, LedgerDir: *root, BoundMemory: true}
	if isTerminal(stderr) {
		opts.Progress = stderr
	}
	rep, err := site.Build(ctx, opts)
	if err != nil {
		return report(stderr, err)
	}
	if *memprofile != "" {
		if err := writeAllocs(*memprofile); err != nil {
			return report(stderr, err)
		}
	}
	if *verbose {
		for _, s := range rep.Stages {
			fmt.Fprintf(stdout, "  %-14s %8.1f ms\n", s.Name, float64(s.Duration.Microseconds())/1000)
		}
		if rep.Templates != "" {
			fmt.Fprintf(stdout, "  %s\n", rep.Templates)
		}
	}
	if rep.Search != "" {
		fmt.Fprintf(stdout, "  %s\n", rep.Search)
	}
	fmt.Fprintf(stdout, "atlas build: %s\n", rep.Summary())
	return 0
}

// record starts a profile or trace into the file path (none when path is
// empty) and returns what ends it.
func record(path string, start func(io.Writer) error, stop func()) (func(), error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := start(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { stop(); f.Close() }, nil
}

// writeAllocs writes the allocations profile: where the build's memory
// came from, which on a machine that charges for fresh pages is where
// much of its time goes.
func writeAllocs(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	// The profile holds what was allocated up to the last collection;
	// collect so that it covers the whole build.
	runtime.GC()
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// isTerminal reports whether w is a character device (a terminal), where
// a progress line is welcome.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
