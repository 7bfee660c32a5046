package importer

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/clauseatlas/atlas/internal/atlas"
)

// captureLayout is how an Open Terms Archive dataset release names the file
// of one recorded version: its recording time in UTC, with hyphens for the
// colons so the name is valid on every file system.
const captureLayout = "2006-01-02T15-04-05Z"

// ParseCaptureName reads the recording time from the name of a version file
// of a dataset release ("2026-01-24T00-33-23Z.md"). Only the exact form is
// accepted: four-digit year, two-digit fields, a literal Z, the .md
// extension. The time is in UTC.
func ParseCaptureName(name string) (time.Time, error) {
	stem, ok := strings.CutSuffix(name, ".md")
	if !ok {
		return time.Time{}, fmt.Errorf("not a version file: expected a name like 2026-01-24T00-33-23Z.md (the recording time in UTC)")
	}
	t, err := time.Parse(captureLayout, stem)
	if err != nil || t.Format(captureLayout) != stem {
		return time.Time{}, fmt.Errorf("file name %q is not a recording time: expected YYYY-MM-DDTHH-MM-SSZ.md, like 2026-01-24T00-33-23Z.md", name)
	}
	return t.UTC(), nil
}

// CaptureName is the inverse of ParseCaptureName.
func CaptureName(t time.Time) string { return t.UTC().Format(captureLayout) + ".md" }

// fold maps letters with diacritics (and a few ligatures) to ASCII, for
// slugs. Combining marks are dropped separately, so decomposed input folds
// too.
var fold = func() map[rune]string {
	m := map[rune]string{}
	add := func(to string, from string) {
		for _, r := range from {
			m[r] = to
		}
	}
	add("a", "àáâãäåāăąǎǻ")
	add("c", "çćĉċč")
	add("d", "ďđð")
	add("e", "èéêëēĕėęěə")
	add("g", "ĝğġģ")
	add("h", "ĥħ")
	add("i", "ìíîïĩīĭįıǐ")
	add("j", "ĵ")
	add("k", "ķ")
	add("l", "ĺļľŀł")
	add("n", "ñńņňŉ")
	add("o", "òóôõöøōŏőǒǿ")
	add("r", "ŕŗř")
	add("s", "śŝşšș")
	add("t", "ţťŧț")
	add("u", "ùúûüũūŭůűųǔ")
	add("w", "ŵ")
	add("y", "ýÿŷ")
	add("z", "źżž")
	m['ß'] = "ss"
	m['æ'] = "ae"
	m['œ'] = "oe"
	m['þ'] = "th"
	m['ĳ'] = "ij"
	return m
}()

// Slugify turns a name into a slug: lower-case ASCII letters and digits,
// diacritics folded ("Café" → "cafe"), every other run of characters one
// hyphen, no hyphen at either end. It returns "" when nothing is left.
func Slugify(name string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(name) {
		if r >= 0x300 && r <= 0x36f { // combining diacritical marks
			continue
		}
		s := ""
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			s = string(r)
		case fold[r] != "":
			s = fold[r]
		}
		if s == "" {
			hyphen = b.Len() > 0
			continue
		}
		if hyphen {
			b.WriteByte('-')
			hyphen = false
		}
		b.WriteString(s)
	}
	return b.String()
}

// unique returns base, or base-2, base-3, … whichever is not taken.
func unique(base string, taken func(string) bool) string {
	if !taken(base) {
		return base
	}
	for i := 2; ; i++ {
		if s := fmt.Sprintf("%s-%d", base, i); !taken(s) {
			return s
		}
	}
}

// DocumentType maps an Open Terms Archive terms type name ("Terms of
// Service", "Single Sign-On Policy") to a key of atlas.DocumentTypes: by
// name (ignoring case), then by slug; "other" when it is not one of the
// vocabulary's types.
func DocumentType(termsType string) string {
	for k, name := range atlas.DocumentTypes {
		if strings.EqualFold(strings.TrimSpace(termsType), name) {
			return k
		}
	}
	if k := Slugify(termsType); k != "" {
		if _, ok := atlas.DocumentTypes[k]; ok {
			return k
		}
	}
	return "other"
}

// clean makes a name from the dataset safe to put in a one-line comment or
// message: control characters become spaces, invalid UTF-8 is replaced.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return s
	}
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			r = ' '
		}
		b = utf8.AppendRune(b, r)
	}
	return string(b)
}
