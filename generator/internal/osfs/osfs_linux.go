package osfs

import (
	"io"
	"io/fs"
	"syscall"

	"golang.org/x/sys/unix"
)

func readFile(name string) (data []byte, info Info, op string, err error) {
	fd, st, op, err := openRegular(name)
	if err != nil {
		return nil, Info{}, op, err
	}
	defer unix.Close(fd)
	info = Info{Size: st.Size, ModTime: st.Mtim.Nano(), Change: st.Ctim.Nano()}
	// One byte more than the size, to see the end in one read; a file
	// that grew since is read to its end.
	data = make([]byte, st.Size+1)
	n := 0
	for {
		if n == len(data) {
			data = append(data, make([]byte, len(data))...)
		}
		m, err := read(fd, data[n:])
		if err != nil {
			return nil, Info{}, "read", err
		}
		n += m
		// A read of a file returns what it holds up to the buffer's
		// size: short of it, at the size fstat gave, there is no more.
		if m == 0 || n == int(st.Size) && n < len(data) {
			return data[:n], info, "", nil
		}
	}
}

// openRegular opens the regular file name for reading, and stats it; it
// refuses anything else without waiting on it.
func openRegular(name string) (fd int, st unix.Stat_t, op string, err error) {
	// O_NONBLOCK, which a regular file ignores, so that a named pipe
	// put where a file was listed does not wait for a writer here: it
	// is refused below. A regular file says EAGAIN only when another
	// holds a lease on it (Samba, an NFS server): it is opened again,
	// waiting for the lease to be let go, as an open without the flag
	// does. A named pipe never says EAGAIN to a reader.
	flags := unix.O_RDONLY | unix.O_CLOEXEC | unix.O_NONBLOCK
	open := func() error {
		return retry(func() (err error) {
			fd, err = unix.Open(name, flags, 0)
			return err
		})
	}
	if err = open(); err == unix.EAGAIN {
		flags &^= unix.O_NONBLOCK
		err = open()
	}
	if err != nil {
		return -1, st, "open", err
	}
	if err := retry(func() error { return unix.Fstat(fd, &st) }); err != nil {
		unix.Close(fd)
		return -1, st, "stat", err
	}
	switch st.Mode & unix.S_IFMT {
	case unix.S_IFREG:
		return fd, st, "", nil
	case unix.S_IFDIR:
		err = unix.EISDIR
	default:
		err = ErrNotRegular
	}
	unix.Close(fd)
	return -1, st, "read", err
}

func readHead(name string, buf []byte) (int, string, error) {
	fd, _, op, err := openRegular(name)
	if err != nil {
		return 0, op, err
	}
	defer unix.Close(fd)
	n := 0
	for n < len(buf) {
		m, err := read(fd, buf[n:])
		if err != nil {
			return 0, "read", err
		}
		if m == 0 {
			break
		}
		n += m
	}
	return n, "", nil
}

func digest(name string, w io.Writer) (Info, string, error) {
	fd, st, op, err := openRegular(name)
	if err != nil {
		return Info{}, op, err
	}
	defer unix.Close(fd)
	pooled := digestBuffers.Get().(*[]byte)
	defer digestBuffers.Put(pooled)
	buf := *pooled
	for {
		m, err := read(fd, buf)
		if err != nil {
			return Info{}, "read", err
		}
		if m == 0 {
			return Info{Size: st.Size, ModTime: st.Mtim.Nano(), Change: st.Ctim.Nano()}, "", nil
		}
		if _, err := w.Write(buf[:m]); err != nil {
			return Info{}, "", err
		}
	}
}

func copyFile(dst, src string, perm fs.FileMode, h io.Writer, buf []byte) (size, mtime int64, err error) {
	in, _, op, err := openRegular(src)
	if err != nil {
		return 0, 0, &fs.PathError{Op: op, Path: src, Err: err}
	}
	defer unix.Close(in)
	var out int
	if err := retry(func() (err error) {
		out, err = unix.Open(dst, unix.O_WRONLY|unix.O_CREAT|unix.O_TRUNC|unix.O_CLOEXEC, uint32(perm.Perm()))
		return err
	}); err != nil {
		return 0, 0, &fs.PathError{Op: "open", Path: dst, Err: err}
	}
	fail := func(op, name string, err error) (int64, int64, error) {
		unix.Close(out)
		return 0, 0, &fs.PathError{Op: op, Path: name, Err: err}
	}
	for {
		m, err := read(in, buf)
		if err != nil {
			return fail("read", src, err)
		}
		if m == 0 {
			break
		}
		h.Write(buf[:m])
		size += int64(m)
		if err := writeAll(out, buf[:m]); err != nil {
			return fail("write", dst, err)
		}
	}
	var st unix.Stat_t
	if err := retry(func() error { return unix.Fstat(out, &st) }); err != nil {
		return fail("stat", dst, err)
	}
	if err := unix.Close(out); err != nil {
		return 0, 0, &fs.PathError{Op: "close", Path: dst, Err: err}
	}
	return size, st.Mtim.Nano(), nil
}

func writeFile(name string, data []byte, perm fs.FileMode) (int64, string, error) {
	var fd int
	if err := retry(func() (err error) {
		fd, err = unix.Open(name, unix.O_WRONLY|unix.O_CREAT|unix.O_TRUNC|unix.O_CLOEXEC, uint32(perm.Perm()))
		return err
	}); err != nil {
		return 0, "open", err
	}
	if err := writeAll(fd, data); err != nil {
		unix.Close(fd)
		return 0, "write", err
	}
	var st unix.Stat_t
	if err := retry(func() error { return unix.Fstat(fd, &st) }); err != nil {
		unix.Close(fd)
		return 0, "stat", err
	}
	if err := unix.Close(fd); err != nil {
		return 0, "close", err
	}
	return st.Mtim.Nano(), "", nil
}

// ChangeTime is the time fi's file last changed in any way (see
// Info.Change).
func ChangeTime(fi fs.FileInfo) int64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return st.Ctim.Nano()
	}
	return fi.ModTime().UnixNano()
}

// read reads from fd into buf, again if a signal interrupts it.
func read(fd int, buf []byte) (n int, err error) {
	err = retry(func() (err error) {
		n, err = unix.Read(fd, buf)
		return err
	})
	return n, err
}

// writeAll writes all of data to fd.
func writeAll(fd int, data []byte) error {
	for len(data) > 0 {
		var n int
		if err := retry(func() (err error) {
			n, err = unix.Write(fd, data)
			return err
		}); err != nil {
			return err
		}
		data = data[n:]
	}
	return nil
}

// retry calls f again while it is interrupted by a signal, as package os does.
func retry(f func() error) error {
	for {
		if err := f(); err != unix.EINTR {
			return err
		}
	}
}
