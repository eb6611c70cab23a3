package scan

import (
	"encoding/binary"
	"errors"
	"io/fs"

	"golang.org/x/sys/unix"
)

// On Linux a folder is read with getdents and its entries are statted
// relative to the folder's descriptor: no sorting, no path resolved from
// the root again for every file, and the entry's type from getdents.

// readRoot lists root's own files and the names of its sub-folders.
func readRoot(root string) ([]File, []string, error) {
	var st unix.Stat_t
	if err := retry(func() error { return unix.Stat(root, &st) }); err != nil {
		return nil, nil, &fs.PathError{Op: "stat", Path: root, Err: err}
	}
	if st.Mode&unix.S_IFMT != unix.S_IFDIR {
		return []File{{Path: ".", Size: st.Size, ModTime: st.Mtim.Nano(), Change: st.Ctim.Nano(), Special: special(st.Mode)}}, nil, nil
	}
	fd, err := open(unix.AT_FDCWD, root, 0)
	if err != nil {
		return nil, nil, &fs.PathError{Op: "open", Path: root, Err: err}
	}
	defer unix.Close(fd)
	var w walker
	err = w.entries(fd, root, "", func(name string) error {
		w.dirs = append(w.dirs, name)
		return nil
	})
	return w.files, w.dirs, err
}

// subtree adds the files under root/dir to w, and the folders below dir
// if w.withDirs is set.
func (w *walker) subtree(root, dir string) error {
	fd, err := openDir(unix.AT_FDCWD, root+"/"+dir)
	if errors.Is(err, unix.ENOENT) {
		return nil // removed since root was read
	}
	if err != nil {
		return &fs.PathError{Op: "open", Path: root + "/" + dir, Err: err}
	}
	defer unix.Close(fd)
	return w.walk(fd, root, dir+"/", 0)
}

// walker holds one goroutine's findings and its buffers, one per depth.
type walker struct {
	files     []File
	dirs      []string
	withDirs  bool              // walk adds the folders it enters to dirs
	unstatted func(string) bool // regular files listed without size and time (see Walk)
	bufs      [][]byte
}

// walk lists the folder open as fd, whose path relative to root is prefix
// without its final slash, and every folder under it.
func (w *walker) walk(fd int, root, prefix string, depth int) error {
	if depth == len(w.bufs) {
		w.bufs = append(w.bufs, make([]byte, 16<<10))
	}
	return w.entriesBuf(fd, root, prefix, w.bufs[depth], func(name string) error {
		sub, err := openDir(fd, name)
		if errors.Is(err, unix.ENOENT) {
			return nil
		}
		if err != nil {
			return &fs.PathError{Op: "open", Path: root + "/" + prefix + name, Err: err}
		}
		defer unix.Close(sub)
		if w.withDirs {
			w.dirs = append(w.dirs, prefix+name)
		}
		return w.walk(sub, root, prefix+name+"/", depth+1)
	})
}

// entries is entriesBuf with a buffer of its own.
func (w *walker) entries(fd int, root, prefix string, dir func(name string) error) error {
	return w.entriesBuf(fd, root, prefix, make([]byte, 16<<10), dir)
}

// entriesBuf reads the folder open as fd with buf: it adds its files to
// w.files, with prefix before their names, and calls dir for each folder.
func (w *walker) entriesBuf(fd int, root, prefix string, buf []byte, dir func(name string) error) error {
	for {
		var n int
		err := retry(func() (err error) { n, err = unix.Getdents(fd, buf); return err })
		if err != nil {
			return &fs.PathError{Op: "readdirent", Path: root + "/" + prefix, Err: err}
		}
		if n <= 0 {
			return nil
		}
		for b := buf[:n]; len(b) >= 19; {
			// struct linux_dirent64: ino u64, off s64, reclen u16, type u8, name.
			ino := binary.NativeEndian.Uint64(b)
			reclen := int(binary.NativeEndian.Uint16(b[16:]))
			if reclen < 19 || reclen > len(b) {
				return &fs.PathError{Op: "readdirent", Path: root + "/" + prefix, Err: errors.New("malformed entry")}
			}
			typ, name := b[18], b[19:reclen]
			b = b[reclen:]
			for i, c := range name {
				if c == 0 {
					name = name[:i]
					break
				}
			}
			if ino == 0 || string(name) == "." || string(name) == ".." {
				continue
			}
			if typ == unix.DT_DIR {
				if err := dir(string(name)); err != nil {
					return err
				}
				continue
			}
			if typ == unix.DT_REG && w.unstatted != nil && w.unstatted(string(name)) {
				w.files = append(w.files, File{Path: prefix + string(name)})
				continue
			}
			var st unix.Stat_t
			err := retry(func() error { return unix.Fstatat(fd, string(name), &st, unix.AT_SYMLINK_NOFOLLOW) })
			switch {
			case errors.Is(err, unix.ENOENT):
				w.files = append(w.files, File{Path: prefix + string(name)})
			case err != nil:
				return &fs.PathError{Op: "lstat", Path: root + "/" + prefix + string(name), Err: err}
			case st.Mode&unix.S_IFMT == unix.S_IFDIR: // DT_UNKNOWN on some file systems
				if err := dir(string(name)); err != nil {
					return err
				}
			default:
				w.files = append(w.files, File{Path: prefix + string(name), Size: st.Size, ModTime: st.Mtim.Nano(), Change: st.Ctim.Nano(),
					Link: st.Mode&unix.S_IFMT == unix.S_IFLNK, Special: special(st.Mode)})
			}
		}
	}
}

// special is the fs type of a file of mode st_mode that is neither a
// regular file, a folder nor a symbolic link (see File.Special), or 0.
func special(mode uint32) fs.FileMode {
	switch mode & unix.S_IFMT {
	case unix.S_IFREG, unix.S_IFDIR, unix.S_IFLNK:
		return 0
	case unix.S_IFIFO:
		return fs.ModeNamedPipe
	case unix.S_IFSOCK:
		return fs.ModeSocket
	case unix.S_IFBLK:
		return fs.ModeDevice
	case unix.S_IFCHR:
		return fs.ModeDevice | fs.ModeCharDevice
	}
	return fs.ModeIrregular
}

// openDir opens the folder name, relative to the folder open as at, without
// following a symbolic link.
func openDir(at int, name string) (int, error) {
	return open(at, name, unix.O_NOFOLLOW)
}

// open opens the folder name, relative to the folder open as at.
func open(at int, name string, flags int) (int, error) {
	var fd int
	err := retry(func() (err error) {
		fd, err = unix.Openat(at, name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC|flags, 0)
		return err
	})
	return fd, err
}

// retry calls f again while it is interrupted by a signal, as package os does.
func retry(f func() error) error {
	for {
		if err := f(); err != unix.EINTR {
			return err
		}
	}
}
