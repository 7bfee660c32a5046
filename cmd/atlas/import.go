package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/clauseatlas/atlas/internal/importer"
	"github.com/clauseatlas/atlas/internal/write"
)

const importUsage = `usage: atlas import ota DIR [--root SITE_ROOT] [--sector KEY] [--dry-run]

Imports the capture histories of an Open Terms Archive dataset release
(DIR/<Service>/<Terms type>/<YYYY-MM-DDTHH-MM-SSZ>.md) into the atlas:
version records, stored texts, and new platforms and documents for
services and terms types the atlas does not have yet. Running it again
changes nothing.
`

// cmdImport is "atlas import ota DIR": it plans the import (package
// importer reads, never writes), prints what it does and makes the writes.
func cmdImport(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "ota" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			fmt.Fprint(stdout, importUsage)
			return 0
		}
		fmt.Fprint(stderr, importUsage)
		return 2
	}
	fl := flag.NewFlagSet("atlas import ota", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.Usage = func() {
		fmt.Fprint(stderr, importUsage+"\nflags:\n")
		fl.PrintDefaults()
	}
	root := fl.String("root", ".", "site root holding data/")
	sector := fl.String("sector", "", `sector key (of data/site.toml) for platforms the import creates (default "`+importer.DefaultSector+`")`)
	dryRun := fl.Bool("dry-run", false, "print what the import would do and write nothing")
	// Flags may come before or after DIR.
	var pos []string
	rest := args[1:]
	for {
		if err := fl.Parse(rest); err != nil {
			return 2
		}
		if fl.NArg() == 0 {
			break
		}
		pos = append(pos, fl.Arg(0))
		rest = fl.Args()[1:]
	}
	if len(pos) != 1 {
		fmt.Fprintf(stderr, "atlas import ota: expected one dataset folder, got %d\n\n", len(pos))
		fl.Usage()
		return 2
	}
	dir := pos[0]
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		fmt.Fprintf(stderr, "atlas import ota: %s: not a folder (the dataset release, unzipped)\n", dir)
		return 1
	}
	start := time.Now()
	plan, err := importer.OTA(os.DirFS(dir), os.DirFS(*root), importer.Options{Sector: *sector, Label: dir})
	if err != nil {
		return report(stderr, err)
	}
	planned := time.Since(start)
	if !*dryRun {
		for _, w := range plan.Writes {
			if err := write.File(filepath.Join(*root, filepath.FromSlash(w.Path)), w.Data); err != nil {
				fmt.Fprintf(stderr, "atlas import ota: %v\n", err)
				fmt.Fprintln(stderr, "atlas import ota: the import is incomplete; run it again to finish it")
				return 1
			}
		}
	}
	plan.Print(stdout, *dryRun)
	fmt.Fprintf(stdout, "atlas import ota: planned in %.2fs, done in %.2fs\n", planned.Seconds(), time.Since(start).Seconds())
	return 0
}
