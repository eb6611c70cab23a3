package generator

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
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
		if got := gcPercent(75, floor, c.live); got != c.want {
			t.Errorf("gcPercent(75, 64 MiB, %d) = %d, want %d", c.live, got, c.want)
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
	const floor = 8 << 20
	SetGC(75, floor)
	if got := gogc(); got != 200 {
		t.Fatalf("at first the target is %d, want 200 (the runtime's smallest target is then the floor)", got)
	}
	var held [][]byte
	for range 3 {
		held = append(held, make([]byte, 4<<20))
	}
	deadline := time.Now().Add(30 * time.Second)
	for gogc() != 75 {
		if time.Now().After(deadline) {
			t.Fatalf("with 12 MB live the target stayed at %d, want 75", gogc())
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	runtime.KeepAlive(held)
}
