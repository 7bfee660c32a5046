package history

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"
)

// terms builds a document of about 6 KB with numbered paragraphs, a link
// with a tracking token, and the given wording in paragraph 1.
func terms(clause, token string) string {
	var b strings.Builder
	b.WriteString("# Example Terms of Service\n\n")
	fmt.Fprintf(&b, "**1.** %s\n\n", clause)
	fmt.Fprintf(&b, "**2.** Read our [Privacy Policy](https://example.com/privacy?utm_source=%s) before you “use” the Services.\n\n", token)
	for i := 3; i <= 30; i++ {
		fmt.Fprintf(&b, "**%d.** Paragraph %d sets out obligations about accounts, payments, content and termination that apply to every user of the Services.\n\n", i, i)
	}
	return b.String()
}

var (
	clauseA = "You may not use the Services to develop competing models."
	clauseB = "You may not use the Services to develop or train competing models."
	docA    = terms(clauseA, "a1")
	docB    = terms(clauseB, "a1")
	signIn  = func(session string) string {
		return "![Google](//ssl.gstatic.com/logo.png)\n\nSign in\n=======\n\nto continue to AdSense\n\nEmail or phone\n\n" +
			"[Forgot email?](https://accounts.google.com/recovery?dsh=" + session + ")\n\nNext\n\n[Create account](https://accounts.google.com/signup?dsh=" + session + ")\n"
	}
	errorPage = "This page isn’t available\n-------------------------\n\nAn unexpected error has occurred. Try reloading the page or come back later.\n"
)

func day(d int) time.Time { return time.Date(2026, 1, d, 12, 0, 0, 0, time.UTC) }

// txt is a stored capture on day d of January 2026.
func txt(d int, text string) Version {
	return Version{Captured: day(d), Event: "change", Text: text, HasText: true}
}

// meta is a capture whose text is not stored.
func meta(d int, sha, event string, added, removed int) Version {
	return Version{Captured: day(d), SHA256: sha, Event: event, LinesAdded: added, LinesRemoved: removed}
}

