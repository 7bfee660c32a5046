package render

// This file executes the templates' escaped parse trees without
// text/template's interpreter. After html/template has escaped a page
// kind, every action ends in escaper functions that text/template calls
// through reflection, with a variadic slice made for each call, and every
// field is found by name on each use. Together that was over half of the
// CPU of rendering a clause page. The executor here walks the same trees,
// finds each field by name once per type and calls the escapers directly.
//
// It covers what the project's templates use. A page kind whose trees use
// anything else (another builtin or function, a template html/template
// derived for another context, an unquoted attribute) is left to
// html/template, and so is any single execution that meets a value the
// executor does not handle (a nil pointer, a map, a method, a Stringer):
// it stops and the page is executed again by html/template, whose output
// or error is the one kept. So the executor never decides an outcome on
// its own. Tests check that both give the same bytes on every page.

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"strconv"
	"strings"
	"sync/atomic"
	"text/template/parse"
)

// errBail stops an execution the executor cannot finish the way
// html/template would; the caller runs html/template instead.
var errBail = errors.New("render: left to html/template")

// Loop control, as text/template's break and continue.
var (
	errBreak    = errors.New("break")
	errContinue = errors.New("continue")
)

// maxDepth bounds nested template calls. html/template allows more and
// reports an error beyond its own limit, so deeper calls bail to it.
const maxDepth = 1000

// program is one page kind's compiled root template.
type program struct{ root *code }

// code is one compiled template. Its body is filled after the code is
// registered, so templates that call each other compile.
type code struct{ body []node }

type node interface{}

type (
	textNode   struct{ text []byte }
	actionNode struct{ pipe *pipe }
	ifNode     struct {
		with      bool
		pipe      *pipe
		list, alt []node
	}
	rangeNode struct {
		pipe      *pipe
		list, alt []node
	}
	callNode struct {
		target *code
		pipe   *pipe // nil: the called template's dot is nil
	}
	breakNode    struct{}
	continueNode struct{}
)

// pipe is a pipeline: its commands, then the escapers html/template
// appended to it, kept apart so their strings need no reflect.Value.
type pipe struct {
	decl   []string
	assign bool
	cmds   []*command
	esc    []escaper
}

// command is either a function call (fn set) or a single operand.
type command struct {
	fn   function
	args []operand
	op   operand
}

type operand interface{}

type (
	dotOp   struct{}
	constOp struct{ v reflect.Value }
	varOp   struct{ name string }
	pipeOp  struct{ p *pipe }
	// fieldOp reads a chain of fields from base (nil: dot).
	fieldOp struct {
		base  operand
		steps []*fieldStep
	}
)

// fieldStep is one field name, with the index found for the last type it
// was read from: views are the same type page after page.
type fieldStep struct {
	name  string
	cache atomic.Pointer[fieldEntry]
}

type fieldEntry struct {
	typ   reflect.Type
	index []int // nil: not a plain exported field; bail
}

// function is what a command calls.
type function struct {
	builtin string        // and, or, not, len, eq, ne, lt, le, gt, ge
	user    reflect.Value // a FuncMap function
}

// compileKind compiles the escaped trees of t's template root, or says
// what in them is not covered.
func compileKind(t *template.Template, root string, funcs template.FuncMap) (p *program, err error) {
	c := &compiler{set: t, funcs: funcs, codes: map[string]*code{}}
	defer func() {
		// A tree shape this compiler misreads must not stop a build; the
		// kind stays with html/template.
		if r := recover(); r != nil {
			p, err = nil, fmt.Errorf("unexpected template tree: %v", r)
		}
	}()
	rc := c.template(root)
	if c.err != nil {
		return nil, c.err
	}
	return &program{root: rc}, nil
}

type compiler struct {
	set   *template.Template
	funcs template.FuncMap
	codes map[string]*code
	err   error
}

func (c *compiler) fail(format string, args ...any) {
	if c.err == nil {
		c.err = fmt.Errorf(format, args...)
	}
}

