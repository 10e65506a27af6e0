package waack

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests when a goroutine outlives them: a
// pacing waiter, retry timer, HTTP connection or webhook worker that is
// never released would show up here.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
