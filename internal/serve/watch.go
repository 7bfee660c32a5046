package serve

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/clauseatlas/atlas/internal/load"
)

// watchedDirs are the folders of the site root whose changes rebuild the
// preview.
var watchedDirs = []string{"data", "content", "templates", "static"}

// watcher watches watchedDirs recursively: fsnotify watches one folder at
// a time, so every folder is added, and folders created later are added
// as they appear. The root itself is watched too, so a watched folder
// that does not exist yet is picked up when it is created.
type watcher struct {
	root string
	fs   *fsnotify.Watcher

	// Paths seen changing since the last build took them, for the
	// loader's hint; unknown when events may have been lost.
	mu      sync.Mutex
	changed map[string]bool
	unknown bool
}

// note records a changed path (slash, relative to the root).
func (w *watcher) note(rel string) {
	w.mu.Lock()
	if w.changed == nil {
		w.changed = map[string]bool{}
	}
	w.changed[rel] = true
	w.mu.Unlock()
}

func (w *watcher) lost() {
	w.mu.Lock()
	w.unknown = true
	w.mu.Unlock()
}

// take returns the changes seen since the last take, as a hint for the
// loader, and starts a new batch; nil when events may have been lost.
// The loader itself falls back to a full walk when a path is new, gone or
// a folder, so the hint needs no interpretation here.
func (w *watcher) take() *load.Hint {
	w.mu.Lock()
	defer w.mu.Unlock()
	changed, unknown := w.changed, w.unknown
	w.changed, w.unknown = nil, false
	if unknown {
		return nil
	}
	return &load.Hint{Changed: changed}
}

func newWatcher(root string) (*watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{root: root, fs: fw}
	if err := fw.Add(root); err != nil {
		fw.Close()
		return nil, err
	}
	for _, d := range watchedDirs {
		if err := w.addTree(filepath.Join(root, d)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			fw.Close()
			return nil, err
		}
	}
	return w, nil
}

func (w *watcher) close() { w.fs.Close() }

// addTree watches dir and every folder below it, except ignored ones.
func (w *watcher) addTree(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p != dir && errors.Is(err, fs.ErrNotExist) {
				return nil // removed while we walked
			}
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if p != dir && ignored(d.Name()) {
			return filepath.SkipDir
		}
		if err := w.fs.Add(p); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return filepath.SkipDir
			}
			return err
		}
		return nil
	})
}

// ignored reports names the loader skips (dot files, backups ending in ~)
// and the temporary files editors write while saving.
func ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") || strings.HasSuffix(name, "~") ||
		name == "4913" || // vim's test of whether it may write the folder
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") ||
		strings.HasSuffix(name, "___jb_tmp___") || strings.HasSuffix(name, "___jb_old___")
}

// relevant reports whether an event may change the site, and folds events
// on the root itself down to the watched folders.
func (w *watcher) relevant(ev fsnotify.Event) bool {
	if ev.Op == fsnotify.Chmod {
		return false
	}
	rel, err := filepath.Rel(w.root, ev.Name)
	if err != nil || rel == "." {
		return false
	}
	parts := strings.Split(filepath.ToSlash(rel), "/")
	top := false
	for _, d := range watchedDirs {
		if parts[0] == d {
			top = true
		}
	}
	if !top {
		return false
	}
	for _, p := range parts[1:] {
		if ignored(p) {
			return false
		}
	}
	return true
}

// run turns file events into build triggers: a trigger carries the time
// of the first change of a batch and is sent once no change has come for
// debounce. A batch that arrives while a build runs waits in the
// one-slot channel and starts the next build.
func (w *watcher) run(ctx context.Context, debounce time.Duration, trigger chan time.Time, logf func(string, ...any)) {
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	var first time.Time
	for {
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case ev, ok := <-w.fs.Events:
			if !ok {
				return
			}
			if !w.relevant(ev) {
				continue
			}
			if rel, err := filepath.Rel(w.root, ev.Name); err == nil {
				w.note(filepath.ToSlash(rel))
			}
			if ev.Has(fsnotify.Create) {
				if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
					if err := w.addTree(ev.Name); err != nil {
						logf("atlas serve: cannot watch %s: %v", ev.Name, err)
						w.lost()
					}
				}
			}
			if first.IsZero() {
				first = time.Now()
			}
			timer.Reset(debounce)
		case err, ok := <-w.fs.Errors:
			if !ok {
				return
			}
			// An overflowed queue lost events: rebuild, reading everything.
			logf("atlas serve: watching: %v", err)
			w.lost()
			if first.IsZero() {
				first = time.Now()
			}
			timer.Reset(debounce)
		case <-timer.C:
			select {
			case trigger <- first:
			default: // a build is already pending; it will see this change
			}
			first = time.Time{}
		}
	}
}
