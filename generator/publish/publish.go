// Package publish writes a build's output folder atomically: every file goes
// into a fresh folder beside the target, and only a build that succeeded
// swaps it in, so a failed build leaves the published site exactly as it
// was and no stale file survives a successful one.
package publish

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"brief/generator/internal/osfs"

	"github.com/cespare/xxhash/v2"
)

// Writer collects the files of one build.
type Writer struct {
	out  string    // the folder being replaced
	tmp  string    // where this build writes the whole output; "" while it updates out in place
	dir  string    // the folder this build made beside out: tmp, or an update's (see Update)
	prev *Manifest // what out holds, if known
	// unknown: out is a folder that no manifest describes (the cache
	// was deleted): a file there with the bytes of one to write is kept
	// as it is, found by reading it.
	unknown bool
	old     bool // out is a folder: it may hold files to keep
	dirMu   sync.Mutex
	dirs    map[string]bool // folders made by this build

	mu     sync.Mutex
	files  map[string]FileInfo
	reused int

	// While updating in place (see Update): the files whose bytes
	// changed, by the name each is written under in dir, those written,
	// and how many bytes they may hold.
	staged      map[string]string
	written     map[string]bool
	stagedBytes int
	limit       int
	// passing is set once Commit has begun to change out; added, once
	// dir lists the files the update adds to out (see Saved).
	passing, added bool
}

// Begin starts a build of the folder out. Nothing in out changes until
// Commit. prev, if not nil, describes what out holds now: a file whose
// bytes are unchanged is then linked from the old output rather than
// written again, so it keeps its inode and modification time.
func Begin(out string, prev *Manifest) (*Writer, error) {
	out, err := filepath.Abs(out)
	if err != nil {
		return nil, err
	}
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("create output folder: %w", err)
	}
	if prev != nil && prev.Out != out {
		prev = nil
	}
	w := &Writer{out: out, prev: prev, files: map[string]FileInfo{}}
	if err := w.begin(); err != nil {
		return nil, err
	}
	w.tmp = w.dir
	if fi, err := os.Lstat(out); err == nil && fi.IsDir() {
		w.old = true
		w.unknown = prev == nil || len(prev.Files) == 0
	}
	return w, nil
}

// newFolder creates, beside out, the folder a build writes and Commit
// swaps in for out.
func newFolder(out string) (string, error) {
	var r [6]byte
	rand.Read(r[:])
	tmp := filepath.Join(filepath.Dir(out), tempPrefix(out)+hex.EncodeToString(r[:]))
	if err := os.Mkdir(tmp, 0o755); err != nil {
		return "", fmt.Errorf("create output folder: %w", err)
	}
	return tmp, nil
}

// tempPrefix starts the name of the folders builds of out write beside it.
func tempPrefix(out string) string { return "." + filepath.Base(out) + ".tmp-" }

// StaleAfter is how long after its last change a build's folder beside the
// output is taken to be left by a build cut short, not one still running:
// removing it then frees what could be gigabytes of pages.
const StaleAfter = time.Hour

// removeStale removes the folders beside out that builds of out made
// (named by tempPrefix and 12 hex digits) and that have not changed since
// before.
func removeStale(out string, before time.Time) {
	RemoveOld(filepath.Dir(out), before, func(e fs.DirEntry) bool { return ourFolder(out, e) })
}

// ourFolder reports whether e, beside out, is a folder that a build of out
// made (see newFolder).
func ourFolder(out string, e fs.DirEntry) bool {
	name, ok := strings.CutPrefix(e.Name(), tempPrefix(out))
	return ok && e.IsDir() && len(name) == 12 && strings.Trim(name, "0123456789abcdef") == ""
}

// RemoveOld removes the entries of dir that match and have not changed
// since before: what a build cut short (interrupted, killed) left behind,
// which a build under way beside it would have changed since.
func RemoveOld(dir string, before time.Time, match func(fs.DirEntry) bool) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !match(e) {
			continue
		}
		if fi, err := e.Info(); err == nil && fi.ModTime().Before(before) {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}

// Clean checks that rel is a relative, slash-separated path that stays
// inside the output folder, and returns it cleaned.
func Clean(rel string) (string, error) {
	c := path.Clean(rel)
	if rel == "" || path.IsAbs(rel) || c == ".." || strings.HasPrefix(c, "../") || !fs.ValidPath(c) || strings.Contains(rel, "\\") {
		return "", fmt.Errorf("output path %q would leave the output folder", rel)
	}
	return c, nil
}

