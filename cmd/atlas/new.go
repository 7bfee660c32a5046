package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/clauseatlas/atlas/internal/scaffold"
	"github.com/clauseatlas/atlas/internal/write"
)

const newUsage = `usage:
  atlas new platform --name NAME --sector KEY [--slug SLUG] [--root DIR]
  atlas new document --platform SLUG|CA-E-##### --title TITLE --type TYPE [--slug SLUG] [--root DIR]
  atlas new clause --document CA-D-#####|PLATFORM/DOCUMENT --title TITLE --type CLAUSE-TYPE [--slug SLUG] [--root DIR]

Writes one new record with the next free ID and a slug made from its name,
and prints its path. Fill in the fields marked required, then run atlas check.
`

// now is the clock of atlas new, the one command that writes today's date
// (into the new record, never into build output); tests replace it.
var now = time.Now

// cmdNew scaffolds a platform, document or clause record.
func cmdNew(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stderr, newUsage)
		return 2
	}
	kind := args[0]
	fl := flag.NewFlagSet("atlas new "+kind, flag.ContinueOnError)
	fl.SetOutput(stderr)
	root := fl.String("root", ".", "site root holding data/")
	slug := fl.String("slug", "", "slug to use instead of one made from the name or title")
	req := scaffold.Request{Kind: kind}
	switch kind {
	case scaffold.Platform:
		fl.StringVar(&req.Title, "name", "", "the platform's name (required)")
		fl.StringVar(&req.Sector, "sector", "", "sector key from data/site.toml (required)")
	case scaffold.Document:
		fl.StringVar(&req.Parent, "platform", "", "the platform: its slug or ID (required)")
		fl.StringVar(&req.Title, "title", "", "the document's title (required)")
		fl.StringVar(&req.Type, "type", "", "document type, e.g. terms-of-service (required)")
	case scaffold.Clause:
		fl.StringVar(&req.Parent, "document", "", "the document: its ID or platform-slug/document-slug (required)")
		fl.StringVar(&req.Title, "title", "", "the clause's title (required)")
		fl.StringVar(&req.Type, "type", "", "clause type key from data/clause-types.toml (required)")
	default:
		fmt.Fprintf(stderr, "atlas new: cannot scaffold a %q\n\n%s", kind, newUsage)
		return 2
	}
	if err := fl.Parse(args[1:]); err != nil {
		return 2
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "atlas new %s: unexpected argument %q\n", kind, fl.Arg(0))
		return 2
	}
	req.Slug = *slug
	req.Now = now()
	p, err := scaffold.New(os.DirFS(*root), req)
	if err != nil {
		fmt.Fprintf(stderr, "atlas new %s: %v\n", kind, err)
		return 1
	}
	if err := write.Tree(*root, map[string][]byte{p.Path: p.Body}, false); err != nil {
		fmt.Fprintf(stderr, "atlas new %s: %v\n", kind, err)
		return 1
	}
	fmt.Fprintln(stdout, filepath.Join(*root, filepath.FromSlash(p.Path)))
	fmt.Fprintf(stderr, "atlas new: %s %s, to be published at %s; fill in the fields marked required, then run atlas check\n", kind, p.ID, p.URL)
	return 0
}
