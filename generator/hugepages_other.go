//go:build !linux

package generator

// HugeHeap does nothing but on Linux, where it asks for the next size
// bytes of the heap to be backed by huge pages; it returns 0, the bytes it
// asked for.
func HugeHeap(size uint64) uint64 { return 0 }
