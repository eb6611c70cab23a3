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
func readRoot(root string, seen func(File)) ([]File, []string, error) {
	var st unix.Stat_t
	if err := retry(func() error { return unix.Stat(root, &st) }); err != nil {
		return nil, nil, &fs.PathError{Op: "stat", Path: root, Err: err}
	}
	if st.Mode&unix.S_IFMT != unix.S_IFDIR {
		f := fileOf(".", &st)
		if seen != nil {
			seen(f)
		}
		return []File{f}, nil, nil
	}
	fd, err := open(unix.AT_FDCWD, root, 0)
	if err != nil {
		return nil, nil, &fs.PathError{Op: "open", Path: root, Err: err}
	}
	defer unix.Close(fd)
	w := walker{root: root, seen: seen}
	err = w.entries(fd, "", 0, func(name string) error {
		w.dirs = append(w.dirs, name)
		return nil
	}, nil)
	return w.files, w.dirs, err
}

// subtree adds the files under root/dir to w, and the folders below dir
// if w.withDirs is set.
func (w *walker) subtree(root, dir string) error {
	w.root = root
	fd, err := openDir(unix.AT_FDCWD, root+"/"+dir)
	if errors.Is(err, unix.ENOENT) {
		return nil // removed since root was read
	}
	if err != nil {
		return &fs.PathError{Op: "open", Path: root + "/" + dir, Err: err}
	}
	defer unix.Close(fd)
	if w.rec != nil {
		return w.visit(fd, len(dir)+1, dir+"/", 0)
	}
	return w.walk(fd, dir+"/", 0)
}

// walker holds one goroutine's findings and its buffers, one per depth.
type walker struct {
	root      string
	files     []File
	dirs      []string
	withDirs  bool              // walk adds the folders it enters to dirs
	unstatted func(string) bool // regular files listed without size and time (see Options)
	seen      func(File)        // called with each file statted (see Options)
	bufs      [][]byte
	recorder  // with Stamps
}

// walk lists the folder open as fd, whose path relative to root is prefix
// without its final slash, and every folder under it.
func (w *walker) walk(fd int, prefix string, depth int) error {
	return w.entries(fd, prefix, depth, func(name string) error {
		sub, err := openDir(fd, name)
		if errors.Is(err, unix.ENOENT) {
			return nil
		}
		if err != nil {
			return &fs.PathError{Op: "open", Path: w.root + "/" + prefix + name, Err: err}
		}
		defer unix.Close(sub)
		if w.withDirs {
			w.dirs = append(w.dirs, prefix+name)
		}
		return w.walk(sub, prefix+name+"/", depth+1)
	}, nil)
}

// visit lists the folder whose path from the root is prefix without its
// final slash, open as at if base is len(prefix), or else at prefix[base:]
// relative to the folder open as at, and every folder under it. It takes a
// folder's entries from w.last if it is unchanged, without opening it, and
// records each folder in w.rec.
func (w *walker) visit(at, base int, prefix string, depth int) error {
	key := prefix[:len(prefix)-1]
	rel := "."
	if base < len(prefix) {
		rel = key[base:]
	}
	var st unix.Stat_t
	err := retry(func() error {
		if rel == "." {
			return unix.Fstat(at, &st)
		}
		return unix.Fstatat(at, rel, &st, unix.AT_SYMLINK_NOFOLLOW)
	})
	switch {
	case errors.Is(err, unix.ENOENT):
		return nil // removed since its folder was read
	case err != nil:
		return &fs.PathError{Op: "lstat", Path: w.root + "/" + key, Err: err}
	case st.Mode&unix.S_IFMT != unix.S_IFDIR: // replaced since its folder was read
		w.add(fileOf(key, &st))
		return nil
	}
	if w.withDirs && depth > 0 {
		w.dirs = append(w.dirs, key)
	}
	ctime := st.Ctim.Nano()
	if old, ok := w.trusted(key, st.Ino, ctime); ok {
		return old.each(func(name string) error {
			path := prefix + name
			return w.stat(at, path[base:], path, func() error {
				return w.visit(at, base, path+"/", depth+1)
			})
		}, func(name string) error {
			return w.visit(at, base, prefix+name+"/", depth+1)
		})
	}
	fd := at
	if rel != "." {
		if fd, err = openDir(at, rel); errors.Is(err, unix.ENOENT) {
			return nil
		} else if err != nil {
			return &fs.PathError{Op: "open", Path: w.root + "/" + key, Err: err}
		}
		defer unix.Close(fd)
	}
	var files, dirs []string
	err = w.entries(fd, prefix, depth, func(name string) error {
		dirs = append(dirs, name)
		return w.visit(fd, len(prefix), prefix+name+"/", depth+1)
	}, func(name string) { files = append(files, name) })
	if err != nil {
		return err
	}
	w.record(key, st.Ino, ctime, files, dirs)
	return nil
}

