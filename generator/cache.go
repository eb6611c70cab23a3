package generator

import (
	"debug/elf"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"brief/generator/content"
	"brief/generator/internal/osfs"
	"brief/generator/internal/parallel"
	"brief/generator/internal/scan"
	"brief/generator/layout"
	"brief/generator/publish"

	"github.com/cespare/xxhash/v2"
)

// CacheDir is the default folder, under the source folder, where brief
// keeps what it can reuse between builds. Deleting it only costs time.
const CacheDir = ".brief-cache"

// inputs are the parts of a source folder a build reads, and the settings
// files of Hugo and Jekyll, which it names (content.OtherConfigs).
var inputs = append([]string{content.ConfigFile, content.Dir, layout.Dir, StaticDir}, content.OtherConfigs...)

// versionKey hashes what a build's output depends on besides its input
// files: the brief binary itself and the settings.
func versionKey(cfg Config) (string, error) {
	id, err := binaryID()
	if err != nil {
		return "", err
	}
	h := xxhash.New()
	h.WriteString(id)
	// The output folder however it is spelt (--out public, ./public, an
	// absolute path), from the cache folder's, as the manifest records it
	// (see publish.Manifest.Save): a site moved with both keeps its key.
	// And ZONEINFO, which may name other time zone rules.
	out, err := filepath.Abs(cfg.Out)
	if err != nil {
		return "", err
	}
	if cache, err := filepath.Abs(cfg.CacheDir); err == nil {
		if rel, err := filepath.Rel(cache, out); err == nil {
			out = rel
		}
	}
	settings, _ := json.Marshal([]any{cfg.BaseURL, cfg.Drafts, out, os.Getenv("ZONEINFO")})
	h.Write(settings)
	return hex.EncodeToString(h.Sum(nil)), nil
}

// binaryID identifies the running binary: its Go build ID where it is an
// ELF file (Linux), read from its note in microseconds, or else a hash
// of all its bytes (tens of milliseconds). The build ID's last part is a
// hash the linker takes of the binary's contents, so a binary built
// from other code or with other flags has another.
func binaryID() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	if id := goBuildID(exe); id != "" {
		return "go build id " + id, nil
	}
	bin, err := os.ReadFile(exe)
	if err != nil {
		return "", err
	}
	return "xxhash " + strconv.FormatUint(xxhash.Sum64(bin), 16), nil
}

// goBuildID returns the Go build ID in an ELF file's .note.go.buildid
// section, or "" when there is none, or none of the usual form
// (actionID/contentID, or four parts for a binary).
func goBuildID(exe string) string {
	f, err := elf.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	sec := f.Section(".note.go.buildid")
	if sec == nil {
		return ""
	}
	note, err := sec.Data()
	// The note: name size, description size and type (4 bytes each), the
	// name "Go" padded to 4 bytes, then the build ID.
	if err != nil || len(note) < 16 || string(note[12:16]) != "Go\x00\x00" {
		return ""
	}
	order := f.ByteOrder
	size := order.Uint32(note[4:])
	if order.Uint32(note[0:]) != 4 || order.Uint32(note[8:]) != 4 || uint64(size) > uint64(len(note)-16) {
		return ""
	}
	id := string(note[16 : 16+size])
	parts := strings.Split(id, "/")
	if len(parts) != 2 && len(parts) != 4 || slices.Contains(parts, "") {
		return ""
	}
	return id
}

// hashInputs gives every input file listed in files its hash: a file
// whose size and time are those recorded in prev is not read again, its
// recorded hash is used, as git does for its index. A file for which later
// reports true is not hashed but listed in pending: the build reads it
// anyway, and settleInputs takes the hash it makes. changed lists, in no
// order (a cold build, which has no use for it, need not sort it), the
// files whose bytes differ from prev's, those only one of them has, and
// the pending ones. touched reports a file read again whose bytes are
// those prev recorded, with another size or time: touched, checked out
// again, or saved within a second of the last build's start (see racy).
// Until prev records its time, every build reads it again.
func hashInputs(cfg Config, files []inputFile, prev map[string]publish.FileInfo, later func(string) bool) (inputs map[string]publish.FileInfo, pending, changed []string, touched bool, err error) {
	// Each file is looked up in prev in parallel: tens of thousands of
	// lookups in a large map wait on memory more than they compute.
	const (
		reuse = iota
		hash
		pend
	)
	what := make([]uint8, len(files))
	var known atomic.Int64 // files prev has too
	const chunk = 1024
	parallel.For((len(files)+chunk-1)/chunk, func() func(int) {
		return func(c int) {
			n := 0
			for i := c * chunk; i < min(len(files), (c+1)*chunk); i++ {
				f := &files[i]
				old, ok := prev[f.name]
				if ok {
					n++
				}
				// A symbolic link is hashed every time, with what it
				// leads to (see fileSum): its own size and time say
				// nothing of the file the build reads through it.
				switch {
				case f.link:
					what[i] = hash
				case ok && f.info.ModTime != 0 && f.info.Size == old.Size && f.info.ModTime == old.ModTime:
					f.info.Sum = old.Sum
				case later != nil && later(f.name):
					what[i] = pend
				default:
					what[i] = hash
				}
			}
			known.Add(int64(n))
		}
	})
	stat := make(map[string]publish.FileInfo, len(files))
	var todo []string
	links := map[string]bool{} // hashed every time: their times say nothing
	for i, f := range files {
		stat[f.name] = f.info
		switch what[i] {
		case hash:
			todo = append(todo, f.name)
			if f.link {
				links[f.name] = true
			}
		case pend:
			pending = append(pending, f.name)
		}
	}
	if err := hashFiles(osfs.Dir(cfg.Source), stat, todo, nil); err != nil {
		return nil, nil, nil, false, err
	}
	changed = append([]string{}, pending...) // not nil: nil would mean unknown
	for _, f := range todo {
		switch old, ok := prev[f]; {
		case !ok || old.Sum != stat[f].Sum:
			changed = append(changed, f)
		case !links[f]:
			touched = true
		}
	}
	if int(known.Load()) < len(prev) {
		for f := range prev {
			if _, ok := stat[f]; !ok {
				changed = append(changed, f)
			}
		}
	}
	return stat, pending, changed, touched, nil
}

