package importer

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/clauseatlas/atlas/internal/load"
)

// version is one [[version]] of a versions.toml as the importer reads and
// writes it. It has the keys of atlas.Version (a test keeps the two in
// step); numbers are pointers so a number left out stays left out.
type version struct {
	Captured     time.Time `toml:"captured"`
	SHA256       string    `toml:"sha256"`
	Bytes        *int64    `toml:"bytes"`
	LinesAdded   *int64    `toml:"lines_added"`
	LinesRemoved *int64    `toml:"lines_removed"`
	Event        string    `toml:"event"`
	Text         string    `toml:"text"`
	Source       string    `toml:"source"`
	Summary      string    `toml:"summary"`
	Severity     string    `toml:"severity"`

	notes notes // comments kept from the file
	fresh bool  // added by this import
}

// notes are the comments an editor wrote in or before one [[version]].
type notes struct {
	lead   []string            // comment lines just before [[version]]
	after  map[string][]string // comment lines after a key ("" = after [[version]])
	inline map[string]string   // comment at the end of a key's line ("" = the header's)
}

// versionsFile is a whole versions.toml: the comment at its head, the
// versions in file order and any comment after the last one.
type versionsFile struct {
	header   []string
	versions []version
	trailer  []string
	// dropped says the layout was not recognised: comments beyond the
	// header could not be placed and a rewrite would lose them. raw is
	// then the file as read.
	dropped bool
	raw     string
}

// fields lists the keys of a version in the order they are written, with
// their values; absent keys are left out. This order is the one the
// atlas's hand-made histories use.
func (v *version) fields() []kv {
	var out []kv
	add := func(k, val string) { out = append(out, kv{key: k, value: val}) }
	num := func(k string, n *int64) {
		if n != nil {
			add(k, strconv.FormatInt(*n, 10))
		}
	}
	str := func(k, s string) {
		if s != "" {
			add(k, quote(s))
		}
	}
	if !v.Captured.IsZero() {
		add("captured", instant(v.Captured))
	}
	str("sha256", v.SHA256)
	num("bytes", v.Bytes)
	num("lines_added", v.LinesAdded)
	num("lines_removed", v.LinesRemoved)
	str("event", v.Event)
	str("text", v.Text)
	str("source", v.Source)
	str("summary", v.Summary)
	str("severity", v.Severity)
	return out
}

// bytes writes the file in the canonical format: the header comment, then
// one [[version]] table per version separated by blank lines, one key per
// line; editors' comments go back where they were.
func (f *versionsFile) bytes() []byte {
	var b strings.Builder
	for _, h := range f.header {
		b.WriteString(h)
		b.WriteByte('\n')
	}
	for i := range f.versions {
		v := &f.versions[i]
		if i > 0 || len(f.header) > 0 {
			b.WriteByte('\n')
		}
		writeLines(&b, v.notes.lead)
		b.WriteString("[[version]]")
		if c := v.notes.inline[""]; c != "" {
			b.WriteString(" " + c)
		}
		b.WriteByte('\n')
		writeLines(&b, v.notes.after[""])
		done := map[string]bool{"": true}
		for _, x := range v.fields() {
			x.comment = v.notes.inline[x.key]
			writeKVs(&b, []kv{x})
			writeLines(&b, v.notes.after[x.key])
			done[x.key] = true
		}
		// Comments after a key that is no longer written (an empty string)
		// close the table.
		var rest []string
		for k := range v.notes.after {
			if !done[k] {
				rest = append(rest, k)
			}
		}
		sort.Strings(rest)
		for _, k := range rest {
			writeLines(&b, v.notes.after[k])
		}
	}
	if len(f.trailer) > 0 {
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		writeLines(&b, f.trailer)
	}
	return []byte(b.String())
}

func writeLines(b *strings.Builder, lines []string) {
	for _, l := range lines {
		b.WriteString(l)
		b.WriteByte('\n')
	}
}

// parseVersions decodes a versions.toml strictly (as the loader does) and
// keeps its comments: the leading comment block as the header, comment
// lines before a [[version]] with that version, comment lines between keys
// after the key above them, comments at the end of a line with their key.
func parseVersions(file string, src []byte) (*versionsFile, error) {
	var rec struct {
		Version []version `toml:"version"`
	}
	if probs := load.Decode(file, src, &rec); len(probs) > 0 {
		return nil, fmt.Errorf("%s", probs[0])
	}
	f := &versionsFile{versions: rec.Version}
	for i := range f.versions {
		f.versions[i].Captured = f.versions[i].Captured.UTC()
	}
	header, blocks, trailer, ok := scanLayout(string(src))
	f.header = header
	if !ok || len(blocks) != len(f.versions) {
		f.dropped, f.raw = true, string(src)
		return f, nil
	}
	for i := range blocks {
		f.versions[i].notes = blocks[i]
	}
	f.trailer = trailer
	return f, nil
}

