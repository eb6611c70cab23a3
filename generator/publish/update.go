package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
)

// An update in place makes a folder beside the output, named as Begin's
// (see newFolder), and writes into it each file whose bytes changed,
// named by a number, until Commit renames it into place: all in one
// folder, outside the output, and none made for each page, as pages each
// have a folder of their own. Beside those files it may hold:
const (
	// addedName, the list of the files the update adds to the output
	// (paths separated by zero bytes), from just before Commit changes the
	// output until the manifest that lists them is saved (see Saved).
	addedName = "added"
	// treeName, the new output folder, once the update goes on as Begin
	// does (see newTree).
	treeName = "site"
)

// MaxUpdateFiles is how many files an update in place may change, add or
// remove: its pass renames them one by one, and a reader may meet the
// site half old, half new meanwhile. A build that changes more goes on
// as Begin does, in a new folder swapped in whole. An outside probe saw
// 2,714 renames take 1.9 s on a loaded machine.
const MaxUpdateFiles = 256

// Update starts a build of the folder out that prev describes exactly as
// it is now (see Manifest.Intact). Nothing in out changes until Commit. A
// build that changes only a few files updates out in place: the files
// whose bytes changed are written into a folder beside out, on the same
// file system, and Commit, once every one is written, renames each over
// its old copy (atomic per file) and removes the files that are gone; the
// other files are not touched. So a build stopped before Commit, even
// killed, leaves out exactly as it was. Once the changed files come to
// more than limit bytes, or to more than MaxUpdateFiles files with those
// removed, it goes on as Begin does, in a new folder
// swapped in whole. Update in place is not atomic as a whole: a reader
// may see some files new and others old while Commit renames them.
func Update(out string, prev *Manifest, limit int) (*Writer, error) {
	out, err := filepath.Abs(out)
	if err != nil {
		return nil, err
	}
	if prev == nil || prev.Out != out {
		return Begin(out, prev)
	}
	w := &Writer{
		out: out, prev: prev, limit: limit, old: true,
		files: map[string]FileInfo{}, staged: map[string]string{}, written: map[string]bool{},
	}
	if err := w.begin(); err != nil {
		return nil, err
	}
	return w, nil
}

// inPlace records rel, of the given size and info, while updating in
// place, and reports what to do with it: kept, a file whose bytes are
// those out holds, stays as it is; one whose bytes changed is to be
// written into the update's folder under the name staged. It reports
// neither once the Writer writes a new folder instead. w.mu is held.
func (w *Writer) inPlace(rel string, size int, info FileInfo) (kept bool, staged string, err error) {
	if w.tmp != "" {
		return false, "", nil
	}
	if old, ok := w.prev.Files[rel]; ok && old.Size == info.Size && old.Sum == info.Sum {
		w.files[rel] = old
		w.reused++
		return true, "", nil
	}
	if w.stagedBytes+size > w.limit || len(w.staged) >= MaxUpdateFiles {
		return false, "", w.newTree()
	}
	staged = strconv.Itoa(len(w.staged))
	w.staged[rel] = staged
	w.stagedBytes += size
	w.files[rel] = info
	return false, staged, nil
}

