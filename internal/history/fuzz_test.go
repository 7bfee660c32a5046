package history

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzDiff(f *testing.F) {
	f.Add("", "")
	f.Add("You may not use it.", "You must not use it.")
	f.Add("a\nb b b\nc\n", "a\nb x b\nc\nd\n")
	f.Add("**50.5.** You will not.\n\n**50.6.** Other.", "**50.5.** Except where permitted.\n\n**50.6.** Other.")
	f.Add("a\xffb c", "a\xfeb\u00a0c")
	f.Add(strings.Repeat("a b ", 300), strings.Repeat("b a a ", 200))
	f.Fuzz(func(t *testing.T, old, new string) {
		ops := Diff(old, new)
		checkReassembly(t, old, new, ops)
		// Hunks show exactly the changes Diff makes, in order.
		var del, ins, hdel, hins strings.Builder
		for _, op := range ops {
			switch op.Kind {
			case Delete:
				del.WriteString(op.Text)
			case Insert:
				ins.WriteString(op.Text)
			}
		}
		for _, h := range Hunks(old, new) {
			for _, op := range h.Ops {
				switch op.Kind {
				case Delete:
					hdel.WriteString(op.Text)
				case Insert:
					hins.WriteString(op.Text)
				}
			}
		}
		if del.String() != hdel.String() || ins.String() != hins.String() {
			t.Fatalf("hunks change %q/%q, diff changes %q/%q", hdel.String(), hins.String(), del.String(), ins.String())
		}
	})
}

func FuzzNormalize(f *testing.F) {
	f.Add("**Bold** [link](https://x.com/?a=1) “quotes” — dash…", "bold link")
	f.Add("## 12. Arbitration\n\n*   item\n|---|\n> quote", "arbitration ... item")
	f.Add("AT&amp;T &#8217; \\*x\\* \u00a0\u200b", "at&t")
	f.Add("bad \xff\xfe bytes ÉTÉ", "été")
	f.Add("You will not, and will not allow any third party to, use the Services.", "you may not use the services")
	f.Fuzz(func(t *testing.T, text, quote string) {
		n := Normalize(text)
		if !utf8.ValidString(n) {
			t.Fatalf("Normalize(%q) = %q is not UTF-8", text, n)
		}
		if strings.HasPrefix(n, " ") || strings.HasSuffix(n, " ") || strings.Contains(n, "  ") {
			t.Fatalf("Normalize(%q) = %q has stray spaces", text, n)
		}
		if strings.ContainsAny(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ\n\t\r") {
			t.Fatalf("Normalize(%q) = %q keeps upper case or line breaks", text, n)
		}
		if Contains(text, text) != hasWord(n) {
			t.Fatalf("Contains(s, s) = %v for %q (normalised %q)", !hasWord(n), text, n)
		}
		p := Prepare(text)
		if p.Contains(quote) != Contains(text, quote) {
			t.Fatalf("Prepared.Contains(%q) disagrees with Contains", quote)
		}
		passage, score, ok := p.Nearest(quote)
		if score < 0 || score > 1.0000001 || ok != (score >= NearestThreshold) {
			t.Fatalf("Nearest(%q) = %q, %v, %v", quote, passage, score, ok)
		}
	})
}

func FuzzSections(f *testing.F) {
	f.Add("AWS Service Terms\n=================\n\n1\\. Universal\n---\n\n**1.1.** You may not.\n")
	f.Add("## 12. Arbitration\n**50.13.1.Service Improvement.** x\n4.2. Meta Affiliates. In connection\nSection 4. Payment\r\n")
	f.Add("**1.** **Title**\n**\n__2. x\n§ 7.\n1.2025\n")
	f.Fuzz(func(t *testing.T, text string) {
		secs := Sections(text)
		for i, s := range secs {
			if s.Start < 0 || s.Start >= s.End || s.End > len(text) {
				t.Fatalf("section %d spans %d-%d of %d", i, s.Start, s.End, len(text))
			}
			if s.Start > 0 && text[s.Start-1] != '\n' {
				t.Fatalf("section %d starts mid-line at %d", i, s.Start)
			}
			if i > 0 && secs[i-1].End != s.Start {
				t.Fatalf("section %d starts at %d, %d ends at %d", i, s.Start, i-1, secs[i-1].End)
			}
			if got, ok := SectionAt(secs, s.Start); !ok || got != s {
				t.Fatalf("SectionAt(%d) = %+v, want %+v", s.Start, got, s)
			}
		}
		if n := len(secs); n > 0 && secs[n-1].End != len(text) {
			t.Fatalf("last section ends at %d of %d", secs[n-1].End, len(text))
		}
	})
}

// FuzzClassify reads a history from the input: versions separated by NUL,
// each a flags byte then its text. Flags: 1 the text is stored, 2 the event
// is a technical upgrade, 4 the hash is given (one of four, so that
// versions without text can repeat each other).
func FuzzClassify(f *testing.F) {
	f.Add([]byte("\x01" + docA + "\x00\x01" + signIn("S1") + "\x00\x01" + docA + "\x00\x01" + docB))
	f.Add([]byte("\x04a\x00\x06b\x00\x04a\x00\x04a\x00\x00"))
	f.Add([]byte("\x01\x00\x01 \x00\x03x\x00\x05" + errorPage))
	f.Fuzz(func(t *testing.T, data []byte) {
		var vs []Version
		for i, chunk := range bytes.Split(data, []byte{0}) {
			if i == 32 {
				break
			}
			var v Version
			v.Captured = day(1 + i%28)
			if len(chunk) > 0 {
				flags := chunk[0]
				chunk = chunk[1:]
				v.HasText = flags&1 != 0
				if flags&2 != 0 {
					v.Event = "technical_upgrade"
				}
				if flags&4 != 0 && len(chunk) > 0 {
					v.SHA256 = string(rune('a' + chunk[0]%4))
				}
				v.LinesAdded = int(flags >> 4)
			}
			if v.HasText {
				v.Text = string(chunk)
			}
			vs = append(vs, v)
		}
		cs := Classify(vs)
		if len(cs) != len(vs) {
			t.Fatalf("%d results for %d versions", len(cs), len(vs))
		}
		for i, c := range cs {
			if c.Class < First || c.Class > CaptureFailure {
				t.Fatalf("version %d: class %d", i, c.Class)
			}
			if c.SameAs >= i || c.Base >= i || c.SameAs < -1 || c.Base < -1 {
				t.Fatalf("version %d: SameAs %d, Base %d", i, c.SameAs, c.Base)
			}
			if c.Base >= 0 && cs[c.Base].Class == CaptureFailure {
				t.Fatalf("version %d is compared with a failure", i)
			}
			if c.Reason == "" || strings.ContainsAny(c.Reason, "\n\r") {
				t.Fatalf("version %d: reason %q", i, c.Reason)
			}
		}
		captures := 0
		for _, d := range Distinct(vs) {
			captures += d.Captures
		}
		want := 0
		for _, v := range vs {
			if v.SHA256 != "" || v.HasText {
				want++
			}
		}
		if captures != want {
			t.Fatalf("Distinct counts %d captures, want %d", captures, want)
		}
	})
}
