//go:build !unix

package generator

import "io"

// lockCache does nothing on this system: builds that share a cache folder
// must not run at once (see lock_unix.go).
func lockCache(cfg Config, log io.Writer) (unlock func()) { return func() {} }
