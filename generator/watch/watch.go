// Package watch reports changes to a site's source files, in batches, so
// that brief serve rebuilds once per save or checkout rather than once per
// file system event. It watches with fsnotify, or by polling for file
// systems that deliver no events, and falls back to polling when the OS
// runs out of watches.
package watch

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"brief/generator/content"
)

// Everything is the path reported when the watcher cannot tell what changed
// (the kernel's event queue overflowed, or it switched to polling).
const Everything = "."

// Options tune a Watcher. Zero values mean the default.
type Options struct {
	// Poll, when set, checks the files at this interval instead of asking
	// the OS for events.
	Poll time.Duration
	// Quiet is how long the tree must stay still before a batch is sent;
	// default 10 ms. The events of one save, even an editor's dance of
	// temporary file, rename and delete, arrive within a millisecond; a
	// checkout's come faster than that one after another. Every
	// millisecond here is one more before the writer sees the change.
	Quiet time.Duration
	// MaxDelay bounds how long a steady stream of events can hold a batch
	// back; default 300 ms.
	MaxDelay time.Duration
	// RecreateWait is how much longer a small batch waits, once, when a
	// file it names is missing or empty; default 50 ms, and never past
	// MaxDelay. Some editors save by deleting the file, or renaming it to
	// a backup, then writing it anew, with an fsync in between; others
	// empty the file, then write it. Building in that gap would show the
	// page as gone, or its front matter as missing, for a moment.
	RecreateWait time.Duration
	// Log receives notices such as falling back to polling; default os.Stderr.
	Log io.Writer
}

// FallbackPoll is the polling interval used when the OS cannot watch the
// whole tree and Options.Poll is not set.
const FallbackPoll = 500 * time.Millisecond

func (o *Options) defaults() {
	if o.Quiet <= 0 {
		o.Quiet = 10 * time.Millisecond
	}
	if o.MaxDelay < o.Quiet {
		o.MaxDelay = max(300*time.Millisecond, o.Quiet)
	}
	if o.RecreateWait <= 0 {
		o.RecreateWait = 50 * time.Millisecond
	}
	if o.Log == nil {
		o.Log = os.Stderr
	}
}

// Watcher watches some top-level names of a folder (files, or folders
// watched recursively) and sends the paths that changed on Changes.
type Watcher struct {
	// Changes receives batches of changed paths, relative to the root,
	// with forward slashes, sorted. A path may be a file or a folder that
	// was created, written, removed or renamed. An event that arrives
	// while the receiver is busy is kept for the next batch, never lost.
	// Changes is closed by Close.
	Changes <-chan []string

	root  string
	names map[string]bool
	opt   Options
	raw   chan change
	done  chan struct{}
	wg    sync.WaitGroup
	once  sync.Once

	// unsent counts the paths gathered or on offer, not yet received
	// from Changes (see Pending).
	unsent atomic.Int64

	mu      sync.Mutex
	polling bool
	closeFn func() error // stops the current source
}

// New starts watching names (such as "content" and "site.yaml") under
// root. Names that do not exist yet are picked up when they are created.
func New(root string, names []string, opt Options) (*Watcher, error) {
	opt.defaults()
	root = filepath.Clean(root)
	if _, err := os.Stat(root); err != nil {
		return nil, err
	}
	changes := make(chan []string)
	w := &Watcher{
		Changes: changes,
		root:    root,
		names:   map[string]bool{},
		opt:     opt,
		raw:     make(chan change, 1024),
		done:    make(chan struct{}),
	}
	for _, n := range names {
		w.names[n] = true
	}
	if opt.Poll > 0 {
		w.startPolling(opt.Poll)
	} else if err := w.startNotify(); err != nil {
		w.fallBack(err)
	}
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		defer close(changes)
		w.batch(changes, opt.Quiet, opt.MaxDelay, opt.RecreateWait)
	}()
	return w, nil
}

// Polling reports whether the watcher polls, by choice or by fallback.
func (w *Watcher) Polling() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.polling
}

// Pending reports whether changes have come that Changes has not given
// yet: a receiver that read files while they came (a build) may have
// read some in the middle of a save, and is to look at them again.
func (w *Watcher) Pending() bool { return w.unsent.Load() > 0 }

// Close stops watching and closes Changes.
func (w *Watcher) Close() error {
	var err error
	w.once.Do(func() {
		close(w.done)
		w.mu.Lock()
		stop := w.closeFn
		w.mu.Unlock()
		if stop != nil {
			err = stop()
		}
		w.wg.Wait()
	})
	return err
}

