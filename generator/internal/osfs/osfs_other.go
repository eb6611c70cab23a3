//go:build !linux

package osfs

import (
	"errors"
	"io"
	"io/fs"
	"os"
)

func readFile(name string) ([]byte, Info, string, error) {
	// Opening a named pipe would wait for a writer: only a regular
	// file is opened.
	if fi, err := os.Stat(name); err == nil && !fi.Mode().IsRegular() && !fi.IsDir() {
		return nil, Info{}, "read", ErrNotRegular
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, Info{}, "open", unwrap(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, Info{}, "stat", unwrap(err)
	}
	if fi.IsDir() {
		return nil, Info{}, "read", errors.New("is a directory")
	}
	if !fi.Mode().IsRegular() {
		return nil, Info{}, "read", ErrNotRegular
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, Info{}, "read", unwrap(err)
	}
	return data, Info{Size: fi.Size(), ModTime: fi.ModTime().UnixNano(), Change: ChangeTime(fi)}, "", nil
}

func readHead(name string, buf []byte) (int, string, error) {
	// Opening a named pipe would wait for a writer: only a regular
	// file is opened.
	if fi, err := os.Stat(name); err == nil && !fi.Mode().IsRegular() {
		if fi.IsDir() {
			return 0, "read", errors.New("is a directory")
		}
		return 0, "read", ErrNotRegular
	}
	f, err := os.Open(name)
	if err != nil {
		return 0, "open", unwrap(err)
	}
	defer f.Close()
	n, err := io.ReadFull(f, buf)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return 0, "read", unwrap(err)
	}
	return n, "", nil
}

func digest(name string, w io.Writer) (Info, string, error) {
	// Opening a named pipe would wait for a writer: only a regular
	// file is opened.
	if fi, err := os.Stat(name); err == nil && !fi.Mode().IsRegular() && !fi.IsDir() {
		return Info{}, "read", ErrNotRegular
	}
	f, err := os.Open(name)
	if err != nil {
		return Info{}, "open", unwrap(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return Info{}, "stat", unwrap(err)
	}
	if fi.IsDir() {
		return Info{}, "read", errors.New("is a directory")
	}
	if !fi.Mode().IsRegular() {
		return Info{}, "read", ErrNotRegular
	}
	pooled := digestBuffers.Get().(*[]byte)
	defer digestBuffers.Put(pooled)
	buf := *pooled
	for {
		m, err := f.Read(buf)
		if m > 0 {
			if _, err := w.Write(buf[:m]); err != nil {
				return Info{}, "", err
			}
		}
		if err == io.EOF {
			return Info{Size: fi.Size(), ModTime: fi.ModTime().UnixNano(), Change: ChangeTime(fi)}, "", nil
		}
		if err != nil {
			return Info{}, "read", unwrap(err)
		}
	}
}

func copyFile(dst, src string, perm fs.FileMode, h io.Writer, buf []byte) (size, mtime int64, err error) {
	// Opening a named pipe would wait for a writer: only a regular
	// file is opened.
	if fi, err := os.Stat(src); err == nil && !fi.Mode().IsRegular() {
		return 0, 0, &fs.PathError{Op: "read", Path: src, Err: ErrNotRegular}
	}
	in, err := os.Open(src)
	if err != nil {
		return 0, 0, err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm)
	if err != nil {
		return 0, 0, err
	}
	size, err = io.CopyBuffer(io.MultiWriter(out, h), struct{ io.Reader }{in}, buf)
	if err != nil {
		out.Close()
		return 0, 0, err
	}
	fi, err := out.Stat()
	if err != nil {
		out.Close()
		return 0, 0, err
	}
	if err := out.Close(); err != nil {
		return 0, 0, err
	}
	return size, fi.ModTime().UnixNano(), nil
}

func writeFile(name string, data []byte, perm fs.FileMode) (int64, string, error) {
	if err := os.WriteFile(name, data, perm); err != nil {
		return 0, "write", unwrap(err)
	}
	fi, err := os.Stat(name)
	if err != nil {
		return 0, "stat", unwrap(err)
	}
	return fi.ModTime().UnixNano(), "", nil
}

// unwrap is the error under a *fs.PathError, which the caller makes again
// with its own path.
func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// ChangeTime is the time fi's file last changed (see Info.Change): here,
// its modification time.
func ChangeTime(fi fs.FileInfo) int64 { return fi.ModTime().UnixNano() }