// scanLayout finds the comments of a versions.toml line by line. ok is
// false when the file is laid out in a way it does not follow (a key
// before the first [[version]], another table), in which case only the
// header is kept.
func scanLayout(src string) (header []string, blocks []notes, trailer []string, ok bool) {
	lines := strings.Split(src, "\n")
	i := 0
	for ; i < len(lines); i++ {
		raw := strings.TrimRight(lines[i], " \t\r")
		s := strings.TrimSpace(raw)
		if s != "" && s[0] != '#' {
			break
		}
		header = append(header, raw)
	}
	for len(header) > 0 && header[0] == "" {
		header = header[1:]
	}
	for len(header) > 0 && header[len(header)-1] == "" {
		header = header[:len(header)-1]
	}
	// Comment lines come in runs between blank lines. A run that touches
	// the next [[version]] is that version's; a run right under a key, with
	// a blank line after it, stays with that key, as does a run between
	// keys.
	type run struct {
		lines                   []string
		blankBefore, blankAfter bool
	}
	var pending []run
	blank := false // a blank line since the last non-blank line
	block := -1
	lastKey := ""
	flush := func(header bool) (lead []string) {
		for _, r := range pending {
			if block >= 0 && (!header || !r.blankBefore && r.blankAfter) {
				blocks[block].after[lastKey] = append(blocks[block].after[lastKey], r.lines...)
			} else {
				lead = append(lead, r.lines...)
			}
		}
		pending = nil
		return lead
	}
	closing := "" // delimiter of the multi-line string we are in
	mlKey := ""
	for ; i < len(lines); i++ {
		s := strings.TrimSpace(lines[i])
		if closing != "" {
			end := closeIndex(s, closing)
			if end < 0 {
				continue
			}
			closing = ""
			if c := strings.TrimSpace(s[end+3:]); strings.HasPrefix(c, "#") {
				blocks[block].inline[mlKey] = c
			}
			continue
		}
		switch {
		case s == "":
			blank = true
			if len(pending) > 0 {
				pending[len(pending)-1].blankAfter = true
			}
			continue
		case s[0] == '#':
			if len(pending) == 0 || blank {
				pending = append(pending, run{blankBefore: blank})
			}
			pending[len(pending)-1].lines = append(pending[len(pending)-1].lines, s)
			blank = false
			continue
		case strings.HasPrefix(s, "[["):
			name, comment, good := tableHeader(s)
			if !good || name != "version" {
				return header, nil, nil, false
			}
			lead := flush(true)
			blocks = append(blocks, notes{lead: lead, after: map[string][]string{}, inline: map[string]string{}})
			block++
			lastKey, blank = "", false
			if comment != "" {
				blocks[block].inline[""] = comment
			}
			continue
		}
		eq := strings.IndexByte(s, '=')
		if block < 0 || eq < 1 {
			return header, nil, nil, false
		}
		key := strings.Trim(strings.TrimSpace(s[:eq]), `"'`)
		if !isBareKey(key) {
			return header, nil, nil, false
		}
		flush(false)
		lastKey, blank = key, false
		val := strings.TrimSpace(s[eq+1:])
		for _, d := range []string{`"""`, `'''`} {
			if strings.HasPrefix(val, d) {
				end := closeIndex(val[3:], d)
				if end < 0 {
					closing, mlKey = d, key
					val = ""
				} else {
					val = val[3+end+3:]
					if c := strings.TrimSpace(val); strings.HasPrefix(c, "#") {
						blocks[block].inline[key] = c
					}
					val = ""
				}
				break
			}
		}
		if val != "" {
			if c := lineComment(val); c != "" {
				blocks[block].inline[key] = c
			}
		}
	}
	// At the end: a run right under the last key stays with it; the rest
	// closes the file.
	for _, r := range pending {
		if !r.blankBefore && block >= 0 {
			blocks[block].after[lastKey] = append(blocks[block].after[lastKey], r.lines...)
		} else {
			trailer = append(trailer, r.lines...)
		}
	}
	return header, blocks, trailer, true
}

func isBareKey(k string) bool {
	if k == "" {
		return false
	}
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

// tableHeader reads "[[name]] # comment".
func tableHeader(s string) (name, comment string, ok bool) {
	end := strings.Index(s, "]]")
	if end < 2 {
		return "", "", false
	}
	name = strings.Trim(strings.TrimSpace(s[2:end]), `"'`)
	rest := strings.TrimSpace(s[end+2:])
	if rest != "" && rest[0] != '#' {
		return "", "", false
	}
	return name, rest, true
}

// closeIndex finds the closing delimiter of a multi-line string in s: the
// first """ not escaped by a backslash, or the first triple single quote.
func closeIndex(s, delim string) int {
	if delim == `'''` {
		return strings.Index(s, delim)
	}
	for i := 0; i+3 <= len(s); i++ {
		switch {
		case s[i] == '\\':
			i++
		case s[i:i+3] == delim:
			// """" and """"" end the string with one or two quotes.
			j := i
			for k := 0; k < 2 && j+3 < len(s) && s[j+3] == '"'; k++ {
				j++
			}
			return j
		}
	}
	return -1
}

// lineComment returns the comment after a one-line value ("…" # note).
func lineComment(v string) string {
	i := 0
	switch {
	case strings.HasPrefix(v, `"`):
		for i = 1; i < len(v); i++ {
			if v[i] == '\\' {
				i++
			} else if v[i] == '"' {
				i++
				break
			}
		}
	case strings.HasPrefix(v, `'`):
		if j := strings.IndexByte(v[1:], '\''); j >= 0 {
			i = j + 2
		} else {
			i = len(v)
		}
	}
	if i > len(v) {
		return ""
	}
	if j := strings.IndexByte(v[i:], '#'); j >= 0 {
		return strings.TrimSpace(v[i+j:])
	}
	return ""
}