func (c *compiler) template(name string) *code {
	if k := c.codes[name]; k != nil {
		return k
	}
	k := &code{}
	c.codes[name] = k
	t := c.set.Lookup(name)
	if t == nil || t.Tree == nil || t.Tree.Root == nil {
		// Derived templates (html/template's copies of a template for
		// another context) are not reachable through Lookup.
		c.fail("template %q not found", name)
		return k
	}
	k.body = c.list(t.Tree.Root)
	return k
}

func (c *compiler) list(l *parse.ListNode) []node {
	if l == nil {
		return nil
	}
	var out []node
	for _, n := range l.Nodes {
		if x := c.node(n); x != nil {
			out = append(out, x)
		}
	}
	return out
}

func (c *compiler) node(n parse.Node) node {
	switch n := n.(type) {
	case *parse.TextNode:
		return &textNode{text: n.Text}
	case *parse.CommentNode:
		return nil
	case *parse.ActionNode:
		p := c.pipe(n.Pipe, true)
		if len(p.decl) == 0 && len(p.esc) == 0 {
			// Printed without an escaper: not something html/template
			// produces for the contexts covered here.
			c.fail("unescaped action %s", n)
		}
		return &actionNode{pipe: p}
	case *parse.IfNode:
		return &ifNode{pipe: c.pipe(n.Pipe, false), list: c.list(n.List), alt: c.list(n.ElseList)}
	case *parse.WithNode:
		return &ifNode{with: true, pipe: c.pipe(n.Pipe, false), list: c.list(n.List), alt: c.list(n.ElseList)}
	case *parse.RangeNode:
		if n.Pipe.IsAssign || len(n.Pipe.Decl) > 2 {
			c.fail("range assigning variables")
		}
		return &rangeNode{pipe: c.pipe(n.Pipe, false), list: c.list(n.List), alt: c.list(n.ElseList)}
	case *parse.TemplateNode:
		call := &callNode{target: c.template(n.Name)}
		if n.Pipe != nil {
			call.pipe = c.pipe(n.Pipe, false)
		}
		return call
	case *parse.BreakNode:
		return breakNode{}
	case *parse.ContinueNode:
		return continueNode{}
	}
	c.fail("node %T", n)
	return nil
}

// pipe compiles a pipeline; escapers are taken off its end when printed.
func (c *compiler) pipe(p *parse.PipeNode, printed bool) *pipe {
	out := &pipe{assign: p.IsAssign}
	for _, v := range p.Decl {
		out.decl = append(out.decl, v.Ident[0])
	}
	cmds := p.Cmds
	if printed && len(p.Decl) == 0 {
		for len(cmds) > 1 {
			last := cmds[len(cmds)-1]
			id, ok := last.Args[0].(*parse.IdentifierNode)
			if !ok || len(last.Args) != 1 {
				break
			}
			e := escapers[id.Ident]
			if e == nil {
				break
			}
			out.esc = append([]escaper{e}, out.esc...)
			cmds = cmds[:len(cmds)-1]
		}
	}
	for i, cmd := range cmds {
		out.cmds = append(out.cmds, c.command(cmd, i > 0))
	}
	if len(out.cmds) == 0 {
		c.fail("empty pipeline")
	}
	return out
}

func (c *compiler) command(cmd *parse.CommandNode, final bool) *command {
	if id, ok := cmd.Args[0].(*parse.IdentifierNode); ok {
		fn, ok := c.function(id.Ident)
		if !ok {
			c.fail("function %q", id.Ident)
			return &command{}
		}
		out := &command{fn: fn}
		for _, a := range cmd.Args[1:] {
			out.args = append(out.args, c.operand(a))
		}
		if fn.builtin == "and" || fn.builtin == "or" {
			if final || len(out.args) == 0 {
				c.fail("%s with a piped value", fn.builtin)
			}
		}
		return out
	}
	// An operand takes neither arguments nor a piped value.
	if len(cmd.Args) != 1 || final {
		c.fail("arguments to a non-function %s", cmd)
	}
	return &command{op: c.operand(cmd.Args[0])}
}

