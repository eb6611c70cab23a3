package generator

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestFullDisk builds into a file system too small for the site (a tmpfs
// of 64 KiB, mounted for the test, which needs root) and checks that the
// build fails with the disk's error told once, not once per file, and
// leaves nothing behind on it.
func TestFullDisk(t *testing.T) {
	mnt := t.TempDir()
	if err := syscall.Mount("tmpfs", mnt, "tmpfs", 0, "size=64k"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("mount a small tmpfs (CI runs as root): %v", err)
		}
		t.Skipf("mount a small tmpfs: %v (needs root)", err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(mnt, 0); err != nil {
			t.Errorf("unmount: %v", err)
		}
	})
	src := listingSite(t)
	_, err := Build(Config{Source: src, Out: filepath.Join(mnt, "public"), CacheDir: "-"})
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("build onto a full disk: %v; want no space left on device", err)
	}
	msg := err.Error()
	if n := strings.Count(msg, "no space left on device"); n != 1 || !strings.Contains(msg, "more files alike") {
		t.Errorf("build onto a full disk: the error is told %d times:\n%s\nwant once, with how many more files met it", n, msg)
	}
	if entries, _ := os.ReadDir(mnt); len(entries) != 0 {
		t.Errorf("a failed build left %d entries on the disk", len(entries))
	}
}