// entries reads the folder open as fd, with the buffer for depth: it adds
// its files to w.files, with prefix before their names, calling file (if
// set) with the name of each, and calls dir for each folder.
func (w *walker) entries(fd int, prefix string, depth int, dir func(name string) error, file func(name string)) error {
	for len(w.bufs) <= depth {
		w.bufs = append(w.bufs, make([]byte, 16<<10))
	}
	buf := w.bufs[depth]
	for {
		var n int
		err := retry(func() (err error) { n, err = unix.Getdents(fd, buf); return err })
		if err != nil {
			return &fs.PathError{Op: "readdirent", Path: w.root + "/" + prefix, Err: err}
		}
		if n <= 0 {
			return nil
		}
		for b := buf[:n]; len(b) >= 19; {
			// struct linux_dirent64: ino u64, off s64, reclen u16, type u8, name.
			ino := binary.NativeEndian.Uint64(b)
			reclen := int(binary.NativeEndian.Uint16(b[16:]))
			if reclen < 19 || reclen > len(b) {
				return &fs.PathError{Op: "readdirent", Path: w.root + "/" + prefix, Err: errors.New("malformed entry")}
			}
			typ, raw := b[18], b[19:reclen]
			b = b[reclen:]
			for i, c := range raw {
				if c == 0 {
					raw = raw[:i]
					break
				}
			}
			if ino == 0 || string(raw) == "." || string(raw) == ".." {
				continue
			}
			if typ == unix.DT_DIR {
				if err := dir(string(raw)); err != nil {
					return err
				}
				continue
			}
			path := prefix + string(raw)
			name := path[len(prefix):]
			if typ == unix.DT_REG && w.unstatted != nil && w.unstatted(name) {
				w.files = append(w.files, File{Path: path})
				if file != nil {
					file(name)
				}
				continue
			}
			isDir := false
			err := w.stat(fd, name, path, func() error {
				isDir = true
				return dir(name)
			})
			if err != nil {
				return err
			}
			if file != nil && !isDir {
				file(name)
			}
		}
	}
}

// stat adds the file rel, relative to the folder open as at, to w.files
// with path as its path, or calls dir if it is a folder after all (a file
// system that does not give entries' types).
func (w *walker) stat(at int, rel, path string, dir func() error) error {
	var st unix.Stat_t
	err := retry(func() error { return unix.Fstatat(at, rel, &st, unix.AT_SYMLINK_NOFOLLOW) })
	switch {
	case errors.Is(err, unix.ENOENT):
		w.files = append(w.files, File{Path: path})
	case err != nil:
		return &fs.PathError{Op: "lstat", Path: w.root + "/" + path, Err: err}
	case st.Mode&unix.S_IFMT == unix.S_IFDIR:
		return dir()
	default:
		w.add(fileOf(path, &st))
	}
	return nil
}

// add adds a file statted to w.files, and tells w.seen.
func (w *walker) add(f File) {
	w.files = append(w.files, f)
	if w.seen != nil {
		w.seen(f)
	}
}

// fileOf is the File at path that st describes.
func fileOf(path string, st *unix.Stat_t) File {
	return File{Path: path, Size: st.Size, ModTime: st.Mtim.Nano(), Change: st.Ctim.Nano(),
		Link: st.Mode&unix.S_IFMT == unix.S_IFLNK, Special: special(st.Mode)}
}

// localFS reports whether root is on a local file system whose folders'
// change times a listing can trust (see Stamps): one of the common ones.
// A network file system's client may answer a stat from its attribute
// cache, where opening the folder would ask the server (NFS's
// close-to-open), so a folder's new entries could go unseen for as long as
// the cache lasts; an unknown file system is not trusted either.
func localFS(root string) bool {
	var fs unix.Statfs_t
	if err := unix.Statfs(root, &fs); err != nil {
		return false
	}
	switch uint32(fs.Type) {
	case unix.EXT4_SUPER_MAGIC, unix.TMPFS_MAGIC, unix.XFS_SUPER_MAGIC, unix.BTRFS_SUPER_MAGIC,
		unix.F2FS_SUPER_MAGIC, unix.OVERLAYFS_SUPER_MAGIC, zfsSuperMagic, unix.BCACHEFS_SUPER_MAGIC:
		return true
	}
	return false
}

// zfsSuperMagic is ZFS on Linux's f_type, which x/sys/unix does not name.
const zfsSuperMagic = 0x2fc12fc1

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