func (c *compiler) function(name string) (function, bool) {
	if f, ok := c.funcs[name]; ok {
		v := reflect.ValueOf(f)
		t := v.Type()
		if t.IsVariadic() || t.NumOut() == 0 || t.NumOut() > 2 || (t.NumOut() == 2 && t.Out(1) != errorType) {
			return function{}, false
		}
		return function{user: v}, true
	}
	switch name {
	case "and", "or", "not", "len", "eq", "ne", "lt", "le", "gt", "ge":
		return function{builtin: name}, true
	}
	return function{}, false
}

func (c *compiler) operand(n parse.Node) operand {
	switch n := n.(type) {
	case *parse.DotNode:
		return dotOp{}
	case *parse.StringNode:
		return constOp{reflect.ValueOf(n.Text)}
	case *parse.BoolNode:
		return constOp{reflect.ValueOf(n.True)}
	case *parse.NumberNode:
		// Decimal integers only: text/template types other constants by
		// the context they are used in.
		if !n.IsInt || strings.TrimLeft(strings.TrimPrefix(n.Text, "-"), "0123456789") != "" || int64(int(n.Int64)) != n.Int64 {
			c.fail("constant %s", n.Text)
			return nil
		}
		return constOp{reflect.ValueOf(int(n.Int64))}
	case *parse.FieldNode:
		return &fieldOp{steps: steps(n.Ident)}
	case *parse.VariableNode:
		if len(n.Ident) == 1 {
			return varOp{n.Ident[0]}
		}
		return &fieldOp{base: varOp{n.Ident[0]}, steps: steps(n.Ident[1:])}
	case *parse.PipeNode:
		if len(n.Decl) > 0 {
			c.fail("declaration in a parenthesized pipeline")
		}
		return pipeOp{c.pipe(n, false)}
	case *parse.ChainNode:
		if len(n.Field) == 0 {
			c.fail("empty chain")
			return nil
		}
		return &fieldOp{base: c.operand(n.Node), steps: steps(n.Field)}
	case *parse.IdentifierNode:
		// A function called without arguments, as an argument.
		fn, ok := c.function(n.Ident)
		if !ok {
			c.fail("function %q", n.Ident)
			return nil
		}
		return pipeOp{&pipe{cmds: []*command{{fn: fn}}}}
	}
	c.fail("operand %s", n)
	return nil
}

func steps(names []string) []*fieldStep {
	out := make([]*fieldStep, len(names))
	for i, n := range names {
		out[i] = &fieldStep{name: n}
	}
	return out
}

// state is one execution.
type state struct {
	buf   *bytes.Buffer
	vars  []variable
	depth int
}

type variable struct {
	name string
	v    reflect.Value
}

// execute renders data through p into buf. On errBail, buf holds a
// partial page the caller must drop.
func (p *program) execute(buf *bytes.Buffer, data any) error {
	dot := reflect.ValueOf(data)
	s := &state{buf: buf, vars: []variable{{"$", dot}}}
	err := s.walk(dot, p.root.body)
	if err == errBreak || err == errContinue {
		return errBail
	}
	return err
}

func (s *state) walk(dot reflect.Value, list []node) error {
	for _, n := range list {
		if err := s.step(dot, n); err != nil {
			return err
		}
	}
	return nil
}

func (s *state) step(dot reflect.Value, n node) error {
	switch n := n.(type) {
	case *textNode:
		s.buf.Write(n.text)
	case *actionNode:
		return s.action(dot, n.pipe)
	case *ifNode:
		mark := len(s.vars)
		err := s.ifOrWith(dot, n)
		s.pop(mark) // the pipeline's variables end with the block
		return err
	case *rangeNode:
		return s.rangeOver(dot, n)
	case *callNode:
		var next reflect.Value
		if n.pipe != nil {
			v, err := s.pipeline(dot, n.pipe)
			if err != nil {
				return err
			}
			next = v
		}
		if s.depth >= maxDepth {
			return errBail
		}
		inner := &state{buf: s.buf, vars: []variable{{"$", next}}, depth: s.depth + 1}
		err := inner.walk(next, n.target.body)
		if err == errBreak || err == errContinue {
			return errBail // break outside a range: a parse error elsewhere
		}
		return err
	case breakNode:
		return errBreak
	case continueNode:
		return errContinue
	default:
		return errBail
	}
	return nil
}

