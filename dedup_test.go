package waack

import (
	"context"
	"crypto/sha256"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMemoryDeduperSeenDoneRelease(t *testing.T) {
	ctx := context.Background()
	d := NewMemoryDeduper(10)
	r, ok := d.(DedupReleaser)
	require.True(t, ok, "the in-memory deduper reserves, so it must release")

	seen, err := d.Seen(ctx, "a")
	require.NoError(t, err)
	assert.False(t, seen, "new key")
	seen, err = d.Seen(ctx, "a")
	assert.False(t, seen, "a reserved key is not done")
	assert.ErrorIs(t, err, ErrInFlight, "a concurrent delivery learns the key is in flight")

	require.NoError(t, r.Release(ctx, "a"))
	seen, _ = d.Seen(ctx, "a")
	assert.False(t, seen, "a released key is new again")

	require.NoError(t, d.Done(ctx, "a"))
	require.NoError(t, r.Release(ctx, "a"))
	seen, _ = d.Seen(ctx, "a")
	assert.True(t, seen, "Release never forgets a done key")

	require.NoError(t, d.Done(ctx, "b"))
	seen, _ = d.Seen(ctx, "b")
	assert.True(t, seen, "Done without Seen records the key")
}

func TestMemoryDeduperEvictsOldestFirst(t *testing.T) {
	ctx := context.Background()
	d := NewMemoryDeduper(3).(*memoryDeduper)
	for _, k := range []string{"k1", "k2", "k3", "k4"} {
		seen, _ := d.Seen(ctx, k)
		require.False(t, seen, k)
		require.NoError(t, d.Done(ctx, k))
	}
	assert.Len(t, d.state, 3)
	seen, _ := d.Seen(ctx, "k1")
	assert.False(t, seen, "k1 was the oldest and was evicted (and is now reserved again, evicting k2)")
	for _, k := range []string{"k3", "k4"} {
		seen, _ := d.Seen(ctx, k)
		assert.True(t, seen, k)
	}
	_, err := d.Seen(ctx, "k1")
	assert.ErrorIs(t, err, ErrInFlight, "k1 is remembered, as reserved")
	seen, _ = d.Seen(ctx, "k2")
	assert.False(t, seen, "k2 was evicted by k1")
	assert.Len(t, d.state, 3)
	assert.Len(t, d.ring, 3)
}

func TestMemoryDeduperStaleSlotDoesNotEvictLiveKey(t *testing.T) {
	ctx := context.Background()
	d := NewMemoryDeduper(3).(*memoryDeduper)
	_, _ = d.Seen(ctx, "x") // slot 0
	_ = d.Release(ctx, "x") // slot 0 goes stale
	_, _ = d.Seen(ctx, "x") // slot 1
	_ = d.Done(ctx, "x")
	_, _ = d.Seen(ctx, "y") // slot 2
	_, _ = d.Seen(ctx, "z") // full: overwrites slot 0, whose "x" is not the live one
	seen, _ := d.Seen(ctx, "x")
	assert.True(t, seen, "x lives in slot 1 and survives the eviction of its stale slot")
	assert.Len(t, d.state, 3)
}

func TestMemoryDeduperDefaultCapacity(t *testing.T) {
	for _, c := range []int{0, -1} {
		assert.Equal(t, DefaultDedupCapacity, NewMemoryDeduper(c).(*memoryDeduper).capacity)
	}
}

// The cost of remembering one more key must not depend on how many keys
// were seen before: no per-event allocation may grow with history.
func TestMemoryDeduperAllocationsDoNotGrow(t *testing.T) {
	ctx := context.Background()
	keys := make([]string, 40_000)
	for i := range keys {
		keys[i] = "cloudapi|msg|wamid." + strconv.Itoa(i)
	}
	allocs := func(d Deduper, warm int) float64 {
		for _, k := range keys[:warm] {
			_, _ = d.Seen(ctx, k)
			_ = d.Done(ctx, k)
		}
		i := warm
		return testing.AllocsPerRun(1000, func() {
			k := keys[i%len(keys)]
			i++
			_, _ = d.Seen(ctx, k)
			_ = d.Done(ctx, k)
		})
	}
	small := allocs(NewMemoryDeduper(1000), 2000)
	large := allocs(NewMemoryDeduper(1000), 30_000)
	assert.LessOrEqual(t, large, small+0.1, "allocations grew with history: %v then %v", small, large)
	assert.Less(t, large, 1.0)
}

func TestMemoryDeduperConcurrentReservations(t *testing.T) {
	ctx := context.Background()
	d := NewMemoryDeduper(100)
	var winners atomic.Int32
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			seen, err := d.Seen(ctx, "same")
			if !seen && err == nil {
				winners.Add(1)
			} else {
				assert.ErrorIs(t, err, ErrInFlight)
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, int32(1), winners.Load())
}

// SeenBatch claims like Seen, key by key and in order; DoneBatch finishes
// like Done.
func TestMemoryDeduperBatch(t *testing.T) {
	ctx := context.Background()
	d := NewMemoryDeduper(10)
	b, ok := d.(DedupBatcher)
	require.True(t, ok)
	require.NoError(t, d.Done(ctx, "done"))
	_, err := d.Seen(ctx, "held")
	require.NoError(t, err)

	states, err := b.SeenBatch(ctx, []string{"new", "done", "held", "new"})
	require.NoError(t, err)
	assert.Equal(t, []DedupState{DedupNew, DedupDone, DedupInFlight, DedupInFlight}, states)

	require.NoError(t, b.DoneBatch(ctx, []string{"new", "held"}))
	states, err = b.SeenBatch(ctx, []string{"new", "held", "other"})
	require.NoError(t, err)
	assert.Equal(t, []DedupState{DedupDone, DedupDone, DedupNew}, states)
	assert.Equal(t, "in flight", DedupInFlight.String())
	assert.Equal(t, "DedupState(9)", DedupState(9).String())
}

func TestNoDedup(t *testing.T) {
	ctx := context.Background()
	d := NoDedup()
	require.NoError(t, d.Done(ctx, "a"))
	seen, err := d.Seen(ctx, "a")
	require.NoError(t, err)
	assert.False(t, seen)
	_, reserves := d.(DedupReleaser)
	assert.False(t, reserves)
}

func TestDedupKey(t *testing.T) {
	tests := []struct {
		ev   Event
		want string
	}{
		{MessageEvent{Provider: "cloudapi", ID: "wamid.1"}, "cloudapi|msg|wamid.1"},
		{MessageEvent{Provider: "cloudapi"}, ""},
		{ReactionEvent{Provider: "1msg", ID: "r1", Emoji: "👍"}, "1msg|reaction|r1|👍"},
		{ReactionEvent{Provider: "1msg", ID: "r1", Removed: true}, "1msg|reaction|r1|removed"},
		{ReactionEvent{Provider: "1msg", MessageID: "m"}, ""},
		{StatusEvent{Provider: "wawp", MessageID: "m1", Status: StatusRead}, "wawp|status|m1|read"},
		{StatusEvent{Provider: "wawp", Status: StatusRead}, ""},
		{ErrorEvent{Provider: "cloudapi", Err: &APIError{Code: 130429}}, ""},
		{MessageEvent{Provider: "wawp", ID: strings.Repeat("x", 300)},
			"wawp|sha256|" + fmt.Sprintf("%x", sha256.Sum256([]byte("msg|"+strings.Repeat("x", 300))))},
	}
	for _, tt := range tests {
		key := dedupKey(tt.ev)
		assert.Equal(t, tt.want, key, "%#v", tt.ev)
		assert.LessOrEqual(t, len(key), maxKeyBytes)
	}
	exactly := MessageEvent{Provider: "1msg", ID: strings.Repeat("y", maxKeyBytes-len("1msg|msg|"))}
	assert.Equal(t, "1msg|msg|"+exactly.ID, dedupKey(exactly), "a key of exactly the limit is kept")
}
