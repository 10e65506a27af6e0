//go:build !unix

package bench

import "time"

// cpuTime is unknown on this platform: no "cpu-ns/op" is reported.
func cpuTime() (time.Duration, bool) { return 0, false }
