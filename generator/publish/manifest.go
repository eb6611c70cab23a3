package publish

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"os"
	"path/filepath"

	"brief/generator/internal/scan"
)

// Manifest records what a build wrote, so that the next build can keep
// every file whose bytes did not change (same inode, same modification
// time: rsync-style deploys upload only what changed) and can skip a build
// whose inputs did not change at all.
type Manifest struct {
	Key   string              // hash of everything the build read; "" when unknown
	Out   string              // absolute path of the output folder
	Files map[string]FileInfo // output path → what was written there
	Stats []byte              // the build's summary, for a build that is skipped
	// Inputs are the source files the key was made from, so that the next
	// build hashes again only the files whose size or time changed.
	Inputs map[string]FileInfo
}

// FileInfo identifies one output file's content and the file on disk
// holding it.
type FileInfo struct {
	Size    int64
	ModTime int64  // UnixNano
	Sum     uint64 // xxhash of the bytes: fast, and stable from one process to the next
}

// ReadManifest reads a manifest written by Save. A missing or unreadable
// manifest is an empty one: it only costs time.
func ReadManifest(file string) *Manifest {
	m := &Manifest{Files: map[string]FileInfo{}}
	data, err := os.ReadFile(file)
	if err != nil {
		return m
	}
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(m); err != nil || m.Files == nil {
		return &Manifest{Files: map[string]FileInfo{}}
	}
	return m
}

// Save writes the manifest atomically.
func (m *Manifest) Save(file string) error {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(m); err != nil {
		return fmt.Errorf("encode manifest: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return fmt.Errorf("save manifest: %w", err)
	}
	tmp := file + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("save manifest: %w", err)
	}
	return os.Rename(tmp, file)
}

// Intact reports whether every file the manifest lists is still in out as
// it was written (same size and modification time) and nothing else is.
func (m *Manifest) Intact(out string) bool {
	if fi, err := os.Stat(out); err != nil || !fi.IsDir() {
		return false
	}
	files, err := scan.Tree(out)
	if err != nil || len(files) != len(m.Files) {
		return false
	}
	for _, f := range files {
		want, ok := m.Files[f.Path]
		if !ok || f.Size != want.Size || f.ModTime != want.ModTime {
			return false
		}
	}
	return true
}
