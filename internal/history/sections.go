package history

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Section is a part of a document as the document itself numbers it.
type Section struct {
	// Number is the document's own number without trailing dot, such as
	// "50.5" or "12"; "" for a heading without a number.
	Number string
	// Title is the heading's text after the number, as plain text; "" for
	// a numbered paragraph that has none (**50.5.** You will not …).
	Title string
	// Start and End are byte offsets: from the start of the heading's
	// line to the start of the next section (or the end of the text).
	Start, End int
}

// Sections lists the sections of a Markdown text in order. It recognises:
// ATX and setext headings (## 12. Arbitration, a line underlined with ===
// or ---), with or without a number; paragraphs that open with a bold
// number (**50.5.** …, **1.2 Eligibility**. …, **50.13.1.Service
// Improvement.**); lines that open with a multi-level number (4.2. …,
// 1.1.1 …) or an escaped one (1\. Universal Service Terms, which a
// Markdown converter writes for a numbered heading that is not a list);
// short lines like "12. Arbitration"; "Section 4", "Article 4" and "§ 4"
// followed by a separator; and lines that are one short bold span of a
// single phrase (**General Terms**). Sections are flat: 50.5 follows 50 rather than
// nesting in it, so the innermost section holding an offset is the last
// one starting at or before it (see [SectionAt]).
func Sections(text string) []Section {
	type line struct{ start, end int } // end excludes the newline
	var lines []line
	for s := 0; s < len(text); {
		e := strings.IndexByte(text[s:], '\n')
		if e < 0 {
			lines = append(lines, line{s, len(text)})
			break
		}
		lines = append(lines, line{s, s + e})
		s += e + 1
	}
	var out []Section
	prevBlank := true
	for i := 0; i < len(lines); i++ {
		l := strings.TrimRight(text[lines[i].start:lines[i].end], " \t\r")
		if strings.TrimSpace(l) == "" {
			prevBlank = true
			continue
		}
		start := lines[i].start
		var num, title string
		ok := false
		switch {
		case isATX(l):
			num, title, ok = heading(strings.TrimRight(strings.TrimLeft(strings.TrimSpace(l), "#"), "# "))
		case prevBlank && i+1 < len(lines) && isUnderline(text[lines[i+1].start:lines[i+1].end]) && !isRuleLine(l):
			num, title, ok = heading(l)
			i++
		default:
			num, title, ok = numberedLine(strings.TrimLeft(l, " \t"))
		}
		prevBlank = false
		if ok {
			if n := len(out); n > 0 {
				out[n-1].End = start
			}
			out = append(out, Section{Number: num, Title: title, Start: start, End: len(text)})
		}
	}
	return out
}

// SectionAt returns the innermost section holding the byte offset: the
// last one starting at or before it.
func SectionAt(secs []Section, offset int) (Section, bool) {
	i := sectionIndex(secs, offset)
	if i < 0 {
		return Section{}, false
	}
	return secs[i], true
}

func sectionIndex(secs []Section, offset int) int {
	return sort.Search(len(secs), func(i int) bool { return secs[i].Start > offset }) - 1
}

func isATX(l string) bool {
	t := strings.TrimLeft(l, " ")
	if len(l)-len(t) > 3 {
		return false
	}
	n := 0
	for n < len(t) && t[n] == '#' {
		n++
	}
	return n >= 1 && n <= 6 && (n == len(t) || t[n] == ' ' || t[n] == '\t')
}

// isUnderline reports a setext heading underline: === or --- (two or more).
func isUnderline(l string) bool {
	l = strings.TrimSpace(l)
	return len(l) >= 2 && (strings.Trim(l, "=") == "" || strings.Trim(l, "-") == "")
}

// heading reads a heading's number and title; every heading is a section.
func heading(content string) (num, title string, ok bool) {
	c := plain(content)
	if c == "" {
		return "", "", false
	}
	if n, rest, ok := leadingNumber(c); ok {
		return n, cleanTitle(rest), true
	}
	if n, rest, ok := sectionWord(c); ok {
		return n, cleanTitle(rest), true
	}
	return "", cleanTitle(c), true
}

