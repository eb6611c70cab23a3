package generator

import (
	"bytes"
	"math"
	"os"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

// TestHugeHeap checks that the heap grows into huge pages after HugeHeap
// where the kernel leaves them to each program, and that HugeHeap asks
// for nothing where it does not.
func TestHugeHeap(t *testing.T) {
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	advised := err == nil && bytes.Contains(mode, []byte("[madvise]")) && !strings.Contains(os.Getenv("GODEBUG"), "disablethp=1")
	got := HugeHeap(64 << 20)
	if !advised {
		if got != 0 {
			t.Fatalf("HugeHeap asked for %d bytes of huge pages where the kernel decides alone (%q)", got, mode)
		}
		return
	}
	if got < 62<<20 {
		t.Fatalf("HugeHeap(64 MiB) asked for %d bytes of huge pages, want at least 62 MiB", got)
	}
	before := anonHugePages(t)
	b := make([]byte, 48<<20)
	for i := 0; i < len(b); i += 4096 {
		b[i] = 1
	}
	after := anonHugePages(t)
	runtime.KeepAlive(b)
	if after-before < 2<<20 {
		t.Fatalf("touching 48 MiB of heap after HugeHeap added %d bytes of huge pages (%d before, %d after), want at least one of 2 MiB", after-before, before, after)
	}
}

// anonHugePages is the process's anonymous memory backed by huge pages.
func anonHugePages(t *testing.T) int64 {
	return int64(procBytes(t, "/proc/self/smaps_rollup", "AnonHugePages"))
}

// procBytes is the value of the line "key: N kB" of the /proc file, in
// bytes.
func procBytes(t *testing.T, file, key string) uint64 {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	kb, ok := procKiB(data, key)
	if !ok {
		t.Fatalf("%s has no %s line in kB:\n%s", file, key, data)
	}
	return kb << 10
}

func TestMemTotal(t *testing.T) {
	if m := memTotal(); m < 64<<20 {
		t.Fatalf("memTotal() = %d, want the machine's memory", m)
	}
}

// TestRoomFor checks that HugeHeap does not map more than a limit on the
// process's address space (ulimit -v) leaves room for: the runtime would
// end the program.
func TestRoomFor(t *testing.T) {
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_AS, &old); err != nil {
		t.Fatal(err)
	}
	if old.Cur != math.MaxUint64 {
		t.Skipf("the address space is already limited to %d bytes", old.Cur)
	}
	lim := old
	lim.Cur = 1 << 40
	if err := syscall.Setrlimit(syscall.RLIMIT_AS, &lim); err != nil {
		t.Fatal(err)
	}
	defer syscall.Setrlimit(syscall.RLIMIT_AS, &old)
	if roomFor(1 << 39) {
		t.Error("roomFor(512 GiB) under a 1 TiB limit on the address space = true, want false")
	}
	mode, _ := os.ReadFile("/proc/sys/vm/overcommit_memory")
	if want := strings.TrimSpace(string(mode)) != "2"; roomFor(64<<20) != want {
		t.Errorf("roomFor(64 MiB) under a 1 TiB limit = %v, want %v (vm.overcommit_memory %q)", !want, want, mode)
	}
}

// TestUnclearedTouchesNothing checks that HugeHeap's allocation makes none
// of its bytes resident, even where the heap has been before, which make
// clears page by page: a build of 100,000 briefings then spent some 10 s
// before it started, and held 1.8 GB.
func TestUnclearedTouchesNothing(t *testing.T) {
	const size = 256 << 20
	b := uncleared(size)
	b = nil
	runtime.GC() // the heap has now held, and freed, the bytes the next takes
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		t.Fatalf("resetting the peak resident set: %v", err)
	}
	before := procBytes(t, "/proc/self/status", "VmHWM") // the peak resident set
	b = uncleared(size)
	after := procBytes(t, "/proc/self/status", "VmHWM")
	runtime.KeepAlive(b)
	if after > before+size/4 {
		t.Fatalf("uncleared(%d MiB) raised the peak resident set by %d MiB (%d KiB to %d KiB), want it to touch nothing", size>>20, (after-before)>>20, before>>10, after>>10)
	}
}
