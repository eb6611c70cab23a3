package watch

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"brief/generator/content"
	"brief/generator/internal/logbuf"
)

// hang is how long a test waits for a batch before it calls the watcher
// stuck; it only catches hangs.
const hang = 10 * time.Second

var names = []string{"content", "layouts", "static", "site.yaml"}

// modes runs a test with fsnotify and with polling.
func modes(t *testing.T, f func(t *testing.T, h *harness)) {
	modesWith(t, oneBriefing, f)
}

// oneBriefing is the site's content for modes: one briefing, a.md.
func oneBriefing(t *testing.T, dir string) {
	write(t, dir, "content/world/a.md", "a")
}

// modesWith is modes with the site's content written by setup, before
// the watch begins, beside site.yaml.
func modesWith(t *testing.T, setup func(t *testing.T, dir string), f func(t *testing.T, h *harness)) {
	modesOpt(t, Options{}, setup, f)
}

// modesOpt is modesWith with options for the watcher; Poll and Log are
// set for each mode.
func modesOpt(t *testing.T, opt Options, setup func(t *testing.T, dir string), f func(t *testing.T, h *harness)) {
	for _, mode := range []struct {
		name string
		poll time.Duration
	}{{"notify", 0}, {"poll", 20 * time.Millisecond}} {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			write(t, dir, "site.yaml", "base_url: https://x.test/\n")
			setup(t, dir)
			var log bytes.Buffer
			opt := opt
			opt.Poll, opt.Log = mode.poll, &log
			w, err := New(dir, names, opt)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				if err := w.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
				if log.Len() > 0 {
					t.Errorf("unexpected notices: %s", log.String())
				}
			})
			if w.Polling() != (mode.poll > 0) {
				t.Fatalf("Polling() = %v", w.Polling())
			}
			f(t, &harness{t: t, w: w, dir: dir, seen: map[string]bool{}})
		})
	}
}

type harness struct {
	t       *testing.T
	w       *Watcher
	dir     string
	seen    map[string]bool // paths reported since the last wait
	batches int             // batches received since the last wait
}

// wait reads batches until every path in want has been reported, checking
// that no path outside the watched names or of editor litter ever is.
func (h *harness) wait(want ...string) {
	h.t.Helper()
	deadline := time.After(hang)
	h.seen, h.batches = map[string]bool{}, 0
	for !h.seenAll(want) {
		select {
		case b, ok := <-h.w.Changes:
			if !ok {
				h.t.Fatal("Changes closed")
			}
			h.take(b)
		case <-deadline:
			h.t.Fatalf("after %v, still waiting for %q; saw %q", hang, want, keys(h.seen))
		}
	}
}

func (h *harness) take(b []string) {
	h.t.Helper()
	h.batches++
	for i, p := range b {
		if i > 0 && b[i-1] >= p {
			h.t.Errorf("batch not sorted or has duplicates: %q", b)
		}
		if p != Everything && (content.IgnoredAt(p) || strings.HasPrefix(p, "public")) {
			h.t.Errorf("reported %q, which brief does not read", p)
		}
		h.seen[p] = true
	}
}

