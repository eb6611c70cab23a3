package generator

import (
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"time"

	"brief/generator/content"
	"brief/generator/layout"
	"brief/generator/publish"

	"github.com/cespare/xxhash/v2"
)

// CacheDir is the default folder, under the source folder, where brief
// keeps what it can reuse between builds. Deleting it only costs time.
const CacheDir = ".brief-cache"

// inputs are the parts of a source folder a build reads.
var inputs = []string{content.ConfigFile, content.Dir, layout.Dir, StaticDir}

// versionKey hashes what a build's output depends on besides its input
// files: the brief binary itself and the settings.
func versionKey(cfg Config) (string, error) {
	h := xxhash.New()
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
	return hex.EncodeToString(h.Sum(nil)), nil
}

// inputKey hashes everything a build's output depends on: version (see
// versionKey), and the path, type and bytes of every input file. Two
// builds with the same key write the same bytes. A file whose size and
// modification time are those recorded in prev is not read again: its
// recorded hash is used, as git does for its index. It returns the inputs
// with their hashes, for the next build.
func inputKey(cfg Config, version string, prev map[string]publish.FileInfo) (string, map[string]publish.FileInfo, error) {
	h := xxhash.New()
	h.WriteString(version)
	fsys := os.DirFS(cfg.Source)
	files, stat, err := listInputs(fsys)
	if err != nil {
		return "", nil, err
	}
	sort.Strings(files)
	sums := make([]uint64, len(files))
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	work := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				now, old := stat[files[i]], prev[files[i]]
				if now.ModTime != 0 && now.Size == old.Size && now.ModTime == old.ModTime {
					sums[i] = old.Sum
					continue
				}
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
		return "", nil, firstErr
	}
	for i, f := range files {
		h.Write([]byte(f))
		h.Write([]byte{0})
		h.Write(binary.LittleEndian.AppendUint64(nil, sums[i]))
		info := stat[f]
		info.Sum = sums[i]
		stat[f] = info
	}
	return hex.EncodeToString(h.Sum(nil)), stat, nil
}

// racy forgets the time of every input modified less than a second
// before the build began: a save right after it was listed, within the
// file system clock's granularity and keeping the size, would leave size
// and time as recorded. Such a file is hashed again by the next build, as
// git does for "racily clean" entries of its index.
func racy(inputs map[string]publish.FileInfo, start time.Time) map[string]publish.FileInfo {
	since := start.Add(-time.Second).UnixNano()
	for f, info := range inputs {
		if info.ModTime >= since {
			info.ModTime = 0
			inputs[f] = info
		}
	}
	return inputs
}

// listInputs finds every input file with its size and time. The content
// folder's sections are listed in parallel: on a large site this is tens
// of thousands of directory reads and stats, all waiting on the kernel.
func listInputs(fsys fs.FS) ([]string, map[string]publish.FileInfo, error) {
	var roots []string
	for _, root := range inputs {
		if root != content.Dir {
			roots = append(roots, root)
			continue
		}
		entries, err := fs.ReadDir(fsys, root)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, nil, err
		}
		for _, e := range entries {
			roots = append(roots, root+"/"+e.Name())
		}
	}
	type listing struct {
		files []string
		stat  []publish.FileInfo
		err   error
	}
	results := make([]listing, len(roots))
	var wg sync.WaitGroup
	sem := make(chan bool, 2*runtime.GOMAXPROCS(0))
	for i, root := range roots {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- true
			defer func() { <-sem }()
			r := &results[i]
			r.err = fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
				if errors.Is(err, fs.ErrNotExist) && p == root {
					return nil
				}
				if err != nil || d.IsDir() {
					return err
				}
				var info publish.FileInfo
				if fi, err := d.Info(); err == nil {
					info = publish.FileInfo{Size: fi.Size(), ModTime: fi.ModTime().UnixNano()}
				}
				r.files = append(r.files, p)
				r.stat = append(r.stat, info)
				return nil
			})
		}()
	}
	wg.Wait()
	var files []string
	stat := map[string]publish.FileInfo{}
	for _, r := range results {
		if r.err != nil {
			return nil, nil, r.err
		}
		files = append(files, r.files...)
		for i, f := range r.files {
			stat[f] = r.stat[i]
		}
	}
	return files, stat, nil
}

// fileSum hashes a file's bytes, or a symbolic link's target.
func fileSum(fsys fs.FS, name string) (uint64, error) {
	if fi, err := fs.Lstat(fsys, name); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		target, err := fs.ReadLink(fsys, name)
		return xxhash.Sum64String("symlink:" + target), err
	}
	data, err := fs.ReadFile(fsys, name)
	return xxhash.Sum64(data), err
}

// cachedBuild returns the stats of the previous build when nothing it read
// has changed and its output is still on disk as it wrote it.
func cachedBuild(key string, prev *publish.Manifest, out string, intact bool) (Stats, bool) {
	if key == "" || prev.Key != key || prev.Out != out || !intact {
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