func shaOf(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func TestClassify(t *testing.T) {
	tests := []struct {
		name   string
		in     []Version
		want   []Class
		sameAs []int // when set, the SameAs of each version
		base   []int // when set, the Base of each version
	}{
		{
			name: "a wording change is substantive",
			in:   []Version{txt(1, docA), txt(2, docB)},
			want: []Class{First, Substantive},
			base: []int{-1, 0},
		},
		{
			name: "whitespace, emphasis, bullets and curly quotes are formatting",
			in: []Version{txt(1, docA), txt(2, strings.NewReplacer(
				"**1.** You may", "1.  You  may",
				"“use”", `"use"`,
				"\n\n**3.**", "\n\n* **3.**",
			).Replace(docA))},
			want: []Class{First, Formatting},
		},
		{
			name: "a rotating token in a link is link churn",
			in:   []Version{txt(1, docA), txt(2, terms(clauseA, "b2")), txt(3, terms(clauseA, "c3"))},
			want: []Class{First, LinkChurn, LinkChurn},
			base: []int{-1, 0, 1},
		},
		{
			name: "a link removed around the same words is link churn",
			in: []Version{txt(1, docA), txt(2, strings.Replace(docA,
				"[Privacy Policy](https://example.com/privacy?utm_source=a1)", "Privacy Policy", 1))},
			want: []Class{First, LinkChurn},
		},
		{
			name: "punctuation is substantive",
			in:   []Version{txt(1, docA), txt(2, strings.Replace(docA, "competing models.", "competing models", 1))},
			want: []Class{First, Substantive},
		},
		{
			name:   "a repeat of the previous capture is unchanged",
			in:     []Version{txt(1, docA), txt(2, docA)},
			want:   []Class{First, Unchanged},
			sameAs: []int{-1, 0},
		},
		{
			name:   "flapping between two variants reverts",
			in:     []Version{txt(1, docA), txt(2, docB), txt(3, docA), txt(4, docB)},
			want:   []Class{First, Substantive, Revert, Revert},
			sameAs: []int{-1, -1, 0, 1},
			base:   []int{-1, 0, 1, 2},
		},
		{
			name:   "a sign-in page alternating with the text changes nothing",
			in:     []Version{txt(1, docA), txt(2, signIn("S1")), txt(3, docA), txt(4, signIn("S2")), txt(5, docA)},
			want:   []Class{First, CaptureFailure, Revert, CaptureFailure, Revert},
			sameAs: []int{-1, -1, 0, -1, 0},
			base:   []int{-1, 0, 0, 2, 2},
		},
		{
			name: "a change after a failure is measured against the text before it",
			in:   []Version{txt(1, docA), txt(2, errorPage), txt(3, docB)},
			want: []Class{First, CaptureFailure, Substantive},
			base: []int{-1, 0, 0},
		},
		{
			name: "an error page recorded first leaves first to the real text",
			in:   []Version{txt(1, errorPage+"\n\n"+"**1.** Other terms appended by the recorder.\n"), txt(2, docA)},
			want: []Class{CaptureFailure, First},
		},
		{
			name:   "a failure repeated keeps its verdict",
			in:     []Version{txt(1, docA), txt(2, signIn("S1")), txt(3, signIn("S1"))},
			want:   []Class{First, CaptureFailure, CaptureFailure},
			sameAs: []int{-1, -1, 1},
		},
		{
			name: "an empty capture fails",
			in:   []Version{txt(1, docA), txt(2, ""), txt(3, "  \n**\n---\n")},
			want: []Class{First, CaptureFailure, CaptureFailure},
		},
		{
			name: "a tiny capture fails without markers",
			in:   []Version{txt(1, docA), txt(2, "Moved to legal.example.com")},
			want: []Class{First, CaptureFailure},
		},
		{
			name: "a capture cut short with nothing new fails",
			in:   []Version{txt(1, docA), txt(2, docA[:strings.Index(docA, "**5.**")]), txt(3, docA)},
			want: []Class{First, CaptureFailure, Revert},
		},
		{
			name: "a full-length text that mentions signing in is the document",
			in: []Version{txt(1, docA), txt(2, strings.Replace(docA, clauseA,
				"Sign in to continue to the Services. Forgot password? Create account from the login page.", 1))},
			want: []Class{First, Substantive},
		},
		{
			name: "a short history of sign-in pages alone fails",
			in:   []Version{txt(1, signIn("S1")), txt(2, signIn("S2"))},
			want: []Class{CaptureFailure, CaptureFailure},
		},
		{
			name: "metadata alone: hashes, events and line counts",
			in: []Version{
				meta(1, "aa", "first_record", 100, 0),
				meta(2, "bb", "change", 3, 1),
				meta(3, "aa", "change", 1, 3),
				meta(4, "aa", "change", 0, 0),
				meta(5, "cc", "technical_upgrade", 40, 40),
				meta(6, "dd", "change", 0, 0),
			},
			want:   []Class{First, Unknown, Revert, Unchanged, Formatting, Formatting},
			sameAs: []int{-1, -1, 0, 0, -1, -1},
		},
		{
			name: "a version without text borrows the text of its hash",
			in: []Version{
				txt(1, docA),
				txt(2, signIn("S1")),
				meta(3, shaOf(signIn("S1")), "change", 5, 5),
				meta(4, strings.ToUpper(shaOf(docB)), "change", 1, 1),
				txt(5, docB),
			},
			want: []Class{First, CaptureFailure, CaptureFailure, Substantive, Unchanged},
		},
		{
			name: "text compared with a version whose text is unknown falls back to metadata",
			in:   []Version{meta(1, "aa", "first_record", 50, 0), {Captured: day(2), Event: "change", LinesAdded: 2, Text: docA, HasText: true}},
			want: []Class{First, Unknown},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Classify(tt.in)
			if len(got) != len(tt.in) {
				t.Fatalf("got %d results for %d versions", len(got), len(tt.in))
			}
			for i, c := range got {
				if c.Class != tt.want[i] {
					t.Errorf("version %d: class %v (%s), want %v", i, c.Class, c.Reason, tt.want[i])
				}
				if tt.sameAs != nil && c.SameAs != tt.sameAs[i] {
					t.Errorf("version %d: SameAs %d, want %d", i, c.SameAs, tt.sameAs[i])
				}
				if tt.base != nil && c.Base != tt.base[i] {
					t.Errorf("version %d: Base %d, want %d", i, c.Base, tt.base[i])
				}
				if c.Reason == "" || strings.Contains(c.Reason, "\n") {
					t.Errorf("version %d: reason %q is not one line", i, c.Reason)
				}
			}
		})
	}
}

