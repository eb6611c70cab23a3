//go:build linux

package serve

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestShutdownDuringRebuild stops the server while a rebuild is stuck
// opening a file: Serve returns without waiting for it. Ctrl-C waited for
// a rebuild of thousands of new files to end, half a minute. The test
// holds a lease on the file (fcntl F_SETLEASE), which makes another's
// open of it wait until the lease is let go, so the rebuild takes as long
// as the test wants. (The file was a named pipe that nobody wrote to,
// which brief no longer opens.)
func TestShutdownDuringRebuild(t *testing.T) {
	r := start(t, writeSite(t, site))
	dir := r.dir

	// Leased beside content/, which is watched, and moved in: no
	// rebuild opens it before it is leased.
	leased := filepath.Join(dir, "stuck.md")
	if err := os.WriteFile(leased, []byte(site["content/world/grain-corridor.md"]), 0o644); err != nil {
		t.Fatal(err)
	}
	fd, err := unix.Open(leased, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fd)
	if _, err := unix.FcntlInt(uintptr(fd), unix.F_SETLEASE, unix.F_WRLCK); err != nil {
		t.Skipf("no file leases here: %v", err)
	}
	// Let go at the end: the rebuild then reads the file, and ends unseen.
	defer unix.FcntlInt(uintptr(fd), unix.F_SETLEASE, unix.F_UNLCK)
	if err := os.Rename(leased, filepath.Join(dir, "content", "world", "stuck.md")); err != nil {
		t.Fatal(err)
	}
	// An open of the file by a rebuild breaks the lease: the lease then
	// says what it is to become (a read lease), and the open waits.
	for deadline := time.Now().Add(hang); ; time.Sleep(5 * time.Millisecond) {
		lease, err := unix.FcntlInt(uintptr(fd), unix.F_GETLEASE, 0)
		if err != nil {
			t.Fatal(err)
		}
		if lease != unix.F_WRLCK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no rebuild read the new file")
		}
	}

	r.stop() // fails the test if Serve does not return while the rebuild runs
	if t.Failed() {
		t.FailNow()
	}
	if log := r.log.String(); strings.Contains(log, "stuck.md") {
		t.Errorf("the rebuild ended before the server stopped, not stuck on the file:\n%s", log)
	}
}
