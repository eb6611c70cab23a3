package generator

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"

	"brief/generator/content"
	"brief/generator/layout"
	"brief/generator/publish"
)

// CacheDir is the default folder, under the source folder, where brief
// keeps what it can reuse between builds. Deleting it only costs time.
const CacheDir = ".brief-cache"

// inputs are the parts of a source folder a build reads.
var inputs = []string{content.ConfigFile, content.Dir, layout.Dir, StaticDir}

// inputKey hashes everything a build's output depends on: the brief binary
// itself, the settings, and the path, type and bytes of every input file.
// Two builds with the same key write the same bytes.
func inputKey(cfg Config) (string, error) {
	h := sha256.New()
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	bin, err := os.ReadFile(exe)
	if err != nil {
		return "", err
	}
	h.Write(bin)
	settings, _ := json.Marshal([]any{cfg.BaseURL, cfg.Drafts, cfg.Out})
	h.Write(settings)

	var files []string
	fsys := os.DirFS(cfg.Source)
	for _, root := range inputs {
		err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
			if errors.Is(err, fs.ErrNotExist) && p == root {
				return nil
			}
			if err != nil {
				return err
			}
			if !d.IsDir() {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			return "", err
		}
	}
	sort.Strings(files)
	sums := make([][sha256.Size]byte, len(files))
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	work := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				sum, err := fileSum(fsys, files[i])
				if err != nil {
					mu.Lock()
					firstErr = err
					mu.Unlock()
				}
				sums[i] = sum
			}
		}()
	}
	for i := range files {
		work <- i
	}
	close(work)
	wg.Wait()
	if firstErr != nil {
		return "", firstErr
	}
	for i, f := range files {
		h.Write([]byte(f))
		h.Write([]byte{0})
		h.Write(sums[i][:])
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// fileSum hashes a file's bytes, or a symbolic link's target.
func fileSum(fsys fs.FS, name string) ([sha256.Size]byte, error) {
	if fi, err := fs.Lstat(fsys, name); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		target, err := fs.ReadLink(fsys, name)
		return sha256.Sum256([]byte("symlink:" + target)), err
	}
	data, err := fs.ReadFile(fsys, name)
	return sha256.Sum256(data), err
}

// cachedBuild returns the stats of the previous build when nothing it read
// has changed and its output is still on disk as it wrote it.
func cachedBuild(key string, prev *publish.Manifest, out string) (Stats, bool) {
	if key == "" || prev.Key != key || prev.Out != out || !prev.Intact(out) {
		return Stats{}, false
	}
	var stats Stats
	if err := json.Unmarshal(prev.Stats, &stats); err != nil {
		return Stats{}, false
	}
	return stats, true
}

func manifestFile(cfg Config) string {
	return filepath.Join(cfg.CacheDir, "manifest.gob")
}