// settleInputs hashes the pending inputs (see hashInputs): with what
// known tells of the bytes the build read, or else by reading them. An
// input listed without its size and time (see listInputs) takes those of
// the file the build read, or else of the file as it is now.
func settleInputs(cfg Config, inputs map[string]publish.FileInfo, pending []string, known func(string) (uint64, osfs.Info, bool)) error {
	return hashFiles(osfs.Dir(cfg.Source), inputs, pending, known)
}

// hashFiles sets the hash of each of files in inputs, in parallel, and
// the size and time of those listed without.
func hashFiles(fsys fs.FS, inputs map[string]publish.FileInfo, files []string, known func(string) (uint64, osfs.Info, bool)) error {
	infos := make([]publish.FileInfo, len(files))
	errs := make([]error, len(files))
	parallel.For(len(files), func() func(int) {
		return func(i int) {
			info := inputs[files[i]]
			read, ok := osfs.Info{}, false
			if known != nil {
				info.Sum, read, ok = known(files[i])
			}
			if !ok {
				info.Sum, errs[i] = fileSum(fsys, files[i])
			}
			if info.ModTime == 0 && read.Change == 0 {
				if fi, err := fs.Lstat(fsys, files[i]); err == nil {
					read = osfs.Info{Size: fi.Size(), Change: osfs.ChangeTime(fi)}
				}
			}
			if info.ModTime == 0 {
				info.Size, info.ModTime = read.Size, read.Change
			}
			infos[i] = info
		}
	})
	for i, f := range files {
		inputs[f] = infos[i]
	}
	return errors.Join(errs...)
}

// inputKey hashes everything a build's output depends on: version (see
// versionKey), and the path and hash of every input file. Two builds with
// the same key write the same bytes. The files' hashes are added up, in
// whatever order: no sort of tens of thousands of paths on every build.
func inputKey(version string, inputs map[string]publish.FileInfo) string {
	var sum uint64
	var buf []byte
	for f, info := range inputs {
		buf = append(append(buf[:0], f...), 0)
		sum += xxhash.Sum64(binary.LittleEndian.AppendUint64(buf, info.Sum))
	}
	h := xxhash.New()
	h.WriteString(version)
	h.Write(binary.LittleEndian.AppendUint64(nil, uint64(len(inputs))))
	h.Write(binary.LittleEndian.AppendUint64(nil, sum))
	return hex.EncodeToString(h.Sum(nil))
}

// contentFile reports whether an input is a markdown file of content/,
// which a build reads and hashes whole.
func contentFile(name string) bool {
	return strings.HasPrefix(name, content.Dir+"/") && markdownName(name)
}

// markdownName reports whether a file's name is a markdown file's: in
// content/, the files contentFile names.
func markdownName(name string) bool { return strings.HasSuffix(name, ".md") }

