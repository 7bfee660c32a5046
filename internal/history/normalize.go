package history

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// normMode selects what the normaliser folds away. Markdown formatting and
// runs of whitespace are always folded.
type normMode uint8

const (
	foldCase        normMode = 1 << iota // lower-case every letter
	unifyTypography                      // curly quotes, dashes, ellipsis → ASCII
	keepLinkURLs                         // keep link destinations as words
	dropBareURLs                         // drop http(s) addresses in running text
)

const (
	// quoteMode is what Normalize does: a reader's view of the words.
	quoteMode = foldCase | unifyTypography
	// formatMode keeps everything a reader could see change, links
	// included, so equal keys mean a formatting-only difference.
	formatMode = unifyTypography | keepLinkURLs
	// linkMode drops every address, so equal keys mean only links changed.
	linkMode = unifyTypography | dropBareURLs
	// displayMode strips Markdown but keeps the text's own typography and
	// case, for passages shown to readers.
	displayMode normMode = 0
)

// Normalize returns s as a plain, comparable string: Markdown formatting
// removed (emphasis markers, backticks, heading, list and quote markers,
// rules, table borders, backslash escapes, link syntax [text](url) → text,
// images ![alt](src) → alt), HTML entities decoded, typography unified
// (‘’ → ', “” → ", dashes → -, … → ...), invisible characters dropped,
// whitespace (non-breaking spaces included) collapsed to single spaces,
// and letters lower-cased. Bare http(s) addresses are kept as they are.
func Normalize(s string) string {
	out, _ := normalize(s, quoteMode, false)
	return out
}

// plain strips Markdown and collapses whitespace but keeps case and
// typography: the form in which passages are shown.
func plain(s string) string {
	out, _ := normalize(s, displayMode, false)
	return out
}

// normalizer accumulates output bytes and, when mapping, the offset in the
// input of the character each output byte came from.
type normalizer struct {
	mode    normMode
	out     []byte
	src     []int32
	mapping bool
	space   bool // a space is owed before the next visible character
}

// normalize runs the normaliser; the offset map is nil unless mapping.
func normalize(s string, mode normMode, mapping bool) (string, []int32) {
	n := normalizer{mode: mode, mapping: mapping, out: make([]byte, 0, len(s))}
	if mapping {
		n.src = make([]int32, 0, len(s))
	}
	for start := 0; start <= len(s); {
		end := strings.IndexByte(s[start:], '\n')
		if end < 0 {
			end = len(s)
		} else {
			end += start
		}
		n.line(s, start, end)
		n.space = true
		start = end + 1
	}
	return string(n.out), n.src
}

func (n *normalizer) line(s string, i, end int) {
	if isRuleLine(s[i:end]) {
		return
	}
	i = skipBlanks(s, i, end)
	for i < end && s[i] == '>' {
		i = skipBlanks(s, i+1, end)
	}
	if j := i; j < end && s[j] == '#' {
		for j < end && s[j] == '#' {
			j++
		}
		if j-i <= 6 && (j == end || s[j] == ' ' || s[j] == '\t') {
			i = skipBlanks(s, j, end)
		}
	}
	if i+1 < end && (s[i] == '-' || s[i] == '+' || s[i] == '*') && (s[i+1] == ' ' || s[i+1] == '\t') {
		i = skipBlanks(s, i+1, end)
	}
	n.inline(s, i, end)
}

// literal marks the ASCII bytes that stand for themselves in every mode:
// not whitespace, not Markdown syntax, not the start of an address or an
// entity. Most of a text is made of them.
var literal = func() (t [utf8.RuneSelf]bool) {
	for c := '!'; c < utf8.RuneSelf-1; c++ {
		t[c] = !strings.ContainsRune("\\*_`[]!|h&", c)
	}
	return t
}()

