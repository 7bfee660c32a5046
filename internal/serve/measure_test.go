//go:build measure

// Reload latency measurement for issue 6: how long from saving a clause
// file to the reload event reaching a browser. Not a unit test; run it by
// hand against a site root:
//
//	go test -tags measure -run TestMeasureReload -timeout 60m ./internal/serve \
//	    -root /tmp/g20k-serve -edits 12 -cpuprofile /tmp/serve-rebuild.prof -v
//	go tool pprof -top /tmp/serve-rebuild.prof
//
// It starts a preview server in the test process (or, with -url, uses a
// running `atlas serve` of the same root), waits for the first build,
// subscribes to the event stream over real HTTP, then edits one clause's
// title -edits times, timing each save to its reload event. The CPU
// profile covers the edits only, not the first build.
package serve

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime/pprof"
	"sort"
	"strings"
	"testing"
	"time"
)

var (
	measureRoot  = flag.String("root", "", "site root to measure (required)")
	measureURL   = flag.String("url", "", "URL of a running atlas serve of -root; empty starts one in the test")
	measureEdits = flag.Int("edits", 12, "number of edits")
	measureFile  = flag.String("clause", "", "clause file to edit, relative to -root (default: the first one)")
	measureProf  = flag.String("cpuprofile", "", "write a CPU profile of the edits to this file")
	measureGap   = flag.Duration("gap", 300*time.Millisecond, "pause between a reload and the next edit")
)

func TestMeasureReload(t *testing.T) {
	if *measureRoot == "" {
		t.Skip("-root not given")
	}
	root, err := filepath.Abs(*measureRoot)
	if err != nil {
		t.Fatal(err)
	}
	base := *measureURL
	if base == "" {
		start := time.Now()
		s, err := New(Options{Root: root, Addr: "127.0.0.1:0", Log: os.Stderr, Verbose: true})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- s.Run(ctx) }()
		defer func() { cancel(); <-done }()
		base = s.URL()
		<-s.ready
		t.Logf("first build (cold load of every record): %v", time.Since(start).Round(time.Millisecond))
	}
	base = strings.TrimSuffix(base, "/")

	file := *measureFile
	if file == "" {
		file = firstClause(t, root)
	}
	full := filepath.Join(root, filepath.FromSlash(file))
	orig, err := os.ReadFile(full)
	if err != nil {
		t.Fatal(err)
	}
	defer os.WriteFile(full, orig, 0o644)
	reTitle := regexp.MustCompile(`(?m)^title = "([^"\n]*)"`)
	m := reTitle.FindSubmatch(orig)
	if m == nil {
		t.Fatalf("%s has no title line", file)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/__atlas/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	events := make(chan measureEvent, 16)
	go readEvents(resp, events)
	if ev := <-events; ev.name != EventState {
		t.Fatalf("first event %q", ev.name)
	}

	if *measureProf != "" {
		f, err := os.Create(*measureProf)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			t.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}

	var lat []time.Duration
	t.Logf("editing the title of %s", file)
	for i := 1; i <= *measureEdits; i++ {
		body := reTitle.ReplaceAll(orig, []byte(fmt.Sprintf(`title = "%s (edit %d)"`, m[1], i)))
		t0 := time.Now()
		if err := os.WriteFile(full, body, 0o644); err != nil {
			t.Fatal(err)
		}
		var ev measureEvent
		select {
		case ev = <-events:
		case <-time.After(10 * time.Minute):
			t.Fatal("no event within 10 minutes")
		}
		d := time.Since(t0)
		if ev.name != EventReload {
			t.Fatalf("edit %d: event %q %s", i, ev.name, ev.raw)
		}
		var info BuildInfo
		json.Unmarshal([]byte(ev.raw), &info)
		lat = append(lat, d)
		t.Logf("edit %2d: save → reload %7.1f ms (build %7.1f ms, since first change %7.1f ms): %d rendered, %d written, %d deleted",
			i, ms(d), info.BuildMS, info.SinceChangeMS, info.Rendered, info.Written, info.Deleted)
		time.Sleep(*measureGap)
	}
	sorted := append([]time.Duration(nil), lat...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	pct := func(p float64) time.Duration { return sorted[min(len(sorted)-1, int(p*float64(len(sorted)-1)+0.5))] }
	t.Logf("save → reload over %d edits: median %.1f ms, p90 %.1f ms, min %.1f ms, max %.1f ms",
		len(lat), ms(pct(0.5)), ms(pct(0.9)), ms(sorted[0]), ms(sorted[len(sorted)-1]))
}

type measureEvent struct{ name, raw string }

func readEvents(resp *http.Response, ch chan<- measureEvent) {
	scanEvents(resp.Body, func(name, data string) { ch <- measureEvent{name, data} })
}

func firstClause(t *testing.T, root string) string {
	var found string
	filepath.WalkDir(filepath.Join(root, "data", "platforms"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && found == "" && !d.IsDir() && filepath.Base(filepath.Dir(p)) == "clauses" && strings.HasSuffix(p, ".toml") {
			rel, _ := filepath.Rel(root, p)
			found = filepath.ToSlash(rel)
		}
		return nil
	})
	if found == "" {
		t.Fatal("no clause file under data/platforms")
	}
	return found
}
