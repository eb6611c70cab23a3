package generator

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cespare/xxhash/v2"
)

// pastRacy waits until files written now are more than a second old, so
// that a build trusts their sizes and times (see racy and keepCopy).
func pastRacy() { time.Sleep(1100 * time.Millisecond) }

// copiesSite is a site with files copied as they are: a bundle's picture
// and data file, and a static file.
func copiesSite(t *testing.T) string {
	return writeSite(t, map[string]string{
		"site.yaml":                       testSiteYAML,
		"content/world/port/index.md":     briefingFile("Port", "2026-01-02", "Trade") + "\n![The port](port.png) and [the data](data.csv).\n",
		"content/world/port/port.png":     pngFile(t, 40, 30),
		"content/world/port/data.csv":     "year,tonnes\n2025,100\n",
		"content/world/other.md":          briefingFile("Other", "2026-01-03", "Trade"),
		"static/files/methodology.txt":    "How we count.\n",
		"content/world/port/notes/ann.md": "---\nanalyst: Ann Lee\n---\n\nA note.\n",
	})
}

// TestCopiesKeptOnDisk: a build to disk with the build cache keeps the
// files copied as they are whose bytes it wrote last time, without
// reading them, and reads the one whose bytes changed (the same size,
// other bytes) and those whose place in the output moved (a `slug:`);
// its output is always a fresh build's.
func TestCopiesKeptOnDisk(t *testing.T) {
	src := copiesSite(t)
	out := filepath.Join(t.TempDir(), "public")
	cfg := Config{Source: src, Out: out, CacheDir: filepath.Join(t.TempDir(), "cache"), Log: io.Discard}
	build := func(what string, read int) {
		t.Helper()
		stats, err := Build(cfg)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if stats.CopiesRead != read {
			t.Errorf("%s: %d files copied as they are were read; want %d", what, stats.CopiesRead, read)
		}
		fresh := readTree(t, mustBuild(t, Config{Source: src, CacheDir: "-"}))
		if d := diffTrees(fresh, readTree(t, out)); len(d) > 0 {
			t.Errorf("%s: the build differs from a fresh one:\n%s", what, strings.Join(d, "\n"))
		}
		pastRacy()
	}
	build("the first build", 3)
	writeFiles(t, src, map[string]string{"content/world/other.md": briefingFile("Other, edited", "2026-01-03", "Trade")})
	build("a briefing edited", 0)
	writeFiles(t, src, map[string]string{"content/world/port/data.csv": "year,tonnes\n2025,101\n"})
	build("the data file edited, to the same size", 1)
	writeFiles(t, src, map[string]string{"content/world/port/index.md": strings.Replace(briefingFile("Port", "2026-01-02", "Trade"), "---\n\n", "slug: harbour\n---\n\n", 1) + "\n![The port](port.png) and [the data](data.csv).\n"})
	build("the bundle moved by its slug", 2)
	if _, err := os.Stat(filepath.Join(out, "world/harbour/port.png")); err != nil {
		t.Errorf("the picture is not at the bundle's new place: %v", err)
	}
}

// TestCopiesKeptInMemory: a Builder, as brief serve uses, keeps the
// hashes of the files it copied as they are, and uses them again while
// each file has the size and times it had when read; a file rewritten
// with the same size and its old modification time put back is read
// again (its change time moved). A file read within a second of a change
// is read again at the next build.
func TestCopiesKeptInMemory(t *testing.T) {
	src := copiesSite(t)
	b := NewBuilder(Config{Source: src, Log: io.Discard})
	build := func(what string, changed []string, read int) *Result {
		t.Helper()
		res, err := b.BuildChanged(changed)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if res.Stats.CopiesRead != read {
			t.Errorf("%s: %d files copied as they are were read; want %d", what, res.Stats.CopiesRead, read)
		}
		fresh := readTree(t, mustBuild(t, Config{Source: src, CacheDir: "-"}))
		sameFiles(t, what, served(t, src, res), fresh)
		return res
	}
	build("the first build", nil, 3)
	pastRacy()
	// The first build read the files within a second of their writing:
	// a change in that second could keep their times, so they are read
	// again, once.
	build("a build a second later", nil, 3)
	build("a build with nothing changed, told nothing", nil, 0)
	build("a build told of nothing", []string{}, 0)

	data := filepath.Join(src, "content/world/port/data.csv")
	fi, err := os.Stat(data)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(data, []byte("year,tonnes\n2025,999\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(data, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	res := build("the data file rewritten, its size and time as they were", nil, 1)
	if got, want := res.Copied["world/port/data.csv"].Sum, xxhash.Sum64String("year,tonnes\n2025,999\n"); got != want {
		t.Errorf("the data file's copy has the hash %x; want %x, the new bytes'", got, want)
	}
	if len(res.Copied) != 3 {
		t.Errorf("%d copies; want 3", len(res.Copied))
	}
}

// TestLargeCopiesEqualFresh takes every file copied as it is for a large
// one, which a build to disk hashes and copies a piece at a time
// (publish.Writer.CopyFile) rather than read whole, and runs the test of
// copies kept on disk and a shorter series of TestIncrementalEqualsFresh's
// edits with it: each build must still give a fresh build's bytes.
func TestLargeCopiesEqualFresh(t *testing.T) {
	defer func(was int64) { largeCopy = was }(largeCopy)
	largeCopy = 0
	t.Run("kept on disk", TestCopiesKeptOnDisk)
	steps := 40
	if testing.Short() {
		steps = 10
	}
	s, out := newCheckedSite(t, *incSeed+1)
	s.check(out, "initial site")
	for i := range steps {
		what := s.step()
		s.check(out, fmt.Sprintf("step %d (seed %d): %s", i+1, *incSeed+1, what))
	}
}

// TestCheckLargeCopies runs brief check on the example site with every
// file it copies taken for a large one: check copies nothing, and a
// static file or bundle resource of largeCopy bytes or more once ended
// it with a nil pointer (the copy a piece at a time had no writer).
func TestCheckLargeCopies(t *testing.T) {
	defer func(was int64) { largeCopy = was }(largeCopy)
	largeCopy = 0
	stats, err := Check(Config{Source: "..", Log: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	if stats.CopiesRead == 0 {
		t.Errorf("brief check read %d files to copy; want every one of the example site's static files and resources", stats.CopiesRead)
	}
}
