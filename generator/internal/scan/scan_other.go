//go:build !linux

package scan

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// readRoot lists root's own files and the names of its sub-folders.
func readRoot(root string, seen func(File)) ([]File, []string, error) {
	fi, err := os.Stat(root)
	if err != nil {
		return nil, nil, err
	}
	if !fi.IsDir() {
		t := fi.ModTime().UnixNano()
		f := File{Path: ".", Size: fi.Size(), ModTime: t, Change: t, Special: fi.Mode().Type() &^ fs.ModeSymlink}
		if seen != nil {
			seen(f)
		}
		return []File{f}, nil, nil
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		return nil, nil, err
	}
	var files []File
	var dirs []string
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, e.Name())
			continue
		}
		files = append(files, file(e.Name(), e))
		if seen != nil {
			seen(files[len(files)-1])
		}
	}
	return files, dirs, nil
}

// walker holds one goroutine's findings.
type walker struct {
	files     []File
	dirs      []string
	withDirs  bool              // subtree adds the folders below the one it lists to dirs
	unstatted func(string) bool // unused: every file is statted here
	recorder                    // unused: Stamps are made on Linux only
	seen      func(File)        // called with each file listed (see Options)
}

// subtree adds the files under root/dir to w, and the folders below dir
// if w.withDirs is set.
func (w *walker) subtree(root, dir string) error {
	top := filepath.Join(root, dir)
	return filepath.WalkDir(top, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil // removed while listed
		}
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		switch {
		case !d.IsDir():
			w.files = append(w.files, file(filepath.ToSlash(rel), d))
			if w.seen != nil {
				w.seen(w.files[len(w.files)-1])
			}
		case w.withDirs && p != top:
			w.dirs = append(w.dirs, filepath.ToSlash(rel))
		}
		return nil
	})
}

// file is the File for the entry d at path.
func file(path string, d fs.DirEntry) File {
	f := File{Path: path, Link: d.Type()&fs.ModeSymlink != 0, Special: d.Type() &^ (fs.ModeSymlink | fs.ModeDir)}
	if fi, err := d.Info(); err == nil {
		f.Size, f.ModTime = fi.Size(), fi.ModTime().UnixNano()
		f.Change = f.ModTime
	}
	return f
}

// localFS reports whether a listing of root may use Stamps: only on Linux.
func localFS(root string) bool { return false }
