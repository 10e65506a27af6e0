package waack

import (
	"errors"
	"strings"
	"testing"
)

// wantErr fails the test unless err wraps sentinel and says problem.
func wantErr(t *testing.T, err, sentinel error, problem, input string) {
	t.Helper()
	switch {
	case err == nil:
		t.Errorf("%q: no error, want %v (%s)", input, sentinel, problem)
	case !errors.Is(err, sentinel):
		t.Errorf("%q: error %q does not wrap %v", input, err, sentinel)
	case !strings.Contains(err.Error(), problem):
		t.Errorf("%q: error %q does not say %q", input, err, problem)
	}
}
