package generator

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"brief/generator/diag"
	"brief/generator/internal/logbuf"
)

// TestFullDisk builds into a file system too small for the site (a tmpfs
// of 64 KiB, mounted for the test, which needs root) and checks that the
// build fails with the disk's error told once, not once per file, and
// leaves nothing behind on it.
func TestFullDisk(t *testing.T) {
	mnt := mountTmpfs(t, 0, "size=64k")
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

// TestFullDiskStopsRendering checks that a build onto a full disk stops
// rendering once a write fails for want of room: of 300 briefings' pages,
// only those already rendering, and the few files written after the
// pages, meet the full disk.
func TestFullDiskStopsRendering(t *testing.T) {
	mnt := mountTmpfs(t, 0, "size=64k")
	files := map[string]string{"site.yaml": testSiteYAML}
	for i := range 300 {
		files[fmt.Sprintf("content/world/b%d.md", i)] = briefingFile(fmt.Sprintf("B%d", i), "2026-01-02", "Alpha")
	}
	_, err := Build(Config{Source: writeSite(t, files), Out: filepath.Join(mnt, "public"), CacheDir: "-"})
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("build onto a full disk: %v; want no space left on device", err)
	}
	m := regexp.MustCompile(`and (\d+) more files alike`).FindStringSubmatch(err.Error())
	if m == nil {
		t.Fatalf("build onto a full disk: %v; want how many more files met it", err)
	}
	if n, _ := strconv.Atoi(m[1]); n > 60 {
		t.Errorf("build of 300 briefings onto a full disk went on writing: %d more files met the full disk, want the pages rendering when it filled and the files after the pages", n)
	}
}

// TestDiskFullMidwayIsNotBrokenLinks: a disk that fills while pages render
// is told as a full disk, exit status 2's error, not as links to the pages
// that were not rendered after it, which were told broken (content
// errors, exit status 1) when the disk filled after the first pages.
func TestDiskFullMidwayIsNotBrokenLinks(t *testing.T) {
	mnt := mountTmpfs(t, 0, "size=256k")
	files := map[string]string{"site.yaml": testSiteYAML}
	for i := range 300 {
		files[fmt.Sprintf("content/world/b%d.md", i)] = briefingFile(fmt.Sprintf("B%d", i), "2026-01-02", "Alpha") +
			fmt.Sprintf("\nSee [the next](b%d.md) and [the first](b0.md).\n", (i+1)%300)
	}
	_, err := Build(Config{Source: writeSite(t, files), Out: filepath.Join(mnt, "public"), CacheDir: "-"})
	var ce *diag.ContentError
	if errors.As(err, &ce) || !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("build onto a disk that fills midway: %v; want no space left on device, and no content error", err)
	}
}

// TestCacheOnReadOnlyDisk builds with a cache folder on a read-only file
// system, where the cache's lock file cannot be made: the build goes on,
// and says that it could neither lock nor save the cache.
func TestCacheOnReadOnlyDisk(t *testing.T) {
	cache := mountTmpfs(t, syscall.MS_RDONLY, "size=64k")
	var log logbuf.Buffer
	if _, err := Build(Config{Source: listingSite(t), Out: filepath.Join(t.TempDir(), "public"), CacheDir: cache, Log: &log}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"brief: warning: cannot lock the cache folder", "brief: cannot save the build cache"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("a build whose cache folder is read-only said %q; want %q", log.String(), want)
		}
	}
}

// mountTmpfs mounts a tmpfs with the given flags and options on a new
// temporary folder, which it returns, until the test ends. It needs root:
// the test fails without it under CI, which runs as root, and skips
// elsewhere.
func mountTmpfs(t *testing.T, flags uintptr, opts string) string {
	t.Helper()
	mnt := t.TempDir()
	if err := syscall.Mount("tmpfs", mnt, "tmpfs", flags, opts); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("mount a tmpfs (CI runs as root): %v", err)
		}
		t.Skipf("mount a tmpfs: %v (needs root)", err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(mnt, 0); err != nil {
			t.Errorf("unmount: %v", err)
		}
	})
	return mnt
}
