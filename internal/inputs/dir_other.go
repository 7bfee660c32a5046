//go:build !linux

package inputs

func (d osDir) statFile(name string, _ *[]byte) (size, mtime int64, regular bool, err error) {
	st, err := d.fsys.Stat(name)
	if err != nil {
		return 0, 0, false, err
	}
	return st.Size(), st.ModTime().UnixNano(), st.Mode().IsRegular(), nil
}