// ifOrWith runs an if or with block; the caller pops its variables.
func (s *state) ifOrWith(dot reflect.Value, n *ifNode) error {
	v, err := s.pipeline(dot, n.pipe)
	if err != nil {
		return err
	}
	truth, ok := isTrue(indirectInterface(v))
	if !ok {
		return errBail
	}
	switch {
	case truth && n.with:
		return s.walk(v, n.list)
	case truth:
		return s.walk(dot, n.list)
	default:
		return s.walk(dot, n.alt)
	}
}

func (s *state) pop(mark int) { s.vars = s.vars[:mark] }

func (s *state) lookup(name string) (reflect.Value, bool) {
	for i := len(s.vars) - 1; i >= 0; i-- {
		if s.vars[i].name == name {
			return s.vars[i].v, true
		}
	}
	return reflect.Value{}, false
}

func (s *state) set(name string, v reflect.Value) bool {
	for i := len(s.vars) - 1; i >= 0; i-- {
		if s.vars[i].name == name {
			s.vars[i].v = v
			return true
		}
	}
	return false
}

// action prints a pipeline through its escapers, or declares its
// variables.
func (s *state) action(dot reflect.Value, p *pipe) error {
	v, err := s.pipeline(dot, p)
	if err != nil || len(p.esc) == 0 {
		return err
	}
	str, ct, ok := stringify(v)
	if !ok {
		return errBail
	}
	for _, e := range p.esc[:len(p.esc)-1] {
		if str, ok = e(nil, str, ct); !ok {
			return errBail
		}
		ct = plainText
	}
	if _, ok := p.esc[len(p.esc)-1](s.buf, str, ct); !ok {
		return errBail
	}
	return nil
}

// pipeline evaluates p's commands, each given the last one's value, and
// declares or assigns its variables.
func (s *state) pipeline(dot reflect.Value, p *pipe) (reflect.Value, error) {
	var v reflect.Value
	for i, cmd := range p.cmds {
		var err error
		if v, err = s.command(dot, cmd, v, i > 0); err != nil {
			return v, err
		}
		// As text/template: a value in an empty interface is unwrapped.
		if v.Kind() == reflect.Interface && v.Type().NumMethod() == 0 {
			v = reflect.ValueOf(v.Interface())
		}
	}
	for _, name := range p.decl {
		if p.assign {
			if !s.set(name, v) {
				return v, errBail
			}
		} else {
			s.vars = append(s.vars, variable{name, v})
		}
	}
	return v, nil
}

func (s *state) command(dot reflect.Value, cmd *command, final reflect.Value, hasFinal bool) (reflect.Value, error) {
	if cmd.op != nil {
		return s.operand(dot, cmd.op)
	}
	return s.call(dot, cmd, final, hasFinal)
}

func (s *state) operand(dot reflect.Value, op operand) (reflect.Value, error) {
	switch op := op.(type) {
	case dotOp:
		return dot, nil
	case constOp:
		return op.v, nil
	case varOp:
		v, ok := s.lookup(op.name)
		if !ok {
			return v, errBail
		}
		return v, nil
	case pipeOp:
		mark := len(s.vars)
		v, err := s.pipeline(dot, op.p)
		s.pop(mark)
		return v, err
	case *fieldOp:
		v := dot
		if op.base != nil {
			var err error
			if v, err = s.operand(dot, op.base); err != nil {
				return v, err
			}
		}
		for _, st := range op.steps {
			var ok bool
			if v, ok = st.read(v); !ok {
				return v, errBail
			}
		}
		return v, nil
	}
	return reflect.Value{}, errBail
}