func TestClassifyReasons(t *testing.T) {
	got := Classify([]Version{
		txt(1, docA),
		txt(2, signIn("S1")),
		txt(3, signIn("S1")),
		txt(4, docA),
		txt(5, docB),
		{Captured: day(6), Event: "technical_upgrade", Text: terms(clauseB, "z9"), HasText: true},
		txt(7, strings.Replace(terms(clauseB, "z9"), "train competing models.", "train competing models", 1)),
		meta(8, "ff", "change", 2, 1),
	})
	want := []string{
		"first recorded text",
		"sign-in page: 224 bytes against a typical 3981",
		"sign-in page: 224 bytes against a typical 3981; same as 2026-01-02",
		"same text as before 2 failed captures from 2026-01-02",
		"2 words added, 0 removed since 2026-01-04",
		"only link addresses changed since 2026-01-05 (recorded as a technical upgrade)",
		"punctuation only since 2026-01-06",
		"text not stored; 2 lines added, 1 removed as recorded",
	}
	for i, c := range got {
		if c.Reason != want[i] {
			t.Errorf("version %d (%v): reason %q, want %q", i, c.Class, c.Reason, want[i])
		}
	}
	if got[4].Added != 2 || got[4].Removed != 0 {
		t.Errorf("Added, Removed = %d, %d; want 2, 0", got[4].Added, got[4].Removed)
	}
}

func TestClassString(t *testing.T) {
	noise := map[Class]bool{First: false, Substantive: false, Unknown: false, Formatting: true, LinkChurn: true, Revert: true, Unchanged: true, CaptureFailure: true}
	seen := map[string]bool{}
	for c := First; c <= CaptureFailure; c++ {
		s := c.String()
		if seen[s] || strings.HasPrefix(s, "Class(") {
			t.Errorf("class %d has name %q", c, s)
		}
		seen[s] = true
		if c.Noise() != noise[c] {
			t.Errorf("%v.Noise() = %v", c, c.Noise())
		}
		if b, _ := c.MarshalText(); string(b) != s {
			t.Errorf("MarshalText = %q, want %q", b, s)
		}
	}
	if got := Class(99).String(); got != "Class(99)" {
		t.Errorf("Class(99).String() = %q", got)
	}
}

func TestDistinct(t *testing.T) {
	in := []Version{
		txt(1, docA),
		txt(2, docB),
		txt(3, docA),
		meta(4, "abc", "change", 1, 1),
		{Captured: day(5)}, // no hash, no text: left out
		txt(6, docA),
	}
	got := Distinct(in)
	want := []DistinctText{
		{SHA256: shaOf(docA), First: 0, FirstSeen: day(1), LastSeen: day(6), Captures: 3},
		{SHA256: shaOf(docB), First: 1, FirstSeen: day(2), LastSeen: day(2), Captures: 1},
		{SHA256: "abc", First: 3, FirstSeen: day(4), LastSeen: day(4), Captures: 1},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d texts, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("text %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}
