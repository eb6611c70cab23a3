//go:build !unix

package generator

import "time"

// cpuTime is 0 where getrusage is missing: the trace then shows wall time
// only.
func cpuTime() time.Duration { return 0 }