// writeStaged writes rel, whose bytes changed, into the update's folder
// as name.
func (w *Writer) writeStaged(rel, name string, write func(string, *FileInfo) error, info FileInfo) error {
	if err := write(filepath.Join(w.dir, name), &info); err != nil {
		return fmt.Errorf("write %s: %w", rel, err)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.files[rel] = info
	if w.tmp != "" {
		return w.moveStaged(rel, name) // the update went on in a new folder meanwhile
	}
	w.written[rel] = true
	return nil
}

// newTree gives up updating in place: it creates the folder that Commit
// will swap in, moves into it the files written so far, and links into
// it every file kept so far. A file being written is moved once it is
// (see writeStaged). w.mu is held.
func (w *Writer) newTree() error {
	tree := filepath.Join(w.dir, treeName)
	if err := os.Mkdir(tree, 0o755); err != nil {
		return fmt.Errorf("create output folder: %w", err)
	}
	w.tmp = tree
	for rel := range w.files {
		if name, ok := w.staged[rel]; ok {
			if !w.written[rel] {
				continue
			}
			if err := w.moveStaged(rel, name); err != nil {
				return err
			}
			continue
		}
		full := filepath.Join(w.tmp, filepath.FromSlash(rel))
		if err := w.mkdir(filepath.Dir(full)); err != nil {
			return err
		}
		if err := os.Link(filepath.Join(w.out, filepath.FromSlash(rel)), full); err != nil {
			return fmt.Errorf("keep %s: %w", rel, err)
		}
	}
	w.staged, w.written, w.stagedBytes = nil, nil, 0
	return nil
}

// moveStaged puts rel, written into the update's folder as name, into the
// new folder.
func (w *Writer) moveStaged(rel, name string) error {
	full := filepath.Join(w.tmp, filepath.FromSlash(rel))
	if err := w.mkdir(filepath.Dir(full)); err != nil {
		return err
	}
	if err := os.Rename(filepath.Join(w.dir, name), full); err != nil {
		return fmt.Errorf("write %s: %w", rel, err)
	}
	return nil
}

// commitInPlace puts the staged files in place and removes the files the
// build did not write again. First it checks that it can (see check), and
// lists the files it adds (see Saved): what fails then fails before the
// site has changed. Then, in one pass, it removes, makes the folders the
// files it adds need, and renames.
func (w *Writer) commitInPlace() error {
	var gone, added []string
	for rel := range w.prev.Files {
		if _, ok := w.files[rel]; !ok {
			gone = append(gone, rel)
		}
	}
	// Deepest first, so that a folder emptied of its files goes too and
	// a file may take the place of a folder.
	sort.Slice(gone, func(i, j int) bool { return gone[i] > gone[j] })
	rels := make([]string, 0, len(w.staged))
	for rel := range w.staged {
		rels = append(rels, rel)
		if _, ok := w.prev.Files[rel]; !ok {
			added = append(added, rel)
		}
	}
	sort.Strings(rels)
	if err := w.check(rels, added, gone); err != nil {
		return err
	}
	if len(added) > 0 {
		sort.Strings(added)
		if err := os.WriteFile(filepath.Join(w.dir, addedName), []byte(strings.Join(added, "\x00")), 0o644); err != nil {
			return fmt.Errorf("publish: %w", err)
		}
		w.added = true
	}

	w.passing = true
	for _, rel := range gone {
		full := filepath.Join(w.out, filepath.FromSlash(rel))
		if err := os.Remove(full); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("publish: %w", err)
		}
		for dir := filepath.Dir(full); dir != w.out && os.Remove(dir) == nil; dir = filepath.Dir(dir) {
		}
	}
	made := map[string]bool{} // a changed file's folder is there: it holds the file
	for _, rel := range added {
		// A folder in its place holds no file now (see check), but may
		// hold empty folders someone made in the output.
		if err := removeFolders(filepath.Join(w.out, filepath.FromSlash(rel))); err != nil {
			return fmt.Errorf("publish %s: %w", rel, err)
		}
		if dir := path.Dir(rel); dir != "." && !made[dir] {
			made[dir] = true
			if err := os.MkdirAll(filepath.Join(w.out, filepath.FromSlash(dir)), 0o755); err != nil {
				return fmt.Errorf("publish %s: %w", rel, err)
			}
		}
	}
	for _, rel := range rels {
		if err := os.Rename(filepath.Join(w.dir, w.staged[rel]), filepath.Join(w.out, filepath.FromSlash(rel))); err != nil {
			return fmt.Errorf("publish %s: %w", rel, err)
		}
	}
	w.staged, w.written = nil, nil
	if !w.added {
		os.RemoveAll(w.dir) // empty; else it holds the list until Saved
	}
	return nil
}

