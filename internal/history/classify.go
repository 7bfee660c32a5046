package history

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Version is one recorded capture of a document, in the order captured.
type Version struct {
	Captured time.Time
	// SHA256 is the hex SHA-256 of the captured text. When empty it is
	// computed from Text if HasText; otherwise the version matches no other.
	SHA256 string
	// Event is the recorder's word for the capture: "first_record",
	// "change", "technical_upgrade" (the recorder's own settings changed,
	// not the document), …
	Event string
	// LinesAdded and LinesRemoved are as recorded against the previous
	// capture; they are used only when the text is not stored.
	LinesAdded, LinesRemoved int
	// Bytes is the recorded size of the text, 0 when unknown; when the text
	// is not stored, a size far below the document's usual one marks a
	// probable capture failure.
	Bytes int
	Text  string
	// HasText says Text holds the stored capture. An empty capture is
	// HasText with Text == "".
	HasText bool
}

// Class is what a capture means for readers. The order is the order of
// importance.
type Class int

const (
	// First is the first accepted text of the history.
	First Class = iota
	// Substantive is a change of wording (or punctuation) against the
	// last accepted text.
	Substantive
	// Unknown is a capture whose text is not stored (nor that of the text
	// it follows) but whose recorded line counts say it changed; it is
	// counted as substantive because nothing shows otherwise.
	Unknown
	// Formatting differs from the last accepted text only in whitespace,
	// Markdown formatting or typography (curly quotes, dashes).
	Formatting
	// LinkChurn differs from the last accepted text only in link
	// addresses, such as a rotating tracking token in a URL.
	LinkChurn
	// Revert is byte-identical to an earlier accepted text that is not the
	// immediately preceding capture: a return after a failed capture, or a
	// page flapping between variants.
	Revert
	// Unchanged is byte-identical to the immediately preceding capture.
	Unchanged
	// CaptureFailure is not the document: an empty capture, a sign-in,
	// error, captcha or redirect page, or a capture cut short.
	CaptureFailure
)

var classNames = [...]string{
	First:          "first",
	Substantive:    "substantive",
	Unknown:        "unknown",
	Formatting:     "formatting",
	LinkChurn:      "link-churn",
	Revert:         "revert",
	Unchanged:      "unchanged",
	CaptureFailure: "capture-failure",
}

// String returns the class's stable key, such as "link-churn".
func (c Class) String() string {
	if c >= 0 && int(c) < len(classNames) {
		return classNames[c]
	}
	return fmt.Sprintf("Class(%d)", int(c))
}

// MarshalText makes classes appear by name in JSON and TOML.
func (c Class) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// Noise reports whether a capture of this class is collapsed in a
// document's history: everything but First, Substantive and Unknown.
func (c Class) Noise() bool { return c != First && c != Substantive && c != Unknown }

// Classified is a version with its class.
type Classified struct {
	Version
	Class Class
	// Reason says in one line why, for editors and for a tooltip.
	Reason string
	// SameAs is the index of the first earlier version with the same
	// SHA-256, or -1.
	SameAs int
	// Base is the index of the accepted version this one was compared
	// with (the previous text that was not a capture failure), or -1.
	// A diff page for a Substantive change diffs Base's text against this.
	Base int
	// Added and Removed count the words inserted and deleted against
	// Base; they are set for Substantive versions only.
	Added, Removed int
}