// Out is the output folder the Writer replaces or updates.
func (w *Writer) Out() string { return w.out }

// Write writes one file of the output. It is safe for concurrent use.
func (w *Writer) Write(rel string, data []byte) error {
	info := FileInfo{Size: int64(len(data)), Sum: xxhash.Sum64(data)}
	return w.put(rel, info, func(name string, info *FileInfo) error {
		return writeFile(name, data, info)
	}, func(old string) bool {
		b, err := os.ReadFile(old)
		return err == nil && bytes.Equal(b, data)
	})
}

// CopyFile is Write for the bytes of the file src (a path of the
// system's), whose size and hash (xxhash) are size and sum: it copies them
// a piece at a time, and a large file (a video) is never held in memory
// whole. A file of the old output is taken to hold the same bytes when it
// has that size and hash. If src has changed since it was hashed, the
// output records the bytes it copied.
func (w *Writer) CopyFile(rel, src string, size int64, sum uint64) error {
	return w.put(rel, FileInfo{Size: size, Sum: sum}, func(name string, info *FileInfo) error {
		h := xxhash.New()
		n, mtime, err := osfs.CopyFile(name, src, 0o644, h)
		info.Size, info.Sum, info.ModTime = n, h.Sum64(), mtime
		return err
	}, func(old string) bool {
		h := xxhash.New()
		_, err := osfs.Dir(filepath.Dir(old)).Digest(filepath.Base(old), h)
		return err == nil && h.Sum64() == sum
	})
}

// put writes rel, whose bytes are described by info: write writes them
// to a path of the system's, and sets info's time (and its size and hash,
// if they turn out otherwise); equal reports whether the file at a path
// holds them, for a size already equal (see same).
func (w *Writer) put(rel string, info FileInfo, write func(string, *FileInfo) error, equal func(string) bool) error {
	if stopped.Load() {
		return errInterrupted // its folder is being removed
	}
	rel, err := Clean(rel)
	if err != nil {
		return err
	}
	w.mu.Lock()
	kept, staged, err := w.inPlace(rel, int(info.Size), info)
	w.mu.Unlock()
	if kept || err != nil {
		return err
	}
	if staged != "" {
		return w.writeStaged(rel, staged, write, info)
	}
	full := filepath.Join(w.tmp, filepath.FromSlash(rel))
	if err := w.mkdir(filepath.Dir(full)); err != nil {
		return err
	}
	reused := w.reuse(rel, full, &info) || w.same(rel, full, info.Size, equal, &info)
	if !reused {
		if err := write(full, &info); err != nil {
			return fmt.Errorf("write %s: %w", rel, err)
		}
	}
	w.mu.Lock()
	w.files[rel] = info
	if reused {
		w.reused++
	}
	w.mu.Unlock()
	return nil
}

// Keep puts the previous output's copy of rel into the new output, as
// Write would with the bytes it holds, and reports whether it could: the
// previous output must have it as it was written, untouched since.
func (w *Writer) Keep(rel string) bool {
	rel, err := Clean(rel)
	if err != nil || w.prev == nil {
		return false
	}
	info, ok := w.prev.Files[rel]
	if !ok {
		return false
	}
	w.mu.Lock()
	kept, _, err := w.inPlace(rel, 0, info) // the bytes prev records: kept, never staged
	w.mu.Unlock()
	if kept || err != nil {
		return err == nil
	}
	full := filepath.Join(w.tmp, filepath.FromSlash(rel))
	if w.mkdir(filepath.Dir(full)) != nil || !w.reuse(rel, full, &info) {
		return false
	}
	w.mu.Lock()
	w.files[rel] = info
	w.reused++
	w.mu.Unlock()
	return true
}

// KeepSum is Keep for a file whose bytes hash to sum (xxhash, as the
// manifest records them): it keeps the previous output's rel only when
// the manifest records those bytes there. A file copied as it is need
// not be read to be kept.
func (w *Writer) KeepSum(rel string, sum uint64) bool {
	rel, err := Clean(rel)
	if err != nil || w.prev == nil {
		return false
	}
	if info, ok := w.prev.Files[rel]; !ok || info.Sum != sum {
		return false
	}
	return w.Keep(rel)
}

