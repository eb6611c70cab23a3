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
)

// Writer collects the files of one build.
type Writer struct {
	out  string // the folder being replaced
	tmp  string // where this build writes
	dirs sync.Map
	mu   sync.Mutex
	n    int
}

// Begin starts a build of the folder out. Nothing in out changes until
// Commit.
func Begin(out string) (*Writer, error) {
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
	return &Writer{out: out, tmp: tmp}, nil
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
	if err := os.WriteFile(full, data, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", rel, err)
	}
	w.mu.Lock()
	w.n++
	w.mu.Unlock()
	return nil
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

// Files returns how many files have been written.
func (w *Writer) Files() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.n
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