// Classify classifies each version against the history before it. Versions
// must be in capture order. A version without stored text borrows the text
// of any version with the same SHA-256; with none, it is classified from
// its metadata: a repeated hash is Unchanged or Revert, a
// "technical_upgrade" event is Formatting, recorded line changes are
// Unknown, and no recorded line changes is Formatting.
//
// Capture failures are recognised by markers of sign-in, error, captcha and
// redirect pages near the top of a text that is much shorter than the
// document's typical size (the median size of its texts without such
// markers), or by a text that is empty or tiny against that size, or by a
// text under a quarter of that size that adds no word to the last accepted
// text (a capture cut short). The verdict is per distinct text, so every
// capture of one text agrees.
func Classify(vs []Version) []Classified {
	out := make([]Classified, len(vs))
	shas := make([]string, len(vs))
	texts := map[string]string{}
	for i, v := range vs {
		sha := strings.ToLower(v.SHA256)
		if sha == "" && v.HasText {
			sum := sha256.Sum256([]byte(v.Text))
			sha = hex.EncodeToString(sum[:])
		}
		shas[i] = sha
		if _, ok := texts[sha]; v.HasText && sha != "" && !ok {
			texts[sha] = v.Text
		}
	}
	textOf := func(i int) (string, bool) {
		if vs[i].HasText {
			return vs[i].Text, true
		}
		t, ok := texts[shas[i]]
		return t, ok && shas[i] != ""
	}
	ref := typicalSize(texts)
	failed := map[string]string{} // sha → failure reason, "" when not failed
	keys := map[string][2]string{}
	key := func(i int) [2]string {
		if k, ok := keys[shas[i]]; ok && shas[i] != "" {
			return k
		}
		t, _ := textOf(i)
		f, _ := normalize(t, formatMode, false)
		l, _ := normalize(t, linkMode, false)
		k := [2]string{f, l}
		if shas[i] != "" {
			keys[shas[i]] = k
		}
		return k
	}

	first := map[string]int{}
	base := -1
	for i := range vs {
		c := &out[i]
		c.Version = vs[i]
		c.SameAs, c.Base = -1, base
		sha := shas[i]
		if sha != "" {
			if j, ok := first[sha]; ok {
				c.SameAs = j
			} else {
				first[sha] = i
			}
		}
		text, has := textOf(i)
		if has {
			why, ok := failed[sha]
			if !ok || sha == "" {
				why = captureFailure(text, ref)
				if sha != "" {
					failed[sha] = why
				}
			}
			if why != "" {
				c.Class, c.Reason = CaptureFailure, why
				if c.SameAs >= 0 {
					c.Reason += "; same as " + when(vs, c.SameAs)
				}
				continue
			}
		}
		if !has && c.SameAs < 0 && vs[i].Bytes > 0 && ref > 0 && vs[i].Bytes*4 < ref {
			// Not stored, and a fraction of the document's usual size: the
			// failed captures that are stored look like this.
			c.Class, c.Reason = CaptureFailure, fmt.Sprintf("probable capture failure (text not stored): %d bytes against a typical %d", vs[i].Bytes, ref)
			continue
		}
		switch {
		case i > 0 && sha != "" && sha == shas[i-1]:
			c.Class, c.Reason = Unchanged, "identical to the previous capture"
		case c.SameAs >= 0:
			c.Class = Revert
			if base >= 0 && shas[base] == sha {
				// Everything between base and i failed.
				n := i - 1 - base
				c.Reason = fmt.Sprintf("same text as before %d failed capture%s from %s", n, plural(n), when(vs, base+1))
			} else {
				c.Reason = "back to the text first captured " + when(vs, c.SameAs)
			}
		case base < 0:
			c.Class, c.Reason = First, "first recorded text"
		default:
			btext, bhas := textOf(base)
			if !has || !bhas {
				c.Class, c.Reason = fromMetadata(vs[i])
				break
			}
			since := " since " + when(vs, base)
			k, bk := key(i), key(base)
			switch {
			case k[0] == bk[0]:
				c.Class, c.Reason = Formatting, "whitespace, Markdown or typography only"+since
			case k[1] == bk[1]:
				c.Class, c.Reason = LinkChurn, "only link addresses changed"+since
			default:
				c.Added, c.Removed = wordChanges(btext, text)
				if c.Added == 0 && ref > 0 && len(text)*4 < ref {
					// A capture cut short: part of the text, nothing new.
					why := fmt.Sprintf("partial capture: %d bytes against a typical %d, nothing added", len(text), ref)
					failed[sha] = why
					c.Class, c.Reason, c.Removed = CaptureFailure, why, 0
					continue
				}
				c.Class = Substantive
				if c.Added == 0 && c.Removed == 0 {
					c.Reason = "punctuation only" + since
				} else {
					c.Reason = fmt.Sprintf("%d words added, %d removed%s", c.Added, c.Removed, since)
				}
			}
		}
		if vs[i].Event == "technical_upgrade" && c.Class != Unchanged && c.Class != Revert {
			c.Reason += " (recorded as a technical upgrade)"
		}
		base = i
	}
	return out
}

// fromMetadata classifies a change whose texts are not both stored.
func fromMetadata(v Version) (Class, string) {
	switch {
	case v.Event == "technical_upgrade":
		return Formatting, "text not stored; recorded as a technical upgrade"
	case v.LinesAdded > 0 || v.LinesRemoved > 0:
		return Unknown, fmt.Sprintf("text not stored; %d lines added, %d removed as recorded", v.LinesAdded, v.LinesRemoved)
	}
	return Formatting, "text not stored; no lines added or removed as recorded"
}

// when names version i for a reason: its capture date, else its number.
func when(vs []Version, i int) string {
	if t := vs[i].Captured; !t.IsZero() {
		return t.UTC().Format("2006-01-02")
	}
	return fmt.Sprintf("version %d", i+1)
}