// reuse links the previous output's copy of rel into the new output when
// its bytes are the ones being written and it was not touched since.
func (w *Writer) reuse(rel, full string, info *FileInfo) bool {
	if w.prev == nil {
		return false
	}
	old, ok := w.prev.Files[rel]
	if !ok || old.Size != info.Size || old.Sum != info.Sum {
		return false
	}
	oldPath := filepath.Join(w.out, filepath.FromSlash(rel))
	fi, err := os.Lstat(oldPath)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != old.Size || fi.ModTime().UnixNano() != old.ModTime {
		return false
	}
	if err := os.Link(oldPath, full); err != nil {
		return false
	}
	info.ModTime = old.ModTime
	return true
}

// same links the old output's copy of rel into the new one when that
// copy has size bytes that equal finds the ones being written, and no
// manifest vouches for its bytes: none
// describes the old output (the cache was deleted), or the copy is not as
// the manifest records it (the folder was copied without its times, or
// the cache is older than the folder). Such an output keeps the files,
// times and all, that a build writes again unchanged, as one with its
// cache does, so that a deploy that compares times (rsync) sends only
// what changed.
func (w *Writer) same(rel, full string, size int64, equal func(string) bool, info *FileInfo) bool {
	if !w.old {
		return false
	}
	oldPath := filepath.Join(w.out, filepath.FromSlash(rel))
	fi, err := os.Lstat(oldPath)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != size {
		return false
	}
	if !w.unknown && w.prev != nil {
		if rec, ok := w.prev.Files[rel]; ok && rec.Size == fi.Size() && rec.ModTime == fi.ModTime().UnixNano() {
			return false // the bytes the manifest records, which reuse compared
		}
	}
	if !equal(oldPath) || os.Link(oldPath, full) != nil {
		return false
	}
	info.ModTime = fi.ModTime().UnixNano()
	return true
}

func writeFile(name string, data []byte, info *FileInfo) error {
	mtime, err := osfs.WriteFile(name, data, 0o644)
	info.ModTime = mtime
	return err
}

// Copy copies file name of fsys to rel in the output.
func (w *Writer) Copy(rel string, fsys fs.FS, name string) error {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("copy %s: %w", name, err)
	}
	return w.Write(rel, data)
}

// mkdir creates a folder once per build, however many files go in it.
func (w *Writer) mkdir(dir string) error {
	if err := w.makeDir(dir); err != nil {
		return fmt.Errorf("create folder: %w", err)
	}
	return nil
}

func (w *Writer) makeDir(dir string) error {
	w.dirMu.Lock()
	made := w.dirs[dir]
	w.dirMu.Unlock()
	if made {
		return nil
	}
	parent := filepath.Dir(dir)
	var err error
	if w.dir != "" && (parent == w.dir || strings.HasPrefix(parent, w.dir+string(filepath.Separator))) {
		// In the folder this build made: its folders are made
		// parent first, with one call each (os.MkdirAll looks before
		// it makes, and looks at the parent too).
		if err = w.makeDir(parent); err == nil {
			if err = os.Mkdir(dir, 0o755); errors.Is(err, fs.ErrExist) {
				err = nil // made by another worker meanwhile
			}
		}
	} else {
		err = os.MkdirAll(dir, 0o755)
	}
	if err == nil {
		w.dirMu.Lock()
		if w.dirs == nil {
			w.dirs = map[string]bool{}
		}
		w.dirs[dir] = true
		w.dirMu.Unlock()
	}
	return err
}

// Expect sizes the Writer's records for n files before the first is
// written: for a large site they would otherwise be copied as they grow.
func (w *Writer) Expect(n int) {
	w.dirMu.Lock()
	if len(w.dirs) == 0 {
		w.dirs = make(map[string]bool, n)
	}
	w.dirMu.Unlock()
	w.mu.Lock()
	if len(w.files) == 0 {
		w.files = make(map[string]FileInfo, n)
	}
	w.mu.Unlock()
}

// Wrote reports whether the build has written rel, or kept it from the
// previous output.
func (w *Writer) Wrote(rel string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	_, ok := w.files[rel]
	return ok
}

// Files returns how many files have been written, and how many of them
// were kept from the previous output.
func (w *Writer) Files() (n, reused int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.files), w.reused
}

// Manifest describes the output as written, for the next build. Call it
// after Commit.
func (w *Writer) Manifest() *Manifest {
	w.mu.Lock()
	defer w.mu.Unlock()
	return &Manifest{Out: w.out, Files: w.files}
}

// Commit replaces the output folder with the files written, and removes
// the old one, and the folders of builds cut short beside it (see
// removeStale).
func (w *Writer) Commit() error {
	if !w.committing() {
		return errInterrupted
	}
	defer forget(w)
	if err := w.commit(); err != nil {
		return err
	}
	// Published: what builds cut short (interrupted, killed) left beside
	// the output can go.
	removeStale(w.out, time.Now().Add(-StaleAfter))
	return nil
}

