package importer

import (
	"errors"
	"io/fs"
	"sort"
	"testing/fstest"
)

// Overlay returns base with writes applied on top, in memory: the atlas as
// it will be once the writes are made. The importer loads and checks it
// before returning a plan; tests use it to import twice.
func Overlay(base fs.FS, writes []Write) fs.FS {
	top := fstest.MapFS{}
	for _, w := range writes {
		top[w.Path] = &fstest.MapFile{Data: w.Data, Mode: 0o644}
	}
	return &overlay{base: base, top: top}
}

type overlay struct {
	base fs.FS
	top  fstest.MapFS // files written, and the folders that hold them
}

func (o *overlay) Open(name string) (fs.File, error) {
	if f, ok := o.top[name]; ok && f.Mode.IsRegular() {
		return o.top.Open(name)
	}
	f, err := o.base.Open(name)
	if err == nil {
		return f, nil
	}
	if g, terr := o.top.Open(name); terr == nil {
		return g, nil
	}
	return nil, err
}

func (o *overlay) ReadFile(name string) ([]byte, error) {
	if f, ok := o.top[name]; ok && f.Mode.IsRegular() {
		return append([]byte(nil), f.Data...), nil
	}
	return fs.ReadFile(o.base, name)
}

func (o *overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	below, berr := fs.ReadDir(o.base, name)
	above, terr := o.top.ReadDir(name)
	if berr != nil && terr != nil {
		if errors.Is(berr, fs.ErrNotExist) {
			return nil, terr
		}
		return nil, berr
	}
	seen := map[string]bool{}
	var out []fs.DirEntry
	for _, e := range above {
		seen[e.Name()] = true
		out = append(out, e)
	}
	for _, e := range below {
		if !seen[e.Name()] {
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}
