package load

import (
	"encoding/binary"
	"errors"
	"time"

	"github.com/clauseatlas/atlas/internal/atlas"
	"github.com/clauseatlas/atlas/internal/problem"
)

// Clause files are nearly all of an atlas, so the cache stores their
// records in a plain binary form rather than gob, whose reflection costs
// as much as the TOML decoding the cache saves. A test round-trips a
// record with every field set, so a field added to atlas.Clause and
// forgotten here fails the build's tests instead of vanishing from cached
// loads.

type encoder struct{ b []byte }

func (e *encoder) uvarint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) varint(v int64)   { e.b = binary.AppendVarint(e.b, v) }
func (e *encoder) str(s string)     { e.uvarint(uint64(len(s))); e.b = append(e.b, s...) }

// strs keeps nil and empty apart: TOML gives nil for an absent array.
func (e *encoder) strs(ss []string) {
	if ss == nil {
		e.uvarint(0)
		return
	}
	e.uvarint(uint64(len(ss)) + 1)
	for _, s := range ss {
		e.str(s)
	}
}

func (e *encoder) time(t time.Time) {
	if t.IsZero() {
		e.uvarint(0)
		return
	}
	e.uvarint(1)
	e.varint(t.UnixNano())
}

func (e *encoder) bool(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}

type decoder struct {
	b   []byte
	err error
	// all, when set, is the whole input as one string, of which b is
	// always a suffix: strings are then cut from it instead of copied,
	// one allocation for the cache instead of one per field.
	all string
}

var errShort = errors.New("load: cache entry is cut short")

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err, d.b = errShort, nil
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.err, d.b = errShort, nil
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) str() string {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.err, d.b = errShort, nil
		return ""
	}
	var s string
	if d.all != "" {
		at := len(d.all) - len(d.b)
		s = d.all[at : at+int(n)]
	} else {
		s = string(d.b[:n])
	}
	d.b = d.b[n:]
	return s
}

// skip passes n bytes, which the caller made sure are there.
func (d *decoder) skip(n int) { d.b = d.b[n:] }

func (d *decoder) strs() []string {
	n := d.uvarint()
	if n == 0 {
		return nil
	}
	if n-1 > uint64(len(d.b)) {
		d.err, d.b = errShort, nil
		return nil
	}
	out := make([]string, n-1)
	for i := range out {
		out[i] = d.str()
	}
	return out
}

func (d *decoder) time() time.Time {
	if d.uvarint() == 0 {
		return time.Time{}
	}
	return time.Unix(0, d.varint()).UTC()
}

func (d *decoder) bool() bool {
	if len(d.b) == 0 {
		d.err = errShort
		return false
	}
	v := d.b[0] == 1
	d.b = d.b[1:]
	return v
}

// encodeClauseResult appends a clause file's result.
func encodeClauseResult(e *encoder, r *result) {
	e.str(r.Path)
	e.b = append(e.b, r.Sum[:]...)
	e.varint(r.Size)
	e.varint(r.ModTime)
	e.bool(r.Fatal)
	e.strs(r.Unloaded)
	e.uvarint(uint64(len(r.Problems)))
	for _, p := range r.Problems {
		e.str(p.File)
		e.varint(int64(p.Line))
		e.varint(int64(p.Col))
		e.str(p.Key)
		e.varint(int64(p.Offset))
		e.str(p.Msg)
	}
	e.bool(r.Clause != nil)
	if c := r.Clause; c != nil {
		e.str(c.Pos.File)
		e.varint(int64(c.Pos.Line))
		e.str(c.Pos.Path)
		for _, s := range []string{c.ID, c.Document, c.ClauseType, c.Title, c.Slug, c.Severity, c.Confidence, c.Evidence,
			c.Locator, c.Quote, c.Summary, c.WhyItMatters, c.ConsumerImpact, c.InterpretiveNote, c.Analysis, c.SHA256} {
			e.str(s)
		}
		e.strs(c.Categories)
		e.strs(c.Regulations)
		e.strs(c.Agencies)
		e.strs(c.Aliases)
		e.time(c.FirstTracked)
		e.time(c.LastVerified)
		e.time(c.AnalysisGenerated)
		e.time(c.Captured)
		e.bool(c.Lint.Done)
		e.uvarint(uint64(len(c.Lint.Issues)))
		for _, i := range c.Lint.Issues {
			e.varint(int64(i.Line))
			e.str(i.Msg)
			e.str(i.Permalink)
		}
	}
}

// decodeClauseResult reads what encodeClauseResult wrote.
func decodeClauseResult(d *decoder) result {
	r := result{Kind: kindClause}
	r.Path = d.str()
	if len(d.b) < 32 {
		d.err = errShort
		return r
	}
	copy(r.Sum[:], d.b[:32])
	d.b = d.b[32:]
	r.Size = d.varint()
	r.ModTime = d.varint()
	r.Fatal = d.bool()
	r.Unloaded = d.strs()
	if n := d.uvarint(); n > 0 && n <= uint64(len(d.b)) {
		r.Problems = make([]problem.Problem, n)
		for i := range r.Problems {
			p := &r.Problems[i]
			p.File = d.str()
			p.Line = int(d.varint())
			p.Col = int(d.varint())
			p.Key = d.str()
			p.Offset = int(d.varint())
			p.Msg = d.str()
		}
	}
	if d.bool() {
		c := &atlas.Clause{}
		c.Pos.File = d.str()
		c.Pos.Line = int(d.varint())
		c.Pos.Path = d.str()
		for _, s := range []*string{&c.ID, &c.Document, &c.ClauseType, &c.Title, &c.Slug, &c.Severity, &c.Confidence, &c.Evidence,
			&c.Locator, &c.Quote, &c.Summary, &c.WhyItMatters, &c.ConsumerImpact, &c.InterpretiveNote, &c.Analysis, &c.SHA256} {
			*s = d.str()
		}
		c.Categories = d.strs()
		c.Regulations = d.strs()
		c.Agencies = d.strs()
		c.Aliases = d.strs()
		c.FirstTracked = d.time()
		c.LastVerified = d.time()
		c.AnalysisGenerated = d.time()
		c.Captured = d.time()
		c.Lint.Done = d.bool()
		if n := d.uvarint(); n > 0 && n <= uint64(len(d.b)) {
			c.Lint.Issues = make([]atlas.MarkdownIssue, n)
			for i := range c.Lint.Issues {
				c.Lint.Issues[i] = atlas.MarkdownIssue{Line: int(d.varint()), Msg: d.str(), Permalink: d.str()}
			}
		}
		r.Clause = c
	}
	return r
}
