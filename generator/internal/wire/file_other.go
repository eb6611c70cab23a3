//go:build !linux

package wire

import "os"

// ReadFile returns the bytes of a file written for a Reader.
func ReadFile(name string) ([]byte, error) { return os.ReadFile(name) }