func (n *normalizer) inline(s string, i, end int) {
	fold := n.mode&foldCase != 0
	for i < end {
		c := s[i]
		if c < utf8.RuneSelf && literal[c] {
			if fold && 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			n.put(c, i)
			i++
			continue
		}
		if c == ' ' {
			n.space = true
			i++
			continue
		}
		switch {
		case c == '\\' && i+1 < end && isASCIIPunct(s[i+1]):
			n.emit(rune(s[i+1]), i+1)
			i += 2
		case c == '*' || c == '_' || c == '`' || c == '[':
			i++
		case c == '|': // a table's cell border
			n.space = true
			i++
		case c == '!' && i+1 < end && s[i+1] == '[':
			i++
		case c == ']':
			if i+1 < end && s[i+1] == '(' {
				if j, u0, u1, ok := linkDest(s, i+1, end); ok {
					if n.mode&keepLinkURLs != 0 {
						n.space = true
						n.emitVerbatim(s, u0, u1)
						n.space = true
					}
					i = j
					continue
				}
			}
			i++
		case c == 'h' && isURLStart(s, i):
			j := urlEnd(s, i, end)
			if n.mode&dropBareURLs == 0 {
				n.emitVerbatim(s, i, j)
			}
			i = j
		case c == '&':
			if j, text, ok := entity(s, i, end); ok {
				for _, r := range text {
					n.emit(r, i)
				}
				i = j
				continue
			}
			n.emit('&', i)
			i++
		case c < utf8.RuneSelf:
			n.emit(rune(c), i)
			i++
		default:
			r, w := utf8.DecodeRuneInString(s[i:end])
			n.emit(r, i)
			i += w
		}
	}
}

// emit writes one character of running text, applying the mode.
func (n *normalizer) emit(r rune, at int) {
	if r < utf8.RuneSelf {
		if r == ' ' || r == '\t' || r == '\r' || r == '\n' || r == '\v' || r == '\f' {
			n.space = true
			return
		}
		if n.mode&foldCase != 0 && 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		n.put(byte(r), at)
		return
	}
	if invisible(r) {
		return
	}
	if unicode.IsSpace(r) {
		n.space = true
		return
	}
	if n.mode&unifyTypography != 0 {
		switch r {
		case '‘', '’', '‚', '‛', '′', '´', 'ʼ':
			r = '\''
		case '“', '”', '„', '‟', '″', '«', '»':
			r = '"'
		case '‐', '‑', '‒', '–', '—', '―', '−', '﹘', '﹣', '－':
			r = '-'
		case '…':
			n.put('.', at)
			n.put('.', at)
			n.put('.', at)
			return
		}
	}
	if n.mode&foldCase != 0 {
		r = unicode.ToLower(r)
	}
	if r < utf8.RuneSelf {
		n.put(byte(r), at)
		return
	}
	var buf [utf8.UTFMax]byte
	w := utf8.EncodeRune(buf[:], r)
	for k := range w {
		n.put(buf[k], at)
	}
}

// emitVerbatim writes an address as it is (folded if the mode folds case).
func (n *normalizer) emitVerbatim(s string, i, j int) {
	for k := i; k < j; k++ {
		c := s[k]
		if n.mode&foldCase != 0 && 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		n.put(c, k)
	}
}

func (n *normalizer) put(b byte, at int) {
	if n.space && len(n.out) > 0 {
		n.out = append(n.out, ' ')
		if n.mapping {
			n.src = append(n.src, int32(at))
		}
	}
	n.space = false
	n.out = append(n.out, b)
	if n.mapping {
		n.src = append(n.src, int32(at))
	}
}

// invisible reports characters that carry no text: zero-width spaces and
// joiners, the byte-order mark, soft hyphens and bidirectional controls.
func invisible(r rune) bool {
	switch {
	case r == '\u00ad', r == '\u2060', r == '\ufeff':
		return true
	case '\u200b' <= r && r <= '\u200f':
		return true
	case '\u202a' <= r && r <= '\u202e', '\u2066' <= r && r <= '\u2069':
		return true
	}
	return false
}

func isASCIIPunct(c byte) bool {
	return c > ' ' && c < 0x7f && !('0' <= c && c <= '9') && !('a' <= c && c <= 'z') && !('A' <= c && c <= 'Z')
}

func skipBlanks(s string, i, end int) int {
	for i < end && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r') {
		i++
	}
	return i
}

// isRuleLine reports a Markdown rule, setext underline or table separator:
// a line of only - = * _ | : and blanks with at least two rule characters.
func isRuleLine(l string) bool {
	rule := 0
	for i := 0; i < len(l); i++ {
		switch l[i] {
		case '-', '=', '*', '_':
			rule++
		case '|', ':', ' ', '\t', '\r':
		default:
			return false
		}
	}
	return rule >= 2
}