func (h *harness) seenAll(want []string) bool {
	for _, p := range want {
		if !h.seen[p] {
			return false
		}
	}
	return true
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func write(t *testing.T, dir, rel, text string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func (h *harness) write(rel, text string) { h.t.Helper(); write(h.t, h.dir, rel, text) }

func (h *harness) path(rel string) string { return filepath.Join(h.dir, filepath.FromSlash(rel)) }

func (h *harness) do(err error) {
	h.t.Helper()
	if err != nil {
		h.t.Fatal(err)
	}
}

func TestSaveInPlace(t *testing.T) {
	modes(t, func(t *testing.T, h *harness) {
		h.write("content/world/a.md", "a, edited")
		h.wait("content/world/a.md")
	})
}

// TestSaveKeepingSizeAndTime: an edit that keeps the size and sets the
// modification time back (touch -r, cp -p) is reported; polling compared
// the modification time and size alone, and missed it.
func TestSaveKeepingSizeAndTime(t *testing.T) {
	modes(t, func(t *testing.T, h *harness) {
		fi, err := os.Stat(h.path("content/world/a.md"))
		h.do(err)
		h.write("content/world/a.md", "b")
		h.do(os.Chtimes(h.path("content/world/a.md"), fi.ModTime(), fi.ModTime()))
		h.wait("content/world/a.md")
	})
}

// TestSaveAtomically saves the way Vim does (probe file 4913, backup a.md~,
// new file) and the way most editors do (hidden temporary file renamed
// over the original): only the real file is reported.
func TestSaveAtomically(t *testing.T) {
	modes(t, func(t *testing.T, h *harness) {
		h.write("content/world/4913", "")
		h.do(os.Remove(h.path("content/world/4913")))
		h.do(os.Rename(h.path("content/world/a.md"), h.path("content/world/a.md~")))
		h.write("content/world/a.md", "a, saved by vim")
		h.write("content/world/.a.md.swp", "swap")
		h.do(os.Remove(h.path("content/world/a.md~")))
		h.wait("content/world/a.md")

		// Emacs: an auto-save file while typing, a lock file.
		h.write("content/world/#a.md#", "a, auto-saved by emacs")
		h.write("content/world/.#a.md", "lock")
		h.write("content/world/a.md", "a, saved by emacs")
		h.wait("content/world/a.md")

		h.write("content/world/.a.md.tmp-1234", "a, saved by renaming")
		h.do(os.Rename(h.path("content/world/.a.md.tmp-1234"), h.path("content/world/a.md")))
		h.wait("content/world/a.md")

		// JetBrains' safe write: its temporary names are litter, and
		// they come and go within the batch anyway.
		h.write("content/world/a.md___jb_tmp___", "a, saved safely")
		h.do(os.Rename(h.path("content/world/a.md"), h.path("content/world/a.md___jb_old___")))
		h.do(os.Rename(h.path("content/world/a.md___jb_tmp___"), h.path("content/world/a.md")))
		h.do(os.Remove(h.path("content/world/a.md___jb_old___")))
		h.wait("content/world/a.md")
		for p := range h.seen {
			if strings.Contains(p, "___jb_") {
				t.Errorf("reported %s, a temporary file gone before the batch was sent", p)
			}
		}

		// sed -i: a temporary file that stays long enough to be a batch
		// of its own, renamed over the original.
		h.write("content/world/sedXy12Ab", "a, edited by sed")
		time.Sleep(50 * time.Millisecond)
		h.do(os.Rename(h.path("content/world/sedXy12Ab"), h.path("content/world/a.md")))
		h.wait("content/world/a.md")
		if h.seen["content/world/sedXy12Ab"] {
			t.Errorf("reported sed's temporary file")
		}

		h.write("site.yaml.tmp", "not watched")
		h.write(".site.yaml.new", "base_url: https://y.test/\n")
		h.do(os.Rename(h.path(".site.yaml.new"), h.path("site.yaml")))
		h.write("public/index.html", "output is not watched")
		h.wait("site.yaml")
		if h.seen["site.yaml.tmp"] {
			t.Errorf("reported site.yaml.tmp, which is not a watched name")
		}
	})
}

// TestEmptyThenWrite saves in place as some editors do: the file is
// emptied, then written a moment later. The batch waits for the text: a
// build of the empty file showed "missing front matter" in every tab.
func TestEmptyThenWrite(t *testing.T) {
	// A second and more to write, rather than the 50 ms an editor needs:
	// on a busy machine the writer may not run again for a while.
	opt := Options{RecreateWait: time.Second, MaxDelay: 2 * time.Second}
	modesOpt(t, opt, oneBriefing, func(t *testing.T, h *harness) {
		saved := make(chan error, 1)
		go func() {
			f, err := os.OpenFile(h.path("content/world/a.md"), os.O_WRONLY|os.O_TRUNC, 0)
			if err != nil {
				saved <- err
				return
			}
			time.Sleep(20 * time.Millisecond) // longer than the 10 ms that end a batch
			_, err = f.WriteString("a, written after emptying")
			saved <- errors.Join(err, f.Close())
		}()
		// The file as it was when the batch came, taken at once.
		select {
		case b := <-h.w.Changes:
			text, err := os.ReadFile(h.path("content/world/a.md"))
			h.do(err)
			if !slices.Contains(b, "content/world/a.md") || len(text) == 0 {
				t.Errorf("batch %q came while the file was empty", b)
			}
		case <-time.After(hang):
			t.Fatal("no batch")
		}
		h.do(<-saved)
	})
}

func TestDeleteAndRecreate(t *testing.T) {
	modes(t, func(t *testing.T, h *harness) {
		h.do(os.Remove(h.path("content/world/a.md")))
		h.wait("content/world/a.md")
		h.write("content/world/a.md", "a, recreated")
		h.wait("content/world/a.md")
	})
}

// TestNewFolders creates nested folders and writes into them at once, then
// later: both writes must be seen, and so must folders that did not exist
// when watching began (layouts/).
func TestNewFolders(t *testing.T) {
	modes(t, func(t *testing.T, h *harness) {
		h.write("content/world/new/notes/desk.md", "note")
		h.wait("content/world/new/notes/desk.md")
		h.write("content/world/new/notes/other.md", "another note")
		h.wait("content/world/new/notes/other.md")
		h.write("layouts/base.html", "layout")
		h.wait("layouts/base.html")
		h.write("layouts/base.html", "layout, edited")
		h.wait("layouts/base.html")
	})
}

// TestHiddenInStatic: hidden files and folders of static/ are published,
// so their changes are reported, in folders created before or after the
// watch began; version control's and editor litter are not.
func TestHiddenInStatic(t *testing.T) {
	modes(t, func(t *testing.T, h *harness) {
		h.write("static/.well-known/security.txt", "Contact: mailto:desk@example.org\n")
		h.wait("static/.well-known/security.txt")
		h.write("static/.git/HEAD", "ref: refs/heads/main\n")
		h.write("static/.DS_Store", "finder")
		h.write("static/.htaccess", "ErrorDocument 404 /404.html\n")
		h.wait("static/.htaccess")
		h.write("static/.well-known/security.txt", "Contact: mailto:news@example.org\n")
		h.wait("static/.well-known/security.txt")
		h.write("content/.hidden/a.md", "not read")
		h.write("content/world/a.md", "read")
		h.wait("content/world/a.md")
	})
}

// TestLinkedContent watches a site whose content/ is a symbolic link to a
// folder elsewhere, as builds read it: edits and new files in it are
// reported under content/. (They were not: the walk listed the link
// alone.)
func TestLinkedContent(t *testing.T) {
	modesWith(t, func(t *testing.T, dir string) {
		write(t, dir, "../shared/world/a.md", "a")
		if err := os.Symlink(filepath.Join("..", "shared"), filepath.Join(dir, "content")); err != nil {
			t.Fatal(err)
		}
	}, func(t *testing.T, h *harness) {
		h.write("../shared/world/a.md", "a, edited")
		h.wait("content/world/a.md")
		h.write("../shared/world/new/index.md", "a new bundle")
		h.wait("content/world/new/index.md")
	})
}

// TestRenameFolder moves a bundle: both names are reported, and files
// written afterwards are reported under the new name, never the old one.
func TestRenameFolder(t *testing.T) {
	modes(t, func(t *testing.T, h *harness) {
		h.write("content/world/old/index.md", "bundle")
		h.write("content/world/old/notes/desk.md", "note")
		h.wait("content/world/old/notes/desk.md")
		h.do(os.Rename(h.path("content/world/old"), h.path("content/world/renamed")))
		h.wait("content/world/old", "content/world/renamed")
		h.write("content/world/renamed/notes/second.md", "note")
		h.wait("content/world/renamed/notes/second.md")
		if h.seen["content/world/old/notes/second.md"] {
			t.Errorf("reported a write under the folder's old name")
		}
		h.do(os.RemoveAll(h.path("content/world/renamed")))
		h.wait("content/world/renamed")
	})
}

// TestBurst writes 500 times over 50 files as fast as it can: the batches
// must be far fewer than the writes, and a reader that rereads the files
// after each batch must end up seeing their final contents.
func TestBurst(t *testing.T) {
	modes(t, func(t *testing.T, h *harness) {
		const files, writes = 50, 500
		var want []string
		for i := range files {
			want = append(want, fmt.Sprintf("content/burst/f%02d.md", i))
		}
		h.do(os.MkdirAll(h.path("content/burst"), 0o755))
		h.wait("content/burst")
		for i := range writes {
			h.write(want[i%files], fmt.Sprint("write ", i))
		}
		h.wait(want...)
		// Read until the tree has been quiet for a while, rereading the
		// last file after each batch as a rebuild would.
		last := ""
		for {
			read, err := os.ReadFile(h.path(want[files-1]))
			h.do(err)
			last = string(read)
			select {
			case b := <-h.w.Changes:
				h.take(b)
				continue
			case <-time.After(300 * time.Millisecond):
			}
			break
		}
		if wantLast := fmt.Sprint("write ", writes-1); last != wantLast {
			t.Errorf("after the last batch the file reads %q; want %q", last, wantLast)
		}
		if h.batches > writes/10 {
			t.Errorf("%d writes came in %d batches; want them coalesced into far fewer", writes, h.batches)
		}
		t.Logf("%d writes in %d batches", writes, h.batches)
	})
}

// TestEditDuringRebuild holds a batch without reading the next (a rebuild
// in progress), edits meanwhile, and expects the edit in a later batch.
func TestEditDuringRebuild(t *testing.T) {
	modes(t, func(t *testing.T, h *harness) {
		h.write("content/world/a.md", "first")
		h.wait("content/world/a.md")
		h.write("content/world/b.md", "while rebuilding")
		time.Sleep(200 * time.Millisecond) // the rebuild takes a while
		h.write("content/world/c.md", "also while rebuilding")
		h.wait("content/world/b.md", "content/world/c.md")
	})
}

func TestCloseEndsChanges(t *testing.T) {
	w, err := New(t.TempDir(), names, Options{})
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	select {
	case _, ok := <-w.Changes:
		if ok {
			t.Error("a batch after Close")
		}
	case <-time.After(hang):
		t.Fatal("Changes not closed by Close")
	}
}

func TestLimitHelp(t *testing.T) {
	err := fmt.Errorf("watch content/world: %w", syscall.ENOSPC)
	help := limitHelp(err)
	for _, want := range []string{"/proc/sys/fs/inotify/max_user_watches", "sysctl fs.inotify.max_user_watches=524288"} {
		if !strings.Contains(help, want) {
			t.Errorf("limitHelp(ENOSPC) = %q; want it to mention %q", help, want)
		}
	}
	if help := limitHelp(fmt.Errorf("x: %w", syscall.EMFILE)); !strings.Contains(help, "max_user_instances") {
		t.Errorf("limitHelp(EMFILE) = %q; want it to name max_user_instances", help)
	}
	if help := limitHelp(os.ErrPermission); help != "" {
		t.Errorf("limitHelp(permission) = %q; want \"\"", help)
	}
}

// TestFallBack switches a watcher to polling as running out of inotify
// watches does, and expects a notice that names the limit, then changes
// still reported.
func TestFallBack(t *testing.T) {
	dir := t.TempDir()
	var log bytes.Buffer
	w, err := New(dir, names, Options{Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	w.fallBack(fmt.Errorf("watch %s: %w", dir, syscall.ENOSPC))
	if !w.Polling() || !strings.Contains(log.String(), "max_user_watches") {
		t.Fatalf("after ENOSPC: Polling() = %v, notice %q", w.Polling(), log.String())
	}
	h := &harness{t: t, w: w, dir: dir}
	h.write("content/x.md", "x")
	h.wait("content/x.md")
}

func TestPollDiff(t *testing.T) {
	t0, t1 := time.Unix(100, 0), time.Unix(101, 0)
	file := func(mt time.Time, size int64) stamp { return stamp{mt, mt.UnixNano(), size, 0} }
	dir := func(mt time.Time) stamp { return stamp{mt, mt.UnixNano(), 4096, fs.ModeDir} }
	prev := map[string]stamp{
		"content":        dir(t0),
		"content/a.md":   file(t0, 10),
		"content/b.md":   file(t0, 10),
		"content/c.md":   file(t0, 10),
		"content/gone":   dir(t0),
		"content/gone/x": file(t0, 1),
		"content/kind":   file(t0, 1),
	}
	cur := map[string]stamp{
		"content":      dir(t1),      // its entries changed: not itself a change
		"content/a.md": file(t0, 10), // untouched
		"content/b.md": file(t1, 10), // saved, same size
		"content/c.md": file(t0, 11), // same time, other size
		"content/new":  dir(t1),
		"content/kind": dir(t1), // a file replaced by a folder
	}
	got := diff(prev, cur)
	slices.Sort(got)
	want := []string{"content/b.md", "content/c.md", "content/gone", "content/gone/x", "content/kind", "content/new"}
	if !slices.Equal(got, want) {
		t.Errorf("diff = %q; want %q", got, want)
	}
}

func TestAwaitsRecreate(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "content/here.md", "x")
	write(t, dir, "content/empty.md", "")
	w := &Watcher{root: dir}
	for _, c := range []struct {
		pending map[string]bool
		want    bool
	}{
		{map[string]bool{"content/here.md": false}, false},
		{map[string]bool{"content/gone.md": false}, true},              // deleted, perhaps to be written anew
		{map[string]bool{"content/gone.md": true}, false},              // created and gone: a temporary file
		{map[string]bool{"content/here.md": false, ".": false}, false}, // Everything
		{map[string]bool{"content/empty.md": false}, true},             // emptied, perhaps to be written
		{map[string]bool{"content/empty.md": true}, true},
	} {
		if got := w.awaitsRecreate(c.pending); got != c.want {
			t.Errorf("awaitsRecreate(%v) = %v; want %v", c.pending, got, c.want)
		}
	}
	many := map[string]bool{"content/gone.md": false}
	for i := range 20 {
		many[fmt.Sprintf("content/x%d.md", i)] = false
	}
	if w.awaitsRecreate(many) {
		t.Errorf("a large batch waits; want it sent at once")
	}
}

// TestLinkedContentRetargeted points the link content/ at another folder,
// as ln -sfn does, by renaming a new link over it: edits in the folder it
// now leads to are reported, and those in the one it left are not. The
// new folder was never watched, and the old one still was.
func TestLinkedContentRetargeted(t *testing.T) {
	modesWith(t, func(t *testing.T, dir string) {
		write(t, dir, "../first/world/a.md", "a")
		// Another size: polling tells files apart by size and times, and
		// two written in the same clock tick have the same times.
		write(t, dir, "../second/world/a.md", "a, second")
		if err := os.Symlink(filepath.Join("..", "first"), filepath.Join(dir, "content")); err != nil {
			t.Fatal(err)
		}
	}, func(t *testing.T, h *harness) {
		h.do(os.Symlink(filepath.Join("..", "second"), h.path("content.new")))
		h.do(os.Rename(h.path("content.new"), h.path("content")))
		h.wait("content/world/a.md")
		h.write("../second/world/a.md", "a, edited where the link leads")
		h.wait("content/world/a.md")
		h.write("../first/world/a.md", "a, edited where the link led")
		h.write("../second/world/b.md", "b")
		h.wait("content/world/b.md")
		if h.seen["content/world/a.md"] {
			t.Errorf("reported an edit in the folder the link no longer leads to")
		}
	})
}

// TestRootReplaced removes the site's folder and makes it again, and
// renames it away and puts a copy in its place: its watches went with it,
// so the watcher says so and polls, and edits in the new folder are
// reported. They were not, ever again, and nothing was said. It says too
// that a restart watches for changes again (polling stays for the session).
func TestRootReplaced(t *testing.T) {
	for _, how := range []string{"removed", "renamed"} {
		t.Run(how, func(t *testing.T) {
			site := filepath.Join(t.TempDir(), "site")
			write(t, site, "site.yaml", "base_url: https://x.test/\n")
			write(t, site, "content/world/a.md", "a")
			var log logbuf.Buffer
			w, err := New(site, names, Options{Log: &log})
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			h := &harness{t: t, w: w, dir: site}
			if how == "removed" {
				h.do(os.RemoveAll(site))
			} else {
				h.do(os.Rename(site, site+".old"))
			}
			write(t, site, "site.yaml", "base_url: https://x.test/\n")
			write(t, site, "content/world/a.md", "a, in the new folder")
			h.wait(Everything) // what changed meanwhile is not known
			h.write("content/world/b.md", "b")
			h.wait("content/world/b.md")
			if !w.Polling() || !strings.Contains(log.String(), "the site's folder was removed or renamed") || !strings.Contains(log.String(), "restart brief serve once the folder is back") {
				t.Errorf("Polling() = %v, notice %q; want polling, and a notice that says why and how to watch again", w.Polling(), log.String())
			}
		})
	}
}

// TestPollWait polls a tree at the interval asked for, and a tree whose
// walk takes longer than a twentieth of it that much less often.
func TestPollWait(t *testing.T) {
	for _, c := range []struct{ interval, took, want time.Duration }{
		{500 * time.Millisecond, 5 * time.Millisecond, 500 * time.Millisecond},
		{500 * time.Millisecond, 100 * time.Millisecond, 2 * time.Second},
		{time.Second, 50 * time.Millisecond, time.Second},
	} {
		if got := pollWait(c.interval, c.took); got != c.want {
			t.Errorf("pollWait(%v, %v) = %v; want %v", c.interval, c.took, got, c.want)
		}
	}
}

// TestPending: a change not yet given on Changes is pending, whether it
// is still gathering or on offer; once received, nothing is.
func TestPending(t *testing.T) {
	modes(t, func(t *testing.T, h *harness) {
		if h.w.Pending() {
			t.Fatal("pending before any change")
		}
		h.write("content/world/a.md", "changed")
		until(t, "the change is pending", h.w.Pending)
		h.wait("content/world/a.md")
		until(t, "nothing is pending", func() bool { return !h.w.Pending() })
	})
}

// until waits for cond, failing the test after hang.
func until(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(hang); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("after %v, still waiting until %s", hang, what)
		}
	}
}
