package gen

import (
	"strconv"
	"time"
)

// The writers below append one TOML line each to a reused buffer. They are
// hand-rolled rather than going through an encoder so field order is the
// schema's, the analysis is a readable multi-line string, and the hot path
// does not allocate.

const hexDigits = "0123456789abcdef"

// plain marks the bytes a basic string holds as they are.
var plain = func() (t [256]bool) {
	for c := range t {
		t[c] = c >= 0x20 && c != '"' && c != '\\' && c != 0x7f
	}
	return t
}()

// appendQuoted appends s as a TOML basic string.
func appendQuoted(dst []byte, s string) []byte {
	dst = append(dst, '"')
	dst = appendEscaped(dst, s, false)
	return append(dst, '"')
}

// appendEscaped escapes s for a basic string; in a multi-line string
// newlines stay as they are. Quotes are always escaped, so a multi-line
// string can never contain a closing """. Runs of plain bytes are copied
// at once, and s may be a string or the scratch buffer without a copy.
func appendEscaped[T ~string | ~[]byte](dst []byte, s T, multiline bool) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if plain[c] || c == '\n' && multiline {
			continue
		}
		dst = append(dst, s[last:i]...)
		last = i + 1
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
		}
	}
	return append(dst, s[last:]...)
}

func kvString(dst []byte, key, v string) []byte {
	dst = append(dst, key...)
	dst = append(dst, " = "...)
	dst = appendQuoted(dst, v)
	return append(dst, '\n')
}

// kvBytes is kvString for text built in a scratch buffer.
func kvBytes(dst []byte, key string, v []byte) []byte {
	dst = append(dst, key...)
	dst = append(dst, ` = "`...)
	dst = appendEscaped(dst, v, false)
	return append(dst, '"', '\n')
}

// kvMultiline writes v as a """ string starting on its own line, the way
// editors write analyses.
func kvMultiline(dst []byte, key string, v []byte) []byte {
	dst = append(dst, key...)
	dst = append(dst, " = \"\"\"\n"...)
	dst = appendEscaped(dst, v, true)
	return append(dst, "\"\"\"\n"...)
}

func kvStrings(dst []byte, key string, vs []string) []byte {
	dst = append(dst, key...)
	dst = append(dst, " = ["...)
	for i, v := range vs {
		if i > 0 {
			dst = append(dst, ", "...)
		}
		dst = appendQuoted(dst, v)
	}
	return append(dst, "]\n"...)
}

func kvInt(dst []byte, key string, v int) []byte {
	dst = append(dst, key...)
	dst = append(dst, " = "...)
	dst = strconv.AppendInt(dst, int64(v), 10)
	return append(dst, '\n')
}

// kvDate writes a local date, the schema's form for days.
func kvDate(dst []byte, key string, unix int64) []byte {
	dst = append(dst, key...)
	dst = append(dst, " = "...)
	dst = time.Unix(unix, 0).UTC().AppendFormat(dst, time.DateOnly)
	return append(dst, '\n')
}

// kvInstant writes a date-time with the Z offset the loader requires.
func kvInstant(dst []byte, key string, unix int64) []byte {
	dst = append(dst, key...)
	dst = append(dst, " = "...)
	dst = time.Unix(unix, 0).UTC().AppendFormat(dst, "2006-01-02T15:04:05Z")
	return append(dst, '\n')
}

// appendID appends prefix followed by n zero-padded to width digits.
func appendID(dst []byte, prefix string, n, width int) []byte {
	dst = append(dst, prefix...)
	var d [12]byte
	s := strconv.AppendInt(d[:0], int64(n), 10)
	for i := len(s); i < width; i++ {
		dst = append(dst, '0')
	}
	return append(dst, s...)
}
