package waackredis_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack"
	"github.com/waack/waack/internal/redistest"
	"github.com/waack/waack/waackredis"
)

// arrivals is a loopback Cloud API that stamps every request on arrival:
// rates are measured on the server side, never from the callers' clocks.
type arrivals struct {
	*httptest.Server
	mu sync.Mutex
	at []time.Time
}

func newArrivals(t *testing.T) *arrivals {
	a := &arrivals{}
	a.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		now := time.Now()
		_, _ = io.Copy(io.Discard, r.Body)
		a.mu.Lock()
		a.at = append(a.at, now)
		a.mu.Unlock()
		_, _ = io.WriteString(w, `{"success":true,"messages":[{"id":"wamid.OK"}]}`)
	}))
	t.Cleanup(a.Close)
	return a
}

func (a *arrivals) times() []time.Time {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]time.Time(nil), a.at...)
}

// sharedClients returns n clients of srv's Cloud API, each with its own
// Redis connection and its own Limiter on the same keys: replicas.
func sharedClients(t *testing.T, rs *redistest.Server, srv *arrivals, n int, opts ...waackredis.Option) []*waack.Client {
	cs := make([]*waack.Client, n)
	for i := range cs {
		l, err := waackredis.NewLimiter(rs.Client(), opts...)
		require.NoError(t, err)
		cs[i], err = waack.New(waack.CloudAPI{PhoneNumberID: "106540352242922", AccessToken: "test-token", BaseURL: srv.URL}, waack.WithLimiter(l))
		require.NoError(t, err)
	}
	return cs
}

// Three clients, six senders each, as fast as they may for 5 s at 40/s
// with a burst of 10: together they hold the rate, measured on arrival.
// The burst also lets a sender stall up to 225 ms (a loaded machine) before
// a turn goes unused: GCRA gives no credit for time nobody asked.
func TestLimiterHoldsTheRateAcrossClients(t *testing.T) {
	if testing.Short() {
		t.Skip("5 s of load")
	}
	rs := redistest.Start(t)
	srv := newArrivals(t)
	const perSecond, burst, window = 40, 10, 5 * time.Second
	cs := sharedClients(t, rs, srv, 3, waackredis.WithRate(perSecond, burst))
	ctx, cancel := context.WithTimeout(context.Background(), window+500*time.Millisecond)
	defer cancel()
	var wg sync.WaitGroup
	for _, c := range cs {
		for range 6 {
			wg.Go(func() {
				for ctx.Err() == nil {
					_ = c.MarkRead(ctx, waack.ReadReceipt{MessageID: "wamid.IN"})
				}
			})
		}
	}
	wg.Wait()
	at := srv.times()
	require.NotEmpty(t, at)
	n := 0
	for _, a := range at {
		if a.Sub(at[0]) < window {
			n++
		}
	}
	want := burst + perSecond*window.Seconds()
	t.Logf("%d requests arrived in %s across 3 clients (want %.0f)", n, window, want)
	assert.InEpsilon(t, want, float64(n), 0.05, "%d requests in %s, want %.0f ± 5%%", n, window, want)
}

// Pair pacing is shared too: three clients writing to one customer send
// one message per interval together.
func TestLimiterPairPacingAcrossClients(t *testing.T) {
	rs := redistest.Start(t)
	srv := newArrivals(t)
	cs := sharedClients(t, rs, srv, 3, waackredis.WithPairPacing(waack.PairPacing{Interval: 100 * time.Millisecond, Burst: 1}))
	ctx, cancel := context.WithTimeout(context.Background(), 1050*time.Millisecond)
	defer cancel()
	var wg sync.WaitGroup
	for i, c := range cs {
		wg.Go(func() {
			for ctx.Err() == nil {
				to := "+1 650 555 1234"
				if i == 1 {
					to = "16505551234" // another spelling: same customer
				}
				_, _ = c.React(ctx, waack.Reaction{To: to, MessageID: "wamid.IN", Emoji: "👍"})
			}
		})
	}
	wg.Wait()
	at := srv.times()
	// The pacing bounds the rate from above: at most one per 100 ms (11 in
	// 1.05 s). A loaded machine may send fewer; that is not the property.
	assert.LessOrEqual(t, len(at), 11, "at most one per 100 ms over about 1 s")
	assert.GreaterOrEqual(t, len(at), 2, "pacing still lets messages through")
	for i := 1; i < len(at); i++ {
		// Transit jitter can bring two arrivals closer than the pacing
		// sent them; half the interval is far from no pacing at all.
		assert.GreaterOrEqual(t, at[i].Sub(at[i-1]), 50*time.Millisecond, "arrivals %d and %d", i-1, i)
	}
}

// A caller that gives up books nothing: after 62 cancelled waiters the
// next caller waits about one interval (20 ms), not 62 of them.
func TestLimiterCancelledWaitersCostNothing(t *testing.T) {
	rs := redistest.Start(t)
	srv := newArrivals(t)
	c := sharedClients(t, rs, srv, 1, waackredis.WithRate(50, 1))[0]
	require.NoError(t, c.MarkRead(context.Background(), waack.ReadReceipt{MessageID: "wamid.IN"}))
	ctx, cancel := context.WithCancel(context.Background())
	errs := make(chan error, 62)
	for range 62 {
		go func() { errs <- c.MarkRead(ctx, waack.ReadReceipt{MessageID: "wamid.IN"}) }()
	}
	time.Sleep(30 * time.Millisecond)
	cancel()
	for range 62 {
		<-errs
	}
	before := len(srv.times())
	start := time.Now()
	require.NoError(t, c.MarkRead(context.Background(), waack.ReadReceipt{MessageID: "wamid.IN"}))
	at := srv.times()
	require.Len(t, at, before+1)
	assert.Less(t, at[before].Sub(start), 400*time.Millisecond)
}

func TestLimiterDeadlineAndFailures(t *testing.T) {
	rs := redistest.Start(t)
	ctx := context.Background()
	l, err := waackredis.NewLimiter(rs.Client(), waackredis.WithRate(1.0/3600, 1))
	require.NoError(t, err)
	require.NoError(t, l.Wait(ctx))
	short, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	assert.ErrorIs(t, l.Wait(short), context.DeadlineExceeded)
	assert.NoError(t, short.Err(), "refused at once, not after waiting")
	assert.NoError(t, l.WaitPair(ctx, "16505551234"), "no pair pacing configured")

	for _, opts := range [][]waackredis.Option{
		{waackredis.WithRate(0, 1)}, {waackredis.WithRate(10, 0)},
		{waackredis.WithPairPacing(waack.PairPacing{Interval: -time.Second})},
	} {
		_, err := waackredis.NewLimiter(rs.Client(), opts...)
		assert.ErrorIs(t, err, waack.ErrInvalidConfig)
	}

	rs.Stop()
	err = l.Wait(ctx)
	require.Error(t, err)
	assert.NotErrorIs(t, err, context.DeadlineExceeded, "a store failure is not a deadline")
}
