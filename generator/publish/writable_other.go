//go:build !unix

package publish

import "os"

// writable reports whether the folder dir exists. Elsewhere than on Unix
// systems a folder's permissions are not its mode's bits (Windows' ACLs),
// so whether it takes new entries is found out as the files go in.
func writable(dir string) error {
	_, err := os.Stat(dir)
	return err
}
