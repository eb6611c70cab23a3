package osfs

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestReadFileNamedPipe reads a named pipe nobody writes to: ReadFile
// says it is not a regular file at once, where opening it to read would
// wait for a writer. Callers list files before they read them; this is
// for one put in a file's place since.
func TestReadFileNamedPipe(t *testing.T) {
	dir := t.TempDir()
	if err := unix.Mkfifo(filepath.Join(dir, "x.md"), 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	for name, read := range map[string]func() error{
		"ReadFile": func() error { _, err := Dir(dir).ReadFile("x.md"); return err },
		"ReadHead": func() error { _, err := Dir(dir).ReadHead("x.md", make([]byte, 8)); return err },
		"Digest":   func() error { _, err := Dir(dir).Digest("x.md", io.Discard); return err },
		"CopyFile": func() error {
			_, _, err := CopyFile(filepath.Join(dir, "copy"), filepath.Join(dir, "x.md"), 0o644, io.Discard)
			return err
		},
	} {
		done := make(chan error, 1)
		go func() { done <- read() }()
		select {
		case err := <-done:
			if !errors.Is(err, ErrNotRegular) {
				t.Errorf("%s of a named pipe: %v; want ErrNotRegular", name, err)
			}
		case <-time.After(30 * time.Second):
			if w, err := os.OpenFile(filepath.Join(dir, "x.md"), os.O_WRONLY|unix.O_NONBLOCK, 0); err == nil {
				w.Close() // lets the read go on
			}
			t.Fatalf("%s of a named pipe still waits after 30s", name)
		}
	}
}

// TestReadFileLeased reads a file another holds a lease on (as Samba or
// an NFS server may): ReadFile waits until the lease is let go, and reads
// it, as an open without O_NONBLOCK does, rather than fail with EAGAIN.
func TestReadFileLeased(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "x.md")
	if err := os.WriteFile(name, []byte("leased"), 0o644); err != nil {
		t.Fatal(err)
	}
	fd, err := unix.Open(name, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fd)
	if _, err := unix.FcntlInt(uintptr(fd), unix.F_SETLEASE, unix.F_WRLCK); err != nil {
		t.Skipf("no file leases here: %v", err)
	}
	type read struct {
		data []byte
		err  error
	}
	done := make(chan read, 1)
	go func() { data, err := Dir(dir).ReadFile("x.md"); done <- read{data, err} }()
	select {
	case r := <-done:
		t.Fatalf("ReadFile of a leased file returned before the lease was let go: %q, %v", r.data, r.err)
	case <-time.After(100 * time.Millisecond):
	}
	if _, err := unix.FcntlInt(uintptr(fd), unix.F_SETLEASE, unix.F_UNLCK); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-done:
		if r.err != nil || string(r.data) != "leased" {
			t.Errorf("ReadFile once the lease is let go = %q, %v; want %q", r.data, r.err, "leased")
		}
	case <-time.After(30 * time.Second):
		t.Fatal("ReadFile still waits after the lease was let go")
	}
}
