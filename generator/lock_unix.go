//go:build unix

package generator

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// lockCache makes a build wait for any other build that uses the same
// cache folder, and so, most often, the same output folder: two at once
// wrote each other's temporary files away, failed, and left the output
// half of each. It holds an advisory lock (flock) on the folder's lock
// file until unlock, or until the process ends, however it ends. A cache
// folder that cannot be made is not waited for: saving the cache says
// what is wrong with it. A lock file that cannot be written is locked
// read-only (flock needs no more), and one that cannot be opened at all
// is told of, as the build then goes on unlocked.
func lockCache(cfg Config, log io.Writer) (unlock func()) {
	if err := os.MkdirAll(cfg.CacheDir, 0o755); err != nil {
		return func() {}
	}
	name := filepath.Join(cfg.CacheDir, cacheLock)
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		f, err = os.Open(name)
	}
	if err != nil {
		fmt.Fprintf(log, "brief: warning: cannot lock the cache folder (%v); a build that runs at the same time may spoil this one's output\n", err)
		return func() {}
	}
	fd := int(f.Fd())
	err = unix.Flock(fd, unix.LOCK_EX|unix.LOCK_NB)
	if errors.Is(err, unix.EWOULDBLOCK) {
		fmt.Fprintf(log, "brief: waiting for another build that uses the cache folder %s\n", cfg.CacheDir)
		err = unix.Flock(fd, unix.LOCK_EX)
	}
	if err != nil {
		f.Close()
		fmt.Fprintf(log, "brief: warning: cannot lock the cache folder (lock %s: %v); a build that runs at the same time may spoil this one's output\n", name, err)
		return func() {}
	}
	return func() { f.Close() }
}
