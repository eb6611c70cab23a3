//go:build !linux

package scan

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// readRoot lists root's own files and the names of its sub-folders.
func readRoot(root string) ([]File, []string, error) {
	fi, err := os.Stat(root)
	if err != nil {
		return nil, nil, err
	}
	if !fi.IsDir() {
		return []File{{Path: ".", Size: fi.Size(), ModTime: fi.ModTime().UnixNano()}}, nil, nil
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
	}
	return files, dirs, nil
}

// subtree lists the files under root/dir.
func subtree(root, dir string) ([]File, error) {
	var files []File
	err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil // removed while listed
		}
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		files = append(files, file(filepath.ToSlash(rel), d))
		return nil
	})
	return files, err
}

// file is the File for the entry d at path.
func file(path string, d fs.DirEntry) File {
	f := File{Path: path}
	if fi, err := d.Info(); err == nil {
		f.Size, f.ModTime = fi.Size(), fi.ModTime().UnixNano()
	}
	return f
}
