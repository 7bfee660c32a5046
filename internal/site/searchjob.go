package site

import (
	"sync"

	"github.com/clauseatlas/atlas/internal/index"
	"github.com/clauseatlas/atlas/internal/render"
	"github.com/clauseatlas/atlas/internal/search"
)

// searchJob makes the search index once, and lets go of what it was made
// from as soon as it can. The analysed documents are needed only for the
// key and the files, and the files only until they are written: at
// 100,000 clauses the two came to about 200 MB that stayed live through
// the whole render, where every collection marked them again.
type searchJob struct {
	x *index.Index

	mu    sync.Mutex
	prep  *search.Prepared // nil once built
	key   uint64
	keyed bool
	built bool
	files []search.File // nil once taken
	stats search.Stats
}

func newSearchJob(x *index.Index) *searchJob { return &searchJob{x: x} }

// deps is the index's dependency key (search.Prepared.Key).
func (j *searchJob) deps() uint64 {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.depsLocked()
}

func (j *searchJob) depsLocked() uint64 {
	if !j.keyed {
		j.prep = search.Prepare(j.x, search.Options{})
		j.key = render.NewKey().Str("search").U64(j.prep.Key()).Done()
		j.keyed = true
	}
	return j.key
}

// build makes the index's files, unless they are made already.
func (j *searchJob) build() {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.buildLocked()
}

func (j *searchJob) buildLocked() {
	if j.built {
		return
	}
	j.depsLocked()
	j.files, j.stats = j.prep.Build()
	j.prep = nil
	j.built = true
}

// take returns the files and their stats, making them if need be, and
// drops the job's hold on the files. A build has one job and writes the
// index once, so take is called once.
func (j *searchJob) take() ([]search.File, search.Stats) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.buildLocked()
	files := j.files
	j.files = nil
	return files, j.stats
}
