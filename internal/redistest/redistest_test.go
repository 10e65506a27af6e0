package redistest_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waack/waack/internal/redistest"
)

func TestStartStopRestart(t *testing.T) {
	s := redistest.Start(t)
	c := s.Client()
	ctx := context.Background()
	require.NoError(t, c.Set(ctx, "k", "v", 0).Err())
	require.Equal(t, "v", c.Get(ctx, "k").Val())

	s.Stop()
	require.Error(t, c.Ping(ctx).Err(), "a stopped server must not answer")

	s.Restart()
	require.NoError(t, c.Ping(ctx).Err())
	require.Zero(t, c.Exists(ctx, "k").Val(), "a restarted server starts empty (no persistence)")
}
