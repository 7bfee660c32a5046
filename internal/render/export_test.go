package render

import (
	"bytes"
	"sort"
)

// SetFast turns the compiled executor on or off, so tests can compare its
// pages with html/template's.
func (r *Renderer) SetFast(on bool) {
	if on {
		r.compile()
	} else {
		r.fast = nil
	}
}

// FastKeys compiles every page kind and item partial and lists those the
// executor runs.
func (r *Renderer) FastKeys() []string {
	var out []string
	for k := range r.fast {
		if r.program(k) != nil {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// ExecuteCompiled renders a view through the compiled program of kind
// alone, without falling back to html/template: it fails where the
// executor would have left the page to html/template.
func (r *Renderer) ExecuteCompiled(kind string, view any) ([]byte, error) {
	p := r.program(kind)
	if p == nil {
		return nil, errBail
	}
	var buf bytes.Buffer
	if err := p.execute(&buf, r.fill(view)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
