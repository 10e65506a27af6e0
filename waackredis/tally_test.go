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

// Votes observed on different replicas add up in one tally, with one vote
// per person, late older reactions ignored and removals withdrawing.
func TestTallyStoreSharedVotes(t *testing.T) {
	srv := redistest.Start(t)
	ctx := context.Background()
	a := waack.NewReactionTally(waackredis.NewTallyStore(srv.Client()))
	b := &waack.ReactionTally{Store: waackredis.NewTallyStore(srv.Client())}
	t0 := time.Unix(1_749_416_383, 0).UTC()
	react := func(tr *waack.ReactionTally, from, emoji string, at time.Time, removed bool) {
		t.Helper()
		require.NoError(t, tr.ObserveContext(ctx, waack.ReactionEvent{MessageID: "wamid.POLL", From: from, Emoji: emoji, Removed: removed, Timestamp: at}))
	}
	react(a, "16505550001", "👍", t0, false)
	react(b, "16505550002", "👍", t0, false)
	react(b, "16505550003", "👎", t0, false)
	react(a, "+1 650 555 0003", "👍", t0.Add(time.Minute), false) // changes their vote
	react(b, "16505550003", "👎", t0.Add(30*time.Second), false)  // older, arrives late: ignored
	react(a, "16505550002", "", t0.Add(time.Minute), true)       // withdraws
	react(b, "16505550004", "❤️", time.Time{}, false)            // no timestamp: applies

	counts, err := b.CountsContext(ctx, "wamid.POLL")
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"👍": 2, "❤️": 1}, counts)
	assert.Equal(t, counts, a.Counts("wamid.POLL"))

	require.NoError(t, a.ResetContext(ctx, "wamid.POLL"))
	assert.Empty(t, b.Counts("wamid.POLL"))
}

func TestTallyStoreRedisDownIsAnError(t *testing.T) {
	srv := redistest.Start(t)
	ctx := context.Background()
	tr := waack.NewReactionTally(waackredis.NewTallyStore(srv.Client()))
	srv.Stop()
	assert.Error(t, tr.ObserveContext(ctx, waack.ReactionEvent{MessageID: "wamid.P", From: "16505550001", Emoji: "👍"}))
	_, err := tr.CountsContext(ctx, "wamid.P")
	assert.Error(t, err)
	assert.Error(t, tr.ResetContext(ctx, "wamid.P"))
}
