package importer

import (
	"fmt"
	"io"
	"strings"
)

// Print writes the report: one paragraph per document, the totals and the
// files to write. dryRun words it as what would be done.
func (p *Plan) Print(w io.Writer, dryRun bool) {
	r := &p.Report
	for _, d := range r.Documents {
		what := "→"
		switch {
		case d.NewPlatform:
			what = "→ new platform " + d.PlatformID + ", new document"
		case d.NewDocument:
			what = "→ new document under " + d.PlatformID + ":"
		}
		fmt.Fprintf(w, "%s %s %s %s\n", strings.Replace(d.Folder, "/", " / ", 1), what, d.DocumentID, d.Dir)
		fmt.Fprintf(w, "    %d version file%s: %d created, %d updated, %d skipped", d.Captures, plural(d.Captures), d.Created, d.Updated, d.Skipped)
		if d.Conflicts > 0 {
			fmt.Fprintf(w, ", %d in conflict (not imported)", d.Conflicts)
		}
		fmt.Fprintf(w, "; %d text%s stored", d.Texts, plural(d.Texts))
		if d.Others > 0 {
			fmt.Fprintf(w, "; %d other recorded version%s now name their stored text", d.Others, plural(d.Others))
		}
		fmt.Fprintln(w)
		for _, n := range d.Notes {
			fmt.Fprintf(w, "    note: %s\n", n)
		}
	}
	for _, n := range r.Warnings {
		fmt.Fprintf(w, "warning: %s\n", n)
	}
	t := r.Totals()
	np, nd := 0, 0
	for _, d := range r.Documents {
		if d.NewPlatform {
			np++
		}
		if d.NewDocument {
			nd++
		}
	}
	fmt.Fprintf(w, "total: %d version file%s of %d document%s: %d created, %d updated, %d skipped", t.Captures, plural(t.Captures), len(r.Documents), plural(len(r.Documents)), t.Created, t.Updated, t.Skipped)
	if t.Conflicts > 0 {
		fmt.Fprintf(w, ", %d in conflict", t.Conflicts)
	}
	if t.Others > 0 {
		fmt.Fprintf(w, "; %d other recorded versions now name their text", t.Others)
	}
	fmt.Fprintf(w, "; %d text%s stored; %d platform%s and %d document%s created\n", t.Texts, plural(t.Texts), np, plural(np), nd, plural(nd))
	newFiles := 0
	for _, f := range p.Writes {
		if f.New {
			newFiles++
		}
	}
	verb := "written"
	if dryRun {
		verb = "that would be written (dry run: nothing written)"
	}
	fmt.Fprintf(w, "files %s: %d (%d new, %d changed)\n", verb, len(p.Writes), newFiles, len(p.Writes)-newFiles)
	for _, f := range p.Writes {
		state := "changed"
		if f.New {
			state = "new"
		}
		fmt.Fprintf(w, "  %-7s %s\n", state, f.Path)
	}
}
