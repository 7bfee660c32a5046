package history

import (
	"strings"
	"testing"
)

const hunkOld = `# Terms

## 1. Accounts

You must be at least 18 years old to create an account and keep your password safe at all times.

## 2. Use

**2.1.** You will not develop or improve a competing product or service with the Services.

**2.2.** You will not resell the Services.

## 3. Law

These Terms are governed by the laws of the State of Washington, without regard to conflict of laws.
`

func TestHunks(t *testing.T) {
	tests := []struct {
		name string
		new  string
		want []string // "number|title|rendered ops"
	}{
		{
			name: "one change in a numbered paragraph",
			new:  strings.Replace(hunkOld, "develop or improve", "train", 1),
			want: []string{"2.1||**2.1.** You will not [-develop or improve-]{+train+} a competing product or service with the Services."},
		},
		{
			name: "nearby changes share a hunk; distant ones do not",
			new: strings.NewReplacer(
				"at least 18 years", "at least 16 years",
				"password safe", "password secret",
				"State of Washington", "State of Delaware",
			).Replace(hunkOld),
			want: []string{
				"1|Accounts|You must be at least [-18-]{+16+} years old to create an account and keep your password [-safe-]{+secret+} at all times.",
				"3|Law|governed by the laws of the State of [-Washington-]{+Delaware+}, without regard to conflict of laws.",
			},
		},
		{
			name: "changes in two sections make two hunks however close",
			new:  strings.Replace(strings.Replace(hunkOld, "with the Services.", "with the Services or outputs.", 1), "You will not resell", "You may not resell", 1),
			want: []string{
				"2.1||a competing product or service with the Services{+ or outputs+}.",
				"2.2||**2.2.** You [-will-]{+may+} not resell the Services.",
			},
		},
		{
			name: "an inserted section is labelled with itself",
			new:  strings.Replace(hunkOld, "## 3. Law", "**2.3.** You will not scrape the Services.\n\n## 3. Law", 1),
			want: []string{"2.3||{+**2.3.** You will not scrape the Services.\n\n+}## 3. Law"},
		},
		{
			name: "a pure deletion is labelled from the old text",
			new:  strings.Replace(hunkOld, "**2.2.** You will not resell the Services.\n\n", "", 1),
			want: []string{"2.2||[-**2.2.** You will not resell the Services.\n\n-]## 3. Law"},
		},
		{name: "no change", new: hunkOld},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, h := range Hunks(hunkOld, tt.new) {
				got = append(got, h.Number+"|"+h.Title+"|"+render(h.Ops))
				if !strings.HasPrefix(hunkOld[h.OldStart:], h.Ops[0].Text) && h.Ops[0].Kind != Insert {
					t.Errorf("OldStart %d does not point at the first op", h.OldStart)
				}
				if h.Ops[0].Kind != Delete && !strings.HasPrefix(tt.new[h.NewStart:], h.Ops[0].Text) {
					t.Errorf("NewStart %d does not point at the first op", h.NewStart)
				}
			}
			if strings.Join(got, "\n\n") != strings.Join(tt.want, "\n\n") {
				t.Errorf("got\n%s\n\nwant\n%s", strings.Join(got, "\n\n"), strings.Join(tt.want, "\n\n"))
			}
		})
	}
}

func TestContextWords(t *testing.T) {
	eq := "one two three four five six seven eight nine ten"
	if got := eq[leadContext(eq):]; got != "three four five six seven eight nine ten" {
		t.Errorf("leading context %q", got)
	}
	if got := eq[:trailContext(eq)]; got != "one two three four five six seven eight" {
		t.Errorf("trailing context %q", got)
	}
	if got := trailContext("a b, c d e f g h. i j"); got != len("a b, c d e f g h.") {
		t.Errorf("trailing context stops at %d", got)
	}
	if got := "x y\n  z "[leadContext("x y\n  z "):]; got != "z " {
		t.Errorf("leading context crossed a line: %q", got)
	}
	if got := trailContext("  \nrest"); got != 0 {
		t.Errorf("trailing context crossed a line: %d", got)
	}
}
