package importer

import "bytes"

// lineDiff counts the lines added and removed between two texts as a
// multiset difference: a line counts as added as many times as it occurs
// more often in cur than in prev, and removed the other way round. Lines
// are split on "\n" (a final line without one counts; a "\r" stays part of
// its line). Unlike a diff that aligns the texts, it does not see a line
// that only moved, so on reordered texts it reports fewer changes than
// git diff would; on the edits typical of terms (lines inserted, deleted
// or reworded in place) the two agree. With prev empty, every line of cur
// is added, the convention for a first record.
func lineDiff(prev, cur []byte) (added, removed int64) {
	count := map[string]int64{}
	eachLine(prev, func(l []byte) { count[string(l)]-- })
	eachLine(cur, func(l []byte) { count[string(l)]++ })
	for _, n := range count {
		if n > 0 {
			added += n
		} else {
			removed -= n
		}
	}
	return added, removed
}

func eachLine(b []byte, f func([]byte)) {
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			f(b)
			return
		}
		f(b[:i])
		b = b[i+1:]
	}
}
