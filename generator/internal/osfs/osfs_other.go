//go:build !linux

package osfs

import (
	"errors"
	"io/fs"
	"os"
)

func readFile(name string) ([]byte, string, error) {
	data, err := os.ReadFile(name)
	return data, "read", unwrap(err)
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
