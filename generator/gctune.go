package generator

import (
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"

	"brief/generator/internal/wire"
)

// HeapFloor is the heap a build may grow to before its first collections
// (see SetGC). A build's heap grows from nothing to what its site needs
// while it loads the content; with the target alone, the collector would
// run each time the heap had grown by three quarters, some forty times
// before reaching the 50 MB that 10,000 briefings hold, marking the same
// objects again and again. 64 MiB was no faster at 10,000 briefings, and
// took a build of 1,000 from 56 to 87 MiB.
const HeapFloor = 32 << 20

// HeapLarge is the live heap past which a build lets its heap grow toward
// the memory limit rather than by a percent of what is live (see SetGC).
// A collection marks all that is live; once that is much larger than the
// processor's caches, nearly every pointer it follows misses them, and
// marking costs more per byte: at 100,000 briefings (about 600 MB live
// while pages render) the collector took 15–16 times its CPU at 10,000
// (70 MB) with the same target. Collecting less often there keeps a
// build's time in proportion to the site. Sites up to some 30,000
// briefings hold less than this and keep the percent, and their peak
// memory with it.
const HeapLarge = 256 << 20

// HugeHeapSite is the count of entries in a site's sections from which brief
// build and brief check back their heap with huge pages (see IsLarge and
// HugeHeap). In alternating cold builds on a 2-core AMD host, huge pages
// took a build of 10,000 briefings 0.90 times as long (16 pairs), at the
// same peak memory, and one of 1,000 0.94 times (16 pairs), with 3 MiB
// more at its peak. HugeHeap takes 3–5 ms; a site of a few pages builds
// in some 40 ms, on a heap of a few MiB, and keeps small pages.
const HugeHeapSite = 1000

// IsLarge reports whether the site in source has at least n entries in
// content/ and the folders in it: a briefing is one, its file or its
// bundle's folder. It reads those folders' names only, and stops once it
// has counted n.
func IsLarge(source string, n int) bool {
	dir := filepath.Join(source, "content")
	top, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	count := len(top)
	for _, e := range top {
		if count >= n {
			break
		}
		if !e.IsDir() {
			continue
		}
		f, err := os.Open(filepath.Join(dir, e.Name()))
		if err != nil {
			continue
		}
		names, _ := f.Readdirnames(-1)
		f.Close()
		count += len(names)
	}
	return count >= n
}

// defaultHeapMinimum is the Go runtime's smallest heap target at
// GOGC=100; it scales with the target (runtime/mgcpacer.go).
const defaultHeapMinimum = 4 << 20

// SetGC sets the collector's target to percent, as debug.SetGCPercent
// does, with two exceptions that it sets again after each collection.
// While less than floor bytes are live, the heap may grow to floor before
// a collection. While more than large bytes are live, and a memory limit
// is set (debug.SetMemoryLimit), the heap may grow further: the goal rises
// from percent at large to the limit at twice large, and stays there.
// Between the two the target is percent.
//
// The memory limit is for the whole process: after each collection it is
// set to the limit in effect when SetGC was called, less the cache files
// the build has mapped (wire.Mapped), which are resident beside the heap
// (see gcTarget.beside).
func SetGC(percent int, floor, large uint64) {
	limit := uint64(0)
	if l := debug.SetMemoryLimit(-1); l > 0 && l < math.MaxInt64 {
		limit = uint64(l)
	}
	g := &gcTarget{percent: percent, floor: floor, large: large, limit: limit}
	gcPolicy.Store(g)
	debug.SetGCPercent(g.at(0))
	watchGC(g)
}

// gcPolicy is the target SetGC set last; a watch for any other stops.
var gcPolicy atomic.Pointer[gcTarget]

// gcTarget is the policy SetGC sets; at gives the percent for a live heap.
type gcTarget struct {
	percent      int
	floor, large uint64
	limit        uint64 // 0 for none
}

// at is the target for live bytes live, 0 before the first collection.
//
// Under the floor, the heap grows to floor, or by percent, whichever is
// larger, past live bytes. The runtime's smallest target grows with the
// percent, so the percent is held where that smallest target is the floor.
// Over large, the goal moves from live plus percent toward the limit, in
// proportion to how far live is past large, reaching it at twice large;
// the target never goes below percent, so the limit alone holds the heap
// back when live is near it.
func (g gcTarget) at(live uint64) int {
	most := int(g.floor * 100 / defaultHeapMinimum)
	switch {
	case live == 0:
		return max(g.percent, most)
	case live < g.floor:
		return max(g.percent, min(most, int(g.floor*100/live)-100))
	case g.limit == 0 || live <= g.large || live >= g.limit:
		return g.percent
	}
	full := float64(g.limit-live) * 100 / float64(live)
	t := min(1, float64(live-g.large)/float64(g.large))
	return max(g.percent, int(float64(g.percent)+(full-float64(g.percent))*t))
}

// beside returns the policy with its limit lowered by mapped bytes, held
// outside the Go heap, but to no less than half the limit: a build of
// 100,000 briefings from a cache maps some 400 MB of it, and its heap
// would otherwise still grow to the whole limit (2.08 GiB resident for a
// limit of 1.75 GiB). Half keeps the collector from running all the time
// beside a cache far larger than that.
func (g gcTarget) beside(mapped uint64) gcTarget {
	if g.limit == 0 || mapped == 0 {
		return g
	}
	g.limit = max(g.limit-min(mapped, g.limit), g.limit/2)
	return g
}

// sentinel is an object made to be collected: its cleanup runs after the
// first collection that finds it unreachable. It holds a pointer so that
// it is not allocated beside other small objects.
type sentinel struct{ _ *byte }

// watchGC sets the target again after the next collection, and arranges
// the same after the one after it, while g is the policy.
func watchGC(g *gcTarget) {
	runtime.AddCleanup(&sentinel{}, func(struct{}) {
		if gcPolicy.Load() != g {
			return
		}
		live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		metrics.Read(live)
		if live[0].Value.Kind() != metrics.KindUint64 {
			debug.SetGCPercent(g.percent)
			return
		}
		t := g.beside(wire.Mapped())
		if t.limit != 0 && debug.SetMemoryLimit(-1) != int64(t.limit) {
			debug.SetMemoryLimit(int64(t.limit))
		}
		debug.SetGCPercent(t.at(live[0].Value.Uint64()))
		watchGC(g)
	}, struct{}{})
}
