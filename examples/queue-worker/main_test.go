package main

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack"
	"github.com/waack/waack/internal/redistest"
	"github.com/waack/waack/internal/testkit"
	"github.com/waack/waack/waackredis"
	"github.com/waack/waack/waacktest"
)

// The two halves against the sandbox and a real Redis: the customer's
// message is answered 200 by the receiver while no worker runs, and
// acknowledged once one starts.
func TestReceiverThenWorker(t *testing.T) {
	srv := redistest.Start(t)
	q, err := waackredis.NewQueue(srv.Client(), queueConfig)
	require.NoError(t, err)
	var logs testkit.SyncBuffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))

	sandbox := waacktest.NewServer()
	t.Cleanup(sandbox.Close)
	p := sandbox.CloudAPI()
	h, err := newReceiver(q, "app-secret", "verify-token", logger)
	require.NoError(t, err)
	hook := httptest.NewServer(h)
	t.Cleanup(hook.Close)
	require.NoError(t, sandbox.SetWebhook(p, hook.URL+webhookPath, "app-secret"))

	in := sandbox.Inbound(p, "+1 650 555 1234", "Where is my parcel?")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, sandbox.Flush(ctx), "the receiver answered 200")
	backlog, err := q.Backlog(ctx)
	require.NoError(t, err)
	assert.EqualValues(t, 1, backlog, "stored, not yet processed")
	assert.Empty(t, sandbox.Reactions(in))

	client, err := waack.New(p)
	require.NoError(t, err)
	workCtx, stop := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		done <- q.Work(workCtx, "w1", workerConfig(client, waackredis.NewDeduper(srv.Client()), logger))
	}()
	deadline := time.Now().Add(10 * time.Second)
	// Acknowledge reacts, then marks read: wait for both before stopping.
	for !(len(sandbox.Reactions(in)) > 0 && sandbox.IsRead(in)) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	stop()
	require.NoError(t, <-done)
	assert.Equal(t, map[string]string{"business": "👍"}, sandbox.Reactions(in))
	assert.True(t, sandbox.IsRead(in))
	assert.Contains(t, logs.String(), "attempt=1")
}

func TestRunNeedsARole(t *testing.T) {
	require.Error(t, run(nil, func(string) string { return "" }, slog.New(slog.DiscardHandler)))
	require.Error(t, run([]string{"serve"}, func(string) string { return "" }, slog.New(slog.DiscardHandler)))
}
