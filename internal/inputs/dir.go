package inputs

import (
	"io/fs"
	"os"
)

// DirFS is os.DirFS(dir) for a build whose inputs are recorded: the
// checks of a record (Same, Changes) stat its files without making an
// fs.FileInfo for each, which through os.DirFS was a third of the check
// at 100,000 clauses. Everything else goes to os.DirFS.
func DirFS(dir string) fs.FS {
	if dir == "" {
		return os.DirFS(dir) // refuses every name, as it should
	}
	return osDir{fsys: os.DirFS(dir).(osFS), dir: dir}
}

// osFS is what os.DirFS gives.
type osFS interface {
	fs.StatFS
	fs.ReadFileFS
	fs.ReadDirFS
}

type osDir struct {
	fsys osFS
	dir  string
}

func (d osDir) Open(name string) (fs.File, error)          { return d.fsys.Open(name) }
func (d osDir) Stat(name string) (fs.FileInfo, error)      { return d.fsys.Stat(name) }
func (d osDir) ReadFile(name string) ([]byte, error)       { return d.fsys.ReadFile(name) }
func (d osDir) ReadDir(name string) ([]fs.DirEntry, error) { return d.fsys.ReadDir(name) }

// fileStat is what a check needs of a file: its size, its modification
// time in nanoseconds and whether it is a regular file. buf is the
// caller's scratch space for the file's path.
func fileStat(fsys fs.FS, name string, buf *[]byte) (size, mtime int64, regular bool, err error) {
	if d, ok := fsys.(osDir); ok && fs.ValidPath(name) {
		return d.statFile(name, buf)
	}
	st, err := fs.Stat(fsys, name)
	if err != nil {
		return 0, 0, false, err
	}
	return st.Size(), st.ModTime().UnixNano(), st.Mode().IsRegular(), nil
}
