// Package testkit holds what several packages' tests share: golden files,
// a buffer safe for concurrent writers, and the invariants every dialect's
// Failure keeps. It is imported by tests only.
package testkit

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// JSON compares got with testdata/<name>.json byte for byte, or rewrites it
// when the tests run with -update.
func JSON(t testing.TB, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".json")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create it")
	assert.Equal(t, string(want), string(got))
}
