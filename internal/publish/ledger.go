package publish

import (
	"fmt"
	"sort"
	"strings"

	"github.com/clauseatlas/atlas/internal/atlas"
	"github.com/clauseatlas/atlas/internal/problem"
)

// LedgerFile is where the ledger lives under the site root.
const LedgerFile = "data/urls.tsv"

// CheckLedger reports every ledger URL that the build no longer produces
// and that no redirect covers, naming the URL and the record behind it.
func CheckLedger(ledger []atlas.LedgerEntry, produced map[string]string, rs []Redirect) []problem.Problem {
	var out []problem.Problem
	for _, e := range ledger {
		if _, ok := produced[e.Path]; ok {
			continue
		}
		if _, _, ok := Cover(rs, e.Path); ok {
			continue
		}
		out = append(out, problem.Problem{File: e.Pos.File, Line: e.Pos.Line, Msg: fmt.Sprintf(
			"published URL %s (record %s) is no longer produced and no redirect covers it: add the old slug to the record's aliases, or an alias path to the record that replaces it",
			e.Path, e.Record)})
	}
	return out
}

// CheckRedirects reports every redirect whose source is a page the build
// produces (pages maps page paths to records): the two would hide each
// other. A renamed record's old slug must not be reused by a live page.
func CheckRedirects(pages map[string]string, rs []Redirect) []string {
	var out []string
	var splats []Redirect
	for _, r := range rs {
		if r.Splat {
			splats = append(splats, r)
		} else if rec, ok := pages[r.From]; ok {
			out = append(out, fmt.Sprintf("the alias %s of record %s is the page of record %s", r.From, r.Record, rec))
		}
	}
	if len(splats) > 0 {
		// Sorted, the pages a splat covers are one run: a binary search
		// per splat instead of comparing every page with every splat.
		paths := make([]string, 0, len(pages))
		for p := range pages {
			paths = append(paths, p)
		}
		sort.Strings(paths)
		for _, r := range splats {
			for i := sort.SearchStrings(paths, r.From); i < len(paths) && strings.HasPrefix(paths[i], r.From); i++ {
				out = append(out, fmt.Sprintf("the alias %s of record %s covers %s, the page of record %s", r.From, r.Record, paths[i], pages[paths[i]]))
			}
		}
	}
	sort.Strings(out)
	return out
}

// UpdateLedger returns the ledger with every produced URL added, sorted,
// and whether that changed anything. URLs are never removed: retiring one
// is a deliberate edit of the file.
func UpdateLedger(ledger []atlas.LedgerEntry, produced map[string]string) ([]byte, bool) {
	// Most builds add nothing: a sorted ledger is searched, not copied
	// into a map (41,000 rows at 20,000 clauses).
	if sortedLedger(ledger) && !adds(ledger, produced) {
		return nil, false
	}
	rows := make(map[string]string, len(ledger))
	for _, e := range ledger {
		rows[e.Path] = e.Record
	}
	for path, rec := range produced {
		if old, ok := rows[path]; !ok || old == "" && rec != "" {
			rows[path] = rec
		}
	}
	paths := make([]string, 0, len(rows))
	for p := range rows {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var b strings.Builder
	b.WriteString("# URL ledger: every URL this atlas has published, with the record behind it.\n")
	b.WriteString("# atlas build adds new URLs. A URL here must stay reachable, as a page or through a\n")
	b.WriteString("# redirect (a record's aliases); remove a line only to retire a URL on purpose.\n")
	for _, p := range paths {
		fmt.Fprintf(&b, "%s\t%s\n", p, rows[p])
	}
	return []byte(b.String()), true
}

// adds reports whether produced has a URL the sorted ledger lacks, or a
// record for one the ledger has without.
func adds(ledger []atlas.LedgerEntry, produced map[string]string) bool {
	for path, rec := range produced {
		i, ok := sort.Find(len(ledger), func(i int) int { return strings.Compare(path, ledger[i].Path) })
		if !ok || ledger[i].Record == "" && rec != "" {
			return true
		}
	}
	return false
}

func sortedLedger(l []atlas.LedgerEntry) bool {
	for i := 1; i < len(l); i++ {
		if l[i-1].Path >= l[i].Path {
			return false
		}
	}
	return true
}