// read is text/template's field lookup for what the executor covers: an
// exported field of a struct, through pointers and interfaces that are
// not nil, on a type without a method of that name.
func (f *fieldStep) read(v reflect.Value) (reflect.Value, bool) {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return v, false
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return v, false // maps, invalid values and the rest
	}
	t := v.Type()
	e := f.cache.Load()
	if e == nil || e.typ != t {
		e = &fieldEntry{typ: t}
		// A method of that name wins over a field in text/template, on
		// the pointer type when the value is addressable.
		if _, isMethod := reflect.PointerTo(t).MethodByName(f.name); !isMethod {
			if sf, ok := t.FieldByName(f.name); ok && sf.IsExported() {
				e.index = sf.Index
			}
		}
		f.cache.Store(e)
	}
	if e.index == nil {
		return v, false
	}
	if len(e.index) == 1 {
		return v.Field(e.index[0]), true
	}
	fv, err := v.FieldByIndexErr(e.index)
	return fv, err == nil
}

func (s *state) call(dot reflect.Value, cmd *command, final reflect.Value, hasFinal bool) (reflect.Value, error) {
	fn := cmd.fn
	if fn.user.IsValid() {
		return s.callUser(dot, cmd, final, hasFinal)
	}
	switch fn.builtin {
	case "and", "or":
		var v reflect.Value
		for _, a := range cmd.args {
			var err error
			if v, err = s.operand(dot, a); err != nil {
				return v, err
			}
			if !v.IsValid() {
				return v, errBail // text/template: "invalid value"
			}
			t, ok := isTrue(indirectInterface(v))
			if !ok {
				return v, errBail
			}
			if t == (fn.builtin == "or") {
				return v, nil
			}
		}
		return v, nil
	}
	args := make([]reflect.Value, 0, 3)
	for _, a := range cmd.args {
		v, err := s.operand(dot, a)
		if err != nil {
			return v, err
		}
		args = append(args, v)
	}
	if hasFinal {
		args = append(args, final)
	}
	for _, a := range args {
		if !a.IsValid() {
			return a, errBail // text/template: "invalid value"
		}
	}
	switch fn.builtin {
	case "not":
		if len(args) != 1 {
			return reflect.Value{}, errBail
		}
		t, ok := isTrue(indirectInterface(args[0]))
		if !ok {
			return reflect.Value{}, errBail
		}
		return reflect.ValueOf(!t), nil
	case "len":
		if len(args) != 1 {
			return reflect.Value{}, errBail
		}
		v := args[0]
		for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
			if v.IsNil() {
				return v, errBail
			}
			v = v.Elem()
		}
		switch v.Kind() {
		case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
			return reflect.ValueOf(v.Len()), nil
		}
		return v, errBail
	case "eq":
		if len(args) < 2 {
			return reflect.Value{}, errBail
		}
		for _, b := range args[1:] {
			c, ok := compare(args[0], b)
			if !ok {
				return reflect.Value{}, errBail
			}
			if c == 0 {
				return reflect.ValueOf(true), nil
			}
		}
		return reflect.ValueOf(false), nil
	case "ne", "lt", "le", "gt", "ge":
		if len(args) != 2 {
			return reflect.Value{}, errBail
		}
		c, ok := compare(args[0], args[1])
		if !ok || (fn.builtin != "ne" && basicKind(indirectInterface(args[0])) == kindBool) {
			return reflect.Value{}, errBail // booleans are not ordered
		}
		var t bool
		switch fn.builtin {
		case "ne":
			t = c != 0
		case "lt":
			t = c == -1
		case "le":
			t = c == -1 || c == 0
		case "gt":
			t = c == 1
		case "ge":
			t = c == 1 || c == 0
		}
		return reflect.ValueOf(t), nil
	}
	return reflect.Value{}, errBail
}