// check finds out, before the output changes, what would stop Commit's
// pass midway: a folder it removes a file from, or puts one in, that takes
// no new entry (see writable), or a folder in the place of a file it adds
// that the files gone do not leave empty.
func (w *Writer) check(rels, added, gone []string) error {
	seen := map[string]bool{}
	removed := make(map[string]bool, len(gone))
	for _, rel := range gone {
		removed[filepath.Join(w.out, filepath.FromSlash(rel))] = true
	}
	folder := func(rel string) error {
		dir := path.Dir(rel)
		if seen[dir] {
			return nil
		}
		seen[dir] = true
		// The nearest folder there is: the pass makes those below it,
		// where it has removed a file in the way. Below a file, a path
		// is not a folder (ENOTDIR) rather than missing.
		underFile := false
		for d := filepath.Join(w.out, filepath.FromSlash(dir)); ; d = filepath.Dir(d) {
			if removed[d] {
				continue
			}
			err := writable(d)
			if errors.Is(err, syscall.ENOTDIR) && d != w.out {
				underFile = true
				continue
			}
			if errors.Is(err, fs.ErrNotExist) && d != w.out {
				continue
			}
			if underFile {
				if fi, serr := os.Lstat(d); serr == nil && !fi.IsDir() {
					return fmt.Errorf("publish %s: %s is a file that no build removes, where a folder goes", rel, d)
				}
			}
			if err != nil {
				return fmt.Errorf("publish %s: %w", rel, err)
			}
			return nil
		}
	}
	for _, rel := range gone {
		if err := folder(rel); err != nil {
			return err
		}
	}
	for _, rel := range rels {
		if err := folder(rel); err != nil {
			return err
		}
	}
	for _, rel := range added {
		full := filepath.Join(w.out, filepath.FromSlash(rel))
		fi, err := os.Lstat(full)
		if err != nil || !fi.IsDir() {
			continue
		}
		if !w.underPrev(rel) {
			return fmt.Errorf("publish %s: there is a folder in its place in %s", rel, w.out)
		}
		// The pass removes the files gone from it, then the folder: it
		// must hold nothing else but folders.
		err = filepath.WalkDir(full, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || removed[p] {
				return err
			}
			other, _ := filepath.Rel(w.out, p)
			return fmt.Errorf("the folder in its place in %s holds %s, which no build wrote", w.out, filepath.ToSlash(other))
		})
		if err != nil {
			return fmt.Errorf("publish %s: %w", rel, err)
		}
	}
	return nil
}

// removeFolders removes the folder dir and the folders in it, deepest
// first, if it holds nothing else; os.Remove removes no file that is not
// a folder, and no folder that is not empty. A dir that is not there, or
// not a folder, is left as it is.
func removeFolders(dir string) error {
	fi, err := os.Lstat(dir)
	if err != nil || !fi.IsDir() {
		return nil
	}
	var dirs []string
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			dirs = append(dirs, p)
		}
		return err
	})
	for i := len(dirs) - 1; i >= 0 && err == nil; i-- {
		err = os.Remove(dirs[i])
	}
	return err
}

// underPrev reports whether the last build wrote files in a folder rel.
func (w *Writer) underPrev(rel string) bool {
	for p := range w.prev.Files {
		if strings.HasPrefix(p, rel+"/") {
			return true
		}
	}
	return false
}

// Saved tells the Writer that the manifest describing its output is
// saved. Until then, an update in place that added files keeps their list
// beside the output: a build cut short after it renamed some of them into
// the output, before that manifest was saved, leaves files in the output
// that the saved manifest does not list, and the next build finds them
// there and takes them for brief's (see Examine) as it replaces the output
// whole.
func (w *Writer) Saved() {
	if w.added {
		os.RemoveAll(w.dir)
		w.added = false
	}
}

// addedBy returns the files that updates in place of out cut short, or
// not yet Saved, listed as added (see Saved).
func addedBy(out string) map[string]bool {
	entries, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		return nil
	}
	added := map[string]bool{}
	for _, e := range entries {
		if !ourFolder(out, e) {
			continue
		}
		list, err := os.ReadFile(filepath.Join(filepath.Dir(out), e.Name(), addedName))
		if err != nil {
			continue
		}
		for _, rel := range strings.Split(string(list), "\x00") {
			added[rel] = true
		}
	}
	return added
}