// walk walks the tree at root as filepath.WalkDir does, but follows root
// itself when it is a symbolic link to a folder (content/ kept elsewhere
// and linked in), as builds do: WalkDir would list the link alone, and
// nothing under it would be watched.
func walk(root string, fn fs.WalkDirFunc) error {
	if fi, err := os.Lstat(root); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		return filepath.WalkDir(root, fn)
	}
	// With a trailing separator, the root is the folder the link leads to.
	return filepath.WalkDir(root+string(filepath.Separator), func(p string, d fs.DirEntry, err error) error {
		return fn(filepath.Clean(p), d, err)
	})
}

// rel turns an absolute event path into a path relative to the root, and
// reports whether brief reads it: under one of the watched names and with
// no hidden or editor-litter component (see content.IgnoredAt).
func (w *Watcher) rel(name string) (string, bool) {
	r, err := filepath.Rel(w.root, name)
	if err != nil || r == "." || strings.HasPrefix(r, "..") {
		return "", false
	}
	r = filepath.ToSlash(r)
	top, _, _ := strings.Cut(r, "/")
	if !w.names[top] || content.IgnoredAt(r) {
		return "", false
	}
	return r, true
}

// change is one event: a path, and whether it was created.
type change struct {
	path    string
	created bool
}

// emit queues a changed path for the next batch.
func (w *Watcher) emit(rel string) { w.send(change{rel, false}) }

// emitCreated queues a path that was created: if it is gone again when the
// batch is sent (an editor's temporary file), the batch leaves it out.
func (w *Watcher) emitCreated(rel string) { w.send(change{rel, true}) }

func (w *Watcher) send(c change) {
	select {
	case w.raw <- c:
	case <-w.done:
	}
}

// batch collects paths from raw and sends them on out as one sorted batch
// once no path has arrived for quiet, or maxDelay after the first one.
// While out's receiver is busy the batch on offer stays as it is, and new
// paths gather into the next one.
func (w *Watcher) batch(out chan<- []string, quiet, maxDelay, recreateWait time.Duration) {
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	var (
		pending = map[string]bool{} // path → its first event created it
		first   time.Time
		ready   bool            // pending has been quiet long enough
		waited  bool            // the batch already waited for a file to come back
		offered []string        // the batch on offer
		offer   chan<- []string // out while a batch is on offer, else nil
	)
	for {
		select {
		case c := <-w.raw:
			if _, ok := pending[c.path]; !ok {
				pending[c.path] = c.created
			}
			now := time.Now()
			if first.IsZero() {
				first = now
			}
			ready = false
			timer.Reset(min(quiet, first.Add(maxDelay).Sub(now)))
		case <-timer.C:
			if !waited && w.awaitsRecreate(pending) {
				waited = true
				timer.Reset(min(recreateWait, first.Add(maxDelay).Sub(time.Now())))
				continue
			}
			ready = true
		case offer <- offered:
			offered, offer = nil, nil
		case <-w.done:
			timer.Stop()
			return
		}
		if ready && offer == nil && len(pending) > 0 {
			if b := w.settle(pending); len(b) > 0 {
				offered, offer = b, out
			}
			pending, first, ready, waited = map[string]bool{}, time.Time{}, false, false
		}
		w.unsent.Store(int64(len(pending) + len(offered)))
	}
}

// awaitsRecreate reports whether a small batch names a file that was not
// created in it and is missing now, or a file that is empty. Large batches
// (a checkout, a deleted folder) do not wait.
func (w *Watcher) awaitsRecreate(pending map[string]bool) bool {
	if len(pending) > 16 {
		return false
	}
	for p, created := range pending {
		if p == Everything {
			continue
		}
		fi, err := os.Lstat(filepath.Join(w.root, filepath.FromSlash(p)))
		if errors.Is(err, fs.ErrNotExist) && !created || err == nil && fi.Mode().IsRegular() && fi.Size() == 0 {
			return true
		}
	}
	return false
}

// settle turns pending paths into a sorted batch, leaving out the paths
// that were created and are gone again: they never were part of the site.
func (w *Watcher) settle(pending map[string]bool) []string {
	b := make([]string, 0, len(pending))
	for p, created := range pending {
		if created {
			if _, err := os.Lstat(filepath.Join(w.root, filepath.FromSlash(p))); errors.Is(err, fs.ErrNotExist) {
				continue
			}
		}
		b = append(b, p)
	}
	slices.Sort(b)
	return b
}
