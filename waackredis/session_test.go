package waackredis_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack"
	"github.com/waack/waack/internal/redistest"
	"github.com/waack/waack/waackredis"
)

// A message received on replica A opens the window on replica B, whatever
// the spelling of the chat; a late, older message on B never shortens it.
func TestSessionStoreSharedWindows(t *testing.T) {
	srv := redistest.Start(t)
	ctx := context.Background()
	a := waack.NewSessionWindows(waack.WithSessionStore(waackredis.NewSessionStore(srv.Client())), waack.WithStrictSessions())
	b := waack.NewSessionWindows(waack.WithSessionStore(waackredis.NewSessionStore(srv.Client())), waack.WithStrictSessions())
	now := time.Now().UTC().Truncate(time.Millisecond)

	_, open, err := b.OpenContext(ctx, "16505551234", now)
	require.NoError(t, err)
	assert.False(t, open, "never seen, strict")

	require.NoError(t, a.ObserveContext(ctx, waack.MessageEvent{From: "+1 650 555 1234", Timestamp: now.Add(-time.Hour)}))
	expires, open, err := b.OpenContext(ctx, "16505551234@c.us", now)
	require.NoError(t, err)
	assert.True(t, open)
	assert.Equal(t, now.Add(23*time.Hour), expires)

	require.NoError(t, b.ObserveContext(ctx, waack.MessageEvent{From: "16505551234", Timestamp: now.Add(-20 * time.Hour)}))
	expires, _, err = a.OpenContext(ctx, "16505551234", now)
	require.NoError(t, err)
	assert.Equal(t, now.Add(23*time.Hour), expires, "an older message never moves the window back")

	_, open, err = a.OpenContext(ctx, "16505551234", now.Add(24*time.Hour))
	require.NoError(t, err)
	assert.False(t, open, "closed a day after the last message")
}

// The key outlives the window by the retention, so a closed window is
// known as closed, not as never seen.
func TestSessionStoreKeepsClosedWindows(t *testing.T) {
	srv := redistest.Start(t)
	ctx := context.Background()
	rdb := srv.Client()
	w := waack.NewSessionWindows(waack.WithSessionStore(waackredis.NewSessionStore(rdb, waackredis.WithTTL(time.Hour))))
	at := time.Now().Add(-24*time.Hour - 30*time.Minute) // closed 30 minutes ago
	require.NoError(t, w.ObserveContext(ctx, waack.MessageEvent{From: "16505551234", Timestamp: at}))
	ttl := rdb.PTTL(ctx, "waack:session:16505551234").Val()
	assert.InDelta(t, float64(30*time.Minute), float64(ttl), float64(time.Minute), "kept an hour after closing: %s left", ttl)
	_, open, err := w.OpenContext(ctx, "16505551234", time.Now())
	require.NoError(t, err)
	assert.False(t, open, "known closed; without the key it would count as open (not strict)")

	require.NoError(t, w.ObserveContext(ctx, waack.MessageEvent{From: "16505550000", Timestamp: time.Now().Add(-48 * time.Hour)}))
	assert.Zero(t, rdb.Exists(ctx, "waack:session:16505550000").Val(), "past window and retention: nothing written")
}

// With Redis gone, the context methods report it, and the client's guard
// fails the call with it instead of sending.
func TestSessionStoreRedisDownIsAnError(t *testing.T) {
	srv := redistest.Start(t)
	ctx := context.Background()
	w := waack.NewSessionWindows(waack.WithSessionStore(waackredis.NewSessionStore(srv.Client())))
	srv.Stop()
	assert.Error(t, w.ObserveContext(ctx, waack.MessageEvent{From: "16505551234"}))
	_, _, err := w.OpenContext(ctx, "16505551234", time.Now())
	assert.Error(t, err)

	c, err := waack.New(waack.CloudAPI{PhoneNumberID: "106540352242922", AccessToken: "token-not-used", BaseURL: "http://127.0.0.1:1"}, waack.WithSessionGuard(w))
	require.NoError(t, err)
	_, err = c.SendText(ctx, waack.Text{To: "16505551234", Body: "hi"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "waackredis", "the store's failure, before any request")
}
