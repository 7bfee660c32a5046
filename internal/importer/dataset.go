package importer

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/clauseatlas/atlas/internal/problem"
)

// capture is one version file of a dataset release.
type capture struct {
	path string // in the dataset
	at   time.Time
	data []byte
	sum  string // SHA-256 of data, hex
}

// series is one document of a dataset release: a Service/Terms type folder
// and its captures in time order.
type series struct {
	service, termsType string
	dir                string // Service/Terms type
	captures           []capture
}

// readDataset reads an Open Terms Archive dataset release:
// <Service>/<Terms type>/<YYYY-MM-DDTHH-MM-SSZ>.md. Files at the root (the
// release's README, its licence) and names starting with "." are ignored;
// anything else that does not fit the layout is a problem, named with its
// path under label.
func readDataset(fsys fs.FS, label string) (_ []series, warnings []string, _ []problem.Problem) {
	var out []series
	var probs []problem.Problem
	bad := func(p, format string, args ...any) {
		probs = append(probs, problem.Problem{File: path.Join(label, p), Msg: fmt.Sprintf(format, args...)})
	}
	services, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, nil, []problem.Problem{{File: label, Msg: fmt.Sprintf("cannot read the dataset folder: %v", unwrapPath(err))}}
	}
	for _, s := range services {
		if hidden(s.Name()) || !s.IsDir() {
			continue
		}
		if !utf8.ValidString(s.Name()) {
			bad(s.Name(), "the folder name is not valid UTF-8, so it cannot be recorded as a service name; rename it")
			continue
		}
		types, err := fs.ReadDir(fsys, s.Name())
		if err != nil {
			bad(s.Name(), "cannot read: %v", unwrapPath(err))
			continue
		}
		for _, t := range types {
			dir := s.Name() + "/" + t.Name()
			if hidden(t.Name()) {
				continue
			}
			if !t.IsDir() {
				bad(dir, "not a terms type folder: a dataset release holds <Service>/<Terms type>/<YYYY-MM-DDTHH-MM-SSZ>.md")
				continue
			}
			if !utf8.ValidString(t.Name()) {
				bad(dir, "the folder name is not valid UTF-8, so it cannot be recorded as a terms type; rename it")
				continue
			}
			files, err := fs.ReadDir(fsys, dir)
			if err != nil {
				bad(dir, "cannot read: %v", unwrapPath(err))
				continue
			}
			sr := series{service: s.Name(), termsType: t.Name(), dir: dir}
			for _, f := range files {
				p := dir + "/" + f.Name()
				if hidden(f.Name()) {
					continue
				}
				if f.IsDir() {
					bad(p, "unexpected folder: a terms type folder holds only version files named YYYY-MM-DDTHH-MM-SSZ.md")
					continue
				}
				at, err := ParseCaptureName(f.Name())
				if err != nil {
					bad(p, "%v", err)
					continue
				}
				data, err := fs.ReadFile(fsys, p)
				if err != nil {
					bad(p, "cannot read: %v", unwrapPath(err))
					continue
				}
				sum := sha256.Sum256(data)
				sr.captures = append(sr.captures, capture{path: p, at: at, data: data, sum: hex.EncodeToString(sum[:])})
			}
			if len(sr.captures) == 0 {
				if len(files) == 0 {
					warnings = append(warnings, path.Join(label, dir)+": no version files; skipped")
				}
				continue
			}
			sort.Slice(sr.captures, func(i, j int) bool { return sr.captures[i].at.Before(sr.captures[j].at) })
			out = append(out, sr)
		}
	}
	return out, warnings, probs
}

func hidden(name string) bool { return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") }

// unwrapPath drops the path an fs error repeats, since messages already
// start with it.
func unwrapPath(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}
