package generator

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// trace times the steps of a build when BRIEF_TRACE is set, and prints one
// line at the end: where a build spends its time, without a profiler.
type trace struct {
	w     io.Writer
	last  time.Time
	steps []string
}

func newTrace(w io.Writer) *trace {
	if os.Getenv("BRIEF_TRACE") == "" {
		return &trace{}
	}
	return &trace{w: w, last: time.Now()}
}

func (t *trace) step(name string) {
	if t.w == nil {
		return
	}
	now := time.Now()
	t.steps = append(t.steps, fmt.Sprintf("%s %s", name, now.Sub(t.last).Round(100*time.Microsecond)))
	t.last = now
}

func (t *trace) print() {
	if t.w != nil {
		fmt.Fprintf(t.w, "brief: trace: %s\n", strings.Join(t.steps, ", "))
	}
}
