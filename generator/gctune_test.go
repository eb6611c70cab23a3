package generator

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"

	"brief/generator/internal/wire"
)

func TestGCPercent(t *testing.T) {
	const floor = 64 << 20
	for _, c := range []struct {
		live uint64
		want int
	}{
		{0, 1600},                  // nothing live: the runtime's smallest target is the floor
		{1 << 20, 1600},            // 1 MB live: held where the smallest target is the floor
		{16 << 20, 300},            // 16 MB live may grow to 64
		{32 << 20, 100},            // 32 to 64
		{40 << 20, 75},             // 40 MB grows past the floor at 75 %
		{floor, 75},                // at the floor
		{1 << 30, 75},              // far above it
		{floor/2 + 1<<20, 93},      // rounding down keeps the target under the floor
		{floor - 1<<20, 75},        // just under the floor
		{floor * 4 / 10, 150},      // 25.6 MB
		{floor * 1 / 10, 900},      // 6.4 MB
		{floor / 100, 1600},        // 0.64 MB
		{floor / 16 * 15, 75},      // 60 MB
		{floor / 1600 * 100, 1500}, // 4 MB
	} {
		g := gcTarget{percent: 75, floor: floor, large: 1 << 40}
		if got := g.at(c.live); got != c.want {
			t.Errorf("at(%d) under the floor of 64 MiB = %d, want %d", c.live, got, c.want)
		}
	}
}

// TestGCPercentLarge checks the target once the live heap is large: the
// heap may then grow toward the memory limit.
func TestGCPercentLarge(t *testing.T) {
	const (
		large = 256 << 20
		limit = 1792 << 20
	)
	g := gcTarget{percent: 75, floor: 32 << 20, large: large, limit: limit}
	for _, c := range []struct {
		live uint64
		want int
	}{
		{large, 75},          // at large: the percent
		{large * 5 / 4, 171}, // a quarter of the way: goal 560 + (1792-560)/4 = 868 MB of 320
		{large * 3 / 2, 220}, // half way: goal 672 + (1792-672)/2 = 1232 MB of 384
		{large * 2, 250},     // at twice large, the goal is the limit: 1792 of 512
		{600 << 20, 198},     // past it, still the limit: 1792 of 600
		{1100 << 20, 75},     // the limit is less than live plus the percent: the percent, and the limit holds the heap
		{limit, 75},          // live at the limit
		{limit * 2, 75},      // past it
	} {
		if got := g.at(c.live); got != c.want {
			t.Errorf("at(%d MiB) = %d, want %d", c.live>>20, got, c.want)
		}
	}
	g.limit = 0 // no limit: the percent however large the heap
	for _, live := range []uint64{large * 2, limit * 2} {
		if got := g.at(live); got != 75 {
			t.Errorf("with no limit, at(%d MiB) = %d, want 75", live>>20, got)
		}
	}
}

// gogc reads the collector's target as the runtime has it.
func gogc() uint64 {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// TestSetGC runs the real collector: the target is raised while little is
// live and back at the given percent once more than the floor is.
func TestSetGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer gcPolicy.Store(nil)
	const floor = 8 << 20
	SetGC(75, floor, 1<<40)
	if got := gogc(); got != 200 {
		t.Fatalf("at first the target is %d, want 200 (the runtime's smallest target is then the floor)", got)
	}
	var held [][]byte
	for range 3 {
		held = append(held, make([]byte, 4<<20))
	}
	if !collectUntil(func() bool { return gogc() == 75 }) {
		t.Fatalf("with 12 MB live the target stayed at %d, want 75", gogc())
	}
	runtime.KeepAlive(held)
}

// TestSetGCLarge runs the real collector with a large live heap and a
// memory limit: the target rises so that the heap may grow to the limit.
func TestSetGCLarge(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	// The limit is 64 MiB once SetGC leaves room for what earlier tests
	// in this process have mapped (see TestSetGCBesideMapped).
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(64<<20 + int64(wire.Mapped())))
	defer gcPolicy.Store(nil)
	SetGC(75, 1<<20, 8<<20)
	var held [][]byte
	for range 6 {
		held = append(held, make([]byte, 4<<20))
	}
	// About 24 MiB live, three times large: the goal is the limit, a
	// target of (64-24)/24, 166 %, a little less for what else is live.
	if !collectUntil(func() bool { got := gogc(); return got >= 120 && got <= 170 }) {
		t.Fatalf("with 24 MiB live, 8 MiB large and a 64 MiB limit, the target stayed at %d, want 120–170", gogc())
	}
	runtime.KeepAlive(held)
}

// collectUntil runs the collector until cond holds, for at most 30
// seconds, and reports whether it did: the target and the limit are set
// again after each collection.
func collectUntil(cond func() bool) bool {
	for deadline := time.Now().Add(30 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			return false
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	return true
}

func TestIsLarge(t *testing.T) {
	src := t.TempDir()
	for _, f := range []string{"content/x.md", "content/a/1.md", "content/a/2/index.md", "content/a/3.md", "content/b/4.md", "content/b/5/index.md"} {
		p := filepath.Join(src, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// content/ holds x.md, a and b; a holds 3 entries, b 2.
	for n, want := range map[int]bool{1: true, 8: true, 9: false} {
		if got := IsLarge(src, n); got != want {
			t.Errorf("IsLarge(site of 8 entries, %d) = %v, want %v", n, got, want)
		}
	}
	if IsLarge(filepath.Join(src, "missing"), 1) {
		t.Error("IsLarge of a folder without content/ = true, want false")
	}
}

func TestBeside(t *testing.T) {
	const limit = 1792 << 20
	for _, c := range []struct {
		limit, mapped, want uint64
	}{
		{limit, 0, limit},                      // nothing mapped
		{limit, 400 << 20, 1392 << 20},         // a cache of 100,000 briefings
		{limit, 1500 << 20, limit / 2},         // no lower than half
		{limit, 2 * limit, limit / 2},          // more mapped than the limit
		{0, 400 << 20, 0},                      // no limit, none made
		{64 << 20, (32 << 20) - 1, 32<<20 + 1}, // just over half
	} {
		g := gcTarget{percent: 60, floor: 32 << 20, large: 256 << 20, limit: c.limit}
		if got := g.beside(c.mapped).limit; got != c.want {
			t.Errorf("a limit of %d MiB beside %d MiB mapped = %d bytes, want %d", c.limit>>20, c.mapped>>20, got, c.want)
		}
	}
}

// TestSetGCBesideMapped runs the real collector with a memory limit and a
// mapped cache file: after a collection, the limit leaves room for it.
func TestSetGCBesideMapped(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("only Linux maps cache files (wire.ReadFile)")
	}
	const limit = 256 << 20
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(limit))
	defer gcPolicy.Store(nil)
	file := filepath.Join(t.TempDir(), "state")
	if err := os.WriteFile(file, make([]byte, 16<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	before := wire.Mapped()
	data, err := wire.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if got := wire.Mapped() - before; got != 16<<20 {
		t.Fatalf("reading a file of 16 MiB mapped %d bytes more, want 16 MiB", got)
	}
	SetGC(75, 1<<20, 8<<20)
	want := func() uint64 { return gcTarget{limit: limit}.beside(wire.Mapped()).limit }
	if !collectUntil(func() bool { return debug.SetMemoryLimit(-1) == int64(want()) && want() < limit }) {
		t.Fatalf("with %d MiB mapped, the memory limit stayed at %d MiB, want %d MiB", wire.Mapped()>>20, debug.SetMemoryLimit(-1)>>20, want()>>20)
	}
	runtime.KeepAlive(data)
}
