package publish

import "golang.org/x/sys/unix"

// exchange swaps two folders in one atomic step, so that readers of the
// output (a running web server, rsync) see the old site or the new one,
// never a mix or nothing.
func exchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	if err == unix.ENOSYS || err == unix.EINVAL {
		return swap(a, b)
	}
	return err
}
