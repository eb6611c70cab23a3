//go:build unix

package publish

import (
	"os"

	"golang.org/x/sys/unix"
)

// writable reports why the folder dir takes no new entry and lets none
// go, if it does not: its permissions, a read-only file system. It asks
// the system (access(2)) rather than trying, which would leave a file in
// the output if the build were killed at that moment.
func writable(dir string) error {
	if err := unix.Access(dir, unix.W_OK|unix.X_OK); err != nil {
		return &os.PathError{Op: "access", Path: dir, Err: err}
	}
	return nil
}