// callUser calls a FuncMap function: arguments must have its parameters'
// types, as text/template requires (it also takes pointers to them, which
// this leaves to it).
func (s *state) callUser(dot reflect.Value, cmd *command, final reflect.Value, hasFinal bool) (reflect.Value, error) {
	t := cmd.fn.user.Type()
	n := len(cmd.args)
	if hasFinal {
		n++
	}
	if n != t.NumIn() {
		return reflect.Value{}, errBail
	}
	args := make([]reflect.Value, n)
	for i := range n {
		var v reflect.Value
		if i < len(cmd.args) {
			var err error
			if v, err = s.operand(dot, cmd.args[i]); err != nil {
				return v, err
			}
		} else {
			v = final
		}
		want := t.In(i)
		if !v.IsValid() {
			return v, errBail
		}
		if !v.Type().AssignableTo(want) {
			if v.Kind() != reflect.Interface || v.IsNil() || !v.Elem().Type().AssignableTo(want) {
				return v, errBail
			}
			v = v.Elem()
		}
		args[i] = v
	}
	return callSafely(cmd.fn.user, args)
}

// callSafely calls fn; an error or a panic is left to html/template,
// which reports it.
func callSafely(fn reflect.Value, args []reflect.Value) (v reflect.Value, err error) {
	defer func() {
		if recover() != nil {
			v, err = reflect.Value{}, errBail
		}
	}()
	out := fn.Call(args)
	if len(out) == 2 && !out[1].IsNil() {
		return reflect.Value{}, errBail
	}
	return out[0], nil
}

// unordered is compare's answer for values that are only equal or not.
const unordered = 2

// compare orders two values as text/template's eq and lt do: basic
// kinds, with signed and unsigned integers compared by value. It returns
// -1, 0, 1, or unordered for booleans that differ; ok is false for what
// text/template rejects or this leaves to it.
func compare(a, b reflect.Value) (c int, ok bool) {
	a, b = indirectInterface(a), indirectInterface(b)
	ka, kb := basicKind(a), basicKind(b)
	if ka == 0 || kb == 0 {
		return 0, false
	}
	if ka != kb {
		switch {
		case ka == kindInt && kb == kindUint:
			if a.Int() < 0 {
				return -1, true
			}
			return cmp3(uint64(a.Int()), b.Uint()), true
		case ka == kindUint && kb == kindInt:
			if b.Int() < 0 {
				return 1, true
			}
			return cmp3(a.Uint(), uint64(b.Int())), true
		}
		return 0, false
	}
	switch ka {
	case kindBool:
		if a.Bool() == b.Bool() {
			return 0, true
		}
		return unordered, true
	case kindInt:
		return cmp3(a.Int(), b.Int()), true
	case kindUint:
		return cmp3(a.Uint(), b.Uint()), true
	case kindString:
		return strings.Compare(a.String(), b.String()), true
	}
	// Floats: NaN compares in ways cmp3 does not express.
	return 0, false
}

func cmp3[T int64 | uint64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

const (
	kindBool = iota + 1
	kindInt
	kindUint
	kindString
	kindOther
)

func basicKind(v reflect.Value) int {
	switch v.Kind() {
	case reflect.Bool:
		return kindBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return kindInt
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return kindUint
	case reflect.String:
		return kindString
	case reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		return kindOther
	}
	return 0
}

func (s *state) rangeOver(dot reflect.Value, n *rangeNode) error {
	mark := len(s.vars)
	defer s.pop(mark)
	v, err := s.pipeline(dot, n.pipe)
	if err != nil {
		return err
	}
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			break
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Slice, reflect.Array:
	case reflect.Invalid:
		return s.walk(dot, n.alt)
	default:
		return errBail // maps are sorted, channels received: left to it
	}
	if v.Len() == 0 {
		return s.walk(dot, n.alt)
	}
	inner := len(s.vars)
	for i := 0; i < v.Len(); i++ {
		elem := v.Index(i)
		// The pipeline pushed its variables: element last, index first.
		switch len(n.pipe.decl) {
		case 1:
			s.vars[inner-1].v = elem
		case 2:
			s.vars[inner-1].v = elem
			s.vars[inner-2].v = reflect.ValueOf(i)
		}
		err := s.walk(elem, n.list)
		s.pop(inner)
		switch err {
		case nil, errContinue:
		case errBreak:
			return nil
		default:
			return err
		}
	}
	return nil
}

