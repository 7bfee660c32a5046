//go:build tools

// Package tools pins htmltest, which .ci/audit/run.sh builds with
//
//	go build -ldflags "-X main.version=v0.17.0" -o BIN github.com/wjdp/htmltest
//
// from this module. `go install github.com/wjdp/htmltest@latest` (or @v0.17.0)
// does not work here: the module proxy refuses the module's version list, so
// the version is pinned in go.mod and the checksums in go.sum.
package tools

import _ "github.com/wjdp/htmltest"
