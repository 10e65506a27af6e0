package main

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain checks that no command leaves a goroutine behind: servers stop on
// cancellation and the demo shuts its sandbox and receiver down.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
