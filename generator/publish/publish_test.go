package publish

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
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
	if before.Sys().(*syscall.Stat_t).Ino != after.Sys().(*syscall.Stat_t).Ino || !before.ModTime().Equal(after.ModTime()) {
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
