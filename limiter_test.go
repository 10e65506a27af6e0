package waack

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// On a frozen clock: after one turn at 50/s (burst 1), 62 callers queue
// and give up; the next turn is still one interval after the first, as if
// they had never come.
func TestTurnQueueCancelledWaitersLeaveNoTrace(t *testing.T) {
	t0 := time.Unix(1_750_000_000, 0)
	q := newTurnQueue(interval(50), 1)
	q.now = func() time.Time { return t0 }
	require.NoError(t, q.Wait(context.Background()))

	ctx, cancel := context.WithCancel(context.Background())
	errs := make(chan error, 62)
	for range 62 {
		go func() { errs <- q.Wait(ctx) }()
	}
	queued := func() int { q.mu.Lock(); defer q.mu.Unlock(); return q.waiters.Len() }
	waitFor(t, "62 callers queue", func() bool { return queued() == 62 })
	cancel()
	for range 62 {
		require.ErrorIs(t, <-errs, context.Canceled)
	}
	assert.Zero(t, queued())
	q.mu.Lock()
	defer q.mu.Unlock()
	assert.Equal(t, 20*time.Millisecond, q.readyAt().Sub(t0), "the next turn is one interval away")
}

// A burst goes at once; the next turn is one interval later, and a caller
// whose deadline comes first is refused at once.
func TestTurnQueueBurstThenDeadline(t *testing.T) {
	now := time.Unix(1_750_000_000, 0)
	q := newTurnQueue(time.Second, 3)
	q.now = func() time.Time { return now }
	for range 3 {
		require.NoError(t, q.Wait(context.Background()), "within the burst")
	}
	q.mu.Lock()
	assert.Equal(t, time.Second, q.readyAt().Sub(now))
	q.mu.Unlock()

	short, stop := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer stop()
	assert.ErrorIs(t, q.Wait(short), context.DeadlineExceeded, "refused at once: the turn is after the deadline")
	assert.NoError(t, short.Err(), "refused before the deadline, not after")
}

// Turns go in the order callers arrived. The clock stands still until
// all five are queued, so none can pass before the last arrives.
func TestTurnQueueFirstComeFirstServed(t *testing.T) {
	var frozen atomic.Bool
	frozen.Store(true)
	t0 := time.Now()
	q := newTurnQueue(time.Millisecond, 1)
	q.now = func() time.Time {
		if frozen.Load() {
			return t0
		}
		return time.Now()
	}
	require.NoError(t, q.Wait(context.Background()))
	queued := func() int { q.mu.Lock(); defer q.mu.Unlock(); return q.waiters.Len() }
	order := make(chan int, 5)
	for i := range 5 {
		go func() {
			assert.NoError(t, q.Wait(context.Background()))
			order <- i
		}()
		waitFor(t, "the caller queues", func() bool { return queued() == i+1 })
	}
	frozen.Store(false)
	for i := range 5 {
		assert.Equal(t, i, <-order)
	}
}

func TestWithLimiterRejectsNil(t *testing.T) {
	_, err := New(testCloud, WithLimiter(nil))
	assert.ErrorIs(t, err, ErrInvalidConfig)
}

// recordingLimiter counts the turns a client asks for.
type recordingLimiter struct {
	waits chan struct{}
	pairs chan string
}

func (l *recordingLimiter) Wait(context.Context) error { l.waits <- struct{}{}; return nil }
func (l *recordingLimiter) WaitPair(_ context.Context, r string) error {
	l.pairs <- r
	return nil
}

// WithLimiter takes over both the per-number rate (every attempt) and the
// pair rate (once per message, by normalized recipient).
func TestWithLimiterPacesAttemptsAndPairs(t *testing.T) {
	ps := newPacingServer(t, func(n int, _ string) (int, string) {
		if n == 1 {
			return 503, `{"error":{"code":2,"message":"down"}}`
		}
		return 200, `{"messages":[{"id":"wamid.OK"}]}`
	})
	l := &recordingLimiter{waits: make(chan struct{}, 10), pairs: make(chan string, 10)}
	c := pacedClient(t, ps, WithLimiter(l))
	_, err := c.React(context.Background(), Reaction{To: "+1 650 555 1234", MessageID: "wamid.IN", Emoji: "👍"})
	require.NoError(t, err)
	assert.Len(t, l.waits, 2, "one turn per attempt, the retry included")
	require.Len(t, l.pairs, 1)
	assert.Equal(t, "16505551234", <-l.pairs)
}