func indirectInterface(v reflect.Value) reflect.Value {
	if v.Kind() != reflect.Interface {
		return v
	}
	if v.IsNil() {
		return reflect.Value{}
	}
	return v.Elem()
}

// isTrue is text/template's truth.
func isTrue(v reflect.Value) (truth, ok bool) {
	if !v.IsValid() {
		return false, true
	}
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() > 0, true
	case reflect.Bool:
		return v.Bool(), true
	case reflect.Complex64, reflect.Complex128:
		return v.Complex() != 0, true
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.UnsafePointer, reflect.Interface:
		return !v.IsNil(), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() != 0, true
	case reflect.Float32, reflect.Float64:
		return v.Float() != 0, true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() != 0, true
	case reflect.Struct:
		return true, true
	}
	return false, false
}

// contentType is the kind of text html/template's typed strings declare.
type contentType uint8

const (
	plainText contentType = iota
	htmlText
	urlText
	jsText
	otherText // CSS, HTMLAttr, JSStr, Srcset: no escaper here handles them
)

var (
	stringType   = reflect.TypeFor[string]()
	errorType    = reflect.TypeFor[error]()
	stringerType = reflect.TypeFor[fmt.Stringer]()
	formatType   = reflect.TypeFor[fmt.Formatter]()
	contentTypes = map[reflect.Type]contentType{
		reflect.TypeFor[template.HTML]():     htmlText,
		reflect.TypeFor[template.URL]():      urlText,
		reflect.TypeFor[template.JS]():       jsText,
		reflect.TypeFor[template.CSS]():      otherText,
		reflect.TypeFor[template.HTMLAttr](): otherText,
		reflect.TypeFor[template.JSStr]():    otherText,
		reflect.TypeFor[template.Srcset]():   otherText,
	}
)

// stringify is html/template's for one value: the text and its declared
// type. Pointers, Stringers and errors are left to html/template.
func stringify(v reflect.Value) (string, contentType, bool) {
	if !v.IsValid() {
		return "", 0, false
	}
	t := v.Type()
	if t == stringType {
		return v.String(), plainText, true
	}
	if ct, ok := contentTypes[t]; ok {
		return v.String(), ct, true
	}
	if t.Implements(stringerType) || t.Implements(errorType) || t.Implements(formatType) {
		return "", 0, false
	}
	switch basicKind(v) {
	case kindString:
		return v.String(), plainText, true
	case kindInt:
		return strconv.FormatInt(v.Int(), 10), plainText, true
	case kindUint:
		return strconv.FormatUint(v.Uint(), 10), plainText, true
	case kindBool:
		return strconv.FormatBool(v.Bool()), plainText, true
	}
	return "", 0, false
}

// escaper is one of html/template's escapers: it returns its result, or
// when w is not nil writes it there. ok is false for a value it leaves
// to html/template.
type escaper func(w *bytes.Buffer, s string, ct contentType) (string, bool)

