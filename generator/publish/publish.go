// Package publish writes a build's output folder atomically: every file goes
// into a fresh folder beside the target, and only a build that succeeded
// swaps it in, so a failed build leaves the published site exactly as it
// was and no stale file survives a successful one.
package publish

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/cespare/xxhash/v2"
)

// Writer collects the files of one build.
type Writer struct {
	out  string    // the folder being replaced
	tmp  string    // where this build writes
	prev *Manifest // what out holds, if known
	dirs sync.Map

	mu     sync.Mutex
	files  map[string]FileInfo
	reused int
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
	var r [6]byte
	rand.Read(r[:])
	tmp := filepath.Join(parent, "."+filepath.Base(out)+".tmp-"+hex.EncodeToString(r[:]))
	if err := os.Mkdir(tmp, 0o755); err != nil {
		return nil, fmt.Errorf("create output folder: %w", err)
	}
	if prev != nil && prev.Out != out {
		prev = nil
	}
	return &Writer{out: out, tmp: tmp, prev: prev, files: map[string]FileInfo{}}, nil
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

// Write writes one file of the output. It is safe for concurrent use.
func (w *Writer) Write(rel string, data []byte) error {
	rel, err := Clean(rel)
	if err != nil {
		return err
	}
	full := filepath.Join(w.tmp, filepath.FromSlash(rel))
	if err := w.mkdir(filepath.Dir(full)); err != nil {
		return err
	}
	info := FileInfo{Size: int64(len(data)), Sum: xxhash.Sum64(data)}
	reused := w.reuse(rel, full, &info)
	if !reused {
		if err := writeFile(full, data, &info); err != nil {
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

func writeFile(name string, data []byte, info *FileInfo) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		var fi os.FileInfo
		if fi, err = f.Stat(); err == nil {
			info.ModTime = fi.ModTime().UnixNano()
		}
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
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
	if _, ok := w.dirs.Load(dir); ok {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create folder: %w", err)
	}
	w.dirs.Store(dir, true)
	return nil
}

// Files returns how many files have been written, and how many of them
// were kept from the previous output.
func (w *Writer) Files() (n, reused int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.files), w.reused
}

// Manifest describes the output as written, for the next build.
func (w *Writer) Manifest() *Manifest {
	w.mu.Lock()
	defer w.mu.Unlock()
	return &Manifest{Out: w.out, Files: w.files}
}

// Commit replaces the output folder with the files written, and removes
// the old one.
func (w *Writer) Commit() error {
	if _, err := os.Lstat(w.out); os.IsNotExist(err) {
		if err := os.Rename(w.tmp, w.out); err != nil {
			return fmt.Errorf("publish: %w", err)
		}
		return nil
	}
	if err := exchange(w.tmp, w.out); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	// w.tmp now holds the previous output.
	return os.RemoveAll(w.tmp)
}

// Abort discards everything written; the output folder is untouched.
func (w *Writer) Abort() {
	os.RemoveAll(w.tmp)
}