// commit publishes the files written, in place or by swapping folders.
func (w *Writer) commit() error {
	if w.tmp == "" {
		w.mu.Lock()
		gone := 0
		for rel := range w.prev.Files {
			if _, ok := w.files[rel]; !ok {
				gone++
			}
		}
		var err error
		many := len(w.staged)+gone > MaxUpdateFiles
		if many {
			err = w.newTree() // too many to rename in one short pass
		}
		w.mu.Unlock()
		if err != nil {
			return err
		}
		if !many {
			return w.commitInPlace()
		}
	}
	if _, err := os.Lstat(w.out); os.IsNotExist(err) {
		if err := os.Rename(w.tmp, w.out); err != nil {
			return fmt.Errorf("publish: %w", err)
		}
		if w.dir != w.tmp {
			os.RemoveAll(w.dir) // an update's, which held the new folder
		}
		return nil
	}
	if err := exchange(w.tmp, w.out); err != nil {
		if errors.Is(err, syscall.EBUSY) {
			// A mount point cannot be renamed: not the folder, but its
			// files, are what a build there would have to replace.
			return fmt.Errorf("publish: cannot replace %s (%w): it is a mount point, and a build replaces its output folder whole; build into a folder inside it, or mount the folder above it", w.out, err)
		}
		return fmt.Errorf("publish: cannot replace %s: %w", w.out, err)
	}
	// w.tmp, in w.dir, now holds the previous output. The site is
	// published: a failure to remove the old one is not the build's, and
	// the next build removes it once it is stale (see removeStale).
	os.RemoveAll(w.dir)
	return nil
}

// Abort discards everything written; the output folder is untouched,
// unless Commit failed while it put an update's files in place: the
// update's folder then stays, for the next build to know the files it
// added (see Saved).
func (w *Writer) Abort() {
	forget(w)
	if w.dir != "" && !w.passing {
		os.RemoveAll(w.dir)
	}
}

// underWay are the Writers begun and not yet committed or aborted, for
// Interrupted; a Writer in it is set once its Commit begins.
var underWay = struct {
	sync.Mutex
	writers     map[*Writer]bool
	interrupted bool
	commits     sync.WaitGroup // the Commits begun and not ended
}{writers: map[*Writer]bool{}}

var errInterrupted = errors.New("publish: the build was interrupted")

// stopped is set with underWay.interrupted, for the writes under way to
// look at without the lock: once it is set they write no more, so that
// Interrupted can remove their folders whole.
var stopped atomic.Bool

// begin creates the folder w writes beside its output folder, and adds w
// to the Writers under way, at once: a signal between the two would leave
// the folder behind. Once the process is interrupted it creates none.
func (w *Writer) begin() error {
	underWay.Lock()
	defer underWay.Unlock()
	if underWay.interrupted {
		return errInterrupted
	}
	dir, err := newFolder(w.out)
	if err != nil {
		return err
	}
	w.dir = dir
	underWay.writers[w] = false
	return nil
}

// forget removes w from the Writers under way.
func forget(w *Writer) {
	underWay.Lock()
	defer underWay.Unlock()
	if underWay.writers[w] {
		underWay.commits.Done()
	}
	delete(underWay.writers, w)
}

// committing marks w's Commit as begun, unless the process was
// interrupted first.
func (w *Writer) committing() bool {
	underWay.Lock()
	defer underWay.Unlock()
	if underWay.interrupted {
		return false
	}
	underWay.writers[w] = true
	underWay.commits.Add(1)
	return true
}

// Interrupted removes the folders that the builds under way write beside
// their output folders, as Abort does, for a process about to exit on a
// signal (Ctrl-C): their output folders stay as they were. A build whose
// Commit has begun is waited for, so that its output folder is whole and
// nothing is left beside it; one that has not is refused its Commit from
// now on.
func Interrupted() {
	underWay.Lock()
	underWay.interrupted = true
	stopped.Store(true)
	for w, committing := range underWay.writers {
		if !committing && w.dir != "" {
			removeSettled(w.dir)
		}
	}
	underWay.Unlock()
	underWay.commits.Wait()
}

// removeSettled removes dir whole, again while a write that began before
// the writers stopped makes a file or folder in it: the first RemoveAll
// of a folder that workers were filling left what they made meanwhile.
func removeSettled(dir string) {
	for range 20 {
		os.RemoveAll(dir)
		if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}
