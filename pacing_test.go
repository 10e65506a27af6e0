package waack

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hit is one request a pacing server received, stamped on arrival.
type hit struct {
	at   time.Time
	body string
}

// pacingServer is a loopback provider that records the arrival of every
// request and answers with answer (success when nil). Timings are read
// from these server-side stamps, never from the caller's clock.
type pacingServer struct {
	*httptest.Server
	mu     sync.Mutex
	hits   []hit
	answer func(n int, body string) (int, string) // n counts from 1
}

func newPacingServer(t *testing.T, answer func(n int, body string) (int, string)) *pacingServer {
	t.Helper()
	ps := &pacingServer{answer: answer}
	ps.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		at := time.Now()
		b, _ := io.ReadAll(r.Body)
		ps.mu.Lock()
		ps.hits = append(ps.hits, hit{at, string(b)})
		n := len(ps.hits)
		ps.mu.Unlock()
		status, body := 200, `{"messages":[{"id":"wamid.OK"}],"sent":true,"id":"wamid.OK","success":true}`
		if ps.answer != nil {
			status, body = ps.answer(n, string(b))
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(ps.Close)
	return ps
}

func (ps *pacingServer) recorded() []hit {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	return append([]hit(nil), ps.hits...)
}

// emojis lists the reaction emoji of the recorded requests, in arrival order.
func (ps *pacingServer) emojis() []string {
	var out []string
	for _, h := range ps.recorded() {
		_, rest, ok := strings.Cut(h.body, `"emoji":"`)
		if !ok {
			continue
		}
		emoji, _, _ := strings.Cut(rest, `"`)
		out = append(out, emoji)
	}
	return out
}

// pacedClient is a Cloud API client for ps with fast retries and opts.
func pacedClient(t *testing.T, ps *pacingServer, opts ...Option) *Client {
	t.Helper()
	p := CloudAPI{PhoneNumberID: "106540352242922", AccessToken: cloudToken, BaseURL: ps.URL}
	c, err := New(p, append([]Option{fastRetry}, opts...)...)
	require.NoError(t, err)
	return c
}

// waitFor polls cond for up to 10 s: the tests use it to learn that a
// goroutine reached a blocking point, never to measure time.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for range 10000 {
		if cond() {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("timed out waiting until %s", what)
}

func TestPacingOptionsRejectBadValues(t *testing.T) {
	for name, opt := range map[string]Option{
		"rate zero":        WithRateLimit(0, 1),
		"rate negative":    WithRateLimit(-1, 1),
		"burst zero":       WithRateLimit(10, 0),
		"pair negative":    WithPairPacing(PairPacing{Interval: -time.Second}),
		"pair burst":       WithPairPacing(PairPacing{Burst: -1}),
		"pair recipients":  WithPairPacing(PairPacing{Recipients: -1}),
		"spacing negative": WithReactionSpacing(-time.Millisecond),
	} {
		_, err := New(testCloud, opt)
		assert.ErrorIs(t, err, ErrInvalidConfig, name)
	}
	c, err := New(testCloud, WithPairPacing(PairPacing{}), WithReactionSpacing(0))
	require.NoError(t, err)
	assert.Equal(t, PairPacing{Interval: DefaultPairInterval, Burst: DefaultPairBurst, Recipients: 10000}, c.pairs.cfg)
	assert.Equal(t, DefaultReactionSpacing, c.spacer.gap)
}

// 4 calls at 50/s with a burst of 1 need 3 intervals of 20 ms between the
// first token and the last request's arrival.
func TestRateLimitPacesRequests(t *testing.T) {
	ps := newPacingServer(t, nil)
	c := pacedClient(t, ps, WithRateLimit(50, 1))
	start := time.Now()
	for range 4 {
		require.NoError(t, c.MarkRead(context.Background(), ReadReceipt{MessageID: "wamid.IN"}))
	}
	hits := ps.recorded()
	require.Len(t, hits, 4)
	assert.GreaterOrEqual(t, hits[3].at.Sub(start), 55*time.Millisecond, "3 intervals of 20 ms (rounding aside)")
}

// Retries take their turn too: the limiter sits in front of every attempt.
func TestRateLimitPacesRetries(t *testing.T) {
	ps := newPacingServer(t, func(n int, _ string) (int, string) {
		if n == 1 {
			return 503, `{"error":{"code":2,"message":"down"}}`
		}
		return 200, `{"success":true}`
	})
	c := pacedClient(t, ps, WithRateLimit(20, 1))
	require.NoError(t, c.MarkRead(context.Background(), ReadReceipt{MessageID: "wamid.IN"}))
	hits := ps.recorded()
	require.Len(t, hits, 2)
	assert.GreaterOrEqual(t, hits[1].at.Sub(hits[0].at), 45*time.Millisecond, "the retry waited for a token (50 ms)")
}

// A turn that would come after the deadline is refused at once with an
// error matching context.DeadlineExceeded, and nothing is sent.
func TestRateLimitWaitPastDeadline(t *testing.T) {
	ps := newPacingServer(t, nil)
	c := pacedClient(t, ps, WithRateLimit(1.0/3600, 1))
	require.NoError(t, c.MarkRead(context.Background(), ReadReceipt{MessageID: "wamid.1"}))

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := c.React(ctx, Reaction{To: "16505551234", MessageID: "wamid.2", Emoji: "👍"})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.NoError(t, ctx.Err(), "refused before the deadline, not after waiting for it")
	assert.NotContains(t, err.Error(), cloudToken)
	assert.Len(t, ps.recorded(), 1, "no request for the refused call")
}

func TestRateLimitWaitEndsWithContext(t *testing.T) {
	ps := newPacingServer(t, nil)
	c := pacedClient(t, ps, WithRateLimit(1.0/3600, 1))
	require.NoError(t, c.MarkRead(context.Background(), ReadReceipt{MessageID: "wamid.1"}))

	ctx, cancel := context.WithCancel(context.Background())
	stop := time.AfterFunc(10*time.Millisecond, cancel)
	defer stop.Stop()
	_, err := c.SendText(ctx, Text{To: "16505551234", Body: "hello"})
	assert.ErrorIs(t, err, context.Canceled)
	assert.Len(t, ps.recorded(), 1)
}

// With a burst of 1 and an hour's interval, a second message to the same
// recipient cannot go before a 10 s deadline; another recipient is not
// held up.
func TestPairPacingPacesRecipientsSeparately(t *testing.T) {
	ps := newPacingServer(t, nil)
	c := pacedClient(t, ps, WithPairPacing(PairPacing{Interval: time.Hour, Burst: 1}))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	_, err := c.React(ctx, Reaction{To: "16505551234", MessageID: "wamid.A", Emoji: "👍"})
	require.NoError(t, err)
	_, err = c.SendText(ctx, Text{To: "+1 650 555 1234", Body: "hello"})
	require.ErrorIs(t, err, context.DeadlineExceeded, "texts and reactions share the recipient's bucket")
	assert.NoError(t, ctx.Err())
	assert.Len(t, ps.recorded(), 1)

	_, err = c.SendText(ctx, Text{To: "16505550000", Body: "hello"})
	require.NoError(t, err, "another recipient has its own bucket")
	assert.Len(t, ps.recorded(), 2)
}

// 1MSG accepts a phone or a chat id for the same customer: both spellings
// must draw from one bucket, or pacing could be bypassed.
func TestPairPacingChatIDAndPhoneShareABucket(t *testing.T) {
	ps := newPacingServer(t, nil)
	p := OneMsg{ChannelID: "ODI371267300", Token: oneToken, BaseURL: ps.URL}
	c, err := New(p, fastRetry, WithPairPacing(PairPacing{Interval: time.Hour, Burst: 1}))
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	_, err = c.SendText(ctx, Text{To: "+1 (650) 555-1234", Body: "hello"})
	require.NoError(t, err)
	for _, to := range []string{"16505551234@c.us", "0016505551234", "16505551234@C.US"} {
		_, err = c.React(ctx, Reaction{To: to, MessageID: "wamid.A", Emoji: "👍"})
		assert.ErrorIs(t, err, context.DeadlineExceeded, to)
	}
	assert.Len(t, ps.recorded(), 1)
}

// Many recipients must not grow the pacer without bound, even when no
// bucket is idle yet.
func TestPairPacingMemoryIsBounded(t *testing.T) {
	ps := newPacingServer(t, nil)
	const limit = 8
	c := pacedClient(t, ps, WithPairPacing(PairPacing{Interval: time.Hour, Burst: 1, Recipients: limit}))
	for i := range 100 {
		to := fmt.Sprintf("1650555%02d00", i)
		_, err := c.SendText(context.Background(), Text{To: to, Body: "hello"})
		require.NoError(t, err, to)
		c.pairs.mu.Lock()
		n := len(c.pairs.queues)
		c.pairs.mu.Unlock()
		require.LessOrEqual(t, n, limit)
	}
	assert.Len(t, ps.recorded(), 100)
}

// Two reactions to one message reach the provider in call order and at
// least the spacing apart, measured by the server.
func TestReactionSpacingKeepsReactionsApart(t *testing.T) {
	ps := newPacingServer(t, nil)
	const gap = 40 * time.Millisecond
	c := pacedClient(t, ps, WithReactionSpacing(gap))
	for _, e := range []string{"⏳", "✅"} {
		_, err := c.React(context.Background(), Reaction{To: "16505551234", MessageID: "wamid.IN", Emoji: e})
		require.NoError(t, err)
	}
	require.NoError(t, func() error { _, err := c.Unreact(context.Background(), "16505551234", "wamid.IN"); return err }())
	hits := ps.recorded()
	require.Len(t, hits, 3)
	assert.Equal(t, []string{"⏳", "✅", ""}, ps.emojis())
	assert.GreaterOrEqual(t, hits[1].at.Sub(hits[0].at), gap)
	assert.GreaterOrEqual(t, hits[2].at.Sub(hits[1].at), gap)
}

// While ⏳ is in flight, 👀 waits; ✅ then supersedes 👀, which returns
// ErrSuperseded and never reaches the provider; ✅ goes after ⏳ is done.
// The server holds ⏳'s answer, so no step depends on timing.
func TestReactionSpacingNewerSupersedesPending(t *testing.T) {
	arrived, answer := make(chan struct{}), make(chan struct{})
	ps := newPacingServer(t, func(n int, _ string) (int, string) {
		if n == 1 {
			close(arrived)
			<-answer
		}
		return 200, `{"messages":[{"id":"wamid.OK"}]}`
	})
	c := pacedClient(t, ps, WithReactionSpacing(time.Millisecond))
	react := func(emoji string) chan error {
		done := make(chan error, 1)
		go func() {
			_, err := c.React(context.Background(), Reaction{To: "16505551234", MessageID: "wamid.IN", Emoji: emoji})
			done <- err
		}()
		return done
	}
	waiting := func() bool {
		c.spacer.mu.Lock()
		defer c.spacer.mu.Unlock()
		s := c.spacer.slots["wamid.IN"]
		return s != nil && s.waiting != nil
	}

	first := react("⏳")
	<-arrived
	second := react("👀")
	waitFor(t, "👀 waits", waiting)
	third := react("✅")
	err := <-second
	assert.ErrorIs(t, err, ErrSuperseded)
	assert.Contains(t, err.Error(), "cloudapi react")
	close(answer)
	require.NoError(t, <-first)
	require.NoError(t, <-third)
	assert.Equal(t, []string{"⏳", "✅"}, ps.emojis(), "👀 was never sent")
}

// A reaction being retried is still in flight: a newer reaction must not
// overtake its retry, or the older emoji would end up showing.
func TestReactionSpacingNewerWaitsForRetries(t *testing.T) {
	firstSeen := make(chan struct{})
	ps := newPacingServer(t, func(n int, _ string) (int, string) {
		if n == 1 {
			close(firstSeen)
			return 503, `{"error":{"code":131000,"message":"Something went wrong"}}`
		}
		return 200, `{"messages":[{"id":"wamid.OK"}]}`
	})
	c := pacedClient(t, ps, WithReactionSpacing(time.Millisecond),
		WithRetry(RetryPolicy{MaxAttempts: 2, MinBackoff: 50 * time.Millisecond, MaxBackoff: 100 * time.Millisecond}))
	done := make(chan error, 1)
	go func() {
		_, err := c.React(context.Background(), Reaction{To: "16505551234", MessageID: "wamid.IN", Emoji: "⏳"})
		done <- err
	}()
	<-firstSeen
	_, err := c.React(context.Background(), Reaction{To: "16505551234", MessageID: "wamid.IN", Emoji: "✅"})
	require.NoError(t, err)
	require.NoError(t, <-done)
	assert.Equal(t, []string{"⏳", "⏳", "✅"}, ps.emojis())
}

// A reaction to one message does not wait for one to another message,
// even while the first is in flight; a waiting reaction ends with its
// context and is not sent.
func TestReactionSpacingMessagesAreIndependent(t *testing.T) {
	arrived, answer := make(chan struct{}), make(chan struct{})
	ps := newPacingServer(t, func(_ int, body string) (int, string) {
		if strings.Contains(body, "wamid.SLOW") {
			close(arrived)
			<-answer
		}
		return 200, `{"messages":[{"id":"wamid.OK"}]}`
	})
	c := pacedClient(t, ps, WithReactionSpacing(time.Hour))
	slow := make(chan error, 1)
	go func() {
		_, err := c.React(context.Background(), Reaction{To: "16505551234", MessageID: "wamid.SLOW", Emoji: "⏳"})
		slow <- err
	}()
	<-arrived

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := c.React(ctx, Reaction{To: "16505551234", MessageID: "wamid.OTHER", Emoji: "👍"})
	require.NoError(t, err, "another message is not held up by the one in flight")

	waiter, stop := context.WithCancel(context.Background())
	pending := make(chan error, 1)
	go func() {
		_, err := c.React(waiter, Reaction{To: "16505551234", MessageID: "wamid.OTHER", Emoji: "✅"})
		pending <- err
	}()
	waitFor(t, "✅ waits an hour", func() bool {
		c.spacer.mu.Lock()
		defer c.spacer.mu.Unlock()
		return c.spacer.slots["wamid.OTHER"].waiting != nil
	})
	stop()
	assert.ErrorIs(t, <-pending, context.Canceled)
	close(answer)
	require.NoError(t, <-slow)
	assert.Equal(t, []string{"⏳", "👍"}, ps.emojis(), "the cancelled ✅ was not sent")
}

// Slots of finished reactions are forgotten, so the spacer stays bounded
// however many messages are reacted to.
func TestReactionSpacingMemoryIsBounded(t *testing.T) {
	s := &reactionSpacer{slots: make(map[string]*reactSlot)}
	for i := range 5000 {
		release, err := s.acquire(context.Background(), fmt.Sprintf("wamid.%d", i))
		require.NoError(t, err)
		release()
		require.LessOrEqual(t, len(s.slots), 1025)
	}
}

// Callers that give up waiting for their turn must leave no trace: with
// x/time/rate a cancelled reservation gives its token back only when no
// later one exists, so 62 cancelled waiters at 50/s pushed the next caller
// 1.2 s back. The bound below is 20 times the 20 ms the next caller may
// wait, and 3 times shorter than the wait the bug caused.
func TestPacingCancelledWaitersCostNothing(t *testing.T) {
	const waiters = 62
	for name, tc := range map[string]struct {
		opt  Option
		send func(context.Context, *Client) error
	}{
		"rate": {WithRateLimit(50, 1), func(ctx context.Context, c *Client) error {
			return c.MarkRead(ctx, ReadReceipt{MessageID: "wamid.IN"})
		}},
		"pair": {WithPairPacing(PairPacing{Interval: 20 * time.Millisecond, Burst: 1}), func(ctx context.Context, c *Client) error {
			_, err := c.React(ctx, Reaction{To: "16505551234", MessageID: "wamid.IN", Emoji: "👍"})
			return err
		}},
	} {
		t.Run(name, func(t *testing.T) {
			ps := newPacingServer(t, nil)
			c := pacedClient(t, ps, tc.opt)
			require.NoError(t, tc.send(context.Background(), c), "takes the only token")

			ctx, cancel := context.WithCancel(context.Background())
			errs := make(chan error, waiters)
			for range waiters {
				go func() { errs <- tc.send(ctx, c) }()
			}
			time.Sleep(30 * time.Millisecond) // let them queue (and one maybe pass)
			cancel()
			for range waiters {
				if err := <-errs; err != nil {
					require.ErrorIs(t, err, context.Canceled)
				}
			}
			before := len(ps.recorded())
			start := time.Now()
			require.NoError(t, tc.send(context.Background(), c))
			hits := ps.recorded()
			require.Len(t, hits, before+1)
			assert.Less(t, hits[before].at.Sub(start), 400*time.Millisecond,
				"the next caller waits one interval, not one per cancelled waiter")
		})
	}
}
