package publish

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cespare/xxhash/v2"
)

func TestClean(t *testing.T) {
	for _, bad := range []string{"", "../x", "a/../../x", "/etc/passwd", `a\..\x`, "a/./../../b"} {
		if got, err := Clean(bad); err == nil {
			t.Errorf("Clean(%q) = %q, nil; want an error", bad, got)
		}
	}
	for in, want := range map[string]string{"a/b.html": "a/b.html", "a/./b": "a/b", "a/x/../b": "a/b"} {
		if got, err := Clean(in); err != nil || got != want {
			t.Errorf("Clean(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestCommitReplacesWhole(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	w, err := Begin(out, nil)
	if err != nil {
		t.Fatal(err)
	}
	w.Write("old.html", []byte("old"))
	w.Write("same.html", []byte("same"))
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	m := w.Manifest()
	before, _ := os.Stat(filepath.Join(out, "same.html"))

	w, _ = Begin(out, m)
	w.Write("same.html", []byte("same"))
	w.Write("new.html", []byte("new"))
	if _, err := os.Stat(filepath.Join(out, "old.html")); err != nil {
		t.Errorf("old.html gone before Commit: %v", err)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "old.html")); !os.IsNotExist(err) {
		t.Errorf("old.html survived a build that did not write it")
	}
	after, _ := os.Stat(filepath.Join(out, "same.html"))
	if !os.SameFile(before, after) || !before.ModTime().Equal(after.ModTime()) {
		t.Errorf("same.html was written again; want the old file kept (same inode and time)")
	}
	if _, reused := w.Files(); reused != 1 {
		t.Errorf("reused = %d; want 1", reused)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("folders beside the output after Commit: %d; want only public", len(entries))
	}
}

func TestAbortLeavesOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	w, _ := Begin(out, nil)
	w.Write("index.html", []byte("v1"))
	w.Commit()
	w, _ = Begin(out, nil)
	w.Write("index.html", []byte("v2"))
	if err := w.Write("../escape.html", []byte("x")); err == nil {
		t.Errorf("Write(../escape.html) succeeded")
	}
	w.Abort()
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != "v1" {
		t.Errorf("index.html = %q after an aborted build; want v1", b)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(out), "escape.html")); !os.IsNotExist(err) {
		t.Errorf("a file escaped the output folder")
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("aborted build left %d entries beside the output", len(entries)-1)
	}
}

