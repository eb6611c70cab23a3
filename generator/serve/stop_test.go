//go:build unix

package serve

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestShutdownDuringRebuild stops the server while a rebuild is stuck
// reading a file: Serve returns without waiting for it. Ctrl-C waited for
// a rebuild of thousands of new files to end, half a minute. The file is a
// named pipe that nobody writes to until the test ends, so the rebuild
// takes as long as the test wants.
func TestShutdownDuringRebuild(t *testing.T) {
	r := start(t, writeSite(t, site))
	dir := r.dir

	pipe := filepath.Join(dir, "content", "world", "stuck.md")
	if err := unix.Mkfifo(pipe, 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	// Opening the pipe to write, without waiting, works once a reader has
	// it open: then the rebuild is reading it, and waits for its end.
	fd, err := -1, error(nil)
	for deadline := time.Now().Add(hang); fd < 0; time.Sleep(5 * time.Millisecond) {
		fd, err = unix.Open(pipe, unix.O_WRONLY|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
		if err != nil && !errors.Is(err, unix.ENXIO) {
			t.Fatal(err)
		}
		if fd < 0 && time.Now().After(deadline) {
			t.Fatal("no rebuild read the new file")
		}
	}
	defer unix.Close(fd) // the rebuild reads an empty file, and ends unseen

	r.stop() // fails the test if Serve does not return while the rebuild runs
	if t.Failed() {
		t.FailNow()
	}
}
