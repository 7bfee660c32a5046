package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os/signal"
	"syscall"

	"github.com/clauseatlas/atlas/internal/serve"
)

// cmdServe builds the site into a preview folder, serves it on loopback
// and rebuilds on every change until interrupted.
func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("atlas serve", flag.ContinueOnError)
	fl.SetOutput(stderr)
	root := fl.String("root", ".", "site root holding data/, content/, templates/ and static/")
	addr := fl.String("addr", serve.DefaultAddr, "address to listen on (loopback; port 0 picks a free one)")
	out := fl.String("out", "", "folder to build the preview into (default: ROOT/.atlas-cache/preview, never public/)")
	remote := fl.Bool("allow-remote", false, "allow a non-loopback --addr and requests addressed to other host names")
	verbose := fl.Bool("verbose", false, "log the time of each stage of every build")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "atlas serve: unexpected argument %q\n", fl.Arg(0))
		return 2
	}
	addrSet := false
	fl.Visit(func(f *flag.Flag) { addrSet = addrSet || f.Name == "addr" })

	ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM) // main handles Ctrl-C
	defer stop()
	opts := serve.Options{Root: *root, Out: *out, Addr: *addr, AllowRemote: *remote, Log: stderr, Verbose: *verbose}
	s, err := serve.New(opts)
	if err != nil && !addrSet && errors.Is(err, syscall.EADDRINUSE) {
		opts.Addr = "127.0.0.1:0" // the default port is taken: any free one will do
		s, err = serve.New(opts)
	}
	if err != nil {
		fmt.Fprintf(stderr, "atlas serve: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "atlas serve: %s (building into %s; Ctrl-C to stop)\n", s.URL(), s.Out())
	if err := s.Run(ctx); err != nil {
		fmt.Fprintf(stderr, "atlas serve: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, "atlas serve: stopped")
	return 0
}
