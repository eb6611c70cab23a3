package parallel

import (
	"strings"
	"sync/atomic"
	"testing"
)

func TestFor(t *testing.T) {
	for _, n := range []int{0, 1, 7, 1000} {
		seen := make([]atomic.Int32, n)
		starts := 0
		For(n, func() func(int) {
			starts++
			return func(i int) { seen[i].Add(1) }
		})
		for i := range seen {
			if v := seen[i].Load(); v != 1 {
				t.Errorf("n=%d: do(%d) called %d times", n, i, v)
			}
		}
		if n > 0 && starts == 0 {
			t.Errorf("n=%d: start never called", n)
		}
	}
}

// TestForPanic expects a panic in a worker on the caller's goroutine, with
// the worker's message and the stack where it happened.
func TestForPanic(t *testing.T) {
	defer func() {
		v := recover()
		msg, _ := v.(string)
		if !strings.Contains(msg, "boom at 3") || !strings.Contains(msg, "parallel_test.go") {
			t.Errorf("recovered %v; want the worker's panic and its stack", v)
		}
	}()
	For(100, func() func(int) {
		return func(i int) {
			if i == 3 {
				panic("boom at 3")
			}
		}
	})
	t.Fatal("For returned without panicking")
}
