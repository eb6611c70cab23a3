//go:build linux

package wire

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// ReadFile returns the bytes of a file written for a Reader. On Linux
// they are the file's own pages, mapped read-only, not a copy: a warm
// build reads tens of megabytes of cache before it can start, and memory
// the process touches for the first time costs more than the read (on
// some virtual machines, far more). The bytes stay mapped for the life
// of the process, since the strings read from them may be kept anywhere.
// The cache files are only ever replaced by a rename, so the mapped file
// does not change under the reader; one cut short in place by another
// program while a build reads it would stop the build with a fault.
func ReadFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := fi.Size()
	if !fi.Mode().IsRegular() || size == 0 || size < mapAtLeast || size != int64(int(size)) {
		return os.ReadFile(name)
	}
	data, err := unix.Mmap(int(f.Fd()), 0, int(size), unix.PROT_READ, unix.MAP_PRIVATE|unix.MAP_POPULATE)
	if err != nil {
		return nil, fmt.Errorf("map %s: %w", name, err)
	}
	mapped.Add(uint64(size))
	return data, nil
}
