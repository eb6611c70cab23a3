//go:build !linux

package wire

import "os"

// ReadFile returns the bytes of a file written for a Reader. Only on
// Linux is a file of mapAtLeast bytes or more mapped rather than read.
func ReadFile(name string) ([]byte, error) { return os.ReadFile(name) }
