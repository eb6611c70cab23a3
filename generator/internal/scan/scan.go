// Package scan lists the files under a folder with their size and
// modification time. It is the first thing a build with a cache does, on
// tens of thousands of files, before it knows whether there is anything
// to build, so it makes as few system calls as it can and makes them in
// parallel: the time goes to the kernel, not to the processor.
package scan

import (
	"errors"
	"io/fs"
	"runtime"
	"slices"
	"sync"
	"time"

	"brief/generator/internal/wire"
)

// File is an entry of a folder tree that is not a folder. A symbolic link
// is a File and is not followed.
type File struct {
	Path    string // relative to the root, with slashes
	Size    int64
	ModTime int64 // Unix nanoseconds
	Change  int64 // when it last changed in any way: see osfs.Info.Change
	Link    bool  // a symbolic link
	// Special is the type of a file that is neither regular nor a
	// symbolic link (fs.ModeNamedPipe, fs.ModeSocket, fs.ModeDevice,
	// fs.ModeCharDevice, fs.ModeIrregular), and 0 for those: the
	// listing's callers must not open such a file, since reading a
	// named pipe waits for a writer, and a device may never end.
	Special fs.FileMode
}

// Type is the file's type bits, as fs.DirEntry.Type gives them: 0 for a
// regular file.
func (f File) Type() fs.FileMode {
	if f.Link {
		return fs.ModeSymlink
	}
	return f.Special
}

// Options are what a listing may be given besides its root; the zero
// Options list every file, with its size and times.
type Options struct {
	// Unstatted, for Walk: a file below root for whose name it reports
	// true, and which its folder's listing says is a regular file, may
	// be listed with no size and time (zeros), to save a system call on
	// a file the caller reads anyway and learns them then.
	Unstatted func(name string) bool
	// Stamps: the listing takes from them the folders that did not
	// change since the last listing of root made with the Stamps they
	// were made from, and records them all for the next (see Stamps).
	Stamps *Stamps
	// Seen is called with each file listed with its size and times as
	// the listing finds it, from several goroutines at once: a caller
	// may act on a change before the listing ends.
	Seen func(File)
}

// Tree lists every file under root, in no particular order. A root that
// does not exist has no files; a root that is itself a file is listed as
// ".". A file that vanishes while the tree is listed may be listed with
// zero size and time. Each sub-folder of root is listed on its own
// goroutine, a few more of them than there are processors, since they
// wait on the kernel.
func Tree(root string, opt Options) ([]File, error) {
	files, _, err := list(root, false, opt)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return files, err
}

// Walk lists root as Tree does, and its folders too: dirs holds the path
// of every folder under root, relative to it, in no particular order. A
// root that does not exist is an error that wraps fs.ErrNotExist; a root
// that is a file has no folders.
func Walk(root string, opt Options) (files []File, dirs []string, err error) {
	return list(root, true, opt)
}

// list lists root's files, and its folders if withDirs is set.
func list(root string, withDirs bool, opt Options) ([]File, []string, error) {
	st := opt.Stamps
	if st != nil && !localFS(root) {
		st = nil // see localFS
	}
	start := time.Now()
	top, dirs, err := readRoot(root, opt.Seen)
	if err != nil || len(dirs) == 0 {
		if st != nil && err == nil {
			st.add(root, nil)
		}
		return top, dirs, err
	}
	var last map[string]stamp
	if st != nil {
		last = st.of(root)
	}
	found := make([]walker, len(dirs))
	errs := make([]error, len(dirs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2*runtime.GOMAXPROCS(0))
	for i, dir := range dirs {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			w := &found[i]
			w.withDirs, w.unstatted, w.seen = withDirs, opt.Unstatted, opt.Seen
			if st != nil {
				w.last, w.start, w.rec = last, start, wire.NewWriter(nil)
			}
			errs[i] = w.subtree(root, dir)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, nil, err
	}
	// Sized at once: at 100,000 briefings growing them by appends took
	// 0.2 s of copying.
	files, subdirs := 0, 0
	for i := range found {
		files += len(found[i].files)
		subdirs += len(found[i].dirs)
	}
	top = slices.Grow(top, files)
	var all []string
	if withDirs {
		all = slices.Grow(dirs, subdirs)
	}
	recs := make([]*recorder, len(found))
	for i := range found {
		w := &found[i]
		top = append(top, w.files...)
		all = append(all, w.dirs...)
		recs[i] = &w.recorder
	}
	if st != nil {
		st.add(root, recs)
	}
	return top, all, nil
}
