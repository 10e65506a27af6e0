package waackredis_test

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack"
	"github.com/waack/waack/internal/redistest"
	"github.com/waack/waack/waackredis"
)

func TestDeduperClaimDoneRelease(t *testing.T) {
	srv := redistest.Start(t)
	ctx := context.Background()
	a, b := waackredis.NewDeduper(srv.Client()), waackredis.NewDeduper(srv.Client())

	seen, err := a.Seen(ctx, "cloudapi|msg|wamid.1")
	require.NoError(t, err)
	assert.False(t, seen, "new key: claimed by a")
	seen, err = b.Seen(ctx, "cloudapi|msg|wamid.1")
	assert.False(t, seen)
	assert.ErrorIs(t, err, waack.ErrInFlight, "another replica sees the claim as in flight")
	require.NoError(t, b.Release(ctx, "cloudapi|msg|wamid.1"), "b holds nothing: no effect")
	_, err = a.Seen(ctx, "cloudapi|msg|wamid.1")
	assert.ErrorIs(t, err, waack.ErrInFlight, "b's release did not free a's claim")

	require.NoError(t, a.Release(ctx, "cloudapi|msg|wamid.1"))
	seen, err = b.Seen(ctx, "cloudapi|msg|wamid.1")
	require.NoError(t, err)
	assert.False(t, seen, "released: b claims it")
	require.NoError(t, b.Done(ctx, "cloudapi|msg|wamid.1"))
	require.NoError(t, b.Release(ctx, "cloudapi|msg|wamid.1"), "a done key is not released")
	for _, d := range []*waackredis.Deduper{a, b} {
		seen, err = d.Seen(ctx, "cloudapi|msg|wamid.1")
		require.NoError(t, err)
		assert.True(t, seen, "done is seen by every replica")
	}
}

// Many replicas racing for one key: exactly one wins, the others learn it
// is in flight.
func TestDeduperClaimIsAtomic(t *testing.T) {
	srv := redistest.Start(t)
	ds := []*waackredis.Deduper{waackredis.NewDeduper(srv.Client()), waackredis.NewDeduper(srv.Client()), waackredis.NewDeduper(srv.Client())}
	var winners, inFlight atomic.Int32
	var wg sync.WaitGroup
	for i := range 60 {
		wg.Go(func() {
			seen, err := ds[i%3].Seen(context.Background(), "wawp|msg|same")
			switch {
			case err == nil && !seen:
				winners.Add(1)
			case assert.ErrorIs(t, err, waack.ErrInFlight):
				inFlight.Add(1)
			}
		})
	}
	wg.Wait()
	assert.Equal(t, int32(1), winners.Load())
	assert.Equal(t, int32(59), inFlight.Load())
}

// A holder that dies leaves a reservation that expires; done keys live
// for the retention; both TTLs are set on the key.
func TestDeduperTTLs(t *testing.T) {
	srv := redistest.Start(t)
	ctx := context.Background()
	rdb := srv.Client()
	d := waackredis.NewDeduper(rdb, waackredis.WithReservation(200*time.Millisecond), waackredis.WithPrefix("t:"))
	_, err := d.Seen(ctx, "k1")
	require.NoError(t, err)
	ttl := rdb.PTTL(ctx, "t:dedup:k1").Val()
	assert.Greater(t, ttl, time.Duration(0))
	assert.LessOrEqual(t, ttl, 200*time.Millisecond)
	require.Eventually(t, func() bool {
		seen, err := waackredis.NewDeduper(rdb, waackredis.WithPrefix("t:")).Seen(ctx, "k1")
		return err == nil && !seen
	}, 5*time.Second, 50*time.Millisecond, "the dead holder's reservation expired and the key is claimable")

	def := waackredis.NewDeduper(rdb)
	require.NoError(t, def.Done(ctx, "k2"))
	ttl = rdb.PTTL(ctx, "waack:dedup:k2").Val()
	assert.Greater(t, ttl, 7*24*time.Hour, "done outlives Meta's 7-day redelivery horizon")
	assert.LessOrEqual(t, ttl, waackredis.DefaultDoneTTL)
}

// An absurdly long key is stored under its digest: memory per key stays
// bounded.
func TestDeduperBoundsKeys(t *testing.T) {
	srv := redistest.Start(t)
	ctx := context.Background()
	rdb := srv.Client()
	d := waackredis.NewDeduper(rdb)
	long := "cloudapi|msg|" + strings.Repeat("x", 10_000)
	require.NoError(t, d.Done(ctx, long))
	seen, err := d.Seen(ctx, long)
	require.NoError(t, err)
	assert.True(t, seen)
	keys := rdb.Keys(ctx, "*").Val()
	require.Len(t, keys, 1)
	assert.Less(t, len(keys[0]), 100)
}

func TestDeduperBatch(t *testing.T) {
	srv := redistest.Start(t)
	ctx := context.Background()
	a, b := waackredis.NewDeduper(srv.Client()), waackredis.NewDeduper(srv.Client())
	require.NoError(t, a.Done(ctx, "done"))
	_, err := b.Seen(ctx, "held")
	require.NoError(t, err)

	states, err := a.SeenBatch(ctx, []string{"new", "done", "held", "new"})
	require.NoError(t, err)
	assert.Equal(t, []waack.DedupState{waack.DedupNew, waack.DedupDone, waack.DedupInFlight, waack.DedupInFlight}, states)
	require.NoError(t, a.DoneBatch(ctx, []string{"new"}))
	require.NoError(t, b.Release(ctx, "held"))
	states, err = b.SeenBatch(ctx, []string{"new", "held"})
	require.NoError(t, err)
	assert.Equal(t, []waack.DedupState{waack.DedupDone, waack.DedupNew}, states)
	states, err = a.SeenBatch(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, states)
}

// With Redis gone, every call is an error: nothing is reported new, seen
// or done.
func TestDeduperRedisDownIsAnError(t *testing.T) {
	srv := redistest.Start(t)
	ctx := context.Background()
	d := waackredis.NewDeduper(srv.Client())
	_, err := d.Seen(ctx, "held")
	require.NoError(t, err)
	srv.Stop()

	seen, err := d.Seen(ctx, "k")
	assert.Error(t, err)
	assert.False(t, seen)
	assert.NotErrorIs(t, err, waack.ErrInFlight)
	assert.Error(t, d.Done(ctx, "k"))
	assert.Error(t, d.Release(ctx, "held"))
	states, err := d.SeenBatch(ctx, []string{"a", "b"})
	assert.Error(t, err)
	assert.Nil(t, states)
	assert.Error(t, d.DoneBatch(ctx, []string{"a"}))
}
