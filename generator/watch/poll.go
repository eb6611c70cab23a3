package watch

import (
	"io/fs"
	"path/filepath"
	"time"

	"brief/generator/internal/osfs"
)

// stamp is what polling compares to notice a change.
type stamp struct {
	mtime  time.Time
	change int64 // see osfs.ChangeTime: an edit that sets mtime back changes it
	size   int64
	mode   fs.FileMode
}

// startPolling walks the tree every interval and reports the paths whose
// modification or change time, size or type changed, appeared or
// disappeared. A tree whose walk takes more than a pollShare of interval
// is walked that much less often, so that polling a large site takes no
// more than that share of a core.
func (w *Watcher) startPolling(interval time.Duration) {
	w.mu.Lock()
	w.polling = true
	w.mu.Unlock()
	start := time.Now()
	prev := w.scan()
	took := time.Since(start)
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		t := time.NewTimer(pollWait(interval, took))
		defer t.Stop()
		for {
			select {
			case <-t.C:
			case <-w.done:
				return
			}
			start := time.Now()
			cur := w.scan()
			t.Reset(pollWait(interval, time.Since(start)))
			for _, p := range diff(prev, cur) {
				w.emit(p)
			}
			prev = cur
		}
	}()
}

// pollShare bounds the share of a core that polling takes: one in twenty.
const pollShare = 20

// pollWait is how long to wait before the next walk of the tree, after
// one that took took.
func pollWait(interval, took time.Duration) time.Duration {
	return max(interval, pollShare*took)
}

// scan stats every file and folder under the watched names.
func (w *Watcher) scan() map[string]stamp {
	m := map[string]stamp{}
	for name := range w.names {
		walk(filepath.Join(w.root, name), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil // gone meanwhile, or unreadable: seen as missing
			}
			rel, ok := w.rel(p)
			if !ok {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			fi, err := d.Info()
			if err != nil {
				return nil
			}
			m[rel] = stamp{fi.ModTime(), osfs.ChangeTime(fi), fi.Size(), fi.Mode().Type()}
			return nil
		})
	}
	return m
}

// diff lists the paths that differ between two scans. A folder counts
// only when it appears or goes: its time changes with its entries, and
// those are listed themselves.
func diff(prev, cur map[string]stamp) []string {
	var out []string
	for p, s := range cur {
		old, ok := prev[p]
		switch {
		case !ok || old.mode != s.mode:
			out = append(out, p)
		case s.mode.IsDir():
		case !old.mtime.Equal(s.mtime) || old.change != s.change || old.size != s.size:
			out = append(out, p)
		}
	}
	for p := range prev {
		if _, ok := cur[p]; !ok {
			out = append(out, p)
		}
	}
	return out
}
