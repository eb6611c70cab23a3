package osfs

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{
		"empty.md":     nil,
		"one.md":       []byte("x"),
		"a/b/note.md":  []byte("---\nanalyst: A\n---\n\nBody.\n"),
		"a/large.html": bytes.Repeat([]byte("0123456789abcdef"), 70_000),
	}
	for name, data := range files {
		full := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	d := Dir(dir)
	for name, want := range files {
		got, err := d.ReadFile(name)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("ReadFile(%q) = %d bytes, %v; want %d bytes", name, len(got), err, len(want))
		}
		got, info, err := d.ReadFileInfo(name)
		fi, statErr := os.Stat(filepath.Join(dir, filepath.FromSlash(name)))
		if statErr != nil {
			t.Fatal(statErr)
		}
		if err != nil || !bytes.Equal(got, want) || info.Size != fi.Size() || info.ModTime != fi.ModTime().UnixNano() {
			t.Errorf("ReadFileInfo(%q) = %d bytes, %+v, %v; want %d bytes, size %d, time %d",
				name, len(got), info, err, len(want), fi.Size(), fi.ModTime().UnixNano())
		}
	}
	for _, c := range []struct {
		name, op string
		is       error
	}{
		{"missing.md", "open", fs.ErrNotExist},
		{"../escape.md", "open", fs.ErrInvalid},
		{"/abs.md", "open", fs.ErrInvalid},
		{"a", "read", nil},
	} {
		_, err := d.ReadFile(c.name)
		var pe *fs.PathError
		if !errors.As(err, &pe) || pe.Op != c.op || pe.Path != c.name || (c.is != nil && !errors.Is(err, c.is)) {
			t.Errorf("ReadFile(%q): error %#v; want a PathError %s %s (%v)", c.name, err, c.op, c.name, c.is)
		}
		_, err = d.ReadHead(c.name, make([]byte, 16))
		if !errors.As(err, &pe) || pe.Op != c.op || pe.Path != c.name || (c.is != nil && !errors.Is(err, c.is)) {
			t.Errorf("ReadHead(%q): error %#v; want a PathError %s %s (%v)", c.name, err, c.op, c.name, c.is)
		}
		_, err = d.Digest(c.name, io.Discard)
		if !errors.As(err, &pe) || pe.Op != c.op || pe.Path != c.name || (c.is != nil && !errors.Is(err, c.is)) {
			t.Errorf("Digest(%q): error %#v; want a PathError %s %s (%v)", c.name, err, c.op, c.name, c.is)
		}
	}
	// Digest writes all of the file, a piece at a time, and tells its
	// size and time; an error of the writer's is returned as it is.
	for name, data := range files {
		var got bytes.Buffer
		info, err := d.Digest(name, &got)
		fi, statErr := os.Stat(filepath.Join(dir, filepath.FromSlash(name)))
		if statErr != nil {
			t.Fatal(statErr)
		}
		if err != nil || !bytes.Equal(got.Bytes(), data) || info.Size != fi.Size() || info.ModTime != fi.ModTime().UnixNano() {
			t.Errorf("Digest(%q) = %d bytes, %+v, %v; want %d bytes, size %d, time %d",
				name, got.Len(), info, err, len(data), fi.Size(), fi.ModTime().UnixNano())
		}
	}
	full := errors.New("the writer is full")
	if _, err := d.Digest("a/large.html", failingWriter{full}); err != full {
		t.Errorf("Digest into a failing writer: %v; want its error", err)
	}
	// ReadHead fills its buffer, or reads all of a shorter file.
	for name, data := range files {
		for _, size := range []int{1, 16, 4096, 2_000_000} {
			buf := make([]byte, size)
			n, err := d.ReadHead(name, buf)
			if want := data[:min(size, len(data))]; err != nil || !bytes.Equal(buf[:n], want) {
				t.Errorf("ReadHead(%q) into %d bytes: %d bytes, %v; want %d bytes", name, size, n, err, len(want))
			}
		}
	}
	if err := fstest.TestFS(d, "one.md", "a/b/note.md", "a/large.html"); err != nil {
		t.Error(err)
	}
}

// failingWriter fails every write with its error.
type failingWriter struct{ err error }

func (w failingWriter) Write([]byte) (int, error) { return 0, w.err }

func TestWriteFile(t *testing.T) {
	name := filepath.Join(t.TempDir(), "page.html")
	for _, data := range [][]byte{bytes.Repeat([]byte("long page "), 10_000), []byte("short"), nil} {
		mtime, err := WriteFile(name, data, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(name)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("wrote %d bytes, read back %d: %v", len(data), len(got), err)
		}
		fi, err := os.Stat(name)
		if err != nil || fi.ModTime().UnixNano() != mtime || fi.Mode().Perm() != 0o644 {
			t.Errorf("modification time %d, mode %v; stat says %v, %v", mtime, fi.Mode(), fi.ModTime().UnixNano(), err)
		}
	}
	_, err := WriteFile(filepath.Join(t.TempDir(), "missing", "page.html"), []byte("x"), 0o644)
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Op != "open" || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("write into a missing folder: %#v", err)
	}
}
