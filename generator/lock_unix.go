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
// folder that cannot be made or locked is not waited for: saving the
// cache says what is wrong with it.
func lockCache(cfg Config, log io.Writer) (unlock func()) {
	if err := os.MkdirAll(cfg.CacheDir, 0o755); err != nil {
		return func() {}
	}
	f, err := os.OpenFile(filepath.Join(cfg.CacheDir, cacheLock), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
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
		return func() {}
	}
	return func() { f.Close() }
}
