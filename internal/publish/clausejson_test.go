package publish

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// clauseJSON is a clause as encoding/json writes it: a twin
// (MarshalIndent, HTML escaped) or an atlas.json row (an Encoder without
// HTML escaping, less its newline).
func clauseJSON(c Clause, twin bool, licence string) []byte {
	if twin {
		v := struct {
			SchemaVersion int    `json:"schema_version"`
			Licence       string `json:"licence"`
			Clause
		}{SchemaVersion, licence, c}
		b, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			panic(err)
		}
		return b
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(c); err != nil {
		panic(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// list splits s at '|' into a list; "" gives nil and "|" an empty list,
// which encoding/json writes differently (null and []).
func list(s string) []string {
	switch s {
	case "":
		return nil
	case "|":
		return []string{}
	}
	return strings.Split(s, "|")
}

func FuzzAppendClause(f *testing.F) {
	f.Add("CA-P-000001", "No <scraping> & \"more\"\n\u2028\xff", "", "a|b", "|", "x", true)
	f.Add("", "", "opt", "", "", "|", false)
	f.Fuzz(func(t *testing.T, id, text, optional, cats, regs, aliases string, verified bool) {
		c := Clause{
			ID: id, URL: "https://x/" + id, Title: text, Slug: id, PlatformID: text, Platform: optional,
			DocumentID: id, Document: text, ClauseType: optional, Categories: list(cats),
			Severity: "high", Confidence: optional, Evidence: text, Regulations: list(regs), Agencies: list(aliases),
			Locator: optional, Quote: text, Summary: text, WhyItMatters: optional, ConsumerImpact: text,
			InterpretiveNote: optional, Analysis: text, FirstTracked: optional, LastVerified: id,
			AnalysisGenerated: optional, Captured: optional, SHA256: optional, SnapshotVerified: verified,
			Aliases: list(aliases),
		}
		for _, twin := range []bool{false, true} {
			if got, want := appendClause(nil, &c, twin, text), clauseJSON(c, twin, text); !bytes.Equal(got, want) {
				t.Fatalf("twin %v:\n got %s\nwant %s", twin, got, want)
			}
		}
	})
}

// BenchmarkClause writes a clause of a generated atlas's size (about
// 4 KB of text) as a twin and as an atlas.json row, by hand and with
// encoding/json.
func BenchmarkClause(b *testing.B) {
	para := strings.Repeat("The provider may change these terms & suspend access. ", 6)
	c := Clause{
		ID: "CA-P-000001", URL: "https://synthetic-atlas.example/platform/p/terms/c/", Title: "Age verification for payment information",
		Slug: "c", PlatformID: "CA-E-000001", Platform: "Brixabe", DocumentID: "CA-D-000001", Document: "Developer Terms",
		ClauseType: "age-verification", Categories: []string{"minors", "payments"}, Severity: "high", Confidence: "medium",
		Evidence: "quoted", Regulations: []string{"gdpr"}, Agencies: []string{}, Quote: para, Summary: para,
		WhyItMatters: para, ConsumerImpact: para, Analysis: strings.Repeat("- "+para+"\n", 6),
		FirstTracked: "2025-01-02", LastVerified: "2026-03-04", AnalysisGenerated: "2026-03-04T00:00:00Z", SnapshotVerified: true,
	}
	for _, twin := range []bool{true, false} {
		name := map[bool]string{true: "twin", false: "row"}[twin]
		b.Run(name+"/hand", func(b *testing.B) {
			var buf []byte
			for b.Loop() {
				buf = appendClause(buf[:0], &c, twin, "CC0 1.0")
			}
		})
		b.Run(name+"/encoding-json", func(b *testing.B) {
			for b.Loop() {
				clauseJSON(c, twin, "CC0 1.0")
			}
		})
	}
}
