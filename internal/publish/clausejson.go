package publish

import (
	"strconv"

	"github.com/clauseatlas/atlas/internal/render"
)

// A clause is written 20,000 times at 20,000 clauses as a JSON twin, and
// again as a row of atlas.json on every change; encoding/json's
// reflection cost several times the writing (ClauseJSON was 1 s of CPU in
// a cold build's profile). appendClause writes the bytes encoding/json
// writes (FuzzAppendClause holds it to them).

// jsonObject appends the members of one JSON object as encoding/json
// lays them out: compact, or indented by two spaces as MarshalIndent
// does; with HTML escaping (as Marshal) or without (as an Encoder with
// SetEscapeHTML(false)).
type jsonObject struct {
	b            []byte
	indent, html bool
	n            int // members so far
}

func (o *jsonObject) key(k string) {
	if o.n > 0 {
		o.b = append(o.b, ',')
	}
	o.n++
	if o.indent {
		o.b = append(o.b, "\n  "...)
	}
	o.b = append(o.b, '"')
	o.b = append(o.b, k...)
	o.b = append(o.b, '"', ':')
	if o.indent {
		o.b = append(o.b, ' ')
	}
}

func (o *jsonObject) str(k, v string) {
	o.key(k)
	o.b = render.AppendJSONString(o.b, v, o.html)
}

// omit is str for a field tagged omitempty.
func (o *jsonObject) omit(k, v string) {
	if v != "" {
		o.str(k, v)
	}
}

func (o *jsonObject) list(k string, v []string) {
	o.key(k)
	switch {
	case v == nil:
		o.b = append(o.b, "null"...)
	case len(v) == 0:
		o.b = append(o.b, "[]"...)
	default:
		o.b = append(o.b, '[')
		for i, s := range v {
			if i > 0 {
				o.b = append(o.b, ',')
			}
			if o.indent {
				o.b = append(o.b, "\n    "...)
			}
			o.b = render.AppendJSONString(o.b, s, o.html)
		}
		if o.indent {
			o.b = append(o.b, "\n  "...)
		}
		o.b = append(o.b, ']')
	}
}

// appendClause appends c, as a JSON object of its own (atlas.json's rows:
// compact, no HTML escaping) or as the twin's (indented, HTML escaped,
// after its schema version and licence).
func appendClause(b []byte, c *Clause, twin bool, licence string) []byte {
	o := jsonObject{b: append(b, '{'), indent: twin, html: twin}
	if twin {
		o.key("schema_version")
		o.b = strconv.AppendInt(o.b, SchemaVersion, 10)
		o.str("licence", licence)
	}
	o.str("id", c.ID)
	o.str("url", c.URL)
	o.str("title", c.Title)
	o.str("slug", c.Slug)
	o.str("platform_id", c.PlatformID)
	o.str("platform", c.Platform)
	o.str("document_id", c.DocumentID)
	o.str("document", c.Document)
	o.str("clause_type", c.ClauseType)
	o.list("categories", c.Categories)
	o.str("severity", c.Severity)
	o.str("confidence", c.Confidence)
	o.str("evidence", c.Evidence)
	o.list("regulations", c.Regulations)
	o.list("agencies", c.Agencies)
	o.omit("locator", c.Locator)
	o.str("quote", c.Quote)
	o.str("summary", c.Summary)
	o.str("why_it_matters", c.WhyItMatters)
	o.str("consumer_impact", c.ConsumerImpact)
	o.omit("interpretive_note", c.InterpretiveNote)
	o.omit("analysis_markdown", c.Analysis)
	o.str("first_tracked", c.FirstTracked)
	o.str("last_verified", c.LastVerified)
	o.str("analysis_generated", c.AnalysisGenerated)
	o.omit("captured", c.Captured)
	o.omit("sha256", c.SHA256)
	o.key("snapshot_verified")
	o.b = strconv.AppendBool(o.b, c.SnapshotVerified)
	if len(c.Aliases) > 0 {
		o.list("aliases", c.Aliases)
	}
	if twin {
		o.b = append(o.b, '\n')
	}
	return append(o.b, '}')
}