// copySums are the hashes of the inputs that a build copies as they are
// (the files of content/ but markdown, and static/'s), for
// output.keepCopy.
func copySums(inputs map[string]publish.FileInfo) map[string]uint64 {
	sums := map[string]uint64{}
	for name, info := range inputs {
		if !markdownName(name) && (strings.HasPrefix(name, content.Dir+"/") || strings.HasPrefix(name, StaticDir+"/")) {
			sums[name] = info.Sum
		}
	}
	return sums
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

// inputFile is an input file as listInputs finds it.
type inputFile struct {
	name string // path from the source folder, with slashes
	info publish.FileInfo
	link bool // a symbolic link
}

// listInputs finds every input file of the source folder with its size
// and time. With plan set (a build whose content files are all pending:
// see contentFile) and content/ a folder, it also returns the listing of
// it that the build plans from (see content.Loader.Listed), with paths
// from the source folder: a build that reads every file need not read
// every folder again. (One that starts from the cache reads only the
// files that changed.) With plan set, content/'s markdown files are listed
// without size and time: the build takes them as it reads each one (see
// settleInputs). st, if set, are the folders' stamps (see scan.Stamps),
// and seen, if set, is called with each file statted, from several
// goroutines at once.
func listInputs(source string, plan bool, st *scan.Stamps, seen func(root string, f scan.File)) ([]inputFile, *content.Listing, error) {
	var files []inputFile
	var listed *content.Listing
	for _, root := range inputs {
		var found []scan.File
		var dirs []string
		var err error
		opt := scan.Options{Stamps: st}
		if seen != nil {
			opt.Seen = func(f scan.File) { seen(root, f) }
		}
		if plan && root == content.Dir {
			// The build reads every markdown file, and takes its
			// size and time then (see settleInputs).
			opt.Unstatted = markdownName
			found, dirs, err = scan.Walk(filepath.Join(source, root), opt)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
		} else {
			found, err = scan.Tree(filepath.Join(source, root), opt)
		}
		if err != nil {
			return nil, nil, err
		}
		files = slices.Grow(files, len(found))
		if plan && root == content.Dir && (len(found) != 1 || found[0].Path != ".") {
			listed = &content.Listing{Files: make([]scan.File, 0, len(found)), Dirs: make([]string, len(dirs))}
			for i, d := range dirs {
				listed.Dirs[i] = root + "/" + d
			}
		}
		for _, f := range found {
			name := root
			if f.Path != "." {
				name += "/" + f.Path
			}
			files = append(files, inputFile{name, publish.FileInfo{Size: f.Size, ModTime: f.Change}, f.Link})
			if listed != nil && root == content.Dir {
				listed.Files = append(listed.Files, scan.File{Path: name, Link: f.Link, Special: f.Special})
			}
		}
	}
	return files, listed, nil
}

// fileSum hashes a file's bytes, or a symbolic link's target and the
// bytes of the file it leads to, if it leads to one: the build reads that
// file, which may be outside the inputs (a link in content/ to a file
// elsewhere in the source folder), so an edit to it is a change of the
// link. A file that is not a regular file (a named pipe: see
// content.Special) is hashed by its type alone, and not opened: reading a
// named pipe waits for a writer. The build reports it, or ignores it if
// brief does not read it (a hidden file).
func fileSum(fsys fs.FS, name string) (uint64, error) {
	fi, err := fs.Lstat(fsys, name)
	switch {
	case err == nil && fi.Mode()&fs.ModeSymlink != 0:
		target, err := fs.ReadLink(fsys, name)
		if err != nil {
			return 0, err
		}
		h := xxhash.New()
		h.WriteString("symlink:" + target + "\x00")
		digest(fsys, name, h) // not of a named pipe: osfs.ErrNotRegular
		return h.Sum64(), nil
	case err == nil && content.Special(fi.Mode()) != 0:
		return xxhash.Sum64String("special:" + content.Special(fi.Mode()).String()), nil
	}
	h := xxhash.New()
	_, err = digest(fsys, name, h)
	return h.Sum64(), err
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
	if stats.Expires != 0 && time.Now().UnixNano() >= stats.Expires {
		return Stats{}, false // a warning of it no longer holds
	}
	return stats, true
}

// changeSeen returns a function for listInputs' seen that calls found,
// once, when the listing first finds an input whose size or time is not
// that of prev, the last build's: new, or edited. (A file deleted is found
// missing only once the listing is over.) A file whose time prev forgot,
// changed just before the last build (see racy), is most often as it was
// then, and does not count: hashInputs tells.
func changeSeen(prev map[string]publish.FileInfo, found func()) func(root string, f scan.File) {
	var once sync.Once
	var seen atomic.Bool
	return func(root string, f scan.File) {
		if seen.Load() {
			return
		}
		var buf [256]byte
		name := append(buf[:0], root...)
		if f.Path != "." {
			name = append(append(name, '/'), f.Path...)
		}
		old, ok := prev[string(name)]
		if !ok || old.ModTime != 0 && (f.Size != old.Size || f.Change != old.ModTime) {
			seen.Store(true)
			once.Do(found)
		}
	}
}

// restamped reports whether the listings of a build that is skipped read
// enough folders afresh (rather than take them from the manifest's stamps)
// to be worth saving the manifest for: more than one in sixteen. A few
// folders read again cost less than writing the manifest.
func restamped(stamps ...*scan.Stamps) bool {
	fresh, kept := folders(stamps...)
	return fresh > 0 && fresh*16 > fresh+kept
}

// folders counts the folders that listings with stamps read afresh, and
// those they took from the stamps unread.
func folders(stamps ...*scan.Stamps) (fresh, kept int) {
	for _, st := range stamps {
		f, k := st.Read()
		fresh, kept = fresh+f, kept+k
	}
	return fresh, kept
}

func manifestFile(cfg Config) string {
	return filepath.Join(cfg.CacheDir, "manifest")
}
