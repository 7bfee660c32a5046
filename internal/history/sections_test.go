package history

import (
	"fmt"
	"strings"
	"testing"
)

func TestSectionsRecognised(t *testing.T) {
	tests := []struct {
		line string
		want string // "number|title", "" when not a section
	}{
		{"## 12. Arbitration", "12|Arbitration"},
		{"# Privacy", "|Privacy"},
		{"### **4.2** Data Use ###", "4.2|Data Use"},
		{"##### **1\\. Your Access to the Services**", "1|Your Access to the Services"},
		{"**50.5.** You will not develop competing products.", "50.5|"},
		{"**10.1.1.**\u00a0The Reserved DB Instance program allows you to designate instances.", "10.1.1|"},
		{"**50.12. Amazon Bedrock.** The following terms apply to Amazon Bedrock:", "50.12|Amazon Bedrock"},
		{"**50.13.1.Service Improvement.** You agree and instruct that we may use it.", "50.13.1|Service Improvement"},
		{"**1.14.1** These Service Terms incorporate the DPA.", "1.14.1|"},
		{"**1.2 Eligibility**. You must be 13 years of age or older.", "1.2|Eligibility"},
		{"**6.1 Ownership of the Services.** The Services are ours.", "6.1|Ownership of the Services"},
		{"**1.** **Mit wem Sie einen Vertrag abschließen**", "1|Mit wem Sie einen Vertrag abschließen"},
		{"__3. Fees__", "3|Fees"},
		{"**General Terms**", "|General Terms"},
		{"**Last Updated:** March 20, 2026", ""},
		{"**Welcome!** We provide technology.", ""},
		{"**unclosed bold 1.2 text", ""},
		{"1\\. Accessing the Mistral AI Products", "1|Accessing the Mistral AI Products"},
		{"4.2. Meta Affiliates. In connection with the Applicable Personal Data, Company hereby authorizes Meta to engage Meta Affiliates.", "4.2|Meta Affiliates"},
		{"1.1.1 As a part of the Services, you can input, upload and submit information and other materials to the Services.", "1.1.1|"},
		{"4.2 To the extent that Company EU Data is transferred by Company to Meta EU Processor under the Applicable Terms.", "4.2|"},
		{"12. Arbitration", "12|Arbitration"},
		{"2.  La mise en conformité du contenu numérique est retardée de manière déraisonnable, malgré la demande.", ""},
		{"1. You must be 18.", ""},
		{"303 2nd Street, Suite 500S", ""},
		{"2025. A year of change", ""},
		{"1.2025 is not a number", ""},
		{"Section 4. Payment", "4|Payment"},
		{"SECTION 9 - DISPUTES", "9|DISPUTES"},
		{"Article 12.1: Liability", "12.1|Liability"},
		{"§ 7 Haftung", ""},
		{"§ 7. Haftung", "7|Haftung"},
		{"Section 4 of the Agreement applies to you.", ""},
		{"**SECTION 9 CONTAINS AN ARBITRATION CLAUSE AND CLASS ACTION WAIVER. BY AGREEING TO THESE TERMS, YOU AGREE.**", ""},
		{"Plain paragraph text.", ""},
	}
	for _, tt := range tests {
		text := "Preamble.\n\n" + tt.line + "\n\nBody text.\n"
		secs := Sections(text)
		got := ""
		if len(secs) > 1 {
			t.Errorf("%q: %d sections", tt.line, len(secs))
		}
		if len(secs) == 1 {
			got = secs[0].Number + "|" + secs[0].Title
			if secs[0].Start != len("Preamble.\n\n") || secs[0].End != len(text) {
				t.Errorf("%q: section spans %d-%d", tt.line, secs[0].Start, secs[0].End)
			}
		}
		if got != tt.want {
			t.Errorf("%q: got %q, want %q", tt.line, got, tt.want)
		}
	}
}

func TestSectionsSetext(t *testing.T) {
	text := "AWS Service Terms\n=================\n\nLast Updated: January 23, 2026\n------------------------------\n\n" +
		"1\\. Universal Service Terms\n--------------------------\n\n**1.1.** You may not transfer software.\n\n" +
		"Some text\nwith two lines\n---\n\n- - -\n\n**50.5.** Except where permitted.\n"
	var got []string
	for _, s := range Sections(text) {
		got = append(got, fmt.Sprintf("%s|%s@%d", s.Number, s.Title, s.Start))
	}
	want := []string{
		"|AWS Service Terms@0",
		"|Last Updated: January 23, 2026@37",
		"1|Universal Service Terms@100",
		"1.1|@156",
		"50.5|@234",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestSectionsTile(t *testing.T) {
	text := "intro\n## 1. One\na\r\n**1.1.** b\n## 2. Two\n"
	secs := Sections(text)
	if len(secs) != 3 {
		t.Fatalf("got %d sections: %+v", len(secs), secs)
	}
	for i, s := range secs {
		if s.Start >= s.End {
			t.Errorf("section %d is empty: %+v", i, s)
		}
		if i > 0 && secs[i-1].End != s.Start {
			t.Errorf("section %d does not start where %d ends", i, i-1)
		}
	}
	if secs[len(secs)-1].End != len(text) {
		t.Errorf("last section ends at %d, want %d", secs[len(secs)-1].End, len(text))
	}
	for _, tt := range []struct {
		off  int
		want string
		ok   bool
	}{{0, "", false}, {6, "1", true}, {len("intro\n## 1. One\na\r\n**1.1"), "1.1", true}, {len(text) - 1, "2", true}, {len(text) + 10, "2", true}} {
		s, ok := SectionAt(secs, tt.off)
		if ok != tt.ok || s.Number != tt.want {
			t.Errorf("SectionAt(%d) = %q, %v; want %q, %v", tt.off, s.Number, ok, tt.want, tt.ok)
		}
	}
	if Sections("") != nil || Sections("no sections here\n") != nil {
		t.Error("sections found in a text without any")
	}
}