// numberedLine reads a paragraph line that may open a section.
func numberedLine(l string) (num, title string, ok bool) {
	if strings.HasPrefix(l, "**") || strings.HasPrefix(l, "__") {
		mk := l[:2]
		c := strings.Index(l[2:], mk)
		if c < 0 {
			return "", "", false
		}
		inner, rest := plain(l[2:2+c]), strings.TrimSpace(l[2+c+2:])
		if n, after, ok := leadingNumber(inner); ok {
			title := cleanTitle(after)
			// **1.** **Who you contract with**: the title is bold apart.
			if title == "" && len(rest) > 4 && strings.HasPrefix(rest, mk) && strings.HasSuffix(rest, mk) &&
				!strings.Contains(rest[2:len(rest)-2], mk) {
				title = cleanTitle(plain(rest))
			}
			return n, title, true
		}
		if n, after, ok := sectionWord(inner); ok {
			return n, cleanTitle(after), true
		}
		if rest == "" && inner != "" && len(inner) <= 100 && !strings.Contains(inner, ". ") {
			return "", cleanTitle(inner), true
		}
		return "", "", false
	}
	if !isDigit(l[0]) && strings.IndexByte("SsAa\xc2", l[0]) < 0 { // \xc2 starts §
		return "", "", false
	}
	p := plain(l)
	if n, after, ok := leadingNumber(p); ok {
		escaped := len(l) >= len(n) && strings.HasPrefix(l[len(n):], `\.`)
		switch {
		case strings.Contains(n, "."), escaped:
			return n, lineTitle(after), true
		case len(after) <= 80 && !strings.ContainsAny(after[max(len(after)-1, 0):], ".;,:"):
			// "12. Arbitration" rather than a list item in running text.
			return n, cleanTitle(after), true
		}
		return "", "", false
	}
	if n, after, ok := sectionWord(p); ok && len(p) <= 120 {
		return n, lineTitle(after), true
	}
	return "", "", false
}

// leadingNumber parses a section number at the start of plain text: one to
// three digits, more levels after dots, and a trailing dot that a
// single-level number must have. The number must be followed by a space,
// the end, or (after a trailing dot) a letter, as in "50.13.1.Service".
func leadingNumber(s string) (num, rest string, ok bool) {
	i, levels := 0, 0
	for {
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j == i || j-i > 3 {
			if levels == 0 {
				return "", "", false
			}
			i-- // the dot was a trailing one
			break
		}
		levels++
		i = j
		if i+1 < len(s) && s[i] == '.' && isDigit(s[i+1]) {
			i++
			continue
		}
		break
	}
	num = s[:i]
	dot := i < len(s) && s[i] == '.'
	if dot {
		i++
	}
	if levels == 1 && !dot {
		return "", "", false
	}
	if i < len(s) {
		r, _ := utf8.DecodeRuneInString(s[i:])
		if r != ' ' && !(dot && unicode.IsLetter(r)) {
			return "", "", false
		}
	}
	return num, strings.TrimSpace(s[i:]), true
}

// sectionWord parses "Section 4", "Article 12.1" or "§ 7" followed by the
// end or a separator (. : ) or a dash), so that running text such as
// "Section 4 of the Agreement" is not taken for a heading.
func sectionWord(s string) (num, rest string, ok bool) {
	low := strings.ToLower(s)
	var i int
	switch {
	case strings.HasPrefix(low, "section "):
		i = len("section ")
	case strings.HasPrefix(low, "article "):
		i = len("article ")
	case strings.HasPrefix(low, "§"):
		i = skipBlanks(s, len("§"), len(s))
	default:
		return "", "", false
	}
	j := i
	for j < len(s) && (isDigit(s[j]) || s[j] == '.' && j+1 < len(s) && isDigit(s[j+1])) {
		j++
	}
	if j == i || !isDigit(s[i]) {
		return "", "", false
	}
	num, rest = s[i:j], s[j:]
	switch {
	case rest == "":
		return num, "", true
	case strings.IndexByte(".:)", rest[0]) >= 0:
		return num, rest[1:], true
	}
	for _, dash := range []string{" - ", " – ", " — "} {
		if strings.HasPrefix(rest, dash) {
			return num, rest[len(dash):], true
		}
	}
	return "", "", false
}

// lineTitle takes the title of a plain numbered line: the whole rest when
// short, else its first phrase when that is short ("4.2. Meta Affiliates.
// In connection with …"), else nothing.
func lineTitle(rest string) string {
	if len(rest) <= 80 {
		return cleanTitle(rest)
	}
	if k := strings.Index(rest, ". "); k > 0 && k <= 60 {
		return cleanTitle(rest[:k])
	}
	return ""
}

func cleanTitle(s string) string {
	s = strings.TrimLeft(s, " .:|-–—")
	return strings.TrimRight(s, " .:")
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
