package scan

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"brief/generator/internal/osfs"
)

// reference lists root with package filepath, as Tree should.
func reference(t *testing.T, root string) []File {
	files, _ := referenceWalk(t, root)
	return files
}

// referenceWalk lists root's files and folders with package filepath, as
// Walk should.
func referenceWalk(t *testing.T, root string) ([]File, []string) {
	t.Helper()
	var files []File
	var dirs []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if d.IsDir() {
			if p != root {
				dirs = append(dirs, filepath.ToSlash(rel))
			}
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		files = append(files, File{Path: filepath.ToSlash(rel), Size: fi.Size(), ModTime: fi.ModTime().UnixNano(),
			Change: osfs.ChangeTime(fi), Link: d.Type()&fs.ModeSymlink != 0})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files, dirs
}

func sorted(files []File) []File {
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return files
}

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestTree(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "site.yaml"), "title: x\n")
	// Enough long names in one folder that reading it takes several calls.
	long := strings.Repeat("n", 120)
	for i := range 600 {
		write(t, filepath.Join(root, "content", "world", fmt.Sprintf("%s-%04d", long, i), "index.md"), strings.Repeat("x", i))
	}
	write(t, filepath.Join(root, "content", "world", "deep", "a", "b", "c", "d", "e", "f", "g", "h", "note.md"), "deep")
	write(t, filepath.Join(root, "content", "top.md"), "top")
	if err := os.MkdirAll(filepath.Join(root, "content", "empty", "folders"), 0o755); err != nil {
		t.Fatal(err)
	}
	// Symbolic links are files, not followed, whatever they point to.
	if err := os.Symlink(filepath.Join(root, "content", "world"), filepath.Join(root, "content", "linked-folder")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("nowhere", filepath.Join(root, "content", "world", "dangling.md")); err != nil {
		t.Fatal(err)
	}
	old := time.Date(2001, 2, 3, 4, 5, 6, 789, time.UTC)
	if err := os.Chtimes(filepath.Join(root, "content", "top.md"), old, old); err != nil {
		t.Fatal(err)
	}

	got, err := Tree(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := reference(t, root)
	if len(want) != 605 {
		t.Fatalf("the reference found %d files, want 605", len(want))
	}
	if !slices.Equal(sorted(got), sorted(want)) {
		t.Errorf("Tree differs from filepath.WalkDir:\n got %d files %v\nwant %d files %v", len(got), head(got), len(want), head(want))
	}
	for _, f := range got {
		if f.Path == "content/top.md" && f.ModTime != old.UnixNano() {
			t.Errorf("content/top.md: time %d, want %d", f.ModTime, old.UnixNano())
		}
		if f.Link != strings.HasSuffix(f.Path, "linked-folder") && f.Link != strings.HasSuffix(f.Path, "dangling.md") {
			t.Errorf("%s: Link is %v", f.Path, f.Link)
		}
	}

	// Walk finds the same files, and the folders, empty ones too.
	files, dirs, err := Walk(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantFiles, wantDirs := referenceWalk(t, root)
	if !slices.Equal(sorted(files), sorted(wantFiles)) {
		t.Errorf("Walk's files differ from filepath.WalkDir's: %d files, want %d", len(files), len(wantFiles))
	}
	slices.Sort(dirs)
	slices.Sort(wantDirs)
	if len(wantDirs) != 613 || !slices.Contains(wantDirs, "content/empty/folders") {
		t.Fatalf("the reference found %d folders, want 613 with content/empty/folders", len(wantDirs))
	}
	if !slices.Equal(dirs, wantDirs) {
		t.Errorf("Walk's folders differ from filepath.WalkDir's:\n got %d %v\nwant %d %v", len(dirs), dirs[:min(len(dirs), 5)], len(wantDirs), wantDirs[:5])
	}

	// Regular files Walk is told not to stat have no size or time on
	// Linux, and only those; elsewhere every file is statted.
	md := func(name string) bool { return strings.HasSuffix(name, ".md") }
	lazy, _, err := Walk(root, Options{Unstatted: md})
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]File{}
	for _, f := range wantFiles {
		byPath[f.Path] = f
	}
	if len(lazy) != len(wantFiles) {
		t.Errorf("Walk with unstatted files listed %d files, want %d", len(lazy), len(wantFiles))
	}
	zeroed := 0
	for _, f := range lazy {
		want := byPath[f.Path]
		skip := runtime.GOOS == "linux" && md(path.Base(f.Path)) && !want.Link && strings.Contains(f.Path, "/")
		if skip {
			want.Size, want.ModTime, want.Change = 0, 0, 0
			zeroed++
		}
		if f != want {
			t.Errorf("Walk with unstatted files: %+v, want %+v", f, want)
		}
	}
	if runtime.GOOS == "linux" && zeroed < 600 {
		t.Errorf("only %d files listed without a stat; want the 600 index.md and more", zeroed)
	}

	// A root that is a folder's symbolic link is followed; paths are relative to it.
	link := filepath.Join(t.TempDir(), "content")
	if err := os.Symlink(filepath.Join(root, "content"), link); err != nil {
		t.Fatal(err)
	}
	got, err = Tree(link, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := reference(t, filepath.Join(root, "content")); !slices.Equal(sorted(got), sorted(want)) {
		t.Errorf("through a linked root: %d files, want %d", len(got), len(want))
	}
}

func TestTreeRoots(t *testing.T) {
	dir := t.TempDir()
	got, err := Tree(filepath.Join(dir, "missing"), Options{})
	if err != nil || len(got) != 0 {
		t.Errorf("missing root: %v, %v; want no files and no error", got, err)
	}
	if _, _, err := Walk(filepath.Join(dir, "missing"), Options{}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Walk of a missing root: %v, want fs.ErrNotExist", err)
	}
	write(t, filepath.Join(dir, "site.yaml"), "title: x\n")
	got, err = Tree(filepath.Join(dir, "site.yaml"), Options{})
	if err != nil || len(got) != 1 || got[0].Path != "." || got[0].Size != 9 || got[0].ModTime == 0 {
		t.Errorf("file root: %v, %v; want the file itself as \".\"", got, err)
	}
	got, err = Tree(dir+"/", Options{})
	if err != nil || len(got) != 1 || got[0].Path != "site.yaml" {
		t.Errorf("root with a trailing slash: %v, %v", got, err)
	}
}

func head(files []File) []File { return files[:min(len(files), 3)] }
