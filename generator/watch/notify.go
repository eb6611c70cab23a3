package watch

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/fsnotify/fsnotify"
)

// notifier turns fsnotify's events into changed paths. fsnotify watches
// one folder at a time, so it watches every folder of the tree, and the
// root itself (not recursively): editors save by writing a temporary file
// and renaming it over the original, which only the parent folder sees,
// and site.yaml or content/ may be replaced or created later.
type notifier struct {
	w    *Watcher
	fw   *fsnotify.Watcher
	dirs map[string]bool // absolute paths of the folders watched
}

// startNotify watches the tree with fsnotify.
func (w *Watcher) startNotify() error {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	n := &notifier{w: w, fw: fw, dirs: map[string]bool{}}
	if err := n.add(w.root); err != nil {
		fw.Close()
		return err
	}
	for name := range w.names {
		if err := n.addTree(filepath.Join(w.root, name)); err != nil {
			fw.Close()
			return err
		}
	}
	w.mu.Lock()
	w.closeFn = fw.Close
	w.mu.Unlock()
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		n.run()
	}()
	return nil
}

func (n *notifier) add(dir string) error {
	if err := n.fw.Add(dir); err != nil {
		return fmt.Errorf("watch %s: %w", dir, err)
	}
	n.dirs[dir] = true
	return nil
}

// addTree watches dir and every folder below it that brief reads (see
// Watcher.rel), skipping hidden ones but in static/. It
// does nothing if dir is a file or has gone.
func (n *notifier) addTree(dir string) error {
	return walk(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // gone meanwhile: its removal is an event of its own
		}
		if !d.IsDir() {
			return nil
		}
		if _, read := n.w.rel(p); p != dir && !read {
			return filepath.SkipDir // hidden or litter: see Watcher.rel
		}
		if err := n.add(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	})
}

// forget stops watching dir and the folders below it: after a rename,
// fsnotify would go on reporting their events under the old names.
func (n *notifier) forget(dir string) {
	for d := range n.dirs {
		if d == dir || strings.HasPrefix(d, dir+string(filepath.Separator)) {
			n.fw.Remove(d) // already gone with the folder is fine
			delete(n.dirs, d)
		}
	}
}

func (n *notifier) run() {
	for {
		select {
		case ev, ok := <-n.fw.Events:
			if !ok {
				return
			}
			if err := n.handle(ev); err != nil {
				n.fw.Close()
				n.w.fallBack(err)
				n.w.emit(Everything) // changes may have been missed meanwhile
				return
			}
		case err, ok := <-n.fw.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				n.w.emit(Everything) // events were lost: rebuild everything
				continue
			}
			fmt.Fprintf(n.w.opt.Log, "brief: watching files: %v\n", err)
		case <-n.w.done:
			return
		}
	}
}

// errRootGone is why a watcher polls once the site's folder itself was
// removed or renamed: its watches went with it, and polling finds the
// folder by its name, when it is made again or another is put in its place.
var errRootGone = errors.New("the site's folder was removed or renamed, and its watches went with it")

func (n *notifier) handle(ev fsnotify.Event) error {
	if ev.Name == n.w.root && (ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename)) {
		return errRootGone
	}
	rel, ok := n.w.rel(ev.Name)
	if !ok {
		return nil
	}
	// A folder renamed over, or a link to one pointed elsewhere (ln -sfn),
	// is replaced with no event for what it replaced.
	if (ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) || ev.Has(fsnotify.Create)) && n.dirs[ev.Name] {
		n.forget(ev.Name)
	}
	if !ev.Has(fsnotify.Create) {
		n.w.emit(rel)
		return nil
	}
	if n.folder(ev.Name, rel) {
		if err := n.addTree(ev.Name); err != nil {
			return err
		}
		// Files may have been created in the folder before it was
		// watched (mkdir -p a/b && echo > a/b/c): report them.
		n.emitTree(ev.Name)
	}
	n.w.emitCreated(rel)
	return nil
}

// folder reports whether name, at rel, is a folder to watch: a folder, or
// a link to one in place of a watched name (content/ kept elsewhere), which
// builds follow.
func (n *notifier) folder(name, rel string) bool {
	fi, err := os.Lstat(name)
	if err == nil && fi.Mode()&fs.ModeSymlink != 0 && !strings.Contains(rel, "/") {
		fi, err = os.Stat(name)
	}
	return err == nil && fi.IsDir()
}

func (n *notifier) emitTree(dir string) {
	walk(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return nil
		}
		if rel, ok := n.w.rel(p); ok {
			n.w.emit(rel)
		} else if d.IsDir() {
			return filepath.SkipDir
		}
		return nil
	})
}

// fallBack switches to polling after fsnotify failed with err, and says
// why: never a silent stop.
func (w *Watcher) fallBack(err error) {
	if help := limitHelp(err); help != "" {
		fmt.Fprintf(w.opt.Log, "brief: %s\nbrief: polling every %v instead (--poll sets the interval)\n", help, FallbackPoll)
	} else if errors.Is(err, errRootGone) {
		// Polling goes on once the folder is back: saves show later.
		fmt.Fprintf(w.opt.Log, "brief: watching files: %v; polling every %v instead (restart brief serve once the folder is back to watch for changes again)\n", err, FallbackPoll)
	} else {
		fmt.Fprintf(w.opt.Log, "brief: watching files: %v; polling every %v instead\n", err, FallbackPoll)
	}
	select {
	case <-w.done:
		return
	default:
	}
	w.startPolling(FallbackPoll)
}

// limitHelp explains an inotify limit that err hit, and how to raise it,
// or returns "" when err is no such limit.
func limitHelp(err error) string {
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return "the system's limit on watched folders (inotify watches) is reached: " +
			"/proc/sys/fs/inotify/max_user_watches is too low for this site.\n" +
			"brief: raise it with: sudo sysctl fs.inotify.max_user_watches=524288 " +
			"(add fs.inotify.max_user_watches=524288 to /etc/sysctl.conf to keep it)"
	case errors.Is(err, syscall.EMFILE):
		return "the system's limit on inotify instances is reached: " +
			"/proc/sys/fs/inotify/max_user_instances is too low (other programs use them too).\n" +
			"brief: raise it with: sudo sysctl fs.inotify.max_user_instances=512"
	}
	return ""
}