// readAll returns every file under dir, by slash path.
func readAll(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// inode is the file at name, for os.SameFile: the same file, not another
// with the same bytes.
func inode(t *testing.T, name string) os.FileInfo {
	t.Helper()
	fi, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	return fi
}

// TestUpdateInPlace checks Update: unchanged files are not touched, a
// changed one is replaced, files that are gone are removed with folders
// they leave empty, a file takes the place of a folder, nothing changes
// before Commit or after Abort, and the manifest describes the result.
func TestUpdateInPlace(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	w, _ := Begin(out, nil)
	first := map[string]string{"same.html": "same", "changed.html": "v1", "gone/deep/x.html": "x", "dir/index.html": "d", "keep/a.html": "a", "copy/c.png": "c"}
	for rel, data := range first {
		w.Write(rel, []byte(data))
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	m := w.Manifest()
	sameIno := inode(t, filepath.Join(out, "same.html"))

	// An aborted update leaves the output as it was.
	w, err := Update(out, m, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	w.Write("changed.html", []byte("never"))
	w.Abort()
	if got := readAll(t, out); !maps.Equal(got, first) {
		t.Fatalf("after Abort: %v; want %v", got, first)
	}

	w, _ = Update(out, m, 1<<20)
	w.Write("same.html", []byte("same"))
	w.Write("changed.html", []byte("v2"))
	w.Write("dir", []byte("a file where a folder was"))
	if !w.Keep("keep/a.html") {
		t.Fatal("Keep of a file the output holds as written: false")
	}
	if w.Keep("nowhere.html") {
		t.Error("Keep of a file the last output did not have: true")
	}
	// A file copied as it is, whose source has other bytes now, or the
	// same bytes.
	if w.KeepSum("copy/c.png", xxhash.Sum64String("not c")) {
		t.Error("KeepSum of a file the output holds with other bytes: true")
	}
	if !w.KeepSum("copy/c.png", xxhash.Sum64String("c")) {
		t.Error("KeepSum of a file the output holds with those bytes: false")
	}
	w.Write("new/b.html", []byte("b"))
	if got := readAll(t, out); !maps.Equal(got, first) {
		t.Fatalf("before Commit the output changed: %v", got)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"same.html": "same", "changed.html": "v2", "dir": "a file where a folder was", "keep/a.html": "a", "copy/c.png": "c", "new/b.html": "b"}
	if got := readAll(t, out); !maps.Equal(got, want) {
		t.Fatalf("after Commit: %v; want %v", got, want)
	}
	if _, err := os.Stat(filepath.Join(out, "gone")); !os.IsNotExist(err) {
		t.Errorf("folder gone/ survived, emptied of its files: %v", err)
	}
	if !os.SameFile(inode(t, filepath.Join(out, "same.html")), sameIno) {
		t.Error("same.html was written again; want it untouched")
	}
	if n, reused := w.Files(); n != 6 || reused != 3 {
		t.Errorf("Files() = %d, %d; want 6 files, 3 kept", n, reused)
	}
	// Until the manifest is saved, the update's folder beside the output
	// lists the files it added, which the last manifest does not: a build
	// then finds it in the output and knows it for brief's.
	if found, err := Examine(out, m); err != nil || len(found.Strays) != 0 || found.Intact {
		t.Errorf("Examine against the last manifest before Saved = %+v, %v; want no strays, not intact", found, err)
	}
	w.Saved()
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("%d entries beside the output after Saved; want only the output", len(entries))
	}
	if found, _ := Examine(out, m); !slices.Equal(found.Strays, []string{"dir", "new/b.html"}) {
		t.Errorf("Examine against the last manifest after Saved: strays %q; want the two files added", found.Strays)
	}
	m2 := w.Manifest()
	if !m2.Intact(out) {
		t.Error("the manifest after an update in place does not describe the output")
	}
}

// TestUpdateOverLimit checks that an update whose changed files pass the
// limit goes on in a new folder, keeping what it had decided.
func TestUpdateOverLimit(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	w, _ := Begin(out, nil)
	for _, rel := range []string{"a.html", "b.html", "c.html", "d/e.html"} {
		w.Write(rel, []byte("old "+rel))
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	m := w.Manifest()
	aIno := inode(t, filepath.Join(out, "a.html"))

	w, _ = Update(out, m, 10)
	w.Write("a.html", []byte("old a.html"))
	w.Keep("d/e.html")
	w.Write("b.html", []byte("new b"))  // 5 bytes: held
	w.Write("c.html", []byte("new c!")) // 11 in all: past the limit
	w.Write("f.html", []byte("f"))
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"a.html": "old a.html", "b.html": "new b", "c.html": "new c!", "d/e.html": "old d/e.html", "f.html": "f"}
	if got := readAll(t, out); !maps.Equal(got, want) {
		t.Fatalf("after Commit: %v; want %v", got, want)
	}
	if !os.SameFile(inode(t, filepath.Join(out, "a.html")), aIno) {
		t.Error("a.html was written again; want the old file linked into the new folder")
	}
	if !w.Manifest().Intact(out) {
		t.Error("the manifest does not describe the output")
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("%d entries beside the output after Commit; want only public", len(entries))
	}
}

// TestUpdateOverLimitConcurrently writes files from many goroutines, as a
// build's workers do, past the limit: the files written into the update's
// folder before it goes on in a new folder, and those being written as it
// does, all end up in it.
func TestUpdateOverLimitConcurrently(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	w, _ := Begin(out, nil)
	want := map[string]string{}
	for i := range 200 {
		rel := fmt.Sprintf("p%d/index.html", i)
		want[rel] = rel
		w.Write(rel, []byte(rel))
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	w, _ = Update(out, w.Manifest(), 1000)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := g; i < 200; i += 4 {
				rel := fmt.Sprintf("p%d/index.html", i)
				data := rel
				if i%3 == 0 {
					data = "new " + rel
				}
				if err := w.Write(rel, []byte(data)); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	for i := 0; i < 200; i += 3 {
		rel := fmt.Sprintf("p%d/index.html", i)
		want[rel] = "new " + rel
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := readAll(t, out); !maps.Equal(got, want) {
		t.Errorf("after Commit, %d files, %d of them as wanted", len(got), countEqual(got, want))
	}
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 1 {
		t.Errorf("%d entries beside the output after Commit; want only public", len(entries))
	}
}

// countEqual counts the files of got that are as want has them.
func countEqual(got, want map[string]string) int {
	n := 0
	for rel, data := range got {
		if want[rel] == data {
			n++
		}
	}
	return n
}

// TestStaleFoldersRemoved leaves beside the output what builds cut short
// leave there, and other folders: a build, once published, removes only
// its own kind that has not changed for StaleAfter.
func TestStaleFoldersRemoved(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	mk := func(name string, age time.Duration) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Join(p, "world"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(p, "world", "index.html"), []byte("half"), 0o644); err != nil {
			t.Fatal(err)
		}
		when := time.Now().Add(-age)
		if err := os.Chtimes(p, when, when); err != nil {
			t.Fatal(err)
		}
		return p
	}
	stale := mk(".public.tmp-0123456789ab", 2*StaleAfter)
	running := mk(".public.tmp-ba9876543210", time.Minute)
	others := []string{
		mk(".public.tmp-mine", 2*StaleAfter),          // not a build's name
		mk(".docs.tmp-0123456789ab", 2*StaleAfter),    // another output's
		mk("public.tmp-0123456789ab", 2*StaleAfter),   // not hidden
		mk(".public.tmp-0123456789abc", 2*StaleAfter), // 13 digits
	}
	w, err := Begin(out, nil)
	if err != nil {
		t.Fatal(err)
	}
	w.Write("index.html", []byte("home"))
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		t.Helper()
		if _, err := os.Stat(stale); !os.IsNotExist(err) {
			t.Errorf("%s: the folder of a build cut short two hours ago is still there (err = %v)", when, err)
		}
		for _, p := range append(others, running) {
			if _, err := os.Stat(filepath.Join(p, "world", "index.html")); err != nil {
				t.Errorf("%s: %s was removed: %v", when, filepath.Base(p), err)
			}
		}
	}
	check("a build into a new folder")

	// An update in place removes them too.
	stale = mk(".public.tmp-00000000cafe", 2*StaleAfter)
	w, err = Update(out, w.Manifest(), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	w.Write("index.html", []byte("home again"))
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	check("an update in place")
}

// TestUpdateFolderInPlaceOfFile replaces a file by a folder of the same
// name in an update in place, as a static file turned into a folder of
// files does. The check before the pass took the file for the folder the
// new file goes in, and access(2) refused it.
func TestUpdateFolderInPlaceOfFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	w, _ := Begin(out, nil)
	w.Write("extra.txt", []byte("a file"))
	w.Write("a.html", []byte("a"))
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	w, err := Update(out, w.Manifest(), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	w.Write("extra.txt/inner.txt", []byte("now a folder"))
	w.Write("a.html", []byte("a"))
	if err := w.Commit(); err != nil {
		t.Fatalf("a folder in the place of a file: %v", err)
	}
	want := map[string]string{"extra.txt/inner.txt": "now a folder", "a.html": "a"}
	if got := readAll(t, out); !maps.Equal(got, want) {
		t.Fatalf("after Commit: %v; want %v", got, want)
	}
	// Two levels down, the check met the file's path as a folder's
	// (ENOTDIR), not as one missing, and stopped there: every build
	// failed until public/ was deleted by hand.
	w, err = Update(out, w.Manifest(), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	w.Write("a.html/b/c.txt", []byte("deeper"))
	w.Write("extra.txt/inner.txt", []byte("now a folder"))
	if err := w.Commit(); err != nil {
		t.Fatalf("a folder of folders in the place of a file: %v", err)
	}
	want = map[string]string{"extra.txt/inner.txt": "now a folder", "a.html/b/c.txt": "deeper"}
	if got := readAll(t, out); !maps.Equal(got, want) {
		t.Fatalf("after the second Commit: %v; want %v", got, want)
	}
}

// TestUpdateFileInPlaceOfFolder replaces a folder by a file of the same
// name in an update in place, as a folder of static files turned into one
// file does, where someone made an empty folder in that folder of the
// output: the pass removed the folder's files, then could not rename the
// file over the folder, with other files already replaced. And where the
// folder holds a file no build wrote, the update stops before it changes
// anything.
func TestUpdateFileInPlaceOfFolder(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	w, _ := Begin(out, nil)
	first := map[string]string{"thing/a.css": "a", "thing/sub/b.css": "b", "x.html": "x1"}
	for rel, data := range first {
		w.Write(rel, []byte(data))
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	m := w.Manifest()
	if err := os.MkdirAll(filepath.Join(out, "thing", "sub", "empty", "deeper"), 0o755); err != nil {
		t.Fatal(err)
	}
	update := func() error {
		w, err := Update(out, m, 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		w.Write("x.html", []byte("x2"))
		w.Write("thing", []byte("a file where a folder was"))
		return w.Commit()
	}

	if err := os.WriteFile(filepath.Join(out, "thing", "sub", "empty", "mine.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := update()
	if err == nil || !strings.Contains(err.Error(), "thing/sub/empty/mine.txt") {
		t.Errorf("update over a folder holding another's file: %v; want an error naming the file", err)
	}
	want := maps.Clone(first)
	want["thing/sub/empty/mine.txt"] = "mine"
	if got := readAll(t, out); !maps.Equal(got, want) {
		t.Fatalf("after the refused update: %v; want the output as it was, %v", got, want)
	}

	os.Remove(filepath.Join(out, "thing", "sub", "empty", "mine.txt"))
	if err := update(); err != nil {
		t.Fatalf("a file in the place of a folder holding empty folders: %v", err)
	}
	want = map[string]string{"thing": "a file where a folder was", "x.html": "x2"}
	if got := readAll(t, out); !maps.Equal(got, want) {
		t.Fatalf("after Commit: %v; want %v", got, want)
	}
}

// TestUpdateOfManyFilesSwaps: an update that changes, adds or removes more
// than MaxUpdateFiles files is not made in place, where a reader would
// meet a mix of old and new for as long as the renames take, but in a new
// folder swapped in whole; one of fewer is made in place. Unchanged files
// keep their inodes either way.
func TestUpdateOfManyFilesSwaps(t *testing.T) {
	for _, c := range []struct {
		changed, removed int
		inPlace          bool
	}{
		{10, 0, true},
		{MaxUpdateFiles, 0, true},
		{MaxUpdateFiles + 1, 0, false},
		{MaxUpdateFiles - 5, 10, false},
	} {
		out := filepath.Join(t.TempDir(), "public")
		w, _ := Begin(out, nil)
		n := MaxUpdateFiles + 20
		for i := range n {
			w.Write(fmt.Sprintf("p%d/index.html", i), []byte("v1"))
		}
		w.Write("same.html", []byte("same"))
		if err := w.Commit(); err != nil {
			t.Fatal(err)
		}
		folder, same := inode(t, out), inode(t, filepath.Join(out, "same.html"))
		w, err := Update(out, w.Manifest(), 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		for i := range n - c.removed {
			data := "v1"
			if i < c.changed {
				data = "v2"
			}
			w.Write(fmt.Sprintf("p%d/index.html", i), []byte(data))
		}
		w.Write("same.html", []byte("same"))
		if err := w.Commit(); err != nil {
			t.Fatal(err)
		}
		if got := os.SameFile(inode(t, out), folder); got != c.inPlace {
			t.Errorf("%d changed, %d removed: updated in place %v; want %v", c.changed, c.removed, got, c.inPlace)
		}
		if !os.SameFile(inode(t, filepath.Join(out, "same.html")), same) {
			t.Errorf("%d changed, %d removed: an unchanged file was written again", c.changed, c.removed)
		}
		got := readAll(t, out)
		if len(got) != n-c.removed+1 || got["p0/index.html"] != "v2" && c.changed > 0 || got[fmt.Sprintf("p%d/index.html", n-c.removed-1)] != "v1" {
			t.Errorf("%d changed, %d removed: the output holds %d files, p0 %q", c.changed, c.removed, len(got), got["p0/index.html"])
		}
	}
}

// TestCopyFile copies files a piece at a time into each kind of build:
// a fresh output, an output without a manifest that already holds the
// bytes (kept, time and all), a whole new folder beside a manifest (the
// unchanged file linked), and an update in place (unchanged kept, changed
// staged). A source that changed after it was hashed is recorded with
// the bytes copied.
func TestCopyFile(t *testing.T) {
	src := t.TempDir()
	big := bytes.Repeat([]byte("0123456789abcdef"), 20_000) // 320 KB, five pieces
	files := map[string][]byte{"big.bin": big, "small.txt": []byte("small"), "empty": nil}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(src, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	copyAll := func(w *Writer) {
		t.Helper()
		for name, data := range files {
			if err := w.CopyFile("c/"+name, filepath.Join(src, name), int64(len(data)), xxhash.Sum64(data)); err != nil {
				t.Fatal(err)
			}
		}
	}
	want := map[string]string{}
	for name, data := range files {
		want["c/"+name] = string(data)
	}
	check := func(what string, w *Writer, reused int) *Manifest {
		t.Helper()
		if err := w.Commit(); err != nil {
			t.Fatal(err)
		}
		if got := readAll(t, w.out); !maps.Equal(got, want) {
			t.Fatalf("%s: output %d files; want the %d copied", what, len(got), len(want))
		}
		if _, n := w.Files(); n != reused {
			t.Errorf("%s: %d files kept; want %d", what, n, reused)
		}
		m := w.Manifest()
		if !m.Intact(w.out) {
			t.Errorf("%s: the manifest does not describe the output", what)
		}
		for name, data := range files {
			if info := m.Files["c/"+name]; info.Size != int64(len(data)) || info.Sum != xxhash.Sum64(data) {
				t.Errorf("%s: the manifest records c/%s as %+v; want its size and hash", what, name, info)
			}
		}
		return m
	}

	out := filepath.Join(t.TempDir(), "public")
	w, _ := Begin(out, nil)
	copyAll(w)
	m := check("a fresh output", w, 0)
	bigIno := inode(t, filepath.Join(out, "c/big.bin"))

	w, _ = Begin(out, nil) // no manifest: the bytes are compared
	copyAll(w)
	check("an output without a manifest", w, 3)
	if !os.SameFile(inode(t, filepath.Join(out, "c/big.bin")), bigIno) {
		t.Error("without a manifest, big.bin was written again; want it kept")
	}

	w, _ = Begin(out, m) // a whole new folder: linked from the old one
	copyAll(w)
	m = check("a new folder beside a manifest", w, 3)
	if !os.SameFile(inode(t, filepath.Join(out, "c/big.bin")), bigIno) {
		t.Error("in a new folder, big.bin was written again; want it linked")
	}

	// The source changes after it was hashed: the output records what
	// it copied, not the hash it was given.
	files["big.bin"] = append(bytes.Clone(big), "more"...)
	if err := os.WriteFile(filepath.Join(src, "big.bin"), files["big.bin"], 0o644); err != nil {
		t.Fatal(err)
	}
	want["c/big.bin"] = string(files["big.bin"])
	w, err := Update(out, m, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		sum := xxhash.Sum64(data)
		if name == "big.bin" {
			sum = xxhash.Sum64(big) // hashed before it changed
		}
		if err := w.CopyFile("c/"+name, filepath.Join(src, name), int64(len(data)), sum); err != nil {
			t.Fatal(err)
		}
	}
	check("an update in place, big.bin changed", w, 2)

	// A folder in the source's place is refused.
	w, _ = Begin(out, nil)
	if err := w.CopyFile("c/x", src, 0, 0); err == nil {
		t.Error("CopyFile of a folder: no error")
	}
	w.Abort()
}
