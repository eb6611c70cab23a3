package generator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestUnchangedBuildKeepsFiles checks the build cache: a build with no
// change keeps the output whole, a build with one change rewrites only the
// files whose bytes changed, and the output is always what a fresh build
// without a cache writes.
func TestUnchangedBuildKeepsFiles(t *testing.T) {
	src := listingSite(t)
	out := filepath.Join(t.TempDir(), "public")
	cfg := Config{Source: src, Out: out, CacheDir: filepath.Join(t.TempDir(), "cache")}
	if _, err := Build(cfg); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	err := filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			err = os.Chtimes(p, old, old)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// The manifest recorded the old times; record the new ones.
	os.RemoveAll(cfg.CacheDir)
	if _, err := Build(cfg); err != nil {
		t.Fatal(err)
	}
	mtimes := func() map[string]time.Time {
		m := map[string]time.Time{}
		filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				fi, _ := d.Info()
				rel, _ := filepath.Rel(out, p)
				m[filepath.ToSlash(rel)] = fi.ModTime()
			}
			return nil
		})
		return m
	}
	before := mtimes()

	stats, err := Build(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !stats.Unchanged {
		t.Errorf("a build with nothing changed rebuilt (%s)", stats)
	}

	// One briefing changes: its page and the listings showing it change;
	// every other file keeps its time.
	b5 := filepath.Join(src, "content/world/b5.md")
	if err := os.WriteFile(b5, []byte(briefingFile("B5 revised", "2026-01-05", "Alpha", "Gamma")), 0o644); err != nil {
		t.Fatal(err)
	}
	stats, err = Build(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Unchanged || stats.Reused == 0 {
		t.Errorf("after one change: %s; want a build that reuses unchanged files", stats)
	}
	after := mtimes()
	changed := 0
	for name, tm := range after {
		if !tm.Equal(before[name]) {
			changed++
			if name == "economy/index.html" || name == "economy/page/2/index.html" || name == "topics/beta/index.html" {
				t.Errorf("%s was rewritten, but nothing it shows changed", name)
			}
		}
	}
	if !after["world/b5/index.html"].After(before["world/b5/index.html"]) {
		t.Errorf("world/b5/index.html kept its old time after its briefing changed")
	}
	if changed == 0 || changed == len(after) {
		t.Errorf("%d of %d files rewritten; want only those that changed", changed, len(after))
	}
	fresh := readTree(t, mustBuild(t, Config{Source: src, CacheDir: "-"}))
	if d := diffTrees(fresh, readTree(t, out)); len(d) > 0 {
		t.Errorf("cached build differs from a fresh one:\n%s", strings.Join(d, "\n"))
	}

	// A hand edit of the output is noticed, not kept.
	index := filepath.Join(out, "index.html")
	os.WriteFile(index, []byte("edited by hand"), 0o644)
	if stats, err = Build(cfg); err != nil || stats.Unchanged {
		t.Errorf("after a hand edit of the output: %s, %v; want a rebuild", stats, err)
	}
	if d := diffTrees(fresh, readTree(t, out)); len(d) > 0 {
		t.Errorf("output after a hand edit differs from a fresh build:\n%s", strings.Join(d, "\n"))
	}
}
