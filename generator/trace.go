package generator

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// trace times the steps of a build when BRIEF_TRACE is set, and prints one
// line at the end: where a build spends its time, without a profiler. Each
// step gives its wall time and the CPU time of the process over it, so a
// step that leaves cores idle shows.
type trace struct {
	w       io.Writer
	last    time.Time
	lastCPU time.Duration
	steps   []string
}

func newTrace(w io.Writer) *trace {
	if os.Getenv("BRIEF_TRACE") == "" {
		return &trace{}
	}
	return &trace{w: w, last: time.Now(), lastCPU: cpuTime()}
}

func (t *trace) step(name string) {
	if t.w == nil {
		return
	}
	now, cpu := time.Now(), cpuTime()
	t.steps = append(t.steps, fmt.Sprintf("%s %s (cpu %s)", name,
		now.Sub(t.last).Round(100*time.Microsecond), (cpu-t.lastCPU).Round(time.Millisecond)))
	t.last, t.lastCPU = now, cpu
}

func (t *trace) print() {
	if t.w != nil {
		fmt.Fprintf(t.w, "brief: trace: %s\n", strings.Join(t.steps, ", "))
	}
}