// escapers are the ones the project's templates get, by the names
// html/template gives them.
var escapers = map[string]escaper{
	"_html_template_htmlescaper": func(w *bytes.Buffer, s string, ct contentType) (string, bool) {
		switch ct {
		case htmlText:
			return emit(w, s), true
		case otherText:
			return "", false
		}
		return replace(w, s, &htmlTable), true
	},
	"_html_template_attrescaper": func(w *bytes.Buffer, s string, ct contentType) (string, bool) {
		if ct == htmlText || ct == otherText {
			return "", false // HTML would have its tags stripped
		}
		return replace(w, s, &htmlTable), true
	},
	"_html_template_rcdataescaper": func(w *bytes.Buffer, s string, ct contentType) (string, bool) {
		switch ct {
		case htmlText:
			return replace(w, s, &htmlNormTable), true
		case otherText:
			return "", false
		}
		return replace(w, s, &htmlTable), true
	},
	"_html_template_urlfilter": func(w *bytes.Buffer, s string, ct contentType) (string, bool) {
		if ct == otherText {
			return "", false
		}
		if ct != urlText && !safeURL(s) {
			s = "#ZgotmplZ"
		}
		return emit(w, s), true
	},
	"_html_template_urlnormalizer": func(w *bytes.Buffer, s string, ct contentType) (string, bool) {
		if ct == otherText {
			return "", false
		}
		return escapeURL(w, s, true), true
	},
	"_html_template_urlescaper": func(w *bytes.Buffer, s string, ct contentType) (string, bool) {
		if ct == otherText {
			return "", false
		}
		return escapeURL(w, s, ct == urlText), true
	},
	"_html_template_jsvalescaper": func(w *bytes.Buffer, s string, ct contentType) (string, bool) {
		if ct != jsText {
			return "", false // JSON-encoded by html/template
		}
		return emit(w, s), true
	},
	"_html_template_commentescaper": func(w *bytes.Buffer, s string, ct contentType) (string, bool) {
		return "", true
	},
}

func emit(w *bytes.Buffer, s string) string {
	if w != nil {
		w.WriteString(s)
	}
	return s
}

// The bytes html/template replaces in text and quoted attributes; the
// "norm" table keeps ampersands, which start entities already there. It
// works on runes, but every rune it replaces is ASCII and every byte of
// a multi-byte or invalid sequence is at least 0x80, so looking at bytes
// gives the same output.
var htmlTable, htmlNormTable = func() (full, norm [256]string) {
	for c, s := range map[byte]string{0: "\uFFFD", '"': "&#34;", '\'': "&#39;", '+': "&#43;", '<': "&lt;", '>': "&gt;"} {
		full[c], norm[c] = s, s
	}
	full['&'] = "&amp;"
	return full, norm
}()

// replace escapes s by table, into w when it is not nil.
func replace(w *bytes.Buffer, s string, table *[256]string) string {
	i := 0
	for i < len(s) && table[s[i]] == "" {
		i++
	}
	if i == len(s) {
		return emit(w, s)
	}
	var sb strings.Builder
	if w == nil {
		sb.Grow(len(s) + 16)
	}
	written := 0
	for ; i < len(s); i++ {
		r := table[s[i]]
		if r == "" {
			continue
		}
		if w != nil {
			w.WriteString(s[written:i])
			w.WriteString(r)
		} else {
			sb.WriteString(s[written:i])
			sb.WriteString(r)
		}
		written = i + 1
	}
	if w != nil {
		w.WriteString(s[written:])
		return ""
	}
	sb.WriteString(s[written:])
	return sb.String()
}

// safeURL is html/template's test: a relative URL, or one whose scheme is
// http, https or mailto.
func safeURL(s string) bool {
	scheme, _, ok := strings.Cut(s, ":")
	if !ok || strings.Contains(scheme, "/") {
		return true
	}
	return strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https") || strings.EqualFold(scheme, "mailto")
}

// escapeURL percent-encodes s as html/template's URL normalizer (norm) or
// escaper does: unreserved bytes stay, and when normalizing so do
// reserved ones and existing escapes.
func escapeURL(w *bytes.Buffer, s string, norm bool) string {
	const hex = "0123456789abcdef"
	var out []byte
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '-', c == '.', c == '_', c == '~':
			continue
		case norm && strings.IndexByte("!#$&*+,/:;=?@[]", c) >= 0:
			continue
		case norm && c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			continue
		}
		if out == nil {
			out = make([]byte, 0, len(s)+16)
		}
		out = append(out, s[written:i]...)
		out = append(out, '%', hex[c>>4], hex[c&15])
		written = i + 1
	}
	if out == nil {
		return emit(w, s)
	}
	out = append(out, s[written:]...)
	if w != nil {
		w.Write(out)
		return ""
	}
	return string(out)
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
