// Package osfs reads and writes the files of a build with as little work
// per file as it can. A build reads 50,000 files and writes 14,000 at
// 10,000 briefings. Through an os.File, on Linux, each of them also costs
// five more system calls (the runtime offers every file to its network
// poller, which refuses regular files, and sets it non-blocking and back)
// and an object with a cleanup for the collector; here a file is a
// descriptor: open, fstat, read or write, close.
package osfs

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"sync"
)

// Dir is the file system of the files under a folder, as os.DirFS gives
// it, whose ReadFile reads a file into a buffer of exactly its size, with
// plain system calls where it can.
type Dir string

var (
	_ fs.ReadFileFS = Dir("")
	_ fs.ReadDirFS  = Dir("")
	_ fs.StatFS     = Dir("")
	_ fs.ReadLinkFS = Dir("")
)

func (d Dir) fsys() fs.FS { return os.DirFS(string(d)) }

// Open opens name as os.DirFS does.
func (d Dir) Open(name string) (fs.File, error) { return d.fsys().Open(name) }

// Stat is os.DirFS's.
func (d Dir) Stat(name string) (fs.FileInfo, error) { return fs.Stat(d.fsys(), name) }

// ReadLink is os.DirFS's.
func (d Dir) ReadLink(name string) (string, error) { return fs.ReadLink(d.fsys(), name) }

// Lstat is os.DirFS's.
func (d Dir) Lstat(name string) (fs.FileInfo, error) { return fs.Lstat(d.fsys(), name) }

// ReadDir is os.DirFS's.
func (d Dir) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(d.fsys(), name) }

// ErrNotRegular is the error of ReadFile for a file that is not a regular
// file (a named pipe, a socket, a device), which it does not read: a
// named pipe would wait for a writer, a device may never end. Callers
// list files before they read them, and never ask for such a file; one
// may still be put in the place of a file listed.
var ErrNotRegular = errors.New("not a regular file")

// ReadFile reads the file name, a slash-separated path under the folder,
// into a buffer of its size. Errors are *fs.PathError naming name.
func (d Dir) ReadFile(name string) ([]byte, error) {
	data, _, err := d.ReadFileInfo(name)
	return data, err
}

// Info is the size and times of a file as it was read.
type Info struct {
	Size    int64
	ModTime int64 // Unix nanoseconds
	// Change is when the file last changed in any way, its contents,
	// name or times (the inode's ctime), where the system keeps it, and
	// ModTime elsewhere: a program can set a file's modification time
	// back after changing it (touch -r, cp -p, tar), not this one.
	Change int64
}

// ReadFileInfo is ReadFile that also returns the size and time of the
// file it read, from the open file itself: the file those bytes came
// from, even if the path is changed meanwhile.
func (d Dir) ReadFileInfo(name string) ([]byte, Info, error) {
	if !fs.ValidPath(name) {
		return nil, Info{}, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	full := string(d) + "/" + name
	if d == "" {
		full = name
	}
	data, info, op, err := readFile(full)
	if err != nil {
		return nil, Info{}, &fs.PathError{Op: op, Path: name, Err: err}
	}
	return data, info, nil
}

// ReadHead reads the start of the file name into buf, and returns how
// many bytes it read: len(buf), or all of a shorter file. As ReadFileInfo,
// it refuses anything but a regular file without waiting on it.
func (d Dir) ReadHead(name string, buf []byte) (int, error) {
	if !fs.ValidPath(name) {
		return 0, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	full := string(d) + "/" + name
	if d == "" {
		full = name
	}
	n, op, err := readHead(full, buf)
	if err != nil {
		return 0, &fs.PathError{Op: op, Path: name, Err: err}
	}
	return n, nil
}

// Digest writes the bytes of the file name to w, a hash, a piece at a
// time, and returns the size and times of the file it read, as
// ReadFileInfo does: a large file (a video in a bundle) is never held in
// memory whole. As ReadFileInfo, it refuses anything but a regular file
// without waiting on it. An error of w's is returned as it is.
func (d Dir) Digest(name string, w io.Writer) (Info, error) {
	if !fs.ValidPath(name) {
		return Info{}, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	full := string(d) + "/" + name
	if d == "" {
		full = name
	}
	info, op, err := digest(full, w)
	if err != nil && op != "" {
		return Info{}, &fs.PathError{Op: op, Path: name, Err: err}
	}
	return info, err
}

// digestBuffers are the buffers of Digest, each of the piece of a file it
// reads at a time: a site's pictures are read one after the other, and
// would otherwise each leave one to collect.
var digestBuffers = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// CopyFile copies the file src to dst (paths of the system's), a piece at
// a time, writing each piece to h too (a hash): a large file (a video) is
// never held in memory whole. dst is made or emptied first with mode perm.
// It returns the size of what it copied and dst's modification time in
// Unix nanoseconds. As ReadFile, it refuses a src that is not a regular
// file without waiting on it. Errors are *fs.PathError naming the file
// they are of.
func CopyFile(dst, src string, perm fs.FileMode, h io.Writer) (size, mtime int64, err error) {
	pooled := digestBuffers.Get().(*[]byte)
	defer digestBuffers.Put(pooled)
	return copyFile(dst, src, perm, h, *pooled)
}

// WriteFile writes data to the file name (a path of the system's), made
// or emptied first with mode perm, and returns its modification time in
// Unix nanoseconds. Errors are *fs.PathError.
func WriteFile(name string, data []byte, perm fs.FileMode) (int64, error) {
	mtime, op, err := writeFile(name, data, perm)
	if err != nil {
		return 0, &fs.PathError{Op: op, Path: name, Err: err}
	}
	return mtime, nil
}
