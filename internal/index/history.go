package index

import (
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"time"

	"github.com/clauseatlas/atlas/internal/history"
)

// History is a document's capture history as readers see it: each version
// classified, the distinct texts, and the diffs that can be shown.
type History struct {
	Versions []VersionInfo // same order as Document.Versions
	Distinct map[string]history.DistinctText
	Shown    int // versions that are not noise
	Hidden   int // noisy captures collapsed on the document page
	Diffs    []*Diff
	// Latest is the index of the newest accepted version whose text is
	// stored, or -1: the text clauses are checked against.
	Latest int
	// changes are the capture days of the versions that can make a clause
	// stale (substantive or unknown), in version order: worked out once
	// per document rather than once per clause and version.
	changes []time.Time
}

// VersionInfo is what the index knows of one version.
type VersionInfo struct {
	Class          history.Class
	Reason         string
	Base           int
	Added, Removed int
	Text           string // stored text, "" when not stored
	HasText        bool
	Diff           *Diff // the diff page of this change, if both texts are stored
}

// Diff is a change between two stored texts of a document.
type Diff struct {
	Document *Document
	From, To int // version indices
	URL      string
}

// DiffURL is the permalink of the diff between two versions of a document.
func DiffURL(docURL, fromSHA, toSHA string) string {
	return docURL + "diff/" + short(fromSHA) + "-" + short(toSHA) + "/"
}

func short(s string) string {
	if len(s) > 12 {
		return s[:12]
	}
	return s
}

// classified memoises classifications by the exact inputs, so a
// long-running process (the preview server) classifies a history again
// only when it changed.
var classified sync.Map // key → []history.Classified

func classify(vs []history.Version) []history.Classified {
	h := sha256.New()
	for _, v := range vs {
		h.Write([]byte(v.Captured.Format(time.RFC3339Nano)))
		h.Write([]byte{0})
		h.Write([]byte(v.SHA256 + "\x00" + v.Event + "\x00"))
		if v.HasText {
			h.Write([]byte{1})
		}
		var n [24]byte
		for i, x := range []int{v.LinesAdded, v.LinesRemoved, v.Bytes} {
			for j := 0; j < 8; j++ {
				n[i*8+j] = byte(uint64(x) >> (8 * j))
			}
		}
		h.Write(n[:])
	}
	key := hex.EncodeToString(h.Sum(nil))
	if c, ok := classified.Load(key); ok {
		return c.([]history.Classified)
	}
	c := history.Classify(vs)
	classified.Store(key, c)
	return c
}

// prepared memoises normalised texts by SHA-256 for quote checks.
var prepared sync.Map // sha → *history.Prepared

func prepare(sha, text string) *history.Prepared {
	if p, ok := prepared.Load(sha); ok {
		return p.(*history.Prepared)
	}
	p := history.Prepare(text)
	prepared.Store(sha, p)
	return p
}

// buildHistory classifies a document's versions, using stored texts.
func (x *Index) buildHistory(d *Document) {
	h := &History{Latest: -1, Distinct: map[string]history.DistinctText{}}
	d.History = h
	if len(d.Versions) == 0 {
		return
	}
	vs := make([]history.Version, len(d.Versions))
	h.Versions = make([]VersionInfo, len(d.Versions))
	for i, v := range d.Versions {
		vs[i] = history.Version{Captured: v.Captured, SHA256: v.SHA256, Event: v.Event, LinesAdded: v.LinesAdded, LinesRemoved: v.LinesRemoved, Bytes: v.Bytes}
		if v.Text != "" {
			if text, ok := x.Corpus.TextData[d.Dir+"/"+v.Text]; ok {
				vs[i].Text, vs[i].HasText = text, true
				h.Versions[i].Text, h.Versions[i].HasText = text, true
			}
		}
	}
	for _, dt := range history.Distinct(vs) {
		h.Distinct[dt.SHA256] = dt
	}
	for i, c := range classify(vs) {
		vi := &h.Versions[i]
		vi.Class, vi.Reason, vi.Base, vi.Added, vi.Removed = c.Class, c.Reason, c.Base, c.Added, c.Removed
		if c.Class.Noise() {
			h.Hidden++
			continue
		}
		h.Shown++
		if vi.HasText {
			h.Latest = i
		}
		if c.Class == history.Substantive || c.Class == history.Unknown {
			h.changes = append(h.changes, day(d.Versions[i].Captured))
		}
		if c.Class == history.Substantive && c.Base >= 0 && vi.HasText && h.Versions[c.Base].HasText {
			df := &Diff{Document: d, From: c.Base, To: i, URL: DiffURL(d.URL, d.Versions[c.Base].SHA256, d.Versions[i].SHA256)}
			vi.Diff = df
			h.Diffs = append(h.Diffs, df)
		}
	}
}

// Freshness is what the atlas can say about a clause against its
// document's history.
type Freshness struct {
	// Stale says the document changed substantively after the clause was
	// last verified; ChangedOn is the first such change.
	Stale     bool
	ChangedOn time.Time
	// Checked says the quote was looked for in the latest stored text,
	// captured on CheckedOn; Found says it is there.
	Checked   bool
	Found     bool
	CheckedOn time.Time
	// Nearest is the closest passage of that text when the quote is not
	// there and a passage is close enough.
	Nearest      string
	NearestScore float64
	// Since is the capture date of the first stored version containing
	// the quote; SinceFirst says that is the earliest stored text, so the
	// quote may be older still.
	Since      time.Time
	SinceFirst bool
}

func (x *Index) freshness(c *Clause) {
	d := c.Document
	h := d.History
	if h == nil {
		return
	}
	f := &c.Freshness
	for _, changed := range h.changes {
		if changed.After(c.LastVerified) {
			f.Stale, f.ChangedOn = true, changed
			break
		}
	}
	quote := c.Quote
	if h.Latest >= 0 {
		v := d.Versions[h.Latest]
		p := prepare(v.SHA256, h.Versions[h.Latest].Text)
		f.Checked, f.CheckedOn = true, v.Captured
		f.Found = p.Contains(quote)
		if !f.Found {
			if passage, score, ok := p.Nearest(quote); ok {
				f.Nearest, f.NearestScore = passage, score
			}
		}
	}
	firstStored := -1
	for i, v := range d.Versions {
		vi := h.Versions[i]
		if !vi.HasText || vi.Class == history.CaptureFailure {
			continue
		}
		if firstStored < 0 {
			firstStored = i
		}
		if prepare(v.SHA256, vi.Text).Contains(quote) {
			f.Since, f.SinceFirst = v.Captured, i == firstStored
			break
		}
	}
}

func day(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
