package search

// Compact encodings for postings and document sets. Both are strings of
// the URL-safe base64 alphabet, so they sit in JSON without escapes and
// decode in a few lines of JavaScript (static/search.js).

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// appendVarint writes v as base64 digits, most significant first: each
// digit holds five bits, and 32 is set on every digit but the last.
func appendVarint(b []byte, v uint32) []byte {
	var tmp [7]byte
	i := len(tmp) - 1
	tmp[i] = alphabet[v&31]
	for v >>= 5; v > 0; v >>= 5 {
		i--
		tmp[i] = alphabet[32|v&31]
	}
	return append(b, tmp[i:]...)
}

// decodeVarint reads one varint at s[i:] and returns it and the index
// after it. It is the inverse of appendVarint (used by tests).
func decodeVarint(s string, i int) (uint32, int) {
	var v uint32
	for {
		c := digit(s[i])
		i++
		v = v<<5 | uint32(c&31)
		if c&32 == 0 {
			return v, i
		}
	}
}

func digit(c byte) int {
	switch {
	case 'A' <= c && c <= 'Z':
		return int(c - 'A')
	case 'a' <= c && c <= 'z':
		return int(c-'a') + 26
	case '0' <= c && c <= '9':
		return int(c-'0') + 52
	case c == '-':
		return 62
	}
	return 63
}

// posting is one document of a term with the term's weight in it.
type posting struct {
	doc    uint32
	impact uint8 // 1..63
}

// encodePostings writes postings sorted by document: for each, the gap
// from the previous document minus one (the first counts from -1) as a
// varint, then the impact as one digit.
func encodePostings(ps []posting) string {
	b := make([]byte, 0, len(ps)*3)
	prev := int64(-1)
	for _, p := range ps {
		b = appendVarint(b, uint32(int64(p.doc)-prev-1))
		b = append(b, alphabet[p.impact])
		prev = int64(p.doc)
	}
	return string(b)
}

// encodeSet writes a sorted set of document numbers below n, whichever
// is shorter of: "b" and a bitmap, six documents a digit, lowest bit
// first, trailing empty digits left off; or "r" and run lengths, as
// varints, alternately absent and present, starting with absent, the
// final absent run left off.
func encodeSet(ids []uint32, n int) string {
	bits := make([]byte, (n+5)/6)
	for _, id := range ids {
		bits[id/6] |= 1 << (id % 6)
	}
	end := len(bits)
	for end > 0 && bits[end-1] == 0 {
		end--
	}
	bm := make([]byte, 1, end+1)
	bm[0] = 'b'
	for _, v := range bits[:end] {
		bm = append(bm, alphabet[v])
	}

	rl := []byte{'r'}
	next := uint32(0) // first document not yet covered
	for i := 0; i < len(ids); {
		j := i + 1
		for j < len(ids) && ids[j] == ids[j-1]+1 {
			j++
		}
		rl = appendVarint(rl, ids[i]-next)
		rl = appendVarint(rl, uint32(j-i))
		next = ids[j-1] + 1
		if len(rl) >= len(bm) {
			return string(bm)
		}
		i = j
	}
	return string(rl)
}

// decodeSet is the inverse of encodeSet (used by tests).
func decodeSet(s string) []uint32 {
	var ids []uint32
	if s == "" {
		return nil
	}
	switch s[0] {
	case 'b':
		for i := 1; i < len(s); i++ {
			v := digit(s[i])
			for bit := 0; bit < 6; bit++ {
				if v&(1<<bit) != 0 {
					ids = append(ids, uint32((i-1)*6+bit))
				}
			}
		}
	case 'r':
		next := uint32(0)
		for i := 1; i < len(s); {
			var gap, run uint32
			gap, i = decodeVarint(s, i)
			run, i = decodeVarint(s, i)
			for k := uint32(0); k < run; k++ {
				ids = append(ids, next+gap+k)
			}
			next += gap + run
		}
	}
	return ids
}
