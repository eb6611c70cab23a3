// Package parallel spreads a loop over as many goroutines as there are
// processors. A panic in one of them (a bug in brief) is raised again on
// the goroutine that called For, with the stack where it happened, so that
// the command reports an internal error and exits instead of crashing the
// process from a goroutine nobody can recover.
package parallel

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
)

// For calls do(i) for each i from 0 to n-1, on up to GOMAXPROCS
// goroutines. start is called once per goroutine, on the caller's, and
// returns that goroutine's do, so that each can own its scratch state. The
// order of the calls is not fixed; For returns when all are done. After a
// panic no new call starts, and For panics once the calls under way end.
func For(n int, start func() func(i int)) {
	var next atomic.Int64
	var crash atomic.Pointer[string]
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		do := start()
		wg.Go(func() {
			defer func() {
				if v := recover(); v != nil {
					msg := fmt.Sprintf("%v\n%s", v, debug.Stack())
					crash.CompareAndSwap(nil, &msg)
				}
			}()
			for i := int(next.Add(1)) - 1; i < n && crash.Load() == nil; i = int(next.Add(1)) - 1 {
				do(i)
			}
		})
	}
	wg.Wait()
	if msg := crash.Load(); msg != nil {
		panic("in a parallel worker: " + *msg)
	}
}