// linkDest parses a Markdown link destination starting at the '(' at p:
// (url), (<url>) or (url "title"). It returns the index after the closing
// parenthesis and the address's byte range.
func linkDest(s string, p, end int) (next, u0, u1 int, ok bool) {
	j := skipBlanks(s, p+1, end)
	if j < end && s[j] == '<' {
		k := strings.IndexByte(s[j+1:end], '>')
		if k < 0 {
			return 0, 0, 0, false
		}
		u0, u1 = j+1, j+1+k
		j = u1 + 1
	} else {
		depth := 0
		u0 = j
	scan:
		for j < end {
			switch s[j] {
			case '\\':
				if j+1 < end {
					j++
				}
			case '(':
				depth++
			case ')':
				if depth == 0 {
					break scan
				}
				depth--
			case ' ', '\t':
				break scan
			}
			j++
		}
		u1 = j
	}
	j = skipBlanks(s, j, end)
	if j < end && (s[j] == '"' || s[j] == '\'') {
		k := strings.IndexByte(s[j+1:end], s[j])
		if k < 0 {
			return 0, 0, 0, false
		}
		j = skipBlanks(s, j+1+k+1, end)
	}
	if j < end && s[j] == ')' {
		return j + 1, u0, u1, true
	}
	return 0, 0, 0, false
}

// isURLStart reports an http(s) address beginning at i, not in mid-word.
func isURLStart(s string, i int) bool {
	if !strings.HasPrefix(s[i:], "http://") && !strings.HasPrefix(s[i:], "https://") {
		return false
	}
	return i == 0 || !isWordByte(s[i-1])
}

// urlEnd returns the end of a bare address: it stops at blanks, quotes,
// angle brackets, emphasis markers, non-ASCII bytes and an unbalanced
// closing bracket, and leaves trailing sentence punctuation outside.
func urlEnd(s string, i, end int) int {
	j, depth := i, 0
scan:
	for j < end {
		c := s[j]
		switch {
		case c <= ' ' || c >= utf8.RuneSelf || c == '<' || c == '>' || c == '"' || c == '*' || c == '`':
			break scan
		case c == '(':
			depth++
		case c == ')':
			if depth == 0 {
				break scan
			}
			depth--
		case c == ']':
			break scan
		}
		j++
	}
	for j > i && strings.IndexByte(".,;:!?'", s[j-1]) >= 0 {
		j--
	}
	return j
}

// entity decodes an HTML character reference such as &amp; or &#8217;.
func entity(s string, i, end int) (next int, text string, ok bool) {
	lim := min(end, i+12)
	k := strings.IndexByte(s[i+1:lim], ';')
	if k <= 0 {
		return 0, "", false
	}
	ref := s[i : i+1+k+1]
	for _, c := range ref[1 : len(ref)-1] {
		if !(c == '#' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return 0, "", false
		}
	}
	out := html.UnescapeString(ref)
	if out == ref {
		return 0, "", false
	}
	return i + len(ref), out, true
}

func isWordByte(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c >= utf8.RuneSelf
}

// Contains reports whether quote appears in text once both are normalised
// (see [Normalize]). A match must start and end at word boundaries. An
// ellipsis in the quote ("...", "…", "[...]") stands for omitted words: the
// pieces around it must then appear in order. A quote with no words is never
// contained.
func Contains(text, quote string) bool {
	return containsNorm(Normalize(text), Normalize(quote))
}

// containsNorm is Contains on normalised strings.
func containsNorm(text, quote string) bool {
	pieces := quotePieces(quote)
	if len(pieces) == 0 {
		return false
	}
	at := 0
	for _, p := range pieces {
		i := indexWord(text[at:], p)
		if i < 0 {
			return false
		}
		at += i + len(p)
	}
	return true
}

// quotePieces splits a normalised quote at its ellipses.
func quotePieces(q string) []string {
	var out []string
	for _, p := range strings.Split(q, "...") {
		if p = strings.TrimSpace(p); hasWord(p) {
			out = append(out, p)
		}
	}
	return out
}

func hasWord(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// indexWord is strings.Index restricted to matches that do not start or
// end inside a word.
func indexWord(s, sub string) int {
	for off := 0; off <= len(s)-len(sub); {
		i := strings.Index(s[off:], sub)
		if i < 0 {
			return -1
		}
		i += off
		if boundaryBefore(s, i, sub) && boundaryAfter(s, i+len(sub), sub) {
			return i
		}
		_, w := utf8.DecodeRuneInString(s[i:])
		off = i + w
	}
	return -1
}

func boundaryBefore(s string, i int, sub string) bool {
	if i == 0 {
		return true
	}
	first, _ := utf8.DecodeRuneInString(sub)
	prev, _ := utf8.DecodeLastRuneInString(s[:i])
	return !isWordRune(first) || !isWordRune(prev)
}

func boundaryAfter(s string, j int, sub string) bool {
	if j == len(s) {
		return true
	}
	last, _ := utf8.DecodeLastRuneInString(sub)
	next, _ := utf8.DecodeRuneInString(s[j:])
	return !isWordRune(last) || !isWordRune(next)
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}
