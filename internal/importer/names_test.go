package importer

import (
	"strings"
	"testing"
	"time"
)

func TestParseCaptureName(t *testing.T) {
	tests := []struct {
		name    string
		want    time.Time
		wantErr string
	}{
		{"2026-01-24T00-33-23Z.md", time.Date(2026, 1, 24, 0, 33, 23, 0, time.UTC), ""},
		{"1999-12-31T23-59-59Z.md", time.Date(1999, 12, 31, 23, 59, 59, 0, time.UTC), ""},
		{"2024-02-29T12-00-00Z.md", time.Date(2024, 2, 29, 12, 0, 0, 0, time.UTC), ""},
		{"2026-01-24T00-33-23Z", time.Time{}, "not a version file"},
		{"2026-01-24T00-33-23Z.txt", time.Time{}, "not a version file"},
		{"README.md", time.Time{}, "is not a recording time"},
		{"2026-01-24T00:33:23Z.md", time.Time{}, "is not a recording time"},
		{"2026-01-24T00-33-23.md", time.Time{}, "is not a recording time"},
		{"2026-01-24T00-33-23+01-00.md", time.Time{}, "is not a recording time"},
		{"2026-1-24T00-33-23Z.md", time.Time{}, "is not a recording time"},
		{"2026-13-01T00-00-00Z.md", time.Time{}, "is not a recording time"},
		{"2025-02-29T00-00-00Z.md", time.Time{}, "is not a recording time"},
		{"2026-01-24T24-00-00Z.md", time.Time{}, "is not a recording time"},
		{"2026-01-24T00-33-23.5Z.md", time.Time{}, "is not a recording time"},
		{" 2026-01-24T00-33-23Z.md", time.Time{}, "is not a recording time"},
		{"", time.Time{}, "not a version file"},
	}
	for _, tt := range tests {
		got, err := ParseCaptureName(tt.name)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseCaptureName(%q) error = %v, want it to contain %q", tt.name, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !got.Equal(tt.want) || got.Location() != time.UTC {
			t.Errorf("ParseCaptureName(%q) = %v, %v; want %v", tt.name, got, err, tt.want)
		}
		if back := CaptureName(got); back != tt.name {
			t.Errorf("CaptureName(%v) = %q, want %q", got, back, tt.name)
		}
	}
}

func TestSlugify(t *testing.T) {
	tests := map[string]string{
		"Terms of Service":      "terms-of-service",
		"Claude.ai":             "claude-ai",
		"Amazon Web Services":   "amazon-web-services",
		"Gamma Café":            "gamma-cafe",
		"Gamma Cafe\u0301":      "gamma-cafe", // decomposed é
		"Straße & Œuvre":        "strasse-oeuvre",
		"Łódź":                  "lodz",
		"  --Hello,  World!-- ": "hello-world",
		"Single Sign-On Policy": "single-sign-on-policy",
		"X (formerly Twitter)":  "x-formerly-twitter",
		"ВКонтакте":             "",
		"微博":                    "",
		"":                      "",
		"123":                   "123",
	}
	for in, want := range tests {
		if got := Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDocumentType(t *testing.T) {
	tests := map[string]string{
		"Terms of Service":            "terms-of-service",
		"terms of service":            "terms-of-service",
		"Privacy Policy":              "privacy-policy",
		"Acceptable Use Policy":       "acceptable-use-policy",
		"Single Sign-On Policy":       "single-sign-on-policy",
		"Anti-corruption Policy":      "anti-corruption-policy",
		"Platform to Business Notice": "platform-to-business-notice",
		"Legal Information":           "other",
		"Policy":                      "other",
		"Other":                       "other",
		"":                            "other",
	}
	for in, want := range tests {
		if got := DocumentType(in); got != want {
			t.Errorf("DocumentType(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLineDiff(t *testing.T) {
	tests := []struct {
		prev, cur      string
		added, removed int64
	}{
		{"", "a\nb\nc\n", 3, 0},
		{"", "a\nb\nc", 3, 0},
		{"a\nb\n", "a\nb\n", 0, 0},
		{"a\nb\nc\n", "a\nB\nc\n", 1, 1},
		{"a\nb\n", "a\nb\nc\nd\n", 2, 0},
		{"a\nb\nc\n", "a\n", 0, 2},
		{"a\na\nb\n", "a\nb\nb\n", 1, 1}, // multiset: one a fewer, one b more
		{"a\nb\n", "b\na\n", 0, 0},       // a move is not seen
		{"x\r\n", "x\n", 1, 1},           // \r is part of the line
		{"same\n", "same", 0, 0},         // a final newline does not count
		{"a\n\n\nb\n", "a\n\nb\n", 0, 1}, // blank lines count
		{"", "", 0, 0},
	}
	for _, tt := range tests {
		a, r := lineDiff([]byte(tt.prev), []byte(tt.cur))
		if a != tt.added || r != tt.removed {
			t.Errorf("lineDiff(%q, %q) = +%d -%d, want +%d -%d", tt.prev, tt.cur, a, r, tt.added, tt.removed)
		}
	}
}

func TestQuote(t *testing.T) {
	tests := map[string]string{
		"plain":             `"plain"`,
		`say "hi"`:          `"say \"hi\""`,
		`back\slash`:        `"back\\slash"`,
		"tab\there":         `"tab\there"`,
		"cr\rhere":          `"cr\rhere"`,
		"bell\x07":          `"bell\u0007"`,
		"del\x7f":           `"del\u007F"`,
		"café ✓":            `"café ✓"`,
		"bad\xffutf8":       `"bad` + "\uFFFD" + `utf8"`,
		"two\nlines":        "\"\"\"\ntwo\nlines\"\"\"",
		"ends in quote\n\"": "\"\"\"\nends in quote\n\\\"\"\"\"",
		"\"\"\" inside\n":   "\"\"\"\n\\\"\\\"\\\" inside\n\"\"\"",
		"":                  `""`,
	}
	for in, want := range tests {
		if got := quote(in); got != want {
			t.Errorf("quote(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestCommentLines(t *testing.T) {
	got := commentLines("one two three four five six seven", 16)
	want := []string{"# one two three", "# four five six", "# seven"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("commentLines = %q, want %q", got, want)
	}
	if got := commentLines("line\nbreak\x00and control", 80); len(got) != 1 || got[0] != "# line break and control" {
		t.Errorf("commentLines with controls = %q", got)
	}
}
