package generator

import (
	"bytes"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"unsafe"
)

// hugePage is the size of a transparent huge page on amd64 and arm64 (with
// 4 KiB pages): the kernel backs only whole, aligned ones.
const hugePage = 2 << 20

// HugeHeap asks Linux to back the next size bytes of the Go heap with
// transparent huge pages, and returns how many bytes it asked for: 0 when
// the system decides alone (huge pages "always" or "never" in
// /sys/kernel/mm/transparent_hugepage/enabled), when GODEBUG has
// disablethp=1, when the machine has less than twice size of memory, or
// when the process could not map size bytes more (see roomFor).
//
// Where the system leaves huge pages to each program ("madvise", as Debian
// and Ubuntu ship it), Go's heap gets none: every 4 KiB of it costs a page
// fault the first time it is touched, and a walk of the page tables at
// each miss of the processor's cache of them. A build of 100,000
// briefings touches 1.8 GB of heap; with huge pages the median of seven
// pairs of builds took 12 % less time (README, Speed and memory).
//
// It allocates size bytes, which the runtime maps without touching them
// (see uncleared), advises them, and lets them go: Go's page allocator
// hands out the lowest free addresses first, so the heap grows into them.
// It costs 3–5 ms (for 256 MiB to 1.75 GiB, first thing in a process),
// so it is for sites of some size only (see HugeHeapSite). It must run
// first thing, before the heap holds much; it lifts the memory limit while
// it holds the bytes.
func HugeHeap(size uint64) uint64 {
	if size < hugePage || !hugePagesAdvised() || strings.Contains(os.Getenv("GODEBUG"), "disablethp=1") ||
		memTotal() < 2*size || !roomFor(size) {
		return 0
	}
	limit := debug.SetMemoryLimit(math.MaxInt64)
	defer debug.SetMemoryLimit(limit)
	b := uncleared(size)
	base := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	from := (base + hugePage - 1) &^ (hugePage - 1)
	to := (base + uintptr(size)) &^ (hugePage - 1)
	advised := uint64(0)
	if from < to && syscall.Madvise(b[from-base:to-base], syscall.MADV_HUGEPAGE) == nil {
		advised = uint64(to - from)
	}
	b = nil
	runtime.GC()
	// The pages were never touched: returning them costs no fault, and
	// keeps them out of the heap's retained memory.
	debug.FreeOSMemory()
	return advised
}

// uncleared allocates size bytes that the runtime does not clear. make
// clears a large allocation when any of it lies where the heap has been
// before: after a collection, the heap's first freed pages may start the
// run it takes, and then make clears all of it. HugeHeap's bytes then
// cost a page fault each, and are resident at once: in four of sixteen
// starts of brief on a site of 100,000 briefings, HugeHeap took 9.6–11.7 s,
// not 25 ms, and the process held 1.8 GB. strings.Builder.Grow allocates
// without clearing; the one byte written makes the string hold the
// allocation's address.
func uncleared(size uint64) []byte {
	var sb strings.Builder
	sb.Grow(int(size))
	sb.WriteByte(0)
	return unsafe.Slice(unsafe.StringData(sb.String()), size)
}

// roomFor reports whether the process can map size bytes more without
// fail: the runtime ends the program if a map of heap fails. That needs a
// 64-bit address space, no limit on it near size (ulimit -v), and a kernel
// that does not count mapped memory against a strict commit limit
// (vm.overcommit_memory 2).
func roomFor(size uint64) bool {
	if strconv.IntSize < 64 {
		return false
	}
	var as syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_AS, &as); err != nil || as.Cur != math.MaxUint64 && as.Cur/4 < size {
		return false
	}
	mode, err := os.ReadFile("/proc/sys/vm/overcommit_memory")
	return err == nil && strings.TrimSpace(string(mode)) != "2"
}

// hugePagesAdvised reports whether the kernel backs memory with huge pages
// only where a program asks for them.
func hugePagesAdvised() bool {
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	return err == nil && bytes.Contains(mode, []byte("[madvise]"))
}

// memTotal is the machine's memory in bytes, 0 if /proc does not say.
func memTotal() uint64 {
	info, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	kb, _ := procKiB(info, "MemTotal")
	return kb << 10
}

// procKiB returns the value of the line "key: N kB" of a file of /proc
// such as meminfo or smaps_rollup, in KiB, and whether it has one.
func procKiB(data []byte, key string) (uint64, bool) {
	for line := range strings.Lines(string(data)) {
		if rest, ok := strings.CutPrefix(line, key+":"); ok {
			kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb, err == nil
		}
	}
	return 0, false
}
