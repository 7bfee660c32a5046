package serve

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"
)

// The preview's own files, served under /__atlas/ and never written into
// the built site.
var (
	//go:embed live.js
	liveJS []byte
	//go:embed live.css
	liveCSS []byte
)

// LivePrefix is the path under which the preview serves its own files.
const LivePrefix = "/__atlas/"

// state is what open pages need to know: the last good build and, while
// the latest build failed, its problems.
type state struct {
	Serial   int // changes on every update
	Build    string
	Problems []string
	Last     BuildInfo
}

// hub holds the state and wakes the event streams when it changes. A
// stream that falls behind only misses intermediate states: it always
// catches up with the latest.
type hub struct {
	mu   sync.Mutex
	st   state
	subs map[chan struct{}]bool
}

func (h *hub) init() { h.subs = map[chan struct{}]bool{} }

func (h *hub) get() state {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.st
}

func (h *hub) update(f func(*state)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	f(&h.st)
	h.st.Serial++
	for ch := range h.subs {
		select {
		case ch <- struct{}{}:
		default: // already woken
		}
	}
}

func (h *hub) subscribe() (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	h.mu.Lock()
	h.subs[ch] = true
	h.mu.Unlock()
	return ch, func() {
		h.mu.Lock()
		delete(h.subs, ch)
		h.mu.Unlock()
	}
}

// serveLive answers /__atlas/…: the script, its stylesheet and the event
// stream.
func (s *Server) serveLive(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	switch r.URL.Path {
	case LivePrefix + "live.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Write(liveJS)
	case LivePrefix + "live.css":
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		w.Write(liveCSS)
	case LivePrefix + "events":
		s.events(w, r)
	default:
		http.NotFound(w, r)
	}
}

// Event names of the stream at /__atlas/events. Each event's data is one
// line of JSON.
const (
	// EventState comes first on every connection: {"build", "problems"}.
	// A page built by another build reloads; one with problems shows them.
	EventState = "state"
	// EventReload follows every build that changed the output: a BuildInfo.
	EventReload = "reload"
	// EventProblems follows every failed build: {"problems": [...]}.
	EventProblems = "problems"
)

// events streams state changes as Server-Sent Events until the client
// goes away or the server shuts down.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	wake, cancel := s.hub.subscribe()
	defer cancel()
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("X-Accel-Buffering", "no")
	last := s.hub.get()
	fmt.Fprint(w, "retry: 1000\n\n")
	send(w, EventState, struct {
		Build    string   `json:"build"`
		Problems []string `json:"problems"`
	}{last.Build, nonNil(last.Problems)})
	fl.Flush()
	ping := time.NewTicker(20 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		case <-ping.C:
			fmt.Fprint(w, ": ping\n\n")
		case <-wake:
			cur := s.hub.get()
			switch {
			case cur.Serial == last.Serial:
				continue
			case len(cur.Problems) > 0:
				if slices.Equal(cur.Problems, last.Problems) {
					last = cur
					continue
				}
				send(w, EventProblems, struct {
					Problems []string `json:"problems"`
				}{cur.Problems})
			case cur.Build != last.Build:
				send(w, EventReload, cur.Last)
			default:
				last = cur
				continue
			}
			last = cur
		}
		fl.Flush()
	}
}

func send(w http.ResponseWriter, event string, v any) {
	b, _ := json.Marshal(v)
	fmt.Fprintf(w, "event: %s\ndata: %s\n\n", event, b)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// inject adds the preview's hooks to one HTML page: a <meta> naming the
// build the page came from, the stylesheet and the script before </head>,
// and, while the latest build failed, the overlay at the start of <body>,
// so a page loaded while the atlas is broken says so at once.
func inject(page []byte, st state) []byte {
	head := `<meta name="atlas-build" content="` + html.EscapeString(st.Build) + `">` +
		`<link rel="stylesheet" href="` + LivePrefix + `live.css">` +
		`<script src="` + LivePrefix + `live.js" defer></script>`
	var out bytes.Buffer
	out.Grow(len(page) + len(head) + 512)
	i := indexFold(page, []byte("</head"))
	if i < 0 {
		out.WriteString(head)
		i = 0
	} else {
		out.Write(page[:i])
		out.WriteString(head)
	}
	rest := page[i:]
	if len(st.Problems) > 0 {
		if b := indexFold(rest, []byte("<body")); b >= 0 {
			if e := bytes.IndexByte(rest[b:], '>'); e >= 0 {
				out.Write(rest[:b+e+1])
				rest = rest[b+e+1:]
			}
		}
		out.WriteString(overlayHTML(st.Problems))
	}
	out.Write(rest)
	return out.Bytes()
}

// overlayHTML is the overlay live.js builds, rendered on the server for
// pages loaded while the atlas is broken. Every problem is escaped.
func overlayHTML(problems []string) string {
	var b bytes.Buffer
	b.WriteString(`<div id="atlas-live-overlay" class="atlas-live" role="alertdialog" aria-modal="true" aria-labelledby="atlas-live-title" aria-describedby="atlas-live-help" tabindex="-1">`)
	b.WriteString(`<div class="atlas-live-box"><h2 id="atlas-live-title" class="atlas-live-title">`)
	b.WriteString(html.EscapeString(overlayTitle(len(problems))))
	b.WriteString(`</h2><p id="atlas-live-help" class="atlas-live-help">` + overlayHelp + `</p><ul class="atlas-live-list">`)
	for _, p := range problems {
		b.WriteString("<li><code>" + html.EscapeString(p) + "</code></li>")
	}
	b.WriteString(`</ul><button type="button" class="atlas-live-close">Hide</button></div></div>`)
	return b.String()
}

func overlayTitle(n int) string {
	if n == 1 {
		return "The atlas has 1 problem"
	}
	return "The atlas has " + strconv.Itoa(n) + " problems"
}

// overlayHelp must match the text in live.js.
const overlayHelp = "The preview still shows the last good build. Fix the files below and save: this page reloads by itself."

// indexFold is bytes.Index for an ASCII, lower-case needle, ignoring the
// case of s.
func indexFold(s, lower []byte) int {
	n := len(lower)
outer:
	for i := 0; i+n <= len(s); i++ {
		for j := 0; j < n; j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != lower[j] {
				continue outer
			}
		}
		return i
	}
	return -1
}