// wordChanges counts the words a minimal diff inserts and deletes.
func wordChanges(old, new string) (added, removed int) {
	for _, s := range align(old, new) {
		if !s.eq {
			removed += countWords(old[s.a0:s.a1])
			added += countWords(new[s.b0:s.b1])
		}
	}
	return added, removed
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func countWords(s string) int {
	n := 0
	forWords(s, func(int, int) { n++ })
	return n
}

// DistinctText is one distinct text of a history, identified by SHA-256.
type DistinctText struct {
	SHA256    string
	First     int // index of the first version with this text
	FirstSeen time.Time
	LastSeen  time.Time
	Captures  int
}

// Distinct lists the distinct texts of a history in order of first
// capture. Versions without a hash or text are left out.
func Distinct(vs []Version) []DistinctText {
	var out []DistinctText
	at := map[string]int{}
	for i, v := range vs {
		sha := strings.ToLower(v.SHA256)
		if sha == "" {
			if !v.HasText {
				continue
			}
			sum := sha256.Sum256([]byte(v.Text))
			sha = hex.EncodeToString(sum[:])
		}
		j, ok := at[sha]
		if !ok {
			j = len(out)
			at[sha] = j
			out = append(out, DistinctText{SHA256: sha, First: i, FirstSeen: v.Captured, LastSeen: v.Captured})
		}
		d := &out[j]
		d.Captures++
		if v.Captured.Before(d.FirstSeen) {
			d.FirstSeen = v.Captured
		}
		if v.Captured.After(d.LastSeen) {
			d.LastSeen = v.Captured
		}
	}
	return out
}

// Capture failures. A failure page announces itself near the top; the real
// document may mention signing in anywhere, so markers count only in the
// head of a text that is also much shorter than the document usually is.
const (
	headBytes  = 2000 // how much of the top is searched for markers
	smallBytes = 8192 // below this one marker suffices
	tinyBytes  = 2048 // below this and a tenth of the typical size, no marker is needed
)

var failureKinds = []struct {
	kind    string
	phrases []string
}{
	{"sign-in page", []string{"sign in", "log in", "login", "to continue to", "forgot email", "forgot password", "create account", "email or phone"}},
	{"captcha or bot check", []string{"captcha", "verify you are human", "are you a robot", "checking your browser", "enable javascript", "enable cookies", "just a moment", "unusual traffic", "request blocked", "attention required"}},
	{"error page", []string{"page isn't available", "unexpected error", "something went wrong", "access denied", "403 forbidden", "page not found", "404 not found", "error 404", "service unavailable", "bad gateway", "internal server error", "too many requests", "temporarily unavailable", "try again later", "try reloading", "come back later"}},
	{"redirect page", []string{"redirecting", "you are being redirected", "moved permanently"}},
}

// markerForm reduces s to lower-case words separated by single spaces and
// padded with one, so phrases match whole words only.
func markerForm(s string) string {
	var b strings.Builder
	b.WriteByte(' ')
	space := true
	for _, r := range Normalize(s) {
		if isWordRune(r) {
			b.WriteRune(r)
			space = false
		} else if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	if !space {
		b.WriteByte(' ')
	}
	return b.String()
}

var markerPhrases = func() [][]string {
	out := make([][]string, len(failureKinds))
	for i, k := range failureKinds {
		for _, p := range k.phrases {
			out[i] = append(out[i], markerForm(p))
		}
	}
	return out
}()

// markers counts the failure phrases in the head of text, per kind.
func markers(text string) (counts []int, total int) {
	head := markerForm(text[:min(len(text), headBytes)])
	counts = make([]int, len(failureKinds))
	for i, ps := range markerPhrases {
		for _, p := range ps {
			if strings.Contains(head, p) {
				counts[i]++
				total++
			}
		}
	}
	return counts, total
}

// typicalSize is the median size of the texts that carry no failure
// markers and have words, or 0 when there are none.
func typicalSize(texts map[string]string) int {
	var sizes []int
	for _, t := range texts {
		if _, n := markers(t); n == 0 && hasWord(t) {
			sizes = append(sizes, len(t))
		}
	}
	if len(sizes) == 0 {
		return 0
	}
	sort.Ints(sizes)
	return sizes[len(sizes)/2]
}

// captureFailure returns why text is not a capture of the document, or "".
func captureFailure(text string, ref int) string {
	// The head nearly always settles it; the whole text only when not.
	if !hasWord(Normalize(text[:min(len(text), headBytes)])) && !hasWord(Normalize(text)) {
		return "empty capture"
	}
	size := len(text)
	against := fmt.Sprintf("%d bytes", size)
	if ref > 0 {
		against += fmt.Sprintf(" against a typical %d", ref)
	}
	counts, total := markers(text)
	kind := ""
	for i, c := range counts {
		if c > 0 && (kind == "" || c > counts[indexKind(kind)]) {
			kind = failureKinds[i].kind
		}
	}
	if ref > 0 && size*10 < ref && size < tinyBytes {
		if kind == "" {
			kind = "near-empty capture"
		}
		return kind + ": " + against
	}
	if total == 0 {
		return ""
	}
	short := size < smallBytes
	if ref > 0 {
		short = size*10 < ref*6
	}
	if short && (total >= 2 || size < smallBytes) {
		return kind + ": " + against
	}
	return ""
}

func indexKind(kind string) int {
	for i, k := range failureKinds {
		if k.kind == kind {
			return i
		}
	}
	return -1
}
