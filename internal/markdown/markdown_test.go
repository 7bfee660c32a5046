package markdown

import (
	"strconv"
	"strings"
	"testing"
)

func TestHTML(t *testing.T) {
	resolve := func(id string) (string, bool) {
		if id == "CA-P-000001" {
			return "/platform/acme/terms/no-scraping/", true
		}
		return "", false
	}
	tests := []struct {
		name, src string
		o         Options
		want      string
	}{
		{"emphasis and lists", "**bold**\n\n- a\n- b", Options{}, "<p><strong>bold</strong></p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"},
		{"raw HTML is dropped", "a <script>alert(1)</script> b", Options{}, "<p>a <!-- raw HTML omitted -->alert(1)<!-- raw HTML omitted --> b</p>\n"},
		{"javascript links are neutralised", "[x](javascript:alert(1))", Options{}, "<p><a href=\"\">x</a></p>\n"},
		{"heading IDs and shift", "## Scope", Options{Shift: 1}, "<h3 id=\"scope\">Scope</h3>\n"},
		{"permalinks resolve", "[c](/id/CA-P-000001/)", Options{Resolve: resolve}, "<p><a href=\"/platform/acme/terms/no-scraping/\">c</a></p>\n"},
		{"tables", "| a | b |\n|---|---|\n| 1 | 2 |", Options{}, "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>\n"},
		{"empty", "  \n", Options{}, ""},
	}
	r := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(r.HTML(tt.src, tt.o)); got != tt.want {
				t.Errorf("HTML(%q)\n got: %q\nwant: %q", tt.src, got, tt.want)
			}
		})
	}
}

func TestSharedIDsStayUnique(t *testing.T) {
	r := New()
	ids := NewIDs()
	a := r.HTML("## Notes", Options{IDs: ids})
	b := r.HTML("## Notes", Options{IDs: ids})
	if a == b {
		t.Errorf("two snippets on one page got the same heading ID: %s", a)
	}
}

func TestLintLines(t *testing.T) {
	known := func(id string) bool { return id == "CA-D-00001" }
	tests := []struct {
		src  string
		want []string
	}{
		{"fine [a](https://x.example/) [b](/id/CA-D-00001/) [c](#top) [d](mailto:a@b.example)", nil},
		{"line one\n\n[a](ftp://x)", []string{`3: link "ftp://x" uses the scheme "ftp"; only http, https and mailto are allowed`}},
		{"[a](relative/path)", []string{`1: link "relative/path" must be absolute (https://…) or a site path starting with /`}},
		{"[a](/id/CA-D-00002/)", []string{`1: link to /id/CA-D-00002/: no record has that ID`}},
		{"x\n\n<div>\nhi\n</div>", []string{`3: raw HTML "<div>" is not allowed (write Markdown instead)`}},
		{"![i](data:image/png;base64,AAA)", []string{`1: image "data:image/png;base64,AAA" uses the scheme "data"; only http, https and mailto are allowed`}},
	}
	for _, tt := range tests {
		var got []string
		for _, i := range LintLines(tt.src, known) {
			got = append(got, strconv.Itoa(i.Line)+": "+i.Msg)
		}
		if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("LintLines(%q)\n got: %q\nwant: %q", tt.src, got, tt.want)
		}
	}
}

// FuzzHTML renders arbitrary Markdown: no panic, and nothing executable
// survives.
func FuzzHTML(f *testing.F) {
	for _, s := range []string{"**a**", "<script>x</script>", "[a](javascript:x)", "| a |\n|-|\n| b |", "<a href=\"javascript:x\">y</a>", "## h\n## h"} {
		f.Add(s)
	}
	r := New()
	f.Fuzz(func(t *testing.T, src string) {
		out := strings.ToLower(string(r.HTML(src, Options{Shift: 1})))
		if strings.Contains(out, "<script") || strings.Contains(out, "href=\"javascript:") || strings.Contains(out, "<iframe") {
			t.Fatalf("unsafe output for %q: %s", src, out)
		}
		LintLines(src, func(string) bool { return false })
	})
}
