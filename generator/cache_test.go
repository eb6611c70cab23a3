package generator

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"brief/generator/content"
	"brief/generator/internal/logbuf"
	"brief/generator/internal/osfs"
	"brief/generator/internal/scan"
	"brief/generator/internal/wire"
	"brief/generator/internal/wire/wiretest"
	"brief/generator/publish"
	"brief/generator/search"
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

// TestBuildCacheState checks the state a build keeps in its cache folder:
// the next build in a new process renders only the pages an edit touched,
// and falls back to rendering everything, with the same output, when the
// state is damaged, made by other settings, or the output was edited by
// hand.
func TestBuildCacheState(t *testing.T) {
	src := listingSite(t)
	out := filepath.Join(t.TempDir(), "public")
	cfg := Config{Source: src, Out: out, CacheDir: filepath.Join(t.TempDir(), "cache"), Log: io.Discard}
	build := func(what string, cfg Config) Stats {
		t.Helper()
		stats, err := Build(cfg)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		fresh := readTree(t, mustBuild(t, Config{Source: src, CacheDir: "-", Drafts: cfg.Drafts}))
		if d := diffTrees(fresh, readTree(t, out)); len(d) > 0 {
			t.Fatalf("%s: output differs from a fresh build:\n%s", what, strings.Join(d, "\n"))
		}
		return stats
	}
	edit := func(n int, title string) {
		t.Helper()
		file := filepath.Join(src, "content/world/b"+strconv.Itoa(n)+".md")
		if err := os.WriteFile(file, []byte(briefingFile(title, "2026-01-0"+strconv.Itoa(n), "Alpha")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	all := build("first build", cfg)
	if all.Rendered != all.Pages {
		t.Fatalf("first build rendered %d of %d pages", all.Rendered, all.Pages)
	}

	// A body edit changes one page (and those always rendered: home,
	// indexes, search, 404).
	b5 := filepath.Join(src, "content/world/b5.md")
	data, err := os.ReadFile(b5)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(b5, append(data, "Another sentence.\n"...), 0o644)
	s := build("one edit", cfg)
	t.Logf("after a body edit: %s, %d rendered", s, s.Rendered)
	if s.Rendered == 0 || s.Rendered > 6 {
		t.Errorf("after a body edit %d of %d pages were rendered; want the briefing's and those always rendered", s.Rendered, s.Pages)
	}

	// A damaged state file is not used: cut short, or with one byte changed.
	for _, part := range []string{"content", "markdown", "pages", "search"} {
		file := stateFile(cfg, part)
		data, err = os.ReadFile(file)
		if err != nil {
			t.Fatalf("no %s state in the cache folder: %v", part, err)
		}
		if part == "content" {
			data = data[:len(data)/2]
		} else {
			data[len(data)/2] ^= 1
		}
		os.WriteFile(file, data, 0o644)
		edit(5, "B5 revised for a damaged "+part)
		if s := build("damaged "+part, cfg); s.Rendered != s.Pages {
			t.Errorf("with a damaged %s state %d of %d pages were rendered; want all", part, s.Rendered, s.Pages)
		}
	}

	// Other settings make other pages: the state is not used.
	drafts := cfg
	drafts.Drafts = true
	edit(5, "B5 with drafts")
	if s := build("other settings", drafts); s.Rendered != s.Pages {
		t.Errorf("with other settings %d of %d pages were rendered; want all", s.Rendered, s.Pages)
	}
	build("settings back", cfg)

	// A page edited by hand in the output is rendered again, though
	// nothing it shows changed.
	page := filepath.Join(out, "world/b3/index.html")
	if err := os.WriteFile(page, []byte("edited by hand"), 0o644); err != nil {
		t.Fatal(err)
	}
	edit(5, "B5 once more")
	build("hand edit of a page", cfg)
}

// TestBinaryID: on Linux the build cache's version names the binary by its
// Go build ID, as `go tool buildid` reads it; any other file is hashed.
func TestBinaryID(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	id := goBuildID(exe)
	if runtime.GOOS == "linux" {
		out, err := exec.Command("go", "tool", "buildid", exe).Output()
		if err != nil {
			t.Fatalf("go tool buildid: %v", err)
		}
		if want := strings.TrimSpace(string(out)); id != want {
			t.Errorf("goBuildID = %q, go tool buildid says %q", id, want)
		}
	}
	plain := filepath.Join(t.TempDir(), "brief")
	if err := os.WriteFile(plain, []byte("#!/bin/sh\necho not a Go binary\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if id := goBuildID(plain); id != "" {
		t.Errorf("a shell script has build id %q", id)
	}
	if got, err := binaryID(); err != nil || (id != "" && got != "go build id "+id) {
		t.Errorf("binaryID = %q, %v", got, err)
	}
}

// TestStateCodec: every field of what the build state keeps of the
// markdown, pages and search index reads back as it was written, so that
// a field added to them and not to the codec fails here.
func TestStateCodec(t *testing.T) {
	var md mdEntry
	wiretest.Fill(&md, nil)
	var page pageEntry
	wiretest.Fill(&page, nil)
	var cs search.CacheState
	wiretest.Fill(&cs, nil)

	w := wire.NewWriter(nil)
	saveMarkdown(w, &memory{md: map[string]*mdEntry{"content/a.md": &md}, settings: "/b/\x00true"})
	savePages(w, map[string]*pageEntry{"a/index.html": &page})
	saveSearch(w, &cs)
	r := wire.NewReader(w.Bytes())
	st := &state{mem: newMemory()}
	loadMarkdown(Config{}, st, r)
	loadPages(Config{}, st, r)
	gotSearch := decodeSearch(r)
	if r.Err() != nil || r.Left() != 0 {
		t.Fatalf("decode: %v, %d bytes left", r.Err(), r.Left())
	}
	if st.mem.settings != "/b/\x00true" {
		t.Errorf("the markdown's settings read back as %q", st.mem.settings)
	}
	if got := st.mem.md["content/a.md"]; got == nil || !reflect.DeepEqual(*got, md) {
		t.Errorf("markdown entry reads back as %+v, want %+v", got, md)
	}
	if got := st.mem.pages["a/index.html"]; got == nil || !reflect.DeepEqual(*got, page) {
		t.Errorf("page entry reads back as %+v, want %+v", got, page)
	}
	if !reflect.DeepEqual(*gotSearch, cs) {
		t.Errorf("search state reads back as %+v, want %+v", gotSearch, cs)
	}
}

// TestColdBuildRecordsInputs checks what a build with no cache records of
// its inputs: every file, with its size and time as the file system has
// them. Markdown files are listed without a stat and take the size and
// time of the file the build read, or, for one the build does not read
// (hidden), of a stat afterwards; a wrong record would make the next build
// read every file again to hash it.
func TestColdBuildRecordsInputs(t *testing.T) {
	src := listingSite(t)
	for name, data := range map[string]string{
		"content/world/.draft.md": "hidden: not read",
		"content/.hidden/x.md":    "in a hidden folder: not read",
	} {
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Times older than the build's start, which it keeps (see racy):
	// the time recorded is when each file last changed, its ctime, which
	// setting its modification time changes too.
	want := map[string]publish.FileInfo{}
	old := time.Now().Add(-time.Hour)
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if err := os.Chtimes(p, old, old.Add(time.Duration(len(want))*time.Millisecond)); err != nil {
			return err
		}
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		want[filepath.ToSlash(rel)] = publish.FileInfo{Size: fi.Size(), ModTime: osfs.ChangeTime(fi)}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(racyWindow)
	cfg := Config{Source: src, Out: filepath.Join(t.TempDir(), "public"), CacheDir: filepath.Join(t.TempDir(), "cache"), Log: io.Discard}
	if _, err := Build(cfg); err != nil {
		t.Fatal(err)
	}
	m := publish.ReadManifest(manifestFile(cfg))
	if len(m.Inputs) != len(want) || len(want) < 10 {
		t.Errorf("the manifest records %d inputs; the source has %d files", len(m.Inputs), len(want))
	}
	for name, w := range want {
		got, ok := m.Inputs[name]
		if !ok || got.Size != w.Size || got.ModTime != w.ModTime || got.Sum == 0 {
			t.Errorf("%s: recorded %+v (%v); want size %d, time %d and a hash", name, got, ok, w.Size, w.ModTime)
		}
	}
}

// TestTouchedInputsRecorded checks a build that finds nothing changed
// after reading a file again, its time changed but not its bytes (a
// touch, a checkout): it records the new time, so that the next build
// need not read the file again.
func TestTouchedInputsRecorded(t *testing.T) {
	src := listingSite(t)
	cfg := Config{Source: src, Out: filepath.Join(t.TempDir(), "public"), CacheDir: filepath.Join(t.TempDir(), "cache"), Log: io.Discard}
	if _, err := Build(cfg); err != nil {
		t.Fatal(err)
	}
	const name = "content/world/b5.md"
	past := time.Now().Add(-time.Minute).Truncate(time.Second)
	if err := os.Chtimes(filepath.Join(src, name), past, past); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Lstat(filepath.Join(src, name))
	if err != nil {
		t.Fatal(err)
	}
	touched := time.Unix(0, osfs.ChangeTime(fi))
	time.Sleep(racyWindow) // or the build forgets the time (see racy)
	before := publish.ReadManifest(manifestFile(cfg))
	if before.Inputs[name].ModTime == touched.UnixNano() {
		t.Fatalf("%s: the first build recorded the time set after it", name)
	}
	for range 2 {
		stats, err := Build(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if !stats.Unchanged {
			t.Errorf("after a touch: %s; want nothing changed", stats)
		}
		after := publish.ReadManifest(manifestFile(cfg))
		if got := after.Inputs[name]; got.ModTime != touched.UnixNano() || got.Sum != before.Inputs[name].Sum {
			t.Errorf("%s: recorded %+v after the touch; want time %d and the hash before it, %x", name, got, touched.UnixNano(), before.Inputs[name].Sum)
		}
		if after.Key != before.Key || len(after.Inputs) != len(before.Inputs) || !reflect.DeepEqual(after.Files, before.Files) {
			t.Errorf("the manifest changed more than the touched file's time")
		}
	}
}

// racyWindow is longer than the time before a build within which racy
// forgets a file's time.
const racyWindow = 1100 * time.Millisecond

// TestEditKeepingSizeAndTimeSeen: an edit that keeps a file's size, and
// then sets its modification time back (touch -r, cp -p, an archive), is
// seen by the next build. The cache went by size and modification time,
// and served the old page for good. The file's change time (ctime), which
// no program can set, tells.
func TestEditKeepingSizeAndTimeSeen(t *testing.T) {
	src := listingSite(t)
	time.Sleep(racyWindow) // so that the build records the times it finds
	cfg := Config{Source: src, Out: filepath.Join(t.TempDir(), "public"), CacheDir: filepath.Join(t.TempDir(), "cache"), Log: io.Discard}
	if _, err := Build(cfg); err != nil {
		t.Fatal(err)
	}
	const name = "content/world/b5.md"
	if publish.ReadManifest(manifestFile(cfg)).Inputs[name].ModTime == 0 {
		t.Fatalf("%s: the build recorded no time", name)
	}
	p := filepath.Join(src, name)
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	edited := bytes.Replace(data, []byte("Body"), []byte("Text"), 1)
	if bytes.Equal(edited, data) {
		t.Fatalf("%s has no word to change:\n%s", name, data)
	}
	if err := os.WriteFile(p, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(cfg); err != nil {
		t.Fatal(err)
	}
	fresh := filepath.Join(t.TempDir(), "fresh")
	if _, err := Build(Config{Source: src, Out: fresh, CacheDir: "-", Log: io.Discard}); err != nil {
		t.Fatal(err)
	}
	if diff := diffTrees(readTree(t, fresh), readTree(t, cfg.Out)); len(diff) > 0 {
		t.Errorf("after an edit keeping size and time, the cached build differs from a fresh one:\n%s", strings.Join(diff, "\n"))
	}
}

// TestLinkedSourceChanges checks the cache with a briefing that is a
// symbolic link to a file elsewhere in the source folder, outside the
// inputs: an edit to that file, which leaves the link as it was, must
// make the next build read it again, and a build with no edit must still
// find nothing changed.
func TestLinkedSourceChanges(t *testing.T) {
	src := writeSite(t, map[string]string{
		"site.yaml":             testSiteYAML,
		"content/world/a.md":    briefingFile("A", "2026-01-01", "Trade"),
		"drafts/linked-body.md": briefingFile("Linked", "2026-01-02", "Trade"),
	})
	if err := os.Symlink("../../drafts/linked-body.md", filepath.Join(src, "content", "world", "linked.md")); err != nil {
		t.Fatal(err)
	}
	cfg := Config{Source: src, Out: filepath.Join(t.TempDir(), "public"), CacheDir: filepath.Join(t.TempDir(), "cache"), Log: io.Discard}
	if _, err := Build(cfg); err != nil {
		t.Fatal(err)
	}
	if stats, err := Build(cfg); err != nil || !stats.Unchanged {
		t.Fatalf("a second build with no edit: %+v, %v; want nothing changed", stats, err)
	}
	// The same number of bytes, and the link itself untouched.
	target := filepath.Join(src, "drafts", "linked-body.md")
	data, err := os.ReadFile(target)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(target, []byte(strings.Replace(string(data), "Body of Linked.", "Body of Lonked.", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	stats, err := Build(cfg)
	if err != nil || stats.Unchanged {
		t.Fatalf("the build after the linked file changed: %+v, %v; want a build", stats, err)
	}
	page, err := os.ReadFile(filepath.Join(cfg.Out, "world", "linked", "index.html"))
	if err != nil || !strings.Contains(string(page), "Body of Lonked.") {
		t.Errorf("the linked briefing's page does not show the edit (%v)", err)
	}
	fresh := readTree(t, mustBuild(t, Config{Source: src, CacheDir: "-"}))
	if diffs := diffTrees(readTree(t, cfg.Out), fresh); len(diffs) > 0 {
		t.Errorf("the build from the cache differs from a fresh one: %v", diffs)
	}
	if stats, err := Build(cfg); err != nil || !stats.Unchanged {
		t.Errorf("a build with no further edit: %+v, %v; want nothing changed", stats, err)
	}
}

// TestCacheNotSavedSaysEachCauseOnce: the manifest and every part of the
// state fail alike when the cache folder cannot be made; the warning said
// so five times.
func TestCacheNotSavedSaysEachCauseOnce(t *testing.T) {
	same := errors.New("mkdir cache: not a directory")
	var log strings.Builder
	cacheNotSaved(&log, t.TempDir(), errors.Join(same, same, same, errors.New("save manifest: mkdir cache: not a directory"), same))
	want := "brief: cannot save the build cache (mkdir cache: not a directory; save manifest: mkdir cache: not a directory); the next build will take longer\n"
	if log.String() != want {
		t.Errorf("warning:\n%s\nwant:\n%s", log.String(), want)
	}
}

// TestCacheLinkToNothing: a cache folder that is a symbolic link to a
// folder that does not exist is told so; the build stands. It was told
// "mkdir .brief-cache: file exists".
func TestCacheLinkToNothing(t *testing.T) {
	src := listingSite(t)
	cache := filepath.Join(src, CacheDir)
	if err := os.Symlink(filepath.Join(t.TempDir(), "gone"), cache); err != nil {
		t.Skipf("cannot make symbolic links here: %v", err)
	}
	var log logbuf.Buffer
	if _, err := Build(Config{Source: src, Out: filepath.Join(t.TempDir(), "public"), Log: &log}); err != nil {
		t.Fatal(err)
	}
	if want := cache + " is a symbolic link to "; !strings.Contains(log.String(), want) || !strings.Contains(log.String(), "which does not exist") {
		t.Errorf("a build whose cache folder is a link to nothing said:\n%s\nwant it to say so: %s…, which does not exist", log.String(), want)
	}
}

// TestStaleCacheTempsRemoved: a build killed while it saved the cache
// leaves its temporary files; a later build removes those over an hour
// old, and leaves a younger one, which may be another build's save.
func TestStaleCacheTempsRemoved(t *testing.T) {
	src := listingSite(t)
	cache := filepath.Join(t.TempDir(), "cache")
	writeFiles(t, cache, map[string]string{"state-pages.tmp": "cut short", "state-other.tmp": "under way"})
	old := time.Now().Add(-2 * time.Hour)
	if err := os.Chtimes(filepath.Join(cache, "state-pages.tmp"), old, old); err != nil {
		t.Fatal(err)
	}
	mustBuild(t, Config{Source: src, CacheDir: cache})
	if _, err := os.Stat(filepath.Join(cache, "state-pages.tmp")); !os.IsNotExist(err) {
		t.Errorf("the stale state-pages.tmp is still there (err %v)", err)
	}
	if _, err := os.Stat(filepath.Join(cache, "state-other.tmp")); err != nil {
		t.Errorf("the young state-other.tmp was removed: %v", err)
	}
}

// TestCacheNameOfAnotherKind: a file of the cache folder with the name of
// one brief writes, but a folder, is refused as such. It was told to be a
// file brief did not write, in a list of them, under brief's own name.
func TestCacheNameOfAnotherKind(t *testing.T) {
	src := listingSite(t)
	cache := filepath.Join(src, CacheDir)
	if err := os.MkdirAll(filepath.Join(cache, "manifest"), 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := Build(Config{Source: src, Out: filepath.Join(t.TempDir(), "public"), Log: io.Discard})
	if want := "holds manifest, which has the name of a file brief writes there but is a folder, which brief never makes"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("build with a folder named manifest in the cache: %v; want it refused: …%s…", err, want)
	}
}

// TestForeignCacheFolderRefused: a --cache folder holding files brief did
// not write is refused, and nothing in it changes. A build wrote its
// manifest and state over files of those names, and removed any *.tmp
// over an hour old: `--cache /tmp` would have cleared other programs'.
func TestForeignCacheFolderRefused(t *testing.T) {
	src := listingSite(t)
	cache := t.TempDir()
	files := map[string]string{"session.tmp": "old log", "state": "state of my project", "manifest": "my shipping manifest"}
	writeFiles(t, cache, files)
	old := time.Now().Add(-3 * time.Hour)
	if err := os.Chtimes(filepath.Join(cache, "session.tmp"), old, old); err != nil {
		t.Fatal(err)
	}
	_, err := Build(Config{Source: src, Out: filepath.Join(t.TempDir(), "public"), CacheDir: cache, Log: io.Discard})
	if err == nil || !strings.Contains(err.Error(), "holds files brief did not write there (session.tmp)") {
		t.Errorf("build with a foreign cache folder: %v; want it refused, naming session.tmp", err)
	}
	got := readTree(t, cache)
	for name, want := range files {
		if string(got[name]) != want {
			t.Errorf("%s holds %q; want %q as before", name, got[name], want)
		}
	}
	if len(got) != len(files) {
		t.Errorf("the cache folder holds %d files; want the %d it had", len(got), len(files))
	}

	// Its own files from an earlier version of brief, and hidden files
	// it leaves alone, do not make a folder foreign: such a cache, kept
	// across an upgrade, was refused.
	own := t.TempDir()
	writeFiles(t, own, map[string]string{"manifest.gob": "old", "state.gob": "old", "state-pages.gob": "old", ".gitignore": "*\n", ".DS_Store": ""})
	if _, err := Build(Config{Source: src, Out: filepath.Join(t.TempDir(), "public"), CacheDir: own, Log: io.Discard}); err != nil {
		t.Errorf("build with a cache folder of an earlier brief: %v", err)
	}
}

// TestOutSpeltAnotherWay: the same output folder named another way
// (./public, an absolute path) is the same output: a build after one into
// it finds nothing changed. The cache key took the name as typed, and
// each switch rendered every page again.
func TestOutSpeltAnotherWay(t *testing.T) {
	src := listingSite(t)
	cache := filepath.Join(t.TempDir(), "cache")
	out := filepath.Join(t.TempDir(), "public")
	for i, o := range []string{out, filepath.Dir(out) + "/./public", out + "/"} {
		stats, err := Build(Config{Source: src, Out: o, CacheDir: cache, Log: io.Discard})
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 && !stats.Unchanged {
			t.Errorf("--out %s after --out %s: %s; want nothing changed", o, out, stats)
		}
	}
}

// TestDateAheadWarningEnds: the warning of a date ahead stops once that
// date has come, in a build with the cache as in a fresh one. The cached
// build kept saying it ("nothing changed"), and so did a build that reused
// the file's parse, until the file itself changed.
func TestDateAheadWarningEnds(t *testing.T) {
	src := listingSite(t)
	date := time.Now().UTC().Add(24*time.Hour + 2*time.Second).Truncate(time.Second)
	writeFiles(t, src, map[string]string{
		"content/world/soon.md": briefingFile("Soon", date.Format(time.RFC3339), "Alpha"),
	})
	cfg := Config{Source: src, Out: filepath.Join(t.TempDir(), "public"), CacheDir: filepath.Join(t.TempDir(), "cache"), Log: io.Discard}
	ahead := func(stats Stats) bool {
		for _, p := range stats.Warnings {
			if strings.Contains(p.Msg, "is in the future") {
				return true
			}
		}
		return false
	}
	stats, err := Build(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !ahead(stats) {
		t.Fatalf("dated %s: warnings %v; want the date ahead", date, stats.Warnings)
	}
	time.Sleep(time.Until(date.Add(-24*time.Hour)) + 100*time.Millisecond)
	// Once with nothing changed, once with another file changed, whose
	// build reuses soon.md's parse.
	for _, edit := range []string{"", "content/world/b1.md"} {
		if edit != "" {
			writeFiles(t, src, map[string]string{edit: briefingFile("B1 again", "2026-01-01", "Alpha")})
		}
		stats, err := Build(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if ahead(stats) {
			t.Errorf("edit %q, after the date came: still warned %v", edit, stats.Warnings)
		}
	}
}

// TestCacheDeletedKeepsUnchangedFiles: with its cache deleted, a build
// keeps the output's files whose bytes it writes again, inode and time,
// as a build with its cache does: every file got a new inode and time, so
// a deploy that compares times (rsync) sent the whole site again.
func TestCacheDeletedKeepsUnchangedFiles(t *testing.T) {
	src := listingSite(t)
	out := filepath.Join(t.TempDir(), "public")
	cache := filepath.Join(t.TempDir(), "cache")
	mustBuild(t, Config{Source: src, Out: out, CacheDir: cache})
	files := func() map[string]os.FileInfo {
		m := map[string]os.FileInfo{}
		filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				fi, _ := d.Info()
				rel, _ := filepath.Rel(out, p)
				m[filepath.ToSlash(rel)] = fi
			}
			return nil
		})
		return m
	}
	before := files()
	if err := os.RemoveAll(cache); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, src, map[string]string{"content/world/b1.md": briefingFile("B1 again", "2026-01-01", "Alpha")})
	mustBuild(t, Config{Source: src, Out: out, CacheDir: cache})
	after := files()
	kept := 0
	for name, fi := range before {
		if a, ok := after[name]; ok && os.SameFile(fi, a) && a.ModTime().Equal(fi.ModTime()) {
			kept++
		}
	}
	if kept < len(before)/2 || kept == len(before) {
		t.Errorf("after the cache was deleted and one briefing edited, %d of %d files kept their inode and time; want all but those the edit changed", kept, len(before))
	}
	fresh := mustBuild(t, Config{Source: src, CacheDir: "-"})
	if diff := diffTrees(readTree(t, fresh), readTree(t, out)); len(diff) > 0 {
		t.Errorf("the build differs from a fresh one:\n%s", strings.Join(diff, "\n"))
	}
}

// TestStaleManifestKeepsUnchangedFiles: an output folder that its cache's
// manifest does not describe as it is (copied without its times, or with
// a cache older than the folder) keeps the files whose bytes the build
// writes again, found by reading them, as one with no cache does.
func TestStaleManifestKeepsUnchangedFiles(t *testing.T) {
	src := listingSite(t)
	out := filepath.Join(t.TempDir(), "public")
	cache := filepath.Join(t.TempDir(), "cache")
	mustBuild(t, Config{Source: src, Out: out, CacheDir: cache})
	type file struct {
		fi   os.FileInfo
		data string
	}
	files := func() map[string]file {
		m := map[string]file{}
		tree := readTree(t, out)
		for name, data := range tree {
			fi, err := os.Stat(filepath.Join(out, filepath.FromSlash(name)))
			if err != nil {
				t.Fatal(err)
			}
			m[name] = file{fi, string(data)}
		}
		return m
	}
	rewritten := func(what string, before map[string]file) {
		t.Helper()
		after := files()
		var changed []string
		for name, b := range before {
			if a, ok := after[name]; ok && a.data == b.data && (!os.SameFile(a.fi, b.fi) || !a.fi.ModTime().Equal(b.fi.ModTime())) {
				changed = append(changed, name)
			}
		}
		if len(changed) > 0 {
			sort.Strings(changed)
			t.Errorf("%s: %d files with their bytes unchanged were written again: %v", what, len(changed), changed)
		}
		fresh := mustBuild(t, Config{Source: src, CacheDir: "-"})
		if diff := diffTrees(readTree(t, fresh), readTree(t, out)); len(diff) > 0 {
			t.Errorf("%s: the build differs from a fresh one:\n%s", what, strings.Join(diff, "\n"))
		}
	}

	// The folder copied, as cp -r does: the same bytes, new times.
	tree := readTree(t, out)
	if err := os.RemoveAll(out); err != nil {
		t.Fatal(err)
	}
	for name, data := range tree {
		writeFiles(t, out, map[string]string{name: string(data)})
	}
	before := files()
	mustBuild(t, Config{Source: src, Out: out, CacheDir: cache})
	rewritten("the output copied without its times", before)

	// A cache older than the folder: saved, then a build with an edit,
	// then the old cache put back.
	old := filepath.Join(t.TempDir(), "old")
	if err := os.Rename(cache, old); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, src, map[string]string{"content/world/b1.md": briefingFile("B1 again", "2026-01-01", "Alpha")})
	mustBuild(t, Config{Source: src, Out: out, CacheDir: cache})
	if err := os.RemoveAll(cache); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(old, cache); err != nil {
		t.Fatal(err)
	}
	before = files()
	mustBuild(t, Config{Source: src, Out: out, CacheDir: cache})
	rewritten("a cache older than the output", before)
}

// TestStampedListings builds from the cache after edits of every kind,
// with the folders of the inputs and of the output listed from the last
// build's stamps (see scan.Stamps): each build must be a fresh build's
// output, and a file added to a kept folder of the output must still be
// found.
func TestStampedListings(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("folders are stamped on Linux only")
	}
	src := listingSite(t)
	out := filepath.Join(t.TempDir(), "public")
	cfg := Config{Source: src, Out: out, CacheDir: filepath.Join(t.TempDir(), "cache"), Log: io.Discard}
	build := func(what string) Stats {
		t.Helper()
		stats, err := Build(cfg)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		fresh := readTree(t, mustBuild(t, Config{Source: src, CacheDir: "-"}))
		if d := diffTrees(fresh, readTree(t, out)); len(d) > 0 {
			t.Fatalf("%s: the build from the cache differs from a fresh one:\n%s", what, strings.Join(d, "\n"))
		}
		return stats
	}
	// A folder changed less than a tenth of a second before a listing
	// is not trusted by the next one: the builds wait that long where
	// they must find the folders kept.
	settle := func() { time.Sleep(150 * time.Millisecond) }

	if stats := build("cold build"); stats.FoldersRead+stats.FoldersKept != 0 {
		t.Errorf("a cold build listed %d folders with stamps, want none", stats.FoldersRead+stats.FoldersKept)
	}
	settle()
	stats := build("first build from the cache")
	if !stats.Unchanged || stats.FoldersRead == 0 || stats.FoldersKept != 0 {
		t.Errorf("first build from the cache: unchanged %v, %d folders read, %d kept; want every folder read", stats.Unchanged, stats.FoldersRead, stats.FoldersKept)
	}
	all := stats.FoldersRead
	stats = build("second build from the cache")
	if !stats.Unchanged || stats.FoldersRead != 0 || stats.FoldersKept != all {
		t.Errorf("second build from the cache: unchanged %v, %d folders read, %d kept; want all %d kept", stats.Unchanged, stats.FoldersRead, stats.FoldersKept, all)
	}

	// An edit in place changes no folder: the listing keeps them all,
	// and still sees the file's new size and time.
	writeFiles(t, src, map[string]string{"content/world/b5.md": briefingFile("B5 revised at length", "2026-01-05", "Alpha")})
	if stats = build("an edit in place"); stats.Unchanged || stats.FoldersKept < all/2 {
		t.Errorf("after an edit in place: unchanged %v, %d folders kept of %d", stats.Unchanged, stats.FoldersKept, all)
	}
	// A new section's folder, a briefing gone, a page's folder renamed.
	writeFiles(t, src, map[string]string{"content/analysis/a1.md": briefingFile("A1", "2026-01-09", "Delta")})
	build("a new section")
	if err := os.Remove(filepath.Join(src, "content/economy/b4.md")); err != nil {
		t.Fatal(err)
	}
	build("a briefing removed")
	if err := os.Rename(filepath.Join(src, "content/analysis"), filepath.Join(src, "content/review")); err != nil {
		t.Fatal(err)
	}
	build("a section renamed")

	// A file added by hand to a folder of the output that the last
	// listing kept is found, as it is without stamps.
	settle()
	build("nothing changed")
	if stats = build("nothing changed, again"); stats.FoldersRead != 0 {
		t.Fatalf("nothing changed: %d folders read, want all kept", stats.FoldersRead)
	}
	writeFiles(t, out, map[string]string{"world/b5/notes.txt": "mine"})
	if _, err := Build(cfg); err == nil || !strings.Contains(err.Error(), "world/b5/notes.txt") {
		t.Errorf("a file added to the output: %v; want brief to refuse the folder, naming the file", err)
	}
}

// TestChangeSeen holds the signal that starts reading the build's state
// during the listing to the files that make a build needed: a file new
// or edited, once, and not one unchanged or whose time the last build
// forgot (see racy), which is most often unchanged.
func TestChangeSeen(t *testing.T) {
	prev := map[string]publish.FileInfo{
		"content/a.md": {Size: 10, ModTime: 100},
		"content/b.md": {Size: 20, ModTime: 0}, // forgotten
		"site.yaml":    {Size: 5, ModTime: 50},
	}
	for _, c := range []struct {
		what  string
		files []scan.File
		calls int
	}{
		{"unchanged", []scan.File{{Path: "a.md", Size: 10, Change: 100}, {Path: "b.md", Size: 20, Change: 7}}, 0},
		{"edited", []scan.File{{Path: "a.md", Size: 10, Change: 101}, {Path: "a.md", Size: 11, Change: 100}}, 1},
		{"new", []scan.File{{Path: "c.md", Size: 1, Change: 1}}, 1},
	} {
		calls := 0
		seen := changeSeen(prev, func() { calls++ })
		for _, f := range c.files {
			seen(content.Dir, f)
		}
		seen("site.yaml", scan.File{Path: ".", Size: 5, Change: 50}) // a root that is a file: unchanged
		if calls != c.calls {
			t.Errorf("%s: found called %d times, want %d", c.what, calls, c.calls)
		}
	}
}

// TestResourceBecomesFolder replaces a bundle's file by a folder of the
// same name, and a static file likewise, between builds from the cache.
// The loader's patch took the old file for a file still to read ("is a
// directory"), and the output's update took the old file for the folder
// the new one goes in ("permission denied"); a fresh build had neither.
func TestResourceBecomesFolder(t *testing.T) {
	src := writeSite(t, map[string]string{
		"site.yaml":                 testSiteYAML,
		"content/world/b1/index.md": briefingFile("B1", "2026-01-01", "Alpha"),
		"content/world/b1/extra":    "a file",
		"static/extra.txt":          "a file",
		"content/world/b2.md":       briefingFile("B2", "2026-01-02", "Alpha"),
	})
	out := filepath.Join(t.TempDir(), "public")
	cfg := Config{Source: src, Out: out, CacheDir: filepath.Join(t.TempDir(), "cache"), Log: io.Discard}
	if _, err := Build(cfg); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"content/world/b1/extra", "static/extra.txt"} {
		if err := os.Remove(filepath.Join(src, f)); err != nil {
			t.Fatal(err)
		}
		writeFiles(t, src, map[string]string{f + "/inner.txt": "now a folder"})
	}
	if _, err := Build(cfg); err != nil {
		t.Fatalf("build from the cache after files became folders: %v", err)
	}
	fresh := readTree(t, mustBuild(t, Config{Source: src, CacheDir: "-"}))
	if d := diffTrees(fresh, readTree(t, out)); len(d) > 0 {
		t.Errorf("the build from the cache differs from a fresh one:\n%s", strings.Join(d, "\n"))
	}
}

// TestSiteMovedWithItsCache moves a site folder, with its public/ and
// its cache folder, to another path, as a CI runner that restores both
// into another checkout does, and removes a static file: the build finds
// its output described by the cache, so it deletes the file brief
// published, where the manifest, which recorded the output folder by its
// absolute path, described no folder there, and the build refused public/
// for holding a file it could not tell from the user's. With nothing
// changed, the moved site is not built again: its key no longer holds the
// output folder's absolute path.
func TestSiteMovedWithItsCache(t *testing.T) {
	src := listingSite(t)
	writeFiles(t, src, map[string]string{"static/notes.txt": "notes", "static/keep.txt": "keep"})
	mustBuild(t, Config{Source: src, Out: filepath.Join(src, "public")})
	moved := filepath.Join(t.TempDir(), "checkout")
	if err := os.Rename(src, moved); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(moved, "static", "notes.txt")); err != nil {
		t.Fatal(err)
	}
	// Restored by tar, the files keep their times to the second only.
	filepath.WalkDir(filepath.Join(moved, "public"), func(p string, d os.DirEntry, err error) error {
		if fi, err := d.Info(); err == nil && d.Type().IsRegular() {
			at := fi.ModTime().Truncate(time.Second)
			os.Chtimes(p, at, at)
		}
		return nil
	})
	if _, err := Build(Config{Source: moved, Log: io.Discard}); err != nil {
		t.Fatalf("build of the moved site without a static file: %v", err)
	}
	fresh := mustBuild(t, Config{Source: moved, CacheDir: "-"})
	if diff := diffTrees(readTree(t, fresh), readTree(t, filepath.Join(moved, "public"))); len(diff) > 0 {
		t.Errorf("the build differs from a fresh one:\n%s", strings.Join(diff, "\n"))
	}
	again := filepath.Join(t.TempDir(), "again")
	if err := os.Rename(moved, again); err != nil {
		t.Fatal(err)
	}
	stats, err := Build(Config{Source: again, Log: io.Discard})
	if err != nil {
		t.Fatalf("build of the site moved again: %v", err)
	}
	if !stats.Unchanged {
		t.Errorf("the site moved again, unchanged, was built again: %+v", stats)
	}
}

// TestBuildWithAnotherCacheThenOwn builds with the site's cache, adds a
// static file and builds with another cache (--cache elsewhere, or a
// cache that could not be saved), then with the site's own again. Its
// manifest does not list the static file, which the last build wrote
// and this one writes again: the build refused the folder, every build
// after it, saying the file was not its last build's. A file of the
// user's in the folder is still refused, and kept.
func TestBuildWithAnotherCacheThenOwn(t *testing.T) {
	src := listingSite(t)
	out := filepath.Join(src, "public")
	mustBuild(t, Config{Source: src, Out: out})
	writeFiles(t, src, map[string]string{"static/s.txt": "published"})
	mustBuild(t, Config{Source: src, Out: out, CacheDir: filepath.Join(t.TempDir(), "other")})
	mustBuild(t, Config{Source: src, Out: out})
	fresh := mustBuild(t, Config{Source: src, CacheDir: "-"})
	if diff := diffTrees(readTree(t, fresh), readTree(t, out)); len(diff) > 0 {
		t.Errorf("the build differs from a fresh one:\n%s", strings.Join(diff, "\n"))
	}
	mine := filepath.Join(out, "mine.html")
	if err := os.WriteFile(mine, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(Config{Source: src, Out: out, Log: io.Discard}); err == nil || !strings.Contains(err.Error(), "mine.html") {
		t.Errorf("a build over a file of the user's: %v; want it refused, naming the file", err)
	}
	if _, err := os.Stat(mine); err != nil {
		t.Errorf("the user's file is gone: %v", err)
	}
}

// TestOtherConfigsAreInputs: Hugo's or Jekyll's settings file added
// beside site.yaml is warned of by the next build from the cache, and one
// deleted is no longer: a build that found nothing changed kept a warning
// of a deleted hugo.yaml, and never warned of a new hugo.toml.
func TestOtherConfigsAreInputs(t *testing.T) {
	src := writeSite(t, map[string]string{
		"site.yaml":          testSiteYAML,
		"content/world/a.md": briefingFile("A", "2026-01-01", "Trade"),
	})
	cfg := Config{Source: src, Out: filepath.Join(t.TempDir(), "public"), CacheDir: filepath.Join(t.TempDir(), "cache"), Log: io.Discard}
	warned := func(what string, want ...string) {
		t.Helper()
		stats, err := Build(cfg)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, w := range stats.Warnings {
			if strings.Contains(w.Msg, "brief does not read") {
				got = append(got, w.File)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: warned of %q; want %q", what, got, want)
		}
	}
	warned("no settings of other tools")
	writeFiles(t, src, map[string]string{"hugo.toml": "baseURL = \"x\"\n", "_config.yml": "timezone: UTC\n"})
	warned("hugo.toml and _config.yml added", "_config.yml", "hugo.toml")
	os.Remove(filepath.Join(src, "hugo.toml"))
	warned("hugo.toml deleted", "_config.yml")
}
