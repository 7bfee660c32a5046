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

	"github.com/clauseatlas/atlas/internal/problem"
	"github.com/clauseatlas/atlas/internal/site"
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
  build   check, then render the site into the output folder

Run "atlas <command> -h" for a command's flags.
`

// run is the whole CLI; main only wires it to the process.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "check":
		return cmdCheck(args[1:], stdout, stderr)
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
	if err := fl.Parse(args); err != nil {
		return 2
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
