package scan

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"

	"brief/generator/internal/wire"
)

// relist lists root with the stamps last wrote (nil for none), as the
// next build would: it returns the listing, how many folders it read and
// kept, and its stamps for the listing after.
func relist(t *testing.T, root string, last []byte) (files []File, dirs []string, fresh, kept int, next []byte) {
	t.Helper()
	st := NewStamps(last)
	files, dirs, err := Walk(root, Options{Stamps: st})
	if err != nil {
		t.Fatal(err)
	}
	w := wire.NewWriter(nil)
	st.Write(w)
	fresh, kept = st.Read()
	return files, dirs, fresh, kept, wire.NewReader(w.Bytes()).Raw()
}

// same fails unless a listing is what package filepath finds.
func same(t *testing.T, what, root string, files []File, dirs []string) {
	t.Helper()
	wantFiles, wantDirs := referenceWalk(t, root)
	slices.Sort(dirs)
	slices.Sort(wantDirs)
	if !slices.Equal(sorted(files), sorted(wantFiles)) {
		t.Errorf("%s: %d files, want %d:\n got %v\nwant %v", what, len(files), len(wantFiles), sorted(files), wantFiles)
	}
	if !slices.Equal(dirs, wantDirs) {
		t.Errorf("%s: folders %q, want %q", what, dirs, wantDirs)
	}
}

// TestStamps lists a tree again after each kind of change, from the
// stamps of the listing before: each listing must be the tree as it is,
// and must read again exactly the folders whose entries changed.
func TestStamps(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("folders are stamped on Linux only")
	}
	if localFS("/proc") {
		t.Error("/proc taken for a local file system whose folders' change times can be trusted")
	}
	root := t.TempDir()
	if !localFS(root) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not on a file system that stamps are used on; CI must run this test", root)
		}
		t.Skipf("%s is not on a file system that stamps are used on", root)
	}
	for i := range 5 {
		write(t, filepath.Join(root, "world", fmt.Sprintf("b%d", i), "index.md"), "briefing")
		write(t, filepath.Join(root, "world", fmt.Sprintf("b%d", i), "notes", "a.md"), "note")
	}
	write(t, filepath.Join(root, "economy", "x.md"), "x")
	if err := os.MkdirAll(filepath.Join(root, "economy", "empty", "too"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("nowhere", filepath.Join(root, "economy", "link.md")); err != nil {
		t.Fatal(err)
	}
	const folders = 14 // world, its 5 briefings and their notes, economy, empty, too

	// Folders changed just now are not trusted: the clock could stamp a
	// change made next with the same time. (The window is widened so
	// that "just now" holds on a slow machine.)
	defer func(w time.Duration) { racyWindow = w }(racyWindow)
	racyWindow = time.Hour
	files, dirs, fresh, kept, stamps := relist(t, root, nil)
	same(t, "first listing", root, files, dirs)
	if fresh != folders || kept != 0 {
		t.Errorf("first listing: %d folders read and %d kept, want %d and 0", fresh, kept, folders)
	}
	files, dirs, fresh, kept, stamps = relist(t, root, stamps)
	same(t, "listing right after", root, files, dirs)
	if fresh != folders || kept != 0 {
		t.Errorf("listing right after the changes: %d folders read and %d kept; want all %d read", fresh, kept, folders)
	}

	// Once the clock has moved on past the window, every folder is kept.
	racyWindow = time.Millisecond
	time.Sleep(10 * time.Millisecond)
	_, _, _, _, stamps = relist(t, root, stamps)
	files, dirs, fresh, kept, stamps = relist(t, root, stamps)
	same(t, "unchanged", root, files, dirs)
	if fresh != 0 || kept != folders {
		t.Errorf("unchanged tree: %d folders read and %d kept, want 0 and %d", fresh, kept, folders)
	}

	// A file's bytes change its size and times, not its folder's: the
	// listing keeps the folder and still sees the file as it is now.
	write(t, filepath.Join(root, "world", "b1", "index.md"), "a longer briefing")
	// Entries made, removed, renamed, and a file replaced by a folder.
	write(t, filepath.Join(root, "world", "b2", "notes", "new.md"), "new")
	if err := os.Remove(filepath.Join(root, "world", "b3", "notes", "a.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(root, "world", "b4"), filepath.Join(root, "world", "b44")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(root, "economy", "x.md")); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(root, "economy", "x.md", "inside.md"), "now a folder")
	files, dirs, fresh, kept, stamps = relist(t, root, stamps)
	same(t, "after changes", root, files, dirs)
	// Read again: b2/notes, b3/notes, world (b4 renamed), b44 and its
	// notes (new to the stamps), economy and its new folder x.md. Kept:
	// the other briefings, their notes, and economy's empty folders.
	if fresh != 7 || kept != 8 {
		t.Errorf("after changes: %d folders read and %d kept, want 7 and 8", fresh, kept)
	}
	for _, f := range files {
		if f.Path == "world/b1/index.md" && f.Size != int64(len("a longer briefing")) {
			t.Errorf("world/b1/index.md listed with size %d from a kept folder, want its size now", f.Size)
		}
	}

	// Stamps of another root, or damaged, are not used.
	other := filepath.Join(t.TempDir(), "copy")
	if err := os.Rename(root, other); err != nil {
		t.Fatal(err)
	}
	files, dirs, fresh, kept, _ = relist(t, other, stamps)
	same(t, "another root", other, files, dirs)
	if kept != 0 {
		t.Errorf("another root's listing kept %d folders of the stamps of %s", kept, root)
	}
	for _, damaged := range [][]byte{stamps[:len(stamps)/2], append([]byte{0xff}, stamps...)} {
		files, dirs, _, kept, _ = relist(t, other, damaged)
		same(t, "damaged stamps", other, files, dirs)
		if kept != 0 {
			t.Errorf("a listing from damaged stamps kept %d folders", kept)
		}
	}
}
