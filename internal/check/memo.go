package check

import (
	"hash/maphash"
	"sort"

	"github.com/clauseatlas/atlas/internal/atlas"
	"github.com/clauseatlas/atlas/internal/problem"
)

// Memo carries each clause's own problems from one check of an atlas to
// the next, for a long-running process (the preview) that checks the
// atlas after every edit. At 20,000 clauses the clause rules were most of
// the check, and an edit changes one or two files.
//
// A clause's own problems depend on its file and on its context: the IDs
// its Markdown may link to, the documents, clause types, categories,
// regulations and agencies it may name, and the records that failed to
// load. They are replayed only for a file with the same SHA-256 as before
// and only while the whole context is the same; any change to the context
// checks every clause again. Uniqueness of IDs and slugs is checked across
// records every time.
//
// The zero value is ready to use. A Memo must not be used by two checks at
// once.
type Memo struct {
	ctx     uint64
	clauses map[string]memoClause // by clause file
	next    map[string]memoClause // this check's, replacing clauses at its end
	// replayed counts the clauses of the last check taken from the memo.
	replayed int
}

type memoClause struct {
	sum    [32]byte
	slugOK bool
	probs  []problem.Problem
}

// seed is the process's: memo hashes never leave it.
var seed = maphash.MakeSeed()

// begin starts a check with m: it fingerprints the context and forgets
// every clause if the context changed.
func (m *Memo) begin(k *checker, cx *clauseContext) {
	if m == nil {
		return
	}
	var h maphash.Hash
	h.SetSeed(seed)
	str := func(s string) {
		h.WriteString(s)
		h.WriteByte(0)
	}
	h.Write(k.idHash.Sum(nil))
	for _, id := range cx.documentIDs {
		str(id)
		if d := cx.documents[id]; d != nil {
			str(d.ID)
			str(d.Pos.File)
		}
	}
	h.WriteByte(1)
	for _, set := range []struct {
		keys []string
		pos  map[string]atlas.Pos
	}{{cx.typeKeys, cx.types}, {cx.catKeys, cx.cats}, {cx.regKeys, cx.regs}, {cx.agKeys, cx.ags}} {
		for _, key := range set.keys {
			str(key)
			if set.pos[key] == (atlas.Pos{}) {
				h.WriteByte(2) // a key without a position reads as missing
			}
		}
		h.WriteByte(1)
	}
	unloaded := make([]string, 0, len(k.c.Unloaded))
	for u := range k.c.Unloaded {
		unloaded = append(unloaded, u)
	}
	sort.Strings(unloaded)
	for _, u := range unloaded {
		str(u)
	}
	if ctx := h.Sum64(); ctx != m.ctx || m.clauses == nil {
		m.ctx, m.clauses = ctx, map[string]memoClause{}
	}
	m.next = make(map[string]memoClause, len(k.c.Clauses))
	m.replayed = 0
}

// replay adds the remembered problems of cl if its file is unchanged, and
// says whether it did and whether the clause's slug is well formed.
func (m *Memo) replay(k *checker, cl *atlas.Clause) (slugOK, ok bool) {
	if m == nil {
		return false, false
	}
	e, found := m.clauses[cl.Pos.File]
	if !found || e.sum != k.c.Sums[cl.Pos.File] { // record keeps no zero sum
		return false, false
	}
	k.p.Append(e.probs...)
	m.next[cl.Pos.File] = e
	m.replayed++
	return e.slugOK, true
}

// record remembers the problems cl's own rules found.
func (m *Memo) record(k *checker, cl *atlas.Clause, slugOK bool, probs []problem.Problem) {
	if m == nil {
		return
	}
	if sum := k.c.Sums[cl.Pos.File]; sum != ([32]byte{}) {
		m.next[cl.Pos.File] = memoClause{sum: sum, slugOK: slugOK, probs: probs}
	}
}

// end keeps this check's clauses, and only them, for the next.
func (m *Memo) end() {
	if m == nil {
		return
	}
	m.clauses, m.next = m.next, nil
}
