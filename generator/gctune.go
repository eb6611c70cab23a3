package generator

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// HeapFloor is the heap a build may grow to before its first collections
// (see SetGC). A build's heap grows from nothing to what its site needs
// while it loads the content; with the target alone, the collector would
// run each time the heap had grown by three quarters, some forty times
// before reaching the 50 MB that 10,000 briefings hold, marking the same
// objects again and again. 64 MiB was no faster at 10,000 briefings, and
// took a build of 1,000 from 56 to 87 MiB.
const HeapFloor = 32 << 20

// defaultHeapMinimum is the Go runtime's smallest heap target at
// GOGC=100; it scales with the target (runtime/mgcpacer.go).
const defaultHeapMinimum = 4 << 20

// SetGC sets the collector's target to percent, as debug.SetGCPercent
// does, but lets the heap grow to floor bytes before collecting while
// less than that is live. After each collection it sets the target that
// gives the larger of the two goals, and once the live heap passes the
// floor it leaves the target at percent.
func SetGC(percent int, floor uint64) {
	debug.SetGCPercent(gcPercent(percent, floor, 0))
	watchGC(percent, floor)
}

// gcPercent is the target under which the heap grows to floor, or by
// percent, whichever is larger, past live bytes. The runtime's smallest
// target grows with the percent, so the percent is held where that
// smallest target is the floor.
func gcPercent(percent int, floor, live uint64) int {
	most := int(floor * 100 / defaultHeapMinimum)
	if live == 0 {
		return max(percent, most)
	}
	if live >= floor {
		return percent
	}
	return max(percent, min(most, int(floor*100/live)-100))
}

// sentinel is an object made to be collected: its cleanup runs after the
// first collection that finds it unreachable. It holds a pointer so that
// it is not allocated beside other small objects.
type sentinel struct{ _ *byte }

// watchGC sets the target again after the next collection.
func watchGC(percent int, floor uint64) {
	runtime.AddCleanup(&sentinel{}, func(struct{}) {
		live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		metrics.Read(live)
		if live[0].Value.Kind() != metrics.KindUint64 {
			debug.SetGCPercent(percent)
			return
		}
		p := gcPercent(percent, floor, live[0].Value.Uint64())
		debug.SetGCPercent(p)
		if p != percent {
			watchGC(percent, floor)
		}
	}, struct{}{})
}
